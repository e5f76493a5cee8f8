"""Expand (button or double-click), page on with More, collapse, hide, show hidden, clear.

Additions go out as a Patch that appends elements; removals re-render the small view.
"""

from __future__ import annotations

import dash
from dash import Input, Output, Patch, State
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.filters import from_json
from dashboard.view import View, collapse, expand, hide, render, unhide

# Cytoscape.js reports a double tap as "dbltap", which dash-cytoscape does not pass on; this listens for
# it in the browser (once per graph) and hands the node to the server through a store. The first elements
# can arrive before Cytoscape has mounted, so it keeps looking for the graph until it can attach.
DOUBLE_TAP_JS = """
function(elements) {
    function attach(tries) {
        var cy = window.geokg.cy();
        if (!cy) {
            if (tries > 0) { setTimeout(function () { attach(tries - 1); }, 100); }
            return;
        }
        if (!cy.scratch('geokgDoubleTap')) {
            cy.scratch('geokgDoubleTap', true);
            cy.on('dbltap', 'node', function (event) {
                window.dash_clientside.set_props('%s', {data: {id: event.target.id(), t: Date.now()}});
            });
        }
    }
    attach(100);
    return window.dash_clientside.no_update;
}
""" % ids.DOUBLE_TAP


def focused_node(focus: dict | None) -> str | None:
    return focus["id"] if focus and focus.get("group") == "node" else None


def register(app: dash.Dash, ctx) -> None:
    app.clientside_callback(DOUBLE_TAP_JS, Output(ids.CLIENT_SINK, "data", allow_duplicate=True),
                            Input(ids.CYTO, "elements"), prevent_initial_call=True)

    @app.callback(
        Output(ids.CYTO, "elements", allow_duplicate=True),
        Output(ids.VIEW, "data", allow_duplicate=True),
        Output(ids.FOCUS, "data", allow_duplicate=True),
        Input(ids.EXPAND, "n_clicks"), Input(ids.MORE, "n_clicks"), Input(ids.DOUBLE_TAP, "data"),
        Input(ids.COLLAPSE, "n_clicks"), Input(ids.HIDE, "n_clicks"), Input(ids.UNHIDE, "n_clicks"),
        Input(ids.CLEAR, "n_clicks"),
        State(ids.VIEW, "data"), State(ids.FILTERS, "data"), State(ids.FOCUS, "data"),
        State(ids.WITH_OFFICIALS, "value"),
        prevent_initial_call=True,
    )
    def act(_expand, _more, double_tap, _collapse, _hide, _unhide, _clear, view_data, filters_data, focus, officials):
        action = dash.ctx.triggered_id
        view, filters = View.from_json(view_data), from_json(filters_data)
        if action == ids.CLEAR:
            return [], View().to_json(), None
        if action == ids.UNHIDE:
            unhide(view)
            return render(ctx.store, view, filters), view.to_json(), dash.no_update
        target = double_tap["id"] if action == ids.DOUBLE_TAP and double_tap else focused_node(focus)
        if not target:
            raise PreventUpdate
        if action in (ids.EXPAND, ids.MORE, ids.DOUBLE_TAP):
            patch = Patch()
            patch.extend(expand(ctx.store, view, target, filters, ctx.settings.expand_limit,
                                with_officials=bool(officials) and action != ids.MORE))
            return patch, view.to_json(), {"group": "node", "id": target}
        if action == ids.COLLAPSE:
            collapse(view, target)
        else:
            hide(view, [target])
            focus = None
        return render(ctx.store, view, filters), view.to_json(), focus
