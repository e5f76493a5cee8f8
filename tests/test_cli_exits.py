"""Every failure of the command line is one line with the right exit status, and nothing is created by
accident: read-only commands never make a graph, an unknown scheme is refused, and a graph held by a
running `geokg serve` names it (while stats, query and export can still read the graph)."""

from __future__ import annotations

import json
import subprocess

import pytest
from click.testing import CliRunner

from geokg.cli import main
from geokg.remote import serve_file
from tests.conftest import GEOKG


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    return lines[0]


@pytest.mark.parametrize("command", [["stats"], ["export"], ["query", "RETURN 1"]])
def test_a_read_only_command_never_creates_a_graph(tmp_path, command):
    target = tmp_path / "typo" / "graph.lbdb"
    result = run(*command, "--graph", str(target))
    assert result.exit_code == 2
    assert one_line(result.output) == (f"Error: no graph at {target}; `geokg load` creates one "
                                       "(or set --graph or GEOKG_GRAPH)")
    assert not (tmp_path / "typo").exists()


def test_an_unknown_scheme_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("stats", "--graph", "http://example.org/graph")
    assert result.exit_code == 1 and "not http://" in one_line(result.output)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0"])
def test_a_time_limit_must_be_seconds_above_zero(tmp_path, value):
    result = run("query", "RETURN 1", "--timeout", value, "--graph", str(tmp_path / "g.lbdb"))
    assert result.exit_code == 2
    assert "is not a number of seconds above 0" in one_line(result.output)


def test_a_graph_held_by_a_process_that_offers_no_door_names_the_command_and_pid(served, tmp_path):
    graph, server = served.graph, served.process
    serve_file(graph).unlink()  # as a holder that is not `geokg serve` (or an older one) leaves it
    refused = subprocess.run([*GEOKG, "load", str(tmp_path / "none.csv"), "--graph", str(graph)],
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2
    line = one_line(refused.stderr)
    assert f"the graph at {graph} is in use by `" in line and f"serve --graph {graph}" in line
    assert f"(PID {server.pid})" in line and "Traceback" not in refused.stderr


def test_stats_query_and_export_read_a_graph_while_it_is_served(served):
    graph = served.graph
    stats = subprocess.run([*GEOKG, "stats", "--format", "json", "--graph", str(graph)], capture_output=True,
                           text=True, timeout=120)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["nodes"]["State"] == 5
    query = subprocess.run([*GEOKG, "query", "MATCH (s:State) RETURN count(s) AS n", "--format", "json",
                            "--graph", str(graph)], capture_output=True, text=True, timeout=120)
    assert query.returncode == 0 and json.loads(query.stdout) == [{"n": 5}], query.stderr
