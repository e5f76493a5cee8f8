"""The store contract: what loaders, the dashboard and the CLI may ask of a graph database.

Two implementations fulfil it (graph/embedded, graph/neo4j) and one contract test suite runs against
both. Stores are deliberately dumb writers: the loader decides what is new, merged or conflicting
(from `snapshot()`), and hands `write()` a finished WriteBatch to apply atomically.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from graph.model import MODEL
from graph.records import Edge, EdgeSummary, Filters, LoadReport, Node, QueryResult, Subgraph

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
    return _empty("type", "from_id", "from_kind", "to_id", "to_kind", *MODEL.properties["relation"])


@dataclass
class Snapshot:
    """What a store already holds, enough for the loader to resolve references and spot conflicts."""

    entities: pd.DataFrame = field(default_factory=entity_frame)  # kind + entity properties
    sources: pd.DataFrame = field(default_factory=lambda: _empty("id", "digest"))
    claims: pd.DataFrame = field(default_factory=lambda: _empty("id", "digest"))


@dataclass
class WriteBatch:
    """Clean, resolved rows: new records to create and existing ones to update in place."""

    new_entities: pd.DataFrame = field(default_factory=entity_frame)
    updated_entities: pd.DataFrame = field(default_factory=entity_frame)  # aliases grew
    new_sources: pd.DataFrame = field(default_factory=lambda: record_frame("source"))
    new_claims: pd.DataFrame = field(default_factory=lambda: record_frame("claim"))
    new_edges: pd.DataFrame = field(default_factory=edge_frame)
    updated_edges: pd.DataFrame = field(default_factory=edge_frame)  # evidence grew
    fingerprint: dict[str, Any] | None = None  # the loaded_input record to write with the batch
    report: LoadReport = field(default_factory=LoadReport)

    def is_empty(self) -> bool:
        frames = (self.new_entities, self.updated_entities, self.new_sources, self.new_claims)
        return all(f.empty for f in (*frames, self.new_edges, self.updated_edges))


class GraphStore(ABC):
    """A geokg graph. Every method takes and returns plain values; no driver type leaks out."""

    # --- loading -------------------------------------------------------------------------------
    @abstractmethod
    def snapshot(self) -> Snapshot: ...

    @abstractmethod
    def claims_by_subject(self, subject_ids: list[str]) -> pd.DataFrame:
        """Every stored claim about these subjects: the evidence to recompute their edges from."""

    @abstractmethod
    def write(self, batch: WriteBatch) -> None:
        """Apply the whole batch or nothing."""

    @abstractmethod
    def has_loaded(self, fingerprint: str) -> bool:
        """Whether an input with this fingerprint was loaded before (so loading it again changes nothing)."""

    def merge_one_by_one(self, batch: WriteBatch) -> None:
        """The slow path, one parameterized MERGE per row; kept only so `geokg bench` can measure against it."""
        raise NotImplementedError(f"{type(self).__name__} has no naive path")

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
    def neighbours(self, entity_id: str, filters: Filters, limit: int = 50, offset: int = 0) -> Subgraph:
        """The entity, its neighbours through edges that pass the filters, best evidence first, capped.

        Edges come as summaries: a hub's evidence lists are fetched per edge, with `edge`.
        `total` counts every matching neighbour edge, so the caller can offer "+N more" via offset.
        """

    @abstractmethod
    def edges_between(self, ids: list[str], filters: Filters) -> list[EdgeSummary]:
        """Edges whose both ends are among `ids`: what links entities already on screen."""

    @abstractmethod
    def edges(self, edge_ids: list[str]) -> list[Edge]:
        """Edges by id with their evidence lists (claims, sources, items); ids not in the graph are left out."""

    def edge(self, edge_id: str) -> Edge | None:
        found = self.edges([edge_id])
        return found[0] if found else None

    @abstractmethod
    def best_connected(self, limit: int = 10) -> list[Node]:
        """Entities with the most asserted relations: where to start looking."""

    @abstractmethod
    def shortest_path(self, from_id: str, to_id: str, max_hops: int = 6) -> Subgraph:
        """One shortest path, ignoring direction; empty when there is none within max_hops."""

    @abstractmethod
    def claims(self, ids: list[str], limit: int | None = None) -> list[dict[str, Any]]:
        """Claims by id (with a limit: the newest of them), each with its source's publisher, url, title
        (as source_title) and language joined in."""

    @abstractmethod
    def claims_about(self, entity_id: str, limit: int = 10_000) -> list[dict[str, Any]]:
        """Claims whose subject, object or item is the entity, latest first, at most `limit`."""

    @abstractmethod
    def count_claims_about(self, entity_id: str) -> int: ...

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
