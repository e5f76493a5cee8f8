"""The timeline of claims: one row per relation type, coloured by status, escaped hover text."""

from __future__ import annotations

from dashboard.evidence import claim_edge
from dashboard.timeline import clicked_claim, figure

CLAIMS = [
    {"id": "c1", "relation": "REQUESTED_FROM", "date": "2025-10-01", "date_precision": "month", "status": "asserted",
     "when_from": "2025-10-01", "when_to": "2025-10-31",
     "confidence": 0.8, "summary": "Maduro <script>x</script> asked", "attribution": "WaPo", "publisher": "P",
     "edge_ids": ["m>SOUGHT>r", "m>REQUESTED_FROM>p"]},
    {"id": "c2", "relation": "THREATENED", "date": "2025-10-31", "date_precision": "day", "status": "denied",
     "when_from": "2025-10-31", "when_to": "2025-10-31",
     "confidence": 0.8, "summary": "No", "attribution": "Trump", "publisher": "P", "edge_ids": ["u>THREATENED>v"]},
    {"id": "c3", "relation": "SUPPORTS", "date": None, "status": "asserted", "confidence": 1, "summary": "",
     "attribution": "", "reported": "2025-11-02", "reported_precision": "day", "when_from": "2025-11-02",
     "when_to": "2025-11-02", "edge_ids": []},
]


def test_points_by_status_on_rows_by_relation():
    fig = figure(CLAIMS)
    traces = {t.name: t for t in fig.data if t.x[0] is not None and t.mode == "markers"}
    legend = {t.name: t for t in fig.data if t.x[0] is None}
    assert set(traces) == set(legend) == {"asserted", "denied"}
    assert list(traces["asserted"].y) == ["REQUESTED_FROM", "SUPPORTS"]
    assert legend["asserted"].marker.symbol == "circle", "the legend shows a solid marker"
    assert traces["denied"].marker.symbol[0] == "x"
    assert traces["asserted"].marker.symbol[0] == "circle-open", "a month-precise date is drawn open"
    assert list(traces["asserted"].customdata[0]) == ["c1", "m>REQUESTED_FROM>p"]
    undated = list(traces["asserted"].x).index("2025-11-02")
    assert traces["asserted"].marker.symbol[undated] == "diamond", "no event date: placed by its report, marked"
    assert "no event date; reported 2025-11-02" in traces["asserted"].hovertext[undated]


def test_hover_text_is_escaped():
    hover = next(t for t in figure(CLAIMS).data if t.hovertext).hovertext[0]
    assert "<script>" not in hover and "&lt;script&gt;" in hover


def test_no_claims_says_so():
    assert "No claims behind the relations in view" in figure([]).layout.annotations[0].text


def test_a_click_names_the_claim_and_its_relation():
    assert clicked_claim({"points": [{"customdata": ["c1", "m>REQUESTED_FROM>p"]}]}) == ("c1", "m>REQUESTED_FROM>p")
    assert clicked_claim(None) is None and clicked_claim({"points": [{}]}) is None
    assert claim_edge(CLAIMS[0]) == "m>REQUESTED_FROM>p"
    assert claim_edge(CLAIMS[2]) is None


def test_a_month_is_drawn_as_a_span_and_a_single_day_gets_a_readable_axis():
    spans = [t for t in figure(CLAIMS).data if t.mode == "lines"]
    assert [list(t.x) for t in spans] == [["2025-10-01", "2025-10-31", None]]  # c1, known to the month
    lone = figure([CLAIMS[1]])
    assert list(lone.layout.xaxis.range) == ["2025-10-16", "2025-11-15"]
    assert figure(CLAIMS).layout.xaxis.range is None

