"""The read side both stores share: graph/cypher.py's queries, run through each store's own `_rows`.

A store subclass supplies its dialect and how to run one query; everything users read (entities,
neighbourhoods, evidence, export) is then the same code on LadybugDB and on Neo4j.
"""

from __future__ import annotations

import datetime as dt
from abc import abstractmethod
from typing import Any

from graph import cypher
from graph.cypher import Dialect
from graph.evidence import edge_ends
from graph.model import MODEL
from graph.records import Edge, EdgeSummary, Filters, Node, Subgraph
from graph.store import GraphStore


def iso(value: Any) -> Any:
    """Row values as JSON-ready Python: dates as ISO strings, lists element by element."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [iso(v) for v in value]
    return value


def node_record(row: dict[str, Any], prefix: str = "") -> Node:
    return Node(id=row[f"{prefix}id"], kind=row[f"{prefix}kind"], name=row[f"{prefix}name"],
                aliases=list(row[f"{prefix}aliases"] if row[f"{prefix}aliases"] is not None else []),
                description=row[f"{prefix}description"] or "")


def summary_record(row: dict[str, Any]) -> EdgeSummary:
    from_id, _, to_id = edge_ends(row["id"])
    return EdgeSummary(id=row["id"], type=row["type"], source=from_id, target=to_id, status=row["status"],
                       confidence=float(row["confidence"]), corroboration=int(row["corroboration"]),
                       first_date=iso(row["first_date"]), last_date=iso(row["last_date"]))


def edge_record(row: dict[str, Any]) -> Edge:
    return Edge(**summary_record(row), items=list(row["items"] if row["items"] is not None else []),
                claim_ids=list(row["claim_ids"] if row["claim_ids"] is not None else []),
                source_ids=list(row["source_ids"] if row["source_ids"] is not None else []))


class CypherStore(GraphStore):
    D: Dialect  # the subclass's Cypher flavour

    @abstractmethod
    def _rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run one read query; rows as dicts of plain Python values (dates as datetime.date)."""

    @property
    def _kinds(self) -> dict[str, str]:
        """id -> kind of every entity seen; a kind never changes for an id, so this never goes stale."""
        if "_kind_cache" not in self.__dict__:
            self.__dict__["_kind_cache"] = {}
        return self.__dict__["_kind_cache"]

    def _remember(self, nodes: list[Node]) -> list[Node]:
        self._kinds.update((n["id"], n["kind"]) for n in nodes)
        return nodes

    def entities(self, ids: list[str]) -> list[Node]:
        """By label where the kind is known: a primary-key lookup instead of a scan of every entity table."""
        by_kind: dict[str | None, list[str]] = {}
        for i in dict.fromkeys(ids):
            by_kind.setdefault(self._kinds.get(i), []).append(i)
        found = [node_record(r) for kind, some in by_kind.items()
                 for r in self._rows(cypher.entities(self.D, kind), ids=some)]
        order = {i: n for n, i in enumerate(ids)}
        return self._remember(sorted(found, key=lambda n: order[n["id"]]))

    def neighbours(self, entity_id: str, filters: Filters, limit: int = 50, offset: int = 0) -> Subgraph:
        centre = self.entities([entity_id])
        if not centre:
            return Subgraph()
        page, count = cypher.neighbours(self.D, filters, kind=centre[0]["kind"])
        params = cypher.filter_params(filters)
        rows = self._rows(page, id=entity_id, offset=int(offset), limit=int(limit), **params)
        total = self._rows(count, id=entity_id, **params)[0]["total"]
        self._kinds.update((r["n_id"], r["n_kind"]) for r in rows)  # so the lookup below goes by key
        nodes = {n["id"]: n for n in [*centre, *self.entities([r["n_id"] for r in rows])]}
        return Subgraph(nodes=list(nodes.values()), edges=[summary_record(r) for r in rows], total=int(total))

    def _path(self, from_id: str, edges: list[Edge]) -> Subgraph:
        """A path's edges with the entities along it, starting from `from_id`."""
        ids = list(dict.fromkeys([from_id, *(e["source"] for e in edges), *(e["target"] for e in edges)]))
        return Subgraph(nodes=self.entities(ids), edges=edges, total=len(edges))

    def _by_kind(self, ids: list[str]) -> dict[str, list[str]]:
        kinds: dict[str, list[str]] = {}
        for n in self.entities(list(ids)):
            kinds.setdefault(n["kind"], []).append(n["id"])
        return kinds

    def edges_between(self, ids: list[str], filters: Filters) -> list[EdgeSummary]:
        params = cypher.filter_params(filters)
        return [summary_record(r) for kind, from_ids in self._by_kind(ids).items()
                for r in self._rows(cypher.edges_between(self.D, filters, kind), from_ids=from_ids, ids=list(ids),
                                    **params)]

    def edges(self, edge_ids: list[str]) -> list[Edge]:
        """Full edges, looked up from their tails by key, one query per (tail kind, type)."""
        wanted: dict[tuple[str, str], list[str]] = {}
        tails = self._by_kind([edge_ends(e)[0] for e in edge_ids if e.count(">") == 2])
        kind_of = {i: k for k, some in tails.items() for i in some}
        for e in edge_ids:
            tail, rel_type, _ = edge_ends(e) if e.count(">") == 2 else ("", "", "")
            if tail in kind_of and rel_type in MODEL.relations:
                wanted.setdefault((kind_of[tail], rel_type), []).append(e)
        return [edge_record(r) for (kind, rel_type), some in wanted.items()
                for r in self._rows(cypher.edge(self.D, kind, rel_type),
                                    from_ids=sorted({edge_ends(e)[0] for e in some}), ids=some)]

    def claims(self, ids: list[str], limit: int | None = None) -> list[dict[str, Any]]:
        if limit is not None and len(ids) > limit:  # pick the newest by (id, date) before fetching whole rows
            ids = [r["id"] for r in self._rows(cypher.NEWEST_CLAIMS, ids=list(ids), limit=int(limit))]
        return self._with_sources(self._rows(cypher.CLAIMS_BY_ID, ids=list(ids)))

    def claims_about(self, entity_id: str, limit: int = 10_000) -> list[dict[str, Any]]:
        return self._with_sources(self._rows(cypher.CLAIMS_ABOUT, id=entity_id, limit=int(limit)))

    def count_claims_about(self, entity_id: str) -> int:
        return int(self._rows(cypher.COUNT_CLAIMS_ABOUT, id=entity_id)[0]["total"])

    def best_connected(self, limit: int = 10) -> list[Node]:
        rows = self._rows(cypher.best_connected(self.D), derived=sorted(MODEL.derived_relations), limit=int(limit))
        return self._remember([node_record(r) for r in rows])

    def _with_sources(self, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = sorted({c["source_id"] for c in claims})
        sources = {s["id"]: s for s in self._rows(cypher.SOURCES_BY_ID, ids=ids)} if ids else {}
        return [{k: iso(v) for k, v in c.items()} | {
            "publisher": sources.get(c["source_id"], {}).get("publisher", ""),
            "url": sources.get(c["source_id"], {}).get("url", ""),
            "source_title": sources.get(c["source_id"], {}).get("title", ""),
            "language": sources.get(c["source_id"], {}).get("language", "")} for c in claims]

    def sources(self) -> list[dict[str, Any]]:
        return [{k: iso(v) for k, v in r.items() if k not in ("text", "digest")}
                for r in self._rows(cypher.ALL_SOURCES)]

    def export(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "entities": [node_record(r) for r in self._rows(cypher.all_entities(self.D))],
            "relations": [dict(edge_record(r)) for r in self._rows(cypher.all_edges(self.D))],
            "claims": [{k: iso(v) for k, v in r.items()} for r in self._rows(cypher.ALL_CLAIMS)],
            "sources": [{k: iso(v) for k, v in r.items() if k != "digest"} for r in self._rows(cypher.ALL_SOURCES)],
        }
