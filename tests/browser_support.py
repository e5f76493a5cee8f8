"""What every browser test needs: a real headless Chromium (Debian's chromium and chromium-driver) driven
with Selenium, the app served on a free loopback port, and helpers that read and act on the graph.

Without Chromium the browser tests skip and say so.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium import webdriver  # a test extra; the tests themselves skip without Chromium
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.app import Settings, create_app
from geokg.bench_browser import CHROMEDRIVER, CHROMIUM, Served  # the benchmark serves and drives the page alike
from graph.embedded import EmbeddedStore
from loaders.plan import load

BROWSER = [
    pytest.mark.browser,
    pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                       reason="no Chromium: /usr/bin/chromium and /usr/bin/chromedriver are needed "
                              "(apt-get install chromium chromium-driver; .ci/run installs them)"),
]  # every browser test module: pytestmark = BROWSER



def serve(tmp_path_factory, corpora: list[Path], name: str, **settings):
    store = EmbeddedStore(tmp_path_factory.mktemp(name) / "graph.lbdb")
    for corpus in corpora:
        load([corpus], store)
    served = Served(create_app(store, Settings(**settings)))
    return served, store


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1600,1000", "--lang=en-US",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


# --- helpers ------------------------------------------------------------------------------------

def wait(driver, condition, timeout: float = 20, message: str = ""):
    """Poll until the condition holds; an element React redrew between finding and reading it is looked up
    again on the next poll, not an error."""
    return WebDriverWait(driver, timeout, poll_frequency=0.1,
                         ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: condition(d), message)


def on_graph(driver, script: str, *args):
    """Run JavaScript with `cy` bound to the main graph's Cytoscape instance (null before it mounts)."""
    return driver.execute_script("const cy = window.geokg && window.geokg.cy(); " + script, *args)


def nodes(driver) -> set[str]:
    return set(on_graph(driver, "return cy ? cy.nodes().map(n => n.id()) : []"))


def node_kinds(driver) -> set[str]:
    return set(on_graph(driver, "return cy ? cy.nodes().map(n => n.data('kind')) : []"))


def settled(driver) -> set[str]:
    """Wait until the graph is laid out and has stopped moving for half a second; return the node ids.

    dash-cytoscape runs the layout shortly after the elements arrive, so positions that merely repeat
    (all nodes still at the origin) do not count: the nodes must also be spread out.
    """
    script = "return cy ? cy.nodes().map(n => [n.id(), Math.round(n.position('x')), Math.round(n.position('y'))]) : []"
    history: list = []

    def still(d):
        now = on_graph(d, script)
        spread = len({(x, y) for _, x, y in now}) == len(now) > 0
        history.append(now if spread else None)
        return len(history) >= 5 and history[-1] is not None and all(h == history[-1] for h in history[-5:])

    wait(driver, still, message="the graph never settled")
    return nodes(driver)


def open_page(driver, url: str) -> set[str]:
    driver.get(url)
    wait(driver, lambda d: nodes(d), message="no graph drawn")
    return settled(driver)


def node_point(driver, node_id: str) -> tuple[float, float]:
    """Where a node is drawn, in viewport coordinates."""
    return on_graph(driver, "const p = cy.getElementById(arguments[0]).renderedPosition();"
                            "const r = cy.container().getBoundingClientRect();"
                            "return [r.left + p.x, r.top + p.y];", node_id)


def mouse(driver, node_id: str, double: bool = False) -> None:
    x, y = node_point(driver, node_id)
    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(x, y)
    if double:
        actions.pointer_action.double_click()
    else:
        actions.pointer_action.click()
    actions.perform()


def tap_edge(driver, edge_id: str) -> None:
    on_graph(driver, "cy.getElementById(arguments[0]).emit('tap')", edge_id)


def details(driver) -> str:
    return driver.find_element(By.ID, "details").text


def type_into(element, text: str) -> None:
    """Replace a field's text the way a user does (clear() alone does not reach React's state)."""
    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(Keys.DELETE)
    element.send_keys(text)


def search(driver, text: str) -> None:
    type_into(driver.find_element(By.ID, "search-text"), text)


def hit(driver, name: str):
    return wait(driver, lambda d: next((b for b in d.find_elements(By.CSS_SELECTOR, ".hit-open") if name in b.text),
                                       None), message=f"no search hit for {name}")


def run_console(driver, cypher: str) -> None:
    driver.find_element(By.XPATH, "//*[contains(@class, 'tab') and normalize-space()='Cypher console']").click()
    box = wait(driver, lambda d: d.find_element(By.ID, "console-cypher"))
    wait(driver, lambda d: box.is_displayed())
    type_into(box, cypher)
    driver.find_element(By.ID, "console-run").click()


def choose(driver, dropdown_id: str, label: str) -> None:
    """Pick an option of a dcc.Dropdown by its label."""
    driver.find_element(By.ID, dropdown_id).click()
    wait(driver, lambda d: next((o for o in d.find_elements(By.CSS_SELECTOR, "[role=option]")
                                 if o.is_displayed() and o.text.strip() == label), None)).click()


def click_at(driver, element) -> None:
    x, y = driver.execute_script("const r = arguments[0].getBoundingClientRect();"
                                 "return [r.left + r.width / 2, r.top + r.height / 2];", element)
    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(x, y)
    actions.pointer_action.click()
    actions.perform()


def console_note(driver) -> str:
    return driver.find_element(By.ID, "console-note").text


