"""Finding and reading claim files: CSV in, DataFrames of stripped strings out, or located problems.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from graph.exc import Problem

RECORDS = ("sources", "entities", "claims")  # the order they are read and checked in


@dataclass
class Table:
    record: str  # one of RECORDS
    path: Path
    frame: pd.DataFrame  # all str; a "at_row" column holds the spreadsheet row


def record_of(path: Path) -> str | None:
    name = path.name.lower()
    return next((r for r in RECORDS if name.endswith(f"{r}.csv")), None)


def find_files(paths: list[Path]) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """Claim files under the given folders and files, each with the record it holds."""
    found: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*.csv") if record_of(p))
            if not files:
                problems.append(Problem(str(path), None, None, "no *sources.csv, *entities.csv or *claims.csv here"))
            found += [(record_of(p), p) for p in files]  # type: ignore[misc]
        elif not path.exists():
            problems.append(Problem(str(path), None, None, "no such file or folder"))
        elif record := record_of(path):
            found.append((record, path))
        else:
            problems.append(Problem(str(path), None, None,
                                    "cannot tell what it holds: name it *sources.csv, *entities.csv or *claims.csv"))
    return found, problems


def fingerprint(files: list[tuple[str, Path]]) -> str:
    """A hash of everything a load would read: each file's bytes and, for sources, the texts they name."""
    digest = hashlib.blake2b(digest_size=16)
    for record, path in sorted(files, key=lambda f: str(f[1])):
        data = path.read_bytes()
        digest.update(hashlib.blake2b(data, digest_size=16).digest())
        if record == "sources":
            try:
                rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
                texts = [r.get("text_file") or "" for r in rows]
            except (UnicodeDecodeError, csv.Error):
                texts = []  # validation will say what is wrong with the file
            for text in filter(None, texts):
                target = path.parent / text
                digest.update(target.read_bytes() if target.is_file() else b"\0missing\0" + text.encode())
    return digest.hexdigest()


def _row_of_byte(data: bytes, offset: int) -> int:
    """The spreadsheet row holding a byte, counting records (quoted newlines stay inside one)."""
    head = data[:offset].decode("utf-8", errors="replace")
    return sum(1 for _ in csv.reader(head.splitlines(keepends=True) or [""])) or 1


def _parse(text: str) -> pd.DataFrame:
    """pyarrow's parser is several times faster; pandas' own says where a malformed file goes wrong."""
    try:
        import pyarrow  # noqa: F401

        return pd.read_csv(io.BytesIO(text.encode()), dtype=str, keep_default_na=False, engine="pyarrow")
    except ImportError:
        pass
    except Exception:  # noqa: BLE001 - any failure: let the C parser find and locate it
        pass
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, on_bad_lines="error")


def read_table(record: str, path: Path, required: list[str]) -> tuple[Table | None, list[Problem]]:
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        return None, [Problem(where, None, None, f"cannot read: {e.strerror}")]
    if not data.strip():
        return None, [Problem(where, None, None, "the file is empty (it needs at least a header row)")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        row = _row_of_byte(data, e.start)
        return None, [Problem(where, row, None, f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start}); "
                                                "save the file as UTF-8")]
    try:
        frame = _parse(text)
    except (pd.errors.ParserError, csv.Error) as e:
        line = re.search(r"line (\d+)", str(e))
        return None, [Problem(where, int(line.group(1)) if line else None, None, f"malformed CSV: {e}")]
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        return None, [Problem(where, 1, c, "required column is missing") for c in missing]
    frame = frame.apply(lambda col: col.str.strip())
    frame["at_row"] = range(2, len(frame) + 2)
    return Table(record, path, frame), []
