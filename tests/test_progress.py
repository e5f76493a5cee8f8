"""A long load says what it is doing on stderr; a short one says nothing beyond its report."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner

import geokg.progress
from geokg.cli import main
from geokg.progress import LoadProgress


def steps_through(stream: io.StringIO, terminal: bool) -> str:
    with LoadProgress(stream, 4, terminal=terminal) as progress:
        progress("reading")
        progress("writing 5 claims")
    return stream.getvalue()


def test_a_long_load_writes_a_line_per_step_to_a_log(monkeypatch):
    monkeypatch.setattr(geokg.progress, "DELAY_S", 0.0)
    lines = steps_through(io.StringIO(), terminal=False).splitlines()
    assert [line.split(" (")[0] for line in lines[:2]] == ["load: reading", "load: writing 5 claims"]
    assert lines[-1].startswith("load: done in ")


def test_a_long_load_draws_one_bar_in_place_on_a_terminal(monkeypatch):
    monkeypatch.setattr(geokg.progress, "DELAY_S", 0.0)
    out = steps_through(io.StringIO(), terminal=True)
    assert "\r\033[K[#####---------------] writing 5 claims (" in out  # one step of four done
    assert out.count("\n") == 1 and out.endswith("\n") and "done in " in out.splitlines()[-1]


def test_a_load_that_fails_is_not_said_to_be_done(monkeypatch):
    monkeypatch.setattr(geokg.progress, "DELAY_S", 0.0)
    stream = io.StringIO()
    with pytest.raises(ValueError), LoadProgress(stream, 4, terminal=False) as progress:
        progress("reading")
        raise ValueError("a bad file")
    assert stream.getvalue().splitlines()[-1].startswith("load: stopped after ")


def test_a_short_load_shows_nothing(monkeypatch):
    monkeypatch.setattr(geokg.progress, "DELAY_S", 60.0)
    assert steps_through(io.StringIO(), terminal=False) == ""


def test_geokg_load_reports_its_steps(monkeypatch, tmp_path):
    monkeypatch.setattr(geokg.progress, "DELAY_S", 0.0)
    result = CliRunner().invoke(main, ["load", "--graph", str(tmp_path / "graph.lbdb")], catch_exceptions=False)
    assert result.exit_code == 0
    assert [line.split(" (")[0] for line in result.stderr.splitlines() if not line.startswith("load: done")] == [
        "load: fingerprinting the files", "load: reading", "load: checking and planning 61 claims",
        "load: writing 61 claims and 62 relations"]
    assert "claims     61 created" in result.stdout
