"""LadybugDB tables from the model: a node table per kind, Claim and Source, a rel table per relation."""

from __future__ import annotations

from graph.model import MODEL, Model

TYPES = {"string": "STRING", "string[]": "STRING[]", "float": "DOUBLE", "int": "INT64", "bool": "BOOLEAN",
         "date": "DATE"}
RECORD_TABLES = {"claim": "Claim", "source": "Source", "loaded_input": "LoadedInput"}


def _columns(record: str, model: Model) -> str:
    props = model.properties[record]
    return ", ".join(f"{name} {TYPES[t]}" + (" PRIMARY KEY" if name == "id" else "") for name, t in props.items())


def statements(model: Model = MODEL) -> list[str]:
    out = [f"CREATE NODE TABLE IF NOT EXISTS {kind}({_columns('entity', model)})" for kind in model.kinds]
    out += [f"CREATE NODE TABLE IF NOT EXISTS {table}({_columns(record, model)})"
            for record, table in RECORD_TABLES.items()]
    rel_props = ", ".join(f"{n} {TYPES[t]}" for n, t in model.properties["relation"].items())
    for rel in model.relations.values():
        pairs = ", ".join(f"FROM {f} TO {t}" for f, t in rel.pairs)
        out.append(f"CREATE REL TABLE IF NOT EXISTS {rel.name}({pairs}, {rel_props})")
    return out
