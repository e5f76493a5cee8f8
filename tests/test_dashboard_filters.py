"""Filters between the panel, JSON and the store's Filters."""

from __future__ import annotations

import datetime as dt

from dashboard.filters import ALL_KINDS, ALL_STATUSES, from_controls, from_json, source_options, to_controls, to_json
from graph.records import Filters


def test_controls_left_at_everything_mean_no_filter():
    f = from_controls(ALL_KINDS, [], ALL_STATUSES, 0, None, None, [])
    assert f == Filters()


def test_chosen_values_become_filters_and_back():
    f = from_controls(["State", "Person"], ["REQUESTED_FROM", "NOT_A_RELATION"], ["denied"], "0.5",
                      "2025-10-01", "2025-10-31T00:00:00", ["src-1"])
    assert f.kinds == {"State", "Person"}
    assert f.relations == {"REQUESTED_FROM"}
    assert f.statuses == {"denied"}
    assert f.min_confidence == 0.5
    assert (f.date_from, f.date_to) == (dt.date(2025, 10, 1), dt.date(2025, 10, 31))
    assert f.source_ids == {"src-1"}
    assert from_json(to_json(f)) == f
    controls = to_controls(f)
    assert controls["kinds"] == ["State", "Person"]
    assert from_controls(*controls.values()) == f


def test_nothing_ticked_shows_nothing_rather_than_everything():
    assert from_controls([], [], ALL_STATUSES, 0, None, None, []).kinds == frozenset()


def test_bad_values_are_dropped_not_raised():
    f = from_controls(["Dragon"], None, None, "lots", "not-a-date", None, None)
    assert f.kinds == frozenset() and f.min_confidence == 0 and f.date_from is None


def test_sources_are_offered_newest_first():
    options = source_options([{"id": "a", "publisher": "A", "published": "2025-01-01", "title": ""},
                              {"id": "b", "publisher": "B", "published": "2025-10-31", "title": "T"}])
    assert [o["value"] for o in options] == ["b", "a"]
    assert options[0]["label"] == "B · 2025-10-31 · T"
