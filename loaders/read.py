"""Finding and reading claim files: CSV in, DataFrames of stripped strings out, or located problems.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first record row 2, and a
blank line is a row too (pandas skips it, so rows after one are numbered from the file itself).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from graph.exc import Problem
from loaders.files import Refused, open_regular, read_regular, read_text_file
from loaders.header import header_problems

RECORDS = ("sources", "entities", "claims")  # the order they are read and checked in
# Datasets in their own formats, known by name: record -> what a file's name ends with (lower-cased).
DATASET_NAMES = {"ftm": (".ftm.json", ".ftm.jsonl", ".jsonl", ".ndjson"), "gdelt": (".export.csv",)}
BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")  # one starting with "\n" is searched for fast
# Inline source texts run to megabytes; the csv module refuses fields over 128 KB unless told.
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))


class Malformed(Exception):
    """A CSV the parser cannot read, located: (row, field, message)."""


@dataclass
class Table:
    record: str  # one of RECORDS
    path: Path
    frame: pd.DataFrame  # all str; a "at_row" column holds the spreadsheet row


def record_of(path: Path) -> str | None:
    """What a file holds, by its name: one of RECORDS, or a dataset of DATASET_NAMES."""
    name = path.name.lower()
    dataset = next((d for d, ends in DATASET_NAMES.items() if name.endswith(ends)), None)
    return dataset or next((r for r in RECORDS if name.endswith(f"{r}.csv")), None)


def _read_ftm(path: Path):
    from loaders.ftm import read_ftm  # importers load only when a file needs them

    return read_ftm(path)


def _read_gdelt(path: Path):
    from loaders.gdelt import read_gdelt

    return read_gdelt(path)


DATASETS = {"ftm": _read_ftm, "gdelt": _read_gdelt}  # record -> its reader: Path -> loaders.parsed.Input


def find_files(paths: list[Path]) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """Claim files under the given folders and files, each with the record it holds."""
    found: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if record_of(p) and not p.is_dir())
            if not files:
                problems.append(Problem(str(path), None, None, "no *sources.csv, *entities.csv or *claims.csv here, "
                                        "nor a dataset (*.ftm.json, *.export.CSV)"))
            found += [(record_of(p), p) for p in files]  # type: ignore[misc]
        elif not path.exists():
            problems.append(Problem(str(path), None, None, "no such file or folder"))
        elif record := record_of(path):
            found.append((record, path))
        else:
            problems.append(Problem(str(path), None, None,
                                    "cannot tell what it holds: name it *sources.csv, *entities.csv or *claims.csv, "
                                    "or give a dataset's own name (*.ftm.json, *.jsonl, *.export.CSV)"))
    return found, problems


def fingerprint(files: list[tuple[str, Path]]) -> str:
    """A hash of everything a load would read: each file's bytes and, for sources, the texts they name.

    It never raises and reads nothing validation would refuse: a file or text that cannot be read adds
    a marker instead, and validation then says what is wrong with it.
    """
    digest = hashlib.blake2b(digest_size=16)
    for record, path in sorted(files, key=lambda f: str(f[1])):
        try:
            if record != "sources":  # a dataset runs to gigabytes: hashed as it is read, never held whole
                with open_regular(path) as f:
                    digest.update(hashlib.file_digest(f, lambda: hashlib.blake2b(digest_size=16)).digest())
                continue
            data = read_regular(path)
        except Refused as e:
            digest.update(b"\0refused\0" + str(e).encode())
            continue
        except OSError as e:
            digest.update(b"\0unreadable\0" + str(e).encode())
            continue
        digest.update(hashlib.blake2b(data, digest_size=16).digest())
        for text in _text_files(data):
            try:
                digest.update(read_text_file(path, text))
            except Refused:
                digest.update(b"\0missing\0" + text.encode())
    return digest.hexdigest()


def _text_files(data: bytes) -> list[str]:
    """The text_file values of a sources CSV, as validation will read them (stripped)."""
    try:
        rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        header = [h.strip() for h in next(rows, [])]
        if "text_file" not in header:
            return []
        at = header.index("text_file")
        return [r[at].strip() for r in rows if len(r) > at and r[at].strip()]
    except (UnicodeDecodeError, csv.Error):
        return []  # validation will say what is wrong with the file


def _row_of_byte(data: bytes, offset: int) -> int:
    """The spreadsheet row holding a byte, counting records (quoted newlines stay inside one)."""
    head = data[:offset].decode("utf-8", errors="replace")
    return sum(1 for _ in csv.reader(head.splitlines(keepends=True) or [""])) or 1


def _records(text: str) -> Iterator[list[str]]:
    return csv.reader(io.StringIO(text, newline=""))


def _blank(record: list[str]) -> bool:
    """A line pandas skips: empty, or spaces only."""
    return not record or (len(record) == 1 and not record[0].strip())


def _header(text: str) -> tuple[int, list[str] | None]:
    """The header's row and its names as written (None when the csv module cannot read it)."""
    try:
        for row, record in enumerate(_records(text), 1):
            if not _blank(record):
                return row, record
    except csv.Error:
        pass
    return 1, None


def _data_rows(text: str, header_row: int, count: int) -> list[int] | range:
    """The spreadsheet row of each parsed record; a file without blank lines needs no second pass."""
    plain = range(header_row + 1, header_row + 1 + count)
    if header_row == 1 and not BLANK_LINE.search(text):
        return plain
    try:
        rows = [n for n, record in enumerate(_records(text), 1) if not _blank(record)][1:]
    except csv.Error:
        return plain
    return rows if len(rows) == count else plain  # the parsers disagree: fall back to counting


def _parse(text: str, header_row: int, names: list[str] | None) -> pd.DataFrame:
    """pyarrow's parser is several times faster; pandas' own accepts what pyarrow is strict about."""
    try:
        import pyarrow  # noqa: F401

        return pd.read_csv(io.BytesIO(text.encode()), dtype=str, keep_default_na=False, engine="pyarrow")
    except ImportError:
        pass
    except Exception:  # noqa: BLE001 - any failure: let the C parser read it, or fail
        pass
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, on_bad_lines="error")
    except (pd.errors.ParserError, csv.Error) as e:
        raise Malformed(*(_locate(text, header_row, names or []) or _as_said(e))) from None


def _locate(text: str, header_row: int, names: list[str]) -> tuple[int, str | None, str] | None:
    """The row (and field) that made the parser give up, found by reading the records again with csv."""
    width = len(names)
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(io.StringIO(text, newline=""))
    last: tuple[int, list[str], int] | None = None
    start = 0  # the physical line the next record starts on
    for row, record in enumerate(reader, 1):
        if row > header_row and len(record) > width:
            return row, None, (f"malformed CSV: {len(record)} values, but the header names {width} columns; "
                               "a value that holds a comma must be in double quotes")
        last, start = (row, record, start), reader.line_num
    if last is None:
        return None
    row, record, first = last
    try:  # a quote that never closes swallows the rest of the file into the last record
        list(csv.reader(io.StringIO("".join(lines[first:]), newline=""), strict=True))
    except csv.Error as e:
        if "unexpected end of data" in str(e):
            field = names[len(record) - 1].strip() if 0 < len(record) <= width else None
            return row, field, ("malformed CSV: a double quote opens this value and never closes, so the rest of "
                                'the file ran into it; close it (a quote inside a quoted value is written "")')
    return None


def _as_said(error: Exception) -> tuple[int | None, None, str]:
    """The parser's own words, on one line, when the records do not show what it tripped on."""
    said = " ".join(str(error).split()).replace("Error tokenizing data. C error: ", "")
    line, row = re.search(r"line (\d+)", said), re.search(r"at row (\d+)", said)
    at = int(line.group(1)) if line else int(row.group(1)) + 1 if row else None  # "row" counts from 0
    return at, None, f"malformed CSV: {said}"


def read_table(record: str, path: Path, columns: dict[str, bool]) -> tuple[Table | None, list[Problem]]:
    """The file's rows as a Table, given the record's columns (name -> required); or its problems."""
    where = str(path)
    try:
        data = read_regular(path)
    except Refused as e:
        return None, [Problem(where, None, None, str(e))]
    if not data.strip():
        return None, [Problem(where, None, None, "the file is empty (it needs at least a header row)")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        row = _row_of_byte(data, e.start)
        return None, [Problem(where, row, None, f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start}); "
                                                "save the file as UTF-8")]
    header_row, names = _header(text)
    if names is not None:
        problems = header_problems(where, header_row, names, columns, record)
        if problems:
            return None, problems
    try:
        frame = _parse(text, header_row, names)
    except Malformed as e:
        return None, [Problem(where, *e.args)]
    at_row = _data_rows(text, header_row, len(frame))
    # The names as written: pandas renames a repeated or empty one (quote.1, Unnamed: 3).
    given = names if names is not None and len(names) == len(frame.columns) else frame.columns
    frame.columns = [str(c).strip() for c in given]
    unnamed = [i for i, c in enumerate(frame.columns) if not c]
    if unnamed:
        problems = _values_without_a_column(where, frame, unnamed, at_row)
        if problems:
            return None, problems
        frame = frame.loc[:, [bool(c) for c in frame.columns]]
    missing = [c for c, needed in columns.items() if needed and c not in frame.columns]
    if missing:
        return None, [Problem(where, header_row, c, "required column is missing") for c in missing]
    # Plain Python strings from here on: planning loops over values, and pandas 3's Arrow-backed strings
    # cost about ten times more to iterate in Python.
    frame = frame.apply(lambda col: col.str.strip()).astype(object)
    frame["at_row"] = at_row
    return Table(record, path, frame), []


def _values_without_a_column(where: str, frame: pd.DataFrame, unnamed: list[int], at_row) -> list[Problem]:
    """An empty header cell is harmless over an empty column, and loses data over a filled one."""
    problems = []
    for i in unnamed:
        filled = (frame.iloc[:, i].str.strip() != "").to_numpy()
        if filled.any():
            row = list(at_row)[int(filled.argmax())]
            problems.append(Problem(where, row, None, f"a value in column {i + 1}, which has no name in the header; "
                                                      "name the column or empty it"))
    return problems
