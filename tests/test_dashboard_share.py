"""The URL carries the view's recipe; whatever a URL holds is checked before it is used."""

from __future__ import annotations

import datetime as dt

from dashboard.share import decode, encode
from dashboard.view import View
from graph.records import Filters


def test_a_view_round_trips_through_the_query_string():
    view = View(start=["russia", "nicolas-maduro"], expanded={"russia": 2, "nicolas-maduro": 1},
                folded=["russia"], pinned=["iran"], hidden=["vladimir-putin"])
    filters = Filters(kinds=frozenset({"State", "Person"}), relations=frozenset({"REQUESTED_FROM"}),
                      statuses=frozenset({"denied", "disputed"}), source_ids=frozenset({"newsbomb-2025-10-31"}),
                      min_confidence=0.6, date_from=dt.date(2025, 10, 1), date_to=dt.date(2025, 10, 31))
    search = encode(view, filters, "breadthfirst")
    assert search.startswith("?start=russia,nicolas-maduro&expand=russia~2,nicolas-maduro&")
    recipe, decoded, layout = decode(search)
    assert recipe == {"start": ["russia", "nicolas-maduro"], "expanded": {"russia": 2, "nicolas-maduro": 1},
                      "folded": ["russia"], "pinned": ["iran"], "hidden": ["vladimir-putin"]}
    assert decoded == filters and layout == "breadthfirst"


def test_defaults_stay_out_of_the_url():
    assert encode(View(start=["russia"], expanded={"russia": 1}), Filters(), "cose") == "?start=russia&expand=russia"
    assert encode(View(), Filters(), "cose") == ""


def test_a_url_without_a_start_names_no_view():
    assert decode("") is None and decode(None) is None and decode("?layout=grid") is None


def test_hostile_or_broken_values_are_dropped():
    recipe, filters, layout = decode("?start=russia,<script>,a%20b&expand=russia~999,x~-1&kinds=State,Dragon"
                                     "&rels=DROP_ALL&conf=high&from=yesterday&layout=javascript:alert(1)")
    assert recipe["start"] == ["russia"]
    assert recipe["expanded"] == {"russia": 20, "x": 1}
    assert filters.kinds == {"State"} and filters.relations is None
    assert filters.min_confidence == 0 and filters.date_from is None
    assert layout == "cose"
