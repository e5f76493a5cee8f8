"""`geokg bench`: build a synthetic corpus, load it, and measure the paths users wait on.

Numbers, not verdicts: targets live in docs/benchmarks.md, never in timed tests.
"""

from __future__ import annotations

import json
import random
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dashboard.elements import to_elements
from graph.embedded.naive import merge_one_by_one
from graph.embedded.raw import raw_copy
from graph.open import is_neo4j, open_store
from graph.records import Filters
from graph.store import GraphStore
from loaders.plan import load, plan, read_input
from loaders.synthetic import write_corpus

EXPAND_CAP = 25  # the dashboard's default cap on new neighbours per expansion
NAIVE_SAMPLE = 2_000


def _percentiles(samples_s: list[float]) -> tuple[float, float]:
    ms = np.array(samples_s) * 1000
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95))


def _timed(fn, *args, **kwargs) -> tuple[float, Any]:
    started = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - started, out


def naive_rate(corpus: Path) -> float:
    """Claims a second through one parameterized MERGE per row (claim and edge), on a sample.

    Entities and sources go in by the fast path first, so only the sample's own rows are timed.
    """
    with tempfile.TemporaryDirectory(prefix="geokg-naive-") as folder:
        scratch = Path(folder)
        (scratch / "base").mkdir()
        for name in ("entities.csv", "sources.csv"):
            (scratch / "base" / name).symlink_to(corpus / name)
        sample = pd.read_csv(corpus / "claims.csv", dtype=str, keep_default_na=False, nrows=NAIVE_SAMPLE)
        sample.to_csv(scratch / "sample-claims.csv", index=False)
        with open_store(str(scratch / "graph.lbdb")) as store:
            load([scratch / "base"], store)
            batch = plan(read_input([scratch / "sample-claims.csv"]), store)
            seconds, _ = _timed(merge_one_by_one, store, batch)
    return len(sample) / seconds


def raw_copy_rate(corpus: Path) -> float:
    """Claims a second when the engine copies the corpus's files straight into a bare schema (graph/embedded/raw.py)."""
    with tempfile.TemporaryDirectory(prefix="geokg-raw-") as folder:
        seconds, copied = _timed(raw_copy, corpus, Path(folder) / "graph.lbdb")
    return copied / seconds


STATUS_FILTER = Filters(statuses=frozenset({"denied", "disputed"}))  # what an analyst checking denials sets


def measure_reads(store: GraphStore, corpus: Path, rng: random.Random) -> dict[str, float]:
    entities = pd.read_csv(corpus / "entities.csv", dtype=str, keep_default_na=False)
    degree = pd.read_csv(corpus / "claims.csv", usecols=["object"], dtype=str)["object"].value_counts()
    hubs = [e for e in degree.index[:10]]
    leaves = rng.sample(list(entities["id"]), 40)
    expand, filtered, payloads = [], [], []
    for entity in hubs + leaves:
        for _ in range(3):
            seconds, sub = _timed(store.neighbours, entity, Filters(), limit=EXPAND_CAP)
            expand.append(seconds)
            filtered.append(_timed(store.neighbours, entity, STATUS_FILTER, limit=EXPAND_CAP)[0])
        payloads.append(len(json.dumps(to_elements(sub.nodes, sub.edges), ensure_ascii=False).encode()))
    terms = []
    for row in entities.sample(60, random_state=rng.randrange(1 << 30)).itertuples():
        alias = rng.choice([row.name, *row.aliases.split(" | ")])
        terms.append(alias[: rng.randint(3, len(alias))])
    search = [_timed(store.search, term, 20)[0] for term in terms for _ in range(2)]
    p50, p95 = _percentiles(expand)
    return {"expand_p50_ms": p50, "expand_p95_ms": p95, "expand_filtered_p95_ms": _percentiles(filtered)[1],
            "search_p95_ms": _percentiles(search)[1],
            "expand_payload_bytes": max(payloads)}


def run_bench(n_claims: int, target: str | None, seed: int = 7, workdir: Path | None = None) -> dict[str, Any]:
    workdir = workdir or Path(tempfile.gettempdir()) / "geokg-bench"
    corpus = write_corpus(workdir / f"claims-{n_claims}-seed-{seed}", n_claims, seed)
    with tempfile.TemporaryDirectory(prefix="geokg-bench-graph-") as fresh:  # gigabytes at a million claims
        return _bench(n_claims, corpus, target or str(Path(fresh) / "graph.lbdb"), seed)


def _bench(n_claims: int, corpus: Path, target: str, seed: int) -> dict[str, Any]:
    with open_store(target) as store:
        if store.counts()["nodes"]:
            raise SystemExit(f"{target} is not empty: the benchmark loads into an empty graph")
        load_s, _ = _timed(load, [corpus], store)
        reload_s, again = _timed(load, [corpus], store)  # recognised by its fingerprint
        revalidate_s, forced = _timed(load, [corpus], store, force=True)  # read and checked in full
        if not (again.is_empty() and forced.is_empty()):
            raise RuntimeError("a reload changed the graph: loading is not idempotent")
        reads = measure_reads(store, corpus, random.Random(seed))
        counts = store.counts()
    result = {
        "store": "neo4j" if is_neo4j(target) else "embedded",
        "claims": n_claims,
        "entities": sum(v for k, v in counts["nodes"].items() if k not in ("Claim", "Source")),
        "relations": sum(counts["relationships"].values()),
        "load_s": round(load_s, 2),
        "load_claims_per_s": round(n_claims / load_s),
        "reload_claims_per_s": round(n_claims / reload_s),
        "revalidate_claims_per_s": round(n_claims / revalidate_s),
        # On Neo4j the naive path would need a second, empty database; it is measured on the embedded engine only.
        "naive_load_claims_per_s": None if is_neo4j(target) else round(naive_rate(corpus)),
        "raw_copy_claims_per_s": None if is_neo4j(target) else round(raw_copy_rate(corpus)),
        **{k: round(v, 2) for k, v in reads.items()},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    result["expand_payload_bytes"] = int(result["expand_payload_bytes"])
    return result
