"""Loading: every kind of bad input is reported with file, row and field, and the graph stays as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from graph.exc import GeoKGError, InvalidData
from loaders.plan import load, plan, read_input
from tests.conftest import DATA, copy_of

MINI = DATA / "mini"


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A writable copy of the mini corpus, for a test to break."""
    return Path(shutil.copytree(MINI, tmp_path / "corpus"))


@pytest.fixture
def loaded(loaded_file, tmp_path):
    with copy_of(loaded_file(MINI), tmp_path) as store:
        yield store


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(store, paths) -> list:
    before = store.export()
    with pytest.raises(InvalidData) as caught:
        load(paths, store)
    assert store.export() == before, "a failed load must leave the graph exactly as it was"
    return caught.value.problems


def only(problems, field: str | None):
    assert len(problems) == 1, [str(p) for p in problems]
    assert problems[0].field == field, str(problems[0])
    return problems[0]


def test_mini_corpus_loads(embedded):
    batch = load([MINI], embedded)
    assert batch.report.counts["claims"] == {"created": 5}
    counts = embedded.counts()
    assert counts["relationships"]["REQUESTED_FROM"] == 1  # two claims, one edge
    assert counts["relationships"]["SOUGHT"] == 2  # one per requested item
    assert counts["nodes"]["Person"] == 2


def test_second_load_changes_nothing(loaded):
    before = loaded.export()
    batch = load([MINI], loaded)
    assert batch.is_empty() and batch.report.counts == {"inputs": {"already loaded": 1}}
    assert loaded.export() == before


def test_forced_reload_revalidates_and_still_changes_nothing(loaded):
    before = loaded.export()
    batch = load([MINI], loaded, force=True)
    assert batch.is_empty()
    assert batch.report.total("created") == 0 and batch.report.counts["claims"] == {"skipped": 5}
    assert loaded.export() == before


def test_greek_forms_resolve_to_one_entity(loaded):
    edges = {e["id"]: e for e in loaded.export()["relations"]}
    # subject written "Μαδούρο", "maduro"; object "Πούτιν", "vladimir-putin": one edge
    edge = edges["nicolas-maduro>REQUESTED_FROM>vladimir-putin"]
    assert edge["claim_ids"] == ["maduro-asks-putin-radars", "maduro-asks-putin-missiles"]  # by status: asserted first
    assert [i["id"] for i in edge["items"]] == ["missiles", "radars"]
    assert edge["status"] == "asserted"  # one asserted, one hedged
    missiles = edge["items"][0]  # named only by the hedged claim, so hedged, whatever the edge says
    assert (missiles["status"], missiles["claim_ids"], missiles["supporting_sources"]) == (
        "hedged", ["maduro-asks-putin-missiles"], 1)
    assert [n["id"] for n in loaded.search("ΜΑΔΟΥΡΟ")] == ["nicolas-maduro"]
    assert [n["id"] for n in loaded.search("путин")] == ["vladimir-putin"]


def test_a_denial_makes_the_edge_contested_and_never_corroborates(loaded):
    edge = {e["id"]: e for e in loaded.export()["relations"]}["il-76>BELONGS_TO>russia"]
    assert edge["status"] == "contested"  # asserted by the report, denied by Russia
    assert edge["statuses"] == {"asserted": 1, "hedged": 0, "denied": 1, "disputed": 0}
    assert (edge["supporting_sources"], edge["disputing_sources"]) == (1, 1)
    assert edge["claim_ids"] == ["il-76-belongs-russia", "russia-denies-il-76"]


def test_second_source_strengthens_the_edge(loaded):
    batch = load([DATA / "second-source"], loaded)
    assert batch.report.counts["relations"] == {"merged": 2}  # REQUESTED_FROM and its SOUGHT item edge
    assert batch.report.counts["entities"] == {"merged": 1}  # new aliases for Maduro
    edges = {e["id"]: e for e in loaded.export()["relations"]}
    edge = edges["nicolas-maduro>REQUESTED_FROM>vladimir-putin"]
    assert edge["supporting_sources"] == 2
    assert edge["source_ids"] == ["mini-report", "second-report"]
    assert "second-maduro-asks-putin-radars" in edge["claim_ids"]
    assert edge["reported_to"] == "2025-11-01"
    assert edges["nicolas-maduro>SOUGHT>radars"]["supporting_sources"] == 2
    assert loaded.counts()["relationships"]["REQUESTED_FROM"] == 1
    assert [n["id"] for n in loaded.search("Мадуро")] == ["nicolas-maduro"]


def late_claim(folder: Path, subject: str, obj: str, attributed_to: str | None = None) -> Path:
    """A claims file of one claim on the mini report, naming its ends as given (and, if given, who tells it)."""
    told = ("attributed_to,", f"{attributed_to},") if attributed_to is not None else ("", "")
    claims = folder / "late-claims.csv"
    claims.write_text(
        f"id,source_id,subject,relation,object,status,confidence,attribution,{told[0]}quote,summary\n"
        f"late,mini-report,{subject},MET_WITH,{obj},asserted,0.9,Example News,{told[1]}Πούτιν,a late claim\n",
        encoding="utf-8")
    return claims


def test_claims_alone_may_refer_to_the_graph(loaded, tmp_path):
    batch = load([late_claim(tmp_path, "Πούτιν", "Μαδούρο")], loaded)
    assert batch.report.counts["relations"] == {"created": 1}
    late = loaded.claims(["late"])[0]
    assert late["date"] is None  # the text gives no date: none is invented
    assert (late["reported"], late["when_from"], late["when_to"]) == ("2025-10-31",) * 3  # placed by its report


def test_another_case_of_one_entitys_name_is_read_as_that_name_and_the_report_says_so(loaded, tmp_path):
    """Путина and Μαδούρου are the genitives of names the graph knows, and of no other entity's."""
    batch = load([late_claim(tmp_path, "Путина", "Μαδούρου", attributed_to="России")], loaded)
    late = loaded.claims(["late"])[0]
    assert (late["subject_id"], late["object_id"], late["attributed_to"]) == (
        "vladimir-putin", "nicolas-maduro", ["russia"])
    assert batch.report.notes == [
        "'Путина' was read as 'Путин' (vladimir-putin): another form of that name, and of no other",
        "'Μαδούρου' was read as 'Μαδούρο' (nicolas-maduro): another form of that name, and of no other",
        "'России' was read as 'Россия' (russia): another form of that name, and of no other"]


def test_a_typo_or_another_spelling_gets_a_hint_and_never_a_guess(loaded, tmp_path):
    """Ukrainian Росія is Russian Россия spelt apart; 'Vladimir Pootin' a typo: close, but not the same word."""
    claims = late_claim(tmp_path, "Vladimir Pootin", "Μαδούρο", attributed_to="Росія")
    said = {p.field: p.message for p in problems_of(loaded, [claims])}
    assert said == {
        "subject": "no entity has the id, name or alias 'Vladimir Pootin'; did you mean 'Vladimir Putin' "
                   "(vladimir-putin)?",
        "attributed_to": "no entity has the id, name or alias 'Росія'; did you mean 'Россия' (russia)?"}


def test_a_reference_close_to_no_name_gets_no_guess(loaded, tmp_path):
    claims = late_claim(tmp_path, "Atlantis", "Μαδούρο")
    assert only(problems_of(loaded, [claims]), "subject").message == "no entity has the id, name or alias 'Atlantis'"


def test_malformed_csv(loaded, corpus):
    with open(corpus / "claims.csv", "a", encoding="utf-8") as f:
        f.write('unfinished,mini-report,"Μαδούρο\n')
    problem = only(problems_of(loaded, [corpus]), "subject")  # where the quote opens
    assert problem.file.endswith("claims.csv") and "malformed CSV" in problem.message


def test_too_many_fields(loaded, corpus):
    edit(corpus / "entities.csv", "A Russian transport aircraft", "A Russian, transport, aircraft")
    problem = only(problems_of(loaded, [corpus]), None)
    assert problem.file.endswith("entities.csv") and problem.row == 6


def test_bytes_that_are_not_utf8(loaded, corpus):
    path = corpus / "entities.csv"
    path.write_bytes(path.read_bytes().replace("Ρωσία".encode(), "Ρωσία".encode("iso-8859-7")))
    problem = only(problems_of(loaded, [corpus]), None)
    assert problem.row == 4 and "not UTF-8" in problem.message


def test_missing_required_column(loaded, corpus):
    edit(corpus / "claims.csv", ",status,", ",state,")
    problem = only(problems_of(loaded, [corpus]), "status")
    assert problem.row == 1 and "missing" in problem.message


def test_unknown_entity_reference(loaded, corpus):
    edit(corpus / "claims.csv", "il-76,ARRIVED_IN,Καράκας", "il-76,ARRIVED_IN,Ατλαντίδα")
    problem = only(problems_of(loaded, [corpus]), "object")
    assert problem.row == 4 and "Ατλαντίδα" in problem.message


def test_unknown_item_reference(loaded, corpus):
    edit(corpus / "claims.csv", "Πούτιν,ραντάρ,", "Πούτιν,ραντάρ | τανκς,")
    assert "τανκς" in only(problems_of(loaded, [corpus]), "items").message


def test_relation_between_kinds_the_model_forbids(loaded, corpus):
    edit(corpus / "claims.csv", "il-76,ARRIVED_IN,Καράκας", "il-76,RATIFIED,Καράκας")
    problem = only(problems_of(loaded, [corpus]), "relation")
    assert "RATIFIED cannot join an Aircraft to a Place" in problem.message


def test_quote_not_in_source(loaded, corpus):
    edit(corpus / "claims.csv", "Την Κυριακή ένα Il-76 έφτασε στο Καράκας", "Τη Δευτέρα ένα Il-76 έφτασε")
    problem = only(problems_of(loaded, [corpus]), "quote")
    assert problem.row == 4 and "mini-report" in problem.message


def test_duplicate_id_with_conflicting_content_in_one_file(loaded, corpus):
    with open(corpus / "entities.csv", "a", encoding="utf-8") as f:
        f.write("russia,Place,Russia,,\n")
    assert {p.field for p in problems_of(loaded, [corpus])} == {"id"}


def test_entity_kind_conflicting_with_the_graph(loaded, tmp_path):
    (tmp_path / "entities.csv").write_text("id,kind,name\nrussia,Place,Russia\n", encoding="utf-8")
    assert "is a State" in only(problems_of(loaded, [tmp_path]), "kind").message


def test_alias_shared_by_two_entities(loaded, tmp_path):
    (tmp_path / "entities.csv").write_text("id,kind,name,aliases\nmoscow,Place,Moscow,Россия\n", encoding="utf-8")
    assert "already names 'russia'" in only(problems_of(loaded, [tmp_path]), "aliases").message


def test_date_that_does_not_parse(loaded, corpus):
    edit(corpus / "claims.csv", "2025-10-26,day", "2025-02-30,day")
    assert only(problems_of(loaded, [corpus]), "date").row == 4


def test_date_in_the_wrong_form_for_its_precision(loaded, corpus):
    edit(corpus / "claims.csv", "2025-10-26,day", "2025-10,day")
    assert only(problems_of(loaded, [corpus]), "date").row == 4


def test_empty_file(loaded, corpus):
    (corpus / "claims.csv").write_text("", encoding="utf-8")
    assert "empty" in only(problems_of(loaded, [corpus]), None).message


def test_claims_whose_source_is_missing(embedded, corpus):
    (corpus / "sources.csv").unlink()
    problems = problems_of(embedded, [corpus])
    assert {p.field for p in problems} == {"source_id"} and len(problems) == 5


def test_every_problem_is_reported_at_once(loaded, corpus):
    edit(corpus / "claims.csv", "asserted,0.8", "sure,1.8")
    edit(corpus / "claims.csv", "il-76,ARRIVED_IN,Καράκας", "il-76,LANDED_IN,Καράκας")
    fields = sorted(p.field for p in problems_of(loaded, [corpus]))
    assert fields == ["confidence", "relation", "status"]


def test_unknown_file_name_and_missing_path(embedded, tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    problems = problems_of(embedded, [tmp_path / "notes.csv", tmp_path / "absent"])
    by_file = {Path(p.file).name: p.message for p in problems}
    assert by_file["notes.csv"].startswith("cannot tell what it holds")
    assert by_file["absent"] == "no such file or folder"


def test_a_write_that_fails_midway_changes_nothing_and_says_why(loaded, tmp_path):
    """Validation catches bad input; if the engine still fails mid-write, nothing is written, and the message
    gives the engine's real cause (not 'No active transaction for ROLLBACK', which once hid it)."""
    (tmp_path / "entities.csv").write_text("id,kind,name\nbrazil,State,Brazil\n", encoding="utf-8")
    batch = plan(read_input([tmp_path]), loaded)
    batch.new_entities = pd.concat([batch.new_entities, batch.new_entities])  # a duplicate key fails the COPY
    before = loaded.export()
    with pytest.raises(GeoKGError) as caught:
        loaded.write(batch)
    message = str(caught.value)
    assert message.startswith("the write failed, nothing was written: ") and "brazil" in message
    assert "duplicate" in message.lower() and "ROLLBACK" not in message
    assert loaded.export() == before
    assert not list(loaded.path.parent.glob("*.loading*")), "the half-written copy is gone"
