"""A synthetic claim corpus shaped like real news claims, for benchmarks: deterministic per seed.

What makes it realistic: a few hub states with huge degree and a long tail (power-law choice of
endpoints); most facts reported by one source, a few by dozens; aliases in Latin, Greek and Cyrillic
script, and claims that name entities by those aliases; dates over ten years at day, month and year
precision, some undated; every status; attribution chains drawn from a few wire services and
governments, so that many outlets repeat one origin. Relations and endpoint kinds come from the model,
so every row is valid.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from graph.model import MODEL

KIND_SHARE = {"State": 0.005, "Person": 0.35, "Organization": 0.2, "Place": 0.15, "Equipment": 0.1,
              "Aircraft": 0.05, "Vessel": 0.04, "Facility": 0.045, "Treaty": 0.04, "Resource": 0.02}
STATUS_SHARE = {"asserted": 0.7, "hedged": 0.18, "denied": 0.07, "disputed": 0.05}
PRECISION_SHARE = {"day": 0.7, "month": 0.2, "year": 0.1}
CONSONANTS = "bdfgklmnprstvz"
VOWELS = "aeiou"
# Letter maps chosen so that transliteration is one-to-one on consonant-vowel syllables.
GREEK = dict(zip(CONSONANTS + VOWELS, ["μπ", "δ", "φ", "γ", "κ", "λ", "μ", "ν", "π", "ρ", "σ", "τ", "β", "ζ",
                                       "α", "ε", "ι", "ο", "ου"]))
CYRILLIC = dict(zip(CONSONANTS + VOWELS, "бдфгклмнпрствзаеиоу"))
SYLLABLES = [c + v for c in CONSONANTS for v in VOWELS]
CLAIMS_PER_SOURCE = 10
UNDATED_SHARE = 0.15
ATTRIBUTED_SHARE = 0.7  # claims whose source says who told it; the rest stand for their source
ENTITIES_PER_CLAIM = 0.1


def _name(i: int) -> str:
    """A unique pronounceable word per index: its base-70 digits as consonant-vowel syllables."""
    parts = [SYLLABLES[i % 70]]
    i //= 70
    while True:
        parts.append(SYLLABLES[i % 70])
        i //= 70
        if i == 0:
            return "".join(parts).capitalize()


def _script(word: str, table: dict[str, str]) -> str:
    return "".join(table[c] for c in word.lower()).capitalize()


def _pick(rng: np.random.Generator, pool: np.ndarray, n: int, exponent: float) -> np.ndarray:
    """n draws from pool, the first members far likelier: a power law gives hubs and a long tail."""
    weights = 1.0 / np.arange(1, len(pool) + 1) ** exponent
    return pool[rng.choice(len(pool), size=n, p=weights / weights.sum())]


def entities(n: int) -> pd.DataFrame:
    kinds = np.concatenate([np.full(max(5, round(n * share)), kind) for kind, share in KIND_SHARE.items()])
    names = [_name(i) for i in range(len(kinds))]
    return pd.DataFrame({
        "id": [f"{k.lower()}-{i}" for i, k in enumerate(kinds)],
        "kind": kinds,
        "name": names,
        "aliases": [f"{_script(w, GREEK)} | {_script(w, CYRILLIC)}" for w in names],
        "description": [f"Synthetic {k.lower()} number {i}" for i, k in enumerate(kinds)],
    })


def claims(n: int, ents: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    relations = [r for r in MODEL.relations.values() if r.name not in MODEL.derived_relations]
    pools = {k: g["id"].to_numpy() for k, g in ents.groupby("kind", sort=False)}
    n_facts = max(1, int(n * 0.7))
    # Every fact has one claim; the remaining claims go to facts drawn by a power law (widely reported).
    fact_of_claim = np.concatenate([np.arange(n_facts), _pick(rng, np.arange(n_facts), n - n_facts, 1.2)])
    rel_of_fact = rng.integers(len(relations), size=n_facts)
    subject, obj, rel_name = (np.empty(n_facts, dtype=object) for _ in range(3))
    items = np.empty(n_facts, dtype=object)
    items[:] = ""
    for r, rel in enumerate(relations):
        where = np.flatnonzero(rel_of_fact == r)
        if not len(where):
            continue
        rel_name[where] = rel.name
        from_kind = rng.choice(rel.from_kinds, size=len(where))
        to_kind = rng.choice(rel.to_kinds, size=len(where))
        for kind in set(from_kind):
            sel = where[from_kind == kind]
            subject[sel] = _pick(rng, pools[kind], len(sel), 1.1)
        for kind in set(to_kind):
            sel = where[to_kind == kind]
            obj[sel] = _pick(rng, pools[kind], len(sel), 1.1)
        if rel.item_kinds:
            pool = np.concatenate([pools[k] for k in rel.item_kinds])
            counts = rng.integers(0, 3, size=len(where))
            items[where] = [" | ".join(dict.fromkeys(_pick(rng, pool, c, 1.0))) for c in counts]
    same = subject == obj  # no self-loops: swap in another member of the same kind
    obj[same] = [pools[ents_kind][(np.searchsorted(pools[ents_kind], o) + 1) % len(pools[ents_kind])]
                 for o, ents_kind in zip(obj[same], ents.set_index("id").loc[obj[same], "kind"])]

    n_sources = max(1, n // CLAIMS_PER_SOURCE)
    days = rng.integers(0, 3650, size=n)
    dates = pd.to_datetime(dt.date(2015, 1, 1)) + pd.to_timedelta(days, unit="D")
    precision = rng.choice(list(PRECISION_SHARE), size=n, p=list(PRECISION_SHARE.values()))
    date = np.where(precision == "day", dates.strftime("%Y-%m-%d"),
                    np.where(precision == "month", dates.strftime("%Y-%m"), dates.strftime("%Y")))
    undated = rng.random(n) < UNDATED_SHARE
    date, precision = np.where(undated, "", date), np.where(undated, "", precision)
    ids = np.char.add("claim-", np.arange(n).astype(str))
    subj = subject[fact_of_claim]
    names = ents.set_index("id")["name"]
    aliases = ents.set_index("id")["aliases"].str.split(" | ", regex=False)
    # A fifth of the claims name their subject by a Greek or Cyrillic alias, as translated reports do.
    by_alias = rng.random(n) < 0.2
    subject_ref = np.where(by_alias, [a[i % 2] for a, i in zip(aliases[subj], range(n))], subj)
    relation = rel_name[fact_of_claim]
    quote = [f"{names[s]} {r.lower().replace('_', ' ')} {names[o]} [{c}]"
             for s, r, o, c in zip(subj, relation, obj[fact_of_claim], ids)]
    return pd.DataFrame({
        "id": ids, "source_id": np.char.add("source-", rng.integers(n_sources, size=n).astype(str)),
        "subject": subject_ref, "relation": relation, "object": obj[fact_of_claim],
        "items": items[fact_of_claim],
        "status": rng.choice(list(STATUS_SHARE), size=n, p=list(STATUS_SHARE.values())),
        "confidence": rng.integers(30, 101, size=n) / 100, "date": date, "date_precision": precision,
        "date_inferred": (rng.random(n) < 0.3) & ~undated, "attribution": "synthetic wire",
        "attributed_to": _chains(rng, pools, n), "quote": quote,
        "summary": quote, "contradicts": "",
    })


def _chains(rng: np.random.Generator, pools: dict[str, np.ndarray], n: int) -> np.ndarray:
    """Attribution chains: a teller among a few dozen organizations, sometimes citing a state as the origin."""
    tellers = _pick(rng, pools["Organization"][:40], n, 1.3)
    origins = _pick(rng, pools["State"], n, 1.1)
    cited = rng.random(n) < 0.4
    chains = np.where(cited, np.char.add(np.char.add(tellers.astype(str), " | "), origins.astype(str)),
                      tellers.astype(str))
    return np.where(rng.random(n) < ATTRIBUTED_SHARE, chains, "")


def sources(cl: pd.DataFrame) -> pd.DataFrame:
    """One source per CLAIMS_PER_SOURCE claims; its text holds its claims' quotes, so quotes check out."""
    text = cl.groupby("source_id")["quote"].agg("\n".join)
    return pd.DataFrame({
        "id": text.index, "publisher": "Synthetic Wire", "url": "https://example.org/" + text.index,
        "language": "en", "title": "", "published": "2025-01-01", "published_precision": "day",
        "published_inferred": "false", "text": text.to_numpy(),
    })


def write_corpus(folder: Path, n_claims: int, seed: int = 7) -> Path:
    """Writes sources.csv, entities.csv and claims.csv for n_claims; reuses a corpus already written."""
    folder.mkdir(parents=True, exist_ok=True)
    done = folder / ".complete"
    if done.exists():
        return folder
    rng = np.random.default_rng(seed)
    ents = entities(max(200, int(n_claims * ENTITIES_PER_CLAIM)))
    cl = claims(n_claims, ents, rng)
    sources(cl).to_csv(folder / "sources.csv", index=False)
    ents.to_csv(folder / "entities.csv", index=False)
    cl.assign(date_inferred=cl["date_inferred"].map({True: "true", False: "false"})).to_csv(
        folder / "claims.csv", index=False)
    done.touch()
    return folder
