"""The store contract: what loaders, the dashboard and the CLI may ask of a graph database.

Two implementations fulfil it (graph/embedded, graph/neo4j) and one contract test suite runs against
both. Stores are deliberately dumb writers: the loader decides what is new, merged or conflicting
(from `snapshot()`), and hands `write()` a finished WriteBatch. Everything read comes back as plain
values (dicts, lists, the TypedDicts of graph/records.py); only the write side takes DataFrames.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from graph.model import MODEL
from graph.records import NO_FILTERS, Edge, EdgeSummary, Filters, LoadReport, Node, QueryResult, Subgraph

DEFAULT_QUERY_TIMEOUT_S = 10.0
DEFAULT_MAX_ROWS = 1000


def _empty(*columns: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def entity_frame() -> pd.DataFrame:
    return _empty("kind", *MODEL.properties["entity"])


def record_frame(record: str) -> pd.DataFrame:
    return _empty(*MODEL.properties[record])


def edge_frame() -> pd.DataFrame:
    """Relations travel with their endpoints' ids and kinds, so a store can address them by label."""
    return _empty("type", "from_id", "from_kind", "to_id", "to_kind", *MODEL.relation_properties())


@dataclass
class Snapshot:
    """What a store already holds, enough for the loader to resolve references and spot conflicts."""

    entities: list[Node] = field(default_factory=list)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> source properties but its text
    claim_digests: dict[str, str] = field(default_factory=dict)  # claim id -> content digest (standing claims)
    claim_sources: dict[str, str] = field(default_factory=dict)  # claim id -> source id (standing claims)


@dataclass
class WriteBatch:
    """Clean, resolved rows: new records to create and existing ones to update in place.

    Claims carry the ids their links point to (graph/model.yaml claim_links); `kind_of` gives the kind
    of every entity they name, so a store can address each link's target by its label.
    """

    new_entities: pd.DataFrame = field(default_factory=entity_frame)
    updated_entities: pd.DataFrame = field(default_factory=entity_frame)  # aliases grew
    new_sources: pd.DataFrame = field(default_factory=lambda: record_frame("source"))
    new_claims: pd.DataFrame = field(default_factory=lambda: record_frame("claim"))
    new_edges: pd.DataFrame = field(default_factory=edge_frame)
    updated_edges: pd.DataFrame = field(default_factory=edge_frame)  # evidence grew
    # Corrections and unloads, applied before anything is created (a corrected claim's new version takes its id):
    retired_claims: pd.DataFrame = field(default_factory=lambda: _empty("id", "new_id", "retired", "retired_at"))
    updated_sources: pd.DataFrame = field(default_factory=lambda: record_frame("source"))  # their content changed
    deleted_edges: pd.DataFrame = field(default_factory=lambda: _empty("type", "id", "from_id", "from_kind",
                                                                      "to_kind"))  # no standing claim left
    deleted_claims: list[str] = field(default_factory=list)  # unload: gone, history and all
    deleted_sources: list[str] = field(default_factory=list)
    deleted_entities: pd.DataFrame = field(default_factory=lambda: _empty("id", "kind"))  # named by nothing left
    kind_of: dict[str, str] = field(default_factory=dict)
    fingerprint: dict[str, Any] | None = None  # the loaded_input record: written last, once all else is in
    report: LoadReport = field(default_factory=LoadReport)

    def replaces(self) -> bool:
        """Whether it takes back something an earlier input said: then no earlier input is 'already loaded'."""
        return bool(len(self.retired_claims) or len(self.updated_sources) or self.deleted_sources)

    def is_empty(self) -> bool:
        frames = (self.new_entities, self.updated_entities, self.new_sources, self.new_claims, self.new_edges,
                  self.updated_edges, self.retired_claims, self.updated_sources, self.deleted_edges,
                  self.deleted_entities)
        return all(f.empty for f in frames) and not self.deleted_claims and not self.deleted_sources


class GraphStore(ABC):
    """A geokg graph. Every method takes and returns plain values; no driver type leaks out."""

    # --- loading -------------------------------------------------------------------------------
    @abstractmethod
    def snapshot(self) -> Snapshot: ...

    @abstractmethod
    def source_texts(self, ids: list[str]) -> dict[str, str]:
        """The texts of these sources (only when a quote must be checked against one already stored)."""

    @abstractmethod
    def source_claims(self, source_id: str) -> list[dict[str, Any]]:
        """Every claim of the source, retired ones too: id, edge_ids, the entity ids it names, retired."""

    @abstractmethod
    def named_elsewhere(self, entity_ids: list[str], claim_ids: list[str]) -> set[str]:
        """Those of the entities that a claim other than these still names."""

    @abstractmethod
    def write(self, batch: WriteBatch) -> None:
        """Apply the whole batch; a load killed at any moment leaves the graph as it was or fully loaded,
        or (Neo4j, large batches) marked incomplete so that loading the same input again finishes it."""

    @abstractmethod
    def load_state(self, fingerprint: str) -> str | None:
        """'complete' when an input with this fingerprint was loaded, 'incomplete' when a load of it was
        interrupted, None when it never was."""

    # --- reading -------------------------------------------------------------------------------
    @abstractmethod
    def counts(self) -> dict[str, dict[str, int]]:
        """{"nodes": {label: n}, "relationships": {type: n}}, every model label and type present."""

    @abstractmethod
    def search(self, text: str, limit: int = 20) -> list[Node]:
        """Entities whose name or alias contains `text` (folded); exact and prefix matches first."""

    @abstractmethod
    def entities(self, ids: list[str]) -> list[Node]:
        """Entities by id, in the order asked; ids not in the graph are left out."""

    @abstractmethod
    def neighbours(self, entity_id: str, filters: Filters, limit: int = 50, offset: int = 0,
                   fold_officials: bool = False) -> Subgraph:
        """The entity, a page of its neighbours through edges that pass the filters, best evidence first.

        Pages count distinct neighbours; `total` counts all that match, so the caller can offer "+N more".
        With `fold_officials` (for a State), the relations of the people who hold office there come too,
        drawn to the state and marked `via` the office holder.
        """

    @abstractmethod
    def edges_between(self, ids: list[str], filters: Filters) -> list[EdgeSummary]:
        """Edges that pass the filters and whose both ends are among `ids`: what links entities on screen."""

    @abstractmethod
    def folded_edges(self, state_id: str, ids: list[str], filters: Filters) -> list[EdgeSummary]:
        """The relations between the state's office holders and these entities, drawn to the state, `via` them."""

    @abstractmethod
    def edges(self, edge_ids: list[str], filters: Filters = NO_FILTERS) -> list[Edge]:
        """Edges by id with their evidence (claims, sources, items), recomputed from the claims that pass
        the filters; ids not in the graph, or with no claim passing, are left out."""

    def edge(self, edge_id: str, filters: Filters = NO_FILTERS) -> Edge | None:
        found = self.edges([edge_id], filters)
        return found[0] if found else None

    @abstractmethod
    def best_connected(self, limit: int = 10) -> list[Node]:
        """Entities with the most asserted relations: where to start looking."""

    @abstractmethod
    def shortest_path(self, from_id: str, to_id: str, filters: Filters = NO_FILTERS, max_hops: int = 6) -> Subgraph:
        """One shortest path through edges that pass the filters, ignoring direction; empty when none."""

    @abstractmethod
    def claims(self, ids: list[str], limit: int | None = None, filters: Filters = NO_FILTERS) -> list[dict[str, Any]]:
        """Claims by id that pass the filters (with a limit: the newest of them), each with its source's
        publisher, url and title (as source_title) joined in, and `contradictions`: the claims it conflicts
        with, whichever side named the other."""

    @abstractmethod
    def claims_about(self, entity_id: str, filters: Filters = NO_FILTERS, limit: int = 10_000) -> list[dict[str, Any]]:
        """Claims whose subject, object, item or attribution is the entity, newest first, at most `limit`."""

    @abstractmethod
    def count_claims_about(self, entity_id: str, filters: Filters = NO_FILTERS) -> int: ...

    @abstractmethod
    def sources(self) -> list[dict[str, Any]]:
        """Every source, without its text."""

    @abstractmethod
    def query(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        timeout_s: float = DEFAULT_QUERY_TIMEOUT_S,
        max_rows: int = DEFAULT_MAX_ROWS,
    ) -> QueryResult:
        """Run user Cypher read-only, stopped after timeout_s, cut at max_rows (truncated=True)."""

    @abstractmethod
    def export(self) -> dict[str, list[dict[str, Any]]]:
        """{"entities", "relations", "claims", "sources"}: the whole graph as JSON-ready records."""

    dialect: str  # 'ladybug' or 'neo4j': the Cypher flavour user queries are written in
    examples: list[tuple[str, str]]  # (title, Cypher) pairs that run on this store, for the console

    def close(self) -> None:  # noqa: B027 - optional for stores with nothing to release
        pass

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
