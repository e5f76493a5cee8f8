"""What an edge may say: a summary of its claims that never says more than they do.

One rule, applied when loading (to every edge at once, vectorised) and when reading under filters
(to the claims that pass), so an edge on screen always speaks for exactly the claims behind it:

- **Status.** Claims are counted per status; support (asserted, hedged) and dispute (denied, disputed)
  apart. Both present: `contested`. Support only: `asserted` if any claim asserts it, else `hedged`.
  Dispute only: `denied` if every disputing claim denies it, else `disputed`.
- **Sources.** `supporting_sources` counts distinct sources with a supporting claim; a denial never
  corroborates. `disputing_sources` counts the others.
- **Independent origins.** Supporting claims whose attribution chains share any entity depend on each
  other (three outlets repeating what The Washington Post says US documents show are one origin); each
  group of dependent claims counts once. A claim without an attribution chain stands for its source.
  This errs toward fewer origins: never overstate corroboration.
- **Items** carry their own evidence: an item named only by a hedged claim is hedged, whatever the rest
  of the edge says.
- **Dates** stay apart: the event range (from the claims' event dates, each with its precision) and the
  reported range (their sources' publication dates).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graph.model import MODEL

EDGE_SEPARATOR = ">"
PRECISION_ORDER = {"year": 0, "month": 1, "day": 2}  # at equal dates, the finer one is the later

# What summarise() needs per (edge, claim) row; `items` only on the claim's own edge, [] on derived ones.
ROW_COLUMNS = ["edge_id", "claim_id", "source_id", "status", "confidence", "attributed_to", "items", "date",
               "date_precision", "reported", "reported_precision", "when_from", "when_to"]


def edge_ids(rows: pd.DataFrame) -> pd.Series:
    """The id of each row's edge, from>TYPE>to, for rows with from_id, type and to_id."""
    return rows["from_id"] + EDGE_SEPARATOR + rows["type"] + EDGE_SEPARATOR + rows["to_id"]


def edge_ends(edge: str) -> tuple[str, str, str]:
    """(from_id, type, to_id) back from an edge id; slugs never contain '>'."""
    from_id, rel_type, to_id = edge.split(EDGE_SEPARATOR)
    return from_id, rel_type, to_id


def _sorted_codes(values) -> tuple[np.ndarray, np.ndarray]:
    """(codes, uniques) with uniques in sorted order: pandas' factorize(sort=True) sorts in Python, pyarrow in C++."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    order = pc.sort_indices(pa.array(uniques, pa.string())).to_numpy()
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[codes], np.asarray(uniques, dtype=object)[order]


def lists_by_code(codes: np.ndarray, values, unique: bool, first: np.ndarray | None = None) -> dict[int, list]:
    """Values per integer group code as lists: sorted and de-duplicated, or (unique=False) in the order they came.

    `first` sorts before the values (e.g. a status rank), so each list runs in (first, value) order.
    """
    if len(codes) == 0:
        return {}
    if unique:
        value_codes, value_uniques = _sorted_codes(values)
        order = np.lexsort((value_codes, codes) if first is None else (value_codes, first, codes))
        k, v = codes[order], value_codes[order]
        keep = np.r_[True, (k[1:] != k[:-1]) | (v[1:] != v[:-1])]
        k, flat = k[keep], value_uniques[v[keep]].tolist()
    else:
        order = np.argsort(codes, kind="stable")
        k, flat = codes[order], np.asarray(values, dtype=object)[order].tolist()
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    ends = np.r_[starts[1:], len(k)].tolist()
    return dict(zip(k[starts].tolist(), (flat[a:b] for a, b in zip(starts.tolist(), ends))))


def group_lists(keys: pd.Series, values: pd.Series, unique: bool = True) -> pd.Series:
    """Values per key as lists, indexed by key: sorted and de-duplicated, or (unique=False) as they came.

    groupby().agg(list) calls Python once per group; sorting codes and slicing one list is many times faster.
    """
    if len(keys) == 0:
        return pd.Series([], dtype=object)
    codes, uniques = pd.factorize(np.asarray(keys, dtype=object))
    lists = lists_by_code(codes, values, unique)
    return pd.Series(list(lists.values()), index=np.asarray(uniques, dtype=object)[list(lists)], dtype=object)


class Groups:
    """Rows grouped by a key, the groups numbered in sorted key order: every aggregate below is numpy on
    these integer codes, so a million rows are grouped once, not once per aggregate."""

    def __init__(self, keys) -> None:
        self.codes, uniques = _sorted_codes(keys)
        self.index = pd.Index(uniques, name="id")
        self.n = len(uniques)

    def count(self, mask: np.ndarray) -> np.ndarray:
        return np.bincount(self.codes[mask], minlength=self.n).astype("int64")

    def max(self, values, mask: np.ndarray | None = None) -> np.ndarray:
        """The greatest value per group among the masked rows; NaN where a group has none."""
        keep = np.ones(len(self.codes), bool) if mask is None else mask
        found = pd.Series(np.asarray(values, dtype=float)[keep]).groupby(self.codes[keep]).max()
        return found.reindex(range(self.n)).to_numpy()

    def distinct(self, values, mask: np.ndarray) -> np.ndarray:
        """How many different values per group among the masked rows."""
        value_codes = pd.factorize(np.asarray(values, dtype=object)[mask])[0].astype(np.int64)
        pairs = np.unique(self.codes[mask].astype(np.int64) * (value_codes.max(initial=0) + 1) + value_codes)
        return np.bincount(pairs // (value_codes.max(initial=0) + 1), minlength=self.n).astype("int64")

    def lists(self, values, unique: bool = True, first: np.ndarray | None = None) -> list[list]:
        found = lists_by_code(self.codes, values, unique, first)
        return [found.get(i, []) for i in range(self.n)]


def status_of(counts) -> np.ndarray:
    """The displayed status from per-status claim counts (`<status>_claims`), by the rule above: arrays of counts
    (one per edge) or plain numbers (one edge)."""
    support = sum(counts[f"{s}_claims"] for s in MODEL.supporting())
    dispute = sum(counts[f"{s}_claims"] for s in MODEL.disputing())
    return np.select(
        [(support > 0) & (dispute > 0), (support > 0) & (counts["asserted_claims"] > 0), support > 0,
         dispute == counts["denied_claims"]],
        ["contested", "asserted", "hedged", "denied"], default="disputed")


def _evidence(groups: Groups, status: np.ndarray, confidence: np.ndarray, sources) -> dict[str, np.ndarray]:
    """Claims per status, status, confidence and sources per group: what an edge and an item both say."""
    support = np.isin(status, MODEL.supporting())
    out: dict[str, np.ndarray] = {}
    for s in MODEL.statuses:
        out[f"{s}_claims"] = groups.count(status == s)
        out[f"{s}_confidence"] = groups.max(confidence, status == s)
        out[f"{s}_sources"] = groups.distinct(sources, status == s)
    out["status"] = status_of(out)
    best_support, best_dispute = groups.max(confidence, support), groups.max(confidence, ~support)
    out["confidence"] = np.where(np.isnan(best_support), best_dispute, best_support)  # the denials' when none support
    out["supporting_sources"] = groups.distinct(sources, support)
    out["disputing_sources"] = groups.distinct(sources, ~support)
    return out


def origins(codes: np.ndarray, claims, sources, chains, n: int) -> np.ndarray:
    """Independent origins per group: connected sets of claims linked by a shared attribution entity.

    Labels spread to the smallest claim label reachable through a shared token (an entity of the chain,
    or the source for a claim without one) until nothing changes: a few vectorised passes, since chains
    are short.
    """
    if len(codes) == 0:
        return np.zeros(n, dtype="int64")
    tokens = [chain if len(chain) else ["source:" + s] for chain, s in zip(chains, sources)]
    lengths = np.fromiter((len(t) for t in tokens), dtype=np.int64, count=len(tokens))
    row_code = np.repeat(codes.astype(np.int64), lengths)
    claim_code = np.repeat(pd.factorize(np.asarray(claims, dtype=object))[0].astype(np.int64), lengths)
    token_code = pd.factorize(np.fromiter((t for ts in tokens for t in ts), dtype=object,
                                          count=int(lengths.sum())))[0].astype(np.int64)
    claim_of = pd.factorize(row_code * (claim_code.max() + 1) + claim_code)[0]
    token_of = pd.factorize(row_code * (token_code.max() + 1) + token_code)[0]
    label = claim_of.copy()
    while True:
        by_token = pd.Series(label).groupby(token_of).transform("min").to_numpy()
        by_claim = pd.Series(by_token).groupby(claim_of).transform("min").to_numpy()
        if np.array_equal(by_claim, label):
            break
        label = by_claim
    pairs = np.unique(row_code * (label.max() + 1) + label)
    return np.bincount(pairs // (label.max() + 1), minlength=n).astype("int64")


def _ends(groups: Groups, dates, precisions, prefix: str) -> dict[str, list]:
    """The earliest and latest of a date column per group, each with its own precision."""
    when = pd.to_datetime(pd.Series(dates, dtype=object), format="ISO8601").to_numpy()
    dated = ~np.isnat(when)
    fine = pd.Series(precisions, dtype=object).map(PRECISION_ORDER).fillna(0).to_numpy()
    rows = np.flatnonzero(dated)
    order = rows[np.lexsort((fine[rows], when[rows].astype(np.int64), groups.codes[rows]))]
    code = groups.codes[order]
    first = order[np.r_[True, code[1:] != code[:-1]]] if len(order) else order
    last = order[np.r_[code[1:] != code[:-1], True]] if len(order) else order
    out = {}
    for end, at in (("from", first), ("to", last)):
        day = np.full(groups.n, None, dtype=object)
        precision = np.full(groups.n, None, dtype=object)
        day[groups.codes[at]] = pd.DatetimeIndex(when[at]).date
        precision[groups.codes[at]] = np.asarray(precisions, dtype=object)[at]
        out[f"{prefix}_{end}"], out[f"{prefix}_{end}_precision"] = list(day), list(precision)
    return out


def items(rows: pd.DataFrame) -> pd.DataFrame:
    """Per (edge, item): what the claims naming the item say, by the same rule as a whole edge."""
    named = rows[rows["items"].map(len) > 0]
    columns = ["edge_id", "item", "status", "confidence", "claim_ids", "supporting_sources"]
    if named.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    exploded = named.explode("items")
    groups = Groups(exploded["edge_id"] + EDGE_SEPARATOR + exploded["items"])
    said = _evidence(groups, exploded["status"].to_numpy(dtype=object), exploded["confidence"].to_numpy(dtype=float),
                     exploded["source_id"])
    ends = pd.Series(groups.index).str.rsplit(EDGE_SEPARATOR, n=1, expand=True)
    return pd.DataFrame({"edge_id": ends[0], "item": ends[1], "status": said["status"],
                         "confidence": said["confidence"], "claim_ids": groups.lists(exploded["claim_id"]),
                         "supporting_sources": said["supporting_sources"]})


STATUS_RANK = {s: n for n, s in enumerate(MODEL.statuses)}


def _side(summary: dict, statuses: frozenset[str], side: list[str], whole: str, each: str) -> int:
    """A count over the statuses of one side (support or dispute) a filter keeps: the whole side's when it keeps
    them all, one status's when it keeps one, none when it keeps none."""
    kept = [s for s in side if s in statuses]
    if len(kept) == len(side):
        return int(summary[whole] or 0)
    if len(kept) == 1:
        return int(summary[each.format(kept[0])] or 0)
    if not kept:
        return 0
    raise ValueError("a status filter keeping part of a side of more than two statuses needs the claims")


def under_statuses(summary: dict, statuses: frozenset[str]) -> dict | None:
    """What a stored edge summary says of only its claims of these statuses, or None when it has none.

    Exact, because every relation stores its counts, confidence and sources per status, and its origins for
    each supporting status (graph/model.yaml): a status filter needs no claim read.
    """
    counts = {f"{s}_claims": int(summary[f"{s}_claims"] or 0) if s in statuses else 0 for s in MODEL.statuses}
    if not any(counts.values()):
        return None
    support = [summary[f"{s}_confidence"] for s in MODEL.supporting() if s in statuses and counts[f"{s}_claims"]]
    dispute = [summary[f"{s}_confidence"] for s in MODEL.disputing() if s in statuses and counts[f"{s}_claims"]]
    return {**summary, **counts, "status": str(status_of(counts)),  # the same rule, on plain numbers
            "confidence": float(max(support or dispute)),
            "supporting_sources": _side(summary, statuses, MODEL.supporting(), "supporting_sources", "{}_sources"),
            "disputing_sources": _side(summary, statuses, MODEL.disputing(), "disputing_sources", "{}_sources"),
            "independent_origins": _side(summary, statuses, MODEL.supporting(), "independent_origins", "{}_origins")}


def summarise(rows: pd.DataFrame, lean: bool = False) -> pd.DataFrame:
    """One row per edge (indexed by edge id) with every summary property the model gives a relation.

    `rows` has one row per (edge, claim): ROW_COLUMNS. Also returns `item_claim_ids` (a list of lists, for
    readers; stores keep claim ids per item as MENTIONS_ITEM relationships instead). `lean` leaves out the
    lists (claims, sources, items): what drawing an edge needs is the rest.
    """
    if rows.empty:
        return pd.DataFrame(columns=[p for p in MODEL.relation_properties() if p != "id"] + ["item_claim_ids"])
    groups = Groups(rows["edge_id"])
    status, confidence = rows["status"].to_numpy(dtype=object), rows["confidence"].to_numpy(dtype=float)
    out = _evidence(groups, status, confidence, rows["source_id"])
    out["max_confidence"] = groups.max(confidence)
    claims, sources = rows["claim_id"].to_numpy(dtype=object), rows["source_id"].to_numpy(dtype=object)
    chains = rows["attributed_to"].to_numpy(dtype=object)
    for name, backing in (("independent_origins", np.isin(status, MODEL.supporting())),
                          *((f"{s}_origins", status == s) for s in MODEL.supporting())):
        out[name] = origins(groups.codes[backing], claims[backing], sources[backing], chains[backing], groups.n)
    if lean:
        return _dated(pd.DataFrame(out, index=groups.index), groups, rows)
    ranks = pd.Series(status, dtype=object).map(STATUS_RANK).to_numpy(dtype=np.int64)
    out["claim_ids"] = groups.lists(rows["claim_id"], first=ranks)  # a status's claims are a slice (model.yaml)
    out["source_ids"] = groups.lists(rows["source_id"])
    per_item = items(rows)
    at = groups.index.get_indexer(per_item["edge_id"])
    for column, source in (("items", "item"), ("item_statuses", "status"), ("item_confidences", "confidence"),
                           ("item_sources", "supporting_sources"), ("item_claim_ids", "claim_ids")):
        found = lists_by_code(at, per_item[source].to_numpy(dtype=object), unique=False) if len(at) else {}
        out[column] = [found.get(i, []) for i in range(groups.n)]
    return _dated(pd.DataFrame(out, index=groups.index), groups, rows)


def _dated(out: pd.DataFrame, groups: Groups, rows: pd.DataFrame) -> pd.DataFrame:
    """The event, reported and placed date ranges, each end with its precision."""
    dates = {**_ends(groups, rows["date"], rows["date_precision"], "event"),
             **_ends(groups, rows["reported"], rows["reported_precision"], "reported")}
    for end, pick in (("when_from", "min"), ("when_to", "max")):
        when = pd.Series(pd.to_datetime(rows[end], format="ISO8601").to_numpy()).groupby(groups.codes).agg(pick)
        dates[end] = list(pd.DatetimeIndex(when.reindex(range(groups.n)).to_numpy()).date)
    return out.assign(**dates)


def rows_from_frame(claims: pd.DataFrame, wanted: set[str] | None = None) -> pd.DataFrame:
    """summarise()'s rows from stored claims (a frame, as a store reads them in bulk): one per (claim, edge it
    supports), limited to `wanted` edges.

    A claim's items belong to its own edge (the one of its relation), not to the derived item edges.
    """
    if claims.empty:
        return pd.DataFrame(columns=ROW_COLUMNS)
    exploded = claims.explode("edge_ids")
    exploded = exploded[exploded["edge_ids"].notna() if wanted is None else exploded["edge_ids"].isin(wanted)]
    listed = lambda v: [] if v is None or (isinstance(v, float) and v != v) else list(v)  # noqa: E731
    items = [listed(i) if e.split(EDGE_SEPARATOR)[1] == r else []
             for e, r, i in zip(exploded["edge_ids"], exploded["relation"], exploded["items"])]
    return exploded.rename(columns={"edge_ids": "edge_id", "id": "claim_id"}).assign(
        items=items, attributed_to=[listed(a) for a in exploded["attributed_to"]])[ROW_COLUMNS]


def rows_from_claims(claims: list[dict], wanted: set[str] | None = None) -> pd.DataFrame:
    """rows_from_frame() for claims as a store returns them one by one."""
    needed = ["id", "edge_ids", "relation", *ROW_COLUMNS[2:]]
    return rows_from_frame(pd.DataFrame([{k: c.get(k) for k in needed} for c in claims], columns=needed), wanted)
