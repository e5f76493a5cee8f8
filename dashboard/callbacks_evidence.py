"""Details and evidence: a tap on a node or an edge selects it; the panel shows it and every claim behind it."""

from __future__ import annotations

import dash
from dash import Input, Output, State

from dashboard import ids
from dashboard.evidence import edge_details, node_details, placeholder
from dashboard.view import View


def register(app: dash.Dash, ctx) -> None:
    @app.callback(Output(ids.FOCUS, "data", allow_duplicate=True),
                  Input(ids.CYTO, "tapNodeData"), Input(ids.CYTO, "tapEdgeData"), prevent_initial_call=True)
    def select(node, edge):
        group = "node" if f"{ids.CYTO}.tapNodeData" in dash.ctx.triggered_prop_ids else "edge"
        tapped = node if group == "node" else edge
        return {"group": group, "id": tapped["id"]} if tapped else dash.no_update

    @app.callback(Output(ids.DETAILS, "children"), Input(ids.FOCUS, "data"), State(ids.VIEW, "data"))
    def details(focus, view_data):
        if not focus or not focus.get("id"):
            return placeholder()
        if focus.get("group") == "edge":
            return edge_details(ctx.store, focus["id"], focus.get("claim"))
        return node_details(ctx.store, focus["id"], View.from_json(view_data).more(focus["id"]), focus.get("claim"))
