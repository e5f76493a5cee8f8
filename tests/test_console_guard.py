"""The Cypher console reads the graph and nothing else, on every store: no files, no URLs, no settings, no
extensions, no other databases, no writes; within a memory cap and a pool of a few workers.

Each refused form is tried for real on the store of its dialect (Neo4j's skip without a Neo4j); the plan
checks are also tested as plain functions on plans shaped as each engine gives them.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path

import pytest

from graph import guard
from graph.embedded import EmbeddedStore
from graph.embedded.sandbox import QueryRunner
from graph.exc import QueryBusy, QueryError, QueryRefused
from tests.conftest import MEMORY_HOG, RUNAWAY

SCRATCH = "/tmp/geokg-guard-test"  # where a refused statement would have written

EMBEDDED_REFUSED = {
    "LOAD FROM": "LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *",
    "LOAD WITH HEADERS": "LOAD WITH HEADERS (l STRING) FROM '/etc/passwd' (file_format='csv', header=false) RETURN l",
    "COPY TO": f"COPY (RETURN 'x' AS x) TO '{SCRATCH}.csv'",
    "COPY FROM": f"COPY State FROM '{SCRATCH}.csv'",
    "EXPORT DATABASE": f"EXPORT DATABASE '{SCRATCH}-export'",
    "IMPORT DATABASE": f"IMPORT DATABASE '{SCRATCH}-export'",
    "ATTACH": f"ATTACH '{SCRATCH}.lbdb' AS other (dbtype lbug)",
    "INSTALL EXTENSION": "INSTALL httpfs",
    "LOAD EXTENSION": "LOAD EXTENSION httpfs",
    "CALL x=y": "CALL timeout=1",
    "a setting read": "CALL current_setting('home_directory') RETURN *",
    "a second statement": f"MATCH (n:State) RETURN n.id; COPY (RETURN 1 AS x) TO '{SCRATCH}-2.csv'",
    "CREATE": "CREATE (:State {id: 'atlantis', name: 'Atlantis'})",
    "SET": "MATCH (s:State) SET s.name = 'x'",
    "DETACH DELETE": "MATCH (n) DETACH DELETE n",
    "schema": "CREATE NODE TABLE Planet(id STRING PRIMARY KEY)",
}
NEO4J_REFUSED = {
    "LOAD CSV from a file": "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "LOAD CSV from a URL": "LOAD CSV FROM 'http://169.254.169.254/latest/meta-data/' AS line RETURN line",
    "CALL dbms.*": "CALL dbms.components() YIELD name RETURN name",
    "CALL apoc.*": "CALL apoc.help('load') YIELD name RETURN name",
    "an apoc function": "RETURN apoc.text.join(['a', 'b'], ',') AS x",
    "a second statement": "MATCH (n) RETURN n; MATCH (m) RETURN m",
    "CREATE": "CREATE (:State {id: 'atlantis', name: 'Atlantis'})",
    "USE another database": "USE system SHOW USERS",
}


def forms(dialect: str) -> list:
    return list((EMBEDDED_REFUSED if dialect == "ladybug" else NEO4J_REFUSED).items())


@pytest.mark.parametrize("form", sorted(EMBEDDED_REFUSED) + sorted(set(NEO4J_REFUSED) - set(EMBEDDED_REFUSED)))
def test_each_form_that_does_more_than_read_is_refused(seeded_to_read, form):
    queries = dict(forms(seeded_to_read.dialect))
    if form not in queries:
        pytest.skip(f"{form} is a form of the other engine's Cypher")
    before = seeded_to_read.counts()
    with pytest.raises(QueryRefused) as caught:
        seeded_to_read.query(queries[form], timeout_s=30)
    assert str(caught.value).startswith("refused: "), caught.value
    assert seeded_to_read.counts() == before
    assert not list(Path("/tmp").glob("geokg-guard-test*")), "a refused statement left a file behind"


def test_reads_run_and_the_console_lists_its_tables(seeded_to_read):
    assert seeded_to_read.query("MATCH (s:State) RETURN s.id AS id ORDER BY id").rows[0] == ["china"]
    if seeded_to_read.dialect == "ladybug":
        tables = {row[1] for row in seeded_to_read.query("CALL show_tables() RETURN *").rows}
        assert {"State", "Claim", "REQUESTED_FROM", "STATED_IN"} <= tables


def test_a_refused_setting_cannot_outlive_its_query(seeded):
    with pytest.raises(QueryRefused):
        seeded.query("CALL timeout=1" if seeded.dialect == "ladybug" else "CALL dbms.setConfigValue('x', 'y')")
    assert seeded.query("UNWIND range(1, 200000) AS x RETURN count(x)").rows == [[200000]]


def test_a_query_written_the_neo4j_way_gets_the_embedded_form(embedded):
    for neo4j_form, hint in (("MATCH (a)-[r]->(b) RETURN type(r)", "label(r)"),
                             ("MATCH p = shortestPath((a)-[*]-(b)) RETURN p", "SHORTEST 1..6"),
                             ("MATCH (n:Entity) RETURN n", "no Entity label")):
        with pytest.raises(QueryError) as caught:
            embedded.query(neo4j_form)
        assert "on the embedded graph: " in str(caught.value) and hint in str(caught.value), str(caught.value)


# --- the plan checks as plain functions ------------------------------------------------------------------

@pytest.mark.parametrize("text", ["MATCH (n) RETURN n", "  optional match (n) return n", "WITH 1 AS x RETURN x",
                                  "// a comment first\nMATCH (n) RETURN n", "MATCH (n) WHERE n.name = 'a; b' RETURN n",
                                  "MATCH (n) RETURN n;", "CALL db.labels()", "UNWIND [1] AS x RETURN x"])
def test_one_statement_that_starts_as_a_read_passes_the_text_check(text):
    guard.check_text(text)


@pytest.mark.parametrize("text, why", [
    ("LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", "starting with LOAD"),
    ("EXPORT DATABASE '/x'", "starting with EXPORT"),
    ("MATCH (n) RETURN n; DROP TABLE State", "one statement at a time"),
    ("/* */ CREATE (n)", "starting with CREATE"),
    ("", "starting with "),
])
def test_anything_else_is_refused_before_the_engine_plans_it(text, why):
    with pytest.raises(QueryRefused, match=why):
        guard.check_text(text)


def ladybug_plan(*operators: str, function: str | None = None) -> str:
    """A plan drawn as LadybugDB's EXPLAIN draws it: boxes named OPERATOR[n]."""
    boxes = [f"│ {name}[{n}] │" for n, name in enumerate(operators)]
    if function:
        boxes.append(f"│ Function: {function} │")
    return "\n".join(boxes)


def test_a_ladybug_plan_of_reads_passes_and_anything_else_is_named():
    guard.check_ladybug_plan(ladybug_plan("RESULT_COLLECTOR", "PROJECTION", "SCAN_NODE_TABLE", "TABLE_FUNCTION_CALL",
                                          function="READ_FTABLE"))
    with pytest.raises(QueryRefused, match="COPY_TO, which writes a file"):
        guard.check_ladybug_plan(ladybug_plan("RESULT_COLLECTOR", "COPY_TO"))
    with pytest.raises(QueryRefused, match="READ_CSV_PARALLEL"):
        guard.check_ladybug_plan(ladybug_plan("TABLE_FUNCTION_CALL", function="READ_CSV_PARALLEL"))
    with pytest.raises(QueryRefused, match="SOME_FUTURE_OPERATOR"):  # an allow-list: the unknown is refused too
        guard.check_ladybug_plan(ladybug_plan("RESULT_COLLECTOR", "SOME_FUTURE_OPERATOR"))


def neo4j_plan(*operators: tuple[str, str]) -> dict:
    """A plan as the Neo4j driver gives it (ResultSummary.plan): nested operators with their details."""
    plan: dict = {}
    for name, details in reversed(operators):
        plan = {"operatorType": f"{name}@neo4j", "args": {"Details": details}, "children": [plan] if plan else []}
    return plan


def test_a_neo4j_plan_of_reads_passes_and_files_urls_procedures_and_plugins_do_not():
    guard.check_neo4j_plan(neo4j_plan(("ProduceResults", "n"), ("Filter", "n.id = $id"),
                                      ("NodeByLabelScan", "n:State")))
    guard.check_neo4j_plan(neo4j_plan(("ProduceResults", "node"),
                                      ("ProcedureCall", "db.index.fulltext.queryNodes($n, $q) :: (node :: NODE)")))
    guard.check_neo4j_plan(neo4j_plan(("ProduceResults", "d"), ("Projection", "point.distance(a, b) AS d")))
    refusals = {
        "LoadCSV": neo4j_plan(("ProduceResults", "line"), ("LoadCSV", "line")),
        "dbms.components": neo4j_plan(("ProduceResults", "name"), ("ProcedureCall", "dbms.components() :: (name)")),
        "apoc.text.join": neo4j_plan(("ProduceResults", "x"), ("Projection", "apoc.text.join($list, $sep) AS x")),
        "Create": neo4j_plan(("ProduceResults", ""), ("EmptyResult", ""), ("Create", "(anon_0:State)")),
    }
    for named, plan in refusals.items():
        with pytest.raises(QueryRefused, match=named.replace(".", r"\.")):
            guard.check_neo4j_plan(plan)


# --- limits: memory, pool, and a deadline that starts when the worker is ready --------------------------

@pytest.fixture
def graph_path(tmp_path) -> str:
    EmbeddedStore(tmp_path / "graph.lbdb").close()
    return str(tmp_path / "graph.lbdb")


def test_a_query_that_grows_without_bound_is_stopped_at_the_memory_cap(graph_path):
    runner = QueryRunner(graph_path, memory_mb=512)
    try:
        with pytest.raises(QueryError, match="more than 512 MB of memory"):
            runner.run(MEMORY_HOG, None, timeout_s=300, max_rows=10)
        assert runner.run("RETURN 1 AS one", None, timeout_s=30, max_rows=10).rows == [[1]]
    finally:
        runner.close()


def test_a_full_pool_turns_a_query_away_instead_of_starting_another_worker(graph_path):
    others = set(multiprocessing.active_children())
    runner = QueryRunner(graph_path, workers=1)
    runner.warm()
    outcome: dict = {}
    busy = threading.Thread(target=lambda: outcome.setdefault("first", _catch(runner, RUNAWAY, 600)))
    busy.start()
    while runner._slots._value:  # until the runaway holds the only slot
        time.sleep(0.01)
    (worker,) = set(multiprocessing.active_children()) - others
    with pytest.raises(QueryBusy, match="busy"):
        runner.run("RETURN 1", None, timeout_s=30, max_rows=10)
    assert set(multiprocessing.active_children()) - others == {worker}, "a turned-away query started a worker"
    worker.kill()  # ends the runaway now rather than at its limit
    busy.join(timeout=120)
    assert isinstance(outcome["first"], QueryError)
    runner.close()


def _catch(runner: QueryRunner, cypher: str, timeout_s: float):
    try:
        return runner.run(cypher, None, timeout_s=timeout_s, max_rows=10)
    except QueryError as e:
        return e


def test_the_time_limit_counts_from_when_the_worker_is_ready(graph_path):
    """A cold start (a new process opening the graph) takes longer than this limit; the query still runs."""
    runner = QueryRunner(graph_path)
    try:
        assert runner.run("RETURN 1 AS one", None, timeout_s=0.05, max_rows=10).rows == [[1]]
    finally:
        runner.close()
