"""The Cypher console: the user's own read-only query, through the store's killable, row-capped query().

The store enforces read-only access, the time limit (a worker process killed at the deadline on the
embedded engine) and the row cap; this module parses parameters, runs the query and turns its result
into a table, a small graph, and the entity ids that can be added to the view.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from dash import html

from dashboard.elements import short
from graph.exc import QueryBusy, QueryError, QueryRefused, QueryTimeout
from graph.model import MODEL
from graph.store import GraphStore

DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MAX_ROWS = 500
MAX_CELL = 300


@dataclass
class Outcome:
    ok: bool
    note: str
    columns: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)  # column -> display text
    graph: list[dict[str, Any]] = field(default_factory=list)  # Cytoscape elements of the nodes and relationships
    entity_ids: list[str] = field(default_factory=list)  # entities the result holds, for "add to view"
    truncated: bool = False


def parse_params(text: str | None) -> dict[str, Any]:
    """A JSON object of parameters; empty text means none."""
    if not text or not text.strip():
        return {}
    try:
        params = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(f"parameters are not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})") from None
    if not isinstance(params, dict):
        raise ValueError('parameters must be a JSON object, e.g. {"id": "russia"}')
    return params


def is_node(value: Any) -> bool:
    return isinstance(value, dict) and "_label" in value


def is_relationship(value: Any) -> bool:
    return isinstance(value, dict) and "_type" in value


def is_path(value: Any) -> bool:
    """Neo4j hands paths back as {"_nodes": [...], "_rels": [...]}."""
    return isinstance(value, dict) and "_nodes" in value and "_rels" in value


def cell(value: Any) -> str:
    """A result value as one line of text, the way Neo4j Browser's text view writes it."""
    if is_node(value):
        props = {k: v for k, v in value.items() if not k.startswith("_") and k in ("id", "name")}
        text = f"(:{value['_label']} {json.dumps(props, ensure_ascii=False)})"
    elif is_relationship(value):
        text = f"[:{value['_type']} {json.dumps({'id': value.get('id')}, ensure_ascii=False)}]"
    elif is_path(value):
        text = f"<path of {len(value['_rels'])} relationship{'s' if len(value['_rels']) != 1 else ''}>"
    elif isinstance(value, list):
        text = "[" + ", ".join(cell(v) for v in value) + "]"
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False, default=str)
    return short(text, MAX_CELL)


def _walk(value: Any):
    if is_path(value):
        yield from _walk([*value["_nodes"], *value["_rels"]])
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)
    elif is_node(value) or is_relationship(value):
        yield value


def result_graph(rows: list[list[Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """The nodes and relationships anywhere in the rows, as Cytoscape elements; and the entity ids among them."""
    nodes: dict[str, dict[str, Any]] = {}
    rels: dict[str, dict[str, Any]] = {}
    for row in rows:
        for value in _walk(row):
            if is_node(value) and value.get("id") is not None:
                nodes[str(value["id"])] = value
            elif is_relationship(value) and value.get("_start") is not None and value.get("_end") is not None:
                rels[str(value.get("id") or f"{value['_start']}>{value['_type']}>{value['_end']}")] = value
    elements: list[dict[str, Any]] = [
        {"data": {"id": i, "label": short(str(n.get("name") or n.get("summary") or i)), "kind": n["_label"]}}
        for i, n in nodes.items()]
    for rel_id, r in rels.items():
        if str(r["_start"]) in nodes and str(r["_end"]) in nodes:
            elements.append({"data": {"id": rel_id, "source": str(r["_start"]), "target": str(r["_end"]),
                                      "label": r["_type"].replace("_", " ").lower(), "type": r["_type"],
                                      "status": r.get("status") or "asserted",
                                      "origins": r.get("independent_origins") or 1}})
    entity_ids = [i for i, n in nodes.items() if n["_label"] in MODEL.kinds]
    entity_ids += [str(r[end]) for r in rels.values() for end in ("_start", "_end")
                   if str(r[end]) not in nodes]  # relationship ends the query did not return as nodes
    return elements, list(dict.fromkeys(entity_ids))


def run(store: GraphStore, cypher: str | None, params_text: str | None,
        timeout_s: float = DEFAULT_TIMEOUT_S, max_rows: int = DEFAULT_MAX_ROWS) -> Outcome:
    if not cypher or not cypher.strip():
        return Outcome(False, "Write a query first, or pick an example.")
    try:
        params = parse_params(params_text)
    except ValueError as e:
        return Outcome(False, str(e))
    began = time.monotonic()
    try:
        result = store.query(cypher, params, timeout_s=timeout_s, max_rows=max_rows)
    except QueryTimeout:
        return Outcome(False, f"Stopped: the query ran past the console's {timeout_s:g} s time limit. "
                              "Narrow it down (a LIMIT, a WHERE on an id) and run it again.")
    except (QueryRefused, QueryBusy) as e:
        text = str(e)
        return Outcome(False, text[:1].upper() + text[1:])
    except QueryError as e:
        return Outcome(False, f"The {store.dialect} engine refused the query: {e}")
    elapsed = time.monotonic() - began
    graph, entity_ids = result_graph(result.rows)
    n = len(result.rows)
    note = f"{n} row{'s' if n != 1 else ''} in {elapsed:.2f} s"
    if result.truncated:
        note += f". Only the first {max_rows} rows are shown: the result was cut at the console's row cap"
    columns = [str(c) for c in result.columns]
    rows = [{c: cell(v) for c, v in zip(columns, row)} for row in result.rows]
    return Outcome(True, note, columns, rows, graph, entity_ids, result.truncated)


def result_table(columns: list[str], rows: list[dict[str, str]]) -> html.Table | None:
    """The rows as an HTML table of text cells."""
    if not columns:
        return None
    head = html.Thead(html.Tr([html.Th(c) for c in columns]))
    body = html.Tbody([html.Tr([html.Td(row.get(c, "")) for c in columns]) for row in rows])
    return html.Table([head, body], className="results")
