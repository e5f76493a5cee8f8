"""The README's Cypher examples run, each on the store whose dialect it is written in, against the seeds."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).parent.parent / "README.md"
BLOCK = re.compile(r"```cypher\n// (embedded|neo4j|both)\n(.*?)```", re.S)


def examples(dialect: str) -> list[str]:
    """The section's queries for one dialect ('embedded' or 'neo4j'), with those written for both."""
    section = README.read_text(encoding="utf-8").split("## Reading the evidence", 1)[1].split("\n## ", 1)[0]
    return [query for tag, query in BLOCK.findall(section) if tag in ("both", dialect)]


def dialect_of(store) -> str:
    return "embedded" if store.dialect == "ladybug" else "neo4j"


def test_the_section_asks_the_same_questions_in_each_dialect():
    assert len(examples("embedded")) == len(examples("neo4j")) == 7


def test_every_example_runs_and_answers(seeded):
    for query in examples(dialect_of(seeded)):
        assert seeded.query(query).rows, f"no rows from: {query}"


def test_items_carry_their_own_status(seeded):
    query = next(q for q in examples(dialect_of(seeded)) if "UNWIND range" in q)
    result = seeded.query(query)
    by_item = {row[result.columns.index("item")]: row[result.columns.index("status")] for row in result.rows}
    assert by_item["missiles"] == "hedged" and by_item["air-defence-radars"] == "asserted"
