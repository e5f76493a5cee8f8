"""The stylesheet and legend come from the model: every kind, relation and status is covered."""

from __future__ import annotations

from dashboard.layout import kind_options, status_options
from dashboard.layouts import LAYOUTS, layout_options
from dashboard.styles import SHAPE_CLIP, base_stylesheet, quote_value, status_sample_css, stylesheet
from graph.model import MODEL


def rule(sheet, selector):
    return next(r["style"] for r in sheet if r["selector"] == selector)


def test_every_kind_gets_its_model_colour_and_shape():
    sheet = base_stylesheet()
    for kind in MODEL.kinds.values():
        style = rule(sheet, f'node[kind = "{kind.name}"]')
        assert style == {"background-color": kind.colour, "shape": kind.shape}


def test_every_status_an_edge_can_have_is_drawn_as_the_model_says():
    sheet = base_stylesheet()
    for status in MODEL.all_statuses.values():
        style = rule(sheet, f'edge[status = "{status.name}"]')
        assert style["line-color"] == status.colour and style["line-style"] == status.line
        assert status_sample_css(status.name)["borderTop"] == f"2px {status.line} {status.colour}"
    assert "contested" in MODEL.all_statuses and "contested" not in MODEL.statuses  # only an edge is contested
    assert rule(sheet, 'edge[status = "hedged"]')["line-style"] == "dashed"
    assert rule(sheet, 'edge[status = "denied"]')["target-arrow-shape"] == "tee"
    assert rule(sheet, 'edge[status = "disputed"]')["target-arrow-shape"] == "diamond"


def test_edges_grow_with_independent_origins_and_derived_relations_are_lighter():
    sheet = base_stylesheet()
    assert rule(sheet, "edge")["width"].startswith("mapData(origins")
    for relation in MODEL.derived_relations:
        assert rule(sheet, f'edge[type = "{relation}"]')["opacity"] < 1


def test_the_legend_is_the_kind_filter_and_draws_every_model_shape():
    assert [o["value"] for o in kind_options()] == list(MODEL.kinds)
    assert [o["value"] for o in status_options()] == list(MODEL.statuses)
    assert {k.shape for k in MODEL.kinds.values()} <= set(SHAPE_CLIP)


def test_highlights_quote_ids_so_a_hostile_id_cannot_break_the_selector():
    assert quote_value('a"] node[x') == '"a\\"] node[x"'
    sheet = stylesheet({"nodes": ["russia"], "edges": ["russia>RATIFIED>treaty"]}, focus_edge="a>B>c")
    selectors = [r["selector"] for r in sheet]
    assert 'node[id = "russia"]' in selectors
    assert 'edge[id = "russia>RATIFIED>treaty"]' in selectors
    assert 'edge[id = "a>B>c"]' in selectors
    assert stylesheet() == base_stylesheet()


def test_layouts_offer_a_force_and_a_hierarchical_one():
    names = {options["name"] for _, options in LAYOUTS.values()}
    assert {"cose", "breadthfirst", "concentric"} <= names
    assert layout_options("breadthfirst", ["venezuela"])["roots"] == '[id = "venezuela"]'
    assert layout_options("nonsense")["name"] == "cose"
