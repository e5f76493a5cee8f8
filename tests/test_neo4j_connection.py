"""Talking to Neo4j: a server that is not there, a wrong password, the retry helper, and what comes back.

The first tests need no server: nothing listens on 127.0.0.1:1, so connecting is refused at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
import sys

import pytest
from neo4j.graph import Graph, Node, Path
from neo4j.time import Date

from graph.exc import StoreUnavailable
from graph.neo4j import Neo4jStore
from graph.neo4j.queries import lucene
from graph.neo4j.values import plain
from graph.open import open_with_retry
from graph.text import fold

NOWHERE = "bolt://127.0.0.1:1"


def test_an_unreachable_neo4j_is_one_clear_line_and_exit_status_2():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "GEOKG_"))}
    done = subprocess.run([sys.executable, "-c", "from geokg.cli import main; main()", "stats", "--graph", NOWHERE],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [f"Error: cannot reach Neo4j at {NOWHERE}: connection refused"]


def test_the_neo4j_store_implements_the_whole_contract():
    """Caught here without a server: a method added to GraphStore and not to Neo4jStore."""
    assert not Neo4jStore.__abstractmethods__


def test_the_retry_helper_gives_up_after_its_attempts(caplog):
    with caplog.at_level(logging.WARNING, logger="graph.open"), pytest.raises(StoreUnavailable, match="refused"):
        open_with_retry(NOWHERE, attempts=3, first_delay=0.01)
    assert [r.getMessage().split("; ")[-1] for r in caplog.records] == [
        "trying again in 0.01 s (attempt 2 of 3)", "trying again in 0.02 s (attempt 3 of 3)"]


def test_the_retry_helper_returns_a_store_that_opens(tmp_path):
    with open_with_retry(str(tmp_path / "graph.lbdb"), attempts=2, first_delay=0.01) as store:
        assert store.counts() == {"nodes": {}, "relationships": {}}


@pytest.mark.parametrize("text, query", [
    ("Maduro", "*maduro*"), ("Μαδούρο", "*μαδουρο*"), ("il-76", "*il* AND *76*"), ("中国", "*中* AND *国*"),
    ("x' OR 1=1 //", "*x* AND *or* AND *1*"), ("') DETACH DELETE n //", "*detach* AND *delete* AND *n*"),
    ("-", ""),
])
def test_search_text_becomes_words_for_the_full_text_index(text, query):
    """Only word characters reach Lucene; the exact match on the folded text happens after, in Cypher."""
    assert lucene(fold(text)) == query


def test_driver_values_come_back_in_the_embedded_stores_shape():
    graph = Graph()
    maduro = Node(graph, "4:x:1", 1, ["Person", "Entity"], {"id": "nicolas-maduro", "name": "Nicolás Maduro"})
    putin = Node(graph, "4:x:2", 2, ["Entity", "Person"], {"id": "vladimir-putin"})
    asked = graph.relationship_type("REQUESTED_FROM")(
        graph, "5:x:3", 3, {"id": "nicolas-maduro>REQUESTED_FROM>vladimir-putin", "first_date": Date(2025, 10, 31)})
    asked._start_node, asked._end_node = maduro, putin  # as the driver's hydration sets them
    assert plain(maduro) == {"_label": "Person", "id": "nicolas-maduro", "name": "Nicolás Maduro"}
    assert plain(asked) == {"_type": "REQUESTED_FROM", "_start": "nicolas-maduro", "_end": "vladimir-putin",
                            "id": "nicolas-maduro>REQUESTED_FROM>vladimir-putin", "first_date": "2025-10-31"}
    path = plain(Path(maduro, asked))
    assert [n["id"] for n in path["_nodes"]] == ["nicolas-maduro", "vladimir-putin"]
    assert [r["_type"] for r in path["_rels"]] == ["REQUESTED_FROM"]
    assert plain([Date(2023, 1, 1), dt.date(2024, 2, 2)]) == ["2023-01-01", "2024-02-02"]


# --- against a real Neo4j -------------------------------------------------------------------------
@pytest.mark.neo4j
def test_wrong_credentials_are_one_clear_line(neo4j_store):
    with pytest.raises(StoreUnavailable, match="refused the credentials of user 'neo4j'"):
        Neo4jStore(neo4j_store.uri, auth=("neo4j", "not-the-password"), database=neo4j_store.database)


@pytest.mark.neo4j
def test_queries_run_read_only_with_a_row_cap_and_nodes_labelled_by_kind(neo4j_store):
    result = neo4j_store.query("UNWIND range(1, 50) AS i RETURN i", max_rows=10)
    assert len(result.rows) == 10 and result.truncated
    assert neo4j_store.query("RETURN date('2025-10-31') AS d").rows == [["2025-10-31"]]
    assert neo4j_store.examples and neo4j_store.dialect == "neo4j"
    for _, example in neo4j_store.examples:  # every console example parses and runs on Neo4j
        neo4j_store.query(example, {"who": "Post", "id": "russia"})
