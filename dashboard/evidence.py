"""The details panel: an entity's or a relation's properties and every claim behind it.

Everything from the data is a text child of an html component, never markup: Dash renders text
children as text. Links come from data only when they are http(s) URLs. Every string from the data is
cut to a bounded length (dashboard/elements.py says how long), with more of it in a bounded tooltip.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from dash import html

from dashboard.elements import MAX_NAME, MAX_TEXT, MAX_TITLE, short
from dashboard.styles import kind_swatch_style
from graph.model import MODEL
from graph.records import NO_FILTERS, Node
from graph.store import GraphStore

MAX_CARDS = 60  # claims listed at most, newest first; a hub can have thousands
STATUS_WORD = {"asserted": "asserted", "hedged": "hedged", "denied": "DENIED", "disputed": "DISPUTED"}


def safe_href(url: Any) -> str | None:
    """The URL if it is an absolute http(s) link, else None: javascript:, data: and the like never become links."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    parsed = urlparse(url)
    return url if parsed.scheme.lower() in ("http", "https") and parsed.netloc else None


def clipped(text: Any, limit: int, tag: Any = html.Span, **props: Any) -> Any:
    """Data as a text child cut to `limit` characters; when cut, a tooltip holds more of it."""
    text = "" if text is None else str(text)
    if len(text) > limit and MAX_TITLE > limit:
        props["title"] = short(text, MAX_TITLE)
    return tag(short(text, limit), **props)


def format_date(value: Any, precision: Any, inferred: Any = False) -> str:
    if not value:
        return "undated"
    text = str(value)[: {"year": 4, "month": 7}.get(str(precision), 10)]
    return f"{text} (inferred)" if inferred else text


def status_badge(status: str) -> html.Span:
    return html.Span(STATUS_WORD.get(status, status), className=f"badge status-{status}",
                     title=MODEL.statuses.get(status, ""))


def kind_badge(kind: str) -> html.Span:
    return html.Span([html.Span(className="swatch", style=kind_swatch_style(kind)) if kind in MODEL.kinds else None,
                      kind], className="badge kind")


def _source_line(claim: dict[str, Any]) -> html.Div:
    publisher = claim.get("publisher") or claim.get("source_id", "")
    title = claim.get("source_title") or ""
    label = f"{publisher} · {title}" if title else publisher
    href = safe_href(claim.get("url"))
    link = (clipped(label, MAX_NAME, html.A, href=href, target="_blank", rel="noopener noreferrer") if href
            else clipped(label, MAX_NAME))
    return html.Div(["Source: ", link], className="claim-source")


def claim_card(claim: dict[str, Any], language: str = "", corroboration: int | None = None,
               focused: bool = False) -> html.Article:
    status = claim.get("status", "")
    meta = [
        status_badge(status),
        html.Span(f"confidence {float(claim.get('confidence') or 0):.2f}", className="meta"),
        html.Span(format_date(claim.get("date"), claim.get("date_precision"), claim.get("date_inferred")),
                  className="meta"),
    ]
    if corroboration is not None:
        meta.append(html.Span(f"corroborated by {corroboration} source{'s' if corroboration != 1 else ''}",
                              className="meta corroboration"))
    body = [
        html.Div(meta, className="claim-meta"),
        html.Blockquote(short(claim.get("quote") or "", MAX_TEXT), lang=language or None, className="quote"),
        html.P(short(claim.get("summary") or "", MAX_TEXT), lang="en", className="summary"),
        html.Div(["According to: ", clipped(claim.get("attribution"), MAX_NAME)], className="attribution"),
        _source_line(claim),
    ]
    if claim.get("contradicts"):
        body.append(html.Div(["Conflicts with: ", short(", ".join(claim["contradicts"]), MAX_TEXT)],
                             className="contradicts"))
    classes = f"claim status-{status}" + (" focused" if focused else "")
    return html.Article(body, className=classes, **{"data-claim": claim.get("id", "")})


def _listed(claims: list[dict[str, Any]], focus_claim: str | None) -> list[dict[str, Any]]:
    """The claims to list: the focused one first, then the newest, at most MAX_CARDS."""
    claims = sorted(claims, key=lambda c: (str(c.get("date") or ""), c.get("id", "")), reverse=True)
    claims.sort(key=lambda c: c.get("id") != focus_claim)
    return claims[:MAX_CARDS]


def _cards(store: GraphStore, claims: list[dict[str, Any]], total: int, corroboration: dict[str, int],
           focus_claim: str | None) -> list:
    cards: list = []
    for c in claims:
        counts = [corroboration[e] for e in c.get("edge_ids") or [] if e in corroboration]
        cards.append(claim_card(c, c.get("language") or "", max(counts) if counts else None,
                                focused=c.get("id") == focus_claim))
    if total > len(claims):
        cards.append(html.P(f"The {len(claims)} newest of {total} claims are listed; the Cypher console "
                            "can list them all.", className="note"))
    return cards


def _row(label: str, value: Any) -> html.Tr:
    return html.Tr([html.Th(label), html.Td(value)])


def node_details(store: GraphStore, node_id: str, more: int = 0, focus_claim: str | None = None) -> list:
    found = store.entities([node_id])
    if not found:
        return [html.P("This entity is no longer in the graph.", className="empty")]
    node: Node = found[0]
    claims = store.claims_about(node_id, limit=MAX_CARDS)
    total = store.count_claims_about(node_id)
    if focus_claim and all(c["id"] != focus_claim for c in claims):
        claims = [*store.claims([focus_claim]), *claims]
    listed = _listed(claims, focus_claim)
    ends = sorted({node_id, *(c.get("object_id") or "" for c in listed), *(c.get("subject_id") for c in listed)} - {""})
    edges = store.edges_between(ends, NO_FILTERS) if ends else []
    corroboration = {e["id"]: e["corroboration"] for e in edges}
    rows = [_row("Kind", kind_badge(node["kind"])), _row("Id", clipped(node["id"], MAX_NAME, html.Code))]
    if node["aliases"]:
        rows.append(_row("Also written", short(" · ".join(node["aliases"]), MAX_TEXT)))
    if node["description"]:
        rows.append(_row("Description", short(node["description"], MAX_TEXT)))
    if more:
        rows.append(_row("Not shown", f"{more} more relation{'s' if more != 1 else ''} (use More)"))
    return [
        clipped(node["name"], MAX_NAME, html.H3, className="details-title"),
        html.Table(html.Tbody(rows), className="props"),
        html.H4(f"Evidence: {total} claim{'s' if total != 1 else ''} about it"),
        *(_cards(store, listed, total, corroboration, focus_claim)
          or [html.P("No claims name it.", className="empty")]),
    ]


def edge_details(store: GraphStore, edge_id: str, focus_claim: str | None = None) -> list:
    edge = store.edge(edge_id)
    if edge is None:
        return [html.P("This relation is no longer in the graph.", className="empty")]
    names = {n["id"]: short(n["name"], MAX_NAME)
             for n in store.entities([edge["source"], edge["target"], *edge["items"]])}
    relation = MODEL.relations.get(edge["type"])
    rows = [
        _row("Status", status_badge(edge["status"])),
        _row("Confidence", f"{edge['confidence']:.2f} (highest among its claims)"),
        _row("Corroboration", f"{edge['corroboration']} source{'s' if edge['corroboration'] != 1 else ''}"),
        _row("When", " – ".join(dict.fromkeys(d for d in (edge["first_date"], edge["last_date"]) if d)) or "undated"),
    ]
    if edge["items"]:
        rows.append(_row("Items", short(", ".join(names.get(i, i) for i in edge["items"]), MAX_TEXT)))
    if relation:
        rows.append(_row("Means", relation.description))
    claims = store.claims(edge["claim_ids"])
    return [
        html.H3([names.get(edge["source"], edge["source"]), html.Span(f" {edge['type']} ", className="rel"),
                 names.get(edge["target"], edge["target"])], className="details-title"),
        html.Table(html.Tbody(rows), className="props"),
        html.H4(f"Evidence: {len(claims)} claim{'s' if len(claims) != 1 else ''}"),
        *_cards(store, _listed(claims, focus_claim), len(claims), {edge["id"]: edge["corroboration"]}, focus_claim),
    ]


def placeholder() -> list:
    return [html.P("Select an entity or a relation to see its evidence: the quote, the source, who says it, "
                   "when, and how sure.", className="empty")]
