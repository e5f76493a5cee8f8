"""Every CLI command with its formats, run as a user runs it, on a real embedded graph."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from click.testing import CliRunner

from geokg.cli import main
from seeds import BUNDLED
from tests.conftest import DATA, RUNAWAY


@pytest.fixture
def graph(tmp_path) -> str:
    return str(tmp_path / "graph.lbdb")


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def seeded_graph(graph, seeded_file) -> str:
    """A graph that `geokg load` has loaded the seeds into (test_load_reports_what_it_did runs that load)."""
    shutil.copyfile(seeded_file, graph)
    return graph


def test_load_reports_what_it_did(graph):
    seed_claims = len((BUNDLED / "claims.csv").read_text(encoding="utf-8").splitlines()) - 1
    first = run("load", "--graph", graph)
    assert first.exit_code == 0
    assert f"claims     {seed_claims} created" in first.output and "entities" in first.output
    again = run("load", "--graph", graph)
    assert again.exit_code == 0 and "Already loaded" in again.output
    forced = run("load", "--graph", graph, "--force")
    assert forced.exit_code == 0 and "created" not in forced.output and f"{seed_claims} skipped" in forced.output


def test_load_bad_input_lists_every_problem_and_exits_1(seeded_graph, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "claims.csv").write_text(
        "id,source_id,subject,relation,object,status,confidence,attribution,quote,summary\n"
        "x,nowhere,Atlantis,RATIFIED,russia,sure,2,someone,q,s\n", encoding="utf-8")
    before = run("export", "--graph", seeded_graph).output
    result = CliRunner().invoke(main, ["load", "--graph", seeded_graph, str(bad)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for field in ("'status'", "'confidence'", "'subject'", "'source_id'"):
        assert f"claims.csv, row 2, field {field}" in result.output
    assert "graph is unchanged" in result.output
    assert run("export", "--graph", seeded_graph).output == before


def test_load_files_and_folders(graph):
    result = run("load", "--graph", graph, str(DATA / "mini"), str(DATA / "second-source" / "claims.csv"),
                 str(DATA / "second-source" / "sources.csv"))
    assert result.exit_code == 0, result.output


def test_graph_from_the_environment(graph):
    assert run("load", env={"GEOKG_GRAPH": graph}).exit_code == 0
    assert json.loads(run("stats", "--format", "json", "--graph", graph).output)["nodes"]["State"] == 5


def test_stats_json(seeded_graph):
    stats = json.loads(run("stats", "--graph", seeded_graph, "--format", "json").output)
    assert stats["nodes"]["State"] == 5 and stats["nodes"]["Person"] == 5
    assert stats["relationships"]["SANCTIONED_BY"] == 1 and stats["relationships"]["REQUESTED_FROM"] >= 3


def test_stats_text(seeded_graph):
    output = run("stats", "--graph", seeded_graph).output
    assert "State" in output and "REQUESTED_FROM" in output


def test_query_formats(seeded_graph):
    cypher = "MATCH (s:State) RETURN s.id AS id, s.name AS name ORDER BY id"
    rows = json.loads(run("query", cypher, "--graph", seeded_graph, "--format", "json").output)
    assert rows[0] == {"id": "china", "name": "China"} and len(rows) == 5
    table = run("query", cypher, "--graph", seeded_graph).output
    assert "united-states" in table and "(5 rows)" in table
    parsed = list(csv.reader(io.StringIO(run("query", cypher, "--graph", seeded_graph, "--format", "csv").output)))
    assert parsed[0] == ["id", "name"] and parsed[1] == ["china", "China"]


def test_query_parameters(seeded_graph):
    result = run("query", "MATCH (n:Person) WHERE n.id = $id RETURN n.name AS name", "--graph", seeded_graph,
                 "--param", "id=donald-trump", "--format", "json")
    assert json.loads(result.output) == [{"name": "Donald Trump"}]
    result = run("query", "RETURN $n + 1 AS m", "--graph", seeded_graph, "--param", "n=41", "--format", "json")
    assert json.loads(result.output) == [{"m": 42}]


def test_query_refuses_a_write(seeded_graph):
    result = CliRunner().invoke(main, ["query", "MATCH (n) DETACH DELETE n", "--graph", seeded_graph])
    assert result.exit_code == 1 and "query failed" in result.output and "Traceback" not in result.output
    assert json.loads(run("stats", "--graph", seeded_graph, "--format", "json").output)["nodes"]["State"] == 5


def test_query_row_cap_is_announced(seeded_graph):
    result = CliRunner().invoke(main, ["query", "MATCH (c:Claim) RETURN c.id", "--graph", seeded_graph,
                                       "--max-rows", "3", "--format", "json"])
    assert len(json.loads(result.stdout)) == 3
    assert "rows cut at 3" in result.stderr


def test_query_time_limit(seeded_graph):
    result = CliRunner().invoke(main, ["query", RUNAWAY,
                                       "--graph", seeded_graph, "--timeout", "2"])
    assert result.exit_code == 1 and "time limit" in result.output


def test_export_json(seeded_graph):
    exported = json.loads(run("export", "--graph", seeded_graph, "--format", "json").output)
    assert set(exported) == {"entities", "relations", "claims", "sources"}
    assert all({"id", "source_id", "quote", "status"} <= set(c) for c in exported["claims"])
    assert all(r["claim_ids"] for r in exported["relations"])
    assert exported["sources"][0]["text"].startswith("Έγγραφα")
