"""The explorer in a real headless Chromium (Debian's chromium and chromium-driver), driven with Selenium.

The app runs in a thread on a free loopback port with a threaded werkzeug server, over a real embedded
store holding the fixture corpus (tests/data/explorer); one test serves the bundled seeds and saves a
screenshot to tests/output/.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from seeds import BUNDLED
from tests.browser_support import (  # noqa: F401 (browser)
    BROWSER,
    By,
    Keys,
    browser,
    choose,
    click_at,
    console_note,
    details,
    hit,
    mouse,
    node_kinds,
    nodes,
    on_graph,
    open_page,
    run_console,
    search,
    serve,
    settled,
    tap_edge,
    type_into,
    wait,
)
from tests.conftest import RUNAWAY

FIXTURE = Path(__file__).parent / "data" / "explorer"
OUTPUT = Path(__file__).parent / "output"
CONSOLE_LIMIT_S = 6.0

pytestmark = BROWSER


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    served, store = serve(tmp_path_factory, [FIXTURE], "browser", console_timeout_s=CONSOLE_LIMIT_S)
    yield served.url
    served.stop()
    store.close()


# --- the tests the issue asks for --------------------------------------------------------------

def test_search_in_greek_select_maduro_and_read_a_greek_quote(browser, site):
    open_page(browser, site)
    search(browser, "Μαδούρο")
    hit(browser, "Nicolás Maduro").click()
    wait(browser, lambda d: "nicolas-maduro" in nodes(d) and details(d).startswith("Nicolás Maduro"))
    quotes = browser.find_elements(By.CSS_SELECTOR, "#details blockquote[lang='el']")
    assert any("ο Μαδούρο έστειλε επιστολή στον Βλαντίμιρ Πούτιν" in q.text for q in quotes)
    assert {"vladimir-putin", "russia", "venezuela"} <= settled(browser), "it opens on a neighbourhood"


def test_double_clicking_russia_adds_its_neighbours(browser, site):
    before = open_page(browser, site + "?start=nicolas-maduro&expand=nicolas-maduro")
    assert "russia" in before and "il-76" not in before
    mouse(browser, "russia", double=True)
    wait(browser, lambda d: {"il-76", "strategic-treaty", "oil-gas-reserves", "kalashnikov-factory"} <= nodes(d),
         message="Russia's neighbours did not arrive")
    assert before < nodes(browser)
    assert "Russia" in browser.find_element(By.ID, "view-status").text


def test_expand_and_collapse_buttons(browser, site):
    before = open_page(browser, site + "?start=caracas&expand=caracas")
    mouse(browser, "il-76")
    wait(browser, lambda d: details(d).startswith("Ilyushin Il-76"))
    browser.find_element(By.ID, "btn-expand").click()
    wait(browser, lambda d: "russia" in nodes(d))
    browser.find_element(By.ID, "btn-collapse").click()
    wait(browser, lambda d: nodes(d) == before, message="collapse did not undo the expansion")


def test_unticking_a_kind_hides_it(browser, site):
    open_page(browser, site + "?start=russia&expand=russia")
    assert "Person" in node_kinds(browser)
    browser.find_element(By.CSS_SELECTOR, "#filter-kinds input[value='Person']").click()
    wait(browser, lambda d: node_kinds(d) and "Person" not in node_kinds(d), message="people still shown")
    assert "State" in node_kinds(browser)
    wait(browser, lambda d: "kinds=" in d.current_url)


def test_evidence_marks_denials_and_shows_data_as_text(browser, site):
    open_page(browser, site + "?start=venezuela&expand=venezuela")
    tap_edge(browser, "united-states>THREATENED>venezuela")
    wait(browser, lambda d: "DENIED" in details(d))
    assert browser.find_elements(By.CSS_SELECTOR, "#details .claim.status-denied .badge.status-denied")
    assert "CONTESTED" in details(browser) and "denied by 1 source" in details(browser)
    open_page(browser, site + "?start=nicolas-maduro&expand=nicolas-maduro")
    tap_edge(browser, "nicolas-maduro>REQUESTED_FROM>vladimir-putin")
    wait(browser, lambda d: "supported by 2 sources (2 independent origins)" in details(d))
    assert "radar upgrades <b>not bold</b>" in details(browser), "markup in the data is shown as text"
    assert not browser.find_elements(By.CSS_SELECTOR, "#details b")
    link = browser.find_element(By.CSS_SELECTOR, "#details .claim-source a")
    assert link.get_attribute("href").startswith("https://") and link.get_attribute("rel") == "noopener noreferrer"


def test_the_console_answers_a_read_and_refuses_a_write(browser, site):
    open_page(browser, site)
    run_console(browser, "MATCH (a:State) RETURN a.name AS name ORDER BY name")
    wait(browser, lambda d: "rows in" in console_note(d))
    cells = [c.text for c in browser.find_elements(By.CSS_SELECTOR, "#console-table td")]
    assert cells == ["China", "Iran", "Russia", "United States", "Venezuela"]
    run_console(browser, "CREATE (n:State {id: 'atlantis', name: 'Atlantis'})")
    wait(browser, lambda d: "Refused" in console_note(d))
    assert "the console only reads the graph" in console_note(browser)
    assert "error" in browser.find_element(By.ID, "console-note").get_attribute("class")


def test_a_runaway_console_query_is_stopped_while_another_users_search_answers(browser, site):
    open_page(browser, site)
    console_user = browser.current_window_handle
    browser.switch_to.new_window("tab")  # another user: their own page, their own requests
    open_page(browser, site)
    other_user = browser.current_window_handle
    browser.switch_to.window(console_user)
    run_console(browser, RUNAWAY)
    wait(browser, lambda d: d.find_element(By.ID, "console-run").text == "Running…")
    browser.switch_to.window(other_user)
    search(browser, "il-76")
    hit(browser, "Ilyushin Il-76")  # answered while the runaway runs: the order, not the seconds, is the point
    browser.close()
    browser.switch_to.window(console_user)
    assert browser.find_element(By.ID, "console-run").text == "Running…", "the runaway was still running then"
    wait(browser, lambda d: "time limit" in console_note(d), timeout=CONSOLE_LIMIT_S + 60)
    run_console(browser, "MATCH (n:Aircraft) RETURN n.id AS id")
    wait(browser, lambda d: "1 row in" in console_note(d))


def test_a_copied_url_restores_the_view(browser, site):
    open_page(browser, site + "?start=nicolas-maduro&expand=nicolas-maduro")
    mouse(browser, "russia", double=True)
    wait(browser, lambda d: "il-76" in nodes(d))
    browser.find_element(By.CSS_SELECTOR, "#filter-kinds input[value='Equipment']").click()
    browser.find_element(By.CSS_SELECTOR, "#layout-name input[value='concentric']").click()
    wait(browser, lambda d: "layout=concentric" in d.find_element(By.ID, "share-link").get_attribute("value")
         and "kinds=" in d.current_url)
    shown = settled(browser)
    link = browser.find_element(By.ID, "share-link").get_attribute("value")
    assert link == browser.current_url
    browser.switch_to.new_window("tab")
    try:
        assert open_page(browser, link) == shown
        assert "Equipment" not in node_kinds(browser)
        assert not browser.find_element(By.CSS_SELECTOR, "#filter-kinds input[value='Equipment']").is_selected()
        assert browser.find_element(By.CSS_SELECTOR, "#layout-name input[value='concentric']").is_selected()
        assert on_graph(browser, "return cy.nodes('[?start]').map(n => n.id())") == ["nicolas-maduro"]
    finally:
        browser.close()
        browser.switch_to.window(browser.window_handles[0])


def test_a_shortest_path_between_two_chosen_entities_is_highlighted(browser, site):
    open_page(browser, site + "?start=il-76&expand=il-76&pin=xi-jinping")
    browser.execute_script("document.querySelector('.left').scrollTop = 10000")
    choose(browser, "path-from", "Ilyushin Il-76 (sanctioned)")
    choose(browser, "path-to", "Xi Jinping")
    browser.find_element(By.ID, "btn-path").click()
    wait(browser, lambda d: "3 relations apart" in d.find_element(By.ID, "path-note").text)
    wait(browser, lambda d: on_graph(d, "return cy.getElementById('il-76>BELONGS_TO>russia').style('line-color')")
         == "rgb(255,176,0)", message="the path is not highlighted")
    assert {"russia", "nicolas-maduro", "xi-jinping"} <= nodes(browser)


def pick_by_typing(driver, picker: str, typed: str, label: str) -> None:
    """Open the picker, type, and press Enter once `label` is the only option shown. The page may redraw the
    picker meanwhile (closing it, or clearing what was typed), so each look makes sure both still stand."""

    def only_label(d):
        boxes = [b for b in d.find_elements(By.CSS_SELECTOR, ".dash-dropdown-search") if b.is_displayed()]
        if not boxes:
            d.find_element(By.ID, picker).click()
            return None
        if boxes[0].get_attribute("value") != typed:
            type_into(boxes[0], typed)
            return None
        shown = [o.text.strip() for o in d.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option") if o.is_displayed()]
        return boxes[0] if shown == [label] else None

    wait(driver, only_label, message=f"{label!r} never the only option for {typed!r}").send_keys(Keys.ENTER)


def test_path_ends_are_found_by_an_alias_typed_in_the_picker_even_off_screen(browser, site):
    open_page(browser, site + "?start=caracas&expand=caracas")
    assert "xi-jinping" not in nodes(browser)
    browser.execute_script("document.querySelector('.left').scrollTop = 10000")
    for picker, typed, label, picked in (
            ("path-from", "Ilyushin", "Ilyushin Il-76 (sanctioned)", "Ilyushin Il-76 (sanctioned)"),
            ("path-to", "Τζινπίνγκ", "Xi Jinping (as “Σι Τζινπίνγκ”)", "Xi Jinping")):
        pick_by_typing(browser, picker, typed, label)
        wait(browser, lambda d, picker=picker, picked=picked: d.find_element(By.ID, f"{picker}-value").text == picked,
             message=f"Enter did not pick {picked!r}")
    browser.find_element(By.ID, "btn-path").click()
    wait(browser, lambda d: "3 relations apart" in d.find_element(By.ID, "path-note").text)
    assert {"il-76", "xi-jinping"} <= nodes(browser)


def test_clicking_a_timeline_point_focuses_its_claim(browser, site):
    open_page(browser, site + "?start=venezuela&expand=venezuela")
    points = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#timeline .scatterlayer .point"))
    denial = [p for p in points if "rgb(198, 40, 40)" in (p.get_attribute("style") or "")]
    click_at(browser, denial[0])
    focused = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#details .claim.focused"))[0]
    assert "DENIED" in focused.text and "Trump denied" in focused.text
    assert details(browser).startswith("United States THREATENED Venezuela")


def test_fit_and_zoom_controls(browser, site):
    open_page(browser, site)
    fitted = "const b = cy.elements().renderedBoundingBox(); return b.x1 >= -1 && b.x2 <= cy.width() + 1"
    # The reference zoom is one Fit produced: under load the first layout may land after the page looks settled.
    browser.find_element(By.ID, "btn-fit").click()
    wait(browser, lambda d: on_graph(d, fitted))
    zoom = on_graph(browser, "return cy.zoom()")
    browser.find_element(By.ID, "btn-zoom-in").click()
    wait(browser, lambda d: on_graph(d, "return cy.zoom()") > zoom * 1.2)
    browser.find_element(By.ID, "btn-fit").click()
    wait(browser, lambda d: on_graph(d, fitted) and on_graph(d, "return cy.zoom()") < zoom * 1.2)


def test_export_the_view_as_png_and_json(browser, site, tmp_path):
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    shown = open_page(browser, site + "?start=russia&expand=russia")
    browser.find_element(By.ID, "btn-export-png").click()
    png = tmp_path / "geokg-view.png"
    wait(browser, lambda d: png.exists() and png.stat().st_size > 1000, message="no PNG downloaded")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    browser.find_element(By.ID, "btn-export-json").click()
    exported = tmp_path / "geokg-view.json"
    wait(browser, lambda d: exported.exists() and exported.stat().st_size > 0, message="no JSON downloaded")
    view = json.loads(exported.read_text(encoding="utf-8"))
    assert {e["id"] for e in view["entities"]} == shown
    assert view["link"] == "?start=russia&expand=russia" and view["relations"]


def test_every_resource_comes_from_this_server(browser, site):
    open_page(browser, site)
    search(browser, "caracas")
    hit(browser, "Caracas")
    urls = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert urls and all(u.startswith(site) for u in urls), [u for u in urls if not u.startswith(site)]


def test_the_seed_view_screenshot(browser, tmp_path_factory):
    """The bundled seeds as a user first sees them; saved to tests/output/seed-view.png."""
    served, store = serve(tmp_path_factory, [BUNDLED], "seeds")
    try:
        shown = open_page(browser, served.url)
        assert len(shown) >= 5, "the seed view starts on a neighbourhood, not an empty canvas"
        wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#details blockquote"))
        wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#timeline .scatterlayer .point"))
        OUTPUT.mkdir(exist_ok=True)
        assert browser.save_screenshot(str(OUTPUT / "seed-view.png"))
    finally:
        served.stop()
        store.close()
