"""The embedded store: LadybugDB in-process, file-backed, the default.

Writes go through COPY FROM Arrow tables (design.md: 5,000 relationships in 0.02 s this way against 27 s
through UNWIND/MERGE). A load is made crash-safe by writing it into a copy of the database file and
renaming the copy over the original once it is complete and checkpointed: LadybugDB on its own can lose a
transaction's COPY'd rows while keeping its other writes when killed mid-checkpoint (measured: 26 of 40
kills around the commit kept a marker MERGE'd with the rows and lost the rows), whereas a rename is atomic.
"""

from __future__ import annotations

import glob
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ladybug
import pandas as pd
import pyarrow as pa

from graph import cypher
from graph.cypher import LADYBUG as D
from graph.cypher_store import CypherStore, node_record
from graph.embedded import owner
from graph.embedded.ddl import mismatched, statements
from graph.embedded.sandbox import QueryRunner
from graph.embedded.values import plain
from graph.exc import GeoKGError, GraphHeld, QueryError
from graph.links import POSITION, link_rows
from graph.model import MODEL
from graph.records import Node, QueryResult
from graph.store import DEFAULT_MAX_ROWS, DEFAULT_QUERY_TIMEOUT_S, Snapshot, WriteBatch
from graph.text import fold

EXAMPLES = [
    ("Who asked whom, for what", "MATCH (a)-[r:REQUESTED_FROM]->(b) RETURN a.name, b.name, r.items, r.item_statuses, "
                                 "r.status"),
    ("Contested relations", "MATCH (a)-[r]->(b) WHERE r.status = 'contested' RETURN a.name, label(r) AS type, b.name, "
                            "r.supporting_sources, r.disputing_sources"),
    ("Edges by independent origins", "MATCH (a)-[r]->(b) RETURN a.name, label(r) AS type, b.name, "
                                     "r.independent_origins, r.supporting_sources "
                                     "ORDER BY r.independent_origins DESC LIMIT 25"),
    ("Contradictions", "MATCH (c:Claim)-[:CONTRADICTS]->(o:Claim) RETURN c.summary, c.status, o.summary, o.status"),
    ("Claims told by an entity", "MATCH (c:Claim)-[t:ATTRIBUTED_TO]->(e) WHERE e.id = $id "
                                 "RETURN c.summary, c.status, t.position"),
    ("Around an entity", "MATCH (a)-[r]-(b) WHERE a.id = $id RETURN a, r, b LIMIT 50"),
    ("Shortest path", "MATCH p = (a)-[* SHORTEST 1..6]-(b) WHERE a.id = 'nicolas-maduro' AND b.id = 'iran' "
                      "RETURN nodes(p), rels(p)"),
]
ARROW = {"string": pa.string(), "string[]": pa.list_(pa.string()), "float": pa.float64(),
         "float[]": pa.list_(pa.float64()), "int": pa.int64(), "int[]": pa.list_(pa.int64()), "bool": pa.bool_(),
         "date": pa.date32()}


def arrow(frame: pd.DataFrame, columns: dict[str, str]) -> pa.Table:
    """A frame as an Arrow table typed by the model, so empty lists and missing dates copy as what they are."""
    return pa.table({name: pa.Array.from_pandas(frame[name], type=ARROW[typ]) for name, typ in columns.items()})


class _SwapLock:
    """Many readers, or one swap: reads never see the database while it is being replaced."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._swapping = False

    @contextmanager
    def reading(self):
        with self._cond:
            self._cond.wait_for(lambda: not self._swapping)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def swapping(self):
        with self._cond:
            self._swapping = True
            self._cond.wait_for(lambda: self._readers == 0)
        try:
            yield
        finally:
            with self._cond:
                self._swapping = False
                self._cond.notify_all()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class EmbeddedStore(CypherStore):
    D = D
    dialect = "ladybug"
    examples = EXAMPLES

    def __init__(self, path: str | Path, read_only: bool = False):
        """`read_only` opens an existing graph to read it, also while another process holds it read-write."""
        self.path = Path(path)
        self.read_only = read_only
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._shadow = self.path.with_name(self.path.name + ".loading")
        self._local = threading.local()  # a connection per thread: Dash serves callbacks on several
        self._conns: list[ladybug.Connection] = []
        self._conns_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._swap = _SwapLock()
        self._generation = 0
        if not read_only:
            self._drop_shadow()  # a load killed before its rename: the graph is as it was
        self._open()
        self.runner = QueryRunner(str(self.path))

    def _open(self) -> None:
        try:
            self._db = ladybug.Database(str(self.path), read_only=self.read_only)
        except RuntimeError as e:
            said = " ".join(str(e).split())
            if owner.is_lock_error(said):
                raise GraphHeld(f"the graph at {self.path} is in use by {owner.holder(self.path, said)}; stop "
                                "it first (stats, query and export can read it meanwhile)", self.path) from None
            raise GeoKGError(f"cannot open the embedded graph at {self.path}: {said}") from None
        if not self.read_only:
            owner.record(self.path)
        self._generation += 1
        conn = self._conn
        existing = {name: [] for name, in conn.execute("CALL show_tables() RETURN name").get_all()}
        for table in existing:
            existing[table] = [row[1] for row in conn.execute(f"CALL table_info('{table}') RETURN *").get_all()]
        if (stale := mismatched(existing)) or (self.read_only and not existing):
            raise GeoKGError(f"the graph at {self.path} was built by another version of geokg (its tables "
                             f"{', '.join(stale[:3]) or 'are missing'} differ from graph/model.yaml); rebuild it: "
                             f"remove {self.path} and run `geokg load` again")
        if not self.read_only:
            for ddl in statements():
                conn.execute(ddl)

    def _close_db(self) -> None:
        with self._conns_lock:
            conns, self._conns = self._conns, []
        for conn in conns:
            conn.close()
        self._db.close()

    @property
    def _conn(self) -> ladybug.Connection:
        if getattr(self._local, "generation", None) != self._generation:
            self._local.conn = ladybug.Connection(self._db)
            self._local.generation = self._generation
            with self._conns_lock:
                self._conns.append(self._local.conn)
        return self._local.conn

    def _rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        with self._swap.reading():
            result = self._conn.execute(query, params)
            columns = result.get_column_names()
            return [dict(zip(columns, row)) for row in result.get_all()]

    def _frame(self, query: str, **params: Any) -> pd.DataFrame:
        with self._swap.reading():
            return self._conn.execute(query, params).get_as_arrow().to_pandas(types_mapper=None)

    def _path(self, from_id: str, to_id: str, hops: int) -> list[dict[str, Any]]:
        rows = self._rows(f"MATCH p = ({D.entity('a')})-[:{cypher.RELATION_TYPES}* SHORTEST 1..{hops}]-"
                          f"({D.entity('b')}) WHERE a.id = $a AND b.id = $b RETURN rels(p) AS rels LIMIT 1",
                          a=from_id, b=to_id)
        return [{**plain(r), "type": r["_LABEL"]} for r in rows[0]["rels"]] if rows else []

    # --- loading -------------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        entities = [{k: r[k] for k in ("id", "kind", "name", "aliases", "identifiers", "description")}
                    for r in self._rows(cypher.all_entities(D))]
        sources = {r["id"]: r for r in self._rows(cypher.ALL_SOURCES)}
        with self._swap.reading():  # a million digests: columnar, not row by row
            frame = self._conn.execute(cypher.CLAIM_DIGESTS).get_as_arrow().to_pandas()
        return Snapshot(entities=entities, sources=sources, claim_digests=dict(zip(frame["id"], frame["digest"])),
                        claim_sources=dict(zip(frame["id"], frame["source_id"])))

    def write(self, batch: WriteBatch) -> None:
        if self.read_only:
            raise GeoKGError(f"the graph at {self.path} is open read-only; nothing was written")
        with self._write_lock:
            if batch.is_empty():  # only the fingerprint: one MERGE, atomic on its own
                if batch.fingerprint:
                    with self._swap.reading():
                        self._conn.execute(self._fingerprint_query(), self._fingerprint_params(batch))
                        self._conn.execute("CHECKPOINT")
                return
            self._write_shadow(batch)
            with self._swap.swapping():
                self._close_db()
                os.replace(self._shadow, self.path)  # the moment the load becomes the graph
                _fsync(self.path.parent)
                self._open()
        self.runner.reset()

    def _drop_shadow(self) -> None:
        """The copy a load writes to, with every file the engine keeps beside it (.wal, .shadow, .wal.checkpoint,
        checkpoint locks). Left by a killed load, the engine would replay them into the next copy."""
        for leftover in self._shadow.parent.glob(glob.escape(self._shadow.name) + "*"):
            leftover.unlink(missing_ok=True)

    def _write_shadow(self, batch: WriteBatch) -> None:
        """The whole batch into a checkpointed copy of the graph; nothing touches the graph itself."""
        self._drop_shadow()
        with self._swap.reading():
            self._conn.execute("CHECKPOINT")  # what is committed is in the main file before it is copied
            shutil.copyfile(self.path, self._shadow)
        db = ladybug.Database(str(self._shadow))
        conn = ladybug.Connection(db)
        try:
            conn.execute("BEGIN TRANSACTION")
            self._remove(conn, batch)
            self._copy_all(conn, batch)
            self._update(conn, batch)
            if batch.fingerprint:
                conn.execute(self._fingerprint_query(), self._fingerprint_params(batch))
            conn.execute("COMMIT")
            conn.execute("CHECKPOINT")
        except RuntimeError as e:  # the engine's own message is the real cause; the copy is simply dropped
            conn.close()
            db.close()
            self._drop_shadow()
            raise GeoKGError(f"the write failed, nothing was written: {str(e).strip()}") from None
        conn.close()
        db.close()
        _fsync(self._shadow)

    @staticmethod
    def _fingerprint_query() -> str:
        props = [p for p in MODEL.properties["loaded_input"] if p != "id"]
        return f"MERGE (i:{cypher.LOADED_INPUT} {{id: $id}}) SET " + ", ".join(f"i.{p} = ${p}" for p in props)

    @staticmethod
    def _fingerprint_params(batch: WriteBatch) -> dict[str, Any]:
        return {**(batch.fingerprint or {}), "complete": True}

    @staticmethod
    def _remove(conn: ladybug.Connection, batch: WriteBatch) -> None:
        """Corrections and unloads, before anything is created: a corrected claim's new version takes its id."""
        if len(batch.retired_claims):
            rows = batch.retired_claims.to_dict("records")
            conn.execute(cypher.RETIRE_CLAIMS, {"rows": rows})
            conn.execute(cypher.DELETE_CLAIMS, {"rows": [{"id": r["id"]} for r in rows]})
        if batch.deleted_claims:
            conn.execute(cypher.DELETE_CLAIMS, {"rows": [{"id": i} for i in batch.deleted_claims]})
        for (rel, from_kind, to_kind), rows in batch.deleted_edges.groupby(["type", "from_kind", "to_kind"]):
            conn.execute(f"UNWIND $rows AS row MATCH (a:{from_kind})-[r:{rel}]->(b:{to_kind}) "
                         "WHERE a.id = row.from_id AND r.id = row.id DELETE r",
                         {"rows": rows[["id", "from_id"]].to_dict("records")})
        for kind, rows in batch.deleted_entities.groupby("kind"):
            conn.execute(f"UNWIND $ids AS gone MATCH (e:{kind} {{id: gone}}) DETACH DELETE e",
                         {"ids": list(rows["id"])})
        if batch.deleted_sources:
            conn.execute(cypher.DELETE_SOURCES, {"rows": [{"id": i} for i in batch.deleted_sources]})
        if batch.replaces():
            conn.execute(cypher.FORGET_INPUTS)
        if len(batch.updated_sources):
            rows = arrow(batch.updated_sources, MODEL.properties["source"]).to_pylist()
            conn.execute(cypher.update_sources(), {"rows": rows})

    @staticmethod
    def _copy_all(conn: ladybug.Connection, batch: WriteBatch) -> None:
        entity = MODEL.properties["entity"]
        for kind, rows in batch.new_entities.groupby("kind"):
            conn.execute(f"COPY {kind} FROM $rows", {"rows": arrow(rows, entity)})
        for label, block in MODEL.records.items():
            frame = {"source": batch.new_sources, "claim": batch.new_claims}.get(block)
            if frame is not None and len(frame):
                conn.execute(f"COPY {label} FROM $rows", {"rows": arrow(frame, MODEL.properties[block])})
        for link, target, rows in link_rows(batch.new_claims, batch.kind_of):
            columns = {"from": "string", "to": "string", **({POSITION: "int"} if POSITION in rows else {})}
            conn.execute(f"COPY {link} FROM $rows (from='{cypher.CLAIM}', to='{target}')",
                         {"rows": arrow(rows, columns)})
        for (rel, from_kind, to_kind), rows in batch.new_edges.groupby(["type", "from_kind", "to_kind"]):
            columns = {"from_id": "string", "to_id": "string", **MODEL.relation_properties(rel)}
            conn.execute(f"COPY {rel} FROM $rows (from='{from_kind}', to='{to_kind}')", {"rows": arrow(rows, columns)})

    @staticmethod
    def _update(conn: ladybug.Connection, batch: WriteBatch) -> None:
        for row in batch.updated_entities.itertuples(index=False):
            conn.execute(f"MATCH (n:{row.kind}) WHERE n.id = $id SET n.aliases = $aliases, "
                         "n.identifiers = $identifiers, n.search_key = $key",
                         {"id": row.id, "aliases": list(row.aliases), "identifiers": list(row.identifiers),
                          "key": row.search_key})
        for (rel, from_kind, to_kind), rows in batch.updated_edges.groupby(["type", "from_kind", "to_kind"]):
            props = MODEL.relation_properties(rel)
            sets = ", ".join(f"r.{k} = ${k}" for k in props if k != "id")
            for row in arrow(rows, {"from_id": "string", **props}).to_pylist():
                conn.execute(f"MATCH (a:{from_kind})-[r:{rel}]->(b:{to_kind}) WHERE a.id = $from_id AND r.id = $id "
                             f"SET {sets}", row)

    # --- reading -------------------------------------------------------------------------------
    def search(self, text: str, limit: int = 20) -> list[Node]:
        q = fold(text)
        if not q:
            return []
        rows = self._rows(cypher.search(D), q=q, q_line=q + "\n", line_q="\n" + q, limit=int(limit))
        return self._remember([node_record(r) for r in rows])

    def query(self, cypher_text: str, params: dict[str, Any] | None = None,
              timeout_s: float = DEFAULT_QUERY_TIMEOUT_S, max_rows: int = DEFAULT_MAX_ROWS) -> QueryResult:
        if not cypher_text.strip():
            raise QueryError("the query is empty")
        return self.runner.run(cypher_text, params, timeout_s, max_rows)

    def close(self) -> None:
        self.runner.close()
        self._close_db()
        if not self.read_only:
            owner.forget(self.path)
