"""`geokg serve`: the explorer dashboard over any store.

An empty embedded graph gets the bundled seeds first, so one command after install shows something.
It listens on 127.0.0.1 unless told otherwise, and on another address only behind GEOKG_AUTH.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click
import waitress

from geokg import remote
from graph.exc import GeoKGError, StoreUnavailable
from graph.open import default_target, is_neo4j, open_with_retry
from seeds import BUNDLED


@click.command()
@click.option("--graph", "target", default=default_target, show_default="$GEOKG_GRAPH or .geokg/graph.lbdb",
              help="An embedded graph's path, or a neo4j://, neo4j+s://, bolt:// or bolt+s:// URI.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs GEOKG_AUTH=user:password.")
@click.option("--port", default=8050, show_default=True, type=int)
@click.option("--debug/--no-debug", default=False, show_default=True, help="Dash's debug mode (dev tools, reloads).")
@click.option("--expand-limit", default=25, show_default=True, type=click.IntRange(1, 200),
              help="New neighbours fetched per expansion.")
@click.option("--start", "start", multiple=True, metavar="ENTITY_ID",
              help="Entity a bare URL opens on (repeatable); default: the best-connected entity.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Another host name to answer to (repeatable), e.g. a reverse proxy's; or GEOKG_ALLOWED_HOSTS.")
def serve(target: str, host: str, port: int, debug: bool, expand_limit: int, start: tuple[str, ...],
          allow_hosts: tuple[str, ...]) -> None:
    """Explore the graph in a browser: search, expand, filter, evidence, timeline, Cypher console."""
    from dashboard.app import Settings, create_app
    from dashboard.auth import AuthRequired, allowed_hosts, credentials_for, is_loopback

    try:
        credentials = credentials_for(host)
        if debug and not is_loopback(host):  # the debugger runs code sent to it: never beyond this machine
            raise AuthRequired(f"refusing --debug on {host}: debug mode is for 127.0.0.1 only")
    except AuthRequired as e:
        click.echo(f"Error: {e}", err=True)
        raise SystemExit(1) from None
    try:
        store = open_with_retry(target)  # a server still starting (docker compose) gets a few tries
    except StoreUnavailable as e:
        click.echo(f"Error: {e}", err=True)
        raise SystemExit(2) from None
    except GeoKGError as e:
        raise click.ClickException(str(e)) from None
    try:
        if not is_neo4j(target) and not any(store.counts()["nodes"].values()):
            from loaders.plan import load

            click.echo(f"The graph at {target} is empty: loading the bundled seeds first.")
            load([BUNDLED], store)
        app = create_app(store, Settings(expand_limit=expand_limit, start=start), credentials,
                         allowed_hosts(host, allow_hosts))
        if not is_neo4j(target):  # `geokg load` and `unload` on this graph come through here while it runs
            graph = Path(target)
            door = host if is_loopback(host) else "127.0.0.1"  # the door takes loopback requests only
            url = f"http://[{door}]:{port}" if ":" in door else f"http://{door}:{port}"
            remote.open_door(app.server, store, remote.announce(graph, url))
        click.echo(f"geokg explorer on http://{host}:{port}/ (Ctrl+C to stop)")
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # `docker stop`: close the graph on the way out
        if debug:  # the debugger needs Flask's own server; it is refused off loopback above
            app.run(host=host, port=port, debug=True, threaded=True, use_reloader=False,
                    dev_tools_disable_version_check=True)  # debug mode would otherwise ask plotly.com
        else:  # a production server; enough threads that a slow console query never holds up a search
            waitress.serve(app.server, listen=f"[{host}]:{port}" if ":" in host else f"{host}:{port}", threads=8,
                           ident="geokg", _quiet=True)
    except GeoKGError as e:
        raise click.ClickException(str(e)) from None
    finally:
        if not is_neo4j(target):
            remote.withdraw(Path(target))
        store.close()
