"""Folding names for search and alias resolution: case-, accent- and final-sigma-insensitive."""

from __future__ import annotations

import functools
import re
import unicodedata

_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 18)  # a load folds each name several times: to resolve, to index, to search
def fold(text: str) -> str:
    """'Μαδούρο', 'ΜΑΔΟΥΡΟ' and 'μαδουρο' fold alike; so do 'Nicolás' and 'nicolas'."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", bare.casefold().replace("ς", "σ")).strip()


def search_key(name: str, aliases: list[str]) -> str:
    """One string per entity that a CONTAINS scan can match; newlines keep names apart."""
    return "\n".join(dict.fromkeys(fold(n) for n in [name, *aliases] if n))
