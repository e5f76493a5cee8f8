"""The read queries both stores run, written once, with the few dialect differences as a small table.

Labels and relationship types in these strings come only from the model; every value is a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import MODEL
from graph.records import Filters

ENTITY_FIELDS = "{v}.id AS id, {label} AS kind, {v}.name AS name, {v}.aliases AS aliases, {v}.description AS description"
EDGE_SUMMARY_FIELDS = ("r.id AS id, {type} AS type, r.status AS status, r.confidence AS confidence, "
                       "r.corroboration AS corroboration, r.first_date AS first_date, r.last_date AS last_date")
EDGE_FIELDS = EDGE_SUMMARY_FIELDS + ", r.items AS items, r.claim_ids AS claim_ids, r.source_ids AS source_ids"
CLAIM_FIELDS = ", ".join(f"c.{p} AS {p}" for p in MODEL.properties["claim"] if p != "digest")


@dataclass(frozen=True)
class Dialect:
    name: str
    entity_label: str  # matches any entity node
    node_label: str  # expression giving the kind of node `{v}`
    rel_type: str  # expression giving the type of relationship r

    def entity(self, v: str) -> str:
        return f"{v}:{self.entity_label}"

    def label(self, v: str) -> str:
        return self.node_label.format(v=v)

    def entity_fields(self, v: str) -> str:
        return ENTITY_FIELDS.format(v=v, label=self.label(v))

    def edge_fields(self, summary: bool = False) -> str:
        return (EDGE_SUMMARY_FIELDS if summary else EDGE_FIELDS).format(type=self.rel_type)


LADYBUG = Dialect("ladybug", ":".join(MODEL.kinds), "label({v})", "label(r)")
NEO4J = Dialect("neo4j", "Entity", "[l IN labels({v}) WHERE l <> 'Entity'][0]", "type(r)")


def edge_filters(f: Filters, d: Dialect, other: str = "b") -> str:
    """WHERE conditions for the active filters only; the values travel as parameters of the same names."""
    conds = []
    if f.kinds is not None:
        conds.append(f"{d.label(other)} IN $kinds")
    if f.relations is not None:
        conds.append(f"{d.rel_type} IN $relations")
    if f.statuses is not None:
        conds.append("r.status IN $statuses")
    if f.min_confidence > 0:
        conds.append("r.confidence >= $min_confidence")
    if f.date_from is not None:
        conds.append("r.last_date >= $date_from")
    if f.date_to is not None:
        conds.append("r.first_date <= $date_to")
    if f.source_ids is not None:  # ladybug rejects a parameter inside any(... WHERE ...), so one per source
        either = " OR ".join(f"$source_{i} IN r.source_ids" for i in range(len(f.source_ids))) or "false"
        conds.append(f"({either})")
    return "".join(f" AND {c}" for c in conds)


def filter_params(f: Filters) -> dict:
    params = {k: v for k, v in f.params().items() if v is not None and not (k == "min_confidence" and v <= 0)}
    sources = params.pop("source_ids", None) or []
    return params | {f"source_{i}": s for i, s in enumerate(sources)}


def node(d: Dialect, v: str, kind: str | None) -> str:
    """A node pattern: by its kind when known (a primary-key lookup), else any entity."""
    if kind is None:
        return d.entity(v)
    if kind not in MODEL.kinds:
        raise ValueError(f"not a kind in the model: {kind!r}")
    return f"{v}:{kind}"


def neighbours(d: Dialect, f: Filters, kind: str | None = None) -> tuple[str, str]:
    """(page query, count query) for an entity's neighbours, best-evidenced first."""
    match = f"MATCH ({node(d, 'a', kind)})-[r]-({d.entity('b')}) WHERE a.id = $id{edge_filters(f, d)}"
    # Only scalars before the sort: each list column projected over a hub's 30k edges costs ~25 ms.
    page = (f"{match} RETURN {d.edge_fields(summary=True)}, b.id AS n_id, {d.label('b')} AS n_kind "
            "ORDER BY r.corroboration DESC, r.confidence DESC, b.name, r.id SKIP $offset LIMIT $limit")
    return page, f"{match} RETURN count(*) AS total"


def edges_between(d: Dialect, f: Filters, kind: str | None = None) -> str:
    """Edges from the `from_ids` (all of `kind` when known) to any of the `ids`."""
    tail_kind = f" AND {d.label('a')} IN $kinds" if f.kinds is not None else ""  # the filters check the head
    return (f"UNWIND $from_ids AS tail MATCH ({node(d, 'a', kind)} {{id: tail}})-[r]->({d.entity('b')}) "
            f"WHERE b.id IN $ids{edge_filters(f, d)}{tail_kind} RETURN {d.edge_fields(summary=True)}")


def edge(d: Dialect, kind: str, rel_type: str) -> str:
    """One edge with its evidence lists, found from its tail by key."""
    if rel_type not in MODEL.relations:
        raise ValueError(f"not a relation in the model: {rel_type!r}")
    return (f"UNWIND $from_ids AS tail MATCH ({node(d, 'a', kind)} {{id: tail}})-[r:{rel_type}]->({d.entity('b')}) "
            f"WHERE r.id IN $ids RETURN {d.edge_fields()}")


def best_connected(d: Dialect) -> str:
    """Entities by how many relations they have that a claim asserts (derived item edges not counted)."""
    return (f"MATCH ({d.entity('n')})-[r]-() WHERE NOT {d.rel_type} IN $derived "
            f"WITH n, count(*) AS degree RETURN {d.entity_fields('n')} ORDER BY degree DESC, id LIMIT $limit")


def search(d: Dialect) -> str:
    """Exact name first, then a name starting with the text, then any name or alias containing it."""
    return (f"MATCH ({d.entity('n')}) WHERE n.search_key CONTAINS $q "
            "WITH n, CASE WHEN n.search_key = $q OR n.search_key STARTS WITH $q_line THEN 0 "
            "WHEN n.search_key STARTS WITH $q OR n.search_key CONTAINS $line_q THEN 1 ELSE 2 END AS rank "
            f"RETURN {d.entity_fields('n')} ORDER BY rank, size(n.name), n.name LIMIT $limit")


def entities(d: Dialect, kind: str | None = None) -> str:
    # UNWIND + {id: ...} is a key lookup per id in both engines; `n.id IN $ids` scanned the table in ladybug.
    return f"UNWIND $ids AS wanted MATCH ({node(d, 'n', kind)} {{id: wanted}}) RETURN {d.entity_fields('n')}"


def all_entities(d: Dialect) -> str:
    return f"MATCH ({d.entity('n')}) RETURN {d.entity_fields('n')}, n.search_key AS search_key ORDER BY id"


def all_edges(d: Dialect) -> str:
    return (f"MATCH ({d.entity('a')})-[r]->({d.entity('b')}) "
            f"RETURN {d.edge_fields()}, a.id AS source, b.id AS target ORDER BY id")


CLAIMS_BY_ID = f"UNWIND $ids AS wanted MATCH (c:Claim {{id: wanted}}) RETURN {CLAIM_FIELDS}"
NEWEST_CLAIMS = ("UNWIND $ids AS wanted MATCH (c:Claim {id: wanted}) RETURN c.id AS id "
                 "ORDER BY c.date DESC, c.id DESC LIMIT $limit")
ABOUT = "MATCH (c:Claim) WHERE c.subject_id = $id OR c.object_id = $id OR $id IN c.items"
CLAIMS_ABOUT = f"{ABOUT} RETURN {CLAIM_FIELDS} ORDER BY c.date DESC, c.id LIMIT $limit"
COUNT_CLAIMS_ABOUT = f"{ABOUT} RETURN count(*) AS total"
CLAIMS_BY_SUBJECT = f"MATCH (c:Claim) WHERE c.subject_id IN $ids RETURN {CLAIM_FIELDS}"
ALL_CLAIMS = f"MATCH (c:Claim) RETURN {CLAIM_FIELDS} ORDER BY c.id"
CLAIM_DIGESTS = "MATCH (c:Claim) RETURN c.id AS id, c.digest AS digest"
SOURCE_FIELDS = ("s.id AS id, s.publisher AS publisher, s.url AS url, s.language AS language, s.title AS title, "
                 "s.published AS published, s.published_precision AS published_precision, "
                 "s.published_inferred AS published_inferred")
ALL_SOURCES = f"MATCH (s:Source) RETURN {SOURCE_FIELDS}, s.text AS text, s.digest AS digest ORDER BY id"
SOURCES_BY_ID = f"UNWIND $ids AS wanted MATCH (s:Source {{id: wanted}}) RETURN {SOURCE_FIELDS}"
