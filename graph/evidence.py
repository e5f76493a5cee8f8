"""From claims to edges: each claim asserts an edge (and one per item); an edge's evidence is its claims.

An n-ary request ("Maduro asked Putin for radars and repairs") is one REQUESTED_FROM edge with an
`items` list, because analysts ask "who asked Russia, for what" in one hop; each item also becomes a
derived edge (requester -[SOUGHT]-> item) backed by the same claim, so "who wants radars" is one hop too.
The same fact from a second source adds a claim to the edge, never a second edge.
"""

from __future__ import annotations

import pandas as pd

from graph.model import MODEL
from graph.store import edge_frame

EDGE_SEPARATOR = ">"


def edge_id(from_id: str, rel_type: str, to_id: str) -> str:
    return f"{from_id}{EDGE_SEPARATOR}{rel_type}{EDGE_SEPARATOR}{to_id}"


def edge_ends(edge: str) -> tuple[str, str, str]:
    """(from_id, type, to_id) back from an edge id; slugs never contain '>'."""
    from_id, rel_type, to_id = edge.split(EDGE_SEPARATOR)
    return from_id, rel_type, to_id


def assertions(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per (claim, edge) it supports.

    `claims` needs id, source_id, subject_id, subject_kind, relation, object_id, object_kind, items,
    item_kinds, status, confidence, date.
    """
    cols = ["claim_id", "source_id", "type", "from_id", "from_kind", "to_id", "to_kind", "items",
            "status", "confidence", "date"]
    related = claims[claims["relation"].astype(bool)]
    main = pd.DataFrame({
        "claim_id": related["id"], "source_id": related["source_id"], "type": related["relation"],
        "from_id": related["subject_id"], "from_kind": related["subject_kind"],
        "to_id": related["object_id"], "to_kind": related["object_kind"], "items": related["items"],
        "status": related["status"], "confidence": related["confidence"], "date": related["date"],
    })
    with_items = related[related["items"].map(len) > 0]
    if with_items.empty:
        return main[cols].reset_index(drop=True)
    item_edge = {r.name: r.item_edge for r in MODEL.relations.values() if r.item_edge}
    exploded = with_items.assign(
        pair=[list(zip(i, k)) for i, k in zip(with_items["items"], with_items["item_kinds"])]
    ).explode("pair")
    derived = pd.DataFrame({
        "claim_id": exploded["id"], "source_id": exploded["source_id"],
        "type": exploded["relation"].map(item_edge),
        "from_id": exploded["subject_id"], "from_kind": exploded["subject_kind"],
        "to_id": exploded["pair"].str[0], "to_kind": exploded["pair"].str[1],
        "items": [[] for _ in range(len(exploded))],
        "status": exploded["status"], "confidence": exploded["confidence"], "date": exploded["date"],
    })
    return pd.concat([main, derived], ignore_index=True)[cols]


def derive_status(statuses: pd.Series) -> str:
    """An edge is denied if every claim denies it, disputed if claims conflict, hedged if all hedge."""
    s = set(statuses)
    if "disputed" in s or ("denied" in s and len(s) > 1):
        return "disputed"
    if s == {"denied"}:
        return "denied"
    if s == {"hedged"}:
        return "hedged"
    return "asserted"


def _union(lists: pd.Series) -> list[str]:
    return sorted({x for items in lists for x in items})


def edges_from_assertions(rows: pd.DataFrame) -> pd.DataFrame:
    """Aggregate assertions into one row per edge, with its evidence summarised."""
    if rows.empty:
        return edge_frame()
    rows = rows.assign(id=rows["from_id"] + EDGE_SEPARATOR + rows["type"] + EDGE_SEPARATOR + rows["to_id"])
    grouped = rows.sort_values("claim_id").groupby("id", sort=True)
    edges = grouped.agg(
        type=("type", "first"), from_id=("from_id", "first"), from_kind=("from_kind", "first"),
        to_id=("to_id", "first"), to_kind=("to_kind", "first"),
        items=("items", _union), claim_ids=("claim_id", list),
        source_ids=("source_id", lambda s: sorted(set(s))), status=("status", derive_status),
        confidence=("confidence", "max"), corroboration=("source_id", "nunique"),
        first_date=("date", "min"), last_date=("date", "max"),
    ).reset_index()
    edges["corroboration"] = edges["corroboration"].astype("int64")
    return edges[list(edge_frame().columns)]


def edge_ids_by_claim(rows: pd.DataFrame) -> pd.Series:
    """claim id -> the ids of the edges it supports."""
    ids = rows["from_id"] + EDGE_SEPARATOR + rows["type"] + EDGE_SEPARATOR + rows["to_id"]
    return ids.groupby(rows["claim_id"]).agg(list)
