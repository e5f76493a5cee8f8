"""`geokg bench-browser`: the explorer in headless Chromium, timed action by action, on graphs of growing size.

For each graph it serves the dashboard in this process, opens the start view, expands the hub, presses More
(or expands further) until about `target` elements are on screen, drags a node and unticks a kind, and records
for every action what the server spent on each callback, what the page spent drawing, and how the picture moved.
Numbers, not verdicts: the issue's targets sit beside them in docs/benchmarks.md, never in a test.
"""

from __future__ import annotations

import logging
import re
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from geokg.bench_probes import MARK, PAGE_PROBE, SNAPSHOT, CallbackMeter

GRAPHS = {"seeds": 0, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
QUIET_S = 0.6  # nothing from the server and no change to the graph for this long: the action is over
STEP_TIMEOUT_S = 240.0
DRAG_STEPS, DRAG_STEP_PX = 30, (6, 3)


@contextmanager
def bench_graph(name: str, workdir: Path, seed: int) -> Iterator[Any]:
    """The seeds in a scratch graph, or a synthetic corpus (`geokg bench`'s) loaded into a graph kept beside it.

    A kept graph is loaded once: loading the same corpus again is recognised by its fingerprint.
    """
    from graph.open import open_store
    from loaders.plan import load
    from loaders.synthetic import write_corpus
    from seeds import BUNDLED

    if not GRAPHS[name]:
        with tempfile.TemporaryDirectory(prefix="geokg-bench-browser-") as scratch:
            with open_store(str(Path(scratch) / "graph.lbdb")) as store:
                load([BUNDLED], store)
                yield store
        return
    n = GRAPHS[name]
    corpus = write_corpus(workdir / f"claims-{n}-seed-{seed}", n, seed)
    with open_store(str(workdir / f"graph-{n}-seed-{seed}.lbdb")) as store:
        load([corpus], store)
        yield store


class Served:
    """A Dash app on a free loopback port, in a thread, with a threaded werkzeug server (as `geokg serve` runs
    it); the browser tests serve theirs with it too."""

    def __init__(self, app):
        from werkzeug.serving import make_server

        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request would bury the tables
        self.server = make_server("127.0.0.1", 0, app.server, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)


def chromium(profile: Path):
    """Debian's headless Chromium through chromedriver, with the probe installed in every page it opens."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1600,1000", "--lang=en-US", f"--user-data-dir={profile}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PAGE_PROBE})
    return driver


def _gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in zip(times, times[1:])]


def _moved(before: dict[str, list[float]], after: dict[str, list[float]], skip: set[str]) -> dict[str, float | None]:
    """How far nodes on screen before the action are drawn from where they were (rendered and model px)."""
    kept = [i for i in before if i in after and i not in skip]
    if not kept:
        return {"moved_median_px": None, "moved_max_px": None, "moved_model_median_px": None,
                "moved_model_max_px": None}
    seen = [((after[i][0] - before[i][0]) ** 2 + (after[i][1] - before[i][1]) ** 2) ** 0.5 for i in kept]
    model = [((after[i][2] - before[i][2]) ** 2 + (after[i][3] - before[i][3]) ** 2) ** 0.5 for i in kept]
    return {"moved_median_px": round(statistics.median(seen), 1), "moved_max_px": round(max(seen), 1),
            "moved_model_median_px": round(statistics.median(model), 1), "moved_model_max_px": round(max(model), 1)}


class Page:
    """One browser page on the served app, and the meter on its server: acts, waits for quiet, measures."""

    def __init__(self, driver, meter: CallbackMeter, url: str):
        self.driver, self.meter, self.url = driver, meter, url
        self.since = 0.0
        self.positions: dict[str, list[float]] = {}

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def on_graph(self, script: str, *args):
        return self.js("const cy = window.geokg.cy(); " + script, *args)

    def mark(self) -> None:
        self.positions = self.js(SNAPSHOT, 1e12)["positions"]
        self.meter.reset()
        self.since = self.js(MARK)

    def settle(self, expect_server: bool = True) -> None:
        """Wait until the server has answered every callback and the graph has stopped changing."""
        started = time.monotonic()
        while expect_server and not self.meter.taken() and time.monotonic() - started < 5:
            time.sleep(0.05)
        while time.monotonic() - started < STEP_TIMEOUT_S:
            page_quiet = self.js("const b = window.__bench; return (performance.now() - "
                                 "Math.max(b.lastChange, b.inputs.length ? b.inputs[b.inputs.length - 1] : 0)) / 1000")
            if page_quiet >= QUIET_S and self.meter.idle_for() >= QUIET_S:
                return
            time.sleep(0.1)
        raise TimeoutError(f"the page was still busy after {STEP_TIMEOUT_S:.0f} s")

    def measure(self, action: str, skip: set[str] = frozenset(), drag: bool = False) -> dict[str, Any]:
        snap = self.js(SNAPSHOT, self.since)
        calls = self.meter.taken()
        acted = snap["inputs"][-1] if snap["inputs"] else self.since
        drawn = snap["drawn"] - acted if snap["changes"] and snap["drawn"] > acted else None
        frames = [t for t in snap["frames"] if t >= acted]
        if drag:
            frames = [t for t in snap["frames"] if snap["down"] <= t]
            after = [t for t in frames if t > snap["up"]]
            frames = [t for t in frames if t <= snap["up"]] + after[:1]
        gaps = _gaps(frames)
        slowest = max(calls, key=lambda c: c["server_ms"], default=None)
        row = {
            "action": action, "nodes": snap["nodes"], "edges": snap["edges"],
            "elements": snap["nodes"] + snap["edges"], "callbacks": len(calls),
            "slowest_callback_ms": slowest["server_ms"] if slowest else None,
            "slowest_callback": "+".join(slowest["outputs"]) if slowest else None,
            "server_ms_total": round(sum(c["server_ms"] for c in calls), 1),
            "request_bytes": sum(c["request_bytes"] for c in calls),
            "response_bytes": sum(c["response_bytes"] for c in calls),
            "response_raw_bytes": sum(c["response_raw_bytes"] for c in calls),
            "drawn_ms": round(drawn, 1) if drawn is not None else None,
            "longest_task_ms": round(max((d for _, d in snap["longtasks"]), default=0.0), 1),
            "worst_frame_ms": round(max(gaps), 1) if gaps else None,
            "median_frame_ms": round(statistics.median(gaps), 1) if gaps else None,
            "frames": len(frames),
            **_moved(self.positions, snap["positions"], set(skip)),
            "busiest_pair_edges": snap["busiestPair"],
            "callback_log": calls,
        }
        if snap["noLongtask"]:
            row["longest_task_ms"] = None
        self.positions = snap["positions"]
        return row

    # --- the actions -----------------------------------------------------------------------------

    def open(self) -> dict[str, Any]:
        self.meter.reset()
        self.driver.get(self.url)
        started = time.monotonic()
        while not self.js("return !!(window.geokg && window.geokg.cy() && window.geokg.cy().nodes().length)"):
            if time.monotonic() - started > STEP_TIMEOUT_S:
                raise TimeoutError("no graph drawn")
            time.sleep(0.05)
        self.settle()
        self.since, self.positions = 0.0, {}
        return self.measure("open the start view")

    def busiest(self, exclude: set[str] = frozenset()) -> str | None:
        ranked = self.on_graph("return cy.nodes().sort((a, b) => b.degree(false) - a.degree(false)).map(n => n.id())")
        return next((i for i in ranked if i not in exclude), None)

    def point(self, node_id: str) -> tuple[float, float]:
        return self.on_graph("const p = cy.getElementById(arguments[0]).renderedPosition();"
                             "const r = cy.container().getBoundingClientRect();"
                             "return [r.left + p.x, r.top + p.y];", node_id)

    def double_click(self, node_id: str) -> dict[str, Any]:
        from selenium.webdriver.common.actions.action_builder import ActionBuilder

        self.mark()
        actions = ActionBuilder(self.driver)
        actions.pointer_action.move_to_location(*self.point(node_id))
        actions.pointer_action.double_click()
        actions.perform()
        self.settle()
        row = self.measure("expand the hub (double-click)")
        row["hub"] = node_id
        row["double_tap_reached_server"] = any("store-double-tap.data" in c["trigger"] for c in row["callback_log"])
        if not row["double_tap_reached_server"]:
            row["action"] += " (no double tap reached the server)"
        return row

    def more(self) -> dict[str, Any]:
        from selenium.webdriver.common.by import By

        self.mark()
        self.driver.find_element(By.ID, "btn-more").click()
        self.settle()
        return self.measure("press More")

    def expand_by_event(self, node_id: str) -> dict[str, Any]:
        """A double tap sent to Cytoscape itself: the node may be too small or off screen to hit with the mouse."""
        self.mark()
        self.on_graph("window.__bench.inputs.push(performance.now()); cy.getElementById(arguments[0]).emit('dbltap');",
                      node_id)
        self.settle()
        return self.measure("expand a neighbour (double tap)")

    def grow(self, hub: str, target: int, max_steps: int) -> list[dict[str, Any]]:
        """More on the focused entity while it has more; else expand the busiest entity not yet expanded."""
        from selenium.webdriver.common.by import By

        rows: list[dict[str, Any]] = []
        expanded, stalled = {hub}, 0
        elements = self.on_graph("return cy.elements().length")
        while len(rows) < max_steps and elements < target and stalled < 3:
            if re.search(r"\+\d+ more", self.driver.find_element(By.ID, "view-status").text):
                row = self.more()
            else:
                node = self.busiest(expanded)
                if node is None:
                    break
                expanded.add(node)
                row = self.expand_by_event(node)
            stalled = stalled + 1 if row["elements"] <= elements else 0
            elements = row["elements"]
            rows.append(row)
        return rows

    def drag(self, hub: str) -> dict[str, Any]:
        """Press on a node near the middle of the graph and move it in small steps, one every 16 ms."""
        from selenium.webdriver.common.actions.action_builder import ActionBuilder

        node = self.on_graph(
            "const w = cy.width(), h = cy.height();"
            "const inside = cy.nodes().filter(n => n.id() !== arguments[0] && n.renderedPosition('x') > w * 0.2"
            " && n.renderedPosition('x') < w * 0.6 && n.renderedPosition('y') > h * 0.2"
            " && n.renderedPosition('y') < h * 0.7);"
            "return inside.length ? inside[0].id() : null;", hub) or hub
        self.mark()
        x, y = self.point(node)
        actions = ActionBuilder(self.driver, duration=16)
        actions.pointer_action.move_to_location(x, y)
        actions.pointer_action.pointer_down()
        for step in range(1, DRAG_STEPS + 1):
            actions.pointer_action.move_to_location(x + step * DRAG_STEP_PX[0], y + step * DRAG_STEP_PX[1])
        actions.pointer_action.pointer_up()
        actions.perform()
        self.settle(expect_server=False)
        before = dict(self.positions)
        grabbed = self.js("return window.__bench.grabbed") or node  # the node under the pointer, maybe not `node`
        row = self.measure("drag a node", skip={grabbed}, drag=True)
        b, a = before.get(grabbed), self.positions.get(grabbed)
        row["dragged"], row["drag_events"] = grabbed, self.js("return window.__bench.drags")
        row["dragged_px"] = round(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5, 1) if a and b else None
        return row

    def untick_kind(self, hub: str) -> dict[str, Any]:
        """Untick the commonest kind on screen other than the hub's: a filter that removes many nodes."""
        from selenium.webdriver.common.by import By

        kind = self.on_graph(
            "const hubKind = cy.getElementById(arguments[0]).data('kind'), count = {};"
            "cy.nodes().forEach(n => { const k = n.data('kind'); if (k !== hubKind) count[k] = (count[k] || 0) + 1; });"
            "const ks = Object.keys(count).sort((a, b) => count[b] - count[a]); return ks.length ? ks[0] : hubKind;",
            hub)
        box = self.driver.find_element(By.CSS_SELECTOR, f"#filter-kinds input[value='{kind}']")
        self.mark()
        box.click()
        self.settle()
        row = self.measure(f"untick kind {kind}")
        return row


def bench_one(name: str, store, driver, target: int, max_steps: int) -> dict[str, Any]:
    from dashboard.app import create_app

    app = create_app(store)
    meter = CallbackMeter(app.server)
    served = Served(app)
    try:
        page = Page(driver, meter, served.url)
        rows = [page.open()]
        hub = page.busiest()
        rows.append(page.double_click(hub))
        grown = page.grow(hub, target, max_steps)
        rows += grown
        rows.append(page.drag(hub))
        rows.append(page.untick_kind(hub))
    finally:
        served.stop()
    counts = store.counts()
    return {"graph": name, "entities": sum(v for k, v in counts["nodes"].items() if k not in ("Claim", "Source")),
            "claims": counts["nodes"].get("Claim", 0), "hub": hub, "grow_steps": len(grown), "actions": rows}


def run_browser_bench(graphs: list[str], target: int = 2000, workdir: Path | None = None, seed: int = 7,
                      max_steps: int = 120) -> dict[str, Any]:
    workdir = workdir or Path(tempfile.gettempdir()) / "geokg-bench"
    results = []
    with tempfile.TemporaryDirectory(prefix="geokg-bench-chromium-") as profile:
        driver = chromium(Path(profile))
        try:
            for name in graphs:
                started = time.monotonic()
                with bench_graph(name, workdir, seed) as store:
                    ready_s = time.monotonic() - started
                    result = bench_one(name, store, driver, target, max_steps)
                result["graph_ready_s"] = round(ready_s, 1)
                results.append(result)
        finally:
            browser = driver.capabilities.get("browserVersion", "?")
            driver.quit()
    return {"date": time.strftime("%Y-%m-%d"), "chromium": browser, "target_elements": target, "graphs": results}


# --- tables --------------------------------------------------------------------------------------

COLUMNS = ["action", "on screen (nodes / edges)", "callbacks", "slowest callback ms", "server ms (all)",
           "sent / received KB (raw)", "drawn ms", "longest task ms", "worst frame ms", "moved median / max px",
           "busiest pair"]


def _num(value: Any, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def _kb(n: int | None) -> str:
    return "–" if n is None else f"{n / 1024:,.1f}"


def _cells(row: dict[str, Any]) -> list[str]:
    return [
        row["action"], f"{row['nodes']:,} / {row['edges']:,}", str(row["callbacks"]),
        _num(row["slowest_callback_ms"], 1), _num(row["server_ms_total"], 1),
        f"{_kb(row['request_bytes'])} / {_kb(row['response_bytes'])} ({_kb(row['response_raw_bytes'])})",
        _num(row["drawn_ms"]), "<50" if row["longest_task_ms"] == 0 else _num(row["longest_task_ms"]),
        _num(row["worst_frame_ms"]), f"{_num(row['moved_median_px'])} / {_num(row['moved_max_px'])}",
        str(row["busiest_pair_edges"]),
    ]


def _worst(rows: list[dict[str, Any]], label: str) -> dict[str, Any]:
    """One row holding the worst value of each measure over several steps."""
    def top(key):
        values = [r[key] for r in rows if r[key] is not None]
        return max(values) if values else None

    last = rows[-1]
    return {**{k: top(k) for k in ("callbacks", "slowest_callback_ms", "server_ms_total", "request_bytes",
                                    "response_bytes", "response_raw_bytes", "drawn_ms", "longest_task_ms",
                                    "worst_frame_ms", "moved_median_px", "moved_max_px", "busiest_pair_edges")},
            "action": label, "nodes": last["nodes"], "edges": last["edges"]}


def to_markdown(result: dict[str, Any]) -> str:
    out = []
    for graph in result["graphs"]:
        rows = graph["actions"]
        n = graph["grow_steps"]
        grown = rows[2:2 + n]
        table = rows[:2]
        if grown:
            table += [{**grown[0], "action": f"{grown[0]['action']} (first of {n} steps)"}]
            growing = [r for prev, r in zip(rows[1:], grown) if r["elements"] > prev["elements"]] or grown
            if n > 1:
                table += [{**growing[-1], "action": f"{growing[-1]['action']} (last step that added)"},
                          _worst(grown, f"worst of the {n} steps")]
        table += rows[2 + n:]
        title = (f"**{graph['graph']}** ({graph['entities']:,} entities, {graph['claims']:,} claims; hub "
                 f"`{graph['hub']}`; {graph['grow_steps']} steps to grow toward {result['target_elements']:,} "
                 f"elements)")
        lines = [title, "", "| " + " | ".join(COLUMNS) + " |", "| --- |" + " ---: |" * (len(COLUMNS) - 1)]
        lines += ["| " + " | ".join(_cells(r)) + " |" for r in table]
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"
