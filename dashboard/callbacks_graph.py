"""The look of the graph and what acts on it as a whole: layout, highlights, status, path, zoom, export."""

from __future__ import annotations

import json

import dash
from dash import Input, Output, Patch, State, dcc
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.filters import from_json
from dashboard.layouts import layout_options
from dashboard.placement import LAYOUT_NAME_JS, UNPIN_JS
from dashboard.search import entity_options
from dashboard.share import export_view
from dashboard.styles import stylesheet
from dashboard.view import View, add_path, empty_hint, status_line

ZOOM_JS = """
function(fit, zoomIn, zoomOut) {
    const cy = window.geokg.cy();
    const trig = window.dash_clientside.callback_context.triggered;
    const which = trig && trig.length ? trig[0].prop_id.split('.')[0] : null;
    if (!cy) { return window.dash_clientside.no_update; }
    if (which === '%(fit)s') { cy.fit(undefined, 30); }
    else {
        const factor = which === '%(zoom_in)s' ? 1.25 : 0.8;
        cy.zoom({level: cy.zoom() * factor, renderedPosition: {x: cy.width() / 2, y: cy.height() / 2}});
    }
    return Date.now();
}
""" % {"fit": ids.FIT, "zoom_in": ids.ZOOM_IN}


def register(app: dash.Dash, ctx) -> None:
    @app.callback(Output(ids.CYTO, "layout"), Input(ids.LAYOUT, "value"), Input(ids.RELAYOUT, "n_clicks"),
                  State(ids.VIEW, "data"), prevent_initial_call=True)
    def relayout(name, clicks, view_data):
        # Cytoscape runs a layout when the option object changes: the click count makes each press a change
        return layout_options(name, View.from_json(view_data).start) | {"run": clicks or 0}

    app.clientside_callback(LAYOUT_NAME_JS, Output(ids.CLIENT_SINK, "data", allow_duplicate=True),
                            Input(ids.LAYOUT, "value"), prevent_initial_call=True)
    app.clientside_callback(UNPIN_JS, Output(ids.CLIENT_SINK, "data", allow_duplicate=True),
                            Input(ids.UNPIN, "n_clicks"), prevent_initial_call=True)
    app.clientside_callback("function (n) { return n % 2 ? ['bottom collapsed', 'Show'] : ['bottom', 'Hide']; }",
                            Output(ids.BOTTOM, "className"), Output(ids.BOTTOM_TOGGLE, "children"),
                            Input(ids.BOTTOM_TOGGLE, "n_clicks"), prevent_initial_call=True)

    @app.callback(Output(ids.CYTO, "stylesheet"), Input(ids.PATH, "data"), Input(ids.FOCUS, "data"),
                  prevent_initial_call=True)
    def highlight(path, focus):
        return stylesheet(path, focus["id"] if focus and focus.get("group") == "edge" else None)

    @app.callback(Output(ids.STATUS, "children"), Output(ids.EMPTY_HINT, "children"),
                  Input(ids.VIEW, "data"), Input(ids.FOCUS, "data"))
    def status(view_data, focus):
        view = View.from_json(view_data)
        return status_line(view, focus), empty_hint(view)

    for picker in (ids.PATH_FROM, ids.PATH_TO):  # any entity, found as typed by a name or an alias
        @app.callback(Output(picker, "options"), Input(picker, "search_value"), Input(ids.VIEW, "data"),
                      State(picker, "value"))
        def path_choices(text, view_data, chosen):
            return entity_options(ctx.store, View.from_json(view_data).names, text, chosen)

    @app.callback(
        Output(ids.CYTO, "elements", allow_duplicate=True), Output(ids.VIEW, "data", allow_duplicate=True),
        Output(ids.PATH, "data"), Output(ids.PATH_NOTE, "children"),
        Input(ids.PATH_FIND, "n_clicks"), Input(ids.PATH_CLEAR, "n_clicks"),
        State(ids.PATH_FROM, "value"), State(ids.PATH_TO, "value"), State(ids.VIEW, "data"), State(ids.FILTERS, "data"),
        prevent_initial_call=True,
    )
    def path(_find, _clear, from_id, to_id, view_data, filters_data):
        if dash.ctx.triggered_id == ids.PATH_CLEAR:
            return dash.no_update, dash.no_update, None, ""
        if not from_id or not to_id or from_id == to_id:
            return dash.no_update, dash.no_update, None, "Choose two different entities."
        view = View.from_json(view_data)
        elements, found = add_path(ctx.store, view, from_id, to_id, from_json(filters_data))
        if not found:
            return dash.no_update, dash.no_update, None, "No path of up to 6 relations joins them."
        patch = Patch()
        patch.extend(elements)
        hops = len(found["edges"])
        return patch, view.to_json(), found, f"{hops} relation{'s' if hops != 1 else ''} apart; highlighted."

    app.clientside_callback(ZOOM_JS, Output(ids.CLIENT_SINK, "data"),
                            Input(ids.FIT, "n_clicks"), Input(ids.ZOOM_IN, "n_clicks"), Input(ids.ZOOM_OUT, "n_clicks"),
                            prevent_initial_call=True)

    @app.callback(Output(ids.CYTO, "generateImage"), Input(ids.EXPORT_PNG, "n_clicks"), prevent_initial_call=True)
    def export_png(_clicks):
        return {"type": "png", "action": "download", "filename": "geokg-view",
                "options": {"full": True, "scale": 2, "bg": "#ffffff"}}

    @app.callback(Output(ids.DOWNLOAD_JSON, "data"), Input(ids.EXPORT_JSON, "n_clicks"),
                  State(ids.VIEW, "data"), State(ids.FILTERS, "data"), State(ids.LAYOUT, "value"),
                  prevent_initial_call=True)
    def export_json(_clicks, view_data, filters_data, layout):
        if not view_data:
            raise PreventUpdate
        content = export_view(ctx.store, View.from_json(view_data), from_json(filters_data), layout)
        return dcc.send_string(json.dumps(content, indent=2, ensure_ascii=False), "geokg-view.json",
                               type="application/json")
