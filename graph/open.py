"""Which store a `--graph` target names: a bolt/neo4j URI is Neo4j, anything else an embedded path."""

from __future__ import annotations

import os
from pathlib import Path

from graph.store import GraphStore

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")
DEFAULT_EMBEDDED = Path(".geokg") / "graph.lbdb"


def default_target() -> str:
    return os.environ.get("GEOKG_GRAPH") or str(DEFAULT_EMBEDDED)


def is_neo4j(target: str) -> bool:
    return target.lower().startswith(NEO4J_SCHEMES)


def open_store(target: str | None = None) -> GraphStore:
    target = target or default_target()
    if is_neo4j(target):
        from graph.neo4j import Neo4jStore  # imported here so the embedded path never needs the driver

        return Neo4jStore.from_uri(target)
    from graph.embedded import EmbeddedStore

    return EmbeddedStore(target)
