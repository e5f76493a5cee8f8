"""Checking a CSV's header row against the columns its record has, before any row is read.

A column the loader does not know would be ignored, and its values lost without a word (a misspelt
`contradiction` loads every claim with no contradictions), so an unknown column is an error, with a
suggestion when it is close to a known one. A repeated column would be renamed by pandas and dropped.
"""

from __future__ import annotations

from collections import Counter

from rapidfuzz import process, utils
from rapidfuzz.distance import JaroWinkler

from graph.exc import Problem
from loaders.quoting import cut, shown

# Jaro-Winkler favours a shared beginning, as abbreviations and typos of column names have
# (lang -> language, desc -> description, contradiction -> contradicts); 0.85 keeps unrelated names out.
CLOSE_ENOUGH = 0.85
SEPARATORS = {";": "semicolons", "\t": "tabs"}


def header_problems(where: str, row: int, header: list[str], columns: dict[str, bool],
                    record: str) -> list[Problem]:
    """Every problem with a header, given the record's columns (name -> required)."""
    names = [h.strip() for h in header]
    if len(names) == 1:
        for sep, word in SEPARATORS.items():
            if sep in names[0]:
                return [Problem(where, row, None, f"the header is one column holding {word}: the separator must be "
                                                  "a comma (save the sheet as CSV with commas)")]
    problems: list[Problem] = []
    for name, times in Counter(names).items():
        if name and times > 1:
            at = ", ".join(str(i + 1) for i, n in enumerate(names) if n == name)
            problems.append(Problem(where, row, cut(name), f"the column appears more than once (columns {at}); "
                                                           "keep one and merge their values"))
    unknown = [n for n in dict.fromkeys(names) if n and n not in columns]
    absent = [c for c in columns if c not in names]
    meant = {u: _closest(u, absent) for u in unknown}
    said: set[str] = set()  # unknown columns already named as the likely spelling of a missing one
    for name in absent:
        if columns[name]:
            guess = next((u for u, m in meant.items() if m == name), None)
            hint = f"; is {shown(guess)} meant to be it?" if guess else ""
            problems.append(Problem(where, row, name, f"required column is missing{hint}"))
            said.add(guess or "")
    for name, guess in meant.items():
        if guess is None:
            problems.append(Problem(where, row, cut(name), f"unknown column; {record} files have the columns "
                                                           f"{', '.join(columns)}"))
        elif name not in said:
            problems.append(Problem(where, row, cut(name), f"unknown column; did you mean {guess!r}?"))
    return problems


def _closest(name: str, candidates: list[str]) -> str | None:
    found = process.extractOne(name, candidates, scorer=JaroWinkler.normalized_similarity,
                               processor=utils.default_process, score_cutoff=CLOSE_ENOUGH)
    return found[0] if found else None
