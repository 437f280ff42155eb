"""Actor dictionaries: countries, sector words, named organisations and people, loaded from data.

The shipped files live in `sitrep/data/actors/`: `countries.tsv` (generated from pycountry by
`scripts/build_actor_countries.py`), and the hand-written YAML files `countries.yaml`
(demonyms, short names, capitals), `sectors.yaml` (sector words and titles), `groups.yaml`
and `people.yaml` (named actors). A user file named in `[stages.actors] dictionaries` has the
same YAML format and may carry any of the sections `countries`, `sectors`, `titles`, `actors`.
Files are read in order; a later file wins when two give the same surface form or actor id.

A person may hold several offices over time (Mohammed bin Salman: defence minister, then crown
prince, then prime minister): `role` and `terms` give the main one, `offices` the others, each
optionally in another country than the person's (a German minister who became an EU leader).
A term date may be a month (`2025-03`) when the day is not known; the entry must then say
`approximate: true`, and the month counts as part of the term at both ends, so a hand-over in
an uncertain month resolves a title to nobody rather than to the wrong person.

Every file is validated when loaded; an error names the file and line. Nothing is read at
import time: `load_dictionary` is called by the stage factory and caches its result.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError, Messages

# PLOVER/CAMEO sector codes accepted in the data.
SECTORS = frozenset({
    "GOV", "MIL", "COP", "REB", "OPP", "PTY", "JUD", "LEG", "SPY", "JRN", "MED", "EDU", "BUS",
    "CVL", "REF", "HLH", "LAB", "REL", "NGO", "CRM", "ELI", "AGR", "ENV", "UAF", "INS",
})  # fmt: skip
# Non-state "country" codes of the contract besides ISO alpha-3.
NON_STATE = frozenset({"IGO", "NGO", "ISM", "IMG", "MNC", "UNO", "EUR"})
KINDS = frozenset({"country", "region", "person", "group", "org", "igo", "media"})
# Surface forms that only mean an actor in an actor position (subject, possessor, agent):
# "Washington said" is the US government, "in Washington" is a place.
METONYM_FORMS = frozenset({"capital", "region"})

SECTOR_LABELS = {
    "GOV": "Government", "MIL": "Military", "COP": "Police", "REB": "Rebels",
    "OPP": "Opposition", "PTY": "Political party", "JUD": "Judiciary", "LEG": "Legislature",
    "SPY": "Intelligence", "JRN": "Media", "MED": "Media", "EDU": "Education",
    "BUS": "Business", "CVL": "Civilians", "REF": "Refugees", "HLH": "Health", "LAB": "Labour",
    "REL": "Religious", "NGO": "NGO", "CRM": "Criminals",
}  # fmt: skip

SHIPPED_FILES = ("countries.tsv", "countries.yaml", "sectors.yaml", "groups.yaml", "people.yaml")

_CODE = re.compile(r"^[A-Z]{3}$")
_ID = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_LINE = "__line__"

Term = tuple[dt.date | None, dt.date | None]
# A further office of a person: role, country (None: the person's own), terms.
Office = tuple[str, str | None, tuple[Term, ...]]


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One known actor: a country, region, organisation, group or person."""

    id: str
    name: str
    country: str | None
    sector: str | None
    kind: str
    role: str | None = None
    terms: tuple[Term, ...] = ()
    offices: tuple[Office, ...] = ()
    approximate: bool = False  # some term date is only known to the month, or is uncertain

    def valid_on(self, day: dt.date | None) -> bool:
        """True when `day` falls in one of the terms (or there is no day or no term)."""
        return day is None or not self.terms or _in_terms(self.terms, day)

    def holds(self, country: str, role: str, day: dt.date | None) -> bool:
        """True when the person held `role` in `country` on `day`; with no day, holds it now
        (a term with an open end). An office without terms is never held by date."""
        main: tuple[Office, ...] = ((self.role, None, self.terms),) if self.role else ()
        for held, where, terms in (*main, *self.offices):
            if held != role or (where or self.country) != country or not terms:
                continue
            if day is None and any(b is None for _, b in terms):
                return True
            if day is not None and _in_terms(terms, day):
                return True
        return False


def _in_terms(terms: tuple[Term, ...], day: dt.date) -> bool:
    return any((a is None or a <= day) and (b is None or day <= b) for a, b in terms)


@dataclass(frozen=True, slots=True)
class SectorWord:
    """A common noun or title naming a kind of actor ("troops" MIL, "prime minister" GOV)."""

    sector: str
    role: str | None = None


@dataclass
class ActorDictionary:
    """Everything the actors stage looks up, keyed for cheap access."""

    entries: dict[str, ActorEntry] = field(default_factory=dict)
    # surface form as written -> (entry id, form: name | demonym | capital | alias | region)
    surface: dict[str, tuple[str, str]] = field(default_factory=dict)
    # lower-cased phrase -> sector word
    sector_words: dict[str, SectorWord] = field(default_factory=dict)

    def lookup(self, form: str) -> tuple[ActorEntry, str] | None:
        """The entry and form kind a surface form names, or None."""
        hit = self.surface.get(form)
        return (self.entries[hit[0]], hit[1]) if hit else None

    def holder(self, country: str, role: str, day: dt.date | None) -> ActorEntry | None:
        """The person holding `role` in `country` on `day`; None unless exactly one fits.

        The entry carries `country` even when the person's own country is another: "the
        German defence minister" in 2017 is a German actor, though the entry of the person,
        later President of the European Commission, has country IGO."""
        found = [
            e for e in self.entries.values() if e.kind == "person" and e.holds(country, role, day)
        ]
        if len(found) != 1:
            return None
        return found[0] if found[0].country == country else replace(found[0], country=country)

    def country(self, code: str) -> ActorEntry | None:
        entry = self.entries.get(code.lower())
        return entry if entry is not None and entry.kind == "country" else None

    def add_surface(self, form: str, entry_id: str, how: str) -> None:
        form = form.strip()
        if form.lower().startswith("the ") and len(form) > 4:
            form = form[4:]  # "the Islamic Republic": the article is matched or not, as it comes
        if form:
            self.surface[form] = (entry_id, how)


# libyaml parses the shipped files about seven times faster than the pure-Python loader (the
# people and groups files are most of the dictionary's load time); both give the same data.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """SafeLoader that records the 1-based line of every mapping under `__line__`."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = loader.construct_mapping(node, deep=True)
    mapping[_LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _Checker:
    """Raises E301 with the file and line of the entry being validated."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, line: int, problem: str) -> ConfigError:
        return ConfigError(Messages.E301, path=self.path, line=line, problem=problem)

    def mapping(self, item: object, line: int, what: str) -> Mapping[str, Any]:
        if not isinstance(item, Mapping):
            raise self.fail(line, f"each {what} entry must be a mapping, got {item!r}")
        return item

    def keys(self, item: Mapping[str, Any], allowed: set[str], required: set[str]) -> int:
        line = int(item.get(_LINE, 0))
        unknown = sorted(set(item) - allowed - {_LINE})
        if unknown:
            raise self.fail(line, f"unknown key(s) {unknown}; allowed: {sorted(allowed)}")
        missing = sorted(required - set(item))
        if missing:
            raise self.fail(line, f"missing key(s) {missing}")
        return line

    def strings(self, value: object, line: int, key: str) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(line, f"'{key}' must be a list of non-empty strings, got {value!r}")
        return list(value)

    def text(self, value: object, line: int, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(line, f"'{key}' must be a non-empty string, got {value!r}")
        return value.strip()

    def code(self, value: object, line: int, *, allow_non_state: bool = True) -> str | None:
        if value is None:
            return None
        ok = isinstance(value, str) and _CODE.match(value)
        if not ok or (not allow_non_state and value in NON_STATE):
            raise self.fail(line, f"country {value!r} is not a 3-letter upper-case code")
        return str(value)

    def sector(self, value: object, line: int) -> str | None:
        if value is None:
            return None
        if value not in SECTORS:
            raise self.fail(line, f"sector {value!r} is not one of {sorted(SECTORS)}")
        return str(value)

    def terms(self, value: object, line: int, *, approximate: bool = False) -> tuple[Term, ...]:
        out: list[Term] = []
        for raw in self.strings(value, line, "terms"):
            parts = raw.split("..")
            if len(parts) != 2:
                raise self.fail(line, f"term {raw!r} must look like 2019-01-31..2023-05-01")
            a = self.date(parts[0], raw, line, approximate=approximate, end=False)
            b = self.date(parts[1], raw, line, approximate=approximate, end=True)
            if a is not None and b is not None and b < a:
                raise self.fail(line, f"term {raw!r} ends before it starts")
            out.append((a, b))
        return tuple(out)

    def date(
        self, text: str, raw: str, line: int, *, approximate: bool, end: bool
    ) -> dt.date | None:
        if not text:
            return None
        month = _MONTH.match(text)
        if month is not None and not approximate:
            raise self.fail(line, f"term {raw!r} gives a month only; add 'approximate: true'")
        try:
            if month is not None:
                year, number = int(month[1]), int(month[2])
                day = calendar.monthrange(year, number)[1] if end else 1
                return dt.date(year, number, day)
            return dt.date.fromisoformat(text)
        except ValueError as e:
            raise self.fail(line, f"term {raw!r} has a bad date ({e})") from e

    def offices(self, value: object, line: int, *, approximate: bool) -> tuple[Office, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(line, f"'offices' must be a list of {{role, terms}}, got {value!r}")
        out: list[Office] = []
        for item in value:
            office = self.mapping(item, line, "offices")
            self.keys(office, {"role", "country", "terms"}, {"role", "terms"})
            role = self.text(office["role"], line, "role")
            country = self.code(office.get("country"), line)
            out.append((role, country, self.terms(office["terms"], line, approximate=approximate)))
        return tuple(out)


def _read_tsv(dictionary: ActorDictionary, text: str, path: str) -> None:
    check = _Checker(path)
    rows = list(csv.reader(text.splitlines(), delimiter="\t"))
    if not rows or rows[0] != ["code", "name", "names", "capital"]:
        raise check.fail(1, "header must be the columns code, name, names, capital")
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != 4:
            raise check.fail(number, f"expected 4 tab-separated columns, got {len(row)}")
        code, name, names, capital = row
        check.code(code, number, allow_non_state=False)
        entry = ActorEntry(id=code.lower(), name=name, country=code, sector=None, kind="country")
        dictionary.entries[entry.id] = entry
        for form in [name, *names.split("|")]:
            dictionary.add_surface(form, entry.id, "name")
        if capital:
            dictionary.add_surface(capital, entry.id, "capital")


def _read_yaml(dictionary: ActorDictionary, text: str, path: str) -> None:
    check = _Checker(path)
    try:
        data = yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass: safe
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise check.fail(mark.line + 1 if mark else 0, f"not valid YAML ({e})") from e
    if data is None:
        return
    top = check.mapping(data, 1, "file")
    check.keys(top, {"countries", "sectors", "titles", "actors"}, set())
    for item in top.get("countries") or []:
        _read_country(dictionary, check, check.mapping(item, 0, "countries"))
    for section in ("sectors", "titles"):
        for item in top.get(section) or []:
            _read_sector(dictionary, check, check.mapping(item, 0, section))
    for item in top.get("actors") or []:
        _read_actor(dictionary, check, check.mapping(item, 0, "actors"))


def _read_country(dictionary: ActorDictionary, check: _Checker, item: Mapping[str, Any]) -> None:
    line = check.keys(item, {"code", "names", "demonyms", "capitals"}, {"code"})
    code = check.code(item["code"], line, allow_non_state=False)
    entry = dictionary.country(code or "")
    if entry is None:
        raise check.fail(line, f"country {code} is not in countries.tsv (ISO 3166-1 alpha-3)")
    for key, how in (("names", "name"), ("demonyms", "demonym"), ("capitals", "capital")):
        for form in check.strings(item.get(key), line, key):
            dictionary.add_surface(form, entry.id, how)


def _read_sector(dictionary: ActorDictionary, check: _Checker, item: Mapping[str, Any]) -> None:
    line = check.keys(item, {"sector", "role", "words"}, {"sector", "words"})
    sector = check.sector(item["sector"], line)
    role = check.text(item["role"], line, "role") if item.get("role") is not None else None
    word = SectorWord(sector=sector or "", role=role)
    for phrase in check.strings(item["words"], line, "words"):
        for form in _with_plural(phrase.lower()):
            dictionary.sector_words[form] = word


def _with_plural(phrase: str) -> list[str]:
    # A naive English plural of the last word, so the data need not list "ministers"; a wrong
    # plural ("policemans") is harmless because it never occurs.
    head, _, last = phrase.rpartition(" ")
    if last.endswith("s") or last in {"police", "media", "military", "people", "intelligence"}:
        return [phrase]
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        plural = last[:-1] + "ies"
    elif last.endswith(("sh", "ch", "x")):
        plural = last + "es"
    elif last.endswith("man"):
        plural = last[:-3] + "men"
    else:
        plural = last + "s"
    return [phrase, f"{head} {plural}".strip()]


_ACTOR_KEYS = {
    "id", "name", "country", "sector", "kind", "role", "terms", "aliases", "offices", "approximate",
}  # fmt: skip


def _read_actor(dictionary: ActorDictionary, check: _Checker, item: Mapping[str, Any]) -> None:
    line = check.keys(item, _ACTOR_KEYS, {"id", "name", "country"})
    actor_id = check.text(item["id"], line, "id")
    if not _ID.match(actor_id):
        raise check.fail(line, f"id {actor_id!r} must be lower case letters, digits, '.' and '-'")
    kind = item.get("kind", "group")
    if kind not in KINDS:
        raise check.fail(line, f"kind {kind!r} is not one of {sorted(KINDS)}")
    approximate = item.get("approximate", False)
    if not isinstance(approximate, bool):
        raise check.fail(line, f"'approximate' must be true or false, got {approximate!r}")
    entry = ActorEntry(
        id=actor_id,
        name=check.text(item["name"], line, "name"),
        country=check.code(item["country"], line),
        sector=check.sector(item.get("sector"), line),
        kind=str(kind),
        role=check.text(item["role"], line, "role") if item.get("role") is not None else None,
        terms=check.terms(item.get("terms"), line, approximate=approximate),
        offices=check.offices(item.get("offices"), line, approximate=approximate),
        approximate=approximate,
    )
    dictionary.entries[actor_id] = entry
    how = "region" if kind == "region" else "alias"
    for form in [entry.name, *check.strings(item.get("aliases"), line, "aliases")]:
        dictionary.add_surface(form, actor_id, how)


def _read(dictionary: ActorDictionary, name: str, text: str) -> None:
    if name.endswith(".tsv"):
        _read_tsv(dictionary, text, name)
    else:
        _read_yaml(dictionary, text, name)


@functools.lru_cache(maxsize=8)
def load_dictionary(extra: tuple[str, ...] = ()) -> ActorDictionary:
    """The shipped dictionaries plus the user files `extra` (in order; later files win).

    Raises ConfigError E300 for a file that cannot be read, E301 for an invalid entry.
    """
    dictionary = ActorDictionary()
    base = resources.files("sitrep.data").joinpath("actors")
    for name in SHIPPED_FILES:
        shipped = base.joinpath(name)
        try:
            text = shipped.read_text("utf-8")
        except OSError as e:
            raise ConfigError(Messages.E300, path=str(shipped), reason=e) from e
        _read(dictionary, str(shipped), text)
    for name in extra:
        try:
            text = Path(name).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise ConfigError(Messages.E300, path=name, reason=e) from e
        _read(dictionary, name, text)
    return dictionary


def dictionary_paths(value: object) -> tuple[str, ...]:
    """Validate the `dictionaries` setting: a list of paths (E302 otherwise)."""
    if value is None:
        return ()
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise ConfigError(Messages.E302, setting="dictionaries", value=value, problem="not a list")
    paths: Iterable[object] = value
    out = []
    for p in paths:
        if not isinstance(p, str | Path):
            raise ConfigError(
                Messages.E302, setting="dictionaries", value=value, problem=f"{p!r} is not a path"
            )
        out.append(str(p))
    return tuple(out)
