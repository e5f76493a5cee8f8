"""The Cytoscape stylesheet and the legend, both read from MODEL: kinds give colour and shape.

Evidence decides how an edge looks: dashed when hedged, red with a bar at the head when denied,
orange with a diamond when disputed, thicker with more corroborating sources. The model says what
the statuses mean; how each one looks is a dashboard choice, kept in EVIDENCE_STYLE below.
"""

from __future__ import annotations

from typing import Any

from graph.model import MODEL

EDGE_COLOUR = "#8a94a6"
HIGHLIGHT = "#ffb000"
MAX_CORROBORATION_WIDTH = 5  # sources at which an edge reaches its full width

# status -> Cytoscape edge style; "asserted" is the plain edge
EVIDENCE_STYLE: dict[str, dict[str, Any]] = {
    "asserted": {},
    "hedged": {"line-style": "dashed", "line-dash-pattern": [6, 4]},
    "denied": {"line-color": "#c62828", "target-arrow-color": "#c62828", "target-arrow-shape": "tee",
               "line-style": "dotted", "color": "#c62828"},
    "disputed": {"line-color": "#ef6c00", "target-arrow-color": "#ef6c00", "target-arrow-shape": "diamond",
                 "color": "#ef6c00"},
}

# For the legend: what each evidence style looks like in CSS (a short line sample).
EVIDENCE_SAMPLE_CSS: dict[str, dict[str, str]] = {
    "asserted": {"borderTop": f"2px solid {EDGE_COLOUR}"},
    "hedged": {"borderTop": f"2px dashed {EDGE_COLOUR}"},
    "denied": {"borderTop": "2px dotted #c62828"},
    "disputed": {"borderTop": "2px solid #ef6c00"},
}

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
            "label": "data(label)", "font-size": 10, "font-family": "Inter, system-ui, sans-serif",
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
            "width": f"mapData(corroboration, 1, {MAX_CORROBORATION_WIDTH}, 1.5, 7)",
            "label": "data(label)", "font-size": 7, "color": "#52606d", "text-rotation": "autorotate",
            "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-background-padding": 1}},
    ]
    for relation in sorted(MODEL.derived_relations):
        sheet.append({"selector": f"edge[type = {quote_value(relation)}]", "style": {"opacity": 0.55}})
    for status, style in EVIDENCE_STYLE.items():
        if style:
            sheet.append({"selector": f"edge[status = {quote_value(status)}]", "style": style})
    sheet += [
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
