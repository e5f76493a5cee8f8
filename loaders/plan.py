"""Turning files into a WriteBatch: validate everything, resolve references, diff against the graph.

Nothing is written here. Every problem in the input is collected and raised together as InvalidData;
only a clean input yields a batch, which a store then applies atomically.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graph.evidence import ROW_COLUMNS, group_lists, lists_by_code, rows_from_claims
from graph.exc import InvalidData, Problem
from graph.model import MODEL
from graph.records import LoadReport
from graph.store import GraphStore, Snapshot, WriteBatch, entity_frame
from graph.text import search_key
from loaders.derive import assertions, edge_ids_by_claim, edges
from loaders.fields import COLUMNS, PARSERS
from loaders.parsed import Input, combined
from loaders.read import DATASETS, RECORDS, Table, find_files, fingerprint, read_table
from loaders.resolve import Resolver


def read_input(paths: list[Path]) -> Input:
    """Read every file; a file that cannot be read at all stops here, before its absence causes noise."""
    files, unreadable = find_files(paths)
    parts: list[Input] = []
    for record, path in files:
        if record in DATASETS:
            parts.append(DATASETS[record](path))
            continue
        table, found = read_table(record, path, COLUMNS[record])
        unreadable += found
        if table is not None:
            frame, found = PARSERS[record](table)
            frames = {r: frame if r == record else _no_rows(r) for r in RECORDS}
            parts.append(Input(**frames, problems=found))
    if unreadable:
        raise InvalidData(unreadable + [p for part in parts for p in part.problems])
    return combined(parts, {r: _no_rows(r) for r in RECORDS})


def _no_rows(record: str) -> pd.DataFrame:
    """A parsed frame with no rows, so an input without (say) sources plans like any other."""
    frame = pd.DataFrame({c: pd.Series(dtype=str) for c in COLUMNS[record]}).assign(at_row=pd.Series(dtype=int))
    return PARSERS[record](Table(record, Path("(none)"), frame))[0]


def _text(column: pd.Series) -> pa.Array:
    """A column as text for hashing: strings as they are, anything else as str() writes it, missing as ''."""
    values = column.to_numpy(dtype=object)
    try:
        text = pa.array(values, pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # numbers, dates, booleans, lists
        text = pa.array([None if v is None or v != v else str(v) for v in values], pa.string())
    return pc.fill_null(text, "")


def digest(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """A content hash per row, stable across versions: tells a repeated record from a conflicting one."""
    if frame.empty:
        return pd.Series([], index=frame.index, dtype=object)
    joined = pc.binary_join_element_wise(*(_text(frame[c]) for c in columns), "\x1f").to_pylist()
    return pd.Series([hashlib.blake2b(t.encode(), digest_size=12).hexdigest() for t in joined], index=frame.index,
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
                problems.append(Problem(row.at_file, int(row.at_row), "id", f"{what} {row.id!r} differs from "
                                        f"the one at {other.at_file}, row {other.at_row}"))
    return frame.drop_duplicates("id")


SOURCE_FACTS = ["id", "published", "published_precision", "language", "dataset"]  # what claims take from their source


def _plan_sources(inp: Input, snap: Snapshot, batch: WriteBatch, problems: list[Problem]) -> pd.DataFrame:
    """New sources into the batch; returns every source claims may cite (graph and input), with the
    text where the input has it."""
    content = MODEL.content("source")
    sources = _first_of_each(inp.sources.astype({"published": object}), content, "source", problems)
    sources = sources.assign(digest=digest(sources, content))
    in_graph = sources["id"].isin(list(snap.sources))
    stored_digest = sources["id"].map({i: s["digest"] for i, s in snap.sources.items()})
    # A corrected source: its new version replaces it. A partial one (a GDELT export) only adds claims to it.
    changed = in_graph & (stored_digest != sources["digest"]) & sources["whole"].astype(bool)
    batch.updated_sources = sources.loc[changed, list(MODEL.properties["source"])]
    batch.report.add("sources", "changed", int(changed.sum()))
    new = sources[~in_graph]
    batch.new_sources = new[list(MODEL.properties["source"])]
    batch.report.add("sources", "created", len(new))
    batch.report.add("sources", "skipped", int((in_graph & ~changed).sum()))
    stored = pd.DataFrame([{k: s[k] for k in SOURCE_FACTS} for s in snap.sources.values()], columns=SOURCE_FACTS)
    return pd.concat([stored.assign(text=None), sources[[*SOURCE_FACTS, "text"]]]).drop_duplicates("id", keep="last")


def _same_as_in_graph(entities: pd.DataFrame, graph: pd.DataFrame, report: LoadReport) -> dict[str, str]:
    """Input id -> the id of the graph entity that shares an identifier with it (its own id being new)."""
    owner: dict[str, str] = {}
    for entity, ids in zip(graph["id"], graph["identifiers"]):
        for i in ids:
            owner.setdefault(i, entity)
    new = entities[~entities["id"].isin(graph["id"])]
    same: dict[str, str] = {}
    for entity, ids in zip(new["id"], new["identifiers"]):
        matches = list(dict.fromkeys(owner[i] for i in ids if i in owner))
        if matches:
            same[entity] = matches[0]
        if len(matches) > 1:
            report.notes.append(f"{entity!r} shares identifiers with {', '.join(map(repr, matches))}; "
                                f"it was merged into {matches[0]!r}")
    return same


def _merged_into_graph(inp: Input, graph: pd.DataFrame, report: LoadReport) -> Input:
    """An entity the graph already holds under another id (the same Wikidata item, IMO number ...) becomes that
    entity: its name joins the graph entity's aliases, and every reference to its id names the graph's."""
    same = _same_as_in_graph(inp.entities, graph, report)
    if not same:
        return inp
    report.add("entities", "merged by identifier", len(same))
    entities = inp.entities.copy()
    moved = entities["id"].isin(list(same))
    name_of = dict(zip(graph["id"], graph["name"]))
    kind_of = dict(zip(graph["id"], graph["kind"]))
    entities["aliases"] = [[name, *aliases] if m else aliases
                           for name, aliases, m in zip(entities["name"], entities["aliases"], moved)]
    entities.loc[moved, "id"] = entities.loc[moved, "id"].map(same)
    entities.loc[moved, "name"] = entities.loc[moved, "id"].map(name_of)
    entities.loc[moved, "kind"] = entities.loc[moved, "id"].map(kind_of)
    entities.loc[moved, "description"] = ""
    rename = lambda ref: same.get(ref, ref)  # noqa: E731
    claims = inp.claims.assign(subject=inp.claims["subject"].map(rename), object=inp.claims["object"].map(rename),
                               items=inp.claims["items"].map(lambda refs: [rename(r) for r in refs]),
                               attributed_to=inp.claims["attributed_to"].map(lambda refs: [rename(r) for r in refs]))
    return Input(inp.sources, entities, claims, inp.problems, inp.report)


def _grown(old: pd.Series, new: pd.Series) -> list[list[str] | None]:
    """Each old list with the new one's values it lacks added, or None where it lacks none."""
    out = []
    for before, more in zip(old, new):
        after = list(dict.fromkeys([*before, *more]))
        out.append(after if len(after) > len(before) else None)
    return out


def _all_by_id(entities: pd.DataFrame, column: str) -> dict[str, list[str]]:
    """Entity id -> every value its rows give in a list column (rows repeating an entity may add more), once each."""
    exploded = entities[column].explode().fillna("")
    found = group_lists(entities["id"].loc[exploded.index], exploded, unique=False)
    return {i: [v for v in dict.fromkeys(values) if v] for i, values in found.items()}


def _plan_entities(inp: Input, snap: Snapshot, batch: WriteBatch, problems: list[Problem]) -> Resolver:
    all_aliases, all_identifiers = _all_by_id(inp.entities, "aliases"), _all_by_id(inp.entities, "identifiers")
    entities = _first_of_each(inp.entities, ["kind", "name", "description"], "entity", problems)
    entities = entities.assign(aliases=[all_aliases.get(i, []) for i in entities["id"]],
                               identifiers=[all_identifiers.get(i, []) for i in entities["id"]])
    graph = pd.DataFrame(snap.entities, columns=["id", "kind", "name", "aliases", "identifiers", "description"])
    known = entities.merge(graph, on="id", suffixes=("", "_graph"))
    # A dataset renames what it lists (a newer export, a better transliteration): the graph keeps its name
    # and takes the new one as an alias. A hand-written row must agree with the graph.
    dataset = known["dataset"].astype(bool)
    renamed = dataset & (known["name"] != known["name_graph"])
    known["aliases"] = [[n, *a] if r else a for n, a, r in zip(known["name"], known["aliases"], renamed)]
    known.loc[dataset, "name"] = known.loc[dataset, "name_graph"]
    known.loc[dataset, "description"] = ""
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
    more_aliases = _grown(known["aliases_graph"], known["aliases"])
    more_identifiers = _grown(known["identifiers_graph"], known["identifiers"])
    more = pd.Series([a is not None or i is not None for a, i in zip(more_aliases, more_identifiers)],
                     index=known.index, dtype=bool)
    updated = known[more].assign(
        aliases=[a or old for a, old, m in zip(more_aliases, known["aliases_graph"], more) if m],
        identifiers=[i or old for i, old, m in zip(more_identifiers, known["identifiers_graph"], more) if m])
    updated = updated.assign(kind=updated["kind_graph"], name=updated["name_graph"],
                             description=updated["description_graph"],
                             search_key=[search_key(n, a) for n, a in zip(updated["name_graph"], updated["aliases"])])
    new = entities[~entities["id"].isin(graph["id"])]
    new = new.assign(search_key=[search_key(n, a) for n, a in zip(new["name"], new["aliases"])])
    batch.new_entities = new[list(entity_frame().columns)]
    batch.updated_entities = updated[list(entity_frame().columns)]
    batch.report.add("entities", "created", len(new))
    batch.report.add("entities", "merged", len(updated))
    batch.report.add("entities", "skipped", len(known) - len(updated))
    growth = dict(zip(updated["id"], updated["aliases"]))
    graph = graph.assign(aliases=[growth.get(i, a) for i, a in zip(graph["id"], graph["aliases"])],
                         at_file=None, at_row=None, dataset=False)
    named = new[["id", "kind", "name", "aliases", "at_file", "at_row", "dataset"]]
    resolver = Resolver(pd.concat([graph, named], ignore_index=True))
    problems += resolver.problems
    return resolver


def _problem(claims: pd.DataFrame, index, field: str, message: str) -> Problem:
    row = claims.loc[index]
    return Problem(row.at_file, int(row.at_row), field, message)


def _resolve_lists(claims: pd.DataFrame, field: str, resolver: Resolver, problems: list[Problem]) -> pd.Series:
    """A list-of-references column as lists of entity ids, in the order given, each once."""
    flat = claims[field].explode().dropna()
    ids = resolver.resolve(flat)
    problems += [_problem(claims, i, field, resolver.unknown(ref)) for i, ref in flat[ids.isna()].items()]
    found = ids.dropna()
    listed = lists_by_code(claims.index.get_indexer(found.index), found.to_numpy(dtype=object), unique=False)
    return pd.Series([list(dict.fromkeys(listed[i])) if i in listed else [] for i in range(len(claims))],
                     index=claims.index, dtype=object)


def _period_end(start: pd.Series, precision: pd.Series) -> pd.Series:
    """The last day of the period a date names at its precision: 2023 (year) ends on 2023-12-31."""
    end = start.copy()
    end[precision == "month"] = start[precision == "month"] + pd.offsets.MonthEnd(0)
    end[precision == "year"] = start[precision == "year"] + pd.offsets.YearEnd(0)
    return end


def _dates(claims: pd.DataFrame, source: pd.DataFrame) -> pd.DataFrame:
    """When it happened (only what the text says), when it was reported, and where a timeline places it.

    A claim whose text gives no date keeps no event date: it is placed by its report date instead.
    """
    reported = claims["source_id"].map(source["published"])
    reported_precision = claims["source_id"].map(source["published_precision"]).astype(object).fillna("day")
    dated = claims["date"].notna()
    start = pd.to_datetime(claims["date"].where(dated, reported), format="ISO8601")
    precision = claims["date_precision"].where(dated, reported_precision)
    as_dates = lambda s: s.dt.date.astype(object).where(s.notna(), None)  # noqa: E731
    return claims.assign(reported=reported.astype(object), reported_precision=reported_precision,
                         when_from=as_dates(start), when_to=as_dates(_period_end(start, precision)),
                         date_precision=claims["date_precision"].where(dated, ""))


def _plan_claims(inp: Input, snap: Snapshot, sources: pd.DataFrame, resolver: Resolver, store: GraphStore,
                 problems: list[Problem]) -> pd.DataFrame:
    claims = inp.claims
    for field in ("subject", "object"):
        ids = resolver.resolve(claims[field])
        unknown = (claims[field] != "") & ids.isna()
        problems += [_problem(claims, i, field, resolver.unknown(claims.at[i, field])) for i in claims.index[unknown]]
        claims = claims.assign(**{f"{field}_id": ids.fillna(""),
                                  f"{field}_kind": ids.map(resolver.kind_of).fillna("")})
    claims = claims.assign(items=_resolve_lists(claims, "items", resolver, problems),
                           attributed_to=_resolve_lists(claims, "attributed_to", resolver, problems))
    claims = claims.assign(item_kinds=claims["items"].map(lambda ids: [resolver.kind_of[i] for i in ids]))
    _check_kinds(claims, problems)

    source = sources.set_index("id")
    missing = ~claims["source_id"].isin(source.index) & (claims["source_id"] != "")
    problems += [_problem(claims, i, "source_id", f"source {claims.at[i, 'source_id']!r} is neither in this load "
                          "nor in the graph") for i in claims.index[missing]]
    texts = source["text"].dropna().to_dict()
    stored = sorted(set(claims["source_id"]) & (set(source.index) - set(texts)))
    texts |= store.source_texts(stored)
    text = claims["source_id"].map(texts).astype(object).fillna("")
    from_dataset = claims["source_id"].map(source["dataset"]).astype(object).fillna(False).astype(bool)
    problems += [_problem(claims, i, "quote", "is empty; only a claim from a dataset (OpenSanctions, GDELT) may "
                          "have no quote") for i in claims.index[(claims["quote"] == "") & ~from_dataset]]
    unquoted = [bool(t) and bool(q) and q not in t for q, t in zip(claims["quote"], text)]
    problems += [_problem(claims, i, "quote", f"not found verbatim in the text of source {claims.at[i, 'source_id']!r}")
                 for i in claims.index[unquoted]]
    language = claims["source_id"].map(source["language"]).astype(object).fillna("")  # object: all may be missing
    claims = _dates(claims, source).assign(language=language)

    others = claims["contradicts"].explode().dropna()
    known = others.isin(list(snap.claim_digests)) | others.isin(claims["id"])
    problems += [_problem(claims, i, "contradicts", f"no claim has the id {other!r}")
                 for i, other in others[~known].items()]
    own = others == claims.loc[others.index, "id"]
    problems += [_problem(claims, i, "contradicts", "a claim cannot contradict itself") for i in others.index[own]]
    return claims


SKIP_NOTES = 10  # reasons a load lists for the dataset rows it skipped; the rest are counted


def _skipped(claims: pd.DataFrame, problems: list[Problem], report: LoadReport) -> tuple[pd.DataFrame, list[Problem]]:
    """A dataset's claim with a problem is left out and reported, not refused (loaders/parsed.py)."""
    skippable = {(f, r) for f, r, s in zip(claims["at_file"], claims["at_row"], claims["skippable"]) if s}
    skipped = [p for p in problems if (p.file, p.row) in skippable]
    if not skipped:
        return claims, problems
    rows = {(p.file, p.row) for p in skipped}
    report.add("claims", "skipped (unresolved or not fitting)", len(rows))
    alike: dict[tuple, list[Problem]] = {}  # one note per reason: the same unknown actor in 19,000 events
    for p in skipped:
        alike.setdefault((p.file, p.field, p.message), []).append(p)
    for (file, field, message), found in list(alike.items())[:SKIP_NOTES]:
        at = ", ".join(str(p.row) for p in found[:3]) + (f" and {len(found) - 3:,} more" if len(found) > 3 else "")
        report.notes.append(f"skipped {len(found):,} row{'s' if len(found) > 1 else ''} of {file} (row {at}), "
                            f"field {field!r}: {message}")
    if len(alike) > SKIP_NOTES:
        report.notes.append(f"... and {len(alike) - SKIP_NOTES:,} more reasons for skipping dataset rows")
    keep = [(f, r) not in rows for f, r in zip(claims["at_file"], claims["at_row"])]
    return claims[keep], [p for p in problems if (p.file, p.row) not in rows]


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


def plan_edges(new_claims: pd.DataFrame, store: GraphStore, snap: Snapshot, kind_of: dict[str, str],
               batch: WriteBatch, retired: list[str] | None = None) -> pd.Series:
    """Edges the new claims create or strengthen, and the ones retired claims weaken or leave without a standing
    claim (removed), each summarised again from every standing claim. Returns claim id -> the ids of its edges."""
    own = assertions(new_claims) if len(new_claims) else pd.DataFrame(columns=ROW_COLUMNS)
    retired = retired or []
    gone = store.claims(retired) if retired else []
    affected = set(own["edge_id"]) | {e for c in gone for e in (c["edge_ids"] or [])}
    if not affected:
        return pd.Series(dtype=object)
    in_graph = {e["id"] for e in snap.entities}  # an edge can be stored only if both its ends are
    maybe = sorted(e for e in affected if e.split(">")[0] in in_graph and e.split(">")[2] in in_graph)
    stored = store.edges(maybe) if maybe else []
    earlier = sorted({c for e in stored for c in e["claim_ids"]} - set(new_claims["id"]) - set(retired))
    evidence = [own, rows_from_claims(store.claims(earlier), affected)] if earlier else [own]
    planned = edges(pd.concat(evidence, ignore_index=True), kind_of)
    is_old = planned["id"].isin({e["id"] for e in stored})
    batch.new_edges, batch.updated_edges = planned[~is_old], planned[is_old]
    standing = set(planned["id"])
    left = [e for e in stored if e["id"] not in standing]
    batch.deleted_edges = pd.DataFrame({"type": [e["type"] for e in left], "id": [e["id"] for e in left],
                                        "from_id": [e["source"] for e in left],
                                        "from_kind": [kind_of[e["source"]] for e in left],
                                        "to_kind": [kind_of[e["target"]] for e in left]}, dtype=object)
    batch.report.add("relations", "created", int((~is_old).sum()))
    batch.report.add("relations", "merged", int(is_old.sum()))
    batch.report.add("relations", "removed (no standing claim)", len(left))
    return edge_ids_by_claim(own) if not own.empty else pd.Series(dtype=object)


CHANGE_NOTES = 20  # claims a load names one by one as changed or withdrawn; the rest are counted


def retired_at() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _retirements(claims: pd.DataFrame, changed: pd.Series, inp: Input, snap: Snapshot,
                 report: LoadReport) -> pd.DataFrame:
    """The standing claims this input replaces: changed ones (superseded by their new version), and those of a
    source the input restates whole (it gives the source and claims of it) that the input no longer makes."""
    restated = set(claims["source_id"]) & set(inp.sources.loc[inp.sources["whole"].astype(bool), "id"])
    given = set(claims["id"])
    withdrawn = sorted(c for c, s in snap.claim_sources.items() if s in restated and c not in given)
    superseded = list(claims.loc[changed, "id"])
    ids = superseded + withdrawn
    out = pd.DataFrame({"id": ids, "new_id": [f"{c}@{snap.claim_digests[c][:8]}" for c in ids],
                        "retired": ["superseded"] * len(superseded) + ["withdrawn"] * len(withdrawn),
                        "retired_at": retired_at()}, dtype=object)
    report.add("claims", "changed", len(superseded))
    report.add("claims", "withdrawn", len(withdrawn))
    for row in out.head(CHANGE_NOTES).itertuples(index=False):
        report.notes.append(f"claim {row.id!r} {'changed' if row.retired == 'superseded' else 'was withdrawn'}; "
                            f"the earlier version is kept as {row.new_id!r}")
    if len(out) > CHANGE_NOTES:
        report.notes.append(f"... and {len(out) - CHANGE_NOTES:,} more claims changed or withdrawn")
    return out


def plan(inp: Input, store: GraphStore, resume: bool = False) -> WriteBatch:
    """The batch that brings the graph up to date with the input; raises InvalidData listing every problem.

    `resume` finishes an interrupted load of the same input (Neo4j): its claims already in the graph are
    written again, idempotently, so the edges they support are summarised and written too.
    """
    problems = list(inp.problems)
    snap = store.snapshot()
    batch = WriteBatch(report=inp.report)
    graph = pd.DataFrame(snap.entities, columns=["id", "kind", "name", "aliases", "identifiers"])
    inp = _merged_into_graph(inp, graph, batch.report)
    sources = _plan_sources(inp, snap, batch, problems)
    resolver = _plan_entities(inp, snap, batch, problems)
    found: list[Problem] = []
    claims = _plan_claims(inp, snap, sources, resolver, store, found)
    claims, found = _skipped(claims, found, batch.report)
    problems += found
    if problems:
        raise InvalidData(problems)
    content = MODEL.content("claim")
    claims = _first_of_each(claims.assign(digest=digest(claims, content)), ["digest"], "claim", problems)
    stored_digest = claims["id"].map(snap.claim_digests)
    in_graph = stored_digest.notna()
    changed = in_graph & (stored_digest != claims["digest"])
    if problems:
        raise InvalidData(problems)
    batch.retired_claims = _retirements(claims, changed, inp, snap, batch.report)
    new = claims if resume else claims[~in_graph | changed]
    supports = plan_edges(new, store, snap, resolver.kind_of, batch, list(batch.retired_claims["id"])).to_dict()
    new = new.assign(edge_ids=[supports.get(i, []) for i in new["id"]], retired="", retired_at="")
    batch.new_claims = new[list(MODEL.properties["claim"])]
    batch.kind_of = resolver.kind_of
    batch.report.notes += [f"{ref!r} was read as {name!r} ({entity}): another form of that name, and of no other"
                           for ref, (name, entity) in resolver.read_as.items()]
    batch.report.add("claims", "created", len(new) - int(changed.sum()) - (int(in_graph.sum()) if resume else 0))
    batch.report.add("claims", "skipped", 0 if resume else int((in_graph & ~changed).sum()))
    return batch


LOAD_STEPS = 4  # the calls load() makes to `progress`, for a bar's length


def load(paths: list[Path], store: GraphStore, force: bool = False,
         progress: Callable[[str], None] | None = None) -> WriteBatch:
    """Validate the files whole, then write what is new; returns what was written.

    An input identical to one loaded before (same bytes, texts included) changes nothing, so it is
    recognised by its fingerprint and not read again, unless `force` asks for a full re-validation. A load
    of it that was interrupted (Neo4j writes a large input in several transactions) is finished.
    """
    step = progress or (lambda _step: None)
    step("fingerprinting the files")
    files, _ = find_files(paths)
    fp = fingerprint(files) if files else None
    state = store.load_state(fp) if fp else None
    if state == "complete" and not force:
        batch = WriteBatch()
        batch.report.add("inputs", "already loaded", 1)
        return batch
    step("reading")
    inp = read_input(paths)
    step(f"checking and planning {len(inp.claims):,} claims")
    batch = plan(inp, store, resume=state == "incomplete")
    if state == "incomplete":
        batch.report.add("inputs", "resumed", 1)
    if fp:
        batch.fingerprint = {"id": fp, "files": [str(p) for _, p in files],
                             "loaded_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    step(f"writing {len(batch.new_claims):,} claims and {len(batch.new_edges) + len(batch.updated_edges):,} relations")
    store.write(batch)
    return batch
