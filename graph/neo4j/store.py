"""The Neo4j store: the embedded store's contract on a Neo4j 5 server, through the official driver.

Entities carry their kind's label and `Entity` (graph/cypher.py, NEO4J dialect). Loading is
`UNWIND $rows ... MERGE` on the uniquely constrained ids of graph/schema.cypher, CHUNK rows a statement:
a small load in one transaction, all-or-nothing like the embedded one; a large one in transactions of
TRANSACTION_ROWS rows, marked incomplete until the last commits, and finished by loading it again.
User Cypher runs in a READ transaction with a server-side timeout: Neo4j itself refuses writes and stops
runaways, and only max_rows + 1 records are read. `neo4j://` and `neo4j+s://` URIs reach a cluster or
Aura unchanged; the driver routes reads and writes.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterator
from typing import Any

import neo4j
import pandas as pd
from neo4j.exceptions import (
    AuthError,
    ClientError,
    DriverError,
    Forbidden,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph import cypher, guard
from graph.cypher import NEO4J as D
from graph.cypher_store import CypherStore, node_record
from graph.exc import GeoKGError, QueryError, QueryTimeout, StoreUnavailable
from graph.links import POSITION, link_rows
from graph.model import MODEL
from graph.neo4j import queries, schema
from graph.neo4j.values import native, plain
from graph.records import Node, QueryResult
from graph.store import DEFAULT_MAX_ROWS, DEFAULT_QUERY_TIMEOUT_S, Snapshot, WriteBatch
from graph.text import fold

CONNECT_TIMEOUT_S = 5.0  # a server that is down answers "refused" at once; one that drops packets, within this
READ = neo4j.RoutingControl.READ
WRITE = neo4j.RoutingControl.WRITE

log = logging.getLogger(__name__)
logging.getLogger("neo4j").addHandler(logging.NullHandler())  # errors reach the user as one line, not driver logs


def _value(value: Any, typ: str) -> Any:
    """A DataFrame cell as the driver should send it, typed as the model says; NaN and NaT become None."""
    if not pd.api.types.is_list_like(value) and pd.isna(value):
        return None
    if typ.endswith("[]"):
        return _value_list(value, typ)
    if typ == "date":
        return value.date() if isinstance(value, dt.datetime) else value  # a pandas Timestamp is a datetime
    return {"string": str, "float": float, "int": int, "bool": bool}[typ](value)


def _rows(frame: pd.DataFrame, record: str, types: dict[str, str] | None = None) -> list[dict[str, Any]]:
    types = types or MODEL.properties[record]
    return [{k: _value(v, types[k]) for k, v in row.items()} for row in frame[list(types)].to_dict("records")]


def _value_list(value: Any, typ: str) -> Any:
    return [{"float[]": float, "int[]": int}.get(typ, str)(v) for v in value]


def removal_statements(batch: WriteBatch) -> list[tuple[str, list[dict[str, Any]]]]:
    """Corrections and unloads, first: a corrected claim's new version takes the old one's id."""
    retired = batch.retired_claims.to_dict("records")
    return [
        (cypher.RETIRE_CLAIMS, retired),
        (cypher.DELETE_CLAIMS, [{"id": r["id"]} for r in retired] + [{"id": i} for i in batch.deleted_claims]),
        *[(queries.delete_edges(str(rel)), rows[["id", "from_id"]].to_dict("records"))
          for rel, rows in batch.deleted_edges.groupby("type")],
        (queries.DELETE_ENTITIES, batch.deleted_entities[["id"]].to_dict("records")),
        (cypher.DELETE_SOURCES, [{"id": i} for i in batch.deleted_sources]),
        (queries.FORGET_INPUTS, [{"all": True}] if batch.replaces() else []),
        (cypher.update_sources(), _rows(batch.updated_sources, "source")),
    ]


def write_statements(batch: WriteBatch) -> list[tuple[str, list[dict[str, Any]]]]:
    """(query, rows) in the order they must run: nodes before the links and edges between them."""
    statements = removal_statements(batch)
    statements += [(queries.merge_entities(str(kind)), _rows(rows, "entity"))
                   for kind, rows in batch.new_entities.groupby("kind")]
    statements.append((queries.UPDATE_ENTITIES, _rows(batch.updated_entities, "entity")))
    statements.append((queries.merge_records("source"), _rows(batch.new_sources, "source")))
    statements.append((queries.merge_records("claim"), _rows(batch.new_claims, "claim")))
    for link, target, rows in link_rows(batch.new_claims, batch.kind_of):
        statements.append((queries.merge_links(link, target), [
            {k: (int(v) if k == POSITION else v) for k, v in r.items()} for r in rows.to_dict("records")]))
    for edges in (batch.new_edges, batch.updated_edges):  # one MERGE creates the new, updates the known
        for rel_type, rows in edges.groupby("type"):
            statements.append((queries.merge_edges(str(rel_type)), [
                {"from_id": f, "to_id": t, "props": p}
                for f, t, p in zip(rows["from_id"], rows["to_id"],
                                   _rows(rows, "relation", MODEL.relation_properties(str(rel_type))))]))
    return [(q, rows) for q, rows in statements if rows]


def transactions(statements: list[tuple[str, list[dict[str, Any]]]],
                 limit: int | None = None) -> list[list[tuple[str, list[dict[str, Any]]]]]:
    """The statements cut into transactions of at most `limit` rows (queries.TRANSACTION_ROWS), in order: a
    million-claim load does not fit one transaction on a default heap (design.md), and order keeps nodes
    before what joins them."""
    limit = limit or queries.TRANSACTION_ROWS
    out: list[list[tuple[str, list[dict[str, Any]]]]] = [[]]
    room = limit
    for query, rows in statements:
        start = 0
        while start < len(rows):
            if room == 0:
                out.append([])
                room = limit
            take = rows[start:start + room]
            out[-1].append((query, take))
            room -= len(take)
            start += len(take)
    return [t for t in out if t]


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), queries.CHUNK):
        yield rows[start:start + queries.CHUNK]


def _reason(error: BaseException) -> str:
    """What went wrong underneath the driver's wrapping: 'connection refused', 'name or service not known'."""
    seen, todo, deepest = set(), [error], error
    while todo:
        e = todo.pop(0)
        if id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, OSError):  # ConnectionRefusedError, socket.gaierror, ssl.SSLError, TimeoutError
            return e.strerror.lower() if e.strerror else str(e) or type(e).__name__
        deepest = e
        todo += [*getattr(e, "exceptions", ()), *(c for c in (e.__cause__, e.__context__) if c is not None)]
    return (str(deepest).strip().splitlines() or [type(deepest).__name__])[0]


class Neo4jStore(CypherStore):
    D = D
    dialect = "neo4j"
    examples = queries.EXAMPLES

    def __init__(self, uri: str, auth: tuple[str, str] | None = None, database: str | None = None):
        self.uri, self.database = uri, database
        self._auth = auth
        self._user = auth[0] if auth else None
        try:
            self._driver = neo4j.GraphDatabase.driver(uri, auth=auth, connection_timeout=CONNECT_TIMEOUT_S,
                                                      user_agent="geokg")
        except (neo4j.exceptions.ConfigurationError, ValueError) as e:
            raise GeoKGError(f"cannot use {uri!r} as a Neo4j URI: {e}") from None
        try:
            self._driver.verify_connectivity()
            self._apply_schema()
        except Exception as e:
            self._driver.close()
            if isinstance(e, ValueError):  # the driver's word for a port it cannot parse
                raise GeoKGError(f"cannot use {uri!r} as a Neo4j URI: {e}") from None
            if isinstance(e, DriverError | Neo4jError):
                raise self._translate(e) from None
            raise

    @classmethod
    def from_uri(cls, uri: str) -> Neo4jStore:
        """Credentials and database from the variables Neo4j's own tools read."""
        password = os.environ.get("NEO4J_PASSWORD")
        user = os.environ.get("NEO4J_USERNAME") or "neo4j"
        return cls(uri, auth=(user, password) if password is not None else None,
                   database=os.environ.get("NEO4J_DATABASE") or None)

    # --- talking to the server -----------------------------------------------------------------
    def _translate(self, e: Exception) -> GeoKGError:
        """The driver's error as geokg's: StoreUnavailable when the server or our login is the problem."""
        if isinstance(e, ServiceUnavailable | SessionExpired):
            return StoreUnavailable(f"cannot reach Neo4j at {self.uri}: {_reason(e)}")
        code = getattr(e, "code", "") or ""
        if isinstance(e, AuthError) or code == "Neo.ClientError.Security.AuthenticationRateLimit":
            return StoreUnavailable(f"Neo4j at {self.uri} refused the credentials of user {self._user or '(none)'!r}; "
                                    "set NEO4J_USERNAME and NEO4J_PASSWORD")
        if code == "Neo.ClientError.Database.DatabaseNotFound":
            return StoreUnavailable(f"Neo4j at {self.uri} has no database {self.database!r} (NEO4J_DATABASE)")
        return GeoKGError(f"Neo4j at {self.uri}: {getattr(e, 'message', None) or e}")

    def _result(self, query: str, params: dict[str, Any], routing: neo4j.RoutingControl = READ):
        try:
            return self._driver.execute_query(query, params, routing_=routing, database_=self.database)
        except (DriverError, Neo4jError) as e:
            raise self._translate(e) from None

    def _rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return [{k: native(v) for k, v in r.items()} for r in self._result(query, params).records]

    def _frame(self, query: str, **params: Any) -> pd.DataFrame:
        result = self._result(query, params)
        return pd.DataFrame([[native(v) for v in r.values()] for r in result.records], columns=result.keys)

    def _apply_schema(self) -> None:
        """Creates what graph/schema.cypher declares and the database lacks. A user without the right to see or
        change the schema still gets a store to read with; a load then stops, saying why (`_schema_problem`),
        because loading without the unique constraints would let MERGE create duplicates."""
        self._schema_problem: str | None = None
        try:
            constraints = self._driver.execute_query("SHOW CONSTRAINTS YIELD name", routing_=READ,
                                                     database_=self.database).records
            indexes = [dict(r) for r in self._driver.execute_query(
                "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, owningConstraint",
                routing_=READ, database_=self.database).records]
            todo = schema.missing({r["name"] for r in constraints} | {i["name"] for i in indexes})
            blocked = {s: index for s in todo if (index := schema.blocking_index(s, indexes))}
            if blocked:
                statement, index = next(iter(blocked.items()))
                self._schema_problem = (f"Neo4j at {self.uri}: the index {index!r} stands where the constraint "
                                        f"{schema.name(statement)} must go; drop it (DROP INDEX {index}) "
                                        "and load again")
            for statement in todo:
                if statement in blocked:
                    continue
                try:
                    self._driver.execute_query(statement, routing_=WRITE, database_=self.database)
                except ClientError as e:  # another process created it since we looked
                    if "AlreadyExists" not in (e.code or ""):
                        raise
            if todo:  # search must find what is loaded next
                self._driver.execute_query("CALL db.awaitIndexes(300)", routing_=WRITE, database_=self.database)
        except Forbidden as e:
            self._schema_problem = (f"Neo4j at {self.uri}: user {self._user or '(none)'!r} may not check or create "
                                    f"the schema geokg loads into ({e.message}); reading works, but loading needs it: "
                                    "ask an administrator to run graph/schema.cypher")

    # --- loading -------------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        entities = [node_record(r) for r in self._rows(cypher.all_entities(D))]
        sources = {r["id"]: r for r in self._rows(cypher.ALL_SOURCES)}
        rows = self._rows(cypher.CLAIM_DIGESTS)
        return Snapshot(entities=entities, sources=sources, claim_digests={r["id"]: r["digest"] for r in rows},
                        claim_sources={r["id"]: r["source_id"] for r in rows})

    def write(self, batch: WriteBatch) -> None:
        """One transaction for a small load; for a large one, several, between a mark that the input is being
        loaded (`complete: false`) and one that it is (`complete: true`), so that an interrupted load is known
        as such and loading the same input again finishes it (loaders.plan.load resumes it)."""
        if self._schema_problem:
            raise GeoKGError(self._schema_problem)
        steps = transactions(write_statements(batch))
        mark = batch.fingerprint
        if len(steps) > 1 and mark:
            self._transaction([(queries.MARK_LOAD, [{**mark, "complete": False}])])
        for n, step in enumerate(steps):
            last = n == len(steps) - 1
            self._transaction(step + ([(queries.MARK_LOAD, [{**mark, "complete": True}])] if last and mark else []))
        if not steps and mark:
            self._transaction([(queries.MARK_LOAD, [{**mark, "complete": True}])])

    def _transaction(self, statements: list[tuple[str, list[dict[str, Any]]]]) -> None:
        def work(tx: neo4j.ManagedTransaction) -> None:
            for query, rows in statements:
                if query == queries.MARK_LOAD:
                    tx.run(query, rows[0]).consume()
                    continue
                for chunk in _chunks(rows):
                    written = tx.run(query, rows=chunk).single(strict=True)["written"]
                    if written != len(chunk):  # an edge or link whose end is missing: refuse, as COPY does
                        raise GeoKGError(f"{len(chunk) - written} of {len(chunk)} rows found nothing to attach to; "
                                         "this transaction was not written")

        try:
            with self._driver.session(database=self.database,
                                      bookmark_manager=self._driver.execute_query_bookmark_manager) as session:
                session.execute_write(work)
        except (DriverError, Neo4jError) as e:
            raise self._translate(e) from None

    # --- reading -------------------------------------------------------------------------------
    def search(self, text: str, limit: int = 20) -> list[Node]:
        q = fold(text)
        if not q:
            return []
        lucene = queries.lucene(q)
        query, extra = (queries.SEARCH, {"lucene": lucene}) if lucene else (cypher.search(D), {})
        rows = self._rows(query, q=q, q_line=q + "\n", line_q="\n" + q, limit=int(limit), **extra)
        return self._remember([node_record(r) for r in rows])

    def _path(self, from_id: str, to_id: str, hops: int) -> list[dict[str, Any]]:
        rows = self._rows(queries.shortest_path(hops), a=from_id, b=to_id)
        return [{**{k: native(v) for k, v in r.items()}, "type": r.type} for r in rows[0]["rels"]] if rows else []

    def query(self, cypher_text: str, params: dict[str, Any] | None = None,
              timeout_s: float = DEFAULT_QUERY_TIMEOUT_S, max_rows: int = DEFAULT_MAX_ROWS) -> QueryResult:
        if not cypher_text.strip():
            raise QueryError("the query is empty")

        guard.check_text(cypher_text)

        def first_records(result: neo4j.Result) -> tuple[list[str], list[neo4j.Record]]:
            return list(result.keys()), result.fetch(max_rows + 1)  # the rest is discarded on the server

        def run(text: str, transformer):
            return self._driver.execute_query(neo4j.Query(text, timeout=timeout_s), params or {}, routing_=READ,
                                              database_=self.database, result_transformer_=transformer)

        try:
            # READ mode stops writes, not LOAD CSV from a file or a URL, nor procedures: the plan must read only.
            guard.check_neo4j_plan(run("EXPLAIN " + cypher_text, lambda result: result.consume().plan) or {})
            columns, records = run(cypher_text, first_records)
        except Neo4jError as e:
            code = e.code or ""
            if "TransactionTimedOut" in code or ("Terminated" in code and "timeout" in (e.message or "").lower()):
                raise QueryTimeout(f"query stopped after {timeout_s:g} s (the time limit)") from None
            if isinstance(e, AuthError) or code.startswith("Neo.ClientError.Database.DatabaseNotFound"):
                raise self._translate(e) from None
            raise QueryError(e.message or str(e)) from None
        except (ServiceUnavailable, SessionExpired) as e:
            raise self._translate(e) from None
        except DriverError as e:
            raise QueryError(str(e)) from None
        rows = [[plain(v) for v in r.values()] for r in records[:max_rows]]
        return QueryResult(columns=columns, rows=rows, truncated=len(records) > max_rows)

    def close(self) -> None:
        self._driver.close()
