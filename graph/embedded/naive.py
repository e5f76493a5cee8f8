"""The slow way to load, one parameterized MERGE per row: kept only so `geokg bench` can measure the
bulk path (COPY, graph/embedded/store.py) against it. Not part of the store contract."""

from __future__ import annotations

from graph import cypher
from graph.embedded.store import EmbeddedStore, arrow
from graph.links import POSITION, link_rows
from graph.model import MODEL
from graph.store import WriteBatch


def merge_one_by_one(store: EmbeddedStore, batch: WriteBatch) -> None:
    conn = store._conn
    entity = [p for p in MODEL.properties["entity"] if p != "id"]
    for row in batch.new_entities.to_dict("records"):
        conn.execute(f"MERGE (n:{row['kind']} {{id: $id}}) SET " + ", ".join(f"n.{p} = ${p}" for p in entity),
                     {k: row[k] for k in ["id", *entity]})
    for block, frame in (("source", batch.new_sources), ("claim", batch.new_claims)):
        props = [p for p in MODEL.properties[block] if p != "id"]
        sets = ", ".join(f"n.{p} = ${p}" for p in props)
        for row in arrow(frame, MODEL.properties[block]).to_pylist():
            conn.execute(f"MERGE (n:{MODEL.label_of(block)} {{id: $id}}) SET {sets}", row)
    for link, target, rows in link_rows(batch.new_claims, batch.kind_of):
        position = f" SET l.{POSITION} = $position" if POSITION in rows else ""
        for row in rows.to_dict("records"):
            conn.execute(f"MATCH (c:{cypher.CLAIM}), (t:{target}) WHERE c.id = $from AND t.id = $to "
                         f"MERGE (c)-[l:{link}]->(t){position}",
                         {k: (int(v) if k == POSITION else v) for k, v in row.items()})
    for (rel, from_kind, to_kind), rows in batch.new_edges.groupby(["type", "from_kind", "to_kind"]):
        props = MODEL.relation_properties(rel)
        sets = ", ".join(f"r.{p} = ${p}" for p in props if p != "id")
        for row in arrow(rows, {"from_id": "string", "to_id": "string", **props}).to_pylist():
            conn.execute(f"MATCH (a:{from_kind}), (b:{to_kind}) WHERE a.id = $from_id AND b.id = $to_id "
                         f"MERGE (a)-[r:{rel} {{id: $id}}]->(b) SET {sets}", row)
