"""The Cytoscape stylesheet and the legend, both read from MODEL: kinds give colour and shape, statuses
give colour, line and arrow (graph/model.yaml `statuses`, `edge_statuses`).

An edge is thicker the more independent origins support it (graph/evidence.py): three outlets repeating
one report draw as one, however many sources they are.
"""

from __future__ import annotations

from typing import Any

from graph.model import MODEL

EDGE_COLOUR = "#8a94a6"
HIGHLIGHT = "#ffb000"
MAX_ORIGINS_WIDTH = 4  # independent origins at which an edge reaches its full width


def status_style(name: str) -> dict[str, Any]:
    """How an edge of this status is drawn: the model's colour, line and arrow."""
    status = MODEL.all_statuses[name]
    style: dict[str, Any] = {"line-color": status.colour, "target-arrow-color": status.colour,
                             "line-style": status.line}
    if status.line == "dashed":
        style["line-dash-pattern"] = [6, 4]
    if status.arrow:
        style["target-arrow-shape"] = status.arrow
    if not status.supports and name in MODEL.statuses:
        style["color"] = status.colour  # a denied or disputed edge's label takes its colour too
    return style


def status_sample_css(name: str) -> dict[str, str]:
    """For the legend: a short line drawn as the status's edges are."""
    status = MODEL.all_statuses[name]
    return {"borderTop": f"2px {status.line} {status.colour}"}


# Cytoscape shapes drawn in the legend with CSS clip-paths, so the legend matches the canvas.
SHAPE_CLIP: dict[str, str] = {
    "ellipse": "circle(50% at 50% 50%)",
    "triangle": "polygon(50% 0, 100% 100%, 0 100%)",
    "diamond": "polygon(50% 0, 100% 50%, 50% 100%, 0 50%)",
    "pentagon": "polygon(50% 0, 100% 38%, 82% 100%, 18% 100%, 0 38%)",
    "hexagon": "polygon(25% 0, 75% 0, 100% 50%, 75% 100%, 25% 100%, 0 50%)",
    "octagon": "polygon(30% 0, 70% 0, 100% 30%, 100% 70%, 70% 100%, 30% 100%, 0 70%, 0 30%)",
    "vee": "polygon(0 0, 50% 40%, 100% 0, 50% 100%)",
    "tag": "polygon(0 0, 70% 0, 100% 50%, 70% 100%, 0 100%)",
    "barrel": "inset(0 round 25%)",
    "round-rectangle": "inset(0 round 20%)",
    "rectangle": "inset(0)",
}


def quote_value(value: str) -> str:
    """A value inside a Cytoscape selector's double quotes."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def base_stylesheet() -> list[dict[str, Any]]:
    sheet: list[dict[str, Any]] = [
        {"selector": "node", "style": {
            # labels never drawn smaller than 10 px: zoomed further out, they are hidden, not shrunk
            "label": "data(label)", "font-size": 12, "min-zoomed-font-size": 10,
            "font-family": "Inter, system-ui, sans-serif",
            "text-valign": "bottom", "text-margin-y": 4, "text-wrap": "wrap", "text-max-width": 110,
            "color": "#1f2933", "text-outline-color": "#ffffff", "text-outline-width": 2,
            "width": 26, "height": 26, "border-width": 1, "border-color": "#ffffff",
            "background-color": "#9e9e9e"}},
    ]
    for kind in MODEL.kinds.values():
        sheet.append({"selector": f"node[kind = {quote_value(kind.name)}]",
                      "style": {"background-color": kind.colour, "shape": kind.shape}})
    sheet += [
        {"selector": "node[?start]", "style": {"width": 38, "height": 38, "border-width": 3,
                                               "border-color": "#1f2933", "font-weight": "bold"}},
        {"selector": "edge", "style": {
            "curve-style": "bezier", "target-arrow-shape": "triangle", "arrow-scale": 0.9,
            "line-color": EDGE_COLOUR, "target-arrow-color": EDGE_COLOUR,
            "width": f"mapData(origins, 1, {MAX_ORIGINS_WIDTH}, 1.5, 7)",
            "label": "data(label)", "font-size": 10, "min-zoomed-font-size": 10, "color": "#52606d",
            "text-rotation": "autorotate",
            "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-background-padding": 1}},
    ]
    for relation in sorted(MODEL.derived_relations):
        sheet.append({"selector": f"edge[type = {quote_value(relation)}]", "style": {"opacity": 0.55}})
    for status in MODEL.all_statuses:
        sheet.append({"selector": f"edge[status = {quote_value(status)}]", "style": status_style(status)})
    sheet.append({"selector": "edge[?via]", "style": {"line-style": "dashed", "line-dash-pattern": [2, 3],
                                                      "font-style": "italic"}})
    sheet += [
        {"selector": "node.pinned", "style": {"border-width": 3, "border-style": "double", "border-color": "#52606d"}},
        {"selector": "node:selected", "style": {"border-width": 4, "border-color": HIGHLIGHT}},
        {"selector": "edge:selected", "style": {"line-color": HIGHLIGHT, "target-arrow-color": HIGHLIGHT}},
    ]
    return sheet


def highlight_rules(node_ids: list[str], edge_ids: list[str], faded: bool) -> list[dict[str, Any]]:
    """Extra rules that ring the given nodes and edges (a path, a focused claim), fading the rest."""
    rules: list[dict[str, Any]] = []
    if faded and (node_ids or edge_ids):
        rules.append({"selector": "node, edge", "style": {"opacity": 0.25}})
    for node_id in node_ids:
        rules.append({"selector": f"node[id = {quote_value(node_id)}]",
                      "style": {"opacity": 1, "border-width": 4, "border-color": HIGHLIGHT}})
    for edge_id in edge_ids:
        rules.append({"selector": f"edge[id = {quote_value(edge_id)}]",
                      "style": {"opacity": 1, "line-color": HIGHLIGHT, "target-arrow-color": HIGHLIGHT,
                                "width": 6, "z-index": 10}})
    return rules


def stylesheet(path: dict[str, list[str]] | None = None, focus_edge: str | None = None) -> list[dict[str, Any]]:
    sheet = base_stylesheet()
    if path and (path.get("nodes") or path.get("edges")):
        sheet += highlight_rules(path.get("nodes", []), path.get("edges", []), faded=True)
    if focus_edge:
        sheet += highlight_rules([], [focus_edge], faded=False)
    return sheet


def kind_swatch_style(kind: str) -> dict[str, str]:
    k = MODEL.kinds[kind]
    return {"backgroundColor": k.colour, "clipPath": SHAPE_CLIP.get(k.shape, "inset(0)")}
