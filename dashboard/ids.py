"""Every component id in the dashboard, in one place; pattern-matching ids are dicts built here."""

from __future__ import annotations

# top bar: search
SEARCH = "search-text"
SEARCH_HITS = "search-hits"
HIT_OPEN = "hit-open"  # pattern type: {"type": HIT_OPEN, "id": entity_id}
HIT_ADD = "hit-add"

# left panel: legend and filters
KINDS = "filter-kinds"
RELATIONS = "filter-relations"
STATUSES = "filter-statuses"
MIN_CONFIDENCE = "filter-min-confidence"
DATES = "filter-dates"
SOURCES = "filter-sources"
RESET_FILTERS = "filter-reset"
LAYOUT = "layout-name"

# centre: the graph and its toolbar
CYTO = "graph"
EXPAND = "btn-expand"
WITH_OFFICIALS = "expand-with-officials"  # expand a state with the relations of those holding office there
MORE = "btn-more"
COLLAPSE = "btn-collapse"
HIDE = "btn-hide"
UNHIDE = "btn-unhide"
CLEAR = "btn-clear"
FIT = "btn-fit"
RELAYOUT = "btn-relayout"
UNPIN = "btn-unpin"
ZOOM_IN = "btn-zoom-in"
ZOOM_OUT = "btn-zoom-out"
EXPORT_PNG = "btn-export-png"
EXPORT_JSON = "btn-export-json"
DOWNLOAD_JSON = "download-json"
STATUS = "view-status"
EMPTY_HINT = "empty-hint"
PATH_FROM = "path-from"
PATH_TO = "path-to"
PATH_FIND = "btn-path"
PATH_CLEAR = "btn-path-clear"
PATH_NOTE = "path-note"

# right panel: details and evidence
DETAILS = "details"
CLAIM_OPEN = "claim-open"  # pattern type: {"type": CLAIM_OPEN, "id": claim_id}, a link to a claim

# bottom: timeline and console
TABS = "bottom-tabs"
BOTTOM = "bottom-panel"
BOTTOM_TOGGLE = "btn-bottom-toggle"
TIMELINE = "timeline"
CONSOLE_EXAMPLES = "console-examples"
CONSOLE_CYPHER = "console-cypher"
CONSOLE_PARAMS = "console-params"
CONSOLE_RUN = "console-run"
CONSOLE_NOTE = "console-note"
CONSOLE_TABLE = "console-table"
CONSOLE_GRAPH = "console-graph"
CONSOLE_ADD = "console-add"

# share
URL = "url"
SHARE_LINK = "share-link"
COPY_LINK = "copy-link"

# state (dcc.Store)
VIEW = "store-view"  # what is on screen and how it got there; see dashboard.view.View
FILTERS = "store-filters"  # the active Filters, as JSON
FOCUS = "store-focus"  # the selected node, edge or claim
DOUBLE_TAP = "store-double-tap"  # the node last double-tapped, set in the browser
PATH = "store-path"  # the highlighted path's element ids
CONSOLE_RESULT = "store-console-result"  # entity ids the last console result holds
SEARCH_STATE = "store-search"  # the share string last written to the address bar
CLIENT_SINK = "store-client-sink"  # output of clientside callbacks that only act on the page


def hit_open(entity_id: str) -> dict[str, str]:
    return {"type": HIT_OPEN, "id": entity_id}


def hit_add(entity_id: str) -> dict[str, str]:
    return {"type": HIT_ADD, "id": entity_id}
