"""Search hits as a list: each names the entity, its kind, and the alias the text matched."""

from __future__ import annotations

from dash import html

from dashboard import ids
from dashboard.elements import MAX_NAME, short
from dashboard.evidence import clipped, kind_badge
from graph.records import Node
from graph.store import GraphStore
from graph.text import fold

MAX_HITS = 12


def matched_alias(node: Node, text: str) -> str | None:
    """The alias the folded text was found in, when it was not the name."""
    q = fold(text)
    if not q or q in fold(node["name"]):
        return None
    return next((a for a in node["aliases"] if q in fold(a)), None)


def entity_options(store: GraphStore, names: dict[str, str], text: str | None, chosen: str | None) -> list[dict]:
    """A picker's options: what the graph finds for the typed text (by any name or alias, so each option is
    searched by its aliases too), then the entities on screen, and the one already chosen."""
    options: dict[str, dict] = {}
    if text and text.strip():
        for node in store.search(text, limit=MAX_HITS):
            alias = matched_alias(node, text)
            label = short(node["name"], MAX_NAME) + (f" (as “{short(alias, 60)}”)" if alias else "")
            options[node["id"]] = {"label": label, "value": node["id"],
                                   "search": " ".join([node["name"], *node["aliases"], node["id"]])}
    if chosen and chosen not in options and chosen not in names:
        names = {**names, **{n["id"]: short(n["name"], MAX_NAME) for n in store.entities([chosen])}}
    for entity, name in sorted(names.items(), key=lambda kv: kv[1]):
        options.setdefault(entity, {"label": name, "value": entity, "search": f"{name} {entity}"})
    return list(options.values())


def hit_rows(store: GraphStore, text: str | None) -> list:
    if not text or not text.strip():
        return []
    nodes = store.search(text, limit=MAX_HITS)
    if not nodes:
        return [html.Div(f"No entity matches “{text.strip()}”.", className="hit-empty")]
    rows = []
    for node in nodes:
        alias = matched_alias(node, text)
        label = [clipped(node["name"], MAX_NAME, className="hit-name"), kind_badge(node["kind"])]
        if alias:
            label.append(html.Span(f"as “{short(alias, MAX_NAME)}”", className="hit-alias"))
        rows.append(html.Div([
            html.Button(label, id=ids.hit_open(node["id"]), n_clicks=0, className="hit-open",
                        title="Open a view on it and its neighbours"),
            html.Button("+", id=ids.hit_add(node["id"]), n_clicks=0, className="hit-add",
                        title="Add it to the current view"),
        ], className="hit"))
    return rows
