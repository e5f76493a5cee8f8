"""The app and its callbacks, driven through Dash's own HTTP dispatch (as the browser calls them), on a real store.

The `serve` command is checked up to the point where it would start listening.
"""

from __future__ import annotations

import gzip
import json
import re
from typing import Any

import pytest
import waitress
from click.testing import CliRunner

from dashboard import ids
from dashboard.app import Settings, create_app
from geokg.cli import main
from graph.embedded import EmbeddedStore
from graph.open import open_store


@pytest.fixture(scope="module")
def app(explorer):
    return create_app(explorer, Settings(expand_limit=4, console_timeout_s=2))


@pytest.fixture
def client(app):
    return app.server.test_client()


def _outputs(key: str) -> list[dict[str, str]]:
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    return [dict(zip(("id", "property"), p.rsplit(".", 1))) for p in parts]


def fire(client, app, output: str, trigger: str, values: dict[str, Any] | None = None) -> dict[str, Any]:
    """Call the callback writing `output` that `trigger` ("id.prop") sets off, as the Dash renderer would."""
    values = values or {}
    matches = [(k, cb) for k, cb in app.callback_map.items()
               if output in k and any(f"{i['id']}.{i['property']}" == trigger for i in cb["inputs"])]
    assert len(matches) == 1, f"{len(matches)} callbacks write {output} on {trigger}"
    key, cb = matches[0]

    def entries(specs):
        return [{**s, "value": values.get(f"{s['id']}.{s['property']}")} for s in specs]

    outputs = _outputs(key)
    body = {"output": key, "outputs": outputs if key.startswith("..") else outputs[0],
            "inputs": entries(cb["inputs"]), "state": entries(cb["state"]), "changedPropIds": [trigger]}
    response = client.post("/_dash-update-component", json=body)
    if response.status_code == 204:
        return {}
    assert response.status_code == 200, response.data[:500]
    return response.get_json()["response"]


def node_ids(elements: list[dict]) -> set[str]:
    return {e["data"]["id"] for e in elements if "source" not in e["data"]}


def restore(client, app, search: str) -> dict[str, Any]:
    return fire(client, app, "graph.elements", "url.search", {"url.search": search})


def test_the_page_uses_only_local_assets(client):
    page = client.get("/").get_data(as_text=True)
    urls = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert urls and all(u.startswith("/") and not u.startswith("//") for u in urls), urls
    assert "<style>" in page and ".cy-wrap" in page, "the stylesheet is inlined, so a plain `pip install .` has it"
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert "https://" not in layout.replace("https://www.newsbomb.gr", "").replace("https://example.org", "")


def test_scripts_and_callback_answers_go_compressed_to_a_browser_that_accepts_it(client, app):
    page = client.get("/").get_data(as_text=True)
    script = max(re.findall(r'src="(/_dash-component-suites/[^"]+)"', page), key=lambda u: "dash_renderer" in u)
    plain = client.get(script).get_data()
    packed = client.get(script, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.get_data()) == plain and len(packed.get_data()) < len(plain) / 2
    body = {"output": f"{ids.SEARCH_HITS}.children", "outputs": {"id": ids.SEARCH_HITS, "property": "children"},
            "inputs": [{"id": ids.SEARCH, "property": "value", "value": "maduro"}],
            "changedPropIds": [f"{ids.SEARCH}.value"]}
    answer = client.post("/_dash-update-component", json=body, headers={"Accept-Encoding": "gzip"})
    assert answer.headers["Content-Encoding"] == "gzip"  # hits for "maduro" are more than flask-compress's 500 bytes
    assert gzip.decompress(answer.get_data()) == client.post("/_dash-update-component", json=body).get_data()


def test_a_bare_url_opens_on_the_best_connected_entity(client, app):
    out = restore(client, app, "")
    assert "venezuela" in node_ids(out[ids.CYTO]["elements"])
    assert out[ids.FOCUS]["data"] == {"group": "node", "id": "venezuela"}
    assert out[ids.VIEW]["data"]["start"] == ["venezuela"]


def test_a_shared_url_restores_the_view_filters_and_layout(client, app):
    out = restore(client, app, "?start=russia&expand=russia&kinds=State,Aircraft,Treaty&layout=concentric")
    assert node_ids(out[ids.CYTO]["elements"]) == {"russia", "il-76", "strategic-treaty"}
    assert out[ids.LAYOUT]["value"] == "concentric"
    assert out[ids.KINDS]["value"] == ["State", "Aircraft", "Treaty"]
    link = fire(client, app, ids.SEARCH_STATE, f"{ids.VIEW}.data",
                {f"{ids.VIEW}.data": out[ids.VIEW]["data"], f"{ids.FILTERS}.data": out[ids.FILTERS]["data"],
                 f"{ids.LAYOUT}.value": "concentric"})
    assert link[ids.SEARCH_STATE]["data"] == "?start=russia&expand=russia&kinds=Aircraft,State,Treaty&layout=concentric"


def test_search_folds_accents_and_case_and_finds_aliases(client, app):
    for text in ("Μαδούρο", "μαδουρο", "MADURO"):
        hits = json.dumps(fire(client, app, ids.SEARCH_HITS, f"{ids.SEARCH}.value", {f"{ids.SEARCH}.value": text}),
                          ensure_ascii=False)
        assert "Nicolás Maduro" in hits
    hits = json.dumps(fire(client, app, ids.SEARCH_HITS, f"{ids.SEARCH}.value", {f"{ids.SEARCH}.value": "il-76"}))
    assert "Ilyushin Il-76" in hits


def test_picking_a_hit_opens_a_view_on_it(client, app):
    pattern = json.dumps(ids.hit_open("nicolas-maduro"), separators=(",", ":"), sort_keys=True)
    key = next(k for k, cb in app.callback_map.items() if ids.HIT_OPEN in json.dumps(cb["inputs"]))
    cb = app.callback_map[key]
    body = {"output": key, "outputs": _outputs(key),
            "inputs": [[{"id": ids.hit_open("nicolas-maduro"), "property": "n_clicks", "value": 1}],
                       [{"id": ids.hit_add("nicolas-maduro"), "property": "n_clicks", "value": 0}],
                       {"id": ids.SEARCH, "property": "n_submit", "value": None}],
            "state": [{**s, "value": None} for s in cb["state"]], "changedPropIds": [f"{pattern}.n_clicks"]}
    out = client.post("/_dash-update-component", json=body).get_json()["response"]
    assert "nicolas-maduro" in node_ids(out[ids.CYTO]["elements"])
    assert out[ids.FOCUS]["data"] == {"group": "node", "id": "nicolas-maduro"}
    assert out[ids.SEARCH]["value"] == ""


def test_enter_in_the_search_box_opens_the_best_hit(client, app):
    out = fire(client, app, "graph.elements", f"{ids.SEARCH}.n_submit",
               {f"{ids.SEARCH}.n_submit": 1, f"{ids.SEARCH}.value": "Ρωσία"})
    assert out[ids.VIEW]["data"]["start"] == ["russia"]
    assert fire(client, app, "graph.elements", f"{ids.SEARCH}.n_submit",
                {f"{ids.SEARCH}.n_submit": 2, f"{ids.SEARCH}.value": "atlantis"}) == {}


def test_a_path_between_two_entities_is_added_and_highlighted(client, app):
    view = restore(client, app, "?start=il-76&expand=il-76")[ids.VIEW]["data"]
    out = fire(client, app, "graph.elements", f"{ids.PATH_FIND}.n_clicks",
               {f"{ids.PATH_FIND}.n_clicks": 1, f"{ids.PATH_FROM}.value": "il-76", f"{ids.PATH_TO}.value": "xi-jinping",
                f"{ids.VIEW}.data": view})
    path = out[ids.PATH]["data"]
    assert {"il-76", "xi-jinping"} <= set(path["nodes"]) and "relations apart" in out[ids.PATH_NOTE]["children"]
    sheet = fire(client, app, "graph.stylesheet", f"{ids.PATH}.data", {f"{ids.PATH}.data": path})
    selectors = [r["selector"] for r in sheet[ids.CYTO]["stylesheet"]]
    assert all(f'edge[id = "{e}"]' in selectors for e in path["edges"])
    none = fire(client, app, "graph.elements", f"{ids.PATH_FIND}.n_clicks",
                {f"{ids.PATH_FIND}.n_clicks": 2, f"{ids.PATH_FROM}.value": "il-76", f"{ids.PATH_TO}.value": "il-76",
                 f"{ids.VIEW}.data": view})
    assert none[ids.PATH_NOTE]["children"] == "Choose two different entities."


def test_console_results_can_be_added_to_the_view(client, app):
    view = restore(client, app, "?start=aragua")[ids.VIEW]["data"]
    out = fire(client, app, "graph.elements", f"{ids.CONSOLE_ADD}.n_clicks",
               {f"{ids.CONSOLE_ADD}.n_clicks": 1, f"{ids.CONSOLE_RESULT}.data": ["russia", "il-76"],
                f"{ids.VIEW}.data": view})
    added = out[ids.CYTO]["elements"]["operations"][0]["params"]["value"]
    assert {"russia", "il-76"} <= node_ids(added)
    assert out[ids.VIEW]["data"]["pinned"] == ["russia", "il-76"]


def test_expand_appends_only_new_elements_as_a_patch(client, app):
    view = restore(client, app, "?start=caracas&expand=caracas")[ids.VIEW]["data"]
    out = fire(client, app, "graph.elements", f"{ids.EXPAND}.n_clicks",
               {f"{ids.EXPAND}.n_clicks": 1, f"{ids.VIEW}.data": view,
                f"{ids.FOCUS}.data": {"group": "node", "id": "venezuela"}})
    patch = out[ids.CYTO]["elements"]
    assert patch["__dash_patch_update"] == "__dash_patch_update"
    added = patch["operations"][0]["params"]["value"]
    assert node_ids(added) and not node_ids(added) & set(view["shown_nodes"])
    assert len(node_ids(added)) <= 4, "the expansion cap (4 here) holds"
    assert out[ids.VIEW]["data"]["expanded"]["venezuela"] == 1


def test_double_tap_expands_the_tapped_node(client, app):
    view = restore(client, app, "?start=caracas&expand=caracas")[ids.VIEW]["data"]
    out = fire(client, app, "graph.elements", f"{ids.DOUBLE_TAP}.data",
               {f"{ids.DOUBLE_TAP}.data": {"id": "il-76", "t": 1000}, f"{ids.VIEW}.data": view})
    assert "russia" in node_ids(out[ids.CYTO]["elements"]["operations"][0]["params"]["value"])


def test_unticking_a_kind_filters_the_view(client, app):
    out = restore(client, app, "?start=russia&expand=russia")
    kinds = [k for k in out[ids.KINDS]["value"] if k != "Person"]
    filters = fire(client, app, ids.FILTERS, f"{ids.KINDS}.value",
                   {f"{ids.KINDS}.value": kinds, f"{ids.STATUSES}.value": out[ids.STATUSES]["value"],
                    f"{ids.FILTERS}.data": out[ids.FILTERS]["data"]})[ids.FILTERS]["data"]
    assert "Person" not in filters["kinds"]
    shown = fire(client, app, "graph.elements", f"{ids.FILTERS}.data",
                 {f"{ids.FILTERS}.data": filters, f"{ids.VIEW}.data": out[ids.VIEW]["data"]})
    assert not {"vladimir-putin", "nicolas-maduro"} & node_ids(shown[ids.CYTO]["elements"])
    assert fire(client, app, "graph.elements", f"{ids.FILTERS}.data",
                {f"{ids.FILTERS}.data": filters, f"{ids.VIEW}.data": shown[ids.VIEW]["data"]}) == {}, \
        "the same filters twice render once"


def test_the_details_panel_follows_the_focus(client, app):
    out = fire(client, app, ids.DETAILS, f"{ids.FOCUS}.data",
               {f"{ids.FOCUS}.data": {"group": "edge", "id": "united-states>THREATENED>venezuela"}})
    text = json.dumps(out, ensure_ascii=False)
    assert "DENIED" in text and "διέψευσε" in text


def test_a_timeline_click_focuses_its_claim(client, app):
    out = fire(client, app, ids.FOCUS, f"{ids.TIMELINE}.clickData",
               {f"{ids.TIMELINE}.clickData": {"points": [{"customdata": ["trump-denies-strikes",
                                                                          "united-states>THREATENED>venezuela"]}]}})
    assert out[ids.FOCUS]["data"] == {"group": "edge", "id": "united-states>THREATENED>venezuela",
                                      "claim": "trump-denies-strikes"}


def test_the_console_answers_reads_and_refuses_writes(client, app):
    def console(cypher: str, params: str = "") -> dict:
        return fire(client, app, ids.CONSOLE_NOTE, f"{ids.CONSOLE_RUN}.n_clicks",
                    {f"{ids.CONSOLE_RUN}.n_clicks": 1, f"{ids.CONSOLE_CYPHER}.value": cypher,
                     f"{ids.CONSOLE_PARAMS}.value": params})

    read = console("MATCH (a)-[r]->(b) WHERE a.id = $id RETURN a.name AS a, b.name AS b", '{"id": "russia"}')
    assert read[ids.CONSOLE_NOTE]["className"] == "note ok"
    table = json.dumps(read[ids.CONSOLE_TABLE]["children"], ensure_ascii=False)
    assert '"Russia"' in table and '"Nicolás Maduro"' in table
    write = console("MATCH (n) DETACH DELETE n")
    note = write[ids.CONSOLE_NOTE]
    assert note["className"] == "note error"
    assert note["children"].startswith("Refused") and "only reads" in note["children"]


def test_serve_loads_the_seeds_into_an_empty_graph_and_listens_on_loopback(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: calls.append((app, kw)))  # all but the serving loop
    target = str(tmp_path / "fresh.lbdb")
    result = CliRunner().invoke(main, ["serve", "--graph", target])
    assert result.exit_code == 0, result.output
    assert "loading the bundled seeds first" in result.output
    app, options = calls[0]
    assert options["listen"] == "127.0.0.1:8050" and options["threads"] >= 4, "a production server, threaded"
    assert app.test_client().get("/", headers={"Host": "localhost:8050"}).status_code == 200
    with open_store(target) as store:
        assert sum(store.counts()["nodes"].values()) > 0
    again = CliRunner().invoke(main, ["serve", "--graph", target])
    assert "loading" not in again.output, "a graph with data is served as it is"


def test_a_failing_callback_says_so_in_the_status_line(tmp_path):
    store = EmbeddedStore(tmp_path / "closed.lbdb")
    app = create_app(store)
    client = app.server.test_client()
    assert client.get("/_dash-layout").status_code == 200
    store.close()  # every store call now fails
    response = client.post("/_dash-update-component", json={
        "output": ids.SEARCH_HITS + ".children", "outputs": {"id": ids.SEARCH_HITS, "property": "children"},
        "inputs": [{"id": ids.SEARCH, "property": "value", "value": "russia"}], "state": [],
        "changedPropIds": [f"{ids.SEARCH}.value"]})
    assert "Something went wrong on the server" in json.dumps(response.get_json())
