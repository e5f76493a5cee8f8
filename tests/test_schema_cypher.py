"""graph/schema.cypher against the model: a kind added to graph/model.yaml without its constraint fails here."""

from __future__ import annotations

import re

import pytest

from graph.model import MODEL
from graph.neo4j import schema

STATEMENTS = schema.statements()
UNIQUE_ID = re.compile(r"CREATE CONSTRAINT \w+ IF NOT EXISTS FOR \((\w+):(\w+)\) REQUIRE \1\.id IS UNIQUE$")
FULLTEXT = re.compile(r"CREATE FULLTEXT INDEX (\w+) IF NOT EXISTS FOR \((\w+):(\w+)\) ON EACH \[([^\]]*)\]")
RANGE = re.compile(r"CREATE RANGE INDEX \w+ IF NOT EXISTS FOR \((\w+):(\w+)\) ON \(\1\.(\w+)\)$")


def unconstrained(labels: set[str], statements: list[str]) -> set[str]:
    """Labels without a uniqueness constraint on id."""
    constrained = {m.group(2) for s in statements if (m := UNIQUE_ID.match(s))}
    return labels - constrained


def record_labels() -> set[str]:
    """Claim, Source, LoadedInput...: every record the model lists besides entities and relations."""
    return set(MODEL.records)


def test_every_kind_every_record_and_entity_has_a_unique_id():
    assert {"Claim", "Source"} <= record_labels()
    assert unconstrained({*MODEL.kinds, *record_labels(), "Entity"}, STATEMENTS) == set()


def test_a_kind_added_without_its_constraint_is_caught():
    assert unconstrained({*MODEL.kinds, "Submarine"}, STATEMENTS) == {"Submarine"}


def test_every_statement_is_idempotent_and_named():
    assert STATEMENTS
    assert all("IF NOT EXISTS" in s for s in STATEMENTS)
    names = [schema.name(s) for s in STATEMENTS]
    assert len(names) == len(set(names))


def test_search_has_a_full_text_index_over_names_and_aliases():
    found = [m for s in STATEMENTS if (m := FULLTEXT.match(s))]
    assert [(m.group(1), m.group(3)) for m in found] == [("entity_names", "Entity")]
    var = found[0].group(2)
    assert {p.strip() for p in found[0].group(4).split(",")} == {f"{var}.name", f"{var}.search_key"}
    assert {"name", "search_key"} <= set(MODEL.properties["entity"])  # search_key folds name + aliases


def test_claims_are_indexed_by_the_dates_the_timeline_orders_by():
    ranged = {(m.group(2), m.group(3)) for s in STATEMENTS if (m := RANGE.match(s))}
    assert ("Claim", "when_from") in ranged and ("Claim", "reported") in ranged
    assert all(prop in MODEL.properties[MODEL.records[label]] for label, prop in ranged)  # Claim, Source


def test_every_statement_is_one_the_parser_understands():
    """Each is a constraint, a full-text index or a range index: nothing the checks above would miss."""
    assert all(UNIQUE_ID.match(s) or FULLTEXT.match(s) or RANGE.match(s) for s in STATEMENTS)


def test_missing_leaves_out_what_exists():
    names = {schema.name(s) for s in STATEMENTS}
    assert schema.missing(names) == []
    assert schema.missing(names - {"entity_names"}) == [s for s in STATEMENTS if schema.name(s) == "entity_names"]


def test_a_plain_index_where_a_constraint_must_go_is_found():
    statement = next(s for s in STATEMENTS if schema.name(s) == "entity_id")
    plain = {"name": "old_entity_id", "type": "RANGE", "labelsOrTypes": ["Entity"], "properties": ["id"],
             "owningConstraint": None}
    assert schema.blocking_index(statement, [plain]) == "old_entity_id"
    assert schema.blocking_index(statement, [{**plain, "owningConstraint": "entity_id"}]) is None  # its own
    assert schema.blocking_index(statement, [{**plain, "properties": ["name"]}]) is None
    full_text = next(s for s in STATEMENTS if schema.name(s) == "entity_names")
    assert schema.blocking_index(full_text, [plain]) is None


def shown(store, what: str) -> list[dict]:
    """SHOW CONSTRAINTS / SHOW INDEXES through the driver: schema, which the console does not read."""
    return [dict(r) for r in store._driver.execute_query(what, database_=store.database).records]


@pytest.mark.neo4j
def test_the_store_applies_the_schema_when_it_connects(neo4j_store):
    constraints = {r["name"] for r in shown(neo4j_store, "SHOW CONSTRAINTS YIELD name")}
    indexes = {r["name"]: (r["type"], r["state"]) for r in shown(neo4j_store, "SHOW INDEXES YIELD name, type, state")}
    assert {schema.name(s) for s in STATEMENTS} <= constraints | set(indexes)
    assert indexes["entity_names"] == ("FULLTEXT", "ONLINE")


@pytest.mark.neo4j
def test_a_plain_index_blocking_a_constraint_stops_a_load_and_says_which(neo4j_store):
    from graph.exc import GeoKGError
    from graph.neo4j import Neo4jStore
    from loaders.plan import load
    from seeds import BUNDLED

    run = lambda q: neo4j_store._driver.execute_query(q, database_=neo4j_store.database)  # noqa: E731
    run("DROP CONSTRAINT entity_id IF EXISTS")
    run("CREATE INDEX old_entity_id IF NOT EXISTS FOR (n:Entity) ON (n.id)")
    try:
        blocked = Neo4jStore(neo4j_store.uri, auth=neo4j_store._auth, database=neo4j_store.database)
        with pytest.raises(GeoKGError, match="old_entity_id"):
            load([BUNDLED], blocked)
        assert blocked.query("MATCH (n) RETURN count(n) AS n").rows == [[0]], "reading works, nothing was loaded"
        blocked.close()
    finally:
        run("DROP INDEX old_entity_id IF EXISTS")
        Neo4jStore(neo4j_store.uri, auth=neo4j_store._auth, database=neo4j_store.database).close()  # restores it
