"""The store contract, written once and run against every store on the bundled seeds."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest

from graph.exc import QueryError, QueryTimeout
from graph.records import Filters
from loaders.plan import load
from seeds import BUNDLED
from tests.conftest import DATA, RUNAWAY


def ids(nodes) -> list[str]:
    return [n["id"] for n in nodes]


def test_seed_counts_hold_the_cards_kinds_and_edges(seeded):
    counts = seeded.counts()
    assert {k: counts["nodes"][k] for k in ("State", "Person", "Aircraft")} == {"State": 5, "Person": 5, "Aircraft": 1}
    assert counts["nodes"]["Treaty"] >= 1
    assert counts["nodes"]["Claim"] > 30
    assert counts["relationships"]["REQUESTED_FROM"] >= 3
    assert counts["relationships"]["SANCTIONED_BY"] == 1


def test_loading_twice_changes_nothing(seeded):
    before = seeded.export()
    assert load([BUNDLED], seeded).is_empty()
    assert seeded.export() == before


@pytest.mark.parametrize("text, expected", [
    ("maduro", "nicolas-maduro"), ("Μαδούρο", "nicolas-maduro"), ("ΜΑΔΟΥΡΟ", "nicolas-maduro"),
    ("il-76", "il-76-sanctioned"), ("Πούτιν", "vladimir-putin"), ("Βενεζουέλας", "venezuela"),
    ("Washingotn", "the-washington-post"),
])
def test_search_by_any_alias(seeded, text, expected):
    assert ids(seeded.search(text))[0] == expected


def test_search_ranks_exact_names_first(seeded):
    assert ids(seeded.search("russia"))[0] == "russia"  # before the Russia-Venezuela treaty


def test_search_text_is_never_cypher(seeded):
    before = seeded.counts()
    assert seeded.search("x' OR 1=1 //") == []
    assert seeded.search("') DETACH DELETE n //") == []
    assert seeded.search("") == []
    assert seeded.counts() == before


def test_neighbours_are_paged_by_distinct_neighbour_best_evidenced_first(seeded):
    everything = seeded.neighbours("russia", Filters(), limit=1000)
    neighbours = [n for n in ids(everything.nodes) if n != "russia"]
    assert everything.total == len(neighbours) >= 7
    assert len(everything.edges) > everything.total  # Russia and Venezuela share several relations
    best = {n: max((e["independent_origins"], e["confidence"]) for e in everything.edges
                   if n in (e["source"], e["target"])) for n in neighbours}
    assert [best[n] for n in neighbours] == sorted(best.values(), reverse=True)
    first = seeded.neighbours("russia", Filters(), limit=3)
    second = seeded.neighbours("russia", Filters(), limit=3, offset=3)
    assert first.total == everything.total and "russia" in ids(first.nodes)
    assert [n for n in ids(first.nodes + second.nodes) if n != "russia"] == neighbours[:6]
    assert {e["id"] for e in first.edges} == {e["id"] for e in everything.edges
                                             if {e["source"], e["target"]} & set(ids(first.nodes)) - {"russia"}}


def test_neighbour_filters(seeded):
    people = seeded.neighbours("russia", Filters(kinds=frozenset({"Person"})), limit=100)
    assert {n["kind"] for n in people.nodes if n["id"] != "russia"} == {"Person"}
    threats = seeded.neighbours("venezuela", Filters(relations=frozenset({"THREATENED"})), limit=100)
    assert sorted(e["id"] for e in threats.edges) == ["donald-trump>THREATENED>venezuela",
                                                      "united-states>THREATENED>venezuela"]
    disputed = seeded.neighbours("venezuela", Filters(statuses=frozenset({"disputed"})), limit=100)
    assert [e["id"] for e in disputed.edges] == ["nicolas-maduro>HEAD_OF_STATE_OF>venezuela"]
    assert disputed.edges[0]["status"] == "disputed"  # contested overall, but only its disputing claim passes
    sure = seeded.neighbours("russia", Filters(min_confidence=0.9), limit=100)
    assert sure.edges and all(e["confidence"] >= 0.9 for e in sure.edges)
    before_2024 = seeded.neighbours("il-76-sanctioned", Filters(date_to=dt.date(2024, 1, 1)), limit=100)
    assert [e["type"] for e in before_2024.edges] == ["SANCTIONED_BY"]
    nowhere = seeded.neighbours("russia", Filters(source_ids=frozenset({"no-such-source"})), limit=100)
    assert nowhere.edges == [] and nowhere.total == 0


def test_edges_between_entities_on_screen(seeded):
    edges = seeded.edges_between(["nicolas-maduro", "vladimir-putin", "venezuela"], Filters())
    assert {e["type"] for e in edges} >= {"REQUESTED_FROM", "SENT_LETTER_TO", "HEAD_OF_STATE_OF"}
    assert all({e["source"], e["target"]} <= {"nicolas-maduro", "vladimir-putin", "venezuela"} for e in edges)


def test_shortest_path(seeded):
    path = seeded.shortest_path("ramon-celestino-velasquez", "vladimir-putin")
    assert 2 <= len(path.edges) <= 4
    assert {"ramon-celestino-velasquez", "vladimir-putin"} <= set(ids(path.nodes))
    linked = {e["source"] for e in path.edges} | {e["target"] for e in path.edges}
    assert linked == set(ids(path.nodes))


def test_no_path_is_empty(seeded, tmp_path):
    (tmp_path / "entities.csv").write_text("id,kind,name\natlantis,Place,Atlantis\n", encoding="utf-8")
    load([tmp_path], seeded)
    assert seeded.shortest_path("atlantis", "russia").edges == []


def test_every_edge_traces_to_claims_with_sources(seeded):
    exported = seeded.export()
    claims = {c["id"]: c for c in exported["claims"]}
    for edge in exported["relations"]:
        assert edge["claim_ids"] and all(c in claims for c in edge["claim_ids"])
        supporting = {claims[c]["source_id"] for c in edge["claim_ids"]
                      if claims[c]["status"] in ("asserted", "hedged")}
        assert edge["supporting_sources"] == len(supporting)
        assert sum(edge["statuses"].values()) == len(edge["claim_ids"])
    evidence = seeded.claims(["il-76-sanctioned-by-us-2023"])[0]
    assert evidence["publisher"] == "newsbomb.gr" and evidence["url"].startswith("https://")
    assert "κυρώσεις" in evidence["quote"] and evidence["date"] == "2023-01-01"
    assert evidence["date_precision"] == "year" and evidence["when_to"] == "2023-12-31"
    edge = seeded.edge("il-76-sanctioned>SANCTIONED_BY>united-states")
    assert (edge["event_from"], edge["event_from_precision"]) == ("2023-01-01", "year")  # 2023 stays a year
    assert (edge["reported_from"], edge["reported_to"]) == ("2025-10-31", "2025-10-31")


def test_the_trump_conflict_stays_visible_on_his_own_node(seeded):
    edge = seeded.edge("donald-trump>THREATENED>venezuela")
    assert edge["status"] == "contested"
    assert edge["statuses"] == {"asserted": 1, "hedged": 0, "denied": 1, "disputed": 0}
    denial = seeded.claims(["trump-denies-considering-strikes"])[0]
    assert denial["contradictions"] == ["reports-us-likely-to-expand-cartel-campaign",
                                        "trump-earlier-said-strikes-inside-venezuela"]
    earlier = seeded.claims(["trump-earlier-said-strikes-inside-venezuela"])[0]
    assert earlier["contradictions"] == ["trump-denies-considering-strikes"]  # found from either side
    threat = seeded.edge("united-states>THREATENED>venezuela")
    assert threat["status"] == "asserted" and threat["disputing_sources"] == 0  # his denial is not about this


def test_claims_about_an_entity(seeded):
    about = seeded.claims_about("the-kremlin")
    assert any(c["relation"] in ("", None) for c in about)  # the Kremlin declined to comment: no edge
    assert all("the-kremlin" in (c["subject_id"], c["object_id"], *c["items"]) for c in about)


def test_export_shape(seeded):
    exported = seeded.export()
    assert set(exported) == {"entities", "relations", "claims", "sources"}
    assert all({"id", "source_id", "quote", "status", "attributed_to"} <= set(c) for c in exported["claims"])
    assert all({"claim_ids", "statuses", "supporting_sources", "disputing_sources", "independent_origins",
                "items"} <= set(r) for r in exported["relations"])
    assert all(s["id"] and s["text"] for s in exported["sources"])
    letter = next(c for c in exported["claims"] if c["id"] == "maduro-letter-putin")
    assert letter["attributed_to"] == ["the-washington-post", "united-states"]


def test_a_second_source_merges_into_existing_edges(store):
    load([DATA / "mini"], store)
    load([DATA / "second-source"], store)
    edges = {e["id"]: e for e in store.export()["relations"]}
    assert edges["nicolas-maduro>REQUESTED_FROM>vladimir-putin"]["supporting_sources"] == 2
    assert store.counts()["relationships"]["REQUESTED_FROM"] == 1


def test_query_reads(seeded):
    result = seeded.query("MATCH (s:State) RETURN s.id AS id ORDER BY id")
    assert result.columns == ["id"]
    assert [r[0] for r in result.rows] == ["china", "iran", "russia", "united-states", "venezuela"]
    assert not result.truncated


def test_query_takes_parameters_and_returns_graph_values(seeded):
    result = seeded.query("MATCH (a:Person)-[r:REQUESTED_FROM]->(b) WHERE a.id = $id RETURN a, r, b",
                          {"id": "nicolas-maduro"})
    a, r, b = result.rows[0]
    assert a["_label"] == "Person" and a["id"] == "nicolas-maduro"
    assert r["_type"] == "REQUESTED_FROM" and r["_start"] == "nicolas-maduro" and r["_end"] == b["id"]


def test_query_row_cap(seeded):
    result = seeded.query("MATCH (c:Claim) RETURN c.id", max_rows=5)
    assert len(result.rows) == 5 and result.truncated


def test_query_refuses_writes(seeded):
    before = seeded.counts()
    with pytest.raises(QueryError):
        seeded.query("CREATE (s:State {id: 'atlantis', name: 'Atlantis'})")
    with pytest.raises(QueryError):
        seeded.query("MATCH (n) DETACH DELETE n")
    assert seeded.counts() == before


def test_query_errors_are_clear(seeded):
    with pytest.raises(QueryError) as caught:
        seeded.query("MATCH (n RETURN n")
    message = str(caught.value)
    assert any(word in message.lower() for word in ("parser", "invalid input")), message  # the engine says where


def test_runaway_query_is_stopped_while_others_are_answered(seeded):
    seeded.query("RETURN 1")  # a warm worker, so the timing below measures the query, not start-up
    outcome = {}

    def runaway():
        started = time.monotonic()
        try:
            seeded.query(RUNAWAY, timeout_s=2)
        except QueryTimeout:
            outcome["stopped_after"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    assert ids(seeded.search("maduro"))[0] == "nicolas-maduro"  # while the runaway runs
    thread.join(timeout=30)
    assert "stopped_after" in outcome
    assert seeded.query("RETURN 1 AS one").rows == [[1]]  # the store still answers afterwards


def test_neighbourhoods_summarise_and_edges_list_their_evidence(seeded):
    page = seeded.neighbours("venezuela", Filters(), limit=100)
    summary = next(e for e in page.edges if e["id"] == "donald-trump>THREATENED>venezuela")
    assert "claim_ids" not in summary and summary["status"] == "contested"
    full = seeded.edge("donald-trump>THREATENED>venezuela")
    assert full["claim_ids"] and {k: full[k] for k in summary} == summary
    both = seeded.edges(["donald-trump>THREATENED>venezuela", "il-76-sanctioned>SANCTIONED_BY>united-states",
                         "nowhere>THREATENED>venezuela", "not an edge id"])
    assert sorted(e["id"] for e in both) == ["donald-trump>THREATENED>venezuela",
                                             "il-76-sanctioned>SANCTIONED_BY>united-states"]
    assert seeded.edge("venezuela>NOT_A_RELATION>russia") is None


def test_claims_about_are_latest_first_capped_and_counted(seeded):
    everything = seeded.claims_about("venezuela")
    assert seeded.count_claims_about("venezuela") == len(everything) > 5
    dates = [c["when_from"] for c in everything]
    assert dates == sorted(dates, reverse=True)
    assert [c["id"] for c in seeded.claims_about("venezuela", limit=3)] == [c["id"] for c in everything[:3]]


def test_best_connected_is_where_to_start(seeded):
    best = seeded.best_connected(3)
    assert len(best) == 3 and best[0]["id"] == "venezuela"


def test_claims_with_a_limit_are_the_newest(seeded):
    ids = [c["id"] for c in seeded.export()["claims"]]
    newest = seeded.claims(ids, limit=5)
    everything = sorted(seeded.claims(ids), key=lambda c: (c["when_from"], c["id"]), reverse=True)
    assert [c["id"] for c in sorted(newest, key=lambda c: (c["when_from"], c["id"]), reverse=True)] == \
        [c["id"] for c in everything[:5]]
    assert newest[0]["language"] == "el"


def test_edges_between_respect_the_kind_filter_at_both_ends(seeded):
    people = seeded.edges_between(["nicolas-maduro", "vladimir-putin", "venezuela"],
                                  Filters(kinds=frozenset({"Person"})))
    assert people and {e["type"] for e in people} <= {"SENT_LETTER_TO", "REQUESTED_FROM", "MET_WITH"}
    assert all("venezuela" not in (e["source"], e["target"]) for e in people)
