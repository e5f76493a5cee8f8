"""graph/schema.cypher as a list of statements, and the ones a database still lacks.

Every statement names its constraint or index, so a store can compare names with SHOW CONSTRAINTS /
SHOW INDEXES and create only what is missing: a user who may read but not change the schema can still
connect to a database that already has it.
"""

from __future__ import annotations

import re
from pathlib import Path

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema.cypher"
_NAMED = re.compile(r"CREATE\s+(?:CONSTRAINT|(?:FULLTEXT\s+|RANGE\s+)?INDEX)\s+(\w+)\s+IF\s+NOT\s+EXISTS\b", re.I)


def statements(path: Path = SCHEMA_PATH) -> list[str]:
    """The file's statements in order: whole-line `//` comments dropped, split on `;`."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def name(statement: str) -> str:
    found = _NAMED.match(statement)
    if not found:
        raise ValueError(f"schema statement without a name or IF NOT EXISTS: {statement[:80]!r}")
    return found.group(1)


def missing(existing_names: set[str], path: Path = SCHEMA_PATH) -> list[str]:
    return [s for s in statements(path) if name(s) not in existing_names]


_CONSTRAINT = re.compile(r"FOR\s*\(\s*(\w+)\s*:\s*(\w+)\s*\)\s*REQUIRE\s+\1\.(\w+)\s+IS\s+UNIQUE", re.I)


def blocking_index(statement: str, indexes: list[dict]) -> str | None:
    """The name of an index that keeps a uniqueness constraint from being created: a plain range index on the
    same label and property (Neo4j refuses the constraint rather than take the index over). `indexes` are
    SHOW INDEXES rows (name, type, labelsOrTypes, properties, owningConstraint)."""
    found = _CONSTRAINT.search(statement)
    if not found:
        return None
    _, label, prop = found.groups()
    for index in indexes:
        if (str(index.get("type", "")).upper() == "RANGE" and not index.get("owningConstraint")
                and list(index.get("labelsOrTypes") or []) == [label]
                and list(index.get("properties") or []) == [prop]):
            return str(index["name"])
    return None
