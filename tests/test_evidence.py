"""Evidence that tells the truth, on every store: claims are nodes joined by relationships, and every edge
says exactly what its claims say. The seeds with four more outlets loaded on top (tests/data/outlets):
in.gr and skai.gr repeat what The Washington Post says US documents show, Vedomosti carries the
Kremlin's denial of the letter, Radio Svoboda reports radars from its own sources."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.records import Filters
from loaders.plan import load
from tests.conftest import DATA, copy_of, seeded_store
from tests.test_loaders import only, problems_of

OUTLETS = DATA / "outlets"
LETTER = "nicolas-maduro>SENT_LETTER_TO>vladimir-putin"
REQUEST = "nicolas-maduro>REQUESTED_FROM>vladimir-putin"


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def outlets(request, seeded_file, tmp_path_factory):
    """Shared by the module's tests, which only read it."""
    store = seeded_store(request, seeded_file, tmp_path_factory.mktemp("outlets"))
    load([OUTLETS], store)
    yield store
    store.close()


def rows(store, cypher: str, **params) -> list[list]:
    return store.query(cypher, params).rows


def test_every_claim_is_stated_in_its_source_and_joined_to_what_it_is_about(outlets):
    claims = outlets.counts()["nodes"]["Claim"]
    stated = rows(outlets, "MATCH (c:Claim)-[:STATED_IN]->(s:Source) RETURN count(c) AS n, count(DISTINCT s) AS s")
    assert stated == [[claims, 5]]
    assert rows(outlets, "MATCH (c:Claim)-[:HAS_SUBJECT]->(e) RETURN count(c)") == [[claims]]
    with_object = rows(outlets, "MATCH (c:Claim) WHERE c.object_id <> '' RETURN count(c)")
    assert rows(outlets, "MATCH (c:Claim)-[:HAS_OBJECT]->(e) RETURN count(c)") == with_object
    items = rows(outlets, "MATCH (c:Claim {id: 'maduro-letter-putin-missiles'})-[:MENTIONS_ITEM]->(i) RETURN i.id")
    assert items == [["missiles"]]


def test_attribution_chains_are_ordered_links_to_entities(outlets):
    chain = rows(outlets, "MATCH (c:Claim {id: 'in-gr-letter'})-[t:ATTRIBUTED_TO]->(e) "
                          "RETURN e.id, t.position ORDER BY t.position")
    assert chain == [["the-washington-post", 0], ["united-states", 1]]
    told = rows(outlets, "MATCH (c:Claim)-[:ATTRIBUTED_TO]->(e {id: 'the-kremlin'}) RETURN c.id")
    assert told == [["vedomosti-kremlin-denies-letter"]]
    exported = {c["id"]: c for c in outlets.export()["claims"]}
    assert exported["vedomosti-kremlin-denies-letter"]["attributed_to"] == ["dmitry-peskov", "the-kremlin"]
    assert exported["svoboda-radars"]["attributed_to"] == []


def test_contradictions_are_found_from_either_side(outlets):
    query = "MATCH (c:Claim {id: $id})-[:CONTRADICTS]-(o:Claim) RETURN o.id ORDER BY o.id"
    assert rows(outlets, query, id="maduro-letter-putin") == [["vedomosti-kremlin-denies-letter"]]
    assert rows(outlets, query, id="vedomosti-kremlin-denies-letter") == [["maduro-letter-putin"]]


def test_outlets_repeating_one_origin_are_one_origin_and_a_denial_never_corroborates(outlets):
    letter = outlets.edge(LETTER)
    assert (letter["supporting_sources"], letter["independent_origins"], letter["disputing_sources"]) == (3, 1, 1)
    assert letter["status"] == "contested"
    assert letter["statuses"] == {"asserted": 3, "hedged": 0, "denied": 1, "disputed": 0}
    request = outlets.edge(REQUEST)  # Radio Svoboda's own sources are a second origin
    assert (request["supporting_sources"], request["independent_origins"]) == (3, 2)


def test_an_item_named_only_by_a_hedged_claim_is_hedged(outlets):
    items = {i["id"]: i for i in outlets.edge(REQUEST)["items"]}
    assert (items["missiles"]["status"], items["missiles"]["supporting_sources"]) == ("hedged", 1)
    assert items["missiles"]["claim_ids"] == ["maduro-letter-putin-missiles"]
    assert (items["air-defence-radars"]["status"], items["air-defence-radars"]["supporting_sources"]) == ("asserted", 3)
    stored = rows(outlets, "MATCH (a {id: 'nicolas-maduro'})-[r:REQUESTED_FROM]->(b {id: 'vladimir-putin'}) "
                           "RETURN r.items, r.item_statuses, r.item_sources")
    assert stored == [[["air-defence-radars", "military-aircraft-repair", "missiles"],
                       ["asserted", "asserted", "hedged"], [3, 1, 1]]]


def test_filters_select_claims_and_the_edge_says_what_those_claims_say(outlets):
    denied = outlets.neighbours("vladimir-putin", Filters(statuses=frozenset({"denied"})), limit=50)
    assert [e["id"] for e in denied.edges] == [LETTER]
    assert (denied.edges[0]["status"], denied.edges[0]["supporting_sources"]) == ("denied", 0)
    greek = Filters(source_ids=frozenset({"in-gr-2025-11-01-maduro-letter", "skai-gr-2025-11-01-maduro-letter"}))
    assert outlets.edge(LETTER, greek)["supporting_sources"] == 2
    both = Filters(statuses=frozenset({"asserted"}), min_confidence=0.75)  # decided claim by claim
    request = outlets.edge(REQUEST, both)
    assert [i["id"] for i in request["items"]] == ["air-defence-radars", "military-aircraft-repair"]
    assert request["claim_ids"] == ["in-gr-radars", "maduro-letter-putin-radars"]
    before = Filters(known_by=__import__("datetime").date(2025, 10, 31))  # what was known on the day
    assert outlets.edge(LETTER, before)["supporting_sources"] == 1
    assert outlets.edge(LETTER, Filters(statuses=frozenset({"hedged"}))) is None


def test_who_asked_russia_for_what_with_its_officials_folded_in(outlets):
    russia = outlets.neighbours("russia", Filters(), limit=50, fold_officials=True)
    asked = {e["id"]: e for e in russia.edges if e["type"] == "REQUESTED_FROM" and e["target"] == "russia"}
    assert list(asked) == [REQUEST + "~russia"]
    assert asked[REQUEST + "~russia"]["via"] == ["vladimir-putin"]
    folded = outlets.edge(REQUEST + "~russia")
    assert (folded["source"], folded["target"], folded["via"]) == ("nicolas-maduro", "russia", ["vladimir-putin"])
    assert {i["id"]: i["status"] for i in folded["items"]} == {
        "air-defence-radars": "asserted", "military-aircraft-repair": "asserted", "missiles": "hedged"}
    plain = outlets.neighbours("russia", Filters(), limit=50)
    assert not any(e["via"] for e in plain.edges)


# --- bad input: one clear line each, naming file, row and field; nothing written ----------------

@pytest.fixture
def broken(tmp_path) -> Path:
    return Path(shutil.copytree(OUTLETS, tmp_path / "outlets"))


@pytest.fixture
def seeded(seeded_file, tmp_path):
    """The seeds on an embedded store: what these tests check happens before anything is written."""
    with copy_of(seeded_file, tmp_path) as store:
        yield store


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_attribution_that_names_no_entity(seeded, broken):
    edit(broken / "claims.csv", "WaPo,Ο Νικολάς", "The Daily Planet,Ο Νικολάς")
    problem = only(problems_of(seeded, [broken]), "attributed_to")
    assert (problem.file.endswith("claims.csv"), problem.row) == (True, 4)
    assert "'The Daily Planet'" in problem.message


def test_a_contradiction_naming_no_claim(seeded, broken):
    edit(broken / "claims.csv", ",maduro-letter-putin\n", ",maduro-letter-to-santa\n")
    problem = only(problems_of(seeded, [broken]), "contradicts")
    assert problem.row == 5 and "'maduro-letter-to-santa'" in problem.message


def test_a_claim_that_contradicts_itself(seeded, broken):
    edit(broken / "claims.csv", ",maduro-letter-putin\n", ",vedomosti-kremlin-denies-letter\n")
    problem = only(problems_of(seeded, [broken]), "contradicts")
    assert problem.row == 5 and "cannot contradict itself" in problem.message


def test_an_edges_claims_run_by_status_so_a_status_reads_a_slice(outlets):
    letter = outlets.edge(LETTER)
    assert letter["claim_ids"] == ["in-gr-letter", "maduro-letter-putin", "skai-letter",  # asserted, by id
                                   "vedomosti-kremlin-denies-letter"]  # then denied


def test_the_edges_aggregates_and_the_claims_themselves_agree(outlets, monkeypatch):
    """A status filter alone is answered from each edge's aggregates; forced to decide claim by claim, the
    same filter must draw the same neighbours with the same evidence."""
    import graph.cypher as cypher

    denials = Filters(statuses=frozenset({"denied", "disputed"}))
    for entity in ("vladimir-putin", "venezuela", "donald-trump", "nicolas-maduro"):
        fast = outlets.neighbours(entity, denials, limit=50)
        monkeypatch.setattr(cypher, "exact_on_edges", lambda f: False)
        slow = outlets.neighbours(entity, denials, limit=50)
        monkeypatch.undo()
        assert fast.total == slow.total and fast.nodes == slow.nodes
        assert sorted(fast.edges, key=lambda e: e["id"]) == sorted(slow.edges, key=lambda e: e["id"])
