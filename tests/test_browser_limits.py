"""A megabyte-long name in the graph, in a real headless Chromium: the page lives, and the name is cut.

The loader refuses such a name now, but the graph is not only written by geokg's loader: another tool
writing through the store can put one there. So the test plans a small, valid input (an entity with a
short name, linked to Russia) and swaps in the long name before handing the batch to the store's own
write path, as such a tool would.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.app import Settings, create_app
from dashboard.elements import MAX_LABEL, MAX_NAME, MAX_TITLE
from graph.embedded import EmbeddedStore
from graph.text import search_key
from loaders.plan import load, plan, read_input
from tests.browser_support import BROWSER, By, Keys, Served, browser, details, nodes, on_graph, search, settled, wait  # noqa: F401 (browser)
from tests.test_browser import FIXTURE

pytestmark = BROWSER

LONG_NAME = "Giant" + "G" * 1_000_000


def _giant_input(folder: Path) -> Path:
    folder.mkdir()
    (folder / "sources.csv").write_text(
        "id,publisher,language,published,published_precision,published_inferred,text\n"
        "giant-report,Example News,en,2025-10-31,day,false,The giant wrote to Russia.\n", encoding="utf-8")
    (folder / "entities.csv").write_text("id,kind,name\ngiant,Person,Giant\n", encoding="utf-8")
    (folder / "claims.csv").write_text(
        "id,source_id,subject,relation,object,status,confidence,attribution,quote,summary\n"
        "giant-wrote-russia,giant-report,giant,SENT_LETTER_TO,russia,asserted,0.9,Example News,"
        "The giant wrote to Russia.,The giant wrote to Russia\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def giant_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("giant")
    store = EmbeddedStore(root / "graph.lbdb")
    load([FIXTURE], store)
    batch = plan(read_input([_giant_input(root / "input")]), store)
    at = batch.new_entities.index[batch.new_entities["id"] == "giant"][0]
    batch.new_entities.loc[at, ["name", "search_key"]] = [LONG_NAME, search_key(LONG_NAME, [])]
    store.write(batch)
    assert len(store.entities(["giant"])[0]["name"]) == len(LONG_NAME)
    served = Served(create_app(store, Settings()))
    yield served.url
    served.stop()
    store.close()


def test_a_megabyte_name_is_cut_and_the_page_lives(browser, giant_site):
    browser.get(giant_site + "?start=giant&expand=giant")
    wait(browser, lambda d: {"giant", "russia"} <= nodes(d), message="the long-named entity was not drawn")
    settled(browser)
    label = on_graph(browser, "return cy.getElementById('giant').data('label')")
    assert label == "Giant" + "G" * (MAX_LABEL - 6) + "…"
    assert len(on_graph(browser, "return cy.getElementById('giant').data('name')")) == MAX_TITLE

    title = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#details h3.details-title"))[0]
    assert title.text.startswith("GiantGGG") and title.text.endswith("…") and len(title.text) == MAX_NAME
    assert len(title.get_attribute("title")) == MAX_TITLE
    status = browser.find_element(By.ID, "view-status").text
    assert "GiantGGG" in status and len(status) < MAX_NAME + 200

    browser.execute_script("document.querySelector('.left').scrollTop = 10000")
    browser.find_element(By.ID, "path-from").click()  # the menu whose 1 MB option crashed the tab
    options = wait(browser, lambda d: [o.text for o in d.find_elements(By.CSS_SELECTOR, "[role=option]")
                                       if o.is_displayed()])
    assert "Russia" in options and any(o.startswith("GiantGGG") for o in options)
    assert max(map(len, options)) == MAX_NAME
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)

    search(browser, "giant")  # the page still answers
    hit = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".hit-name"))[0]
    assert hit.text.startswith("GiantGGG") and len(hit.text) == MAX_NAME
    assert details(browser)
