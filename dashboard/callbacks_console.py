"""The Cypher console: examples for the active engine, parameters as JSON, results as a table and a graph."""

from __future__ import annotations

import json
import re

import dash
from dash import Input, Output, Patch, State
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.console import result_table, run
from dashboard.filters import from_json
from dashboard.view import View, pin

PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def example_params(cypher: str, focus_id: str | None) -> str:
    """A parameters skeleton for an example: $id gets the selected entity."""
    names = list(dict.fromkeys(PARAM.findall(cypher)))
    if not names:
        return ""
    return json.dumps({n: (focus_id or "") if n == "id" else "" for n in names}, ensure_ascii=False)


def register(app: dash.Dash, ctx) -> None:
    @app.callback(Output(ids.CONSOLE_CYPHER, "value"), Output(ids.CONSOLE_PARAMS, "value"),
                  Input(ids.CONSOLE_EXAMPLES, "value"), State(ids.FOCUS, "data"), prevent_initial_call=True)
    def pick_example(index, focus):
        if index is None or not 0 <= int(index) < len(ctx.store.examples):
            raise PreventUpdate
        cypher = ctx.store.examples[int(index)][1]
        return cypher, example_params(cypher, focus["id"] if focus and focus.get("group") == "node" else None)

    @app.callback(
        Output(ids.CONSOLE_NOTE, "children"), Output(ids.CONSOLE_NOTE, "className"),
        Output(ids.CONSOLE_TABLE, "children"),
        Output(ids.CONSOLE_GRAPH, "elements"), Output(ids.CONSOLE_RESULT, "data"),
        Input(ids.CONSOLE_RUN, "n_clicks"), State(ids.CONSOLE_CYPHER, "value"), State(ids.CONSOLE_PARAMS, "value"),
        running=[(Output(ids.CONSOLE_RUN, "disabled"), True, False),
                 (Output(ids.CONSOLE_RUN, "children"), "Running…", "Run")],
        prevent_initial_call=True,
    )
    def execute(_clicks, cypher, params):
        s = ctx.settings
        out = run(ctx.store, cypher, params, s.console_timeout_s, s.console_max_rows)
        kind = "note ok" if out.ok and not out.truncated else "note warn" if out.ok else "note error"
        return out.note, kind, result_table(out.columns, out.rows), out.graph, out.entity_ids

    @app.callback(
        Output(ids.CYTO, "elements", allow_duplicate=True), Output(ids.VIEW, "data", allow_duplicate=True),
        Input(ids.CONSOLE_ADD, "n_clicks"),
        State(ids.CONSOLE_RESULT, "data"), State(ids.VIEW, "data"), State(ids.FILTERS, "data"),
        prevent_initial_call=True,
    )
    def add_to_view(_clicks, entity_ids, view_data, filters_data):
        if not entity_ids:
            raise PreventUpdate
        view = View.from_json(view_data)
        patch = Patch()
        patch.extend(pin(ctx.store, view, entity_ids, from_json(filters_data)))
        return patch, view.to_json()
