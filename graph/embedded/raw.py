"""The engine's own limit, for the benchmark: a corpus's CSV files copied straight into a bare schema.

Entities, sources and claims become node tables of strings, and each claim's source a STATED_IN
relationship: no validation, no alias resolution, no evidence, no transaction around it. What a load
does beyond this is geokg's cost; this is the floor the engine sets on this machine.
"""

from __future__ import annotations

from pathlib import Path

import ladybug
import pandas as pd


def _header(path: Path) -> list[str]:
    return list(pd.read_csv(path, nrows=0).columns)


def raw_copy(corpus: Path, target: Path) -> int:
    """Copies corpus/{entities,sources,claims}.csv into a new graph at `target`; returns the claims copied."""
    db = ladybug.Database(str(target))
    conn = ladybug.Connection(db)
    try:
        for table, name in (("Entity", "entities"), ("Source", "sources"), ("Claim", "claims")):
            columns = ", ".join(f"`{c}` STRING" for c in _header(corpus / f"{name}.csv"))
            conn.execute(f"CREATE NODE TABLE {table}({columns}, PRIMARY KEY(id))")
            # Source texts hold newlines inside quotes, which the engine's parallel CSV reader cannot split on.
            parallel = "false" if name == "sources" else "true"
            conn.execute(f"COPY {table} FROM '{corpus / f'{name}.csv'}' (header=true, parallel={parallel})")
        conn.execute("CREATE REL TABLE STATED_IN(FROM Claim TO Source)")
        conn.execute(f"COPY STATED_IN FROM (LOAD FROM '{corpus / 'claims.csv'}' (header=true) "
                     "RETURN id, source_id)")
        conn.execute("CHECKPOINT")
        return int(conn.execute("MATCH (c:Claim) RETURN count(c)").get_next()[0])
    finally:
        conn.close()
        db.close()
