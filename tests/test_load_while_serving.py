"""`geokg load` and `geokg unload` while `geokg serve` holds the embedded graph: they go through the server,
which alone may write it, over loopback with the token it left beside the graph; the open page shows the
new data without a restart. A request without the token is refused."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import urllib.error
import urllib.request

import pytest

from geokg.remote import PREFIX, TOKEN_HEADER, serve_file
from tests.browser_support import BROWSER, browser, hit, open_page, search  # noqa: F401 (browser: a fixture)
from tests.conftest import GEOKG

NEW_SOURCE = "wire-2025-11-02"
SOURCES = ("id,publisher,url,language,title,published,published_precision,published_inferred,text\n"
           f"{NEW_SOURCE},Test Wire,https://example.org/wire,en,Radar deal,2025-11-02,day,false,"
           '"Rosoboronexport offered Venezuela the Zaslon radar."\n')
ENTITIES = ("id,kind,name,aliases,description\n"
            "rosoboronexport,Organization,Rosoboronexport,Рособоронэкспорт,Russian arms exporter\n")
CLAIMS = ("id,source_id,subject,relation,object,items,status,confidence,attribution,quote,summary\n"
          f"roe-offers-radar,{NEW_SOURCE},rosoboronexport,SUPPORTS,venezuela,,asserted,0.7,Test Wire,"
          "Rosoboronexport offered Venezuela the Zaslon radar.,Rosoboronexport offered Venezuela a radar.\n")


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "wire"
    folder.mkdir()
    for name, text in (("sources.csv", SOURCES), ("entities.csv", ENTITIES), ("claims.csv", CLAIMS)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def geokg(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*GEOKG, *args], capture_output=True, text=True, timeout=300, input=stdin)


def states_and_sources(graph) -> dict:
    stats = geokg("stats", "--format", "json", "--graph", str(graph))
    assert stats.returncode == 0, stats.stderr
    return json.loads(stats.stdout)["nodes"]


def test_the_server_leaves_a_token_only_its_user_can_read(served):
    mode = stat.S_IMODE(os.stat(serve_file(served.graph)).st_mode)
    assert mode == 0o600
    said = json.loads(serve_file(served.graph).read_text(encoding="utf-8"))
    assert said["pid"] == served.process.pid and said["url"].startswith("http://127.0.0.1:")


@pytest.mark.parametrize("token", [None, "wrong"])
def test_a_load_request_without_the_token_is_refused(served, corpus, token):
    before = states_and_sources(served.graph)
    headers = {"Content-Type": "application/json", **({TOKEN_HEADER: token} if token else {})}
    request = urllib.request.Request(served.url.rstrip("/") + PREFIX + "load", headers=headers,
                                     data=json.dumps({"paths": [str(corpus)]}).encode())
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403
    assert states_and_sources(served.graph) == before


def test_load_and_unload_go_through_the_running_server(served, corpus):
    loaded = geokg("load", str(corpus), "--graph", str(served.graph))
    assert loaded.returncode == 0, loaded.stderr
    assert "loading through it" in loaded.stderr and "1 created" in loaded.stdout
    assert NEW_SOURCE in geokg("export", "--graph", str(served.graph)).stdout
    again = geokg("load", str(corpus), "--graph", str(served.graph))
    assert "Already loaded" in again.stdout
    asked = geokg("unload", NEW_SOURCE, "--graph", str(served.graph), stdin="n\n")
    assert "claim roe-offers-radar" in asked.stdout and "entity rosoboronexport" in asked.stdout
    assert "Nothing was removed." in asked.stdout
    removed = geokg("unload", NEW_SOURCE, "--yes", "--graph", str(served.graph))
    assert removed.returncode == 0 and f"Removed '{NEW_SOURCE}'" in removed.stdout, removed.stderr
    exported = geokg("export", "--graph", str(served.graph)).stdout
    assert "rosoboronexport" not in exported and NEW_SOURCE not in exported
    assert served.process.poll() is None


def test_bad_input_through_the_server_is_reported_as_a_direct_load_would_be(served, corpus):
    (corpus / "claims.csv").write_text(CLAIMS.replace(",venezuela,", ",venezuala,"), encoding="utf-8")
    refused = geokg("load", str(corpus), "--graph", str(served.graph))
    assert refused.returncode == 1
    assert f"{corpus / 'claims.csv'}, row 2, field 'object': no entity" in refused.stderr
    assert "did you mean 'Venezuela'" in refused.stderr
    assert "nothing was loaded, the graph is unchanged" in refused.stderr


class TestTheOpenPage:
    pytestmark = BROWSER

    def test_shows_what_was_loaded_without_a_restart(self, browser, served, corpus):  # noqa: F811
        open_page(browser, served.url)
        loaded = geokg("load", str(corpus), "--graph", str(served.graph))
        assert loaded.returncode == 0, loaded.stderr
        search(browser, "Рособоронэкспорт")
        assert "Rosoboronexport" in hit(browser, "Rosoboronexport").text
