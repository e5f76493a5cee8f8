"""Loading into an embedded graph that `geokg serve` holds: through the server, over loopback, with a secret.

The engine lets one process write a graph file, and while the explorer runs that process is the server. So
`geokg load` and `geokg unload` hand it their work: the server writes `<graph>.serve.json` beside the graph,
readable by this user only (0600), naming its address and a token made for this run. A request must come from
loopback and carry that token; anything else gets 403. The server then loads from the paths named, as `geokg
load` would, and the open explorer reads the new graph on its next request.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from graph.exc import GeoKGError, InvalidData, Problem
from graph.records import LoadReport
from graph.store import GraphStore

PREFIX = "/_geokg/"  # dashboard/auth.py OWN_CREDENTIAL: basic auth leaves these paths to the token check below
TOKEN_HEADER = "X-Geokg-Token"
TIMEOUT_S = 3600  # a large load takes minutes; the server answers when it is done


def serve_file(graph: Path) -> Path:
    return graph.with_name(graph.name + ".serve.json")


def announce(graph: Path, url: str) -> str:
    """Write the serve file (a new token each run) and return the token."""
    token = secrets.token_urlsafe(32)
    target = serve_file(graph)
    temporary = target.with_name(f"{target.name}.{os.getpid()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # never readable by others, not even briefly
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"pid": os.getpid(), "url": url, "token": token}, f)
    os.replace(temporary, target)
    return token


def withdraw(graph: Path) -> None:
    try:
        if json.loads(serve_file(graph).read_text(encoding="utf-8")).get("pid") == os.getpid():
            serve_file(graph).unlink()
    except (OSError, ValueError):
        pass


def open_door(server, store: GraphStore, token: str) -> None:
    """The two routes `geokg load` and `geokg unload` call on the server's Flask app; one write at a time."""
    from flask import Response, jsonify, request

    from dashboard.auth import is_loopback

    writing = threading.Lock()

    def allowed() -> bool:
        given = request.headers.get(TOKEN_HEADER, "")
        return is_loopback(request.remote_addr or "") and hmac.compare_digest(given.encode(), token.encode())

    @server.post(PREFIX + "load")
    def _load() -> Response | tuple[Response, int]:
        from loaders.plan import load

        if not allowed():
            return jsonify(error="forbidden"), 403
        body = request.get_json(force=True, silent=True) or {}
        paths = [Path(p) for p in body.get("paths", [])]
        with writing:
            try:
                batch = load(paths, store, force=bool(body.get("force")))
            except InvalidData as e:
                return jsonify(problems=[vars(p) for p in e.problems]), 422
            except GeoKGError as e:
                return jsonify(error=str(e)), 409
        return jsonify(counts=batch.report.counts, notes=batch.report.notes)

    @server.post(PREFIX + "unload")
    def _unload() -> Response | tuple[Response, int]:
        from loaders.unload import describe, plan_unload

        if not allowed():
            return jsonify(error="forbidden"), 403
        body = request.get_json(force=True, silent=True) or {}
        with writing:
            try:
                batch = plan_unload(str(body.get("source_id", "")), store)
                if body.get("confirm"):
                    store.write(batch)
            except GeoKGError as e:
                return jsonify(error=str(e)), 409
        return jsonify(describe(batch) | {"removed": bool(body.get("confirm"))})


def serving(graph: Path) -> dict[str, Any] | None:
    """The running server's address and token, when one announced itself for this graph."""
    try:
        found = json.loads(serve_file(graph).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if {"url", "token", "pid"} <= set(found) else None


def call(graph: Path, action: str, payload: dict[str, Any]) -> dict[str, Any]:
    """POST to the server holding the graph; its refusals come back as the errors a direct call raises."""
    server = serving(graph)
    if server is None:
        raise GeoKGError(f"the graph at {graph} is held by another process, and no `geokg serve` announced "
                         f"itself beside it ({serve_file(graph).name}); stop that process first")
    req = urllib.request.Request(server["url"].rstrip("/") + PREFIX + action, data=json.dumps(payload).encode(),
                                 headers={"Content-Type": "application/json", TOKEN_HEADER: server["token"]})
    try:
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(req, timeout=TIMEOUT_S) as r:
            return json.loads(r.read())
    except urllib.error.HTTPError as e:
        said = json.loads(e.read() or b"{}")
        if "problems" in said:
            raise InvalidData([Problem(**p) for p in said["problems"]]) from None
        raise GeoKGError(f"the running explorer (PID {server['pid']}) refused: {said.get('error', e.code)}") from None
    except (urllib.error.URLError, OSError) as e:
        raise GeoKGError(f"the running explorer (PID {server['pid']}) at {server['url']} did not answer: "
                         f"{getattr(e, 'reason', e)}") from None


def report_of(answer: dict[str, Any]) -> LoadReport:
    return LoadReport(counts=answer.get("counts", {}), notes=answer.get("notes", []))
