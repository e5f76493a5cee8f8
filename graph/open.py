"""Which store a `--graph` target names: a bolt/neo4j URI is Neo4j, anything else an embedded path."""

from __future__ import annotations

import logging
import os
import re
import time
from pathlib import Path

from graph.exc import GeoKGError, StoreUnavailable
from graph.store import GraphStore

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")
DEFAULT_EMBEDDED = Path(".geokg") / "graph.lbdb"

log = logging.getLogger(__name__)


def default_target() -> str:
    return os.environ.get("GEOKG_GRAPH") or str(DEFAULT_EMBEDDED)


def is_neo4j(target: str) -> bool:
    return target.lower().startswith(NEO4J_SCHEMES)


SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*)://", re.I)


def open_store(target: str | None = None, create: bool = True, read_only: bool = False) -> GraphStore:
    """The store a target names. An embedded graph is created only with `create` (a load, the dashboard); with
    `read_only` it is read even while another process holds it."""
    target = target or default_target()
    if is_neo4j(target):
        from graph.neo4j import Neo4jStore  # imported here so the embedded path never needs the driver

        return Neo4jStore.from_uri(target)
    if scheme := SCHEME.match(target):
        raise GeoKGError(f"cannot use {target!r}: a graph is an embedded graph's path, or a Neo4j URI "
                         f"({', '.join(s.rstrip(':/') for s in NEO4J_SCHEMES)}), not {scheme.group(1)}://")
    if not create and not Path(target).exists():
        raise StoreUnavailable(f"no graph at {target}; `geokg load` creates one (or set --graph or GEOKG_GRAPH)")
    from graph.embedded import EmbeddedStore

    return EmbeddedStore(target, read_only=read_only and not create)


def open_with_retry(target: str | None = None, attempts: int = 10, first_delay: float = 1.0,
                    max_delay: float = 30.0) -> GraphStore:
    """open_store, waiting for a graph database that is not up yet (a server still starting, a restart).

    Tries `attempts` times in all, sleeping first_delay seconds after the first failure and twice as
    long after each next one, at most max_delay; the last StoreUnavailable is raised. A long-running
    process (the dashboard) calls this; the CLI fails at once instead, with exit status 2.
    """
    if attempts < 1:
        raise ValueError("attempts must be 1 or more")
    if not is_neo4j(target or default_target()):  # an embedded graph held by another process is not starting up
        return open_store(target)
    delay = first_delay
    for attempt in range(1, attempts):
        try:
            return open_store(target)
        except StoreUnavailable as e:
            log.warning("%s; trying again in %g s (attempt %d of %d)", e, delay, attempt + 1, attempts)
            time.sleep(delay)
            delay = min(delay * 2, max_delay)
    return open_store(target)
