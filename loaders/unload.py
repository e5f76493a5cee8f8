"""Unloading a source: it goes with its claims (history included), the edges only they supported, and the
entities nothing else names. Edges other sources support too are summarised again from what stands."""

from __future__ import annotations

import pandas as pd
from rapidfuzz import process

from graph.exc import GeoKGError
from graph.store import GraphStore, WriteBatch
from loaders.plan import plan_edges


def plan_unload(source_id: str, store: GraphStore) -> WriteBatch:
    """The batch that removes the source; raises GeoKGError naming the closest ids when there is no such source."""
    snap = store.snapshot()
    if source_id not in snap.sources:
        close = process.extract(source_id, list(snap.sources), limit=3, score_cutoff=60)
        hint = f"; did you mean {' or '.join(repr(c) for c, *_ in close)}?" if close else ""
        raise GeoKGError(f"no source {source_id!r} in the graph{hint}")
    claims = store.source_claims(source_id)
    ids = [c["id"] for c in claims]
    standing = [c["id"] for c in claims if not c["retired"]]
    kind_of = {e["id"]: e["kind"] for e in snap.entities}
    batch = WriteBatch(kind_of=kind_of, deleted_claims=ids, deleted_sources=[source_id])
    no_claims = pd.DataFrame(columns=["id", "relation"])
    plan_edges(no_claims, store, snap, kind_of, batch, retired=standing)
    named = {e for c in claims for e in [c["subject_id"], c["object_id"], *(c["items"] or []),
                                         *(c["attributed_to"] or [])] if e}
    alone = sorted(e for e in named - store.named_elsewhere(sorted(named), ids) if e in kind_of)
    batch.deleted_entities = pd.DataFrame({"id": alone, "kind": [kind_of[e] for e in alone]}, dtype=object)
    batch.report.add("sources", "removed", 1)
    batch.report.add("claims", "removed", len(ids))
    batch.report.add("entities", "removed (named by nothing left)", len(alone))
    return batch


def describe(batch: WriteBatch) -> dict:
    """What an unload removes, as plain values: for the question `geokg unload` asks, here or over the wire."""
    return {"counts": batch.report.counts, "claims": list(batch.deleted_claims),
            "entities": list(batch.deleted_entities["id"]), "relations": list(batch.deleted_edges["id"]),
            "summarised_again": len(batch.updated_edges)}
