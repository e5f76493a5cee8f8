"""The Cypher console over a real embedded store: reads answer, writes are refused, runaways are stopped."""

from __future__ import annotations

from dashboard.callbacks_console import example_params
from dashboard.console import cell, parse_params, result_graph, result_table, run
from tests.conftest import RUNAWAY


def test_a_read_query_returns_a_table_and_a_graph(explorer):
    out = run(explorer, "MATCH (a)-[r]->(b) WHERE a.id = $id RETURN a, r, b", '{"id": "il-76"}')
    assert out.ok and out.columns == ["a", "r", "b"] and len(out.rows) == 3
    assert out.rows[0]["a"] == '(:Aircraft {"id": "il-76", "name": "Ilyushin Il-76 (sanctioned)"})'
    kinds = {e["data"].get("kind") for e in out.graph if "source" not in e["data"]}
    assert "Aircraft" in kinds
    assert sum("source" in e["data"] for e in out.graph) == 3
    assert set(out.entity_ids) == {"il-76", "caracas", "russia", "united-states"}
    assert out.note.startswith("3 rows in ")


def test_a_write_is_refused_with_the_engines_own_words(explorer):
    out = run(explorer, "CREATE (n:State {id: 'atlantis', name: 'Atlantis'})", "")
    assert not out.ok
    assert out.note.startswith("Refused") and "does not just read the graph" in out.note
    assert explorer.entities(["atlantis"]) == []


def test_a_runaway_query_is_stopped_at_the_time_limit(explorer):
    out = run(explorer, RUNAWAY, "", timeout_s=1.5)
    assert not out.ok and "1.5 s time limit" in out.note
    assert run(explorer, "MATCH (n:State) RETURN count(*) AS n", "").rows == [{"n": "5"}], "the console still works"


def test_rows_past_the_cap_are_cut_with_a_clear_note(explorer):
    out = run(explorer, "UNWIND range(1, 50) AS x RETURN x", "", max_rows=10)
    assert out.ok and out.truncated and len(out.rows) == 10
    assert "cut at the console's row cap" in out.note


def test_bad_input_is_explained_not_run(explorer):
    assert "valid JSON" in run(explorer, "RETURN 1", "{id: russia}").note
    assert "JSON object" in run(explorer, "RETURN 1", "[1, 2]").note
    assert "Write a query" in run(explorer, "   ", "").note
    assert "refused" in run(explorer, "MATCH (n RETURN n", "").note


def test_parameters_and_cells():
    assert parse_params("") == {} and parse_params('{"id": "x", "n": 2}') == {"id": "x", "n": 2}
    assert cell(["a", 1, None]) == '[a, 1, null]'
    assert cell("<b>x</b>") == "<b>x</b>", "cells are text; the table never renders markup"
    assert len(cell("x" * 1000)) <= 300


def test_result_graph_takes_paths_apart():
    a = {"_label": "State", "id": "a", "name": "A"}
    b = {"_label": "State", "id": "b", "name": "B"}
    r = {"_type": "SUPPORTS", "_start": "a", "_end": "c", "id": "a>SUPPORTS>c", "status": "hedged"}
    elements, ids = result_graph([[[a, b], [r]]])
    assert ids == ["a", "b", "c"]
    assert {e["data"]["id"] for e in elements} == {"a", "b"}, "a relationship whose end is missing is not drawn"
    s = {"_type": "SUPPORTS", "_start": "a", "_end": "b", "id": "a>SUPPORTS>b"}
    path = {"_nodes": [a, b], "_rels": [s]}  # how the Neo4j store hands back a path
    elements, ids = result_graph([[path]])
    assert ids == ["a", "b"] and "a>SUPPORTS>b" in {e["data"]["id"] for e in elements}
    assert cell(path) == "<path of 1 relationship>"


def test_examples_get_the_selected_entity_as_id():
    assert example_params("MATCH (a) WHERE a.id = $id AND a.x = $who RETURN a", "russia") == \
        '{"id": "russia", "who": ""}'
    assert example_params("RETURN 1", None) == ""


def test_the_result_table_is_text():
    from dash import html

    table = result_table(["a"], [{"a": "<img src=x onerror=alert(1)>"}])
    assert isinstance(table, html.Table)
    assert table.children[1].children[0].children[0].children == "<img src=x onerror=alert(1)>"
    assert result_table([], []) is None
