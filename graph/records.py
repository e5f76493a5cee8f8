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
    identifiers: list[str]  # scheme:value, graph/model.yaml identifier_schemes
    description: str


class EdgeSummary(TypedDict):
    """An edge as neighbourhoods return it: its evidence summarised (graph/evidence.py), not listed.

    Under filters, every number speaks for the claims that pass them. The lists (claims, sources, items)
    cost a hub's whole adjacency to fetch; `GraphStore.edges` has them.
    """

    id: str  # from>TYPE>to; a folded edge's id ends in FOLD_MARK + the state it was folded into
    type: str
    source: str  # entity id at the tail (Cytoscape's word for it)
    target: str
    status: str  # a claim status, or "contested"
    statuses: dict[str, int]  # claims per status
    confidence: float
    supporting_sources: int
    disputing_sources: int
    independent_origins: int
    via: list[str]  # office holders whose relation this is, when folded into their state


class Item(TypedDict):
    id: str
    status: str
    confidence: float
    claim_ids: list[str]
    supporting_sources: int


class Edge(EdgeSummary):
    """An edge with its evidence: items, claims, sources, and its dates (the summary draws none of these)."""

    items: list[Item]
    claim_ids: list[str]
    source_ids: list[str]
    event_from: str | None  # ISO dates, each with its precision
    event_from_precision: str | None
    event_to: str | None
    event_to_precision: str | None
    reported_from: str | None
    reported_from_precision: str | None
    reported_to: str | None
    reported_to_precision: str | None


@dataclass
class Subgraph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[EdgeSummary] = field(default_factory=list)
    total: int = 0  # distinct neighbours that matched before the cap: "+N more" is total - offset - page


FOLD_MARK = "~"  # slugs never contain it


def folded_id(edge_id: str, state_id: str) -> str:
    return f"{edge_id}{FOLD_MARK}{state_id}"


def unfolded(edge_id: str) -> tuple[str, str | None]:
    """(the underlying edge id, the state it was folded into or None)."""
    edge, _, state = edge_id.partition(FOLD_MARK)
    return edge, state or None


@dataclass(frozen=True)
class Filters:
    """What the user chose to see, applied to what is shown and to what expansion fetches.

    `kinds` and `relations` select entities and edges. The rest select claims: an edge is shown when
    at least one of its claims passes all of them, and then says only what those claims say.
    """

    kinds: frozenset[str] | None = None  # None: every kind
    relations: frozenset[str] | None = None
    statuses: frozenset[str] | None = None
    source_ids: frozenset[str] | None = None
    min_confidence: float = 0.0
    date_from: dt.date | None = None  # claims placed (by event, else report date) in this period
    date_to: dt.date | None = None
    known_by: dt.date | None = None  # claims reported on or before this day: what was known then

    def claim_filters(self) -> list[str]:
        """The active filters that act on claims."""
        active = {"statuses": self.statuses is not None, "source_ids": self.source_ids is not None,
                  "min_confidence": self.min_confidence > 0, "dates": self.date_from or self.date_to,
                  "known_by": self.known_by is not None}
        return [name for name, on in active.items() if on]

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
            "known_by": self.known_by,
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
    notes: list[str] = field(default_factory=list)  # what the load decided that the user should know

    def add(self, record: str, outcome: str, n: int) -> None:
        if n:
            self.counts.setdefault(record, {}).setdefault(outcome, 0)
            self.counts[record][outcome] += n

    def total(self, outcome: str) -> int:
        return sum(c.get(outcome, 0) for c in self.counts.values())
