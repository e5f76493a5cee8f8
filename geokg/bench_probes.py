"""What `geokg bench-browser` listens with: a meter on the server's Dash callbacks and a probe in the page.

The meter wraps the served WSGI app, so it sees each `/_dash-update-component` POST whole: time to the last
byte sent, bytes in, bytes out on the wire (gzip'd) and before compression. The probe is a script Chromium
runs before the page's own, so it also sees the first graph being drawn.
"""

from __future__ import annotations

import io
import json
import re
import threading
import time
from typing import Any

from flask import request

CALLBACK_PATH = "/_dash-update-component"
RAW_BYTES = "geokg.bench.raw_bytes"


def _names(spec: Any) -> list[str]:
    """'graph.elements' for each output or trigger; the '@hash' that allow_duplicate adds is dropped."""
    specs = spec if isinstance(spec, list) else [spec]
    out = []
    for s in specs:
        if isinstance(s, list):
            out += _names(s)
        elif isinstance(s, dict) and "property" in s:
            key = s["id"] if isinstance(s["id"], str) else json.dumps(s["id"], sort_keys=True)
            out.append(f"{key}.{s['property'].split('@')[0]}")
        elif isinstance(s, str):
            out.append(re.sub(r"@[0-9a-f]+", "", s))
    return out


class CallbackMeter:
    """WSGI middleware timing each Dash callback request; `records` is what happened since `reset`."""

    def __init__(self, flask_app):
        self.app = flask_app.wsgi_app
        self.lock = threading.Lock()
        self.records: list[dict[str, Any]] = []
        self.inflight = 0
        self.last_activity = time.monotonic()
        flask_app.wsgi_app = self

        @flask_app.after_request  # registered after flask-compress's, so it runs first and sees the raw body
        def _raw_size(response):
            if request.path == CALLBACK_PATH:
                request.environ[RAW_BYTES] = len(response.get_data())
            return response

    def reset(self) -> None:
        with self.lock:
            self.records = []

    def idle_for(self) -> float:
        """Seconds since the last callback ended; 0 while one is running."""
        with self.lock:
            return 0.0 if self.inflight else time.monotonic() - self.last_activity

    def taken(self) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.records)

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != CALLBACK_PATH or environ.get("REQUEST_METHOD") != "POST":
            return self.app(environ, start_response)
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(body)
        with self.lock:
            self.inflight += 1
        started = time.perf_counter()
        status: list[str] = []

        def starting(code, headers, exc_info=None):
            status.append(code)
            return start_response(code, headers, exc_info)

        sent = 0
        try:
            result = self.app(environ, starting)
            try:
                chunks = list(result)
            finally:
                if hasattr(result, "close"):
                    result.close()
            sent = sum(len(c) for c in chunks)
            return chunks
        finally:
            elapsed_ms = (time.perf_counter() - started) * 1000
            try:
                payload = json.loads(body)
            except ValueError:
                payload = {}
            record = {"outputs": _names(payload.get("outputs", payload.get("output", ""))),
                      "trigger": _names(payload.get("changedPropIds", [])),
                      "server_ms": round(elapsed_ms, 1), "request_bytes": len(body), "response_bytes": sent,
                      "response_raw_bytes": environ.get(RAW_BYTES, 0), "status": (status or ["?"])[0].split()[0]}
            with self.lock:
                self.records.append(record)
                self.inflight -= 1
                self.last_activity = time.monotonic()


# Runs in every new document before the page's scripts. It keeps, on window.__bench: the times of clicks and
# pointer events, every animation frame, long tasks, and each change Cytoscape makes to the graph (elements
# added or removed, a layout ending), plus the first frame drawn after the latest change.
PAGE_PROBE = """
(function () {
  const b = window.__bench = {inputs: [], frames: [], longtasks: [], changes: [], lastChange: 0, drawn: 0,
                              attached: 0, down: 0, up: 0, grabbed: null, drags: 0};
  const now = () => performance.now();
  for (const type of ['click', 'dblclick']) {
    window.addEventListener(type, () => b.inputs.push(now()), true);
  }
  window.addEventListener('pointerdown', () => { b.down = now(); }, true);
  window.addEventListener('pointerup', () => { b.up = now(); }, true);
  function frame() { b.frames.push(now()); requestAnimationFrame(frame); }
  requestAnimationFrame(frame);
  try {
    new PerformanceObserver(list => {
      for (const e of list.getEntries()) { b.longtasks.push([e.startTime, e.duration]); }
    }).observe({type: 'longtask', buffered: true});
  } catch (e) { b.noLongtask = String(e); }
  function changed(kind) {
    const t = now();
    b.lastChange = t;
    b.changes.push([t, kind]);
    requestAnimationFrame(() => { if (b.lastChange === t) { b.drawn = now(); } });
  }
  function attach() {
    const cy = window.geokg && window.geokg.cy && window.geokg.cy();
    if (!cy) { setTimeout(attach, 5); return; }
    b.attached = now();
    if (cy.elements().length) { changed('present'); }
    cy.on('add', () => changed('add'));
    cy.on('remove', () => changed('remove'));
    cy.on('layoutstop', () => changed('layout'));
    cy.on('grab', 'node', e => { b.grabbed = e.target.id(); b.drags = 0; });
    cy.on('drag', 'node', () => { b.drags += 1; });
  }
  attach();
})();
"""

# Reads and resets the probe: everything from `since` (page clock, ms) on, and where every node is drawn.
SNAPSHOT = """
const b = window.__bench, cy = window.geokg.cy(), since = arguments[0];
const pairs = {};
cy.edges().forEach(e => {
  const k = [e.source().id(), e.target().id()].sort().join('\\u0000');
  pairs[k] = (pairs[k] || 0) + 1;
});
const positions = {};
cy.nodes().forEach(n => {
  const r = n.renderedPosition(), m = n.position();
  positions[n.id()] = [r.x, r.y, m.x, m.y];
});
return {now: performance.now(), inputs: b.inputs.filter(t => t >= since), frames: b.frames.filter(t => t >= since),
        longtasks: b.longtasks.filter(l => l[0] + l[1] >= since), changes: b.changes.filter(c => c[0] >= since),
        drawn: b.drawn, lastChange: b.lastChange, down: b.down, up: b.up, noLongtask: b.noLongtask || null,
        grabbed: b.grabbed, drags: b.drags,
        nodes: cy.nodes().length, edges: cy.edges().length,
        busiestPair: Object.values(pairs).reduce((a, c) => Math.max(a, c), 0), positions: positions};
"""

# Starts an action's window: drops what the probe kept from before and returns the page clock.
MARK = """
const b = window.__bench, t = performance.now();
b.grabbed = null; b.drags = 0;
b.frames = b.frames.slice(-2); b.inputs = []; b.changes = []; b.longtasks = b.longtasks.filter(l => l[0] + l[1] >= t);
return t;
"""
