"""Neo4j driver values as plain Python: the same shapes graph/embedded/values.py gives for LadybugDB."""

from __future__ import annotations

import datetime as dt
from typing import Any

from neo4j.graph import Node, Path, Relationship
from neo4j.time import Date, DateTime, Duration, Time

from graph.evidence import edge_ends

ENTITY_LABEL = "Entity"  # the helper label every entity carries besides its kind (graph/cypher.py NEO4J)


def kind(labels: frozenset[str]) -> str:
    """The node's own label: its kind, or Claim, or Source; never the helper label."""
    return next((label for label in sorted(labels) if label != ENTITY_LABEL), ENTITY_LABEL)


def native(value: Any) -> Any:
    """Neo4j temporal values as datetime's, so rows compare and hash like the embedded store's."""
    if isinstance(value, Date | DateTime | Time):
        return value.to_native()
    if isinstance(value, list):
        return [native(v) for v in value]
    return value


def plain(value: Any) -> Any:
    """Nodes become {"_label", ...props}; relationships {"_type", "_start", "_end", ...props}; paths
    {"_nodes", "_rels"}; dates ISO strings. `_start`/`_end` are entity ids read from the edge id, as the
    embedded store gives them."""
    if isinstance(value, Path):
        return {"_nodes": [plain(n) for n in value.nodes], "_rels": [plain(r) for r in value.relationships]}
    if isinstance(value, Node):
        return {"_label": kind(value.labels), **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        props = {k: plain(v) for k, v in value.items()}
        start, _, end = edge_ends(props["id"]) if ">" in str(props.get("id", "")) else (None, None, None)
        return {"_type": value.type, "_start": start, "_end": end, **props}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Date | DateTime | Time | Duration):
        return value.iso_format()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return value
