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


def group_lists(keys: pd.Series, values: pd.Series, unique: bool = True) -> pd.Series:
    """Values per key as lists, indexed by key: sorted and de-duplicated, or (unique=False) as they came.

    groupby().agg(list) calls Python once per group; sorting codes and splitting one array is ~5x faster.
    """
    if len(keys) == 0:
        return pd.Series([], dtype=object)
    key_codes, key_uniques = pd.factorize(np.asarray(keys, dtype=object))
    value_codes, value_uniques = pd.factorize(np.asarray(values, dtype=object), sort=True)
    order = np.lexsort((value_codes, key_codes)) if unique else np.argsort(key_codes, kind="stable")
    k, v = key_codes[order], value_codes[order]
    if unique:
        keep = np.r_[True, (k[1:] != k[:-1]) | (v[1:] != v[:-1])]
        k, v = k[keep], v[keep]
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    sorted_values = np.asarray(value_uniques, dtype=object)[v]
    return pd.Series([chunk.tolist() for chunk in np.split(sorted_values, starts[1:])],
                     index=np.asarray(key_uniques, dtype=object)[k[starts]], dtype=object)


def _split(keys: np.ndarray, column: np.ndarray) -> list[list]:
    """A column already sorted by key, as one list per run of equal keys."""
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return [chunk.tolist() for chunk in np.split(column, starts[1:])]


def status_of(counts: pd.DataFrame) -> np.ndarray:
    """The displayed status from per-status claim counts (columns `<status>_claims`), by the rule above."""
    support = sum(counts[f"{s}_claims"] for s in MODEL.supporting())
    dispute = sum(counts[f"{s}_claims"] for s in MODEL.disputing())
    return np.select(
        [(support > 0) & (dispute > 0), (support > 0) & (counts["asserted_claims"] > 0), support > 0,
         dispute == counts["denied_claims"]],
        ["contested", "asserted", "hedged", "denied"], default="disputed")


def _counts(keys: pd.Series, status: pd.Series, index: pd.Index) -> pd.DataFrame:
    return pd.DataFrame({f"{s}_claims": (status == s).groupby(keys).sum().reindex(index, fill_value=0).astype("int64")
                         for s in MODEL.statuses})


def _confidence(keys: pd.Series, confidence: pd.Series, support: pd.Series, index: pd.Index) -> pd.Series:
    """The highest supporting confidence; for an edge nobody supports, the highest disputing one."""
    best_support = confidence.where(support).groupby(keys).max().reindex(index)
    best_dispute = confidence.where(~support).groupby(keys).max().reindex(index)
    return best_support.fillna(best_dispute).astype(float)


def origins(keys: pd.Series, claims: pd.Series, sources: pd.Series, chains: pd.Series) -> pd.Series:
    """Independent origins per key: connected groups of claims linked by a shared attribution entity.

    Labels spread to the smallest claim label reachable through a shared token (an entity of the chain,
    or the source for a claim without one) until nothing changes: a few vectorised passes, since chains
    are short.
    """
    if len(keys) == 0:
        return pd.Series([], dtype="int64")
    tokens = [chain if len(chain) else ["source:" + s] for chain, s in zip(chains, sources)]
    frame = pd.DataFrame({"key": keys.to_numpy(), "claim": claims.to_numpy(), "token": tokens}).explode("token")
    key = frame["key"].astype(str)
    claim_of = pd.factorize(key + "\x1f" + frame["claim"].astype(str))[0]
    token_of = pd.factorize(key + "\x1f" + frame["token"].astype(str))[0]
    label = claim_of.copy()
    while True:
        by_token = pd.Series(label).groupby(token_of).transform("min").to_numpy()
        by_claim = pd.Series(by_token).groupby(claim_of).transform("min").to_numpy()
        if np.array_equal(by_claim, label):
            break
        label = by_claim
    return pd.Series(label, index=frame["key"].to_numpy()).groupby(level=0).nunique().astype("int64")


def _ends(rows: pd.DataFrame, date: str, precision: str, keys: pd.Series, index: pd.Index) -> pd.DataFrame:
    """The earliest and latest of a date column per key, each with its own precision."""
    dated = pd.DataFrame({"key": keys, "date": pd.to_datetime(rows[date], format="ISO8601"), "precision": rows[precision]})
    dated = dated[dated["date"].notna()]
    dated = dated.assign(fine=dated["precision"].map(PRECISION_ORDER).fillna(0)).sort_values(["key", "date", "fine"])
    first, last = dated.groupby("key").head(1).set_index("key"), dated.groupby("key").tail(1).set_index("key")
    out = pd.DataFrame(index=index)
    prefix = date if date != "date" else "event"
    out[f"{prefix}_from"] = first["date"].dt.date.reindex(index)
    out[f"{prefix}_from_precision"] = first["precision"].reindex(index)
    out[f"{prefix}_to"] = last["date"].dt.date.reindex(index)
    out[f"{prefix}_to_precision"] = last["precision"].reindex(index)
    return out.astype(object).where(out.notna(), None)


def items(rows: pd.DataFrame) -> pd.DataFrame:
    """Per (edge, item): what the claims naming the item say, by the same rule as a whole edge."""
    named = rows[rows["items"].map(len) > 0]
    columns = ["edge_id", "item", "status", "confidence", "claim_ids", "supporting_sources"]
    if named.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    exploded = named.explode("items").rename(columns={"items": "item"})
    keys = exploded["edge_id"] + EDGE_SEPARATOR + exploded["item"]
    index = pd.Index(sorted(set(keys)))
    support = exploded["status"].isin(MODEL.supporting())
    out = _counts(keys, exploded["status"], index)
    firsts = exploded.assign(key=keys).drop_duplicates("key").set_index("key")
    return pd.DataFrame({
        "edge_id": firsts["edge_id"].reindex(index).to_numpy(), "item": firsts["item"].reindex(index).to_numpy(),
        "status": status_of(out), "confidence": _confidence(keys, exploded["confidence"], support, index).to_numpy(),
        "claim_ids": group_lists(keys, exploded["claim_id"]).reindex(index).to_numpy(),
        "supporting_sources": exploded["source_id"].where(support).groupby(keys).nunique()
        .reindex(index, fill_value=0).astype("int64").to_numpy(),
    }).sort_values(["edge_id", "item"], kind="stable").reset_index(drop=True)


def summarise(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per edge (indexed by edge id) with every summary property the model gives a relation.

    `rows` has one row per (edge, claim): ROW_COLUMNS. Also returns `item_claim_ids` (a list of lists, for
    readers; stores keep claim ids per item as MENTIONS_ITEM relationships instead).
    """
    if rows.empty:
        return pd.DataFrame(columns=[p for p in MODEL.properties["relation"] if p != "id"] + ["item_claim_ids"])
    keys = rows["edge_id"]
    index = pd.Index(sorted(set(keys)), name="id")
    support = rows["status"].isin(MODEL.supporting())
    out = _counts(keys, rows["status"], index)
    out["status"] = status_of(out)
    out["confidence"] = _confidence(keys, rows["confidence"], support, index)
    out["max_confidence"] = rows["confidence"].groupby(keys).max().reindex(index).astype(float)
    out["supporting_sources"] = rows["source_id"].where(support).groupby(keys).nunique().reindex(index, fill_value=0)
    out["disputing_sources"] = rows["source_id"].where(~support).groupby(keys).nunique().reindex(index, fill_value=0)
    backing = rows[support]
    out["independent_origins"] = origins(backing["edge_id"], backing["claim_id"], backing["source_id"],
                                         backing["attributed_to"]).reindex(index, fill_value=0)
    out["claim_ids"] = group_lists(keys, rows["claim_id"]).reindex(index)
    out["source_ids"] = group_lists(keys, rows["source_id"]).reindex(index)
    per_item = items(rows)
    item_keys = per_item["edge_id"].to_numpy(dtype=object)
    lists = {column: dict(zip(pd.unique(item_keys), _split(item_keys, per_item[source].to_numpy(dtype=object))))
             for column, source in (("items", "item"), ("item_statuses", "status"), ("item_confidences", "confidence"),
                                    ("item_sources", "supporting_sources"), ("item_claim_ids", "claim_ids"))}
    for column, by_edge in lists.items():
        out[column] = [by_edge.get(e, []) for e in index]
    out = out.join(_ends(rows, "date", "date_precision", keys, index))
    out = out.join(_ends(rows, "reported", "reported_precision", keys, index))
    out["when_from"] = pd.to_datetime(rows["when_from"], format="ISO8601").groupby(keys).min().dt.date.reindex(index)
    out["when_to"] = pd.to_datetime(rows["when_to"], format="ISO8601").groupby(keys).max().dt.date.reindex(index)
    for column in ("supporting_sources", "disputing_sources", "independent_origins"):
        out[column] = out[column].astype("int64")
    return out


def rows_from_claims(claims: list[dict], wanted: set[str] | None = None) -> pd.DataFrame:
    """summarise()'s rows from stored claims: one per (claim, edge it supports), limited to `wanted` edges.

    A claim's items belong to its own edge (the one of its relation), not to the derived item edges.
    """
    rows = []
    for c in claims:
        for e in c.get("edge_ids") or []:
            if wanted is None or e in wanted:
                own = e.split(EDGE_SEPARATOR)[1] == c.get("relation")
                rows.append({"edge_id": e, "claim_id": c["id"], **{k: c.get(k) for k in ROW_COLUMNS[2:]},
                             "items": list(c.get("items") or []) if own else [],
                             "attributed_to": list(c.get("attributed_to") or [])})
    return pd.DataFrame(rows, columns=ROW_COLUMNS)
