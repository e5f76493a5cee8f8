"""The synthetic corpus looks like claim data and loads cleanly; `geokg bench` reports every measure.

Only shapes and invariants are checked here: speed lives in docs/benchmarks.md, never in a timed test.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import ladybug
import pandas as pd
from click.testing import CliRunner

from geokg.cli import main
from graph.embedded.raw import raw_copy
from graph.model import MODEL
from loaders.plan import load
from loaders.synthetic import write_corpus

BENCH_KEYS = {"load_claims_per_s", "reload_claims_per_s", "naive_load_claims_per_s", "raw_copy_claims_per_s",
              "expand_p95_ms", "expand_p50_ms", "search_p95_ms", "expand_payload_bytes", "peak_rss_mb"}


def test_corpus_is_deterministic_per_seed(tmp_path):
    a = write_corpus(tmp_path / "a", 2_000, seed=3)
    b = write_corpus(tmp_path / "b", 2_000, seed=3)
    c = write_corpus(tmp_path / "c", 2_000, seed=4)
    assert (a / "claims.csv").read_bytes() == (b / "claims.csv").read_bytes()
    assert (a / "claims.csv").read_bytes() != (c / "claims.csv").read_bytes()


def test_corpus_looks_like_claim_data(tmp_path):
    folder = write_corpus(tmp_path / "corpus", 5_000, seed=1)
    claims = pd.read_csv(folder / "claims.csv", dtype=str, keep_default_na=False)
    entities = pd.read_csv(folder / "entities.csv", dtype=str, keep_default_na=False)
    assert len(claims) == 5_000 and len(entities) >= 500
    assert set(claims["status"]) == set(MODEL.statuses)
    assert set(claims["date_precision"]) == {*MODEL.date_precisions, ""}  # some claims give no date
    years = claims.loc[claims["date"] != "", "date"].str[:4].astype(int)
    assert years.max() - years.min() >= 8
    degree = pd.concat([claims["subject"], claims["object"]]).value_counts()
    assert degree.iloc[0] > 20 * degree.median()  # hubs and a long tail
    per_fact = claims.groupby(["subject", "relation", "object"])["source_id"].nunique()
    assert (per_fact == 1).mean() > 0.5 and per_fact.max() >= 5  # most facts one source, some many
    aliases = " ".join(entities["aliases"])
    assert any("\u0370" <= ch <= "\u03ff" for ch in aliases) and any("\u0400" <= ch <= "\u04ff" for ch in aliases)
    assert claims["subject"].str.contains(r"[\u0370-\u03ff\u0400-\u04ff]").mean() > 0.1  # named by alias
    told = claims.loc[claims["attributed_to"] != "", "attributed_to"]
    assert len(told) > len(claims) / 2 and told.str.split(" | ", regex=False).str[0].nunique() <= 40  # few tellers


def test_corpus_loads_and_reloads_without_change(embedded, tmp_path):
    folder = write_corpus(tmp_path / "corpus", 3_000, seed=2)
    batch = load([folder], embedded)
    assert batch.report.counts["claims"] == {"created": 3_000}
    before = embedded.counts()
    assert load([folder], embedded, force=True).is_empty()
    assert embedded.counts() == before


BENCH_SCRATCH = ("geokg-naive-*", "geokg-raw-*", "geokg-bench-graph-*")  # what `geokg bench` makes in /tmp


def scratch() -> set[Path]:
    """Only the bench's own folders: other tests (bench-browser, on another worker) make theirs meanwhile."""
    return {p for pattern in BENCH_SCRATCH for p in Path(tempfile.gettempdir()).glob(pattern)}


def test_bench_reports_every_measure(tmp_path):
    scratch_before = scratch()
    result = CliRunner().invoke(main, ["bench", "--claims", "200", "--format", "json", "--workdir", str(tmp_path)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    numbers = json.loads(result.output)
    assert BENCH_KEYS <= set(numbers)
    assert all(numbers[k] > 0 for k in BENCH_KEYS)
    assert numbers["claims"] == 200 and numbers["relations"] > 0
    assert scratch() == scratch_before, "the bench left its graphs behind"


def test_the_raw_copy_holds_every_claim_stated_in_its_source(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 300, seed=5)
    assert raw_copy(corpus, tmp_path / "raw.lbdb") == 300
    raw = ladybug.Connection(ladybug.Database(str(tmp_path / "raw.lbdb"), read_only=True))
    assert raw.execute("MATCH (c:Claim)-[:STATED_IN]->(s:Source) RETURN count(c)").get_next() == [300]
