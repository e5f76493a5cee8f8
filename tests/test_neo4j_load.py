"""Neo4j loads in bounded transactions: a large input commits in several, marked incomplete until the last,
and loading the same input again finishes an interrupted load. The cutting is a plain function, tested here;
the load itself runs against a real Neo4j (and skips without one)."""

from __future__ import annotations

import pytest

from graph.exc import GeoKGError
from graph.neo4j import queries
from graph.neo4j import store as neo4j_store_module
from graph.neo4j.store import transactions
from loaders.plan import load
from seeds import BUNDLED
from tests.conftest import DATA


def statements(*sizes: int) -> list[tuple[str, list[dict]]]:
    return [(f"Q{n}", [{"row": i} for i in range(size)]) for n, size in enumerate(sizes)]


def test_statements_are_cut_into_transactions_of_at_most_the_limit_in_order():
    steps = transactions(statements(5, 12, 3), limit=8)
    assert [sum(len(rows) for _, rows in step) for step in steps] == [8, 8, 4]
    flat = [(query, row["row"]) for step in steps for query, rows in step for row in rows]
    assert flat == [(q, r["row"]) for q, rows in statements(5, 12, 3) for r in rows], "order and rows are kept"
    assert transactions(statements(3, 2), limit=8) == [statements(3, 2)], "a small load stays one transaction"
    assert transactions([], limit=8) == []


@pytest.mark.neo4j
def test_an_interrupted_load_is_known_as_such_and_loading_again_finishes_it(neo4j_store, monkeypatch):
    monkeypatch.setattr(queries, "TRANSACTION_ROWS", 40)  # the seeds then take several transactions
    real = neo4j_store_module.Neo4jStore._transaction
    calls = {"n": 0}

    def dies_on_the_third(self, step):
        calls["n"] += 1
        if calls["n"] == 3:
            raise GeoKGError("the connection dropped (simulated)")
        return real(self, step)

    monkeypatch.setattr(neo4j_store_module.Neo4jStore, "_transaction", dies_on_the_third)
    with pytest.raises(GeoKGError, match="simulated"):
        load([BUNDLED], neo4j_store)
    monkeypatch.setattr(neo4j_store_module.Neo4jStore, "_transaction", real)
    from loaders.read import find_files, fingerprint

    assert neo4j_store.load_state(fingerprint(find_files([BUNDLED])[0])) == "incomplete"
    finished = load([BUNDLED], neo4j_store)
    assert finished.report.counts["inputs"] == {"resumed": 1}
    assert load([BUNDLED], neo4j_store).report.counts == {"inputs": {"already loaded": 1}}
    claims = neo4j_store.counts()["nodes"]["Claim"]
    assert neo4j_store.query("MATCH (c:Claim)-[:STATED_IN]->(:Source) RETURN count(c)").rows == [[claims]]
    letter = neo4j_store.edge("nicolas-maduro>SENT_LETTER_TO>vladimir-putin")
    assert letter["supporting_sources"] == 1 and len(letter["claim_ids"]) == 1, "resumed, not counted twice"


@pytest.mark.neo4j
def test_a_second_source_on_neo4j_is_one_edge_with_more_evidence(neo4j_store):
    load([DATA / "mini"], neo4j_store)
    load([DATA / "second-source"], neo4j_store)
    edge = neo4j_store.edge("nicolas-maduro>REQUESTED_FROM>vladimir-putin")
    assert edge["supporting_sources"] == 2 and neo4j_store.counts()["relationships"]["REQUESTED_FROM"] == 1
