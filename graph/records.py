"""The shapes stores hand back: plain dicts and small dataclasses, the same for every store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, TypedDict


class Node(TypedDict):
    id: str
    kind: str
    name: str
    aliases: list[str]
    description: str


class EdgeSummary(TypedDict):
    """An edge as neighbourhoods return it: its evidence summarised, not listed.

    The lists (claims, sources, items) cost a hub's whole adjacency to fetch; `GraphStore.edge` has them.
    """

    id: str  # from>TYPE>to
    type: str
    source: str  # entity id at the tail (Cytoscape's word for it)
    target: str
    status: str
    confidence: float
    corroboration: int
    first_date: str | None  # ISO dates
    last_date: str | None


class Edge(EdgeSummary):
    items: list[str]
    claim_ids: list[str]
    source_ids: list[str]


@dataclass
class Subgraph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[EdgeSummary] = field(default_factory=list)
    total: int = 0  # how many neighbours matched before the cap; total - len(...) is "+N more"


@dataclass(frozen=True)
class Filters:
    """What the user chose to see; applied to what is shown and to what expansion fetches."""

    kinds: frozenset[str] | None = None  # None: every kind
    relations: frozenset[str] | None = None
    statuses: frozenset[str] | None = None
    source_ids: frozenset[str] | None = None
    min_confidence: float = 0.0
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def params(self) -> dict[str, Any]:
        """The filter values as query parameters; every store's WHERE clause reads these names."""
        return {
            "kinds": sorted(self.kinds) if self.kinds is not None else None,
            "relations": sorted(self.relations) if self.relations is not None else None,
            "statuses": sorted(self.statuses) if self.statuses is not None else None,
            "source_ids": sorted(self.source_ids) if self.source_ids is not None else None,
            "min_confidence": float(self.min_confidence),
            "date_from": self.date_from,
            "date_to": self.date_to,
        }


NO_FILTERS = Filters()


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list[Any]]  # JSON-ready values; nodes are dicts with "_label", relationships with "_type"
    truncated: bool = False  # True when rows were cut at the row cap


@dataclass
class LoadReport:
    """What a load did, per record: created, merged into something existing, or skipped as already there."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, record: str, outcome: str, n: int) -> None:
        if n:
            self.counts.setdefault(record, {}).setdefault(outcome, 0)
            self.counts[record][outcome] += n

    def total(self, outcome: str) -> int:
        return sum(c.get(outcome, 0) for c in self.counts.values())
