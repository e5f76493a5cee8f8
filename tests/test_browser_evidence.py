"""Evidence that tells the truth, in the browser: the seeds with four more outlets loaded on top
(tests/data/outlets: two repeating The Washington Post, a Kremlin denial, a report of its own)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from seeds import BUNDLED
from tests.browser_support import BROWSER, By, browser, details, on_graph, open_page, tap_edge, wait  # noqa: F401

OUTLETS = Path(__file__).parent / "data" / "outlets"

pytestmark = BROWSER


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from tests.browser_support import serve

    served, store = serve(tmp_path_factory, [BUNDLED, OUTLETS], "outlets")
    yield served.url
    served.stop()
    store.close()


def edge_data(driver, edge_id: str) -> dict | None:
    return on_graph(driver, "const e = cy.getElementById(arguments[0]); return e.length ? e.data() : null", edge_id)


def test_a_status_filter_draws_the_denied_edge_around_the_denier(browser, site):
    shown = open_page(browser, site + "?start=donald-trump&expand=donald-trump&status=denied")
    assert shown == {"donald-trump", "venezuela"}
    edge = edge_data(browser, "donald-trump>THREATENED>venezuela")
    assert edge and edge["status"] == "denied", "the edge shows what its passing claim says: a denial"
    tap_edge(browser, "donald-trump>THREATENED>venezuela")
    wait(browser, lambda d: "denied by 1 source" in details(d))
    assert "supported by" not in details(browser), "the filtered-out assertion is not counted"


def test_a_contradiction_is_a_link_that_opens_the_claim(browser, site):
    open_page(browser, site + "?start=donald-trump&expand=donald-trump")
    tap_edge(browser, "donald-trump>THREATENED>venezuela")
    wait(browser, lambda d: "Conflicts with" in details(d))
    clicked_at = [0.0]

    def opened(d) -> bool:
        """The linked claim is open; until then the link is clicked again (at most once a second): a late
        redraw of the panel (the start view's own callbacks, on a busy machine) can swallow a click."""
        if d.find_elements(By.CSS_SELECTOR,
                           "#details .claim.focused[data-claim='reports-us-likely-to-expand-cartel-campaign']"):
            return True
        if time.monotonic() - clicked_at[0] > 1:
            clicked_at[0] = time.monotonic()
            d.execute_script(  # found and clicked at once: the panel may redraw under a held element
                "const b = [...document.querySelectorAll('#details .contradicts .link')]"
                ".find(b => b.textContent === 'reports-us-likely-to-expand-cartel-campaign');"
                "if (b) { b.click(); }")
        return False

    wait(browser, opened, message="the linked claim was not opened")
    assert "United States TARGETED Drug cartels" in details(browser)


def test_the_letter_is_one_origin_however_many_outlets_repeat_it(browser, site):
    open_page(browser, site + "?start=nicolas-maduro&expand=nicolas-maduro")
    tap_edge(browser, "nicolas-maduro>SENT_LETTER_TO>vladimir-putin")
    wait(browser, lambda d: "supported by 3 sources (1 independent origin), denied by 1 source" in details(d))
    assert "CONTESTED" in details(browser)
    letter = edge_data(browser, "nicolas-maduro>SENT_LETTER_TO>vladimir-putin")
    assert (letter["origins"], letter["supporting"], letter["disputing"]) == (1, 3, 1)


def test_expanding_russia_with_its_officials_answers_who_asked_russia(browser, site):
    open_page(browser, site + "?start=russia&expand=russia&fold=russia")
    folded = edge_data(browser, "nicolas-maduro>REQUESTED_FROM>vladimir-putin~russia")
    assert folded and folded["target"] == "russia" and folded["via"] == ["vladimir-putin"]
    assert "via Vladimir Putin" in folded["label"]
    tap_edge(browser, "nicolas-maduro>REQUESTED_FROM>vladimir-putin~russia")
    wait(browser, lambda d: "Via" in details(d) and "Missiles" in details(d))
    rows = [" ".join(r.text.split()) for r in browser.find_elements(By.CSS_SELECTOR, "#details table.items tbody tr")]
    assert rows == ["Air-defence radars asserted 0.80 3", "Military aircraft repairs asserted 0.80 1",
                    "Missiles hedged 0.50 1"]
