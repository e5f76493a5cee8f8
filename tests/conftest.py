"""Shared fixtures: a store parametrized over every implementation, and the seed graph on it.

The Neo4j parameter uses NEO4J_URI when set, else a testcontainers Neo4j when a Docker engine
answers, else it skips with exactly that reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from loaders.plan import load
from seeds import BUNDLED
from tests.neo4j_support import neo4j_store, neo4j_store_or_skip  # noqa: F401 (neo4j_store: a fixture)

DATA = Path(__file__).parent / "data"


@pytest.fixture
def embedded(tmp_path):
    store = EmbeddedStore(tmp_path / "graph.lbdb")
    yield store
    store.close()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request, tmp_path):
    """An empty store of each kind."""
    if request.param == "embedded":
        s = EmbeddedStore(tmp_path / "graph.lbdb")
    else:
        s = neo4j_store_or_skip(request)
    yield s
    s.close()


@pytest.fixture(scope="module")
def explorer(tmp_path_factory):
    """The dashboard tests' corpus (tests/data/explorer) on an embedded store, one per test module."""
    store = EmbeddedStore(tmp_path_factory.mktemp("explorer") / "graph.lbdb")
    load([DATA / "explorer"], store)
    yield store
    store.close()


@pytest.fixture
def seeded(store):
    """A store holding the bundled seeds."""
    load([BUNDLED], store)
    return store
