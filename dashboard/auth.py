"""Who may connect: loopback only by default; any other address only behind HTTP basic auth.

Credentials come from GEOKG_AUTH=user:password. The check runs before every request, Dash's own
assets and callbacks included, and compares in constant time.
"""

from __future__ import annotations

import hmac
import ipaddress
import os

from flask import Flask, Response, request

from graph.exc import GeoKGError

AUTH_ENV = "GEOKG_AUTH"
REALM = "geokg"


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


def require_basic_auth(server: Flask, user: str, password: str) -> None:
    expected_user, expected_password = user.encode(), password.encode()

    @server.before_request
    def _check() -> Response | None:
        given = request.authorization
        if given is not None and given.type == "basic":
            ok_user = hmac.compare_digest((given.username or "").encode(), expected_user)
            ok_password = hmac.compare_digest((given.password or "").encode(), expected_password)
            if ok_user and ok_password:
                return None
        return Response("Authentication required.\n", 401, {"WWW-Authenticate": f'Basic realm="{REALM}"'})
