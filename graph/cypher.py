"""The read queries both stores run, written once, with the few dialect differences as a small table.

Labels, relationship types and property names in these strings come only from the model; every value
is a parameter.

Filters come in two kinds. Those on entities and edges (kinds, relations) are plain conditions. Those on
claims (status, confidence, sources, dates, known by) select claims, and an edge passes when one of its
claims does. Every edge stores per-claim aggregates (claims per status, the highest confidence of any
claim, its sources, its date span), so each claim filter has a condition on the edge that every passing
edge meets: exact for one claim filter alone (except dates), a necessary pre-filter otherwise. Where it
is not exact, the claims themselves decide (`neighbours_by_claims`, `claim_conditions`).
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import MODEL
from graph.records import Filters

ENTITY_FIELDS = ("{v}.id AS id, {label} AS kind, {v}.name AS name, {v}.aliases AS aliases, "
                 "{v}.identifiers AS identifiers, {v}.description AS description")
LIST_TYPES = ("string[]", "float[]", "int[]")
# What drawing and ranking an edge needs, on every relation: no lists, no dates (those are the full edge's);
# the per-status aggregates only when a status filter needs them (graph.evidence.under_statuses).
PER_STATUS = [f"{s}_{what}" for s in MODEL.statuses for what in ("confidence", "sources", "origins")
              if f"{s}_{what}" in MODEL.properties["relation"]]
SUMMARY_PROPERTIES = [p for p, t in MODEL.properties["relation"].items()
                      if t in ("string", "int", "float") and not p.endswith("_precision") and p not in PER_STATUS]
CLAIM = MODEL.label_of("claim")
SOURCE = MODEL.label_of("source")
LOADED_INPUT = MODEL.label_of("loaded_input")
CLAIM_FIELDS = ", ".join(f"c.{p} AS {p}" for p in MODEL.properties["claim"] if p != "digest")
# What summarising a claim needs (graph/evidence.py): not its quote, summary or attribution text.
EVIDENCE_FIELDS = ", ".join(f"c.{p} AS {p}" for p in ("id", "source_id", "status", "confidence", "attributed_to",
                                                       "items", "relation", "edge_ids", "date", "date_precision",
                                                       "reported", "reported_precision", "when_from", "when_to"))
SOURCE_FIELDS = ", ".join(f"s.{p} AS {p}" for p in MODEL.properties["source"] if p not in ("text", "digest"))
# Claim links that name what a claim is about (not who tells it, not its source).
ABOUT_LINKS = "|".join(name for name, link in MODEL.claim_links.items()
                       if link.target == "entity" and link.property in ("subject_id", "object_id", "items"))
CONTRADICTS = next(name for name, link in MODEL.claim_links.items() if link.property == "contradicts")
EXACT_ALONE = {"statuses", "source_ids", "min_confidence", "known_by"}  # edge aggregates answer these exactly


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

    def edge_fields(self, summary: bool = False, rel_type: str | None = None, f: Filters | None = None) -> str:
        """The relation's properties; for one type only those it has (a type without items has no item columns)."""
        if summary:
            props = SUMMARY_PROPERTIES + (PER_STATUS if f is not None and f.statuses is not None else [])
        else:
            props = list(MODEL.relation_properties(rel_type))
        return f"{self.rel_type} AS type, " + ", ".join(f"r.{p} AS {p}" for p in props)


LADYBUG = Dialect("ladybug", ":".join(MODEL.kinds), "label({v})", "label(r)")
NEO4J = Dialect("neo4j", "Entity", "[l IN labels({v}) WHERE l <> 'Entity'][0]", "type(r)")


def exact_on_edges(f: Filters) -> bool:
    """Whether the edges' aggregates alone decide which edges pass: at most one claim filter, not dates."""
    active = f.claim_filters()
    return not active or (len(active) == 1 and active[0] in EXACT_ALONE)


def edge_conditions(f: Filters, d: Dialect, other: str = "b") -> str:
    """WHERE conditions on r (and the far end's kind) that every edge passing the filters meets."""
    conds = []
    if f.kinds is not None:
        conds.append(f"{d.label(other)} IN $kinds")
    if f.relations is not None:
        conds.append(f"{d.rel_type} IN $relations")
    if f.statuses is not None:  # status names are checked against the model, never user text
        conds.append("(" + " OR ".join(f"r.{s}_claims > 0" for s in sorted(f.statuses) if s in MODEL.statuses)
                     + " OR false)")
    if f.min_confidence > 0:
        conds.append("r.max_confidence >= $min_confidence")
    if f.date_from is not None:
        conds.append("r.when_to >= $date_from")
    if f.date_to is not None:
        conds.append("r.when_from <= $date_to")
    if f.known_by is not None:
        conds.append("r.reported_from <= $known_by")
    if f.source_ids is not None:  # ladybug rejects a parameter inside any(... WHERE ...), so one per source
        either = " OR ".join(f"$source_{i} IN r.source_ids" for i in range(len(f.source_ids))) or "false"
        conds.append(f"({either})")
    return "".join(f" AND {c}" for c in conds)


def claim_conditions(f: Filters, c: str = "c") -> str:
    """WHERE conditions on claim `c` for the claim filters; an empty string when there are none."""
    conds = []
    if f.statuses is not None:
        conds.append(f"{c}.status IN $statuses")
    if f.min_confidence > 0:
        conds.append(f"{c}.confidence >= $min_confidence")
    if f.source_ids is not None:
        conds.append(f"{c}.source_id IN $source_id_list")
    if f.date_from is not None:
        conds.append(f"{c}.when_to >= $date_from")
    if f.date_to is not None:
        conds.append(f"{c}.when_from <= $date_to")
    if f.known_by is not None:
        conds.append(f"{c}.reported <= $known_by")
    return "".join(f" AND {cond}" for cond in conds)


def filter_params(f: Filters) -> dict:
    params = {k: v for k, v in f.params().items() if v is not None and not (k == "min_confidence" and v <= 0)}
    sources = params.pop("source_ids", None)
    if sources is not None:
        params["source_id_list"] = sources
        params |= {f"source_{i}": s for i, s in enumerate(sources)}
    return params


def node(d: Dialect, v: str, kind: str | None) -> str:
    """A node pattern: by its kind when known (a primary-key lookup), else any entity."""
    if kind is None:
        return d.entity(v)
    if kind not in MODEL.kinds:
        raise ValueError(f"not a kind in the model: {kind!r}")
    return f"{v}:{kind}"


RANKED = ("WITH b, max(r.independent_origins) AS origins, max(r.confidence) AS confidence "
          "RETURN b.id AS id, {label} AS kind ORDER BY origins DESC, confidence DESC, b.name, b.id "
          "SKIP $offset LIMIT $limit")


def neighbours(d: Dialect, f: Filters, kind: str | None = None) -> tuple[str, str]:
    """(page query, count query): distinct neighbours through edges meeting the edge conditions,
    best-evidenced first. Exact when `exact_on_edges(f)`."""
    match = f"MATCH ({node(d, 'a', kind)} {{id: $id}})-[r]-({d.entity('b')}) WHERE true{edge_conditions(f, d)}"
    return f"{match} {RANKED.format(label=d.label('b'))}", f"{match} RETURN count(DISTINCT b.id) AS total"


def neighbours_by_claims(d: Dialect, f: Filters, kind: str | None = None) -> tuple[str, str]:
    """The same, decided by the claims: the edges touching the entity that one of its passing claims
    supports. A claim about the entity supports edges at both of its ends; `$as_tail` and `$as_head` keep those
    that touch it."""
    match = (f"MATCH ({node(d, 'a', kind)} {{id: $id}})<-[:{ABOUT_LINKS}]-(c:{CLAIM}) WHERE true{claim_conditions(f)} "
             "UNWIND c.edge_ids AS e WITH DISTINCT e WHERE e STARTS WITH $as_tail OR e ENDS WITH $as_head "
             f"MATCH ({node(d, 'a2', kind)} {{id: $id}})-[r]-({d.entity('b')}) WHERE r.id = e{edge_conditions(f, d)}")
    return f"{match} {RANKED.format(label=d.label('b'))}", f"{match} RETURN count(DISTINCT b.id) AS total"


def needs_claims(f: Filters) -> bool:
    """Whether an edge's summary under these filters must be worked out from its claims: a status filter alone
    is answered by the per-status aggregates every relation stores (graph.evidence.under_statuses)."""
    return bool(f.claim_filters()) and f.claim_filters() != ["statuses"]


def _claims_if(f: Filters) -> str:
    return ", r.claim_ids AS claim_ids" if needs_claims(f) else ""


def edges_to(d: Dialect, f: Filters, kind: str | None = None) -> str:
    """An entity's edges to the given neighbours, meeting the edge conditions."""
    return (f"MATCH ({node(d, 'a', kind)} {{id: $id}})-[r]-({d.entity('b')}) WHERE b.id IN $ids{edge_conditions(f, d)} "
            f"RETURN {d.edge_fields(summary=True, f=f)}{_claims_if(f)}")


def edges_between(d: Dialect, f: Filters, kind: str | None = None) -> str:
    """Edges from the `from_ids` (all of `kind` when known) to any of the `ids`."""
    tail_kind = f" AND {d.label('a')} IN $kinds" if f.kinds is not None else ""  # the conditions check the head
    return (f"UNWIND $from_ids AS tail MATCH ({node(d, 'a', kind)} {{id: tail}})-[r]->({d.entity('b')}) "
            f"WHERE b.id IN $ids{edge_conditions(f, d)}{tail_kind} "
            f"RETURN {d.edge_fields(summary=True, f=f)}{_claims_if(f)}")


def edge(d: Dialect, kind: str, rel_type: str) -> str:
    """Edges of one type with their evidence lists, found from their tails by key."""
    if rel_type not in MODEL.relations:
        raise ValueError(f"not a relation in the model: {rel_type!r}")
    return (f"UNWIND $from_ids AS tail MATCH ({node(d, 'a', kind)} {{id: tail}})-[r:{rel_type}]->({d.entity('b')}) "
            f"WHERE r.id IN $ids RETURN {d.edge_fields(rel_type=rel_type)}")


def officials(d: Dialect, f: Filters) -> str:
    """People holding an office (a relation the model marks `office`) in the state, by a supported claim."""
    offices = "|".join(MODEL.office_relations)
    support = " OR ".join(f"r.{s}_claims > 0" for s in MODEL.supporting())
    return (f"MATCH (p:Person)-[r:{offices}]->(s:State {{id: $id}}) WHERE ({support}){edge_conditions(f, d, 'p')} "
            "RETURN DISTINCT p.id AS id")


def best_connected(d: Dialect) -> str:
    """Entities by how many relations they have that a claim asserts (derived item edges and the claims'
    own links not counted)."""
    asserted = "|".join(r for r in MODEL.relations if r not in MODEL.derived_relations)
    return (f"MATCH ({d.entity('n')})-[r:{asserted}]-() "
            f"WITH n, count(*) AS degree RETURN {d.entity_fields('n')} ORDER BY degree DESC, id LIMIT $limit")


RELATION_TYPES = "|".join(MODEL.relations)  # entity-to-entity: a path never runs through a claim


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
    return f"MATCH ({d.entity('n')}) RETURN {d.entity_fields('n')} ORDER BY id"


def all_edges(d: Dialect) -> str:
    return f"MATCH ({d.entity('a')})-[r]->({d.entity('b')}) RETURN {d.edge_fields()} ORDER BY id"


def claims_by_id(f: Filters, fields: str = CLAIM_FIELDS) -> str:
    return f"UNWIND $ids AS wanted MATCH (c:{CLAIM} {{id: wanted}}) WHERE true{claim_conditions(f)} RETURN {fields}"


def newest_claims(f: Filters) -> str:
    return (f"UNWIND $ids AS wanted MATCH (c:{CLAIM} {{id: wanted}}) WHERE true{claim_conditions(f)} "
            "RETURN c.id AS id ORDER BY c.when_from DESC, c.id DESC LIMIT $limit")


def claims_about(d: Dialect, f: Filters, kind: str, count: bool = False) -> str:
    match = (f"MATCH ({node(d, 'e', kind)} {{id: $id}})<-[:{ABOUT_LINKS}]-(c:{CLAIM}) WHERE true{claim_conditions(f)} "
             "WITH DISTINCT c")
    if count:
        return f"{match} RETURN count(*) AS total"
    return f"{match} RETURN {CLAIM_FIELDS} ORDER BY c.when_from DESC, c.id LIMIT $limit"


CONTRADICTIONS = (f"UNWIND $ids AS wanted MATCH (c:{CLAIM} {{id: wanted}})-[:{CONTRADICTS}]-(o:{CLAIM}) "
                  "RETURN DISTINCT c.id AS id, o.id AS other")
ALL_CLAIMS = f"MATCH (c:{CLAIM}) RETURN {CLAIM_FIELDS} ORDER BY c.id"
CLAIM_DIGESTS = (f"MATCH (c:{CLAIM}) WHERE c.retired IS NULL OR c.retired = '' "
                 "RETURN c.id AS id, c.digest AS digest, c.source_id AS source_id")
# Corrections (loaders/plan.py): a retired claim is copied under its new id, then the standing one is removed with
# its links; an unload removes a source's claims, history included, then the source.
RETIRE_CLAIMS = (f"UNWIND $rows AS row MATCH (c:{CLAIM} {{id: row.id}}) CREATE (r:{CLAIM} {{"
                 + ", ".join(f"{p}: c.{p}" for p in MODEL.properties["claim"] if p not in ("id", "retired",
                                                                                          "retired_at"))
                 + ", id: row.new_id, retired: row.retired, retired_at: row.retired_at})")
# In rows ({id}) like every Neo4j write statement, so both stores send the same ones.
DELETE_CLAIMS = f"UNWIND $rows AS row MATCH (c:{CLAIM} {{id: row.id}}) DETACH DELETE c"
DELETE_SOURCES = f"UNWIND $rows AS row MATCH (s:{SOURCE} {{id: row.id}}) DETACH DELETE s"
FORGET_INPUTS = f"MATCH (i:{LOADED_INPUT}) DELETE i"  # after a correction, no earlier input is the graph any more
SOURCE_CLAIMS = (f"MATCH (c:{CLAIM}) WHERE c.source_id = $id RETURN c.id AS id, c.edge_ids AS edge_ids, "
                 "c.subject_id AS subject_id, c.object_id AS object_id, c.items AS items, "
                 "c.attributed_to AS attributed_to, c.retired AS retired")
# Entities among $ids that a claim outside $claims still names: the rest go when those claims do.
STILL_NAMED = (f"UNWIND $ids AS wanted MATCH (c:{CLAIM})-[]->(e) WHERE e.id = wanted AND NOT c.id IN $claims "
               "RETURN DISTINCT e.id AS id")


def update_sources() -> str:
    sets = ", ".join(f"s.{p} = row.{p}" for p in MODEL.properties["source"] if p != "id")
    return f"UNWIND $rows AS row MATCH (s:{SOURCE} {{id: row.id}}) SET {sets}"
ALL_SOURCES = f"MATCH (s:{SOURCE}) RETURN {SOURCE_FIELDS}, s.digest AS digest ORDER BY id"
SOURCES_WITH_TEXT = f"MATCH (s:{SOURCE}) RETURN {SOURCE_FIELDS}, s.text AS text ORDER BY id"
SOURCES_BY_ID = f"UNWIND $ids AS wanted MATCH (s:{SOURCE} {{id: wanted}}) RETURN {SOURCE_FIELDS}"
SOURCE_TEXTS = f"UNWIND $ids AS wanted MATCH (s:{SOURCE} {{id: wanted}}) RETURN s.id AS id, s.text AS text"
LOAD_STATE = f"MATCH (i:{LOADED_INPUT} {{id: $id}}) RETURN i.complete AS complete"


def count_nodes(label: str) -> str:
    if label not in MODEL.kinds and label not in MODEL.records:
        raise ValueError(f"not a label in the model: {label!r}")
    return f"MATCH (n:{label}) RETURN count(*) AS n"


def count_relationships(rel_type: str) -> str:
    if rel_type not in MODEL.relations and rel_type not in MODEL.claim_links:
        raise ValueError(f"not a relationship type in the model: {rel_type!r}")
    return f"MATCH ()-[r:{rel_type}]->() RETURN count(*) AS n"
