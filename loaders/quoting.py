"""How values from the input appear in messages: quoted and cut short, so that one bad cell of a
megabyte makes a one-line message, not a megabyte of terminal."""

from __future__ import annotations

SHOWN = 60  # characters of a value a message repeats


def cut(text: str, limit: int = SHOWN) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def shown(value: object, limit: int = SHOWN) -> str:
    """repr() of the value, cut with an ellipsis and its full length when long."""
    text = str(value)
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text):,} characters)"
