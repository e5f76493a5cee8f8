"""A WSGI entry point for another production server, e.g. `waitress-serve dashboard.wsgi:server`.

It serves the graph named by GEOKG_GRAPH (as `geokg serve` does, without loading seeds), requires
GEOKG_AUTH when it is set, and answers to loopback names and those in GEOKG_ALLOWED_HOSTS; the address it
listens on is the WSGI server's business.
"""

from __future__ import annotations

import os

from dashboard.app import create_app
from dashboard.auth import AUTH_ENV, allowed_hosts, parse_credentials
from graph.open import default_target, open_with_retry

app = create_app(open_with_retry(default_target()), credentials=parse_credentials(os.environ.get(AUTH_ENV)),
                 hosts=allowed_hosts(""))
server = app.server
