"""OpenSanctions (FollowTheMoney) files on top of the seeds: what maps to what, merging, and bad lines."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from geokg.cli import main
from graph.embedded import EmbeddedStore
from graph.exc import InvalidData
from graph.model import MODEL
from loaders.ftm import IDENTIFIERS, KINDS, LINKS, SANCTIONED_BY, date_of, entity_id, kind_of
from loaders.plan import load
from tests.conftest import DATA, copy_of

FTM = DATA / "ftm" / "sanctions.ftm.json"
OFAC = "authority-us-office-of-foreign-assets-control"
OFAC_SDN = "opensanctions-us-ofac-sdn"
MADURO_FTM = entity_id("NK-7Fx9aZk2")  # the FtM person that carries Maduro's Wikidata item
PDVSA = entity_id("NK-PdvsaC0")


@pytest.fixture(scope="module")
def loaded(seeded_file, tmp_path_factory):
    """The seeds with the FtM file loaded on top, shared by the tests that only read it."""
    with copy_of(seeded_file, tmp_path_factory.mktemp("ftm")) as store:
        before = store.counts()
        batch = load([FTM], store)
        yield store, batch, before


def test_the_mapping_names_only_what_ftm_and_the_model_know():
    from followthemoney import model

    assert all(model.get(s) for s in [*KINDS, *(s for s, _ in IDENTIFIERS), *(s for s, _ in LINKS)])
    assert all(model.get(s).get(p) for s, p in [*IDENTIFIERS, *LINKS])
    assert set(KINDS.values()) <= set(MODEL.kinds) and set(LINKS.values()) | {SANCTIONED_BY} <= set(MODEL.relations)
    # Descendants map by the hierarchy; FtM's icaoCode is a type designator, so it is no icao: identifier.
    assert (kind_of("Company"), kind_of("PublicBody"), kind_of("Person"), kind_of("Vehicle")) == (
        "Organization", "Organization", "Person", None)
    assert "type designator" in model.get("Airplane").get("icaoCode").label


def test_ids_are_slugs_that_never_meet_and_dates_keep_their_precision():
    assert entity_id("ofac-1234") == "ofac-1234"  # already a slug: kept as it is
    assert entity_id("Q7747") != entity_id("q7747") == "q7747" and entity_id("Q7747").startswith("q7747-")
    assert entity_id("a.b") != entity_id("a-b") and entity_id("Q7747") == entity_id("Q7747")
    assert date_of(["2019-08"]) == (date_of(["2019-08-01"])[0], "month")
    assert date_of(["2020", "2019-08-05T10:00:00"])[1] == "day"  # the earliest, at most to the day
    assert date_of(["soon"]) == (None, "")


def test_entities_map_to_kinds_and_merge_into_the_seeds(loaded):
    store, batch, before = loaded
    assert batch.report.counts["entities"] == {"merged by identifier": 1, "created": 5, "merged": 1}
    assert batch.report.counts["sources"] == {"created": 2}  # us_ofac_sdn and eu_fsf (where PDVSA is listed too)
    assert batch.report.counts["claims"] == {"created": 11}
    nodes = store.counts()["nodes"]
    grew = {kind: nodes.get(kind, 0) - before["nodes"].get(kind, 0) for kind in MODEL.kinds}
    assert {k: n for k, n in grew.items() if n} == {"Organization": 2, "Aircraft": 1, "Vessel": 1, "Place": 1}
    (maduro,) = store.entities(["nicolas-maduro"])
    assert {"Николас Мадуро Морос", "Νικολάς Μαδούρο Μόρος"} <= set(maduro["aliases"])
    assert "opensanctions:NK-7Fx9aZk2" in maduro["identifiers"]
    assert store.entities([MADURO_FTM]) == []
    assert [e["id"] for e in store.search("Nicolás Maduro Moros") if e["kind"] == "Person"] == ["nicolas-maduro"]
    (plane,) = store.entities(["ofac-yv3016"])
    assert plane["kind"] == "Aircraft" and sorted(plane["identifiers"]) == [
        "opensanctions:ofac-yv3016", "registration:yv3016"]
    (vessel,) = store.entities(["imo-9321483"])
    assert "imo:9321483" in vessel["identifiers"]


def test_every_name_in_every_script_is_searchable(loaded):
    store = loaded[0]
    for text, expected in (("Николас Мадуро Морос", "nicolas-maduro"), ("Μαδούρο Μόρος", "nicolas-maduro"),
                           ("Αγία Ειρήνη", "imo-9321483"), ("Петролеос де Венесуэла", PDVSA), ("PDVSA", PDVSA),
                           ("Palacio de Miraflores", "addr-miraflores")):
        assert expected in [e["id"] for e in store.search(text)], text


def test_a_sanction_is_an_edge_from_the_aircraft_to_the_authority(loaded):
    store = loaded[0]
    (edge,) = store.edges([f"ofac-yv3016>{SANCTIONED_BY}>{OFAC}"])
    assert edge["source_ids"] == [OFAC_SDN]
    assert (edge["event_from"], edge["event_from_precision"]) == ("2019-08-05", "day")
    (claim,) = store.claims(edge["claim_ids"])
    assert claim["quote"] == "" and claim["source_id"] == OFAC_SDN
    assert json.loads(claim["record"])["program"] == ["VENEZUELA-EO13884"]
    assert "VENEZUELA-EO13884" in claim["summary"]
    (maduro,) = store.edges([f"nicolas-maduro>{SANCTIONED_BY}>{OFAC}"])  # through the merge, dated to the month
    assert (maduro["event_from"], maduro["event_from_precision"]) == ("2017-07-01", "month")
    assert len(store.edges([f"ofac-yv3016>BELONGS_TO>{PDVSA}", "nicolas-maduro>HAS_ADDRESS>addr-miraflores"])) == 2
    (source,) = [s for s in store.snapshot().sources.values() if s["id"] == OFAC_SDN]
    assert source["published"].isoformat() == "2024-02-01"  # the latest last_change of its entities


def test_the_same_file_again_is_already_loaded(loaded):
    assert load([FTM], loaded[0]).report.counts == {"inputs": {"already loaded": 1}}


def test_bad_lines_are_named_and_the_rest_loads_from_the_command_line(seeded_file, tmp_path):
    ftm = tmp_path / "sanctions.ftm.json"
    lines = FTM.read_text(encoding="utf-8").splitlines()
    lines += ['{"id": "cut-short", "schema": "Person", "properties": {"name": ["Ivan',
              '{"id": "x-1", "schema": "Spaceship", "properties": {"name": ["Nostromo"]}}',
              '{"schema": "Person", "properties": {"name": ["Nobody"]}}',
              '{"id": "s-9", "schema": "Sanction", "properties": {"entity": ["nowhere"], "authority": ["UN"]}}']
    ftm.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copyfile(seeded_file, tmp_path / "graph.lbdb")
    run = CliRunner().invoke(main, ["load", "--graph", str(tmp_path / "graph.lbdb"), str(ftm)],
                             catch_exceptions=False)
    assert run.exit_code == 0, run.output
    assert "ftm lines  12 read, 4 skipped (bad), 1 skipped (schema not mapped)" in run.output
    assert "claims     11 created" in run.output
    for line, said in ((9, "not a JSON object"), (10, "'Spaceship' is not a FollowTheMoney schema"),
                       (11, "no id"), (12, "its entity 'nowhere' is not in the file")):
        assert f"Note: skipped {ftm}, line {line}: {said}" in run.output
    with EmbeddedStore(tmp_path / "graph.lbdb") as store:
        assert store.entities(["ofac-yv3016"]) and store.entities(["nicolas-maduro"])


def test_a_mostly_bad_file_is_refused_and_nothing_is_written(seeded_file, tmp_path):
    ftm = tmp_path / "broken.ftm.json"
    good = FTM.read_text(encoding="utf-8").splitlines()[2]
    ftm.write_text("\n".join([good, "{not json", '{"id": "a", "schema": "Nonsense"}']) + "\n", encoding="utf-8")
    with copy_of(seeded_file, tmp_path) as store:
        before = store.export()
        with pytest.raises(InvalidData) as caught:
            load([ftm], store)
        assert store.export() == before
    said = [str(p) for p in caught.value.problems]
    assert said[0] == f"{ftm}: 2 of its 3 lines are bad, more than half: is it a FollowTheMoney export?"
    assert said[1:] == [f"{ftm}, row 2: not a JSON object (Expecting property name enclosed in double quotes: "
                        "line 1 column 2 (char 1))", f"{ftm}, row 3: 'Nonsense' is not a FollowTheMoney schema"]


def test_a_newer_export_that_renames_an_entity_adds_the_name_as_an_alias(seeded_file, tmp_path):
    newer = tmp_path / "newer.ftm.json"
    text = FTM.read_text(encoding="utf-8")
    assert '"caption": "Petróleos de Venezuela, S.A."' in text
    newer.write_text(text.replace('"caption": "Petróleos de Venezuela, S.A."',
                                  '"caption": "Petroleos de Venezuela SA"'), encoding="utf-8")
    with copy_of(seeded_file, tmp_path) as store:
        load([FTM], store)
        load([newer], store)
        (pdvsa,) = store.entities([PDVSA])
        assert pdvsa["name"] == "Petróleos de Venezuela, S.A." and "Petroleos de Venezuela SA" in pdvsa["aliases"]


def test_two_listed_people_may_share_a_name_which_then_names_neither(seeded_file, tmp_path):
    twins = tmp_path / "twins.ftm.json"
    twins.write_text("".join(json.dumps({"id": i, "schema": "Person", "properties": {"name": ["Ivan Petrov"]}},
                                        ensure_ascii=False) + "\n" for i in ("NK-ivan-1", "NK-ivan-2")),
                     encoding="utf-8")
    claims = tmp_path / "mine" / "claims.csv"
    claims.parent.mkdir()
    claims.write_text("id,source_id,subject,relation,object,items,status,confidence,attribution,quote,summary\n"
                      "ivan-met,newsbomb-2025-10-31-venezuela-military-help,Ivan Petrov,MET_WITH,nicolas-maduro,,"
                      "asserted,0.5,x,Μαδούρο,Ivan Petrov met Maduro.\n", encoding="utf-8")
    with copy_of(seeded_file, tmp_path) as store:
        assert load([twins], store).report.counts["entities"]["created"] == 2
        with pytest.raises(InvalidData) as caught:
            load([claims], store)
        (problem,) = caught.value.problems
        assert problem.field == "subject" and "'Ivan Petrov' names 2 entities" in problem.message


def test_several_entities_merge_by_identifier_in_one_load(seeded_file, tmp_path):
    leaders = tmp_path / "leaders.ftm.json"
    leaders.write_text("".join(json.dumps({"id": i, "schema": "Person", "properties": {
        "name": [name], "alias": [alias], "wikidataId": [qid]}}, ensure_ascii=False) + "\n"
        for i, name, alias, qid in (("NK-putin", "Vladimir Vladimirovich Putin", "Владимир Путин", "Q7747"),
                                    ("NK-trump", "Donald John Trump", "Дональд Трамп", "Q22686"))), encoding="utf-8")
    with copy_of(seeded_file, tmp_path) as store:
        report = load([leaders], store).report
        assert report.counts["entities"]["merged by identifier"] == 2
        putin, trump = store.entities(["vladimir-putin", "donald-trump"])
        assert "Владимир Путин" in putin["aliases"] and "Vladimir Vladimirovich Putin" in putin["aliases"]
        assert "Дональд Трамп" in trump["aliases"] and "opensanctions:NK-trump" in trump["identifiers"]
