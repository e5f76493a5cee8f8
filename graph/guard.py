"""What the Cypher console may run: statements that read the graph, and nothing else.

An allow-list, checked in two steps before a query runs, on both engines:

1. Its text: one statement, starting the way a read does (MATCH, OPTIONAL MATCH, UNWIND, WITH, RETURN,
   CALL). This comes first because planning a statement can already act: LadybugDB's
   `EXPLAIN EXPORT DATABASE '/x'` creates the folder.
2. Its plan (EXPLAIN): every operator one that reads the graph, every table function or procedure one on a
   short list. Writes, files, URLs, settings, extensions and other databases all plan to something else,
   and are refused with what they would have done.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graph.exc import QueryRefused

READ_START = re.compile(r"(MATCH|OPTIONAL\s+MATCH|UNWIND|WITH|RETURN|CALL)\b", re.I)
# A string literal, a quoted name or a comment: what a keyword or a ';' inside of is no statement's.
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.S)

# LadybugDB's physical operators that only read; TABLE_FUNCTION_CALL only with a function below.
LADYBUG_READS = {
    "RESULT_COLLECTOR", "PROJECTION", "FILTER", "FLATTEN", "LIMIT", "SKIP", "MULTIPLICITY_REDUCER", "UNWIND",
    "SCAN_NODE_TABLE", "SCAN_REL_TABLE", "PRIMARY_KEY_SCAN_NODE_TABLE", "QUERY_PRIMARY_KEY_LOOKUP",
    "HASH_JOIN_BUILD", "HASH_JOIN_PROBE", "CROSS_PRODUCT", "INTERSECT", "SEMI_MASKER", "DUMMY_SINK",
    "AGGREGATE", "AGGREGATE_FINALIZE", "AGGREGATE_SCAN", "ORDER_BY", "ORDER_BY_MERGE", "ORDER_BY_SCAN",
    "TOP_K", "TOP_K_SCAN", "UNION_ALL_SCAN", "RECURSIVE_EXTEND", "PATH_PROPERTY_PROBE", "TABLE_FUNCTION_CALL",
}
LADYBUG_FUNCTIONS = {"READ_FTABLE", "SHOW_TABLES", "TABLE_INFO"}  # the first is the engine's own scan of a result
# Neo4j 5's plan operators that only read (without the "@neo4j" suffix its plans carry).
NEO4J_READS = {
    "ProduceResults", "Projection", "Filter", "Limit", "Skip", "Top", "PartialTop", "Sort", "PartialSort",
    "Distinct", "OrderedDistinct", "EagerAggregation", "OrderedAggregation", "Unwind", "Union", "Argument",
    "Optional", "Apply", "SemiApply", "AntiSemiApply", "LetSemiApply", "LetAntiSemiApply", "SelectOrSemiApply",
    "SelectOrAntiSemiApply", "RollUpApply", "CartesianProduct", "NodeHashJoin", "ValueHashJoin",
    "NodeLeftOuterHashJoin", "NodeRightOuterHashJoin", "AllNodesScan", "NodeByLabelScan", "NodeByIdSeek",
    "NodeByElementIdSeek", "NodeIndexSeek", "NodeUniqueIndexSeek", "NodeIndexScan", "NodeIndexContainsScan",
    "NodeIndexEndsWithScan", "NodeIndexSeekByRange", "NodeUniqueIndexSeekByRange", "MultiNodeIndexSeek",
    "IntersectionNodeByLabelsScan", "UnionNodeByLabelsScan", "DirectedRelationshipTypeScan",
    "UndirectedRelationshipTypeScan", "DirectedAllRelationshipsScan", "UndirectedAllRelationshipsScan",
    "DirectedRelationshipIndexSeek", "UndirectedRelationshipIndexSeek", "DirectedRelationshipIndexScan",
    "UndirectedRelationshipIndexScan", "Expand(All)", "Expand(Into)", "OptionalExpand(All)",
    "OptionalExpand(Into)", "VarLengthExpand(All)", "VarLengthExpand(Into)", "VarLengthExpand(Pruning)",
    "BFSPruningVarLengthExpand", "ShortestPath", "StatefulShortestPath(All)", "StatefulShortestPath(Into)",
    "ProjectEndpoints", "CacheProperties", "Eager", "ProcedureCall", "NodeCountFromCountStore",
    "RelationshipCountFromCountStore", "Input", "EmptyResult", "ConditionalApply", "AntiConditionalApply",
}
NEO4J_PROCEDURES = {"db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
                    "db.index.fulltext.queryNodes", "db.index.fulltext.queryRelationships"}
# Namespaced functions Neo4j ships; any other namespace (apoc.*, a plugin's) is a plugin's code.
NEO4J_FUNCTION_NAMESPACES = {"point", "vector", "date", "datetime", "localdatetime", "time", "localtime",
                             "duration", "db"}
_NAMESPACED_CALL = re.compile(r"\b([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\s*\(")

# Why a refused operator or function is refused: what it would have done.
ACTS = {
    "COPY_TO": "writes a file", "COPY_FROM": "reads a file into the graph", "EXPORT_DATABASE": "writes files",
    "IMPORT_DATABASE": "reads files into the graph", "ATTACH_DATABASE": "opens another database",
    "DETACH_DATABASE": "closes a database", "INSTALL_EXTENSION": "installs an extension",
    "LOAD_EXTENSION": "loads an extension", "STANDALONE_CALL": "changes a setting",
    "TRANSACTION": "controls transactions",
    "INSERT": "writes to the graph", "SET_PROPERTY": "writes to the graph", "DELETE": "writes to the graph",
    "MERGE": "writes to the graph", "CREATE_TABLE": "changes the schema", "DROP": "changes the schema",
    "ALTER": "changes the schema", "LoadCSV": "reads a file or a URL", "Create": "writes to the graph",
    "Merge": "writes to the graph", "Delete": "writes to the graph", "DetachDelete": "writes to the graph",
    "SetProperty": "writes to the graph", "SetProperties": "writes to the graph", "SetLabels": "writes to the graph",
    "RemoveLabels": "writes to the graph", "Foreach": "writes to the graph",
    "TransactionForeach": "writes to the graph", "TransactionApply": "runs transactions of its own",
}


def _bare(text: str) -> str:
    """The query with its strings, quoted names and comments blanked out."""
    return _QUOTED.sub(lambda m: " " * len(m.group(0)), text)


def check_text(text: str) -> None:
    """One statement that starts as a read does; anything else is refused before the engine plans it."""
    bare = _bare(text).strip()
    if ";" in bare.rstrip(";"):
        raise QueryRefused("refused: the console runs one statement at a time")
    if not READ_START.match(bare):
        first = bare.split(None, 1)[0].upper() if bare else ""
        raise QueryRefused(f"refused: a statement starting with {first} does not just read the graph; the console "
                           "only reads the graph (MATCH, OPTIONAL MATCH, UNWIND, WITH, RETURN, or CALL of a listed "
                           "procedure)")


def _refusal(name: str) -> QueryRefused:
    acts = ACTS.get(name, "does not just read the graph")
    return QueryRefused(f"refused: the query plans to {name}, which {acts}; the console only reads the graph")


_LADYBUG_OPERATOR = re.compile(r"\b([A-Z][A-Z_]+)\[\d+\]")
_LADYBUG_FUNCTION = re.compile(r"Function: ([A-Za-z_0-9]+)")


def check_ladybug_plan(plan: str) -> None:
    """LadybugDB's EXPLAIN gives the plan as drawn text: `OPERATOR[n]` boxes, `Function: NAME` inside them."""
    for name in _LADYBUG_OPERATOR.findall(plan):
        if name not in LADYBUG_READS:
            raise _refusal(name)
    for name in _LADYBUG_FUNCTION.findall(plan):
        if name.upper() not in LADYBUG_FUNCTIONS:
            raise QueryRefused(f"refused: the query calls {name}, which the console does not run (it runs "
                               f"{', '.join(sorted(LADYBUG_FUNCTIONS - {'READ_FTABLE'}))})")


def _operators(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("children") or []:
        yield from _operators(child)


def check_neo4j_plan(plan: dict[str, Any]) -> None:
    """Neo4j's plan is a tree of {operatorType, args: {Details, ...}, children}; procedures and plugin
    functions show in the details."""
    for operator in _operators(plan):
        name = str(operator.get("operatorType", "")).split("@")[0]
        details = str((operator.get("args") or {}).get("Details", ""))
        if name not in NEO4J_READS:
            raise _refusal(name)
        if name == "ProcedureCall":
            procedure = details.split("(")[0].strip()
            if procedure not in NEO4J_PROCEDURES:
                raise QueryRefused(f"refused: the query calls the procedure {procedure}; the console calls only "
                                   f"{', '.join(sorted(NEO4J_PROCEDURES))}")
        for function in _NAMESPACED_CALL.findall(_bare(details)):
            if function.split(".")[0] not in NEO4J_FUNCTION_NAMESPACES:
                raise QueryRefused(f"refused: the query calls {function}, a plugin's function; the console runs "
                                   "Neo4j's own functions only")


# Neo4j's spelling -> the embedded engine's, for a query written the Neo4j way.
LADYBUG_HINTS = [
    (re.compile(r"\btype\s*\(", re.I), "write label(r) for a relationship's type (type(r) is Neo4j's)"),
    (re.compile(r"\bshortestPath\s*\(", re.I), "write a shortest path as MATCH p = (a)-[* SHORTEST 1..6]-(b) "
                                               "(shortestPath() is Neo4j's)"),
    (re.compile(r":\s*Entity\b"), "the embedded graph has no Entity label: leave the label out, e.g. MATCH (n), "
                                  "or name a kind, e.g. MATCH (n:State)"),
    (re.compile(r"\brelationships\s*\(", re.I), "write rels(p) for a path's relationships"),
]


def ladybug_hint(text: str) -> str:
    """What to write instead, when a query uses Neo4j's Cypher where the embedded engine's differs."""
    hints = [hint for pattern, hint in LADYBUG_HINTS if pattern.search(_bare(text))]
    return f" (on the embedded graph: {'; '.join(hints)})" if hints else ""
