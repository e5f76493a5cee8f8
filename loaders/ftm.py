"""OpenSanctions' FollowTheMoney exports (JSON lines, one entity a line) as sources, entities and claims.

FtM states its schemata as data (YAML in the `followthemoney` package); this module reads them through the
package rather than restating them: which schema descends from which, which properties hold names, what an
entity's caption is. What geokg makes of a schema is the data below. The package takes ~0.6 s to import;
loaders/read.py imports this module only when an FtM file is loaded.

The file is streamed: each line becomes its rows at once, and a line's references to other entities wait in
a small list until the end, with only each entity's row number kept to check them, so a Sanction may come
before the entity it names. Each dataset an entity is listed in (its `datasets`) is a source of its own,
so an entity on two lists is two sources' claims: corroboration counts the lists, as it counts outlets.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import prefixdate
from followthemoney import model
from followthemoney.exc import FollowTheMoneyException
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry
from normality import slugify_text
from rigour.ids import IMO, WikidataQID

from graph.exc import Problem
from graph.model import MODEL
from graph.records import LoadReport
from loaders.fields import MAX_NAME, identifier
from loaders.files import Refused, open_regular
from loaders.parsed import Input, from_rows
from loaders.read import DATASET_NAMES

# FtM schema -> geokg kind. A schema maps by the first of these it is or descends from (Company and
# PublicBody are Organizations; a Person is a LegalEntity too, so Person comes first); others are skipped.
KINDS = {"Person": "Person", "Airplane": "Aircraft", "Vessel": "Vessel", "Address": "Place",
         "Organization": "Organization", "LegalEntity": "Organization"}
# (schema, property) -> identifier scheme (graph/model.yaml), for that schema and its descendants. Airplane's
# icaoCode is not here: FtM documents it as the ICAO aircraft type designator (A320), which a whole fleet
# shares, not the 24-bit address the icao scheme means.
IDENTIFIERS = {("Thing", "wikidataId"): "wikidata", ("Vessel", "imoNumber"): "imo",
               ("Airplane", "registrationNumber"): "registration"}
# (schema, property naming another entity) -> the relation from this entity to that one.
LINKS = {("Vehicle", "owner"): "BELONGS_TO", ("Vehicle", "operator"): "BELONGS_TO",
         ("Thing", "addressEntity"): "HAS_ADDRESS"}
# A Sanction is no entity: it becomes SANCTIONED_BY from its `entity` to its `authority` (a name, which
# becomes an Organization, one per distinct name), dated by its start, else its listing.
SANCTION, SANCTIONED_BY, SANCTION_DATES = "Sanction", "SANCTIONED_BY", ("startDate", "listingDate")
PUBLISHER = "OpenSanctions"
DATASET_URL = "https://www.opensanctions.org/datasets/{}/"
GENERIC_STEMS = {"entities", "targets", ""}  # OpenSanctions' own file names, which do not name the dataset
PRECISIONS = {4: "year", 7: "month", 10: "day"}  # prefixdate's precision (characters of ISO text) -> ours
MAX_ID = 200  # characters of an FtM id (OpenSanctions' are under 100)
NOTES = 10  # bad lines a load names one by one; the rest are counted


def read_ftm(path: Path) -> Input:
    """The file's entities and claims; bad lines are counted and named in notes, a mostly bad file refused."""
    reading = _Reading(path)
    try:
        with open_regular(path) as f:
            for number, line in enumerate(f, 1):
                if line.strip():
                    reading.line(number, line)
    except Refused as e:
        return _refused(path, [Problem(str(path), None, None, str(e))])
    return reading.finish()


def entity_id(ftm_id: str) -> str:
    """A slug for an FtM id: the id itself when it is one, else its slug with a hash of the original, so
    ids that differ only where slugging cannot see (Q1 and q1, a.b and a-b) never meet."""
    slug = slugify_text(ftm_id) or ""
    if slug == ftm_id:
        return slug
    tag = hashlib.blake2b(ftm_id.encode(), digest_size=4).hexdigest()
    return f"{slug}-{tag}" if slug else tag


@cache
def kind_of(schema_name: str) -> str | None:
    schema = model.get(schema_name)
    return next((kind for ancestor, kind in KINDS.items() if schema and schema.is_a(ancestor)), None)


def date_of(values: list[str]) -> tuple[dt.date | None, str]:
    """The earliest of FtM dates (YYYY, YYYY-MM, YYYY-MM-DD or finer) and the precision it is written to."""
    return next((d for d in map(_date, sorted(values)) if d[0]), (None, ""))


@lru_cache(maxsize=4096)  # a file repeats its dates (last_change, listing dates) many times over
def _date(value: str) -> tuple[dt.date | None, str]:
    parsed = prefixdate.parse(value)
    if parsed.dt is None or parsed.precision.value < prefixdate.Precision.YEAR.value:
        return None, ""
    return parsed.dt.date(), PRECISIONS[min(parsed.precision.value, 10)]


# scheme -> its value as the identifier holds it, or None for a value that is not one (FtM writes IMO9321483)
_NORMAL: dict[str, Callable[[str], str | None]] = {"wikidata": WikidataQID.normalize, "registration": str.strip,
                                                   "imo": lambda v: (IMO.normalize(v) or "").removeprefix("IMO")}


def identifiers(proxy: EntityProxy) -> list[str]:
    """`opensanctions:<id>` always; a Wikidata item when the id is one (OpenSanctions' ids for people in
    Wikidata are their items) or wikidataId names one; an IMO number, a registration (IDENTIFIERS)."""
    found = [f"opensanctions:{proxy.id}"] + ([f"wikidata:{proxy.id}"] if WikidataQID.is_valid(proxy.id) else [])
    for (schema, prop), scheme in IDENTIFIERS.items():
        if proxy.schema.is_a(schema):
            found += [f"{scheme}:{v}" for v in map(_NORMAL[scheme], proxy.get(prop)) if v]
    return list(dict.fromkeys(identifier(i) for i in found if len(i) <= MAX_NAME))


def names(proxy: EntityProxy, caption: Any) -> tuple[str, list[str]]:
    """(name, aliases): the export's caption, else FtM's (its schema says which property gives it); the
    aliases are every name-type value in every script, first and last names joined, an address's full text."""
    given = [v for prop in proxy.iterprops() if prop.type == registry.name for v in proxy.get(prop)]
    if proxy.schema.is_a("Person"):
        given += [f"{first} {last}" for first, last in zip(proxy.get("firstName"), proxy.get("lastName"))]
    if proxy.schema.is_a("Address"):
        given += proxy.get("full")
    fitting = [n for n in dict.fromkeys(" ".join(v.split()) for v in given) if n and len(n) <= MAX_NAME]
    name = _first_name([caption if isinstance(caption, str) else "", lambda: proxy.caption, *fitting],
                       proxy.schema.label) or proxy.id
    return name, [n for n in fitting if n != name]


def _first_name(candidates: list[str | Callable[[], str]], label: str) -> str | None:
    """The first that is a name: not empty, not too long, not the schema's label (FtM's caption when it finds
    no name). A callable is asked only when reached: FtM's caption picks among names, which costs."""
    for candidate in candidates:
        text = " ".join((candidate() if callable(candidate) else candidate).split())
        if text and len(text) <= MAX_NAME and text != label:
            return text
    return None


@dataclass
class _Waiting:
    """A claim that names another line's entity, checked once the whole file is read."""

    claim: dict[str, Any]
    ftm_id: str  # the entity it waits for
    end: str  # which end of the claim it is: "subject" or "object"
    known_kind: str  # the kind of its other end
    summary: Callable[[str], str]  # the claim's summary, given the awaited entity's name
    line: int
    bad_if_missing: bool  # a Sanction without its entity is a bad line; a missing owner just a missing link


class _Reading:
    def __init__(self, path: Path):
        self.path, self.where = path, str(path)
        end = next((e for e in DATASET_NAMES["ftm"] if path.name.lower().endswith(e)), "")
        stem = path.name[: len(path.name) - len(end)]
        # A file whose lines name no dataset is one, named by the file (or its folder: entities.ftm.json).
        self.fallback = path.resolve().parent.name if stem.lower() in GENERIC_STEMS else stem
        self.lines = 0
        self.bad: list[Problem] = []
        self.not_mapped: Counter[str] = Counter()
        self.entities: list[dict[str, Any]] = []
        self.claims: list[dict[str, Any]] = []
        self.waiting: list[_Waiting] = []
        self.at: dict[str, int] = {}  # FtM id -> its row in self.entities
        self.unmapped: dict[str, str] = {}  # FtM id of a line that made no entity -> its schema
        self.sources: dict[str, dict[str, Any]] = {}  # dataset -> its source row
        self.authorities: dict[str, int] = {}  # entity id -> its row in self.entities

    def line(self, number: int, raw: bytes) -> None:
        self.lines += 1
        try:
            data = json.loads(raw)
        except ValueError as e:  # UnicodeDecodeError is one
            return self._bad(number, f"not a JSON object ({e})")
        if not isinstance(data, dict):
            return self._bad(number, "not a JSON object")
        ftm_id, schema = data.get("id"), data.get("schema")
        if not isinstance(ftm_id, str) or not ftm_id.strip() or len(ftm_id) > MAX_ID:
            return self._bad(number, f"no id, or one over {MAX_ID} characters: every entity needs one")
        if not isinstance(schema, str) or model.get(schema) is None:
            return self._bad(number, f"{schema!r} is not a FollowTheMoney schema")
        if ftm_id in self.at or ftm_id in self.unmapped:
            return self._bad(number, f"the id {ftm_id!r} was given to an earlier line")
        try:  # an export is FtM's own output, so clean; a line that does not look it is cleaned by FtM's types
            proxy = model.get_proxy(data, cleaned=_clean(data.get("properties")))
        except (FollowTheMoneyException, TypeError, ValueError, AttributeError) as e:
            return self._bad(number, f"FollowTheMoney cannot read it ({e})")
        kind = kind_of(proxy.schema.name)
        if proxy.schema.is_a(SANCTION):
            self.unmapped[ftm_id] = proxy.schema.name
            self._sanction(number, proxy, data)
        elif kind:
            self._entity(number, proxy, kind, data)
        else:
            self.unmapped[ftm_id] = proxy.schema.name
            self.not_mapped[proxy.schema.name] += 1

    def _bad(self, number: int, message: str) -> None:
        self.bad.append(Problem(self.where, number, None, message))

    def _sources(self, data: dict, number: int) -> list[str]:
        """The sources of a line: one per dataset it is listed in, else the file's."""
        listed = data.get("datasets")
        listed = [listed] if isinstance(listed, str) else listed if isinstance(listed, list) else []
        named = [self._source(d, number, data.get("last_change"), True) for d in listed if isinstance(d, str) and d]
        return named or [self._source(self.fallback, number, data.get("last_change"), False)]

    def _source(self, dataset: str, number: int, last_change: Any, named: bool) -> str:
        """The id of the dataset's source, its publication date moved to the latest change of its entities."""
        source = self.sources.get(dataset)
        if source is None:
            source = self.sources[dataset] = {
                "id": f"opensanctions-{entity_id(dataset.replace('_', '-'))}", "publisher": PUBLISHER,
                "title": f"OpenSanctions dataset {dataset}", "url": DATASET_URL.format(dataset) if named else "",
                "published": None, "published_precision": "", "published_inferred": True, "at_row": number}
        changed, precision = date_of([last_change] if isinstance(last_change, str) else [])
        if changed and precision == "day" and (source["published"] is None or changed > source["published"]):
            source.update(published=changed, published_precision="day")
        return source["id"]

    def _entity(self, number: int, proxy: EntityProxy, kind: str, data: dict) -> None:
        eid, sources = entity_id(proxy.id), self._sources(data, number)
        name, aliases = names(proxy, data.get("caption"))
        self.at[proxy.id] = len(self.entities)
        self.entities.append({"id": eid, "kind": kind, "name": name, "aliases": aliases,
                              "identifiers": identifiers(proxy),
                              "description": f"{proxy.schema.label} in OpenSanctions", "at_row": number})
        topics = proxy.get("topics", quiet=True)
        summary = f"OpenSanctions lists {proxy.schema.label} '{name}'" + (
            f" (topics: {', '.join(topics)})" if topics else "")
        record = json.dumps({"id": proxy.id, "schema": proxy.schema.name, "topics": topics,
                             "countries": sorted(proxy.countries), "first_seen": data.get("first_seen"),
                             "last_change": data.get("last_change")}, ensure_ascii=False)
        links = [(prop, relation, target) for (schema, prop), relation in LINKS.items() if proxy.schema.is_a(schema)
                 for target in proxy.get(prop)]
        for source in sources:
            self.claims.append({"id": f"{source}.{eid}", "source_id": source, "subject": eid, "summary": summary,
                                "attribution": PUBLISHER, "record": record, "at_row": number})
            for prop, relation, target in links:
                said = f"{proxy.schema.label} '{name}' {MODEL.relations[relation].description} "
                claim = {"id": f"{source}.{eid}.{relation.lower().replace('_', '-')}.{entity_id(target)}",
                         "source_id": source, "subject": eid, "relation": relation, "object": entity_id(target),
                         "attribution": PUBLISHER, "record": json.dumps({"id": proxy.id, prop: target}),
                         "at_row": number}
                self.waiting.append(_Waiting(claim, target, "object", kind,
                                             lambda other, said=said, prop=prop: f"{said}'{other}' (FtM {prop})",
                                             number, False))

    def _authority(self, name: str, number: int) -> str:
        """The Organization a sanction's authority names, one per distinct name (as slugs tell them apart)."""
        aid = f"authority-{entity_id(slugify_text(name) or name)}"
        if aid not in self.authorities:
            self.authorities[aid] = len(self.entities)
            self.entities.append({"id": aid, "kind": "Organization", "name": name, "description": "Sanctions authority",
                                  "at_row": number})
        else:  # another spelling of one already read
            row = self.entities[self.authorities[aid]]
            if name != row["name"] and name not in row.setdefault("aliases", []):
                row["aliases"].append(name)
        return aid

    def _sanction(self, number: int, proxy: EntityProxy, data: dict) -> None:
        targets, authorities = proxy.get("entity"), [" ".join(a.split()) for a in proxy.get("authority")]
        authorities = [a for a in dict.fromkeys(authorities) if a and len(a) <= MAX_NAME]
        if not targets or not authorities:
            return self._bad(number, f"a Sanction needs an entity and an authority; this one has "
                                     f"{len(targets)} entities and {len(authorities)} authorities")
        sources = self._sources(data, number)
        start = next((d for p in SANCTION_DATES if (d := date_of(proxy.get(p)))[0]), (None, ""))
        own = {p: v for p, v in proxy.properties.items() if p != "entity"}
        program = "; ".join(proxy.get("program"))
        end, _ = date_of(proxy.get("endDate"))
        sid = entity_id(proxy.id)
        for authority in authorities:
            aid = self._authority(authority, number)
            for target in targets:
                said = (f" under {program}" if program else "") + (f" from {start[0]}" if start[0] else "") + (
                    f" until {end}" if end else "")
                for source in sources:
                    suffix = f".{entity_id(target)}.{aid}" if len(targets) * len(authorities) > 1 else ""
                    claim = {"id": f"{source}.{sid}{suffix}", "source_id": source, "subject": entity_id(target),
                             "relation": SANCTIONED_BY, "object": aid, "date": start[0], "date_precision": start[1],
                             "attribution": f"{authority}, as listed by {PUBLISHER}",
                             "record": json.dumps({"id": proxy.id, "schema": SANCTION, **own}, ensure_ascii=False),
                             "at_row": number}
                    self.waiting.append(_Waiting(claim, target, "subject", "Organization",
                                                 lambda other, a=authority, s=said: f"{a} sanctions '{other}'{s}",
                                                 number, True))

    def _settle(self) -> tuple[int, int]:
        """The waiting claims whose other entity the file has, with a kind their relation joins; returns how many
        links were left out because the file lacks their entity, and how many because the kinds do not fit."""
        missing = misfit = 0
        for w in self.waiting:
            at = self.at.get(w.ftm_id)
            if at is None:  # a Sanction of an entity that is nowhere is bad; of a CryptoWallet, merely not mapped
                if w.bad_if_missing and w.ftm_id not in self.unmapped:
                    self._bad(w.line, f"its entity {w.ftm_id!r} is not in the file")
                else:
                    missing += 1
                continue
            other = self.entities[at]
            ends = (other["kind"], w.known_kind) if w.end == "subject" else (w.known_kind, other["kind"])
            if ends not in MODEL.relations[w.claim["relation"]].pairs:
                misfit += 1
                continue
            self.claims.append({**w.claim, "summary": w.summary(other["name"])})
        return missing, misfit

    def finish(self) -> Input:
        missing, misfit = self._settle()
        if not self.lines:
            return _refused(self.path, [Problem(self.where, None, None, "is empty: no FollowTheMoney entities")])
        if len(self.bad) * 2 > self.lines:
            shown = sorted(self.bad, key=lambda p: p.row or 0)[:NOTES]
            return _refused(self.path, [Problem(self.where, None, None, f"{len(self.bad):,} of its {self.lines:,} "
                                                "lines are bad, more than half: is it a FollowTheMoney export?"),
                                        *shown])
        report = LoadReport()
        report.add("ftm lines", "read", self.lines)
        report.add("ftm lines", "skipped (bad)", len(self.bad))
        report.add("ftm lines", "skipped (schema not mapped)", sum(self.not_mapped.values()))
        report.add("ftm links", "skipped (entity not in the file or not mapped)", missing)
        report.add("ftm links", "skipped (kinds the relation does not join)", misfit)
        report.notes += [f"skipped {p.file}, line {p.row}: {p.message}"
                         for p in sorted(self.bad, key=lambda p: p.row or 0)[:NOTES]]
        if len(self.bad) > NOTES:
            report.notes.append(f"... and {len(self.bad) - NOTES:,} more bad lines in {self.where}")
        if self.not_mapped:
            report.notes.append(f"{self.where}: skipped the schemata geokg does not map: " + ", ".join(
                f"{schema} ({n:,})" for schema, n in self.not_mapped.most_common()))
        return from_rows(self.where, list(self.sources.values()), self.entities, self.claims, [], report)


def _clean(properties: Any) -> bool:
    """Whether properties are as an export writes them (lists of strings), so FtM may read them as they are."""
    return isinstance(properties, dict) and all(
        isinstance(values, list) and all(isinstance(v, str) for v in values) for values in properties.values())


def _refused(path: Path, problems: list[Problem]) -> Input:
    """An Input whose problems refuse the load (planning raises InvalidData), listed with every other file's."""
    return from_rows(str(path), [], [], [], problems)
