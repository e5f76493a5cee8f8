"""Who may connect: loopback only by default; any other address only behind HTTP basic auth; and only
under a host name the server serves.

Credentials come from GEOKG_AUTH=user:password. The checks run before every request, Dash's own
assets and callbacks included, and compare in constant time. The host check stops DNS rebinding: a web
page whose own name is made to resolve to 127.0.0.1 reaches the port, but sends its own name as Host.
"""

from __future__ import annotations

import hmac
import ipaddress
import os

from flask import Flask, Response, request

from graph.exc import GeoKGError

AUTH_ENV = "GEOKG_AUTH"
HOSTS_ENV = "GEOKG_ALLOWED_HOSTS"  # more names the server answers to, comma-separated (a reverse proxy's)
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
REALM = "geokg"
# Paths that carry their own credential: geokg/remote.py's per-graph token, taken from loopback only.
OWN_CREDENTIAL = "/_geokg/"


class AuthRequired(GeoKGError):
    """Listening beyond this machine without credentials."""


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_credentials(value: str | None) -> tuple[str, str] | None:
    """'user:password' -> (user, password); None when unset. A malformed value is an error, not 'no auth'."""
    if value is None or value == "":
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise AuthRequired(f"{AUTH_ENV} must look like user:password")
    return user, password


def credentials_for(host: str, env: dict[str, str] | None = None) -> tuple[str, str] | None:
    """The credentials to require when serving on `host`; refuses a non-loopback host without any."""
    credentials = parse_credentials((env if env is not None else os.environ).get(AUTH_ENV))
    if credentials is None and not is_loopback(host):
        raise AuthRequired(
            f"refusing to listen on {host}: that exposes the graph beyond this machine. "
            f"Set {AUTH_ENV}=user:password to require HTTP basic auth, or use --host 127.0.0.1.")
    return credentials


def allowed_hosts(bind_host: str, extra: list[str] | tuple[str, ...] = (),
                  env: dict[str, str] | None = None) -> set[str]:
    """The host names a request may name: loopback's, the address it listens on, and those asked for."""
    from_env = (env if env is not None else os.environ).get(HOSTS_ENV, "")
    names = {*LOOPBACK_NAMES, *extra, *(n.strip() for n in from_env.split(",") if n.strip())}
    if bind_host not in ("0.0.0.0", "::", ""):
        names.add(bind_host.strip("[]"))
    return {n.lower() for n in names}


def host_name(header: str) -> str:
    """'example.org:8050' -> 'example.org', '[::1]:8050' -> '::1'."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def require_known_host(server: Flask, names: set[str]) -> None:
    @server.before_request
    def _check() -> Response | None:
        if host_name(request.headers.get("Host", "")) in names:
            return None
        return Response("This server does not answer to that host name.\n", 400)


def require_basic_auth(server: Flask, user: str, password: str) -> None:
    expected_user, expected_password = user.encode(), password.encode()

    @server.before_request
    def _check() -> Response | None:
        if request.path.startswith(OWN_CREDENTIAL):
            return None
        given = request.authorization
        if given is not None and given.type == "basic":
            ok_user = hmac.compare_digest((given.username or "").encode(), expected_user)
            ok_password = hmac.compare_digest((given.password or "").encode(), expected_password)
            if ok_user and ok_password:
                return None
        return Response("Authentication required.\n", 401, {"WWW-Authenticate": f'Basic realm="{REALM}"'})
