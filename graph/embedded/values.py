"""LadybugDB result values as JSON-ready Python: nodes, relationships and paths in geokg's own shape."""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph.evidence import edge_ends

_INTERNAL = {"_ID", "_LABEL", "_SRC", "_DST"}


def plain(value: Any) -> Any:
    """Nodes become {"_label", ...props}; relationships {"_type", "_start", "_end", ...props}."""
    if isinstance(value, dict):
        if "_NODES" in value or "_nodes" in value:
            nodes = value.get("_NODES", value.get("_nodes", []))
            rels = value.get("_RELS", value.get("_rels", []))
            return {"_nodes": [plain(n) for n in nodes], "_rels": [plain(r) for r in rels]}
        # An unlabelled variable spans every table, so ladybug pads the other tables' properties with None.
        props = {k: plain(v) for k, v in value.items() if k not in _INTERNAL and v is not None}
        if "_SRC" in value:
            start, _, end = edge_ends(props["id"]) if ">" in str(props.get("id", "")) else (None, None, None)
            return {"_type": value.get("_LABEL"), "_start": start, "_end": end, **props}
        if "_LABEL" in value:
            return {"_label": value["_LABEL"], **props}
        return props
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return value
