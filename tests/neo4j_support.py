"""Where the Neo4j tests get a real Neo4j: NEO4J_URI, else testcontainers with a Docker engine, else skip."""

from __future__ import annotations

import os

import pytest

NO_NEO4J = "no Neo4j: NEO4J_URI is not set and no Docker engine is reachable for testcontainers"


def neo4j_store_or_skip(request):
    if not os.environ.get("NEO4J_URI"):
        pytest.skip(NO_NEO4J)
    raise NotImplementedError("the Neo4j store arrives with its own issue")
