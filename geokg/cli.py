"""The geokg command line: the composition root that joins loaders, stores and the dashboard.

Domain errors become one clear message and an exit status here, never a traceback:
1 for bad input or a refused query, 2 for a graph database that cannot be reached.
"""

from __future__ import annotations

import csv
import functools
import json
import math
import sys
from pathlib import Path
from typing import Any

import click

from geokg import remote
from geokg.progress import LoadProgress
from graph.exc import GeoKGError, GraphHeld, InvalidData, QueryError, StoreUnavailable
from graph.open import default_target, open_store
from graph.records import LoadReport
from graph.store import DEFAULT_MAX_ROWS, DEFAULT_QUERY_TIMEOUT_S, GraphStore
from loaders.plan import LOAD_STEPS
from loaders.plan import load as load_paths
from seeds import BUNDLED


class StoreUnreachable(click.ClickException):
    exit_code = 2


def with_store(command=None, *, writes: bool = False, held=None):
    """Adds --graph, opens the store, and turns geokg errors into clean exits. A command that only reads never
    creates a graph, and reads an embedded one even while another process (a running `geokg serve`) holds it;
    a command that writes goes through that server when it offers `held(graph path, **options)`."""
    if command is None:
        return functools.partial(with_store, writes=writes, held=held)

    @click.option("--graph", "target", default=default_target, show_default="$GEOKG_GRAPH or .geokg/graph.lbdb",
                  help="An embedded graph's path, or a neo4j://, neo4j+s://, bolt:// or bolt+s:// URI.")
    @functools.wraps(command)
    def wrapper(target: str, **kwargs: Any):
        try:
            try:
                with open_store(target, create=writes, read_only=not writes) as store:
                    return command(store, **kwargs)
            except GraphHeld as e:
                if held is None or remote.serving(Path(e.path)) is None:
                    raise
                return held(Path(e.path), **kwargs)
        except StoreUnavailable as e:
            raise StoreUnreachable(str(e)) from None
        except InvalidData as e:
            for problem in e.problems:
                click.echo(str(problem), err=True)
            raise click.ClickException(
                f"{len(e.problems)} problem(s); nothing was loaded, the graph is unchanged") from None
        except GeoKGError as e:
            raise click.ClickException(str(e)) from None

    return wrapper


class OneLineErrors(click.Group):
    """Every failure is one line on stderr, a mistyped option as much as a graph that cannot be reached."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.UsageError as e:
            click.echo(f"Error: {e.format_message()} (see --help)", err=True)
            sys.exit(e.exit_code)
        except click.ClickException as e:
            e.show()
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(1)


@click.group(cls=OneLineErrors)
@click.version_option(package_name="geokg")
def main() -> None:
    """Explore geopolitical knowledge graphs built from news claims."""


def _load_through_server(graph: Path, paths: tuple[Path, ...], force: bool) -> None:
    click.echo(f"The explorer holds {graph}: loading through it.", err=True)
    answer = remote.call(graph, "load", {"paths": [str(p.resolve()) for p in (paths or (BUNDLED,))], "force": force})
    _echo_report(remote.report_of(answer))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Re-validate an input even if the same files were loaded before.")
@with_store(writes=True, held=_load_through_server)
def load(store: GraphStore, paths: tuple[Path, ...], force: bool) -> None:
    """Load claims from seed folders, CSV files or datasets (default: the bundled seeds); a running `geokg serve`
    on the same graph does the load and shows it."""
    with LoadProgress(sys.stderr, LOAD_STEPS) as progress:
        batch = load_paths(list(paths) or [BUNDLED], store, force=force, progress=progress)
    _echo_report(batch.report)


def _echo_report(report: LoadReport) -> None:
    counts = report.counts
    if "inputs" in counts:
        click.echo("Already loaded: these files, byte for byte, are in the graph (--force checks them again).")
        return
    if not counts:
        click.echo("Nothing to load.")
    _echo_counts(counts)
    for note in report.notes:
        click.echo(f"Note: {note}")


UNLOAD_LISTED = 15  # claims and entities `unload` names before asking; the rest are counted


def _show_unload(source_id: str, said: dict[str, Any]) -> None:
    click.echo(f"Unloading {source_id!r} removes:")
    _echo_counts(said["counts"])
    for what in ("claims", "entities", "relations"):
        for i in said[what][:UNLOAD_LISTED]:
            click.echo(f"  {what[:-1] if what != 'entities' else 'entity'} {i}")
        if len(said[what]) > UNLOAD_LISTED:
            click.echo(f"  ... and {len(said[what]) - UNLOAD_LISTED:,} more {what}")
    if said["summarised_again"]:
        click.echo(f"and summarises {said['summarised_again']} relations again from the claims that remain.")


def _ask_then_remove(source_id: str, said: dict[str, Any], yes: bool, remove) -> None:
    _show_unload(source_id, said)
    if not yes and not click.confirm("Remove them?", default=False):
        click.echo("Nothing was removed.")
        return
    remove()
    click.echo(f"Removed {source_id!r}.")


def _unload_through_server(graph: Path, source_id: str, yes: bool) -> None:
    click.echo(f"The explorer holds {graph}: unloading through it.", err=True)
    said = remote.call(graph, "unload", {"source_id": source_id, "confirm": False})
    _ask_then_remove(source_id, said, yes, lambda: remote.call(graph, "unload", {"source_id": source_id,
                                                                                "confirm": True}))


@main.command()
@click.argument("source_id")
@click.option("--yes", is_flag=True, help="Do not ask before removing.")
@with_store(writes=True, held=_unload_through_server)
def unload(store: GraphStore, source_id: str, yes: bool) -> None:
    """Remove a source with its claims, the relations only they support and the entities nothing else names."""
    from loaders.unload import describe, plan_unload

    batch = plan_unload(source_id, store)
    _ask_then_remove(source_id, describe(batch), yes, lambda: store.write(batch))


def _echo_counts(counts: dict[str, dict[str, int]]) -> None:
    for record, outcome in counts.items():
        click.echo(f"{record:10} " + ", ".join(f"{n} {what}" for what, n in outcome.items()))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@with_store
def stats(store: GraphStore, fmt: str) -> None:
    """Count nodes by label and relationships by type."""
    counts = store.counts()
    if fmt == "json":
        click.echo(json.dumps(counts, indent=2, ensure_ascii=False))
        return
    for section, numbers in counts.items():
        click.echo(f"{section} ({sum(numbers.values())})")
        for name, n in numbers.items():
            click.echo(f"  {name:20} {n:>10,}")


def parse_param(_ctx, _param, values: tuple[str, ...]) -> dict[str, Any]:
    params = {}
    for item in values:
        name, sep, raw = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE")
        try:
            params[name] = json.loads(raw)  # numbers, lists, true/false as JSON; anything else is a string
        except json.JSONDecodeError:
            params[name] = raw
    return params


def seconds(_ctx, _param, value: float) -> float:
    """A time limit: a finite number of seconds above zero (nan, inf and negatives would disable or break it)."""
    if not math.isfinite(value) or value <= 0:
        raise click.BadParameter(f"{value} is not a number of seconds above 0")
    return value


@main.command()
@click.argument("cypher")
@click.option("--param", "params", multiple=True, callback=parse_param, metavar="NAME=VALUE",
              help="A query parameter; VALUE is read as JSON when it parses, else as a string.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@click.option("--timeout", type=float, default=DEFAULT_QUERY_TIMEOUT_S, show_default=True, callback=seconds,
              help="Seconds, more than 0.")
@click.option("--max-rows", type=click.IntRange(min=1), default=DEFAULT_MAX_ROWS, show_default=True)
@with_store
def query(store: GraphStore, cypher: str, params: dict, fmt: str, timeout: float, max_rows: int) -> None:
    """Run a read-only Cypher query (writes are refused)."""
    try:
        result = store.query(cypher, params, timeout_s=timeout, max_rows=max_rows)
    except QueryError as e:
        raise click.ClickException(f"query failed: {e}") from None
    if fmt == "json":
        click.echo(json.dumps([dict(zip(result.columns, r)) for r in result.rows], indent=2, ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(result.columns)
        writer.writerows([_cell(v) for v in row] for row in result.rows)
    else:
        _table(result.columns, [[_cell(v) for v in row] for row in result.rows])
    if result.truncated:
        click.echo(f"(rows cut at {max_rows}; raise --max-rows to see more)", err=True)


def _cell(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _table(columns: list[str], rows: list[list[str]]) -> None:
    widths = [min(60, max([len(c), *(len(r[i]) for r in rows)])) for i, c in enumerate(columns)]
    line = lambda cells: "  ".join(c[:w].ljust(w) for c, w in zip(cells, widths))  # noqa: E731
    click.echo(line(columns))
    click.echo(line(["-" * w for w in widths]))
    for row in rows:
        click.echo(line(row))
    click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


@main.command()
@click.option("--claims", "n_claims", type=click.IntRange(min=100), default=10_000, show_default=True)
@click.option("--graph", "target", default=None, help="Neo4j URI or embedded path; must be empty. Default: a fresh "
                                                       "embedded graph in a temporary folder.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--seed", type=int, default=7, show_default=True, help="The corpus is the same for the same seed.")
@click.option("--workdir", type=click.Path(path_type=Path), default=None,
              help="Where generated corpora are kept and reused (default: the temp folder).")
def bench(n_claims: int, target: str | None, fmt: str, seed: int, workdir: Path | None) -> None:
    """Generate a synthetic corpus of N claims, load it, and measure load, expand and search."""
    from geokg.bench import run_bench  # pulls in numpy and the dashboard's element code: only when asked

    try:
        result = run_bench(n_claims, target, seed, workdir)
    except StoreUnavailable as e:
        raise StoreUnreachable(str(e)) from None
    except GeoKGError as e:
        raise click.ClickException(str(e)) from None
    if fmt == "json":
        click.echo(json.dumps(result))
    else:
        for key, value in result.items():
            click.echo(f"{key:26} {value}")


@main.command("bench-browser")
@click.option("--graph", "graphs", multiple=True, type=click.Choice(["seeds", "10k", "100k", "1m"]),
              default=("seeds", "100k"), show_default=True,
              help="Graphs to explore (repeatable); 1m takes a few minutes to load the first time.")
@click.option("--elements", "target", type=click.IntRange(min=10), default=2_000, show_default=True,
              help="Press More and expand until about this many elements are on screen.")
@click.option("--max-steps", type=click.IntRange(min=1), default=120, show_default=True,
              help="At most this many More presses and expansions per graph.")
@click.option("--seed", type=int, default=7, show_default=True, help="The synthetic corpus's seed.")
@click.option("--workdir", type=click.Path(path_type=Path), default=None,
              help="Where corpora and their loaded graphs are kept and reused (default: the temp folder's "
                   "geokg-bench).")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None, help="Also write the tables here.")
@click.option("--json", "json_path", type=click.Path(path_type=Path), default=None,
              help="Write every measure, each callback included, as JSON here.")
def bench_browser(graphs: tuple[str, ...], target: int, max_steps: int, seed: int, workdir: Path | None,
                  output: Path | None, json_path: Path | None) -> None:
    """Time the explorer in headless Chromium: open, expand, More, drag, filter; print a table per graph."""
    from geokg.bench_browser import run_browser_bench, to_markdown  # selenium is a test extra: only when asked

    try:
        result = run_browser_bench(list(dict.fromkeys(graphs)), target, workdir, seed, max_steps)
    except GeoKGError as e:
        raise click.ClickException(str(e)) from None
    tables = to_markdown(result)
    click.echo(tables, nl=False)
    if output:
        output.write_text(tables, encoding="utf-8")
    if json_path:
        json_path.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json")
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-")
@with_store
def export(store: GraphStore, fmt: str, output) -> None:
    """Export entities, relations, claims and sources."""
    json.dump(store.export(), output, indent=2, ensure_ascii=False)
    output.write("\n")


from geokg.serve import serve  # noqa: E402

main.add_command(serve)
