"""Loopback by default; any other address only with GEOKG_AUTH, as HTTP basic auth on every route; and only
under the host names the server serves (no DNS rebinding)."""

from __future__ import annotations

import base64
import http.client
import re
import socket
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from dashboard.app import create_app
from dashboard.auth import AuthRequired, allowed_hosts, credentials_for, host_name, is_loopback, parse_credentials
from geokg.cli import main
from graph.embedded import EmbeddedStore
from loaders.plan import load
from tests.conftest import DATA


def test_loopback_addresses():
    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "[::1]", "127.1.2.3"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "192.168.1.4", "example.org", "::"))


def test_credentials_are_needed_beyond_loopback_only():
    assert credentials_for("127.0.0.1", {}) is None
    with pytest.raises(AuthRequired, match="GEOKG_AUTH"):
        credentials_for("0.0.0.0", {})
    assert credentials_for("0.0.0.0", {"GEOKG_AUTH": "ana:s3cret:with:colons"}) == ("ana", "s3cret:with:colons")


def test_malformed_credentials_are_an_error_not_no_auth():
    for bad in ("ana", ":pw", "ana:"):
        with pytest.raises(AuthRequired):
            parse_credentials(bad)


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    """geokg's own app, with credentials, over a real store: the checks must hold on its every route."""
    store = EmbeddedStore(tmp_path_factory.mktemp("auth") / "graph.lbdb")
    load([DATA / "mini"], store)
    app = create_app(store, credentials=("ana", "s3cret"))
    yield app.server.test_client()
    store.close()


def routes(client) -> list[tuple[str, str]]:
    """The page, its layout and dependencies, a callback and one of Dash's own script bundles."""
    page = client.get("/", headers=basic("ana", "s3cret")).get_data(as_text=True)
    script = re.search(r'src="(/_dash-component-suites/[^"]+)"', page).group(1)
    return [("GET", "/"), ("GET", "/_dash-layout"), ("GET", "/_dash-dependencies"), ("GET", script),
            ("POST", "/_dash-update-component")]


def test_basic_auth_guards_every_route_of_geokgs_own_app(guarded):
    for method, path in routes(guarded):
        refused = guarded.open(path, method=method)
        assert refused.status_code == 401, path
        assert refused.headers["WWW-Authenticate"] == 'Basic realm="geokg"'
        assert guarded.open(path, method=method, headers=basic("ana", "wrong")).status_code == 401, path
    for method, path in routes(guarded)[:4]:
        assert guarded.open(path, method=method, headers=basic("ana", "s3cret")).status_code == 200, path


def test_a_request_naming_another_host_is_refused_before_anything_else(guarded):
    """DNS rebinding: a page whose name resolves to 127.0.0.1 reaches the port, but names itself as Host."""
    for path in ("/", "/_dash-layout"):
        forged = guarded.get(path, headers={"Host": "attacker.example:8050", **basic("ana", "s3cret")})
        assert forged.status_code == 400 and b"host name" in forged.data, path
    for name in ("localhost:8050", "127.0.0.1:8050", "[::1]:8050", "LOCALHOST"):
        assert guarded.get("/", headers={"Host": name, **basic("ana", "s3cret")}).status_code == 200, name


def test_the_names_it_answers_to():
    assert allowed_hosts("127.0.0.1", env={}) == {"localhost", "127.0.0.1", "::1"}
    assert "geokg.example.org" in allowed_hosts("0.0.0.0", ["geokg.example.org"], env={})
    assert "proxy.lan" in allowed_hosts("0.0.0.0", env={"GEOKG_ALLOWED_HOSTS": "proxy.lan, other.lan"})
    assert "0.0.0.0" not in allowed_hosts("0.0.0.0", env={}), "listening everywhere is no host name"
    assert (host_name("example.org:8050"), host_name("[::1]:8050"), host_name("::1")) == ("example.org", "::1", "::1")


def test_a_running_geokg_serve_refuses_a_forged_host(tmp_path):
    graph = tmp_path / "graph.lbdb"
    with EmbeddedStore(graph) as store:
        load([DATA / "mini"], store)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "geokg", "serve", "--graph", str(graph), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        status = None
        deadline = time.monotonic() + 120
        while status is None:
            try:
                status = fetch(port, "localhost")
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "geokg serve did not start"
                time.sleep(0.2)
        assert status == 200
        assert fetch(port, "attacker.example") == 400
    finally:
        server.terminate()
        server.wait(timeout=30)


def fetch(port: int, host: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/_dash-layout", headers={"Host": f"{host}:{port}"})
    return connection.getresponse().status


def test_serve_refuses_a_public_host_without_credentials(tmp_path, monkeypatch):
    monkeypatch.delenv("GEOKG_AUTH", raising=False)
    result = CliRunner().invoke(main, ["serve", "--graph", str(tmp_path / "g.lbdb"), "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "refusing to listen on 0.0.0.0" in result.output and "GEOKG_AUTH" in result.output
    assert not (tmp_path / "g.lbdb").exists(), "it refuses before touching the graph"


def test_serve_refuses_debug_mode_beyond_loopback_even_with_credentials(tmp_path, monkeypatch):
    monkeypatch.setenv("GEOKG_AUTH", "ana:s3cret")
    result = CliRunner().invoke(main, ["serve", "--graph", str(tmp_path / "g.lbdb"), "--host", "0.0.0.0", "--debug"])
    assert result.exit_code == 1 and "refusing --debug on 0.0.0.0" in result.output
