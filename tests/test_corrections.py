"""Corrections and unloads: loading a changed version of an input replaces what its source said, keeping the
earlier claims as history; `unload` removes a source and what only it supported. Both on the real engine."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from geokg.cli import main
from graph.exc import GeoKGError
from loaders.plan import load
from loaders.unload import plan_unload
from tests.conftest import DATA, copy_of, neo4j_store_or_skip

MINI = DATA / "mini"
SECOND = DATA / "second-source"
ARRIVED = "il-76>ARRIVED_IN>caracas"


@pytest.fixture
def corpus(tmp_path) -> Path:
    return Path(shutil.copytree(MINI, tmp_path / "corpus"))


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def loaded(request, loaded_file, tmp_path):
    """The mini corpus loaded, on each store: corrections go through each store's own write."""
    if request.param == "embedded":
        store = copy_of(loaded_file(MINI), tmp_path)
    else:
        store = neo4j_store_or_skip(request)
        load([MINI], store)
    yield store
    store.close()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def drop_row(path: Path, claim_id: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(f"{claim_id},")]
    assert len(kept) == len(lines) - 1, f"test setup: no row {claim_id!r}"
    path.write_text("".join(kept), encoding="utf-8")


def retired(store) -> dict[str, dict]:
    rows = store.query("MATCH (c:Claim) WHERE c.retired <> '' RETURN c.id, c.retired, c.summary, c.retired_at").rows
    return {r[0]: {"retired": r[1], "summary": r[2], "at": r[3]} for r in rows}


def test_a_changed_claim_supersedes_the_stored_one_which_stays_as_history(loaded, corpus):
    edit(corpus / "claims.csv", "An Il-76 landed in Caracas on Sunday", "An Il-76 landed in Caracas")
    report = load([corpus], loaded).report
    assert report.counts["claims"] == {"changed": 1, "skipped": 4}
    assert any("'il-76-arrived-caracas' changed" in note for note in report.notes)
    (claim,) = loaded.claims(["il-76-arrived-caracas"])
    assert claim["summary"].startswith("An Il-76 landed in Caracas") and "Sunday" not in claim["summary"]
    (old_id, old), = retired(loaded).items()
    assert old_id.startswith("il-76-arrived-caracas@") and old["retired"] == "superseded" and "Sunday" in old["summary"]
    assert old["at"]
    assert loaded.edge(ARRIVED)["claim_ids"] == ["il-76-arrived-caracas"]  # the edge counts the standing version
    assert old_id not in {c["id"] for c in loaded.claims_about("il-76")}


def test_a_claim_the_source_no_longer_makes_is_withdrawn_and_its_lone_edge_goes(loaded, corpus):
    assert loaded.edge(ARRIVED) is not None
    drop_row(corpus / "claims.csv", "il-76-arrived-caracas")
    report = load([corpus], loaded).report
    assert report.counts["claims"]["withdrawn"] == 1
    assert report.counts["relations"] == {"removed (no standing claim)": 1}
    assert loaded.edge(ARRIVED) is None
    assert [v["retired"] for v in retired(loaded).values()] == ["withdrawn"]
    assert "il-76-arrived-caracas" not in {c["id"] for c in loaded.claims_about("il-76")}
    load([MINI], loaded)  # the source says it again: it stands again, the withdrawn version stays history
    assert loaded.edge(ARRIVED)["claim_ids"] == ["il-76-arrived-caracas"]
    assert len(retired(loaded)) == 1


def test_a_withdrawn_claim_leaves_a_shared_edge_summarised_from_what_stands(loaded, corpus):
    edge = "nicolas-maduro>REQUESTED_FROM>vladimir-putin"
    assert loaded.edge(edge)["status"] == "asserted"
    drop_row(corpus / "claims.csv", "maduro-asks-putin-radars")
    load([corpus], loaded)
    after = loaded.edge(edge)
    assert after["claim_ids"] == ["maduro-asks-putin-missiles"] and after["status"] == "hedged"


def test_a_changed_source_text_replaces_the_stored_one(loaded, corpus):
    with open(corpus / "report.el.txt", "a", encoding="utf-8") as f:
        f.write("Μια νέα πρόταση.\n")
    report = load([corpus], loaded).report
    assert report.counts["sources"] == {"changed": 1}
    assert loaded.source_texts(["mini-report"])["mini-report"].endswith("Μια νέα πρόταση.\n")
    assert "claims" not in report.counts or set(report.counts["claims"]) == {"skipped"}


def test_claims_citing_a_stored_source_without_restating_it_add_and_withdraw_nothing(loaded, tmp_path):
    (tmp_path / "claims.csv").write_text(
        (MINI / "claims.csv").read_text(encoding="utf-8").splitlines(keepends=True)[0]
        + (MINI / "claims.csv").read_text(encoding="utf-8").splitlines(keepends=True)[1], encoding="utf-8")
    report = load([tmp_path / "claims.csv"], loaded).report
    assert report.counts["claims"] == {"skipped": 1}


def test_unload_removes_the_source_its_claims_and_what_only_they_named(loaded):
    load([SECOND], loaded)
    before = loaded.export()
    second = {c["id"] for c in before["claims"] if c["source_id"] != "mini-report"}
    batch = plan_unload("mini-report", loaded)
    assert loaded.export() == before, "planning an unload writes nothing"
    loaded.write(batch)
    after = loaded.export()
    assert {s["id"] for s in after["sources"]} == {s["id"] for s in before["sources"]} - {"mini-report"}
    assert {c["id"] for c in after["claims"]} == second
    kept = {e["id"] for e in after["entities"]}
    assert "il-76" not in kept and "caracas" not in kept  # only the mini report named them
    named = {c[k] for c in after["claims"] for k in ("subject_id", "object_id") if c[k]}
    assert named <= kept
    assert all(set(r["claim_ids"]) <= second for r in after["relations"])
    assert load([MINI], loaded).report.counts["sources"] == {"created": 1}  # not "already loaded"


def test_unload_of_an_unknown_source_names_the_closest(loaded):
    with pytest.raises(GeoKGError, match="no source 'mini-reprot' in the graph; did you mean 'mini-report'"):
        plan_unload("mini-reprot", loaded)


def test_the_unload_command_shows_what_goes_and_asks(loaded_file, tmp_path):
    graph = tmp_path / "graph.lbdb"
    shutil.copyfile(loaded_file(MINI), graph)
    runner = CliRunner()
    said_no = runner.invoke(main, ["unload", "mini-report", "--graph", str(graph)], input="n\n")
    assert "claim il-76-arrived-caracas" in said_no.output and "Nothing was removed." in said_no.output
    assert "entities" in said_no.output
    done = runner.invoke(main, ["unload", "mini-report", "--yes", "--graph", str(graph)])
    assert done.exit_code == 0, done.output
    stats = runner.invoke(main, ["stats", "--format", "json", "--graph", str(graph)])
    assert json.loads(stats.output)["nodes"].get("Source", 0) == 0 and "Claim" not in stats.output
