"""Share: the address bar always holds the view's recipe; opening such a link rebuilds the view.

The link is written with history.replaceState in the browser, which no dcc.Location hears, so
writing it cannot re-trigger the restore that reads it on page load.
"""

from __future__ import annotations

import dash
from dash import Input, Output
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.callbacks_filters import CONTROLS, control_values
from dashboard.filters import from_json, to_json
from dashboard.layouts import DEFAULT_LAYOUT
from dashboard.share import decode, encode
from dashboard.view import View, open_entities, replay
from graph.records import Filters

WRITE_URL_JS = """
function(search) {
    if (search === null || search === undefined) { return window.dash_clientside.no_update; }
    const url = window.location.pathname + search;
    if (url !== window.location.pathname + window.location.search) {
        window.history.replaceState(window.history.state, '', url);
    }
    return window.location.href;
}
"""


def register(app: dash.Dash, ctx) -> None:
    @app.callback(
        Output(ids.CYTO, "elements"), Output(ids.VIEW, "data"), Output(ids.FILTERS, "data"),
        Output(ids.FOCUS, "data"), Output(ids.LAYOUT, "value"), *(Output(i, p) for i, p in CONTROLS),
        Input(ids.URL, "search"),
    )
    def restore(search):
        if search is None:
            raise PreventUpdate  # dcc.Location has not read the address bar yet
        decoded = decode(search)
        limit = ctx.settings.expand_limit
        if decoded:
            recipe, filters, layout = decoded
            view, elements = replay(ctx.store, recipe, filters, limit)
        else:
            filters, layout = Filters(), DEFAULT_LAYOUT
            view, elements = open_entities(ctx.store, ctx.start(), filters, limit)
        focus = {"group": "node", "id": view.start[0]} if view.start else None
        return elements, view.to_json(), to_json(filters), focus, layout, *control_values(filters)

    @app.callback(Output(ids.SEARCH_STATE, "data"),
                  Input(ids.VIEW, "data"), Input(ids.FILTERS, "data"), Input(ids.LAYOUT, "value"),
                  prevent_initial_call=True)
    def link(view_data, filters_data, layout):
        return encode(View.from_json(view_data), from_json(filters_data), layout or DEFAULT_LAYOUT)

    app.clientside_callback(WRITE_URL_JS, Output(ids.SHARE_LINK, "value"), Input(ids.SEARCH_STATE, "data"),
                            prevent_initial_call=True)
