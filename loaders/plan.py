"""Turning files into a WriteBatch: validate everything, resolve references, diff against the graph.

Nothing is written here. Every problem in the input is collected and raised together as InvalidData;
only a clean input yields a batch, which a store then applies atomically.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from graph.evidence import assertions, edge_ids, edge_ids_by_claim, edges_from_assertions, group_lists
from graph.exc import InvalidData, Problem
from graph.model import MODEL
from graph.store import GraphStore, Snapshot, WriteBatch
from graph.text import search_key
from loaders.fields import COLUMNS, PARSERS
from loaders.read import RECORDS, Table, find_files, fingerprint, read_table
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
        table, found = read_table(record, path, COLUMNS[record])
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
    """A parsed frame with no rows, so an input without (say) sources plans like any other."""
    frame = pd.DataFrame({c: pd.Series(dtype=str) for c in COLUMNS[record]}).assign(at_row=pd.Series(dtype=int))
    return PARSERS[record](Table(record, Path("(none)"), frame))[0]


def digest(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """A content hash per row, stable across versions: tells a repeated record from a conflicting one."""
    text = pd.Series("", index=frame.index, dtype=object)
    for i, column in enumerate(columns):
        text = text + ("\x1f" if i else "") + frame[column].astype(str).fillna("")  # None (a bad date) is NaN here
    return pd.Series([hashlib.blake2b(t.encode(), digest_size=12).hexdigest() for t in text], index=frame.index,
                     dtype=object)


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
    exploded = inp.entities["aliases"].explode().fillna("")
    aliases = group_lists(inp.entities["id"].loc[exploded.index], exploded, unique=False)
    all_aliases = {i: [a for a in dict.fromkeys(names) if a] for i, names in aliases.items()}
    entities = _first_of_each(inp.entities, ["kind", "name", "description"], "entity", problems)
    entities = entities.assign(aliases=[all_aliases.get(i, []) for i in entities["id"]])
    known = entities.merge(snap.entities, on="id", suffixes=("", "_graph"))
    for field in ("kind", "name"):
        for row in known[known[field] != known[f"{field}_graph"]].itertuples(index=False):
            problems.append(Problem(row.at_file, int(row.at_row), field,
                                    f"entity {row.id!r} is {_a(row.kind_graph)} named {row.name_graph!r} in the graph; "
                                    f"this row says {getattr(row, field)!r}"))
    clash = (known["description"] != "") & (known["description_graph"] != "") & (
        known["description"] != known["description_graph"])
    for row in known[clash].itertuples(index=False):
        problems.append(Problem(row.at_file, int(row.at_row), "description",
                                f"entity {row.id!r} has a different description in the graph"))
    grown = [list(dict.fromkeys([*old, *new])) for old, new in zip(known["aliases_graph"], known["aliases"])]
    more = pd.Series([len(g) > len(old) for g, old in zip(grown, known["aliases_graph"])], index=known.index, dtype=bool)
    updated = known[more].assign(aliases=[g for g, m in zip(grown, more) if m])
    updated = updated.assign(kind=updated["kind_graph"], name=updated["name_graph"],
                             description=updated["description_graph"],
                             search_key=[search_key(n, a) for n, a in zip(updated["name_graph"], updated["aliases"])])
    new = entities[~entities["id"].isin(snap.entities["id"])]
    new = new.assign(search_key=[search_key(n, a) for n, a in zip(new["name"], new["aliases"])])
    batch.new_entities = new[list(batch.new_entities.columns)]
    batch.updated_entities = updated[list(batch.updated_entities.columns)]
    batch.report.add("entities", "created", len(new))
    batch.report.add("entities", "merged", len(updated))
    batch.report.add("entities", "skipped", len(known) - len(updated))
    growth = dict(zip(updated["id"], updated["aliases"]))
    graph = snap.entities.assign(aliases=[growth.get(i, a) for i, a in zip(snap.entities["id"], snap.entities["aliases"])],
                                 at_file=None, at_row=None)
    resolver = Resolver(pd.concat([graph, new[["id", "kind", "name", "aliases", "at_file", "at_row"]]], ignore_index=True))
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
    found = item_ids.dropna()
    listed = group_lists(pd.Series(found.index), found, unique=False).to_dict()
    item_kinds = group_lists(pd.Series(found.index), found.map(resolver.kind_of), unique=False).to_dict()
    claims = claims.assign(items=[listed.get(i, []) for i in claims.index],
                           item_kinds=[item_kinds.get(i, []) for i in claims.index])
    _check_kinds(claims, problems)

    source = sources.set_index("id")
    missing = ~claims["source_id"].isin(source.index) & (claims["source_id"] != "")
    for row in claims[missing].itertuples(index=False):
        problems.append(Problem(row.at_file, int(row.at_row), "source_id",
                                f"source {row.source_id!r} is neither in this load nor in the graph"))
    text = claims["source_id"].map(source["text"]).astype(object).fillna("")
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

    others = claims["contradicts"].explode().dropna()
    for idx, other in others[~others.isin(snap.claims["id"]) & ~others.isin(claims["id"])].items():
        row = claims.loc[idx]
        problems.append(Problem(row.at_file, int(row.at_row), "contradicts", f"no claim has the id {other!r}"))
    return claims


def _check_kinds(claims: pd.DataFrame, problems: list[Problem]) -> None:
    """The model says which kinds each relation may join, and which kinds its items may be."""
    allowed = pd.DataFrame([(r.name, f, t) for r in MODEL.relations.values() for f, t in r.pairs],
                           columns=["relation", "subject_kind", "object_kind"]).assign(ok=True)
    checkable = claims[claims["relation"].isin(list(MODEL.relations)) & claims["object_kind"].astype(bool)
                       & claims["subject_kind"].astype(bool)]
    joined = checkable.merge(allowed, how="left", on=["relation", "subject_kind", "object_kind"])
    for row in checkable[joined["ok"].isna().to_numpy()].itertuples(index=False):
        rel = MODEL.relations[row.relation]
        problems.append(Problem(row.at_file, int(row.at_row), "relation",
                                f"{row.relation} cannot join {_a(row.subject_kind)} to {_a(row.object_kind)}; "
                                f"it joins {'/'.join(rel.from_kinds)} to {'/'.join(rel.to_kinds)}"))
    with_items = checkable[checkable["items"].map(len) > 0]
    for row in with_items.itertuples(index=False):
        rel = MODEL.relations[row.relation]
        for item, kind in zip(row.items, row.item_kinds):
            if kind not in rel.item_kinds:
                problems.append(Problem(row.at_file, int(row.at_row), "items",
                                        f"{item!r} is {_a(kind)}; {row.relation} items must be "
                                        f"{'/'.join(rel.item_kinds)}"))


def _a(kind: str) -> str:
    return f"{'an' if kind[0] in 'AEIOU' else 'a'} {kind}"


def _plan_edges(new_claims: pd.DataFrame, store: GraphStore, resolver: Resolver, batch: WriteBatch) -> pd.Series:
    """Edges the new claims create or strengthen, recomputed with the evidence already stored.

    Returns claim id -> the ids of the edges it supports.
    """
    own = assertions(new_claims)
    if own.empty:
        return pd.Series(dtype=object)
    stored = store.claims_by_subject(sorted(set(own["from_id"])))
    stored = stored[~stored["id"].isin(new_claims["id"])]
    existing_edges = {e for ids in stored["edge_ids"] for e in ids}
    evidence = own
    if len(stored):
        kind = resolver.kind_of
        stored = stored.assign(subject_kind=stored["subject_id"].map(kind), object_kind=stored["object_id"].map(kind),
                               item_kinds=stored["items"].map(lambda ids: [kind[i] for i in ids]))
        old = assertions(stored)
        evidence = pd.concat([own, old[edge_ids(old).isin(set(edge_ids(own)))]], ignore_index=True)
    edges = edges_from_assertions(evidence)
    is_old = edges["id"].isin(existing_edges)
    batch.new_edges, batch.updated_edges = edges[~is_old], edges[is_old]
    batch.report.add("relations", "created", int((~is_old).sum()))
    batch.report.add("relations", "merged", int(is_old.sum()))
    return edge_ids_by_claim(own)


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
    supports = _plan_edges(new, store, resolver, batch).to_dict()
    new = new.assign(edge_ids=[supports.get(i, []) for i in new["id"]])
    batch.new_claims = new[list(MODEL.properties["claim"])]
    batch.report.add("claims", "created", len(new))
    batch.report.add("claims", "skipped", len(stored))
    return batch


def load(paths: list[Path], store: GraphStore, force: bool = False) -> WriteBatch:
    """Validate the files whole, then write what is new in one atomic batch; returns what was written.

    An input identical to one loaded before (same bytes, texts included) changes nothing, so it is
    recognised by its fingerprint and not read again, unless `force` asks for a full re-validation.
    """
    files, _ = find_files(paths)
    fp = fingerprint(files) if files else None
    if fp and not force and store.has_loaded(fp):
        batch = WriteBatch()
        batch.report.add("inputs", "already loaded", 1)
        return batch
    batch = plan(read_input(paths), store)
    if fp:
        batch.fingerprint = {"id": fp, "files": [str(p) for _, p in files],
                             "loaded_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    store.write(batch)
    return batch
