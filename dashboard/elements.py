"""Store records to Cytoscape elements: the data fields the stylesheet and the callbacks read."""

from __future__ import annotations

from typing import Any

from graph.records import EdgeSummary, Node

# How much of a string from the graph the browser is given. The loader bounds what it writes, but other
# tools write to the same graph: a 1 MB name once crashed the tab from inside a dropdown menu.
MAX_LABEL = 40  # on the canvas
MAX_NAME = 200  # a name or a title in a heading, a list or a menu
MAX_TEXT = 5_000  # a quote, a summary, a description in the panels: a quote the loader admits shows whole
MAX_TITLE = 1_000  # a tooltip that holds more of a value than its text shows


def short(text: str, limit: int = MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def node_element(node: Node, start: bool = False) -> dict[str, Any]:
    return {"data": {"id": node["id"], "label": short(node["name"]), "name": short(node["name"], MAX_TITLE),
                     "kind": node["kind"], "start": bool(start)}}


def edge_label(edge: EdgeSummary, names: dict[str, str] | None = None) -> str:
    """The relation in words; ×N when N independent origins support it; who it runs through when folded."""
    label = edge["type"].replace("_", " ").lower()
    if edge["independent_origins"] > 1:
        label += f" ×{edge['independent_origins']}"
    if edge.get("via"):
        label += " · via " + ", ".join(short((names or {}).get(v, v), 24) for v in edge["via"])
    return label


def edge_element(edge: EdgeSummary, names: dict[str, str] | None = None) -> dict[str, Any]:
    return {"data": {
        "id": edge["id"], "source": edge["source"], "target": edge["target"], "type": edge["type"],
        "label": edge_label(edge, names), "status": edge["status"], "confidence": edge["confidence"],
        "origins": edge["independent_origins"], "supporting": edge["supporting_sources"],
        "disputing": edge["disputing_sources"], "via": list(edge.get("via") or [])}}


def to_elements(nodes: list[Node], edges: list[EdgeSummary], start: set[str] | frozenset[str] = frozenset(),
                names: dict[str, str] | None = None) -> list[dict]:
    """Nodes first: Cytoscape needs an edge's ends before the edge."""
    names = {**(names or {}), **{n["id"]: n["name"] for n in nodes}}
    return [*(node_element(n, n["id"] in start) for n in nodes), *(edge_element(e, names) for e in edges)]
