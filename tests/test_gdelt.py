"""GDELT 2.0 events on top of the seeds: countries become the seeds' states, CAMEO codes relations, and every
event left out is counted with its file and line."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from click.testing import CliRunner

from geokg.cli import main
from graph.exc import InvalidData
from loaders.gdelt import actor
from loaders.plan import load
from tests.conftest import DATA, copy_of

EXPORT = DATA / "gdelt" / "20251031120000.export.CSV"
WAPO = "https://www.washingtonpost.com/world/2025/10/31/venezuela-maduro-russia-military-aid/"


@pytest.fixture(scope="module")
def loaded(seeded_file, tmp_path_factory):
    """The sample export loaded once on a copy of the seeds, with what the load reported; tests only read it."""
    store = copy_of(seeded_file, tmp_path_factory.mktemp("gdelt"))
    batch = load([EXPORT], store)
    yield store, batch.report
    store.close()


def test_an_appeal_for_military_aid_is_a_request_between_the_seeds_states(loaded):
    store, _ = loaded
    edge = store.edge("venezuela>REQUESTED_FROM>russia")
    assert edge is not None and edge["claim_ids"] == ["gdelt-1269000001", "gdelt-1269000002"]  # VEN and VENGOV
    claim = store.claims(["gdelt-1269000001"])[0]
    assert claim["url"] == WAPO and claim["publisher"] == "www.washingtonpost.com"
    assert (claim["status"], claim["confidence"], claim["quote"]) == ("asserted", 0.3, "")
    assert claim["summary"] == "GDELT: VENEZUELA appeals for military aid to RUSSIA (CAMEO 0232)"
    assert json.loads(claim["record"]) == {"EventCode": "0232", "IsRootEvent": 1, "QuadClass": 1, "NumSources": 3,
                                           "NumMentions": 12, "NumArticles": 12, "GoldsteinScale": 3.4,
                                           "AvgTone": -2.71186440677966, "Actor1Code": "VEN", "Actor2Code": "RUS"}
    source = next(s for s in store.sources() if s["url"] == WAPO)
    assert source["published"] in (dt.date(2025, 10, 30), "2025-10-30")  # the earliest DATEADDED of its events
    assert source["dataset"] is True


def test_sanctions_run_from_the_sanctioned_to_who_imposes_them(loaded):
    store, _ = loaded
    assert store.edge("venezuela>SANCTIONED_BY>united-states") is not None  # USAGOV 163 VENGOV
    assert store.edge("iran>SANCTIONED_BY>united-states") is not None
    assert store.edge("united-states>SANCTIONED_BY>venezuela") is None


def test_a_country_the_seeds_lack_is_created_as_a_state_from_the_table(loaded):
    store, _ = loaded
    belarus, romania = store.entities(["belarus", "romania"])  # BLR, and CAMEO's own ROM for Romania
    assert (belarus["kind"], belarus["name"], belarus["identifiers"]) == ("State", "Belarus", ["iso:by"])
    assert romania["identifiers"] == ["iso:ro"]
    assert store.edge("belarus>VISITED>venezuela") is not None
    assert store.edge("venezuela>VISITED>russia") is not None  # RUS 043 (hosts a visit by) VENGOV


def test_a_leader_coded_as_his_government_is_resolved_by_name(loaded):
    store, _ = loaded
    assert store.edge("nicolas-maduro>REQUESTED_FROM>russia")["claim_ids"] == ["gdelt-1269000007"]


def test_what_is_left_out_is_counted_with_its_file_and_line(loaded):
    _, report = loaded
    assert report.counts["events"] == {"read as claims": 15, "skipped: not between two parties": 1,
                                       "skipped: unmapped CAMEO code": 3, "skipped: bad line": 1}
    assert report.counts["claims"] == {"skipped (unresolved or not fitting)": 1, "created": 14}
    assert report.counts["entities"]["created"] == 2  # belarus and romania; the other states merged into the seeds'
    notes = "\n".join(report.notes)
    assert f"{EXPORT}, row 17: 60 tab-separated values" in notes
    assert (f"skipped 1 row of {EXPORT} (row 8), field 'subject': no entity has the id, name or alias "
            "'DIOSDADO CABELLO'") in notes
    assert "010 x2, 051 x1" in notes


def test_loading_the_same_export_again_says_already_loaded(loaded):
    store, _ = loaded
    before = store.export()
    assert load([EXPORT], store).report.counts == {"inputs": {"already loaded": 1}}
    assert store.export() == before


def test_a_mostly_bad_file_is_refused_with_nothing_written(embedded, tmp_path):
    lines = EXPORT.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "20251031121500.export.CSV"
    bad.write_text("\n".join([lines[0], lines[2].replace("20251031", "2025-10-31"), "\t".join(["x"] * 12)]) + "\n",
                   encoding="utf-8")
    with pytest.raises(InvalidData) as caught:
        load([bad], embedded)
    said = [str(p) for p in caught.value.problems]
    assert said[0] == f"{bad}, row 2, field 'SQLDATE': '2025-10-31' is not a date written YYYYMMDD"
    assert said[1].startswith(f"{bad}, row 3: 12 tab-separated values")
    assert "2 of 3 lines are bad" in said[2]
    assert not any(embedded.export().values()), "a refused load writes nothing"


@pytest.mark.parametrize(("code", "name", "reference"), [
    ("VEN", "VENEZUELA", "venezuela"), ("RUSMIL", "RUSSIA", "russia"), ("USAGOV", "", "united-states"),
    ("VENGOV", "NICOLAS MADURO", "NICOLAS MADURO"),  # a person the government's code covers keeps his name
    ("VENREB", "VENEZUELA", "VENEZUELA"),  # rebels are not the state
])
def test_an_actor_is_the_state_only_as_its_country_or_organs_under_its_name(code, name, reference):
    row = [""] * 61
    row[5], row[6] = code, name
    assert actor(row, 1).reference == reference


def test_the_cli_prints_the_counts(seeded_file, tmp_path):
    graph = tmp_path / "graph.lbdb"
    shutil.copyfile(seeded_file, graph)
    result = CliRunner().invoke(main, ["load", "--graph", str(graph), str(EXPORT)], catch_exceptions=False)
    assert result.exit_code == 0
    assert ("events     15 read as claims, 1 skipped: not between two parties, 3 skipped: unmapped CAMEO code, "
            "1 skipped: bad line") in result.output
    assert "claims     1 skipped (unresolved or not fitting), 14 created" in result.output
    assert "Note: skipped bad line" in result.output


def test_the_next_export_adds_to_an_articles_events_and_withdraws_none(seeded_file, tmp_path):
    first = EXPORT.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("1269000001\t") and WAPO in first
    following = tmp_path / "20251031121500.export.CSV"
    following.write_text(first.replace("1269000001\t", "1269000099\t", 1) + "\n", encoding="utf-8")
    with copy_of(seeded_file, tmp_path) as store:
        load([EXPORT], store)
        report = load([following], store).report
        assert report.counts["claims"] == {"created": 1} and "changed" not in report.counts["sources"]
        source = next(s for s in store.sources() if s["url"] == WAPO)
        assert source["published"] in (dt.date(2025, 10, 30), "2025-10-30")  # still the day GDELT first saw it
        edge = store.edge("venezuela>REQUESTED_FROM>russia")
        assert edge["claim_ids"] == ["gdelt-1269000001", "gdelt-1269000002", "gdelt-1269000099"]
