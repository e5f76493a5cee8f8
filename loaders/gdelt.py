"""GDELT 2.0 events (`*.export.CSV`): an event between two parties whose CAMEO code maps to a relation becomes a
dataset claim, its article a source, and a country actor the State it stands for.

What it reads from where, stated once as data beside this module:
- loaders/data/cameo_relations.yaml: CAMEO event code -> relation, with its direction;
- loaders/data/cameo_actors.yaml: which actors are the state itself (the country code and its organs);
- loaders/data/cameo_countries.csv: CAMEO country code -> ISO 3166-1 alpha-2 and English name, every UN member
  and observer state and Taiwan, from Debian's iso-codes list; CAMEO's older ROM and TMP codes too.

The file is streamed a line at a time and only the rows that become claims are kept, so a 100 MB export reads
in bounded memory. A bad line is counted and reported with its line number and the rest loads; a file that is
mostly bad is refused whole.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from graph.exc import InvalidData, Problem
from graph.records import LoadReport
from graph.text import fold
from loaders.files import Refused, open_regular
from loaders.parsed import Input, from_rows

# The 61 tab-separated columns of a GDELT 2.0 events export, in order (GDELT Event Codebook V2.0).
_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO), *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)
AT = {name: i for i, name in enumerate(COLUMNS)}
# The event's own fields a claim keeps in its `record`, each with the type GDELT gives it.
RECORD = {"EventCode": str, "IsRootEvent": int, "QuadClass": int, "NumSources": int, "NumMentions": int,
          "NumArticles": int, "GoldsteinScale": float, "AvgTone": float, "Actor1Code": str, "Actor2Code": str}

# GDELT is machine coding of one article: worth showing and counting, never as sure as a quoted statement.
CONFIDENCE = 0.3
NOTED = 10  # bad lines, and unmapped codes, a load names; the rest are counted
REFUSAL_PROBLEMS = 50  # bad lines a refused file lists

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Country:
    id: str
    name: str
    aliases: tuple[str, ...]
    iso2: str

    def entity(self, at_row: int) -> dict:
        # the iso: identifier merges it into the graph's state that has it (the seeds' venezuela ...)
        return {"at_row": at_row, "id": self.id, "kind": "State", "name": self.name, "aliases": list(self.aliases),
                "identifiers": [f"iso:{self.iso2}"]}


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def _countries() -> dict[str, Country]:
    with open(DATA / "cameo_countries.csv", encoding="utf-8", newline="") as f:
        return {r["cameo"]: Country(slug(r["name"]), r["name"], tuple(a for a in r["aliases"].split(" | ") if a),
                                    r["iso2"]) for r in csv.DictReader(f)}


COUNTRIES = _countries()
RELATIONS: dict[str, dict] = yaml.safe_load((DATA / "cameo_relations.yaml").read_text(encoding="utf-8"))
STATE_ORGANS = frozenset(yaml.safe_load((DATA / "cameo_actors.yaml").read_text(encoding="utf-8"))["state_organs"])


@dataclass(frozen=True)
class Actor:
    reference: str  # an entity id (a country) or the name planning resolves
    shown: str  # as GDELT names it, for the summary
    country: Country | None


def actor(row: list[str], n: int) -> Actor | None:
    """Actor 1 or 2 of an event, None when the event has none (GDELT leaves both code and name empty)."""
    code, name = row[AT[f"Actor{n}Code"]].strip(), row[AT[f"Actor{n}Name"]].strip()
    if not code and not name:
        return None
    country = COUNTRIES.get(code[:3])
    roles = [code[i:i + 3] for i in range(3, len(code), 3)]
    if country and set(roles) <= STATE_ORGANS and (
            not name or fold(name) in {fold(n) for n in (country.name, *country.aliases)}):
        return Actor(country.id, name or country.name, country)
    return Actor(name, name, None) if name else None  # a code without a name names nobody the graph can know


def _day(text: str, form: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, form).date()
    except ValueError:
        return None


def _record(row: list[str]) -> dict:
    """The event's own fields, numbers as numbers; ValueError names the field that is not one."""
    out = {}
    for name, kind in RECORD.items():
        value = row[AT[name]].strip()
        try:
            out[name] = kind(value) if kind is str or value else None
        except ValueError:
            raise ValueError(name, f"{value!r} is not a number") from None
    return out


def _host(url: str) -> str:
    """The publisher of an article: its URL's host, or what GDELT wrote when that is no URL (BBC Monitoring)."""
    try:
        return urlsplit(url).hostname or url
    except ValueError:  # an unclosed [ of an IPv6 host
        return url


def _source_id(url: str) -> str:
    return "gdelt-" + hashlib.blake2b(url.encode(), digest_size=6).hexdigest()


def read_gdelt(path: Path) -> Input:
    """A GDELT 2.0 events export as planning's Input; raises InvalidData for a file that is mostly bad."""
    where = str(path)
    try:
        raw = open_regular(path)
    except Refused as e:
        raise InvalidData([Problem(where, None, None, str(e))]) from None
    report = LoadReport()
    sources: dict[str, dict] = {}  # url -> its source row
    entities: dict[str, dict] = {}  # id -> its entity row
    claims: list[dict] = []
    bad: list[Problem] = []
    unmapped: Counter[str] = Counter()
    skipped: Counter[str] = Counter()  # why events that were read became no claim
    good = 0
    # GDELT writes UTF-8; a stray byte should cost one name a character, not the file.
    with io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="") as f:
        for line, row in enumerate(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if not row or row == [""]:
                continue
            problem = _problem(row)
            if problem:
                bad.append(Problem(where, line, *problem))
                continue
            good += 1
            one, two = actor(row, 1), actor(row, 2)
            if one is None or two is None:
                skipped["not between two parties"] += 1
                continue
            code = row[AT["EventCode"]].strip()
            mapping = RELATIONS.get(code) or RELATIONS.get(row[AT["EventBaseCode"]].strip())
            if mapping is None:
                unmapped[code] += 1
                continue
            if one.reference == two.reference:
                skipped["one party on both sides"] += 1
                continue
            url = row[AT["SOURCEURL"]].strip()
            reported = _day(row[AT["DATEADDED"]].strip(), "%Y%m%d%H%M%S")
            host = _host(url)
            source = sources.get(url)
            if source is None:
                sources[url] = {"at_row": line, "id": _source_id(url), "publisher": host, "url": url,
                                "language": "und", "title": "", "published": reported, "published_precision": "day",
                                "whole": False}  # the next export may add events from the same article
            elif reported < source["published"]:  # the report date is when GDELT first saw the article
                source["published"] = reported
            for party in (one, two):
                if party.country and party.country.id not in entities:
                    entities[party.country.id] = party.country.entity(line)
            subject, object_ = (two, one) if mapping.get("reverse") else (one, two)
            claims.append({
                "at_row": line, "id": f"gdelt-{row[AT['GLOBALEVENTID']].strip()}", "source_id": sources[url]["id"],
                "subject": subject.reference, "relation": mapping["relation"], "object": object_.reference,
                "status": "asserted", "confidence": CONFIDENCE,
                "date": _day(row[AT["SQLDATE"]].strip(), "%Y%m%d"), "date_precision": "day",
                "attribution": f"GDELT machine coding of {host}",
                "summary": f"GDELT: {one.shown} {mapping['label']} {two.shown} (CAMEO {code})",
                "record": json.dumps(_record(row), ensure_ascii=False)})
    if len(bad) > (good + len(bad)) / 2:
        more = len(bad) - REFUSAL_PROBLEMS
        raise InvalidData(bad[:REFUSAL_PROBLEMS] + [Problem(where, None, None, f"{len(bad):,} of {len(bad) + good:,} "
                          f"lines are bad{f' ({more:,} more not listed)' if more > 0 else ''}: this is not a GDELT 2.0 "
                          "events export, or it is damaged")])
    report.add("events", "read as claims", len(claims))
    skipped.update({"unmapped CAMEO code": sum(unmapped.values()), "bad line": len(bad)})
    for why, n in skipped.items():
        report.add("events", f"skipped: {why}", n)
    if unmapped:
        report.notes.append("unmapped CAMEO codes, most frequent first (loaders/data/cameo_relations.yaml maps "
                            "codes to relations): " + ", ".join(f"{c or '(none)'} x{n}"
                                                                for c, n in unmapped.most_common(NOTED)))
    report.notes += [f"skipped bad line {p}" for p in bad[:NOTED]]
    if len(bad) > NOTED:
        report.notes.append(f"... and {len(bad) - NOTED:,} more bad lines in {where}")
    return from_rows(where, list(sources.values()), list(entities.values()), claims, [], report)


def _problem(row: list[str]) -> tuple[str | None, str] | None:
    """(field, message) for a line that is not a readable event."""
    if len(row) != len(COLUMNS):
        return None, f"{len(row)} tab-separated values; a GDELT 2.0 event has {len(COLUMNS)}"
    if not row[AT["GLOBALEVENTID"]].strip().isdigit():
        return "GLOBALEVENTID", "is not a number"
    for field, form, shape in (("SQLDATE", "%Y%m%d", "YYYYMMDD"), ("DATEADDED", "%Y%m%d%H%M%S", "YYYYMMDDHHMMSS")):
        value = row[AT[field]].strip()
        if len(value) != len(shape) or _day(value, form) is None:
            return field, f"{value!r} is not a date written {shape}"
    if not row[AT["SOURCEURL"]].strip():
        return "SOURCEURL", "is empty: an event needs the article it was coded from"
    try:
        _record(row)
    except ValueError as e:
        return e.args[0], e.args[1]
    return None
