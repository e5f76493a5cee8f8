"""Loopback by default; any other address only with GEOKG_AUTH, enforced as HTTP basic auth on every route."""

from __future__ import annotations

import base64

import pytest
from click.testing import CliRunner
from flask import Flask

from dashboard.auth import AuthRequired, credentials_for, is_loopback, parse_credentials, require_basic_auth
from geokg.cli import main


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


def test_basic_auth_guards_every_request():
    server = Flask("t")
    server.add_url_rule("/", "index", lambda: "graph")
    require_basic_auth(server, "ana", "s3cret")
    client = server.test_client()
    refused = client.get("/")
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"] == 'Basic realm="geokg"'
    assert client.get("/", headers=basic("ana", "wrong")).status_code == 401
    assert client.get("/", headers=basic("ana", "s3cret")).data == b"graph"


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
