"""The view in the URL's query string, so a copied link restores it.

It carries the recipe, not the picture: start entities, expansions in order (and which states were
expanded with their officials), pins, hidden entities, filters and layout. Opening the link replays the
recipe against the graph as it is now.
Whatever comes from a URL is checked: ids must look like slugs, kinds and relations must be in the model.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlencode

from dashboard.filters import from_controls, to_json
from dashboard.layouts import DEFAULT_LAYOUT, LAYOUTS
from dashboard.view import View
from graph.model import MODEL
from graph.records import Filters
from graph.store import GraphStore

ID = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")
MAX_IDS = 200
MAX_TIMES = 20  # expansions of one entity


def _ids(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if ID.match(v)))[:MAX_IDS]


def encode(view: View, filters: Filters, layout: str) -> str:
    params: dict[str, str] = {}
    if view.start:
        params["start"] = ",".join(view.start)
    if view.expanded:
        params["expand"] = ",".join(i if n == 1 else f"{i}~{n}" for i, n in view.expanded.items())
    if view.folded:
        params["fold"] = ",".join(view.folded)
    if view.pinned:
        params["pin"] = ",".join(view.pinned)
    if view.hidden:
        params["hide"] = ",".join(view.hidden)
    for key, value in (("kinds", filters.kinds), ("rels", filters.relations), ("status", filters.statuses),
                       ("src", filters.source_ids)):
        if value is not None:
            params[key] = ",".join(sorted(value))
    if filters.min_confidence > 0:
        params["conf"] = f"{filters.min_confidence:g}"
    if filters.date_from:
        params["from"] = filters.date_from.isoformat()
    if filters.date_to:
        params["to"] = filters.date_to.isoformat()
    if layout != DEFAULT_LAYOUT:
        params["layout"] = layout
    return "?" + urlencode(params, safe=",~") if params else ""


def decode(search: str | None) -> tuple[dict[str, Any], Filters, str] | None:
    """(view recipe, filters, layout) from a query string; None when it names no view."""
    query = parse_qs((search or "").lstrip("?"), keep_blank_values=True)

    def items(key: str) -> list[str]:
        return [p.strip() for v in query.get(key, []) for p in v.split(",") if p.strip()]

    def one(key: str) -> str | None:
        return query[key][-1] if query.get(key) else None

    start = _ids(items("start"))
    if not start:
        return None
    expanded: dict[str, int] = {}
    for item in items("expand"):
        entity, _, times = item.partition("~")
        if ID.match(entity):
            expanded[entity] = min(int(times), MAX_TIMES) if times.isdigit() and int(times) > 0 else 1
    recipe = {"start": start, "expanded": expanded, "folded": _ids(items("fold")), "pinned": _ids(items("pin")),
              "hidden": _ids(items("hide"))}
    kinds = items("kinds") if "kinds" in query else list(MODEL.kinds)
    statuses = items("status") if "status" in query else list(MODEL.statuses)
    filters = from_controls(kinds, items("rels"), statuses, one("conf"), one("from"), one("to"), _ids(items("src")))
    layout = one("layout") or DEFAULT_LAYOUT
    return recipe, filters, layout if layout in LAYOUTS else DEFAULT_LAYOUT


def export_view(store: GraphStore, view: View, filters: Filters, layout: str) -> dict[str, Any]:
    """The view as JSON: what is shown (entities, and relations with the evidence of the claims that pass the
    filters) and how to rebuild it."""
    shown = set(view.shown_edges)
    entities = store.entities(view.shown_nodes) if view.shown_nodes else []
    relations = store.edges(sorted(shown), filters) if shown else []
    return {"link": encode(view, filters, layout), "layout": layout, "filters": to_json(filters),
            "entities": sorted(entities, key=lambda n: n["id"]), "relations": sorted(relations, key=lambda e: e["id"])}
