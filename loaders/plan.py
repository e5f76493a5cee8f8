"""Turning files into a WriteBatch: validate everything, resolve references, diff against the graph.

Nothing is written here. Every problem in the input is collected and raised together as InvalidData;
only a clean input yields a batch, which a store then applies atomically.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from graph.evidence import assertions, edge_ids_by_claim, edges_from_assertions
from graph.exc import InvalidData, Problem
from graph.model import MODEL
from graph.store import GraphStore, Snapshot, WriteBatch
from graph.text import search_key
from loaders.fields import COLUMNS, PARSERS, required_columns
from loaders.read import RECORDS, find_files, read_table
from loaders.resolve import Resolver

CLAIM_CONTENT = ["source_id", "subject_id", "relation", "object_id", "items", "status", "confidence", "date",
                 "date_precision", "date_inferred", "attribution", "quote", "summary", "contradicts"]
SOURCE_CONTENT = ["publisher", "url", "language", "title", "published", "published_precision",
                  "published_inferred", "text"]


@dataclass
class Input:
    sources: pd.DataFrame
    entities: pd.DataFrame
    claims: pd.DataFrame
    problems: list[Problem]  # row-level ones; planning goes on, so one run reports everything


def read_input(paths: list[Path]) -> Input:
    """Read every file; a file that cannot be read at all stops here, before its absence causes noise."""
    files, unreadable = find_files(paths)
    parts: dict[str, list[pd.DataFrame]] = {r: [] for r in RECORDS}
    problems: list[Problem] = []
    for record, path in files:
        table, found = read_table(record, path, required_columns(record))
        unreadable += found
        if table is not None:
            frame, found = PARSERS[record](table)
            problems += found
            parts[record].append(frame)
    if unreadable:
        raise InvalidData(unreadable + problems)
    frames = {r: pd.concat(parts[r], ignore_index=True) if parts[r] else _no_rows(r) for r in RECORDS}
    return Input(**frames, problems=problems)


def _no_rows(record: str) -> pd.DataFrame:
    return PARSERS[record](_empty_table(record))[0]


def _empty_table(record: str):
    from loaders.read import Table
    frame = pd.DataFrame({c: pd.Series(dtype=str) for c in COLUMNS[record]}).assign(at_row=pd.Series(dtype=int))
    return Table(record, Path("(none)"), frame)


def digest(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """A content hash per row, stable across versions: tells a repeated record from a conflicting one."""
    text = frame[columns].astype(str).agg("\x1f".join, axis=1) if len(frame) else pd.Series(dtype=str)
    return text.map(lambda t: hashlib.blake2b(t.encode(), digest_size=12).hexdigest())


def _first_of_each(frame: pd.DataFrame, content: list[str], what: str, problems: list[Problem]) -> pd.DataFrame:
    """Rows repeated across files must agree; keep the first of each id."""
    dup = frame.duplicated("id", keep=False)
    if dup.any():
        clash = frame[dup & ~frame.duplicated(["id", *content], keep=False)]
        first = frame[dup].drop_duplicates("id").set_index("id")
        for row in clash.itertuples(index=False):
            other = first.loc[row.id]
            if (other.at_file, other.at_row) != (row.at_file, row.at_row):
                problems.append(Problem(row.at_file, int(row.at_row), "id",
                                        f"{what} {row.id!r} differs from the one at {other.at_file}, row {other.at_row}"))
    return frame.drop_duplicates("id")


def _plan_sources(inp: Input, snap: Snapshot, batch: WriteBatch, problems: list[Problem]) -> pd.DataFrame:
    sources = _first_of_each(inp.sources.astype({"published": object}), SOURCE_CONTENT, "source", problems)
    sources = sources.assign(digest=digest(sources, SOURCE_CONTENT))
    known = sources.merge(snap.sources[["id", "digest"]], on="id", how="inner", suffixes=("", "_graph"))
    for row in known[known["digest"] != known["digest_graph"]].itertuples(index=False):
        problems.append(Problem(row.at_file, int(row.at_row), "id",
                                f"source {row.id!r} is already in the graph with different content"))
    new = sources[~sources["id"].isin(snap.sources["id"])]
    batch.new_sources = new[list(MODEL.properties["source"])]
    batch.report.add("sources", "created", len(new))
    batch.report.add("sources", "skipped", len(known))
    columns = ["id", "text", "published", "published_precision"]  # what claims need of their source
    return pd.concat([snap.sources[columns], sources[columns]]).drop_duplicates("id", keep="last")


def _plan_entities(inp: Input, snap: Snapshot, batch: WriteBatch, problems: list[Problem]) -> Resolver:
    all_aliases = inp.entities.groupby("id")["aliases"].agg(lambda s: list(dict.fromkeys(a for l in s for a in l)))
    entities = _first_of_each(inp.entities, ["kind", "name", "description"], "entity", problems)
    entities = entities.assign(aliases=entities["id"].map(all_aliases))
    graph = snap.entities.set_index("id")
    known = entities[entities["id"].isin(graph.index)]
    updated = []
    for row in known.itertuples(index=False):
        old = graph.loc[row.id]
        for field in ("kind", "name"):
            if getattr(row, field) != old[field]:
                problems.append(Problem(row.at_file, int(row.at_row), field,
                                        f"entity {row.id!r} is a {old['kind']} named {old['name']!r} in the graph; "
                                        f"this row says {getattr(row, field)!r}"))
        if row.description and old["description"] and row.description != old["description"]:
            problems.append(Problem(row.at_file, int(row.at_row), "description",
                                    f"entity {row.id!r} has a different description in the graph"))
        aliases = list(dict.fromkeys([*old["aliases"], *row.aliases]))
        if len(aliases) > len(old["aliases"]):
            updated.append({**old.to_dict(), "id": row.id, "aliases": aliases,
                            "search_key": search_key(old["name"], aliases)})
    new = entities[~entities["id"].isin(graph.index)]
    new = new.assign(search_key=[search_key(n, a) for n, a in zip(new["name"], new["aliases"])])
    batch.new_entities = new[list(batch.new_entities.columns)]
    if updated:
        batch.updated_entities = pd.DataFrame(updated)[list(batch.updated_entities.columns)]
    batch.report.add("entities", "created", len(new))
    batch.report.add("entities", "merged", len(updated))
    batch.report.add("entities", "skipped", len(known) - len(updated))
    everything = pd.concat([graph.reset_index().assign(at_file=None, at_row=None),
                            new[["id", "kind", "name", "aliases", "at_file", "at_row"]]], ignore_index=True)
    if updated:  # new aliases take part in resolution and in the uniqueness check
        grown = {u["id"]: u["aliases"] for u in updated}
        everything["aliases"] = [grown.get(i, a) for i, a in zip(everything["id"], everything["aliases"])]
    resolver = Resolver(everything)
    problems += resolver.problems
    return resolver


def _plan_claims(inp: Input, snap: Snapshot, sources: pd.DataFrame, resolver: Resolver,
                 problems: list[Problem]) -> pd.DataFrame:
    claims = inp.claims
    for field in ("subject", "object"):
        ids = resolver.resolve(claims[field])
        unknown = (claims[field] != "") & ids.isna()
        for row in claims[unknown].itertuples(index=False):
            problems.append(Problem(row.at_file, int(row.at_row), field,
                                    f"no entity has the id, name or alias {getattr(row, field)!r}"))
        claims = claims.assign(**{f"{field}_id": ids.fillna(""),
                                  f"{field}_kind": ids.map(resolver.kind_of).fillna("")})
    flat = claims["items"].explode().dropna()
    item_ids = resolver.resolve(flat)
    for idx, ref in flat[item_ids.isna()].items():
        row = claims.loc[idx]
        problems.append(Problem(row.at_file, int(row.at_row), "items", f"no entity has the id, name or alias {ref!r}"))
    grouped = item_ids.dropna().groupby(level=0).agg(list)
    claims = claims.assign(items=[grouped.get(i, []) for i in claims.index])
    claims = claims.assign(item_kinds=claims["items"].map(lambda ids: [resolver.kind_of[i] for i in ids]))
    _check_kinds(claims, problems)

    source = sources.set_index("id")
    missing = ~claims["source_id"].isin(source.index) & (claims["source_id"] != "")
    for row in claims[missing].itertuples(index=False):
        problems.append(Problem(row.at_file, int(row.at_row), "source_id",
                                f"source {row.source_id!r} is neither in this load nor in the graph"))
    text = claims["source_id"].map(source["text"]).fillna("")
    unquoted = [bool(t) and q not in t for q, t in zip(claims["quote"], text)]
    for row in claims[unquoted].itertuples(index=False):
        problems.append(Problem(row.at_file, int(row.at_row), "quote",
                                f"not found verbatim in the text of source {row.source_id!r}"))
    undated = claims["date"].isna()  # the report's own date stands in, marked inferred
    published = claims["source_id"].map(source["published"])
    claims = claims.assign(
        date=pd.Series([p if u else d for d, p, u in zip(claims["date"], published, undated)], index=claims.index,
                       dtype=object),
        date_precision=claims["date_precision"].where(~undated, claims["source_id"].map(source["published_precision"])),
        date_inferred=claims["date_inferred"] | undated,
    )

    known_claims = set(snap.claims["id"]) | set(claims["id"])
    for row in claims.itertuples(index=False):
        for other in row.contradicts:
            if other not in known_claims:
                problems.append(Problem(row.at_file, int(row.at_row), "contradicts", f"no claim has the id {other!r}"))
    return claims


def _check_kinds(claims: pd.DataFrame, problems: list[Problem]) -> None:
    """The model says which kinds each relation may join, and which kinds its items may be."""
    checkable = claims["relation"].isin(list(MODEL.relations)) & claims["object_kind"].astype(bool)
    for row in claims[checkable & claims["subject_kind"].astype(bool)].itertuples(index=False):
        rel = MODEL.relations[row.relation]
        if not rel.allows(row.subject_kind, row.object_kind):
            problems.append(Problem(row.at_file, int(row.at_row), "relation",
                                    f"{row.relation} cannot join {_a(row.subject_kind)} to {_a(row.object_kind)}; "
                                    f"it joins {'/'.join(rel.from_kinds)} to {'/'.join(rel.to_kinds)}"))
        for item, kind in zip(row.items, row.item_kinds):
            if kind not in rel.item_kinds:
                problems.append(Problem(row.at_file, int(row.at_row), "items",
                                        f"{item!r} is {_a(kind)}; {row.relation} items must be "
                                        f"{'/'.join(rel.item_kinds)}"))


def _a(kind: str) -> str:
    return f"{'an' if kind[0] in 'AEIOU' else 'a'} {kind}"


def _plan_edges(new_claims: pd.DataFrame, store: GraphStore, resolver: Resolver, batch: WriteBatch) -> pd.Series:
    """Edges the new claims create or strengthen, recomputed with the evidence already stored."""
    fresh = assertions(new_claims)
    if fresh.empty:
        return pd.Series([[] for _ in range(len(new_claims))], index=new_claims["id"])
    stored = store.claims_by_subject(sorted(set(fresh["from_id"])))
    stored = stored[~stored["id"].isin(new_claims["id"])]
    existing_edges = {e for ids in stored["edge_ids"] for e in ids}
    if len(stored):
        kind = resolver.kind_of
        stored = stored.assign(subject_kind=stored["subject_id"].map(kind), object_kind=stored["object_id"].map(kind),
                               item_kinds=stored["items"].map(lambda ids: [kind[i] for i in ids]))
        fresh_edge_ids = set(fresh["from_id"] + ">" + fresh["type"] + ">" + fresh["to_id"])
        old = assertions(stored)
        old = old[(old["from_id"] + ">" + old["type"] + ">" + old["to_id"]).isin(fresh_edge_ids)]
        fresh = pd.concat([fresh, old], ignore_index=True)
    edges = edges_from_assertions(fresh)
    is_old = edges["id"].isin(existing_edges)
    batch.new_edges, batch.updated_edges = edges[~is_old], edges[is_old]
    batch.report.add("relations", "created", int((~is_old).sum()))
    batch.report.add("relations", "merged", int(is_old.sum()))
    return edge_ids_by_claim(assertions(new_claims))


def plan(inp: Input, store: GraphStore) -> WriteBatch:
    """The batch that brings the graph up to date with the input; raises InvalidData listing every problem."""
    problems = list(inp.problems)
    snap = store.snapshot()
    batch = WriteBatch()
    sources = _plan_sources(inp, snap, batch, problems)
    resolver = _plan_entities(inp, snap, batch, problems)
    claims = _plan_claims(inp, snap, sources, resolver, problems)
    if problems:
        raise InvalidData(problems)
    claims = _first_of_each(claims.assign(digest=digest(claims, CLAIM_CONTENT)), ["digest"], "claim", problems)
    stored = claims.merge(snap.claims, on="id", how="inner", suffixes=("", "_graph"))
    for row in stored[stored["digest"] != stored["digest_graph"]].itertuples(index=False):
        problems.append(Problem(row.at_file, int(row.at_row), "id",
                                f"claim {row.id!r} is already in the graph with different content"))
    if problems:
        raise InvalidData(problems)
    new = claims[~claims["id"].isin(snap.claims["id"])]
    edge_ids = _plan_edges(new, store, resolver, batch)
    new = new.assign(edge_ids=new["id"].map(edge_ids).map(lambda v: v if isinstance(v, list) else []))
    batch.new_claims = new[list(MODEL.properties["claim"])]
    batch.report.add("claims", "created", len(new))
    batch.report.add("claims", "skipped", len(stored))
    return batch


def load(paths: list[Path], store: GraphStore) -> WriteBatch:
    """Validate the files whole, then write what is new in one atomic batch; returns what was written."""
    batch = plan(read_input(paths), store)
    if not batch.is_empty():
        store.write(batch)
    return batch
