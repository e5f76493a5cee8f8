"""The picture holds still: nodes on screen do not move when an expansion adds others, new nodes land near
the node they came from without overlapping anything, a dragged node is pinned through a re-layout."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from selenium.webdriver.common.actions.action_builder import ActionBuilder

from tests.browser_support import (  # noqa: F401 (browser: a fixture)
    BROWSER,
    By,
    browser,
    console_note,
    mouse,
    node_point,
    nodes,
    on_graph,
    open_page,
    run_console,
    serve,
    wait,
)

FIXTURE = Path(__file__).parent / "data" / "explorer"
pytestmark = BROWSER
POSITIONS = "return cy.nodes().map(n => [n.id(), n.position('x'), n.position('y')])"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    served, store = serve(tmp_path_factory, [FIXTURE], "layout")
    yield served.url
    served.stop()
    store.close()


def positions(driver) -> dict[str, tuple[float, float]]:
    return {i: (x, y) for i, x, y in on_graph(driver, POSITIONS)}


def test_an_expansion_moves_nothing_on_screen_and_places_the_new_nodes_apart_near_their_anchor(browser, site):
    open_page(browser, site + "?start=nicolas-maduro&expand=nicolas-maduro")
    before = positions(browser)
    mouse(browser, "russia", double=True)
    wait(browser, lambda d: len(nodes(d)) > len(before), message="Russia's neighbours did not arrive")
    wait(browser, lambda d: len(set(positions(d).values())) == len(positions(d)), message="new nodes never placed")
    after = positions(browser)
    moved = max(math.dist(before[i], after[i]) for i in before)
    assert moved == 0, f"a node on screen moved {moved:.1f} px"
    fresh = [i for i in after if i not in before]
    closest = min(math.dist(after[a], after[b]) for a in after for b in after if a < b)
    assert closest >= 60, f"two nodes {closest:.1f} px apart"
    russia = after["russia"]
    far = max(math.dist(after[i], russia) for i in fresh)
    assert far < 600, f"a new node landed {far:.0f} px from the node it came from"


def test_a_dragged_node_is_pinned_through_a_relayout(browser, site):
    open_page(browser, site + "?start=nicolas-maduro&expand=nicolas-maduro")
    x, y = node_point(browser, "russia")
    drag = ActionBuilder(browser)
    drag.pointer_action.move_to_location(int(x), int(y)).pointer_down()
    for step in range(1, 6):
        drag.pointer_action.move_to_location(int(x) + 12 * step, int(y) + 8 * step)
    drag.pointer_action.pointer_up()
    drag.perform()
    wait(browser, lambda d: on_graph(d, "return cy.getElementById('russia').hasClass('pinned')"),
         message="the dragged node was not pinned")
    put = positions(browser)["russia"]
    others = {i: p for i, p in positions(browser).items() if i != "russia"}
    browser.find_element(By.ID, "btn-relayout").click()
    wait(browser, lambda d: any(positions(d)[i] != p for i, p in others.items()), message="no re-layout ran")
    assert positions(browser)["russia"] == put


def canvas_height(driver) -> int:
    return driver.execute_script("return document.getElementById('graph').getBoundingClientRect().height")


def test_the_graph_keeps_its_size_while_the_panels_fill_and_grows_when_they_are_hidden(browser, site):
    open_page(browser, site + "?start=nicolas-maduro&expand=nicolas-maduro")
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#timeline .main-svg"), message="no timeline drawn")
    height = canvas_height(browser)
    run_console(browser, "MATCH (n:State) RETURN n.name LIMIT 25")
    wait(browser, lambda d: "row" in console_note(d), message="the console answered nothing")
    assert canvas_height(browser) == height
    browser.find_element(By.ID, "btn-bottom-toggle").click()
    wait(browser, lambda d: canvas_height(d) > height + 200, message="hiding the panels did not give the graph room")


def test_hovering_a_node_shows_its_whole_name(browser, site):
    open_page(browser, site + "?start=il-76&expand=il-76")
    x, y = node_point(browser, "il-76")
    hover = ActionBuilder(browser)
    hover.pointer_action.move_to_location(int(x), int(y))
    hover.perform()
    wait(browser, lambda d: on_graph(d, "return cy.container().title") == "Ilyushin Il-76 (sanctioned)",
         message="no tooltip with the whole name")

