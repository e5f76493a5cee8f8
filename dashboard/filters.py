"""Filters between the UI, the browser (JSON in a dcc.Store and the URL) and the store (graph.records.Filters).

A control left at "everything" means no filter (None), so the store adds no condition for it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph.model import MODEL
from graph.records import Filters

ALL_KINDS = list(MODEL.kinds)
ALL_STATUSES = list(MODEL.statuses)


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _subset(values: Any, everything: list[str] | None) -> frozenset[str] | None:
    """None when the selection means everything: nothing chosen in a multi-select, or every box ticked."""
    chosen = frozenset(str(v) for v in (values or []))
    if everything is None:
        return chosen or None
    return None if chosen >= set(everything) else chosen & set(everything)


def from_controls(kinds: Any, relations: Any, statuses: Any, min_confidence: Any,
                  date_from: Any, date_to: Any, sources: Any) -> Filters:
    """The filter panel's values; relations and sources are multi-selects where empty means all."""
    try:
        confidence = min(max(float(min_confidence or 0), 0.0), 1.0)
    except (TypeError, ValueError):
        confidence = 0.0
    return Filters(
        kinds=_subset(kinds, ALL_KINDS),
        relations=_subset([r for r in (relations or []) if r in MODEL.relations], None),
        statuses=_subset(statuses, ALL_STATUSES),
        source_ids=_subset(sources, None),
        min_confidence=confidence,
        date_from=_date(date_from),
        date_to=_date(date_to),
    )


def to_controls(f: Filters) -> dict[str, Any]:
    """The values that put the filter panel in the state `f` describes."""
    return {
        "kinds": ALL_KINDS if f.kinds is None else [k for k in ALL_KINDS if k in f.kinds],
        "relations": sorted(f.relations or []),
        "statuses": ALL_STATUSES if f.statuses is None else [s for s in ALL_STATUSES if s in f.statuses],
        "min_confidence": f.min_confidence,
        "date_from": f.date_from.isoformat() if f.date_from else None,
        "date_to": f.date_to.isoformat() if f.date_to else None,
        "sources": sorted(f.source_ids or []),
    }


def to_json(f: Filters) -> dict[str, Any]:
    return {
        "kinds": sorted(f.kinds) if f.kinds is not None else None,
        "relations": sorted(f.relations) if f.relations is not None else None,
        "statuses": sorted(f.statuses) if f.statuses is not None else None,
        "source_ids": sorted(f.source_ids) if f.source_ids is not None else None,
        "min_confidence": f.min_confidence,
        "date_from": f.date_from.isoformat() if f.date_from else None,
        "date_to": f.date_to.isoformat() if f.date_to else None,
    }


def from_json(data: dict[str, Any] | None) -> Filters:
    if not data:
        return Filters()

    def maybe(key: str) -> frozenset[str] | None:
        return frozenset(data[key]) if data.get(key) is not None else None

    return Filters(kinds=maybe("kinds"), relations=maybe("relations"), statuses=maybe("statuses"),
                   source_ids=maybe("source_ids"), min_confidence=float(data.get("min_confidence") or 0),
                   date_from=_date(data.get("date_from")), date_to=_date(data.get("date_to")))


MAX_SOURCE_OPTIONS = 200  # offered before the user types; a corpus may hold 100,000 sources


def matching_sources(options: list[dict[str, str]], text: str | None, chosen: list[str] | None) -> list[dict[str, str]]:
    """What the source filter offers: the chosen ones, then those whose label contains the text (newest first)."""
    chosen = set(chosen or [])
    needle = (text or "").casefold()
    picked = [o for o in options if o["value"] in chosen]
    rest = (o for o in options if o["value"] not in chosen and needle in o["label"].casefold())
    return picked + [o for _, o in zip(range(MAX_SOURCE_OPTIONS), rest)]


def source_options(sources: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Sources for the source filter, labelled by publisher and date."""
    options = []
    for s in sorted(sources, key=lambda s: (str(s.get("published") or ""), s["id"]), reverse=True):
        label = f"{s.get('publisher') or s['id']} · {str(s.get('published') or '')[:10]}"
        if s.get("title"):
            label += f" · {s['title']}"
        options.append({"label": label[:90], "value": s["id"]})
    return options
