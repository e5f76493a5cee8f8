"""The details panel: an entity's or a relation's properties and every claim behind it.

A relation says exactly what its claims say (graph/evidence.py): how many sources support it and how
many deny it, from how many independent origins, each item with its own evidence, and its event and
report dates apart. Under filters, only the claims that pass are counted and listed.

Everything from the data is a text child of an html component, never markup: Dash renders text
children as text. Links come from data only when they are http(s) URLs.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlparse

from dash import html

from dashboard import ids
from dashboard.elements import MAX_NAME, MAX_TEXT, MAX_TITLE, short
from dashboard.styles import kind_swatch_style
from graph.model import MODEL
from graph.records import NO_FILTERS, Edge, Filters, Node
from graph.store import GraphStore

MAX_CARDS = 60  # claims listed at most, newest first; a hub can have thousands


def safe_href(url: Any) -> str | None:
    """The URL if it is an absolute http(s) link, else None: javascript:, data: and the like never become links."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    parsed = urlparse(url)
    return url if parsed.scheme.lower() in ("http", "https") and parsed.netloc else None


def clipped(text: Any, limit: int, tag: Any = html.Span, **props: Any) -> Any:
    """Text from the data, cut to `limit` characters; what was cut stays readable in a (bounded) tooltip."""
    text = "" if text is None else str(text)
    if len(text) > limit and MAX_TITLE > limit:
        props["title"] = short(text, MAX_TITLE)
    return tag(short(text, limit), **props)


def format_date(value: Any, precision: Any, inferred: Any = False) -> str:
    """A date written to its precision: 2023 stays 2023, not 2023-01-01."""
    if not value:
        return "undated"
    text = str(value)[: {"year": 4, "month": 7}.get(str(precision), 10)]
    return f"{text} (inferred)" if inferred else text


def claim_when(claim: dict[str, Any]) -> str:
    """When it happened, if the text says; otherwise when it was reported, and that it was."""
    if claim.get("date"):
        return format_date(claim["date"], claim.get("date_precision"), claim.get("date_inferred"))
    return "no event date; reported " + format_date(claim.get("reported"), claim.get("reported_precision"))


def date_range(edge: Edge, prefix: str) -> str:
    ends = [format_date(edge[f"{prefix}_{end}"], edge[f"{prefix}_{end}_precision"])  # type: ignore[literal-required]
            for end in ("from", "to") if edge[f"{prefix}_{end}"]]  # type: ignore[literal-required]
    return " – ".join(dict.fromkeys(ends))


def claim_edge(claim: dict[str, Any]) -> str | None:
    """The relation a claim speaks of first: its own relation's edge, else any edge it supports."""
    edges = claim.get("edge_ids") or []
    own = f">{claim.get('relation')}>"
    return next((e for e in edges if own in e), edges[0] if edges else None)


def status_badge(status: str) -> html.Span:
    known = MODEL.all_statuses.get(status)
    word = status if known is None or (known.supports and status in MODEL.statuses) else status.upper()
    return html.Span(word, className=f"badge status-{status}", title=known.meaning if known else "")


def kind_badge(kind: str) -> html.Span:
    return html.Span([html.Span(className="swatch", style=kind_swatch_style(kind)) if kind in MODEL.kinds else None,
                      kind], className="badge kind")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def evidence_line(edge: Edge) -> str:
    """'supported by 3 sources (1 independent origin), denied by 1': denials never count as support."""
    parts = []
    if edge["supporting_sources"]:
        parts.append(f"supported by {_plural(edge['supporting_sources'], 'source')} "
                     f"({_plural(edge['independent_origins'], 'independent origin')})")
    denied, disputed = edge["statuses"].get("denied", 0), edge["statuses"].get("disputed", 0)
    if edge["disputing_sources"]:
        verb = "denied" if denied and not disputed else "disputed" if disputed and not denied else "denied or disputed"
        parts.append(f"{verb} by {_plural(edge['disputing_sources'], 'source')}")
    return ", ".join(parts) or "no claim"


def _source_line(claim: dict[str, Any]) -> html.Div:
    publisher = claim.get("publisher") or claim.get("source_id", "")
    title = claim.get("source_title") or ""
    label = f"{publisher} · {title}" if title else publisher
    href = safe_href(claim.get("url"))
    link = (clipped(label, MAX_NAME, html.A, href=href, target="_blank", rel="noopener noreferrer") if href
            else clipped(label, MAX_NAME))
    return html.Div(["Source: ", link], className="claim-source")


RECORD_FIELDS = 20  # of a dataset record shown in a claim card


def _record(record: str) -> html.Div:
    """A dataset's claim has no quote: what the dataset says of it (GDELT's GoldsteinScale, a sanction's program)."""
    try:
        fields = json.loads(record)
    except ValueError:
        fields = {}
    rows = [html.Tr([html.Th(short(str(k), MAX_NAME)), html.Td(short(str(v), MAX_NAME))])
            for k, v in list(fields.items() if isinstance(fields, dict) else [])[:RECORD_FIELDS]]
    return html.Div([html.Div("A record in a dataset, not a quote:", className="note"),
                     html.Table(html.Tbody(rows), className="props")], className="quote record")


def claim_card(claim: dict[str, Any], names: dict[str, str], focused: bool = False) -> html.Article:
    status = claim.get("status", "")
    meta = [status_badge(status), html.Span(f"confidence {float(claim.get('confidence') or 0):.2f}", className="meta"),
            html.Span(claim_when(claim), className="meta")]
    quote = claim.get("quote") or ""
    body = [
        html.Div(meta, className="claim-meta"),
        html.Blockquote(short(quote, MAX_TEXT), lang=claim.get("language") or None, className="quote")
        if quote or not claim.get("record") else _record(claim["record"]),
        html.P(short(claim.get("summary") or "", MAX_TEXT), lang="en", className="summary"),
        html.Div(["According to: ", clipped(claim.get("attribution"), MAX_NAME)], className="attribution"),
    ]
    chain = claim.get("attributed_to") or []
    if chain:
        body.append(html.Div(["Told by: ", short(" ← ".join(names.get(i, i) for i in chain), MAX_TEXT)],
                             className="attribution chain",
                             title="From the nearest teller to the origin"))
    body.append(_source_line(claim))
    if claim.get("contradictions"):
        body.append(html.Div(["Conflicts with: ", *[
            html.Button(other, id={"type": ids.CLAIM_OPEN, "id": other}, n_clicks=0, className="link",
                        title="Open the claim it conflicts with") for other in claim["contradictions"]]],
            className="contradicts"))
    classes = f"claim status-{status}" + (" focused" if focused else "")
    return html.Article(body, className=classes, **{"data-claim": claim.get("id", "")})


def _listed(claims: list[dict[str, Any]], focus_claim: str | None) -> list[dict[str, Any]]:
    """The claims to list: the focused one first, then the newest, at most MAX_CARDS."""
    claims = sorted(claims, key=lambda c: (str(c.get("when_from") or ""), c.get("id", "")), reverse=True)
    claims.sort(key=lambda c: c.get("id") != focus_claim)
    return claims[:MAX_CARDS]


def _names(store: GraphStore, claims: list[dict[str, Any]], more: list[str] = ()) -> dict[str, str]:
    wanted = {i for c in claims for i in c.get("attributed_to") or []} | set(more)
    return {n["id"]: short(n["name"], MAX_NAME) for n in store.entities(sorted(wanted))} if wanted else {}


def _cards(claims: list[dict[str, Any]], total: int, names: dict[str, str], focus_claim: str | None) -> list:
    cards: list = [claim_card(c, names, focused=c.get("id") == focus_claim) for c in claims]
    if total > len(claims):
        cards.append(html.P(f"The {len(claims)} newest of {total} claims are listed; the Cypher console "
                            "can list them all.", className="note"))
    return cards


def _row(label: str, value: Any) -> html.Tr:
    return html.Tr([html.Th(label), html.Td(value)])


def _filtered_note(filters: Filters) -> list:
    if not filters.claim_filters():
        return []
    return [html.P("Only the claims that pass the active filters are counted and listed.", className="note")]


def node_details(store: GraphStore, node_id: str, more: int = 0, focus_claim: str | None = None,
                 filters: Filters = NO_FILTERS) -> list:
    found = store.entities([node_id])
    if not found:
        return [html.P("This entity is no longer in the graph.", className="empty")]
    node: Node = found[0]
    claims = store.claims_about(node_id, filters, limit=MAX_CARDS)
    total = store.count_claims_about(node_id, filters)
    if focus_claim and all(c["id"] != focus_claim for c in claims):
        claims = [*store.claims([focus_claim]), *claims]
    listed = _listed(claims, focus_claim)
    rows = [_row("Kind", kind_badge(node["kind"])), _row("Id", clipped(node["id"], MAX_NAME, html.Code))]
    if node["aliases"]:
        rows.append(_row("Also written", short(" · ".join(node["aliases"]), MAX_TEXT)))
    if node["description"]:
        rows.append(_row("Description", short(node["description"], MAX_TEXT)))
    if more:
        rows.append(_row("Not shown", f"{_plural(more, 'more neighbour')} (use More)"))
    return [
        clipped(node["name"], MAX_NAME, html.H3, className="details-title"),
        html.Table(html.Tbody(rows), className="props"),
        html.H4(f"Evidence: {_plural(total, 'claim')} about it"),
        *_filtered_note(filters),
        *(_cards(listed, total, _names(store, listed), focus_claim)
          or [html.P("No claims name it.", className="empty")]),
    ]


def _items_table(edge: Edge, names: dict[str, str]) -> html.Table:
    head = html.Thead(html.Tr([html.Th("Item"), html.Th("Status"), html.Th("Confidence"), html.Th("Sources")]))
    body = html.Tbody([html.Tr([html.Td(names.get(i["id"], i["id"])), html.Td(status_badge(i["status"])),
                                html.Td(f"{i['confidence']:.2f}"), html.Td(str(i["supporting_sources"]))])
                       for i in edge["items"]])
    return html.Table([head, body], className="results items")


def edge_details(store: GraphStore, edge_id: str, focus_claim: str | None = None,
                 filters: Filters = NO_FILTERS) -> list:
    edge = store.edge(edge_id, filters)
    if edge is None:
        gone = store.edge(edge_id) is None
        return [html.P("This relation is no longer in the graph." if gone else
                       "No claim behind this relation passes the active filters.", className="empty")]
    claims = store.claims(edge["claim_ids"])
    names = _names(store, claims, [edge["source"], edge["target"], *edge["via"], *(i["id"] for i in edge["items"])])
    relation = MODEL.relations.get(edge["type"])
    rows = [
        _row("Status", [status_badge(edge["status"]), " ", evidence_line(edge)]),
        _row("Claims", ", ".join(f"{n} {s}" for s, n in edge["statuses"].items() if n)),
        _row("Confidence", f"{edge['confidence']:.2f} (highest among the claims that support it)"
             if edge["supporting_sources"] else f"{edge['confidence']:.2f} (highest among the denials)"),
        _row("Happened", date_range(edge, "event") or "the claims give no date"),
        _row("Reported", date_range(edge, "reported")),
    ]
    if edge["via"]:
        rows.append(_row("Via", ", ".join(names.get(v, v) for v in edge["via"]) + " (who holds office there)"))
    if relation:
        rows.append(_row("Means", relation.description))
    return [
        html.H3([names.get(edge["source"], edge["source"]), html.Span(f" {edge['type']} ", className="rel"),
                 names.get(edge["target"], edge["target"])], className="details-title"),
        html.Table(html.Tbody(rows), className="props"),
        *([html.H4("Items, each with its own evidence"), _items_table(edge, names)] if edge["items"] else []),
        html.H4(f"Evidence: {_plural(len(claims), 'claim')}"),
        *_filtered_note(filters),
        *_cards(_listed(claims, focus_claim), len(claims), names, focus_claim),
    ]


def placeholder() -> list:
    return [html.P("Select an entity or a relation to see its evidence: the quote, the source, who says it, "
                   "when, and how sure.", className="empty")]
