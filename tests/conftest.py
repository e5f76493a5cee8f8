"""Shared fixtures: a store parametrized over every implementation, and the seed graph on it.

The Neo4j parameter uses NEO4J_URI when set, else a testcontainers Neo4j when a Docker engine
answers, else it skips with exactly that reason.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from loaders.plan import load
from seeds import BUNDLED
from tests.neo4j_support import neo4j_store, neo4j_store_or_skip  # noqa: F401 (neo4j_store: a fixture)

DATA = Path(__file__).parent / "data"
# A query that runs until it is stopped, in little memory (LadybugDB multiplies a plain count(*) out at once;
# a sum it must compute row by row), so a test of the time limit does not meet the memory cap first.
RUNAWAY = "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y RETURN sum(x * y)"
# A query that grows without bound: what the memory cap stops.
MEMORY_HOG = "UNWIND range(1, 1000000000) AS x RETURN sum(x)"


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


@pytest.fixture(scope="session")
def loaded_file(tmp_path_factory):
    """loaded_file(*inputs): an embedded graph file holding those inputs, loaded once a session; tests that
    need a graph with something in it open a copy (copy_of) instead of loading it again."""
    files: dict[tuple[Path, ...], Path] = {}

    def file_of(*inputs: Path) -> Path:
        if inputs not in files:
            path = tmp_path_factory.mktemp("loaded") / "graph.lbdb"
            with EmbeddedStore(path) as store:
                load(list(inputs), store)
            files[inputs] = path
        return files[inputs]

    return file_of


@pytest.fixture(scope="session")
def seeded_file(loaded_file) -> Path:
    return loaded_file(BUNDLED)


def copy_of(graph_file: Path, folder: Path) -> EmbeddedStore:
    shutil.copyfile(graph_file, folder / "graph.lbdb")
    return EmbeddedStore(folder / "graph.lbdb")


def seeded_store(request, seeded_file: Path, folder: Path):
    """A store of the requested kind holding the seeds: a copy of the loaded file, or a load into Neo4j."""
    if request.param == "embedded":
        return copy_of(seeded_file, folder)
    store = neo4j_store_or_skip(request)
    load([BUNDLED], store)
    return store


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def seeded(request, seeded_file, tmp_path):
    """A store holding the bundled seeds."""
    store = seeded_store(request, seeded_file, tmp_path)
    yield store
    store.close()


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def seeded_to_read(request, seeded_file, tmp_path_factory):
    """The bundled seeds on a store of each kind, shared by one module's tests, which must leave it unchanged."""
    store = seeded_store(request, seeded_file, tmp_path_factory.mktemp("seeded"))
    yield store
    store.close()


@pytest.fixture(scope="module")
def explorer(loaded_file, tmp_path_factory):
    """The dashboard tests' corpus (tests/data/explorer) on an embedded store, one per test module."""
    store = copy_of(loaded_file(DATA / "explorer"), tmp_path_factory.mktemp("explorer"))
    yield store
    store.close()


GEOKG = [sys.executable, "-m", "geokg"]


def pytest_collection_modifyitems(config, items):
    """Under xdist (pyproject's addopts), a file's tests run on one worker, and the Neo4j tests on one worker
    together, since they write to one database."""
    for item in items:
        group = "neo4j" if item.get_closest_marker("neo4j") else item.module.__name__
        item.add_marker(pytest.mark.xdist_group(group))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Serving:
    graph: Path
    process: subprocess.Popen
    url: str


@pytest.fixture
def served(seeded_file, tmp_path):
    """A real `geokg serve` subprocess holding an embedded graph that holds the seeds."""
    graph = tmp_path / "graph.lbdb"
    shutil.copyfile(seeded_file, graph)
    port = free_port()
    server = subprocess.Popen([*GEOKG, "serve", "--graph", str(graph), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, "geokg serve did not start"
            time.sleep(0.2)
    yield Serving(graph, server, url)
    server.terminate()
    server.wait(timeout=30)
