"""Callbacks by area. Each is a few lines that read and write component props and call plain functions."""

from __future__ import annotations

from dash import Dash

from dashboard.callbacks import console, evidence, expand, filters, graph, search, share, timeline


def register_all_callbacks(app: Dash, ctx) -> None:
    for area in (share, search, expand, filters, graph, evidence, timeline, console):
        area.register(app, ctx)
