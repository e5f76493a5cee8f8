"""Filters: the panel's controls become the active Filters, which re-render what is shown.

Expansion reads the same Filters, so they also decide what is fetched next.
"""

from __future__ import annotations

import dash
from dash import Input, Output, State
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.filters import from_controls, from_json, matching_sources, to_controls, to_json
from dashboard.view import View, render
from graph.records import Filters

CONTROLS = [(ids.KINDS, "value"), (ids.RELATIONS, "value"), (ids.STATUSES, "value"), (ids.MIN_CONFIDENCE, "value"),
            (ids.DATES, "start_date"), (ids.DATES, "end_date"), (ids.SOURCES, "value")]


def control_values(f: Filters) -> list:
    c = to_controls(f)
    return [c["kinds"], c["relations"], c["statuses"], c["min_confidence"], c["date_from"], c["date_to"], c["sources"]]


def register(app: dash.Dash, ctx) -> None:
    @app.callback(Output(ids.FILTERS, "data", allow_duplicate=True), *(Input(i, p) for i, p in CONTROLS),
                  State(ids.FILTERS, "data"), prevent_initial_call=True)
    def read_controls(kinds, relations, statuses, confidence, date_from, date_to, sources, current):
        new = to_json(from_controls(kinds, relations, statuses, confidence, date_from, date_to, sources))
        if new == current:
            raise PreventUpdate
        return new

    @app.callback(Output(ids.CYTO, "elements", allow_duplicate=True), Output(ids.VIEW, "data", allow_duplicate=True),
                  Input(ids.FILTERS, "data"), State(ids.VIEW, "data"), prevent_initial_call=True)
    def apply(filters_data, view_data):
        view = View.from_json(view_data)
        if view.filters == filters_data:
            raise PreventUpdate  # this view was built under these filters already
        return render(ctx.store, view, from_json(filters_data)), view.to_json()

    @app.callback(Output(ids.SOURCES, "options"), Input(ids.SOURCES, "search_value"), Input(ids.SOURCES, "value"),
                  prevent_initial_call=True)
    def offer_sources(text, chosen):  # chosen ones always stay on offer, e.g. when a shared URL restores them
        return matching_sources(ctx.source_options(), text, chosen)

    @app.callback(*(Output(i, p, allow_duplicate=True) for i, p in CONTROLS), Input(ids.RESET_FILTERS, "n_clicks"),
                  prevent_initial_call=True)
    def reset(_clicks):
        return control_values(Filters())
