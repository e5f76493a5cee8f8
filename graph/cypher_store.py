"""The read side both stores share: graph/cypher.py's queries, run through each store's own `_rows`.

A store subclass supplies its dialect and how to run one query; everything users read (entities,
neighbourhoods, evidence, export) is then the same code on LadybugDB and on Neo4j. Edges come with the
summary stored at load time; under claim filters they are summarised again from the claims that pass,
by the same rule (graph/evidence.py), so what is shown never says more than those claims.
"""

from __future__ import annotations

import datetime as dt
import math
from abc import abstractmethod
from typing import Any

import pandas as pd

from graph import cypher
from graph.cypher import CLAIM, Dialect
from graph.evidence import edge_ends, rows_from_claims, rows_from_frame, summarise, under_statuses
from graph.model import MODEL
from graph.records import NO_FILTERS, Edge, EdgeSummary, Filters, Item, Node, Subgraph, folded_id, unfolded
from graph.store import GraphStore

DATE_FIELDS = ("event_from", "event_to", "reported_from", "reported_to")


def iso(value: Any) -> Any:
    """Row values as JSON-ready Python: dates as ISO strings, lists element by element, NaN as None."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [iso(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def node_record(row: dict[str, Any]) -> Node:
    return Node(id=row["id"], kind=row["kind"], name=row["name"],
                aliases=list(row["aliases"] if row["aliases"] is not None else []),
                identifiers=list(row.get("identifiers") or []), description=row["description"] or "")


def summary_record(row: dict[str, Any], via: list[str] | None = None) -> EdgeSummary:
    from_id, _, to_id = edge_ends(row["id"])
    return EdgeSummary(
        id=row["id"], type=row["type"], source=from_id, target=to_id, status=row["status"],
        statuses={s: int(row.get(f"{s}_claims") or 0) for s in MODEL.statuses},
        confidence=float(row["confidence"] or 0), supporting_sources=int(row["supporting_sources"] or 0),
        disputing_sources=int(row["disputing_sources"] or 0), independent_origins=int(row["independent_origins"] or 0),
        via=list(via or []))


def edge_record(row: dict[str, Any], via: list[str] | None = None) -> Edge:
    """A full edge from a summarised row (graph.evidence.summarise's columns, or a stored relation's)."""
    claim_lists = row.get("item_claim_ids") or [[] for _ in row.get("items") or []]
    items = [Item(id=i, status=s, confidence=float(c), claim_ids=list(ids), supporting_sources=int(n))
             for i, s, c, n, ids in zip(row.get("items") or [], row.get("item_statuses") or [],
                                        row.get("item_confidences") or [], row.get("item_sources") or [], claim_lists)]
    dates = {}
    for field in DATE_FIELDS:
        dates[field] = iso(row.get(field))
        dates[f"{field}_precision"] = iso(row.get(f"{field}_precision")) if dates[field] else None
    return Edge(**summary_record(row, via), items=items, claim_ids=list(row.get("claim_ids") or []),
                source_ids=list(row.get("source_ids") or []), **dates)  # type: ignore[typeddict-item]


def _status_slice(row: dict[str, Any], statuses: frozenset[str] | None) -> list[str]:
    """The edge's claims of these statuses: its claim ids run by status, and the counts say where each starts."""
    ids = list(row["claim_ids"] or [])
    if statuses is None:
        return ids
    out, start = [], 0
    for status in MODEL.statuses:
        n = int(row.get(f"{status}_claims") or 0)
        if status in statuses:
            out += ids[start:start + n]
        start += n
    return out


def _retarget(edge: dict[str, Any], official: str, state: str) -> dict[str, Any]:
    """An official's edge drawn to the state they hold office in, marked `via` them."""
    ends = {k: (state if edge[k] == official else edge[k]) for k in ("source", "target")}
    return {**edge, **ends, "id": folded_id(edge["id"], state), "via": [official]}


class CypherStore(GraphStore):
    D: Dialect  # the subclass's Cypher flavour

    @abstractmethod
    def _rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run one read query; rows as dicts of plain Python values (dates as datetime.date)."""

    @abstractmethod
    def _frame(self, query: str, **params: Any) -> pd.DataFrame:
        """Run one read query; its rows as a DataFrame, for bulk reads."""

    @abstractmethod
    def _path(self, from_id: str, to_id: str, hops: int) -> list[dict[str, Any]]:
        """One shortest path's relationships as rows of relation properties (and `type`), in order."""

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

    def _kind(self, entity_id: str) -> str | None:
        found = self.entities([entity_id])
        return found[0]["kind"] if found else None

    # --- edges under filters -------------------------------------------------------------------
    def _passing_claims(self, ids: list[str], filters: Filters) -> list[dict[str, Any]]:
        if not ids:
            return []
        return self._rows(cypher.claims_by_id(filters), ids=sorted(set(ids)), **cypher.filter_params(filters))

    def _summaries(self, rows: list[dict[str, Any]], filters: Filters) -> list[EdgeSummary]:
        """Stored summaries, or under claim filters the summaries of the claims that pass (edges with
        none left out). A status filter reads only its statuses' claims: a slice of each edge's claim ids."""
        if not filters.claim_filters() or not rows:
            return [summary_record(r) for r in rows]
        if not cypher.needs_claims(filters):  # a status filter: the per-status aggregates every edge stores
            return [summary_record(s) for r in rows if (s := under_statuses(r, filters.statuses)) is not None]
        candidates = [c for r in rows for c in _status_slice(r, filters.statuses)]
        claims = self._frame(cypher.claims_by_id(filters, cypher.EVIDENCE_FIELDS), ids=sorted(set(candidates)),
                             **cypher.filter_params(filters)) if candidates else pd.DataFrame()
        summary = summarise(rows_from_frame(claims, {r["id"] for r in rows}), lean=True).to_dict("index")
        return [summary_record({**r, **summary[r["id"]]}) for r in rows if r["id"] in summary]

    def neighbours(self, entity_id: str, filters: Filters, limit: int = 50, offset: int = 0,
                   fold_officials: bool = False) -> Subgraph:
        kind = self._kind(entity_id)
        if kind is None:
            return Subgraph()
        params = cypher.filter_params(filters)
        if cypher.exact_on_edges(filters):
            page, count = cypher.neighbours(self.D, filters, kind)
        else:
            page, count = cypher.neighbours_by_claims(self.D, filters, kind)
            params |= {"as_tail": entity_id + ">", "as_head": ">" + entity_id}
        rows = self._rows(page, id=entity_id, offset=int(offset), limit=int(limit), **params)
        total = int(self._rows(count, id=entity_id, **params)[0]["total"])
        self._kinds.update((r["id"], r["kind"]) for r in rows)  # so the lookups below go by key
        ids = [r["id"] for r in rows]
        edges = self._summaries(self._rows(cypher.edges_to(self.D, filters, kind), id=entity_id, ids=ids,
                                           **cypher.filter_params(filters)), filters) if ids else []
        sub = Subgraph(nodes=self.entities([entity_id, *ids]), edges=edges, total=total)
        if fold_officials and kind == "State":
            self._fold_officials(sub, entity_id, filters, limit, offset)
        return sub

    def _officials(self, state: str, filters: Filters) -> list[str]:
        rows = self._rows(cypher.officials(self.D, filters), id=state, **cypher.filter_params(filters))
        return [r["id"] for r in rows]

    @staticmethod
    def _not_office(edge: EdgeSummary, state: str) -> bool:
        return not (edge["type"] in MODEL.office_relations and state in (edge["source"], edge["target"]))

    def _fold_officials(self, sub: Subgraph, state: str, filters: Filters, limit: int, offset: int) -> None:
        """Adds the relations of the state's office holders, drawn to the state, `via` each of them."""
        shown = {n["id"] for n in sub.nodes}
        for official in self._officials(state, filters):
            theirs = self.neighbours(official, filters, limit=limit, offset=offset)
            sub.total += theirs.total
            kept = [e for e in theirs.edges if self._not_office(e, state)]
            folded = [_retarget(dict(e), official, state) for e in kept]
            sub.edges += [EdgeSummary(**e) for e in folded if e["source"] != e["target"]]  # type: ignore[typeddict-item]
            ends = {e["source"] for e in sub.edges} | {e["target"] for e in sub.edges}
            sub.nodes += [n for n in theirs.nodes if n["id"] in ends and n["id"] not in shown]
            shown |= {n["id"] for n in sub.nodes}

    def folded_edges(self, state_id: str, ids: list[str], filters: Filters) -> list[EdgeSummary]:
        out = []
        for official in self._officials(state_id, filters):
            for e in self.edges_between(list(dict.fromkeys([official, *ids])), filters):
                if official in (e["source"], e["target"]) and self._not_office(e, state_id):
                    folded = _retarget(dict(e), official, state_id)
                    if folded["source"] != folded["target"]:
                        out.append(EdgeSummary(**folded))  # type: ignore[typeddict-item]
        return out

    def _by_kind(self, ids: list[str]) -> dict[str, list[str]]:
        kinds: dict[str, list[str]] = {}
        for n in self.entities(list(ids)):
            kinds.setdefault(n["kind"], []).append(n["id"])
        return kinds

    def edges_between(self, ids: list[str], filters: Filters) -> list[EdgeSummary]:
        params = cypher.filter_params(filters)
        rows = [r for kind, from_ids in self._by_kind(ids).items()
                for r in self._rows(cypher.edges_between(self.D, filters, kind), from_ids=from_ids, ids=list(ids),
                                    **params)]
        return self._summaries(rows, filters)

    def _stored_edges(self, edge_ids: list[str]) -> list[dict[str, Any]]:
        """Stored relation rows by id, looked up from their tails by key, one query per (tail kind, type)."""
        valid = [e for e in edge_ids if e.count(">") == 2]
        tails = self._by_kind([edge_ends(e)[0] for e in valid])
        kind_of = {i: k for k, some in tails.items() for i in some}
        wanted: dict[tuple[str, str], list[str]] = {}
        for e in valid:
            tail, rel_type, _ = edge_ends(e)
            if tail in kind_of and rel_type in MODEL.relations:
                wanted.setdefault((kind_of[tail], rel_type), []).append(e)
        return [r for (kind, rel_type), some in wanted.items()
                for r in self._rows(cypher.edge(self.D, kind, rel_type),
                                    from_ids=sorted({edge_ends(e)[0] for e in some}), ids=some)]

    def edges(self, edge_ids: list[str], filters: Filters = NO_FILTERS) -> list[Edge]:
        """Full edges, summarised from their (passing) claims, items with the claims naming each.
        A folded edge's id (graph.records.folded_id) gives its official's edge drawn to the state."""
        underlying = {e: unfolded(e) for e in edge_ids}
        rows = {r["id"]: r for r in self._stored_edges(sorted({edge for edge, _ in underlying.values()}))}
        claims = self._passing_claims([c for r in rows.values() for c in r["claim_ids"] or []], filters)
        summary = summarise(rows_from_claims(claims, set(rows)))
        out = []
        for edge_id, state in underlying.values():
            if edge_id not in summary.index:
                continue
            edge = edge_record({**rows[edge_id], **summary.loc[edge_id].to_dict()})
            if state:
                official = next((x for x in (edge["source"], edge["target"]) if x in self._officials(state, filters)),
                                None)
                if official is None:  # nobody on it holds office there (any more): not a folded edge
                    continue
                edge = {**edge, **_retarget(dict(edge), official, state)}  # type: ignore[assignment]
            out.append(edge)
        return out

    def shortest_path(self, from_id: str, to_id: str, filters: Filters = NO_FILTERS, max_hops: int = 6) -> Subgraph:
        """The engine's shortest path, kept only if every relation on it passes the filters."""
        if from_id == to_id:
            return Subgraph()
        hops = max(1, min(int(max_hops), 10))  # an int we bound ourselves: both dialects want a literal here
        rels = self._path(from_id, to_id, hops)
        if not rels:
            return Subgraph()
        edges = self._summaries([{**r, "claim_ids": r.get("claim_ids") or []} for r in rels], filters)
        if len(edges) < len(rels) or (filters.relations is not None and any(
                e["type"] not in filters.relations for e in edges)):
            return Subgraph()
        ids = list(dict.fromkeys([from_id, *(e["source"] for e in edges), *(e["target"] for e in edges)]))
        nodes = self.entities(ids)
        if filters.kinds is not None and any(n["kind"] not in filters.kinds for n in nodes):
            return Subgraph()
        return Subgraph(nodes=nodes, edges=edges, total=len(edges))

    # --- claims --------------------------------------------------------------------------------
    def claims(self, ids: list[str], limit: int | None = None, filters: Filters = NO_FILTERS) -> list[dict[str, Any]]:
        params = cypher.filter_params(filters)
        if limit is not None and len(ids) > limit:  # pick the newest by (id, date) before fetching whole rows
            rows = self._rows(cypher.newest_claims(filters), ids=list(ids), limit=int(limit), **params)
            ids = [r["id"] for r in rows]
        return self._with_sources(self._rows(cypher.claims_by_id(filters), ids=list(ids), **params))

    def claims_about(self, entity_id: str, filters: Filters = NO_FILTERS, limit: int = 10_000) -> list[dict[str, Any]]:
        kind = self._kind(entity_id)
        if kind is None:
            return []
        rows = self._rows(cypher.claims_about(self.D, filters, kind), id=entity_id, limit=int(limit),
                          **cypher.filter_params(filters))
        return self._with_sources(rows)

    def count_claims_about(self, entity_id: str, filters: Filters = NO_FILTERS) -> int:
        kind = self._kind(entity_id)
        if kind is None:
            return 0
        return int(self._rows(cypher.claims_about(self.D, filters, kind, count=True), id=entity_id,
                              **cypher.filter_params(filters))[0]["total"])

    def best_connected(self, limit: int = 10) -> list[Node]:
        rows = self._rows(cypher.best_connected(self.D), limit=int(limit))
        return self._remember([node_record(r) for r in rows])

    def _with_sources(self, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Claims as JSON-ready dicts with their source's publisher, url and title, and their contradictions."""
        ids = sorted({c["source_id"] for c in claims})
        sources = {s["id"]: s for s in self._rows(cypher.SOURCES_BY_ID, ids=ids)} if ids else {}
        others: dict[str, list[str]] = {}
        if claims:
            for r in self._rows(cypher.CONTRADICTIONS, ids=[c["id"] for c in claims]):
                others.setdefault(r["id"], []).append(r["other"])
        return [{k: iso(v) for k, v in c.items()} | {
            "publisher": sources.get(c["source_id"], {}).get("publisher", ""),
            "url": sources.get(c["source_id"], {}).get("url", ""),
            "source_title": sources.get(c["source_id"], {}).get("title", ""),
            "contradictions": sorted(others.get(c["id"], []))} for c in claims]

    def sources(self) -> list[dict[str, Any]]:
        return [{k: iso(v) for k, v in r.items() if k != "digest"} for r in self._rows(cypher.ALL_SOURCES)]

    def source_texts(self, ids: list[str]) -> dict[str, str]:
        return {r["id"]: r["text"] or "" for r in self._rows(cypher.SOURCE_TEXTS, ids=list(ids))} if ids else {}

    def source_claims(self, source_id: str) -> list[dict[str, Any]]:
        return self._rows(cypher.SOURCE_CLAIMS, id=source_id)

    def named_elsewhere(self, entity_ids: list[str], claim_ids: list[str]) -> set[str]:
        if not entity_ids:
            return set()
        return {r["id"] for r in self._rows(cypher.STILL_NAMED, ids=list(entity_ids), claims=list(claim_ids))}

    def load_state(self, fingerprint: str) -> str | None:
        rows = self._rows(cypher.LOAD_STATE, id=fingerprint)
        if not rows:
            return None
        return "incomplete" if rows[0]["complete"] is False else "complete"

    def counts(self) -> dict[str, dict[str, int]]:
        """Per label and type of the model, one count each: both engines answer these from their own statistics."""
        labels = [*MODEL.kinds, CLAIM, cypher.SOURCE]
        types = [*MODEL.relations, *MODEL.claim_links]
        nodes = {label: int(self._rows(cypher.count_nodes(label))[0]["n"]) for label in labels}
        rels = {t: int(self._rows(cypher.count_relationships(t))[0]["n"]) for t in types}
        return {"nodes": {k: v for k, v in sorted(nodes.items()) if v},
                "relationships": {k: v for k, v in sorted(rels.items()) if v}}

    def export(self) -> dict[str, list[dict[str, Any]]]:
        claims = self._with_sources(self._rows(cypher.ALL_CLAIMS))
        summary = summarise(rows_from_claims(claims))
        relations = [dict(edge_record({**r, **summary.loc[r["id"]].to_dict()}))
                     for r in self._rows(cypher.all_edges(self.D)) if r["id"] in summary.index]
        return {
            "entities": [node_record(r) for r in self._rows(cypher.all_entities(self.D))],
            "relations": [{k: iso(v) for k, v in r.items() if k != "via"} for r in relations],
            "claims": [{k: v for k, v in c.items() if k not in ("publisher", "url", "source_title")} for c in claims],
            "sources": [{k: iso(v) for k, v in r.items()}
                        for r in self._rows(cypher.SOURCES_WITH_TEXT)],
        }
