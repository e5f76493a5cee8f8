"""Reads graph/model.yaml into the one model everything else asks: kinds, relations, properties.

The YAML is checked as a whole when it is read; a bad model fails at import with InvalidModel.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TypedDict

import yaml

from graph.exc import InvalidModel

MODEL_PATH = Path(__file__).with_name("model.yaml")
PROPERTY_TYPES = {"string", "string[]", "float", "int", "bool", "date"}


class ItemsSpec(TypedDict):
    kinds: list[str]
    edge: str


class RelationSpec(TypedDict, total=False):
    description: str
    to: list[str]
    items: ItemsSpec


@dataclass(frozen=True)
class Kind:
    name: str
    description: str
    colour: str
    shape: str


@dataclass(frozen=True)
class Relation:
    name: str
    description: str
    from_kinds: tuple[str, ...]
    to_kinds: tuple[str, ...]
    item_kinds: tuple[str, ...] = ()
    item_edge: str | None = None  # each item also becomes subject -[item_edge]-> item

    def allows(self, from_kind: str, to_kind: str) -> bool:
        return from_kind in self.from_kinds and to_kind in self.to_kinds

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """The (from, to) kind pairs a store declares: exactly what the model allows."""
        return [(f, t) for f in self.from_kinds for t in self.to_kinds]


@dataclass(frozen=True)
class Model:
    kinds: dict[str, Kind]
    relations: dict[str, Relation]
    properties: dict[str, dict[str, str]]  # record -> property -> type
    statuses: dict[str, str]
    date_precisions: tuple[str, ...]

    @cached_property
    def derived_relations(self) -> set[str]:
        return {r.item_edge for r in self.relations.values() if r.item_edge}


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise InvalidModel(f"{MODEL_PATH.name}: {message}")


def _relation(name: str, spec: RelationSpec, kinds: dict[str, Kind]) -> Relation:
    from_kinds = tuple(spec.get("from", ()))  # type: ignore[call-overload]
    to_kinds = tuple(spec.get("to", ()))
    _require(name.isupper() and name.replace("_", "").isalpha(), f"relation {name!r} must be UPPER_SNAKE_CASE")
    _require(bool(from_kinds) and bool(to_kinds), f"relation {name} needs `from` and `to` kinds")
    items = spec.get("items")
    for k in (*from_kinds, *to_kinds, *(items["kinds"] if items else ())):
        _require(k in kinds, f"relation {name} names unknown kind {k!r}")
    return Relation(
        name=name,
        description=spec.get("description", ""),
        from_kinds=from_kinds,
        to_kinds=to_kinds,
        item_kinds=tuple(items["kinds"]) if items else (),
        item_edge=items["edge"] if items else None,
    )


def load_model(path: Path = MODEL_PATH) -> Model:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise InvalidModel(f"{path}: {e}") from e
    kinds = {name: Kind(name=name, **spec) for name, spec in raw["kinds"].items()}
    relations = {name: _relation(name, spec, kinds) for name, spec in raw["relations"].items()}
    _require(not set(kinds) & set(relations), "a kind and a relation share a name")
    _require(not {"Claim", "Source", "LoadedInput"} & set(kinds), "Claim, Source and LoadedInput are records, not kinds")
    # Second pass: an item edge must exist and accept every (subject kind, item kind) it will get.
    for rel in relations.values():
        if rel.item_edge:
            derived = relations.get(rel.item_edge)
            _require(derived is not None, f"relation {rel.name} derives unknown relation {rel.item_edge}")
            for f in rel.from_kinds:
                for k in rel.item_kinds:
                    _require(derived.allows(f, k), f"{rel.item_edge} must allow {f} -> {k} (items of {rel.name})")
    properties = raw["properties"]
    for record, props in properties.items():
        for prop, typ in props.items():
            _require(typ in PROPERTY_TYPES, f"property {record}.{prop} has unknown type {typ!r}")
    return Model(
        kinds=kinds,
        relations=relations,
        properties=properties,
        statuses=raw["statuses"],
        date_precisions=tuple(raw["date_precisions"]),
    )


MODEL = load_model()
