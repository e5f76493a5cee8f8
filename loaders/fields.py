"""Column rules for each record, checked a whole column at a time; every failure becomes a Problem.

Each check takes a mask of bad rows, so a file of a million rows costs a few vectorised passes,
and a file with errors reports all of them, not just the first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pandas as pd

from graph.exc import Problem
from graph.model import MODEL
from loaders.files import Refused, read_text_file
from loaders.quoting import shown
from loaders.read import Table

SLUG = r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$"
LIST_SEPARATOR = "|"
# ASCII digits only: \d also matches other scripts' digits, which no date column should hold.
DATE_FORM = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")
PRECISION_OF_PARTS = {1: "year", 2: "month", 3: "day"}
TRUE, FALSE = {"true", "yes", "1"}, {"false", "no", "0", ""}
MAX_NAME = 500  # characters of an id, a name or an alias
MAX_QUOTE = 5_000  # characters of a quote: a paragraph, not an article
# column -> its longest value (each element of a list column), so that stores and browsers get bounded
# strings. References need no limit: one longer than any name cannot resolve, and planning says so.
LIMITS: dict[str, dict[str, int]] = {
    "sources": {"id": MAX_NAME},
    "entities": {"id": MAX_NAME, "name": MAX_NAME, "aliases": MAX_NAME, "identifiers": MAX_NAME},
    "claims": {"id": MAX_NAME, "quote": MAX_QUOTE},
}
LIST_COLUMNS = {"aliases", "identifiers", "items", "contradicts"}  # cells holding ` | `-separated values

# column -> required; the order is the order columns are documented in seeds/README.md
COLUMNS: dict[str, dict[str, bool]] = {
    "sources": {"id": True, "publisher": True, "url": False, "language": True, "title": False,
                "published": True, "published_precision": True, "published_inferred": True,
                "text_file": False, "text": False},
    "entities": {"id": True, "kind": True, "name": True, "aliases": False, "identifiers": False,
                 "description": False},
    "claims": {"id": True, "source_id": True, "subject": True, "relation": False, "object": False,
               "items": False, "status": True, "confidence": True, "date": False, "date_precision": False,
               "date_inferred": False, "attribution": True, "attributed_to": False, "quote": True, "summary": True,
               "contradicts": False},
}


def required_columns(record: str) -> list[str]:
    return [c for c, needed in COLUMNS[record].items() if needed]


class Checker:
    """Collects problems for one table."""

    def __init__(self, table: Table):
        self.table = table
        self.frame = table.frame
        self.problems: list[Problem] = []

    def flag(self, bad: pd.Series, field: str, message: str | Callable[[str], str]) -> None:
        """Problems for the bad rows; a callable message is given the row's value of `field`."""
        if not bad.any():
            return
        rows = self.frame.loc[bad, "at_row"]
        values = self.column(field)[bad]
        messages = map(message, values) if callable(message) else [message] * len(rows)
        self.problems += [Problem(str(self.table.path), int(r), field, m) for r, m in zip(rows, messages)]

    def column(self, name: str) -> pd.Series:
        """A column, or empty strings when an optional column is absent."""
        if name in self.frame:
            return self.frame[name]
        return pd.Series("", index=self.frame.index)

    def required(self) -> None:
        for name in required_columns(self.table.record):
            self.flag(self.frame[name] == "", name, "is empty, and it is required")

    def slug(self, name: str) -> None:
        col = self.column(name)
        self.flag((col != "") & ~col.str.match(SLUG), name,
                  "must be a slug: lower-case letters, digits and single hyphens (e.g. nicolas-maduro)")

    def one_of(self, name: str, allowed: list[str] | set[str], what: str) -> None:
        col = self.column(name)
        self.flag((col != "") & ~col.isin(list(allowed)), name,
                  lambda v: f"unknown {what} {shown(v)}; expected one of: {', '.join(sorted(allowed))}")

    def boolean(self, name: str) -> pd.Series:
        col = self.column(name).str.lower()
        self.flag(~col.isin(TRUE | FALSE), name, "must be true or false")
        return col.isin(TRUE)

    def number(self, name: str, low: float, high: float) -> pd.Series:
        values = pd.to_numeric(self.column(name), errors="coerce")
        self.flag((self.column(name) != "") & ~values.between(low, high), name,
                  f"must be a number from {low:g} to {high:g}")
        return values

    def date(self, name: str, precision_name: str) -> pd.Series:
        """Dates written YYYY, YYYY-MM or YYYY-MM-DD, in the form their precision column names."""
        col, precision = self.column(name), self.column(precision_name)
        given = col != ""
        self.flag(given & (precision == ""), precision_name, "is required when a date is given")
        self.one_of(precision_name, set(MODEL.date_precisions), "precision")
        read = {v: _calendar_date(v) for v in col.unique()}  # few distinct dates, however many rows
        form = col.map({v: r[0] if r else "" for v, r in read.items()})
        self.flag(given & (form == ""), name, lambda v: f"{shown(v)} is not a date: write YYYY, YYYY-MM or "
                                                        "YYYY-MM-DD, naming a day that exists")
        mismatch = given & (form != "") & precision.isin(list(PRECISION_OF_PARTS.values())) & (form != precision)
        self.flag(mismatch, name, lambda v: f"{shown(v)} is not a date of the form its precision names "
                                            "(YYYY for year, YYYY-MM for month, YYYY-MM-DD for day)")
        dates = col.map({v: r[1] if r else None for v, r in read.items()}).astype(object)
        return dates.where((form != "") & ~mismatch, None)  # datetime.date, as the stores take them

    def lengths(self) -> None:
        """Values longer than LIMITS allows; in a list column, each element counts on its own."""
        for name, limit in LIMITS[self.table.record].items():
            self.length(name, limit)

    def length(self, name: str, limit: int) -> None:
        col = self.column(name)
        too_long = col.str.len() > limit
        if name in LIST_COLUMNS:  # only a cell longer than the limit can hold a longer element
            too_long[too_long] = col[too_long].map(lambda v: _longest(v) > limit)
            self.flag(too_long, name, lambda v: f"one of its values is {_longest(v):,} characters long; "
                                                f"each may be at most {limit:,}")
        else:
            self.flag(too_long, name, lambda v: f"is {len(v):,} characters long; it may be at most {limit:,}")

    def duplicates(self) -> None:
        """The same id twice in one file is allowed only when the rows are identical."""
        content = [c for c in COLUMNS[self.table.record] if c in self.frame]
        dup = self.frame.duplicated("id", keep=False) & ~self.frame.duplicated(content, keep=False)
        self.flag(dup, "id", lambda v: f"id {shown(v)} appears more than once with different content")


def _calendar_date(text: str) -> tuple[str, dt.date] | None:
    """(precision, first day) of a date written YYYY, YYYY-MM or YYYY-MM-DD; None if no such day exists.

    Python's calendar decides, so year 0000, month 13 and 30 February are refused alike, never raised.
    """
    if not DATE_FORM.fullmatch(text):
        return None
    parts = [int(p) for p in text.split("-")]
    try:
        return PRECISION_OF_PARTS[len(parts)], dt.date(*parts, *[1] * (3 - len(parts)))
    except ValueError:
        return None


def _longest(value: str) -> int:
    """The length of the longest element of a list cell."""
    return max((len(p.strip()) for p in value.split(LIST_SEPARATOR)), default=0)


def well_formed(text: str) -> bool:
    scheme, colon, value = text.partition(":")
    return bool(colon and value.strip()) and scheme.strip().lower() in MODEL.identifier_schemes


def identifier(text: str) -> str:
    """One spelling per identifier, so equal ones compare equal: `Wikidata: Q717` is `wikidata:Q717`, and
    values are case-blind except Wikidata's and OpenSanctions' (ISO codes, IMO, ICAO and registrations)."""
    scheme, _, value = text.partition(":")
    scheme, value = scheme.strip().lower(), value.strip()
    return f"{scheme}:{value if scheme in ('wikidata', 'opensanctions') else value.lower()}"


def split_list(col: pd.Series) -> pd.Series:
    """'a | b' -> ['a', 'b']; empty -> []."""
    return col.map(lambda v: [p.strip() for p in v.split(LIST_SEPARATOR) if p.strip()] if v else [])


def parse_source(table: Table) -> tuple[pd.DataFrame, list[Problem]]:
    c = Checker(table)
    c.required()
    c.lengths()
    c.duplicates()
    c.slug("id")
    inferred = c.boolean("published_inferred")
    published = c.date("published", "published_precision")
    texts, problems = [], []
    for text_file, text, row in zip(c.column("text_file"), c.column("text"), c.frame["at_row"]):
        if text_file:
            try:
                text = read_text_file(table.path, text_file).decode("utf-8")
            except Refused as e:
                problems.append(Problem(str(table.path), int(row), "text_file", f"{shown(text_file)} {e}"))
            except UnicodeDecodeError as e:
                problems.append(Problem(str(table.path), int(row), "text_file",
                                        f"{shown(text_file)} is not UTF-8 text (offset {e.start}); save it as UTF-8"))
        texts.append(text)
    out = pd.DataFrame({
        "id": c.column("id"), "publisher": c.column("publisher"), "url": c.column("url"),
        "language": c.column("language"), "title": c.column("title"), "published": published,
        "published_precision": c.column("published_precision"), "published_inferred": inferred,
        "text": texts, "dataset": False, "whole": True, "at_file": str(table.path), "at_row": c.frame["at_row"],
    })
    return out, c.problems + problems


def parse_entities(table: Table) -> tuple[pd.DataFrame, list[Problem]]:
    c = Checker(table)
    c.required()
    c.lengths()
    c.duplicates()
    c.slug("id")
    c.one_of("kind", set(MODEL.kinds), "kind")
    identifiers = split_list(c.column("identifiers"))
    bad = identifiers.map(lambda ids: next((i for i in ids if not well_formed(i)), None))
    c.flag(bad.notna(), "identifiers", lambda _v: "each identifier is scheme:value, the scheme one of "
                                                  f"{', '.join(MODEL.identifier_schemes)} (e.g. wikidata:Q717)")
    out = pd.DataFrame({
        "id": c.column("id"), "kind": c.column("kind"), "name": c.column("name"),
        "aliases": split_list(c.column("aliases")),
        "identifiers": identifiers.map(lambda ids: [identifier(i) for i in ids if well_formed(i)]),
        "description": c.column("description"), "dataset": False,
        "at_file": str(table.path), "at_row": c.frame["at_row"],
    })
    return out, c.problems


def parse_claims(table: Table) -> tuple[pd.DataFrame, list[Problem]]:
    c = Checker(table)
    c.required()
    c.lengths()
    c.duplicates()
    c.slug("id")
    c.one_of("status", set(MODEL.statuses), "status")
    c.one_of("relation", set(MODEL.relations) - MODEL.derived_relations, "relation")
    relation, obj, items = c.column("relation"), c.column("object"), c.column("items")
    c.flag((relation != "") & (obj == ""), "object", "is required when a relation is given")
    takes_items = relation.isin([r.name for r in MODEL.relations.values() if r.item_kinds])
    c.flag((items != "") & ~takes_items, "items", lambda v: "items are given, but the relation does not take items")
    dated = c.column("date") != ""
    c.flag(~dated & (c.column("date_precision") != ""), "date", "is empty, but a precision is given")
    out = pd.DataFrame({
        "id": c.column("id"), "source_id": c.column("source_id"), "subject": c.column("subject"),
        "relation": relation, "object": obj, "items": split_list(items),
        "status": c.column("status"), "confidence": c.number("confidence", 0, 1),
        "date": c.date("date", "date_precision"), "date_precision": c.column("date_precision"),
        "date_inferred": c.boolean("date_inferred"),
        "attribution": c.column("attribution"), "attributed_to": split_list(c.column("attributed_to")),
        "quote": c.column("quote"), "summary": c.column("summary"),
        "contradicts": split_list(c.column("contradicts")), "record": "", "skippable": False,
        "at_file": str(table.path), "at_row": c.frame["at_row"],
    })
    return out, c.problems


PARSERS = {"sources": parse_source, "entities": parse_entities, "claims": parse_claims}
