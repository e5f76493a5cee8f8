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
PROPERTY_TYPES = {"string", "string[]", "float", "float[]", "int", "int[]", "bool", "date"}
ENTITY = "entity"  # a claim link's target that means "any entity kind"


class ItemsSpec(TypedDict):
    kinds: list[str]
    edge: str


class RelationSpec(TypedDict, total=False):
    description: str
    to: list[str]
    items: ItemsSpec
    office: bool


@dataclass(frozen=True)
class Status:
    name: str
    meaning: str
    supports: bool  # asserted and hedged support a fact; denied and disputed dispute it
    colour: str
    line: str  # solid, dashed or dotted
    arrow: str | None = None  # a distinct arrow head, for statuses that must not read as plain support


@dataclass(frozen=True)
class ClaimLink:
    """(:Claim)-[name]->(target), mirroring the claim property `property` (an id or a list of ids)."""

    name: str
    target: str  # a record label, or ENTITY for any kind
    property: str
    description: str
    ordered: bool = False  # the list's order matters: each relationship carries its `position`


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
    office: bool = False  # the subject holds office in the object: folded into its state on request

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
    statuses: dict[str, Status]  # a claim's
    edge_statuses: dict[str, Status]  # only an edge's, derived from its claims
    date_precisions: tuple[str, ...]
    records: dict[str, str]  # label -> property block, for nodes that are not entities
    claim_links: dict[str, ClaimLink]
    derived: dict[str, list[str]]  # record -> properties the loader works out rather than reads
    identifier_schemes: dict[str, str]  # scheme -> what its values are (an identifier is scheme:value)

    def relation_properties(self, name: str | None = None) -> dict[str, str]:
        """What a relation of this type carries: the common properties, and the item ones if it takes items.
        Without a name, every property any relation may carry."""
        items = name is None or bool(self.relations[name].item_kinds)
        return {**self.properties["relation"], **(self.properties["relation_items"] if items else {})}

    def content(self, record: str) -> list[str]:
        """The properties a record's input decides: what its digest covers."""
        return [p for p in self.properties[record] if p != "id" and p not in self.derived.get(record, [])]

    @cached_property
    def derived_relations(self) -> set[str]:
        return {r.item_edge for r in self.relations.values() if r.item_edge}

    @cached_property
    def office_relations(self) -> list[str]:
        return [r.name for r in self.relations.values() if r.office]

    @cached_property
    def all_statuses(self) -> dict[str, Status]:
        """Every status an edge may show: the claims' and the edge-only ones."""
        return {**self.statuses, **self.edge_statuses}

    def supporting(self) -> list[str]:
        return [s.name for s in self.statuses.values() if s.supports]

    def disputing(self) -> list[str]:
        return [s.name for s in self.statuses.values() if not s.supports]

    def label_of(self, record: str) -> str:
        """The node label of a property block: 'claim' -> 'Claim'."""
        return next(label for label, block in self.records.items() if block == record)


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
        office=bool(spec.get("office", False)),
    )


def _statuses(raw: dict, section: str) -> dict[str, Status]:
    statuses = {}
    for name, spec in (raw.get(section) or {}).items():
        _require(isinstance(spec, dict) and {"meaning", "colour", "line"} <= set(spec),
                 f"{section}.{name} needs meaning, colour and line")
        _require(spec["line"] in ("solid", "dashed", "dotted"),
                 f"{section}.{name}: line must be solid, dashed or dotted")
        statuses[name] = Status(name=name, meaning=spec["meaning"], supports=bool(spec.get("supports", False)),
                                colour=spec["colour"], line=spec["line"], arrow=spec.get("arrow"))
    return statuses


def _claim_links(raw: dict, records: dict[str, str], claim_props: dict[str, str]) -> dict[str, ClaimLink]:
    links = {}
    for name, spec in raw["claim_links"].items():
        target, prop = spec.get("to"), spec.get("property")
        _require(target == ENTITY or target in records, f"claim link {name} points to unknown {target!r}")
        _require(claim_props.get(prop) in ("string", "string[]"),
                 f"claim link {name} mirrors {prop!r}, which must be a string or string[] property of claims")
        links[name] = ClaimLink(name=name, target=target, property=prop, description=spec.get("description", ""),
                                ordered=bool(spec.get("ordered", False)))
    return links


def _derived(raw: dict, properties: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    derived = {record: list(props) for record, props in (raw.get("derived") or {}).items()}
    for record, props in derived.items():
        for prop in props:
            _require(prop in properties.get(record, {}), f"derived names unknown property {record}.{prop}")
    return derived


def load_model(path: Path = MODEL_PATH) -> Model:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise InvalidModel(f"{path}: {e}") from e
    kinds = {name: Kind(name=name, **spec) for name, spec in raw["kinds"].items()}
    relations = {name: _relation(name, spec, kinds) for name, spec in raw["relations"].items()}
    _require(not set(kinds) & set(relations), "a kind and a relation share a name")
    records = dict(raw["records"])
    _require(not set(records) & set(kinds), f"{', '.join(records)} are records, not kinds")
    _require(not set(raw["claim_links"]) & set(relations), "a claim link and a relation share a name")
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
    for label, block in records.items():
        _require(block in properties, f"record {label} names unknown properties block {block!r}")
    statuses = _statuses(raw, "statuses")
    _require(any(s.supports for s in statuses.values()) and not all(s.supports for s in statuses.values()),
             "statuses need at least one that supports and one that disputes")
    edge_statuses = _statuses(raw, "edge_statuses")
    _require(not set(statuses) & set(edge_statuses), "a status is both a claim's and an edge-only one")
    # Each relation summarises its claims per status too (graph/evidence.py fills these, graph/cypher_store.py
    # answers a status filter from them): asserted_claims, asserted_confidence, asserted_sources, asserted_origins...
    per_status = {f"{s}_{what}": typ for s in statuses for what, typ in
                  (("claims", "int"), ("confidence", "float"), ("sources", "int"), ("origins", "int"))
                  if what != "origins" or statuses[s].supports}
    properties["relation"] = {**properties["relation"], **per_status}
    return Model(
        kinds=kinds,
        relations=relations,
        properties=properties,
        statuses=statuses,
        edge_statuses=edge_statuses,
        date_precisions=tuple(raw["date_precisions"]),
        records=records,
        claim_links=_claim_links(raw, records, properties["claim"]),
        derived=_derived(raw, properties),
        identifier_schemes=dict(raw["identifier_schemes"]),
    )


MODEL = load_model()
