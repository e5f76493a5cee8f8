"""Timeline: the claims behind the visible relations over time; a click focuses the claim and its relation."""

from __future__ import annotations

import dash
from dash import Input, Output, State
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.filters import from_json
from dashboard.timeline import clicked_claim, figure, view_claims
from dashboard.view import View


def register(app: dash.Dash, ctx) -> None:
    @app.callback(Output(ids.TIMELINE, "figure"), Input(ids.VIEW, "data"), Input(ids.TABS, "value"),
                  Input(ids.BOTTOM, "className"), State(ids.FILTERS, "data"))
    def draw(view_data, tab, panel, filters_data):
        # the slowest callback on a large graph: not run while nobody can see it; showing it runs it
        if tab != "timeline" or "collapsed" in (panel or ""):
            raise PreventUpdate
        return figure(*view_claims(ctx.store, View.from_json(view_data), from_json(filters_data)))

    @app.callback(Output(ids.FOCUS, "data", allow_duplicate=True), Input(ids.TIMELINE, "clickData"),
                  prevent_initial_call=True)
    def focus_claim(click):
        clicked = clicked_claim(click)
        if not clicked:
            raise PreventUpdate
        claim_id, edge_id = clicked
        return {"group": "edge", "id": edge_id, "claim": claim_id}
