"""The timeline: the claims behind the visible relations, over time, one row per relation type.

Plotly reads a few HTML tags in hover text, so every string from the data is escaped first.
"""

from __future__ import annotations

import datetime as dt
import html as html_text
import textwrap
from typing import Any

import plotly.graph_objects as go

from dashboard.elements import MAX_NAME, short
from dashboard.evidence import claim_edge, claim_when
from dashboard.view import View
from graph.model import MODEL
from graph.records import Filters
from graph.store import GraphStore

NO_RELATION = "(about one entity)"
MAX_POINTS = 1500  # claims drawn at most, newest first
MAX_HOVER = 300  # characters of a summary in a hover box
HEIGHT = 230
LONE_DAY_MARGIN = dt.timedelta(days=15)  # an axis around one day: plotly would tick it in fractions of a second


def _hover(claim: dict[str, Any]) -> str:
    """A few lines: the summary cut short, then who says it, where and when."""
    summary = short(claim.get("summary") or "", MAX_HOVER)
    summary = "<br>".join(html_text.escape(line) for line in textwrap.wrap(summary, 60))
    who = html_text.escape(short(claim.get("attribution") or "", MAX_NAME))
    where = html_text.escape(short(claim.get("publisher", "") or claim.get("source_id", ""), MAX_NAME))
    when = html_text.escape(claim_when(claim))
    return f"{summary}<br><i>{who}</i> · {where}<br>{when} · {html_text.escape(claim.get('status', ''))}"


def _symbol(claim: dict[str, Any]) -> str:
    """Denials are crosses; a date known only to the month or year is drawn open; a claim with no event date,
    placed by its report date, is a diamond."""
    base = "x" if claim.get("status") == "denied" else "circle" if claim.get("date") else "diamond"
    return base if claim.get("date_precision") in (None, "", "day") else f"{base}-open"


def view_claims(store: GraphStore, view: View, filters: Filters) -> tuple[list[dict[str, Any]], int]:
    """The claims behind the relations on screen that pass the filters, newest first, at most MAX_POINTS;
    and how many more."""
    if not view.shown_nodes:
        return [], 0
    ids = sorted({c for e in store.edges(list(view.shown_edges), filters) for c in e["claim_ids"]})
    claims = store.claims(ids, limit=MAX_POINTS, filters=filters) if ids else []
    claims.sort(key=lambda c: (str(c.get("when_from") or ""), c["id"]), reverse=True)
    return claims, len(ids) - len(claims)


def figure(claims: list[dict[str, Any]], omitted: int = 0) -> go.Figure:
    fig = go.Figure()
    dated = [c for c in claims if c.get("when_from")]
    for status, colour in ((s.name, s.colour) for s in MODEL.statuses.values()):
        group = sorted((c for c in dated if c.get("status") == status), key=lambda c: (str(c["when_from"]), c["id"]))
        if not group:
            continue
        # A date known to the month or the year is a span: the point at its start, a line (under it) to its end.
        spans = [c for c in group if c.get("when_to") and str(c["when_to"]) != str(c["when_from"])]
        if spans:
            fig.add_trace(go.Scatter(
                x=[x for c in spans for x in (str(c["when_from"]), str(c["when_to"]), None)],
                y=[y for c in spans for y in (c.get("relation") or NO_RELATION,) * 2 + (None,)],
                mode="lines", line={"color": colour, "width": 2}, opacity=0.5, hoverinfo="skip",
                legendgroup=status, showlegend=False))
        fig.add_trace(go.Scatter(
            x=[str(c["when_from"]) for c in group], y=[c.get("relation") or NO_RELATION for c in group],
            mode="markers", name=status,
            marker={"color": colour, "size": [8 + 8 * float(c.get("confidence") or 0) for c in group],
                    "symbol": [_symbol(c) for c in group],
                    "line": {"width": 1.5, "color": colour}},
            customdata=[[c["id"], claim_edge(c) or ""] for c in group], legendgroup=status, showlegend=False,
            hovertext=[_hover(c) for c in group], hoverinfo="text"))
        # The legend shows each status once, solid, whatever the precision of its first point.
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=status, legendgroup=status,
                                 marker={"color": colour, "size": 10,
                                         "symbol": _symbol({"status": status, "date": "x"})}))
    fig.update_layout(
        template="plotly_white", height=HEIGHT, font={"size": 10},
        margin={"l": 10, "r": 10, "t": 24, "b": 24},
        legend={"orientation": "h", "y": 1.0, "x": 0, "xanchor": "left", "yanchor": "bottom"},
        clickmode="event", hovermode="closest",
        xaxis={"type": "date", "title": None},
        yaxis={"title": None, "automargin": True, "type": "category", "categoryorder": "category descending",
               "dtick": 1, "tickfont": {"size": 9}},
    )
    days = sorted({dt.date.fromisoformat(str(c[k])[:10]) for c in dated for k in ("when_from", "when_to")
                   if c.get(k)})
    if days and days[0] == days[-1]:
        fig.update_xaxes(range=[str(days[0] - LONE_DAY_MARGIN), str(days[0] + LONE_DAY_MARGIN)])
    if omitted:
        fig.add_annotation(text=f"the newest {len(claims)} claims; {omitted} older ones not drawn", showarrow=False,
                           xref="paper", yref="paper", x=1, y=1.08, xanchor="right", font={"color": "#616e7c"})
    if not dated:
        fig.add_annotation(text="No claims behind the relations in view", showarrow=False,
                           xref="paper", yref="paper", x=0.5, y=0.5)
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
    return fig


def clicked_claim(click_data: dict[str, Any] | None) -> tuple[str, str] | None:
    """(claim id, edge id) of the clicked point."""
    points = (click_data or {}).get("points") or []
    if not points or not points[0].get("customdata"):
        return None
    claim_id, edge_id = points[0]["customdata"][:2]
    return claim_id, edge_id
