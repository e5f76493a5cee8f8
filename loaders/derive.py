"""From claims to edges: which edges each claim supports, and each edge's summary of its claims.

An n-ary request ("Maduro asked Putin for radars and repairs") is one REQUESTED_FROM edge with its
items, because analysts ask "who asked Russia, for what" in one hop; each item also becomes a derived
edge (requester -[SOUGHT]-> item) backed by the same claim, so "who wants radars" is one hop too.
The same fact from a second source adds a claim to the edge, never a second edge. What an edge then
says about its claims is graph/evidence.py's one rule.
"""

from __future__ import annotations

import pandas as pd

from graph.evidence import EDGE_SEPARATOR, ROW_COLUMNS, edge_ids, group_lists, summarise
from graph.model import MODEL
from graph.store import edge_frame


def assertions(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per (claim, edge it supports): its own edge, and one derived edge per item.

    `claims` has the claim properties (subject_id, relation, object_id, items, ...) of graph/model.yaml.
    """
    related = claims[claims["relation"].astype(bool)]
    evidence = {c: related[c] for c in ROW_COLUMNS if c not in ("edge_id", "claim_id", "items")}
    main = pd.DataFrame({"type": related["relation"], "from_id": related["subject_id"],
                         "to_id": related["object_id"], "claim_id": related["id"], "items": related["items"],
                         **evidence})
    with_items = related[related["items"].map(len) > 0]
    item_edge = {r.name: r.item_edge for r in MODEL.relations.values() if r.item_edge}
    exploded = with_items.explode("items")
    derived = pd.DataFrame({"type": exploded["relation"].map(item_edge), "from_id": exploded["subject_id"],
                            "to_id": exploded["items"], "claim_id": exploded["id"],
                            "items": [[] for _ in range(len(exploded))],
                            **{c: exploded[c] for c in evidence}})
    rows = pd.concat([main, derived], ignore_index=True)
    return rows.assign(edge_id=edge_ids(rows))[ROW_COLUMNS]


def edges(rows: pd.DataFrame, kind_of: dict[str, str]) -> pd.DataFrame:
    """One row per edge of these assertions (summarise()'s rows): its ends, ids and kinds, and its summary."""
    if rows.empty:
        return edge_frame()
    summary = summarise(rows)
    ends = pd.Series(summary.index, index=summary.index).str.split(EDGE_SEPARATOR, expand=True)
    kinds = pd.Series(kind_of, dtype=object)
    out = summary.assign(from_id=ends[0], type=ends[1], to_id=ends[2],
                         from_kind=ends[0].map(kinds), to_kind=ends[2].map(kinds))
    return out.reset_index()[list(edge_frame().columns)]


def edge_ids_by_claim(rows: pd.DataFrame) -> pd.Series:
    """claim id -> the ids of the edges it supports."""
    return group_lists(rows["claim_id"], rows["edge_id"])
