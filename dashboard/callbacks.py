"""Callbacks by area (callbacks_<area>.py). Each is a few lines that move component props into plain functions.

They are modules beside the logic they call rather than a subpackage, so `pip install .` with the
project's explicit package list carries them.
"""

from __future__ import annotations

from dash import Dash

from dashboard import (
    callbacks_console,
    callbacks_evidence,
    callbacks_expand,
    callbacks_filters,
    callbacks_graph,
    callbacks_search,
    callbacks_share,
    callbacks_timeline,
)


def register_all_callbacks(app: Dash, ctx) -> None:
    for area in (callbacks_share, callbacks_search, callbacks_expand, callbacks_filters, callbacks_graph,
                 callbacks_evidence, callbacks_timeline, callbacks_console):
        area.register(app, ctx)
