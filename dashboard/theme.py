"""The explorer's stylesheet, inlined into the page.

It lives in a module, not in an assets folder, so that `pip install .` (which installs Python modules
only, by the project's package list) carries it; the page needs nothing from any other server.
"""

from dashboard.ids import CYTO
from dashboard.placement import PLACEMENT_JS
from graph.model import MODEL

CSS = """
:root {
  --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --bg: #f5f7fa; --panel: #ffffff;
  --accent: #2f5d9f; --denied: #c62828; --disputed: #ef6c00; --hedged: #5c7cab; --ok: #2e7d32;
  font-family: Inter, "Segoe UI", system-ui, -apple-system, sans-serif;
}
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; background: var(--bg); color: var(--ink); font-size: 13px; }
.app { display: grid; grid-template-rows: auto minmax(420px, 1fr) auto; height: 100vh; }

/* top bar */
.topbar { display: flex; align-items: flex-start; gap: 16px; padding: 8px 14px; background: #17202b; color: #fff; }
.brand { display: flex; align-items: baseline; gap: 6px; padding-top: 6px; white-space: nowrap; }
.brand-name { font-weight: 700; font-size: 17px; letter-spacing: .3px; }
.brand-sub { color: #9aa5b1; font-size: 12px; }
.search { position: relative; flex: 1; max-width: 620px; }
.search-input { width: 100%; padding: 7px 10px; border-radius: 6px; border: 1px solid #3e4c59; font-size: 14px;
                color: var(--ink); background: #fff; }
.hits { position: absolute; top: 36px; left: 0; right: 0; z-index: 1000; background: #fff; color: var(--ink);
        border-radius: 6px; box-shadow: 0 8px 24px rgba(0,0,0,.18); max-height: 60vh; overflow-y: auto; }
.hits:empty { display: none; }
.hit { display: flex; border-bottom: 1px solid var(--line); }
.hit-open { flex: 1; display: flex; align-items: center; gap: 8px; text-align: left; padding: 7px 10px; border: 0;
            background: none; cursor: pointer; font: inherit; color: inherit; }
.hit-open:hover, .hit-add:hover { background: #eef2f7; }
.hit-name { font-weight: 600; }
.hit-alias { color: var(--muted); font-style: italic; }
.hit-add { width: 36px; border: 0; border-left: 1px solid var(--line); background: none; cursor: pointer; font-size: 16px; }
.hit-empty { padding: 8px 10px; color: var(--muted); }
.share { display: flex; align-items: center; gap: 6px; margin-left: auto; }
.share-label { color: #9aa5b1; font-size: 11px; white-space: nowrap; }
.share-link { width: 260px; padding: 5px 8px; border-radius: 6px; border: 1px solid #3e4c59; background: #243140;
              color: #d9e2ec; font-size: 11px; }
.copy { cursor: pointer; color: #d9e2ec; font-size: 15px; }

/* workspace */
.workspace { display: grid; grid-template-columns: 250px minmax(0, 1fr) 380px; min-height: 0; }
.panel { background: var(--panel); overflow-y: auto; padding: 8px 12px; }
.left { border-right: 1px solid var(--line); }
.right { border-left: 1px solid var(--line); }
.panel-section { margin-bottom: 12px; }
.panel-section h4, .right h4 { margin: 8px 0 6px; font-size: 11px; text-transform: uppercase; letter-spacing: .6px;
                               color: var(--muted); }
.checklist label { display: flex; align-items: center; gap: 6px; padding: 2px 0; cursor: pointer; }
.legend-kind, .legend-status { display: inline-flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 13px; height: 13px; flex: none; }
.line-sample { display: inline-block; width: 26px; height: 0; }
.legend-width { display: flex; align-items: center; gap: 6px; color: var(--muted); margin-top: 4px; font-size: 12px; }
.width-sample { display: inline-block; width: 18px; background: #8a94a6; }
.width-sample.thin { height: 2px; } .width-sample.thick { height: 6px; }
.row { display: flex; gap: 6px; margin: 6px 0; flex-wrap: wrap; }
.note { color: var(--muted); font-size: 12px; margin: 4px 0; }
.note.ok { color: var(--ok); } .note.warn { color: #8d5b00; font-weight: 600; } .note.error { color: var(--denied); font-weight: 600; white-space: pre-wrap; }

.centre { display: grid; grid-template-rows: auto minmax(0, 1fr) auto; min-width: 0; min-height: 0; }
.toolbar { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 8px; padding: 6px 10px;
           background: var(--panel); border-bottom: 1px solid var(--line); }
.toolbar .group { display: flex; align-items: center; gap: 4px; flex-wrap: wrap; }
.layouts label { margin-right: 8px; cursor: pointer; }
.inline-check label { display: inline-flex; align-items: center; gap: 4px; margin: 0 6px 0 2px; cursor: pointer; }
.btn { padding: 4px 10px; border: 1px solid #cbd2d9; border-radius: 5px; background: #fff; cursor: pointer; font: inherit; }
.btn:hover { background: #eef2f7; }
.btn.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
.btn.primary:hover { background: #244a80; }
.cy-wrap { position: relative; min-height: 0; background: #fbfcfd; }
.cy { position: absolute; inset: 0; }
.empty-hint { position: absolute; top: 40%; left: 0; right: 0; text-align: center; color: var(--muted);
              font-size: 15px; pointer-events: none; }
.empty-hint:empty { display: none; }
.status { padding: 4px 10px; font-size: 12px; color: var(--muted); background: var(--panel); border-top: 1px solid var(--line); }

/* details and evidence */
.details-title { margin: 6px 0 8px; font-size: 16px; }
.details-title .rel { font-size: 11px; font-weight: 600; color: var(--muted); background: #eef2f7; border-radius: 4px;
                      padding: 1px 5px; }
.props { width: 100%; border-collapse: collapse; margin-bottom: 6px; }
.props th { text-align: left; vertical-align: top; color: var(--muted); font-weight: 500; width: 104px; padding: 3px 6px 3px 0; }
.props td { padding: 3px 0; }
.badge { display: inline-flex; align-items: center; gap: 4px; padding: 1px 7px; border-radius: 10px; font-size: 11px;
         font-weight: 600; background: #eef2f7; color: var(--ink); }
.claim { border: 1px solid var(--line); border-left: 4px solid #9aa5b1; border-radius: 6px; padding: 8px 10px; margin: 8px 0; }
.claim.focused { box-shadow: 0 0 0 2px #ffb000; }
.claim-meta { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; color: var(--muted); font-size: 11px; }
.quote { margin: 8px 0 6px; padding: 4px 10px; border-left: 3px solid #cbd2d9; font-family: Georgia, "Noto Serif", serif;
         font-size: 13.5px; line-height: 1.45; color: #323f4b; }
.summary { margin: 4px 0; }
.attribution, .claim-source, .contradicts { font-size: 12px; color: var(--muted); margin-top: 2px; }
.claim-source a { color: var(--accent); }
.contradicts { color: var(--disputed); }
.link { border: 0; background: none; padding: 0 4px 0 0; color: var(--accent); text-decoration: underline; cursor: pointer;
        font: inherit; }
.chain { color: var(--ink); }
.items td { white-space: normal; font-family: inherit; }
.empty { color: var(--muted); }

/* bottom: timeline and console */
/* a fixed height, so the graph keeps its size when the timeline or the console fills; hidden, a tab bar */
.bottom { position: relative; background: var(--panel); border-top: 1px solid var(--line); height: 300px;
          overflow: hidden; }
.bottom.collapsed { height: 34px; }
.bottom.collapsed .tab-body { display: none; }
.tabs-parent { height: 100%; }
.tab-body { height: calc(100% - 34px); overflow-y: auto; }
.bottom-toggle { position: absolute; top: 4px; right: 10px; z-index: 2; }
.tabs { height: 34px; }
.console { padding: 6px 12px 10px; }
.console-head { display: flex; gap: 12px; align-items: center; }
.console-head > div:first-child { width: 320px; }
.console-input { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 1fr) auto; gap: 8px; margin-top: 6px; }
.cypher, .params { width: 100%; height: 56px; font-family: "JetBrains Mono", ui-monospace, monospace; font-size: 12px;
                   border: 1px solid #cbd2d9; border-radius: 5px; padding: 6px; }
.console-buttons { display: flex; flex-direction: column; gap: 6px; }
.console-results { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 10px; height: 190px; }
.console-table { overflow: auto; }
.console-graph { position: relative; border: 1px solid var(--line); border-radius: 6px; }
.tabs .tab, .tabs .tab-selected { padding: 6px 14px !important; line-height: 18px; font-size: 12px; }
.tabs .tab-selected { font-weight: 600; }
.results { border-collapse: collapse; width: 100%; font-size: 12px; }
.results th { position: sticky; top: 0; background: #f0f3f7; text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); }
.results td { padding: 3px 8px; border-bottom: 1px solid var(--line); max-width: 420px; overflow: hidden;
              text-overflow: ellipsis; white-space: nowrap; font-family: "JetBrains Mono", ui-monospace, monospace; }
"""

def status_css() -> str:
    """Badges and claim cards in each status's colour and line, from the model."""
    rules = []
    for status in MODEL.all_statuses.values():
        solid = not status.supports or status.name not in MODEL.statuses  # denials and contested edges stand out
        badge = (f"background: {status.colour}; color: #fff;" if solid else
                 f"background: #fff; color: {status.colour}; border: 1px {status.line} {status.colour};")
        rules.append(f".badge.status-{status.name} {{ {badge} }}")
        rules.append(f".claim.status-{status.name} {{ border-left: 4px {status.line} {status.colour}; }}")
    return "\n".join(rules)


# The main graph's Cytoscape instance, for clientside callbacks and tests. dash-cytoscape also sets
# window.cy, but to whichever graph mounted last (the console's result graph, once its tab opens);
# Cytoscape.js keeps each instance on its container element.
CY_LOOKUP = ("window.geokg = {cy: function (id) { var el = document.getElementById(id || '%s');"
             " return el && el._cyreg ? el._cyreg.cy : null; }};" % CYTO)

INDEX = """<!DOCTYPE html>
<html lang="en">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
        <style>""" + CSS + status_css() + """</style>
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            <script>""" + CY_LOOKUP + PLACEMENT_JS + """</script>
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>
"""
