"""The details panel: properties and every claim behind a node or an edge, shown as text, never as markup."""

from __future__ import annotations

from dash import html

from dashboard.evidence import edge_details, format_date, node_details, safe_href


def walk(component):
    """Every component in a tree."""
    if isinstance(component, (list, tuple)):
        for c in component:
            yield from walk(c)
    elif hasattr(component, "to_plotly_json"):
        yield component
        yield from walk(getattr(component, "children", None))


def text(component) -> str:
    if isinstance(component, str):
        return component
    if isinstance(component, (list, tuple)):
        return " ".join(text(c) for c in component)
    if hasattr(component, "children"):
        return text(component.children)
    return "" if component is None else str(component)


def of_type(tree, kind):
    return [c for c in walk(tree) if isinstance(c, kind)]


def test_an_entity_shows_its_properties_and_the_claims_about_it(explorer):
    panel = node_details(explorer, "nicolas-maduro")
    assert text(panel[0]) == "Nicolás Maduro"
    assert "Μαδούρο" in text(panel[1])
    quotes = of_type(panel, html.Blockquote)
    assert quotes and all(q.lang == "el" for q in quotes if "Μαδούρο" in q.children or "Πούτιν" in q.children)
    assert "ο Μαδούρο έστειλε επιστολή στον Βλαντίμιρ Πούτιν" in [q.children for q in quotes]
    cards = of_type(panel, html.Article)
    assert len(cards) == len(explorer.claims_about("nicolas-maduro"))


def test_a_relation_shows_every_claim_with_source_attribution_date_confidence_and_corroboration(explorer):
    panel = edge_details(explorer, "nicolas-maduro>REQUESTED_FROM>vladimir-putin")
    body = text(panel)
    assert "supported by 2 sources (2 independent origins)" in body
    assert "Air-defence radars" in body and "Missiles" in body, "items are named, not given as ids"
    table = next(t for t in of_type(panel, html.Table) if "items" in (t.className or ""))
    rows = [text(row) for row in of_type(table, html.Tr)[1:]]
    assert rows == ["Air-defence radars asserted 0.80 2", "Missiles hedged 0.50 1"], "each item has its own evidence"
    cards = of_type(panel, html.Article)
    assert len(cards) == 3
    langs = {q.lang for q in of_type(panel, html.Blockquote)}
    assert langs == {"el", "en"}, "each quote carries its source's language"
    links = {a.href for a in of_type(panel, html.A)}
    assert "https://www.newsbomb.gr/kosmos/venezuela-military-help" in links
    assert "hedged" in body and "0.50" in body and "2025-10 (inferred)" in body
    assert "The Washington Post, citing US government documents" in body
    assert "Happened" in body and "Reported" in body


def test_denied_and_disputed_claims_are_marked(explorer):
    panel = edge_details(explorer, "united-states>THREATENED>venezuela")
    badges = [c for c in of_type(panel, html.Span) if "badge status-" in (getattr(c, "className", None) or "")]
    assert {"DENIED", "CONTESTED"} <= {b.children for b in badges}
    assert "supported by 1 source (1 independent origin), denied by 1 source" in text(panel)
    assert any("claim status-denied" in c.className for c in of_type(panel, html.Article))
    assert "Conflicts with:" in text(panel)


def test_markup_in_the_data_stays_text(explorer):
    panel = edge_details(explorer, "nicolas-maduro>REQUESTED_FROM>vladimir-putin")
    summaries = [p.children for p in of_type(panel, html.P)]
    assert "Wire copy: Maduro asked Putin for radar upgrades <b>not bold</b>" in summaries
    assert not [c for c in walk(panel) if getattr(c, "dangerously_allow_html", False)]


def test_a_timeline_focus_puts_its_claim_first_and_rings_it(explorer):
    panel = edge_details(explorer, "nicolas-maduro>REQUESTED_FROM>vladimir-putin", focus_claim="wire-maduro-asks-putin")
    first = of_type(panel, html.Article)[0]
    assert "focused" in first.className
    assert "Example Wire" in text(first)


def test_only_http_links_become_links():
    assert safe_href("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_href("  http://example.org ") == "http://example.org"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x", "//evil.example", "", None,
                "https:/no-host", 42):
        assert safe_href(bad) is None


def test_dates_read_at_their_precision():
    assert format_date("2025-10-26", "day", True) == "2025-10-26 (inferred)"
    assert format_date("2025-10-01", "month", False) == "2025-10"
    assert format_date("2023-01-01", "year", False) == "2023"
    assert format_date(None, None) == "undated"


def test_gone_entities_and_relations_say_so(explorer):
    assert "no longer" in text(node_details(explorer, "no-such-entity"))
    assert "no longer" in text(edge_details(explorer, "a>B>c"))
    assert "no longer" in text(edge_details(explorer, "not an edge id"))


def test_long_evidence_lists_the_newest_and_says_how_many_more(explorer, monkeypatch):
    from dashboard import evidence

    monkeypatch.setattr(evidence, "MAX_CARDS", 2)
    panel = node_details(explorer, "nicolas-maduro")
    assert len(of_type(panel, html.Article)) == 2
    assert "The 2 newest of" in text(panel)


def test_a_dataset_claim_shows_its_record_where_a_quote_would_be():
    from dashboard.evidence import claim_card

    card = str(claim_card({"id": "gdelt-1", "status": "asserted", "confidence": 0.3, "quote": "",
                           "record": '{"EventCode": "0232", "GoldsteinScale": 3.4, "<b>": "<i>x</i>"}',
                           "summary": "GDELT: VENEZUELA appeals for military aid to RUSSIA"}, {}))
    assert "A record in a dataset, not a quote" in card and "GoldsteinScale" in card and "3.4" in card
    assert "Blockquote" not in card  # no empty quote drawn above it

