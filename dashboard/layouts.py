"""The graph layouts on offer: Cytoscape.js built-ins, so no extra bundle is needed."""

from __future__ import annotations

from typing import Any

from dashboard.styles import quote_value

DEFAULT_LAYOUT = "cose"

# name -> (label, Cytoscape layout options)
LAYOUTS: dict[str, tuple[str, dict[str, Any]]] = {
    "cose": ("Force", {"name": "cose", "animate": False, "nodeRepulsion": 20000, "idealEdgeLength": 70,
                       "gravity": 60, "numIter": 2000, "padding": 20, "nodeDimensionsIncludeLabels": True,
                       "randomize": True, "componentSpacing": 60}),
    "concentric": ("Concentric", {"name": "concentric", "animate": False, "minNodeSpacing": 30, "padding": 30}),
    "breadthfirst": ("Hierarchy", {"name": "breadthfirst", "animate": False, "directed": False, "spacingFactor": 1.1,
                                   "padding": 30}),
    "circle": ("Circle", {"name": "circle", "animate": False, "padding": 30}),
    "grid": ("Grid", {"name": "grid", "animate": False, "padding": 30}),
}


def layout_options(name: str | None, roots: list[str] | None = None) -> dict[str, Any]:
    """Cytoscape layout options; the hierarchy grows from the start entities."""
    options = dict(LAYOUTS.get(name or DEFAULT_LAYOUT, LAYOUTS[DEFAULT_LAYOUT])[1])
    if options["name"] == "breadthfirst" and roots:
        options["roots"] = ", ".join(f"[id = {quote_value(r)}]" for r in roots)
    return options
