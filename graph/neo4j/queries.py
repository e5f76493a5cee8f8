"""The Cypher only Neo4j runs: batched writes, full-text search, shortest paths, counts.

Labels and relationship types are formatted in from the validated model only; every value is a parameter.
The shared read queries live in graph/cypher.py.
"""

from __future__ import annotations

import re

from graph import cypher
from graph.cypher import NEO4J as D
from graph.exc import GeoKGError
from graph.model import MODEL

CHUNK = 5000  # rows per UNWIND statement
TRANSACTION_ROWS = 50_000  # rows per transaction at most: a larger load commits in several (see load())


def _known(name: str, names) -> str:
    if name not in names:
        raise GeoKGError(f"{name!r} is not in the model")
    return name


def merge_entities(kind: str) -> str:
    """Both labels in the MERGE: a row naming an existing id under another kind fails on entity_id."""
    return (f"UNWIND $rows AS row MERGE (n:{_known(kind, MODEL.kinds)}:Entity {{id: row.id}}) SET n += row "
            "RETURN count(n) AS written")


UPDATE_ENTITIES = ("UNWIND $rows AS row MATCH (n:Entity {id: row.id}) "
                  "SET n.aliases = row.aliases, n.identifiers = row.identifiers, n.search_key = row.search_key "
                  "RETURN count(n) AS written")


def merge_records(record: str) -> str:
    return (f"UNWIND $rows AS row MERGE (n:{MODEL.label_of(record)} {{id: row.id}}) SET n += row "
            "RETURN count(n) AS written")


def merge_links(link: str, target: str) -> str:
    """A claim's links to one label; MERGE, so writing a claim again (a resumed load) changes nothing."""
    _known(link, MODEL.claim_links)
    label = "Entity" if target in MODEL.kinds else _known(target, MODEL.records)
    position = " SET l.position = row.position" if MODEL.claim_links[link].ordered else ""
    return (f"UNWIND $rows AS row MATCH (c:{MODEL.label_of('claim')} {{id: row.from}}) "
            f"MATCH (t:{label} {{id: row.to}}) MERGE (c)-[l:{link}]->(t){position} RETURN count(l) AS written")


MARK_LOAD = (f"MERGE (i:{MODEL.label_of('loaded_input')} {{id: $id}}) "
             "SET i.files = $files, i.loaded_at = $loaded_at, i.complete = $complete")


def merge_edges(rel_type: str) -> str:
    """Creates a new edge or replaces an existing edge's evidence; both ends must already exist."""
    return ("UNWIND $rows AS row MATCH (a:Entity {id: row.from_id}) MATCH (b:Entity {id: row.to_id}) "
            f"MERGE (a)-[r:{_known(rel_type, MODEL.relations)} {{id: row.props.id}}]->(b) SET r += row.props "
            "RETURN count(r) AS written")




def shortest_path(hops: int) -> str:
    return (f"MATCH p = shortestPath(({D.entity('a')} {{id: $a}})-[:{cypher.RELATION_TYPES}*..{int(hops)}]-"
            f"({D.entity('b')} {{id: $b}})) "
            "RETURN relationships(p) AS rels")


# Search: the full-text index finds candidates, then the shared query keeps exactly the entities whose
# search_key contains the folded text and ranks them as the embedded store does, so both stores answer
# alike. Each word of the text becomes `*word*` (infix, not just prefix, because the embedded store
# matches inside words too), all of them required. Han and Hiragana characters are single tokens in
# Lucene's standard tokenizer, so they are single words here.
SEARCH = f"CALL db.index.fulltext.queryNodes('entity_names', $lucene) YIELD node AS n {cypher.search(D)}"
_PER_CHAR = "\u3040-\u309f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(f"[{_PER_CHAR}]|[^\\W{_PER_CHAR}]+")


def lucene(folded: str) -> str:
    """A Lucene query for folded text; '' when it has no word characters (then the store scans).

    Words hold only letters, digits and '_', none of which Lucene treats as syntax, so they need no
    escaping; everything else in the text (quotes, dashes, operators) is dropped here and checked by
    the exact CONTAINS that follows.
    """
    return " AND ".join(f"*{w}*" for w in dict.fromkeys(_WORD.findall(folded)))


EXAMPLES = [
    ("Who asked whom, for what", "MATCH (a)-[r:REQUESTED_FROM]->(b) RETURN a.name, b.name, r.items, r.item_statuses, "
                                 "r.status"),
    ("Contested relations", "MATCH (a)-[r]->(b) WHERE r.status = 'contested' RETURN a.name, type(r) AS type, b.name, "
                            "r.supporting_sources, r.disputing_sources"),
    ("Edges by independent origins", "MATCH (a)-[r]->(b) RETURN a.name, type(r) AS type, b.name, "
                                     "r.independent_origins, r.supporting_sources "
                                     "ORDER BY r.independent_origins DESC LIMIT 25"),
    ("Contradictions", "MATCH (c:Claim)-[:CONTRADICTS]->(o:Claim) RETURN c.summary, c.status, o.summary, o.status"),
    ("Claims told by an entity", "MATCH (c:Claim)-[t:ATTRIBUTED_TO]->(e:Entity {id: $id}) "
                                 "RETURN c.summary, c.status, t.position"),
    ("Around an entity", "MATCH (a:Entity)-[r]-(b) WHERE a.id = $id RETURN a, r, b LIMIT 50"),
    ("Shortest path", "MATCH p = shortestPath((a:Entity {id: 'nicolas-maduro'})-[*..6]-(b:Entity {id: 'iran'})) "
                      "RETURN nodes(p), relationships(p)"),
    ("Full-text search", "CALL db.index.fulltext.queryNodes('entity_names', 'maduro') YIELD node, score "
                         "RETURN node.name, node.id, score"),
]


# Corrections and unloads: the rest are graph/cypher.py's, shared with the embedded store.
DELETE_ENTITIES = "UNWIND $rows AS row MATCH (e:Entity {id: row.id}) DETACH DELETE e"
FORGET_INPUTS = f"UNWIND $rows AS row MATCH (i:{cypher.LOADED_INPUT}) DELETE i"


def delete_edges(rel_type: str) -> str:
    return (f"UNWIND $rows AS row MATCH (:Entity {{id: row.from_id}})-[r:{_known(rel_type, MODEL.relations)} "
            "{id: row.id}]->() DELETE r")
