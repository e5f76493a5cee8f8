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
from graph.records import Edge, Filters, Node, Subgraph
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


def edge_record(row: dict[str, Any]) -> Edge:
    from_id, _, to_id = edge_ends(row["id"])
    return Edge(id=row["id"], type=row["type"], source=from_id, target=to_id, items=list(row["items"] or []),
                claim_ids=list(row["claim_ids"] or []), source_ids=list(row["source_ids"] or []),
                status=row["status"], confidence=float(row["confidence"]), corroboration=int(row["corroboration"]),
                first_date=iso(row["first_date"]), last_date=iso(row["last_date"]))


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
        nodes = {n["id"]: n for n in [*centre, *self._remember([node_record(r, "n_") for r in rows])]}
        return Subgraph(nodes=list(nodes.values()), edges=[edge_record(r) for r in rows], total=int(total))

    def _path(self, from_id: str, edges: list[Edge]) -> Subgraph:
        """A path's edges with the entities along it, starting from `from_id`."""
        ids = list(dict.fromkeys([from_id, *(e["source"] for e in edges), *(e["target"] for e in edges)]))
        return Subgraph(nodes=self.entities(ids), edges=edges, total=len(edges))

    def edges_between(self, ids: list[str], filters: Filters) -> list[Edge]:
        rows = self._rows(cypher.edges_between(self.D, filters), ids=list(ids), **cypher.filter_params(filters))
        return [edge_record(r) for r in rows]

    def claims(self, ids: list[str]) -> list[dict[str, Any]]:
        return self._with_sources(self._rows(cypher.CLAIMS_BY_ID, ids=list(ids)))

    def claims_about(self, entity_id: str) -> list[dict[str, Any]]:
        return self._with_sources(self._rows(cypher.CLAIMS_ABOUT, id=entity_id))

    def _with_sources(self, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = sorted({c["source_id"] for c in claims})
        sources = {s["id"]: s for s in self._rows(cypher.SOURCES_BY_ID, ids=ids)} if ids else {}
        return [{k: iso(v) for k, v in c.items()} | {
            "publisher": sources.get(c["source_id"], {}).get("publisher", ""),
            "url": sources.get(c["source_id"], {}).get("url", ""),
            "source_title": sources.get(c["source_id"], {}).get("title", "")} for c in claims]

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
