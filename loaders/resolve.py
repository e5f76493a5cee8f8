"""Entity references: an id, the name or any alias, in any case, with or without accents."""

from __future__ import annotations

import pandas as pd

from graph.exc import Problem
from graph.text import fold


class Resolver:
    """Maps folded names to entity ids; built from the graph's entities plus the ones being loaded."""

    def __init__(self, entities: pd.DataFrame):
        """`entities` has id, kind, name, aliases, and at_file/at_row for rows from the input (NaN otherwise)."""
        self.kind_of: dict[str, str] = dict(zip(entities["id"], entities["kind"]))
        self._known = pd.Index(entities["id"])
        self._ids: dict[str, str] = {}
        self.problems: list[Problem] = []
        for row in entities.itertuples(index=False):
            for name in dict.fromkeys([row.id, row.name, *row.aliases]):
                self._claim(fold(name), name, row)

    def _claim(self, key: str, name: str, row) -> None:
        owner = self._ids.setdefault(key, row.id)
        if owner != row.id:
            where = (row.at_file, int(row.at_row)) if isinstance(row.at_file, str) else ("(graph)", None)
            self.problems.append(Problem(where[0], where[1], "aliases",
                                         f"{name!r} already names {owner!r}; an alias must name one entity"))

    def resolve(self, refs: pd.Series) -> pd.Series:
        """Entity ids for references, None where nothing matches; folds each distinct value once."""
        distinct = refs.drop_duplicates()
        is_id = distinct.isin(self._known)
        lookup = dict(zip(distinct[is_id], distinct[is_id]))
        lookup.update({r: self._ids.get(fold(r)) for r in distinct[~is_id]})
        return refs.map(lookup)
