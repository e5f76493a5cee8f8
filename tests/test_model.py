"""The model file: read once, checked whole; a bad one fails with a message that names the problem."""

from __future__ import annotations

import pytest
import yaml

from graph.embedded.ddl import statements
from graph.exc import InvalidModel
from graph.model import MODEL, MODEL_PATH, load_model


def write(tmp_path, mutate) -> object:
    raw = yaml.safe_load(MODEL_PATH.read_text(encoding="utf-8"))
    mutate(raw)
    path = tmp_path / "model.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_the_model_has_the_cards_kinds_and_relations():
    assert {"State", "Person", "Aircraft", "Treaty", "Organization", "Place", "Vessel", "Facility", "Equipment",
            "Resource"} <= set(MODEL.kinds)
    assert MODEL.relations["REQUESTED_FROM"].allows("Person", "State")
    assert not MODEL.relations["RATIFIED"].allows("Aircraft", "Treaty")
    assert MODEL.relations["REQUESTED_FROM"].item_edge == "SOUGHT"


def test_malformed_yaml(tmp_path):
    path = tmp_path / "model.yaml"
    path.write_text("kinds: {State: [unclosed\n", encoding="utf-8")
    with pytest.raises(InvalidModel) as caught:
        load_model(path)
    assert str(path) in str(caught.value)


def test_a_relation_naming_an_unknown_kind(tmp_path):
    path = write(tmp_path, lambda raw: raw["relations"]["RATIFIED"].update({"from": ["Planet"]}))
    with pytest.raises(InvalidModel, match="RATIFIED names unknown kind 'Planet'"):
        load_model(path)


def test_an_item_edge_that_does_not_accept_its_items(tmp_path):
    path = write(tmp_path, lambda raw: raw["relations"]["SOUGHT"].update({"to": ["Equipment"]}))
    with pytest.raises(InvalidModel, match="SOUGHT must allow"):
        load_model(path)


def test_a_property_of_unknown_type(tmp_path):
    path = write(tmp_path, lambda raw: raw["properties"]["claim"].update({"weight": "decimal"}))
    with pytest.raises(InvalidModel, match="unknown type 'decimal'"):
        load_model(path)


def test_adding_a_relation_is_one_entry(tmp_path):
    path = write(tmp_path, lambda raw: raw["relations"].update(
        {"ACCUSED": {"description": "publicly accused", "from": ["State", "Person"], "to": ["State", "Person"]}}))
    model = load_model(path)
    created = "CREATE REL TABLE IF NOT EXISTS ACCUSED(FROM State TO State,"
    assert any(ddl.startswith(created) for ddl in statements(model))
    assert model.relations["ACCUSED"].pairs == [("State", "State"), ("State", "Person"), ("Person", "State"),
                                                 ("Person", "Person")]
