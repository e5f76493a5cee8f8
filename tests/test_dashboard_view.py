"""The view's moves against a real embedded store holding the fixture corpus (tests/data/explorer)."""

from __future__ import annotations

from dashboard import view as V
from dashboard.share import decode, encode
from dashboard.timeline import view_claims
from graph.records import Filters


def node_ids(elements):
    return {e["data"]["id"] for e in elements if "source" not in e["data"]}


def edge_ids(elements):
    return {e["data"]["id"] for e in elements if "source" in e["data"]}


def test_the_default_start_is_the_best_connected_entity(explorer):
    assert V.default_start(explorer) == ["venezuela"]


def test_opening_an_entity_shows_it_with_its_neighbourhood(explorer):
    view, elements = V.open_entities(explorer, ["russia"], Filters())
    assert node_ids(elements) == {"russia", "vladimir-putin", "nicolas-maduro", "il-76", "kalashnikov-factory",
                                  "oil-gas-reserves", "strategic-treaty"}
    assert set(view.shown_nodes) == node_ids(elements) and set(view.shown_edges) == edge_ids(elements)
    start = [e for e in elements if e["data"]["id"] == "russia"][0]
    assert start["data"]["start"] is True and start["data"]["kind"] == "State"
    assert view.more("russia") == 0
    claims, omitted = view_claims(explorer, view, Filters())
    assert {"russia-ratified-treaty", "russia-supports-maduro", "il-76-belongs-russia"} <= {c["id"] for c in claims}
    assert omitted == 0


def test_expansion_is_capped_and_pages_on_with_more(explorer):
    view, _ = V.open_entities(explorer, ["venezuela"], Filters(), limit=3)
    assert len(view.shown_nodes) == 4
    total = view.totals["venezuela"]
    assert view.more("venezuela") == total - view.offsets["venezuela"] > 0
    seen = set(view.shown_nodes)
    added = V.expand(explorer, view, "venezuela", Filters(), limit=3)
    assert len(node_ids(added)) == 3 and not node_ids(added) & seen, "only new entities are sent"
    while view.more("venezuela"):
        V.expand(explorer, view, "venezuela", Filters(), limit=3)
    full, _ = V.open_entities(explorer, ["venezuela"], Filters(), limit=100)
    assert set(view.shown_nodes) == set(full.shown_nodes)
    assert view.expanded["venezuela"] > 1


def test_expansion_sends_the_edges_that_join_new_entities_to_those_on_screen(explorer):
    view, _ = V.open_entities(explorer, ["vladimir-putin"], Filters())
    before, shown_edges = set(view.shown_nodes), set(view.shown_edges)
    added = V.expand(explorer, view, "russia", Filters())
    new = node_ids(added) - before
    between = explorer.edges_between(sorted(before | new), Filters())
    joining = {e["id"] for e in between if {e["source"], e["target"]} & new}
    assert new and joining and joining <= edge_ids(added), "every edge joining a new entity to the view is sent"
    assert not edge_ids(added) & shown_edges, "nothing already on screen is sent again"
    assert all(e["data"]["source"] in view.shown_nodes and e["data"]["target"] in view.shown_nodes
               for e in added if "source" in e["data"])


def test_filters_apply_to_what_is_shown_and_to_what_expansion_fetches(explorer):
    no_people = Filters(kinds=frozenset({"State", "Place", "Treaty", "Aircraft", "Facility", "Resource",
                                         "Equipment", "Organization", "Vessel"}))
    view, elements = V.open_entities(explorer, ["russia"], Filters())
    assert "vladimir-putin" in node_ids(elements)
    elements = V.render(explorer, view, no_people)
    assert not {"vladimir-putin", "nicolas-maduro"} & node_ids(elements)
    assert "vladimir-putin" in view.nodes, "a filtered entity stays in the view, ready for when the filter goes"
    assert "vladimir-putin" in node_ids(V.render(explorer, view, Filters()))
    fetched = V.expand(explorer, V.open_entities(explorer, ["venezuela"], no_people)[0], "russia", no_people)
    assert all(e["data"]["kind"] != "Person" for e in fetched if "kind" in e["data"])


def test_status_and_confidence_filters_keep_only_matching_relations(explorer):
    view, _ = V.open_entities(explorer, ["venezuela"], Filters())
    elements = V.render(explorer, view, Filters(statuses=frozenset({"denied"})))
    assert edge_ids(elements) == {"united-states>THREATENED>venezuela"}  # contested: its denial passes
    assert node_ids(elements) == {"venezuela", "united-states"}
    denied = next(e for e in elements if e["data"]["id"] == "united-states>THREATENED>venezuela")
    assert denied["data"]["status"] == "denied", "it shows what the passing claim says, not the whole edge"
    confident = V.render(explorer, view, Filters(min_confidence=0.95))
    assert all(e["data"]["confidence"] >= 0.95 for e in confident if "source" in e["data"])


def test_collapse_undoes_an_expansion_but_keeps_what_others_reached(explorer):
    view, _ = V.open_entities(explorer, ["nicolas-maduro"], Filters())
    before = set(view.shown_nodes)
    V.expand(explorer, view, "russia", Filters())
    assert set(view.shown_nodes) > before
    V.collapse(view, "russia")
    after = node_ids(V.render(explorer, view, Filters()))
    assert after == before
    assert "russia" not in view.expanded


def test_hide_and_show_hidden(explorer):
    view, _ = V.open_entities(explorer, ["russia"], Filters())
    V.hide(view, ["vladimir-putin"])
    assert "vladimir-putin" not in node_ids(V.render(explorer, view, Filters()))
    assert "vladimir-putin" not in node_ids(V.expand(explorer, view, "russia", Filters())), "expanding keeps it hidden"
    V.unhide(view)
    assert "vladimir-putin" in node_ids(V.render(explorer, view, Filters()))


def test_a_path_is_brought_into_view_with_its_ids_for_highlighting(explorer):
    view, _ = V.open_entities(explorer, ["il-76"], Filters())
    elements, path = V.add_path(explorer, view, "il-76", "xi-jinping", Filters())
    assert {"il-76", "xi-jinping"} <= set(path["nodes"])
    assert set(path["edges"]) <= set(view.shown_edges)
    assert "xi-jinping" in node_ids(elements)
    assert V.add_path(explorer, view, "il-76", "no-such-entity", Filters()) == ([], None)


def test_pinned_entities_arrive_with_the_edges_that_join_them(explorer):
    view, _ = V.open_entities(explorer, ["aragua"], Filters())
    added = V.pin(explorer, view, ["il-76", "russia"], Filters())
    assert node_ids(added) == {"il-76", "russia"}
    assert "il-76>BELONGS_TO>russia" in edge_ids(added)
    assert "kalashnikov-factory>BELONGS_TO>russia" in edge_ids(added)
    V.render(explorer, view, Filters(relations=frozenset({"LOCATED_IN"})))
    assert {"il-76", "russia"} <= set(view.shown_nodes), "pinned entities stay even without a shown relation"


def test_a_shared_recipe_replays_to_the_same_view(explorer):
    filters = Filters(statuses=frozenset({"asserted", "hedged", "disputed"}))
    view, _ = V.open_entities(explorer, ["nicolas-maduro"], filters, limit=4)
    V.expand(explorer, view, "nicolas-maduro", filters, limit=4)
    V.expand(explorer, view, "russia", filters, limit=4)
    V.hide(view, ["vladimir-putin"])
    V.render(explorer, view, filters)
    recipe, decoded_filters, layout = decode(encode(view, filters, "concentric"))
    assert decoded_filters == filters and layout == "concentric"
    replayed, elements = V.replay(explorer, recipe, decoded_filters, limit=4)
    assert set(replayed.shown_nodes) == set(view.shown_nodes) == node_ids(elements)
    assert set(replayed.shown_edges) == set(view.shown_edges)


def test_the_status_line_says_what_is_shown_and_what_more_there_is(explorer):
    view, _ = V.open_entities(explorer, ["venezuela"], Filters(), limit=2)
    line = V.status_line(view, {"group": "node", "id": "venezuela"})
    assert line.startswith("3 entities · ")
    assert "press More" in line


def test_an_empty_view_says_what_to_do(explorer):
    assert "Search for an entity" in V.empty_hint(V.View())
    view, _ = V.open_entities(explorer, ["russia"], Filters())
    assert V.empty_hint(view) == ""
    V.render(explorer, view, Filters(kinds=frozenset()))
    assert "filters hide everything" in V.empty_hint(view)


def test_relations_past_the_cap_are_left_out_and_counted(explorer, monkeypatch):
    monkeypatch.setattr(V, "MAX_EDGES", 5)
    view, elements = V.open_entities(explorer, ["venezuela"], Filters())
    assert len(edge_ids(elements)) >= 5 and view.dropped > 0
    assert all("venezuela" in (e["data"]["source"], e["data"]["target"]) for e in elements if "source" in e["data"]), \
        "an expansion keeps the relations of the entity it expands"
    V.render(explorer, view, Filters())
    assert len(view.shown_edges) <= 5 + len(view.shown_nodes)  # the cap, and each entity's best link


def test_what_is_not_drawn_is_counted_exactly_however_many_moves_made_it(explorer, monkeypatch):
    monkeypatch.setattr(V, "MAX_EDGES", 5)
    view, _ = V.open_entities(explorer, ["venezuela"], Filters())
    for entity in ("russia", "nicolas-maduro", "russia"):
        V.expand(explorer, view, entity, Filters())
        among = {e["id"] for e in explorer.edges_between(view.shown_nodes, Filters())}
        assert view.dropped == len(among - set(view.shown_edges)) > 0
        linked = {end for e in view.shown_edges for end in (e.split(">")[0], e.split(">")[2])}
        assert set(view.shown_nodes) - {"venezuela"} <= linked, "an entity arrived without a drawn link"
    assert f"{view.dropped} weaker relations not drawn" in V.summary(view)


def test_the_source_filter_offers_the_newest_and_finds_the_rest_by_typing():
    from dashboard.filters import MAX_SOURCE_OPTIONS, matching_sources

    options = [{"label": f"Wire {i:04d}", "value": f"s{i}"} for i in range(1000)]
    assert len(matching_sources(options, "", [])) == MAX_SOURCE_OPTIONS
    assert [o["value"] for o in matching_sources(options, "wire 0999", [])] == ["s999"]
    kept = matching_sources(options, "wire 0001", ["s500"])
    assert [o["value"] for o in kept] == ["s500", "s1"]
