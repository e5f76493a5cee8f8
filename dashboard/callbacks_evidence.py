"""Details and evidence: a tap on a node or an edge selects it; the panel shows it and every claim behind it.

A link to a claim (one it conflicts with) selects that claim, on the relation it speaks of.
"""

from __future__ import annotations

import dash
from dash import ALL, Input, Output, State
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.evidence import claim_edge, edge_details, node_details, placeholder
from dashboard.filters import from_json
from dashboard.view import View


def claim_focus(claim: dict) -> dict:
    """Where a claim is read: on its own relation, or on its subject when it has none."""
    edge = claim_edge(claim)
    if edge:
        return {"group": "edge", "id": edge, "claim": claim["id"]}
    return {"group": "node", "id": claim["subject_id"], "claim": claim["id"]}


def register(app: dash.Dash, ctx) -> None:
    @app.callback(Output(ids.FOCUS, "data", allow_duplicate=True),
                  Input(ids.CYTO, "tapNodeData"), Input(ids.CYTO, "tapEdgeData"), prevent_initial_call=True)
    def select(node, edge):
        group = "node" if f"{ids.CYTO}.tapNodeData" in dash.ctx.triggered_prop_ids else "edge"
        tapped = node if group == "node" else edge
        return {"group": group, "id": tapped["id"]} if tapped else dash.no_update

    @app.callback(Output(ids.FOCUS, "data", allow_duplicate=True),
                  Input({"type": ids.CLAIM_OPEN, "id": ALL}, "n_clicks"), prevent_initial_call=True)
    def open_claim(_clicks):
        if not dash.ctx.triggered or not dash.ctx.triggered[0]["value"]:
            raise PreventUpdate  # the links were just drawn, not clicked
        found = ctx.store.claims([dash.ctx.triggered_id["id"]])
        if not found:
            raise PreventUpdate
        return claim_focus(found[0])

    @app.callback(Output(ids.DETAILS, "children"), Input(ids.FOCUS, "data"), Input(ids.FILTERS, "data"),
                  State(ids.VIEW, "data"))
    def details(focus, filters_data, view_data):
        if not focus or not focus.get("id"):
            return placeholder()
        filters = from_json(filters_data)
        if focus.get("group") == "edge":
            return edge_details(ctx.store, focus["id"], focus.get("claim"), filters)
        return node_details(ctx.store, focus["id"], View.from_json(view_data).more(focus["id"]), focus.get("claim"),
                            filters)
