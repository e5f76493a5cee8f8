"""Search: hits as you type; a hit opens a view on it, or adds it to the current one."""

from __future__ import annotations

import dash
from dash import ALL, Input, Output, Patch, State
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.filters import from_json
from dashboard.search import hit_rows
from dashboard.view import View, add_start, open_entities


def register(app: dash.Dash, ctx) -> None:
    @app.callback(Output(ids.SEARCH_HITS, "children"), Input(ids.SEARCH, "value"), prevent_initial_call=True)
    def show_hits(text):
        return hit_rows(ctx.store, text)

    @app.callback(
        Output(ids.CYTO, "elements", allow_duplicate=True),
        Output(ids.VIEW, "data", allow_duplicate=True),
        Output(ids.FOCUS, "data", allow_duplicate=True),
        Output(ids.SEARCH, "value"),
        Input({"type": ids.HIT_OPEN, "id": ALL}, "n_clicks"),
        Input({"type": ids.HIT_ADD, "id": ALL}, "n_clicks"),
        Input(ids.SEARCH, "n_submit"),
        State(ids.SEARCH, "value"), State(ids.VIEW, "data"), State(ids.FILTERS, "data"),
        prevent_initial_call=True,
    )
    def pick(_open, _add, _enter, text, view_data, filters_data):
        if not dash.ctx.triggered or not dash.ctx.triggered[0]["value"]:
            raise PreventUpdate  # the hit buttons were just drawn, not clicked
        hit = dash.ctx.triggered_id
        if hit == ids.SEARCH:  # Enter opens the best hit
            best = ctx.store.search(text or "", limit=1)
            if not best:
                raise PreventUpdate
            hit = ids.hit_open(best[0]["id"])
        filters, limit = from_json(filters_data), ctx.settings.expand_limit
        focus = {"group": "node", "id": hit["id"]}
        if hit["type"] == ids.HIT_OPEN:
            view, elements = open_entities(ctx.store, [hit["id"]], filters, limit)
            return elements, view.to_json(), focus, ""
        view = View.from_json(view_data)
        patch = Patch()
        patch.extend(add_start(ctx.store, view, hit["id"], filters, limit))
        return patch, view.to_json(), focus, ""
