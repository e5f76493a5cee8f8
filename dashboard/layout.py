"""The page: search on top, filters and legend left, the graph centre, evidence right, timeline and console below.

The Cytoscape components are here from the start (mounting one from a callback fails under Dash 4,
dash-cytoscape#229); callbacks only change their props.
"""

from __future__ import annotations

from typing import Any

import dash_cytoscape as cyto
from dash import dcc, html

from dashboard import ids
from dashboard.evidence import placeholder
from dashboard.filters import ALL_KINDS, ALL_STATUSES, to_json
from dashboard.layouts import DEFAULT_LAYOUT, LAYOUTS, layout_options
from dashboard.styles import base_stylesheet, kind_swatch_style, status_sample_css
from dashboard.timeline import HEIGHT as TIMELINE_HEIGHT
from dashboard.view import View
from graph.model import MODEL
from graph.records import Filters


def _section(title: str, *children: Any, class_name: str = "") -> html.Section:
    return html.Section([html.H4(title), *children], className=f"panel-section {class_name}".strip())


def _button(label: str, id_: str, title: str, primary: bool = False) -> html.Button:
    return html.Button(label, id=id_, title=title, n_clicks=0, className="btn primary" if primary else "btn")


def kind_options() -> list[dict[str, Any]]:
    """The legend is the kind filter: each option shows the kind's colour and shape as drawn on the graph."""
    return [{"label": html.Span([html.Span(className="swatch", style=kind_swatch_style(k.name)), k.name],
                                title=k.description, className="legend-kind"),
             "value": k.name} for k in MODEL.kinds.values()]


def status_options() -> list[dict[str, Any]]:
    return [{"label": html.Span([html.Span(className="line-sample", style=status_sample_css(s.name)), s.name],
                                title=s.meaning, className="legend-status"),
             "value": s.name} for s in MODEL.statuses.values()]


def contested_legend() -> html.Div:
    """Edges can be contested: some claims support them, others deny them. Not a filter: a claim is never contested."""
    contested = MODEL.edge_statuses["contested"]
    return html.Div([html.Span(className="line-sample", style=status_sample_css("contested")), "contested: ",
                     contested.meaning], className="legend-width", title=contested.meaning)


def topbar() -> html.Header:
    return html.Header([
        html.Div([html.Span("geokg", className="brand-name"), html.Span("explorer", className="brand-sub")],
                 className="brand"),
        html.Div([
            dcc.Input(id=ids.SEARCH, type="search", debounce=0.3, autoComplete="off", className="search-input",
                      placeholder="Search entities in any language: maduro, Μαδούρο, il-76…"),
            html.Div(id=ids.SEARCH_HITS, className="hits"),
        ], className="search"),
        html.Div([
            html.Label("Link to this view", htmlFor=ids.SHARE_LINK, className="share-label"),
            dcc.Input(id=ids.SHARE_LINK, type="text", readOnly=True, className="share-link", value=""),
            dcc.Clipboard(id=ids.COPY_LINK, target_id=ids.SHARE_LINK, title="Copy the link", className="copy"),
        ], className="share"),
    ], className="topbar")


def left_panel(sources: list[dict[str, str]]) -> html.Aside:
    """`sources`: the source filter's first options; typing searches the rest."""
    return html.Aside([
        _section("Entity kinds", dcc.Checklist(id=ids.KINDS, options=kind_options(), value=ALL_KINDS,
                                               className="checklist kinds", inputClassName="check")),
        _section("Evidence", dcc.Checklist(id=ids.STATUSES, options=status_options(), value=ALL_STATUSES,
                                           className="checklist statuses", inputClassName="check"),
                 contested_legend(),
                 html.Div([html.Span(className="width-sample thin"), html.Span(className="width-sample thick"),
                           "thicker: more independent origins"], className="legend-width")),
        _section("Relation types", dcc.Dropdown(
            id=ids.RELATIONS, multi=True, placeholder="All relation types",
            options=[{"label": name, "value": name, "title": r.description} for name, r in MODEL.relations.items()])),
        _section("Minimum confidence", dcc.Slider(id=ids.MIN_CONFIDENCE, min=0, max=1, step=0.05, value=0,
                                                  marks={0: "0", 0.5: "0.5", 1: "1"},
                                                  tooltip={"placement": "bottom"})),
        _section("Dates", dcc.DatePickerRange(id=ids.DATES, clearable=True, display_format="YYYY-MM-DD",
                                              start_date_placeholder_text="from", end_date_placeholder_text="to")),
        _section("Sources", dcc.Dropdown(id=ids.SOURCES, multi=True, placeholder="All sources",
                                         options=sources)),
        html.Div(_button("Reset filters", ids.RESET_FILTERS, "Show everything again"), className="row"),
        _section("Shortest path",
                 dcc.Dropdown(id=ids.PATH_FROM, placeholder="from…", options=[]),
                 dcc.Dropdown(id=ids.PATH_TO, placeholder="to…", options=[]),
                 html.Div([_button("Find path", ids.PATH_FIND, "Highlight one shortest path between them", True),
                           _button("Clear", ids.PATH_CLEAR, "Remove the highlight")], className="row"),
                 html.Div(id=ids.PATH_NOTE, className="note")),
    ], className="left panel")


def centre(layout_name: str) -> html.Section:
    toolbar = html.Div([
        html.Div([
            _button("Expand", ids.EXPAND, "Show the selected entity's neighbours (or double-click it)", True),
            dcc.Checklist(id=ids.WITH_OFFICIALS, value=[], className="inline-check", inputClassName="check",
                          options=[{"label": html.Span("with officials", title=(
                              "Expanding a state also brings the relations of the people who hold office there "
                              "(heads of state, ministers), drawn to the state and marked via them")),
                              "value": "on"}]),
            _button("More", ids.MORE, "Fetch the next neighbours of the selected entity"),
            _button("Collapse", ids.COLLAPSE, "Remove what expanding the selected entity added"),
            _button("Hide", ids.HIDE, "Hide the selected entity"),
            _button("Show hidden", ids.UNHIDE, "Bring hidden entities back"),
            _button("Clear", ids.CLEAR, "Empty the view"),
        ], className="group"),
        html.Div([
            dcc.RadioItems(id=ids.LAYOUT, value=layout_name, inline=True, className="layouts",
                           options=[{"label": label, "value": name} for name, (label, _) in LAYOUTS.items()]),
            _button("Re-layout", ids.RELAYOUT, "Lay the whole view out again; what you dragged stays where you put it"),
            _button("Unpin", ids.UNPIN, "Let the nodes you dragged move in the next layout"),
        ], className="group"),
        html.Div([
            _button("Fit", ids.FIT, "Fit the view to the window"),
            _button("+", ids.ZOOM_IN, "Zoom in"),
            _button("−", ids.ZOOM_OUT, "Zoom out"),
            _button("PNG", ids.EXPORT_PNG, "Download the view as an image"),
            _button("JSON", ids.EXPORT_JSON, "Download the view's entities, relations, filters and layout"),
            dcc.Download(id=ids.DOWNLOAD_JSON),
        ], className="group"),
    ], className="toolbar")
    graph = cyto.Cytoscape(
        id=ids.CYTO, elements=[], stylesheet=base_stylesheet(), layout=layout_options(layout_name),
        autoRefreshLayout=False,  # dashboard/placement.py places additions; the layout runs when asked
        minZoom=0.15, maxZoom=4, boxSelectionEnabled=False, responsive=True, className="cy",
        style={"width": "100%", "height": "100%"})
    hint = html.Div(id=ids.EMPTY_HINT, className="empty-hint")
    return html.Section([toolbar, html.Div([graph, hint], className="cy-wrap"),
                         html.Div(id=ids.STATUS, className="status", **{"aria-live": "polite"})],
                        className="centre")


def bottom(examples: list[tuple[str, str]], dialect: str, timeout_s: float, max_rows: int) -> html.Section:
    console = html.Div([
        html.Div([
            dcc.Dropdown(id=ids.CONSOLE_EXAMPLES, placeholder=f"Example queries ({dialect})", clearable=True,
                         options=[{"label": title, "value": i} for i, (title, _) in enumerate(examples)]),
            html.Span(f"Read-only · stopped after {timeout_s:g} s · at most {max_rows} rows · {dialect} Cypher",
                      className="note"),
        ], className="console-head"),
        html.Div([
            dcc.Textarea(id=ids.CONSOLE_CYPHER, className="cypher", spellCheck=False,
                         placeholder="MATCH (a)-[r]->(b) WHERE a.id = $id RETURN a, r, b LIMIT 25"),
            dcc.Textarea(id=ids.CONSOLE_PARAMS, className="params", spellCheck=False,
                         placeholder='Parameters as JSON: {"id": "russia"}'),
            html.Div([_button("Run", ids.CONSOLE_RUN, "Run the query (read-only)", True),
                      _button("Add to view", ids.CONSOLE_ADD, "Add the entities in the result to the graph")],
                     className="console-buttons"),
        ], className="console-input"),
        html.Div(id=ids.CONSOLE_NOTE, className="note", **{"aria-live": "polite"}),
        html.Div([
            html.Div(id=ids.CONSOLE_TABLE, className="console-table"),
            html.Div(cyto.Cytoscape(id=ids.CONSOLE_GRAPH, elements=[], stylesheet=base_stylesheet(),
                                    layout={"name": "cose", "animate": False}, minZoom=0.2, maxZoom=3,
                                    style={"width": "100%", "height": "100%"}), className="console-graph"),
        ], className="console-results"),
    ], className="console")
    toggle = html.Button("Hide", id=ids.BOTTOM_TOGGLE, n_clicks=0, className="btn bottom-toggle",
                         title="Hide or show the timeline and the console; the graph takes the room")
    return html.Section([toggle, dcc.Tabs(id=ids.TABS, value="timeline", className="tabs",
                                          parent_className="tabs-parent", content_className="tab-body", children=[
        dcc.Tab(label="Timeline of claims", value="timeline", className="tab", selected_className="tab-selected",
                children=dcc.Graph(id=ids.TIMELINE, config={"displaylogo": False}, className="timeline",
                                   style={"height": f"{TIMELINE_HEIGHT}px"})),
        dcc.Tab(label="Cypher console", value="console", children=console, className="tab",
                selected_className="tab-selected"),
    ])], id=ids.BOTTOM, className="bottom")


def stores() -> list[dcc.Store]:
    return [
        dcc.Store(id=ids.VIEW, data=View().to_json()),
        dcc.Store(id=ids.FILTERS, data=to_json(Filters())),
        dcc.Store(id=ids.FOCUS, data=None),
        dcc.Store(id=ids.DOUBLE_TAP, data=None),
        dcc.Store(id=ids.PATH, data=None),
        dcc.Store(id=ids.CONSOLE_RESULT, data=[]),
        dcc.Store(id=ids.SEARCH_STATE, data=""),
        dcc.Store(id=ids.CLIENT_SINK, data=None),
    ]


def page(sources: list[dict[str, Any]], examples: list[tuple[str, str]], dialect: str,
         timeout_s: float, max_rows: int) -> html.Div:
    return html.Div([
        dcc.Location(id=ids.URL, refresh=False),
        *stores(),
        topbar(),
        html.Main([left_panel(sources), centre(DEFAULT_LAYOUT),
                   html.Aside(html.Div(placeholder(), id=ids.DETAILS), className="right panel")],
                  className="workspace"),
        bottom(examples, dialect, timeout_s, max_rows),
    ], className="app")
