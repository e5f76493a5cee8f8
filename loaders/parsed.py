"""What every reader hands planning: sources, entities and claims as parsed frames, whatever the format.

The CSV readers (loaders/fields.py) build these frames column by column; a dataset reader (OpenSanctions,
GDELT) builds them from rows with `from_rows`, which fills what a dataset does not say.

A source row that is `whole` gives everything its source says: its claims in the graph that the input no
longer makes are withdrawn (loaders/plan.py). A GDELT export is not whole (the next one adds to a URL's events).

A dataset's claim rows are `skippable`: one whose actor the graph does not know, or whose kinds the relation
does not join, is counted and reported by planning and left out, where a hand-written claim would be refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from graph.exc import Problem
from graph.records import LoadReport

# record -> column -> the value a row that does not give it gets (the CSV parsers' output columns)
DEFAULTS: dict[str, dict[str, Any]] = {
    "sources": {"id": "", "publisher": "", "url": "", "language": "", "title": "", "published": None,
                "published_precision": "", "published_inferred": False, "text": None, "dataset": True,
                "whole": True},
    "entities": {"id": "", "kind": "", "name": "", "aliases": list, "identifiers": list, "description": "",
                 "dataset": True},
    "claims": {"id": "", "source_id": "", "subject": "", "relation": "", "object": "", "items": list,
               "status": "asserted", "confidence": 1.0, "date": None, "date_precision": "", "date_inferred": False,
               "attribution": "", "attributed_to": list, "quote": "", "summary": "", "contradicts": list,
               "record": "", "skippable": True},
}


@dataclass
class Input:
    sources: pd.DataFrame
    entities: pd.DataFrame
    claims: pd.DataFrame
    problems: list[Problem]  # row-level ones; planning goes on, so one run reports everything
    report: LoadReport = field(default_factory=LoadReport)  # what reading decided (rows a dataset skipped ...)


def frame(record: str, rows: list[dict[str, Any]], at_file: str) -> pd.DataFrame:
    """Rows (each with an `at_row`: the file's line) as a parsed frame of `record`, defaults filled in."""
    columns = {}
    for name, default in DEFAULTS[record].items():
        make = default if callable(default) else (lambda d=default: d)
        columns[name] = pd.Series([row[name] if name in row else make() for row in rows], dtype=object)
    columns["at_file"] = pd.Series([at_file] * len(rows), dtype=object)
    columns["at_row"] = pd.Series([row["at_row"] for row in rows], dtype=object)
    return pd.DataFrame(columns)


def from_rows(at_file: str, sources: list[dict], entities: list[dict], claims: list[dict],
              problems: list[Problem] | None = None, report: LoadReport | None = None) -> Input:
    return Input(frame("sources", sources, at_file), frame("entities", entities, at_file),
                 frame("claims", claims, at_file), problems or [], report or LoadReport())


def combined(parts: list[Input], empty: dict[str, pd.DataFrame]) -> Input:
    """Several readers' inputs as one; `empty` gives each record's frame when no part has rows of it."""
    frames = {}
    for record in ("sources", "entities", "claims"):
        given = [getattr(p, record) for p in parts if len(getattr(p, record))]
        frames[record] = pd.concat(given, ignore_index=True) if given else empty[record]
    report = LoadReport()
    for part in parts:
        for record, outcomes in part.report.counts.items():
            for outcome, n in outcomes.items():
                report.add(record, outcome, n)
        report.notes += part.report.notes
    return Input(**frames, problems=[p for part in parts for p in part.problems], report=report)
