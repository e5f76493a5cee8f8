"""A claim's links as rows to write: each claim link of the model mirrors one claim property.

Both stores write the same rows: (claim id, target id) per link, grouped by the target's label, with
`position` where the order of the list matters (an attribution chain, nearest teller first).
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from graph.model import ENTITY, MODEL

POSITION = "position"


def link_rows(claims: pd.DataFrame, kind_of: dict[str, str]) -> Iterator[tuple[str, str, pd.DataFrame]]:
    """(link type, target label, rows with from, to and maybe position) for every link of these claims."""
    if claims.empty:
        return
    kinds = pd.Series(kind_of, dtype=object)
    for link in MODEL.claim_links.values():
        values = claims[link.property]
        if MODEL.properties["claim"][link.property] == "string[]":
            exploded = values.explode().dropna()
            rows = pd.DataFrame({"from": claims.loc[exploded.index, "id"].to_numpy(), "to": exploded.to_numpy()})
            if link.ordered:
                rows[POSITION] = exploded.groupby(level=0).cumcount().to_numpy()
        else:
            given = values.fillna("").astype(bool)
            rows = pd.DataFrame({"from": claims.loc[given, "id"].to_numpy(), "to": values[given].to_numpy()})
        if rows.empty:
            continue
        if link.target == ENTITY:
            for label, part in rows.groupby(rows["to"].map(kinds)):
                yield link.name, str(label), part.reset_index(drop=True)
        else:
            yield link.name, link.target, rows
