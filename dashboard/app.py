"""The app factory: one Dash app over one store, every asset served from this machine.

Callbacks close over a Context (the store and the settings) instead of module globals, so several
apps can live in one process (the tests do this) and nothing per-user is kept on the server.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from dash import Dash, set_props

from dashboard import ids
from dashboard.auth import allowed_hosts, require_basic_auth, require_known_host
from dashboard.callbacks import register_all_callbacks
from dashboard.console import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S
from dashboard.filters import matching_sources, source_options
from dashboard.layout import page
from dashboard.theme import INDEX
from dashboard.view import DEFAULT_EXPAND_LIMIT, default_start
from graph.exc import GeoKGError
from graph.store import GraphStore

log = logging.getLogger(__name__)
SOURCES_TTL_S = 60.0

@dataclass(frozen=True)
class Settings:
    expand_limit: int = DEFAULT_EXPAND_LIMIT  # new neighbours per expansion
    console_timeout_s: float = DEFAULT_TIMEOUT_S
    console_max_rows: int = DEFAULT_MAX_ROWS
    start: tuple[str, ...] = ()  # entities a bare URL opens on; empty: the best-connected entity


class Context:
    """What callbacks need: the store, the settings, and the default start (worked out once, on first use)."""

    def __init__(self, store: GraphStore, settings: Settings):
        self.store = store
        self.settings = settings
        self._start: list[str] | None = list(settings.start) or None
        self._lock = threading.Lock()
        self._sources: tuple[float, list[dict[str, str]]] = (0.0, [])

    def source_options(self) -> list[dict[str, str]]:
        """Every source as a filter option, read at most once a minute: a corpus may hold 100,000."""
        with self._lock:
            read_at, options = self._sources
            if time.monotonic() - read_at > SOURCES_TTL_S:
                options = source_options(self.store.sources())
                self._sources = (time.monotonic(), options)
            return options

    def start(self) -> list[str]:
        with self._lock:
            if self._start is None:
                self._start = default_start(self.store)
            return list(self._start)


def report_error(error: Exception) -> None:
    """A failed callback says so in the status line instead of failing silently."""
    if isinstance(error, GeoKGError):
        message = str(error)
    else:
        log.exception("callback failed", exc_info=error)
        message = "Something went wrong on the server; its log has the details."
    set_props(ids.STATUS, {"children": f"⚠ {message}"})


def create_app(store: GraphStore, settings: Settings | None = None, credentials: tuple[str, str] | None = None,
               hosts: set[str] | None = None) -> Dash:
    """The app over a store. It answers only to `hosts` (loopback names by default) and, with `credentials`,
    only to requests that carry them."""
    settings = settings or Settings()
    app = Dash(
        __name__, title="geokg explorer", update_title=None, index_string=INDEX, include_assets_files=False,
        serve_locally=True, external_stylesheets=[], external_scripts=[], compress=True, on_error=report_error,
    )
    ctx = Context(store, settings)
    app.layout = lambda: page(matching_sources(ctx.source_options(), "", []), store.examples, store.dialect,
                              settings.console_timeout_s, settings.console_max_rows)
    register_all_callbacks(app, ctx)
    require_known_host(app.server, hosts if hosts is not None else allowed_hosts("127.0.0.1"))
    if credentials:
        require_basic_auth(app.server, *credentials)
    return app
