"""LadybugDB tables from the model: a node table per kind and per record, a rel table per relation (with
exactly the (from, to) kind pairs the model allows) and per claim link."""

from __future__ import annotations

from graph.links import POSITION
from graph.model import ENTITY, MODEL, Model

TYPES = {"string": "STRING", "string[]": "STRING[]", "float": "DOUBLE", "float[]": "DOUBLE[]", "int": "INT64",
         "int[]": "INT64[]", "bool": "BOOLEAN", "date": "DATE"}


def _columns(props: dict[str, str], key: bool) -> str:
    return ", ".join(f"{name} {TYPES[t]}" + (" PRIMARY KEY" if key and name == "id" else "")
                     for name, t in props.items())


def tables(model: Model = MODEL) -> dict[str, tuple[str, dict[str, str]]]:
    """table -> (NODE or REL, its columns as the model types them)."""
    out: dict[str, tuple[str, dict[str, str]]] = {kind: ("NODE", model.properties["entity"]) for kind in model.kinds}
    out |= {label: ("NODE", model.properties[block]) for label, block in model.records.items()}
    out |= {rel.name: ("REL", model.relation_properties(rel.name)) for rel in model.relations.values()}
    out |= {link.name: ("REL", {POSITION: "int"} if link.ordered else {}) for link in model.claim_links.values()}
    return out


def link_targets(target: str, model: Model = MODEL) -> list[str]:
    return list(model.kinds) if target == ENTITY else [target]


def statements(model: Model = MODEL) -> list[str]:
    out = []
    for table, (kind, props) in tables(model).items():
        if kind == "NODE":
            out.append(f"CREATE NODE TABLE IF NOT EXISTS {table}({_columns(props, key=True)})")
            continue
        if table in model.relations:
            pairs = [f"FROM {f} TO {t}" for f, t in model.relations[table].pairs]
        else:
            claim = model.label_of("claim")
            pairs = [f"FROM {claim} TO {t}" for t in link_targets(model.claim_links[table].target, model)]
        parts = [*pairs, _columns(props, key=False)] if props else pairs
        out.append(f"CREATE REL TABLE IF NOT EXISTS {table}({', '.join(parts)})")
    return out


def mismatched(existing: dict[str, list[str]], model: Model = MODEL) -> list[str]:
    """Tables whose columns differ from what the model says: a graph built by another version of geokg.

    `existing` maps each table the database has to its column names (rel tables without from/to).
    """
    return [table for table, (_, props) in tables(model).items()
            if table in existing and existing[table] != list(props)]
