"""Entity references: an id, the name or any alias, in any case, with or without accents; and, for one that
matches nothing, the names it was probably meant to be (another grammatical case, a transliteration, a typo)."""

from __future__ import annotations

import re

import pandas as pd
import snowballstemmer
from rapidfuzz import fuzz, process

from graph.exc import Problem
from graph.text import fold

# Greek and Russian decline names (Ρωσίας, России); Ukrainian spells them apart (Росія). Stems catch the first,
# similarity the rest. Only a declined form of one entity's name is read as it; the rest are hints.
_STEMMERS = [snowballstemmer.stemmer(language) for language in ("greek", "russian")]
_FINAL_SIGMA = re.compile(r"σ\b")  # fold() writes ς as σ; the Greek stemmer knows endings by ς
HINT_SCORE = 70  # rapidfuzz ratio (0-100) a name must reach to be offered
HINTS_PER_LOAD = 50  # distinct unknown references given hints or read as a name; past that, likely the wrong file
SURE_STEM = 4  # letters a shared stem needs before it can decide (Ιράν and Ιράκ both stem to ιρ)
SURE_SCORE = 80  # and how alike the two forms must be spelt (Путина/Путин 91, Ρωσίας/Ρωσία 91)


def stem(folded: str) -> str:
    words = _FINAL_SIGMA.sub("ς", folded).split()
    for stemmer in _STEMMERS:
        words = stemmer.stemWords(words)
    return " ".join(words)


class Resolver:
    """Maps folded names to entity ids; built from the graph's entities plus the ones being loaded."""

    def __init__(self, entities: pd.DataFrame):
        """`entities` has id, kind, name, aliases, and at_file/at_row for rows from the input (NaN otherwise)."""
        self.kind_of: dict[str, str] = dict(zip(entities["id"], entities["kind"]))
        self._known = pd.Index(entities["id"])
        self._ids: dict[str, str] = {}
        self._shared: dict[str, list[str]] = {}  # folded names several entities go by -> those entities
        self.problems: list[Problem] = []
        self._named: list[tuple[str, str]] = []  # (name or alias as written, entity id), for hints
        self._names: list[tuple[str, str, str]] | None = None
        self._folded: list[str] = []
        self._stems: list[str] = []
        self._by_stem: dict[str, list[int]] = {}
        self._hints: dict[str, list[tuple[str, str]]] = {}
        self.read_as: dict[str, tuple[str, str]] = {}  # reference -> (name, entity) it was taken for
        for row in entities.itertuples(index=False):
            for name in dict.fromkeys([row.id, row.name, *row.aliases]):
                self._claim(fold(name), name, row)
                self._named.append((name, row.id))

    def _claim(self, key: str, name: str, row) -> None:
        """A hand-written entity may not take another's name; a dataset's may (two people called Ivan Petrov),
        and so may the graph's: such a name then resolves to none of them, and a reference by it gets hints."""
        if key in self._shared:
            self._shared[key].append(row.id)
            return
        owner = self._ids.setdefault(key, row.id)
        if owner == row.id:
            return
        if isinstance(row.at_file, str) and not getattr(row, "dataset", False):
            self.problems.append(Problem(row.at_file, int(row.at_row), "aliases",
                                         f"{name!r} already names {owner!r}; an alias must name one entity"))
        else:
            self._shared[key] = [self._ids.pop(key), row.id]

    def unknown(self, ref: str) -> str:
        """The problem for a reference that matches nothing, with the closest names when there are any."""
        if fold(ref) in self._shared:
            owners = self._shared[fold(ref)]
            listed = ", ".join(owners[:5]) + (", ..." if len(owners) > 5 else "")
            return f"{ref!r} names {len(owners)} entities ({listed}); refer to one by its id"
        message = f"no entity has the id, name or alias {ref!r}"
        if ref not in self._hints and len(self._hints) < HINTS_PER_LOAD:
            self._hints[ref] = self._closest(ref)
        closest = self._hints.get(ref)
        if closest:
            message += "; did you mean " + " or ".join(f"{name!r} ({entity})" for name, entity in closest) + "?"
        return message

    def _index(self) -> list[tuple[str, str, str]]:
        """(name, folded, entity) for every name and alias, with their stems: built on the first unknown
        reference only, so a clean load never pays for it."""
        if self._names is None:
            self._names = [(name, fold(name), entity) for name, entity in self._named]
            self._folded = [folded for _, folded, _ in self._names]
            self._stems = [stem(folded) for folded in self._folded]
            for at, stemmed in enumerate(self._stems):
                self._by_stem.setdefault(stemmed, []).append(at)
        return self._names

    def _sure(self, ref: str) -> tuple[str, str] | None:
        """(name, entity) when the reference is another form of exactly one entity's name: the same stem (of
        at least SURE_STEM letters) and spelt nearly alike. A typo, or a stem shared by two entities, is no
        such thing: it gets a hint, never a guess."""
        names, folded = self._index(), fold(ref)
        stemmed = stem(folded)
        if len(stemmed.replace(" ", "")) < SURE_STEM:
            return None
        alike = {names[at][2]: names[at][0] for at in self._by_stem.get(stemmed, [])
                 if fuzz.ratio(folded, names[at][1]) >= SURE_SCORE}
        if len(alike) != 1:
            return None
        ((entity, name),) = alike.items()
        return name, entity

    def _closest(self, ref: str, limit: int = 3) -> list[tuple[str, str]]:
        self._index()
        score: dict[int, float] = {}
        for query, choices in ((fold(ref), self._folded), (stem(fold(ref)), self._stems)):
            for _, points, at in process.extract(query, choices, scorer=fuzz.ratio, score_cutoff=HINT_SCORE,
                                                 limit=10):
                score[at] = max(score.get(at, 0), points)
        out: dict[str, str] = {}  # entity -> the name that came closest
        for at in sorted(score, key=lambda i: (-score[i], self._names[i][0])):
            name, _, entity = self._names[at]
            out.setdefault(entity, name)
        return [(name, entity) for entity, name in list(out.items())[:limit]]

    def resolve(self, refs: pd.Series) -> pd.Series:
        """Entity ids for references, None where nothing matches; folds each distinct value once."""
        distinct = refs.drop_duplicates()
        is_id = distinct.isin(self._known)
        lookup = dict(zip(distinct[is_id], distinct[is_id]))
        lookup.update({r: self._ids.get(fold(r)) for r in distinct[~is_id]})
        unknown = [r for r, entity in lookup.items() if entity is None and r]  # "": a claim without an object
        if len(unknown) + len(self.read_as) <= HINTS_PER_LOAD:  # else nothing is guessed: every one is a problem
            for ref in unknown:
                sure = self.read_as.get(ref) or self._sure(ref)
                if sure:
                    self.read_as[ref] = sure
                    lookup[ref] = sure[1]
        return refs.map(lookup)
