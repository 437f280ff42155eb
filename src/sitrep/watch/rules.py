"""Watch rules: named conditions on stored events, read from TOML files and checked on load.

A file holds one or more `[[rule]]` tables:

    [[rule]]
    name = "iraq-iran-border-assault"        # letters, digits, - and _; names the Atom feed
    title = "Cross-border attacks near the Iraq-Iran border"
    types = ["ASSAULT"]                       # PLOVER types; empty = any
    actors = []                               # actor ids or names (source or target), any case
    actor_countries = []                      # source or target country (ISO alpha-3)
    place_countries = ["IRQ", "IRN"]          # where it happened
    factuality = ["asserted"]                 # empty = any
    cross_border = true                       # omit to ignore
    min_sources = 1                           # documents reporting it (its dedup cluster)
    webhook = ""                              # http(s) URL to POST matches to; "" = none
    [[rule.near]]                             # any of these circles; none = anywhere
    lat = 35.6
    lon = 45.9
    km = 120

`near_border = {countries = ["IRQ", "IRN"], km = 50}` keeps events whose location is within
`km` of a land border, measured by `sitrep.geo.borders.border_distance_km` (Natural Earth
borders). That function gives the *nearest* border and its pair of countries, so with
`countries` the nearest border must be theirs: a point 40 km from the Iraq-Iran border but 20
km from the Iraq-Turkey one does not match a rule for IRQ-IRN. Omit `countries` for any border.
If the provider is missing, a rule using it is refused on load (E544), never silently empty.
"""

from __future__ import annotations

import importlib
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError, Messages
from ..model import FACTUALITY_VALUES

PACKAGED_PREFIX = "sitrep:"
EXAMPLE_RULES = "sitrep:watch/iraq_iran_border.toml"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_CODE = re.compile(r"^[A-Z0-9_]{2,8}$")
_KEYS = frozenset(
    {
        "name",
        "title",
        "types",
        "actors",
        "actor_countries",
        "place_countries",
        "factuality",
        "cross_border",
        "min_sources",
        "webhook",
        "near",
        "near_border",
    }
)

# (lat, lon, max_km=...) -> (km, (country, country)) of the nearest land border, or None when
# none lies within max_km: the signature of sitrep.geo.borders.border_distance_km.
BorderDistance = Callable[..., tuple[float, tuple[str, str]] | None]


@dataclass(frozen=True)
class Circle:
    """A point and a radius in kilometres."""

    lat: float
    lon: float
    km: float
    name: str | None = None


@dataclass(frozen=True)
class NearBorder:
    """Within `km` of a land border; of the border between `countries` (sorted) if given."""

    countries: tuple[str, ...]
    km: float


@dataclass(frozen=True)
class WatchRule:
    """One rule; empty tuples and None mean "any". See the module docstring for the format."""

    name: str
    title: str
    source: str
    types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    actor_countries: tuple[str, ...] = ()
    place_countries: tuple[str, ...] = ()
    factuality: tuple[str, ...] = ()
    cross_border: bool | None = None
    min_sources: int = 1
    near: tuple[Circle, ...] = ()
    near_border: NearBorder | None = None
    webhook: str | None = None


def border_distance_provider() -> BorderDistance | None:
    """`sitrep.geo.borders.border_distance_km`, or None if that module or function is absent
    (it reads a data file that a slimmed install may lack)."""
    try:
        borders = importlib.import_module("sitrep.geo.borders")
    except ImportError:
        return None
    provider = getattr(borders, "border_distance_km", None)
    return provider if callable(provider) else None


def resolve_path(spec: str | Path) -> Path:
    """A rules file path; `sitrep:watch/x.toml` names a file packaged under sitrep/data."""
    text = str(spec)
    if text.startswith(PACKAGED_PREFIX):
        return Path(str(resources.files("sitrep.data").joinpath(text[len(PACKAGED_PREFIX) :])))
    return Path(text)


def load_rules(paths: Iterable[str | Path]) -> list[WatchRule]:
    """Every rule in the given files, in order. Raises ConfigError (E540 unreadable file,
    E541 invalid rule or duplicate name, E544 border rule without a provider)."""
    rules: list[WatchRule] = []
    seen: dict[str, str] = {}
    for spec in paths:
        path = resolve_path(spec)
        try:
            with path.open("rb") as f:
                data = tomllib.load(f)
        except OSError as e:
            raise ConfigError(Messages.E540, path=path, reason=e.strerror or e) from e
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(Messages.E540, path=path, reason=f"not valid TOML: {e}") from e
        tables = data.get("rule", [])
        extra = set(data) - {"rule"}
        if extra or not isinstance(tables, list):
            problem = "the file must hold only [[rule]] tables"
            raise ConfigError(Messages.E541, path=path, rule="-", problem=problem)
        for index, table in enumerate(tables, 1):
            rule = parse_rule(table, source=str(path), index=index)
            if rule.name in seen:
                problem = f"the name is already used by a rule in {seen[rule.name]}"
                raise ConfigError(Messages.E541, path=path, rule=rule.name, problem=problem)
            seen[rule.name] = str(path)
            rules.append(rule)
    return rules


def parse_rule(table: Any, *, source: str, index: int = 1) -> WatchRule:
    """One `[[rule]]` table as a WatchRule, every key checked; ConfigError (E541) if invalid."""
    label = f"#{index}"

    def bad(problem: str) -> ConfigError:
        return ConfigError(Messages.E541, path=source, rule=label, problem=problem)

    if not isinstance(table, Mapping):
        raise bad("a rule must be a table")
    name = table.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise bad("'name' must be 1-64 letters, digits, '-' or '_', starting with a letter/digit")
    label = name
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise bad(f"unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(_KEYS))}")

    def strings(key: str, *, upper: bool = False) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise bad(f"'{key}' must be a list of non-empty strings")
        out = tuple(v.strip().upper() if upper else v.strip() for v in value)
        if upper and not all(_CODE.match(v) for v in out):
            raise bad(f"'{key}' must hold codes such as ASSAULT or IRQ")
        return out

    factuality = strings("factuality")
    for value in factuality:
        if value not in FACTUALITY_VALUES:
            raise bad(f"'factuality' values must be among {', '.join(FACTUALITY_VALUES)}")
    cross_border = table.get("cross_border")
    if cross_border is not None and not isinstance(cross_border, bool):
        raise bad("'cross_border' must be true or false")
    min_sources = table.get("min_sources", 1)
    if isinstance(min_sources, bool) or not isinstance(min_sources, int) or min_sources < 1:
        raise bad("'min_sources' must be a whole number of at least 1")
    webhook = table.get("webhook") or None
    if webhook is not None and (
        not isinstance(webhook, str) or not webhook.startswith(("http://", "https://"))
    ):
        raise bad("'webhook' must be an http:// or https:// URL")
    title = table.get("title", name)
    if not isinstance(title, str):
        raise bad("'title' must be a string")
    near_border = _near_border(table.get("near_border"), bad)
    if near_border is not None and border_distance_provider() is None:
        raise ConfigError(Messages.E544, rule=name)
    return WatchRule(
        name=name,
        title=title,
        source=source,
        types=strings("types", upper=True),
        actors=tuple(a.casefold() for a in strings("actors")),
        actor_countries=strings("actor_countries", upper=True),
        place_countries=strings("place_countries", upper=True),
        factuality=factuality,
        cross_border=cross_border,
        min_sources=min_sources,
        near=_circles(table.get("near", []), bad),
        near_border=near_border,
        webhook=webhook,
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _circles(value: Any, bad: Callable[[str], ConfigError]) -> tuple[Circle, ...]:
    if not isinstance(value, list):
        raise bad("'near' must be a list of {lat, lon, km} tables ([[rule.near]])")
    circles = []
    for item in value:
        if not isinstance(item, Mapping) or set(item) - {"lat", "lon", "km", "name"}:
            raise bad("each [[rule.near]] needs lat, lon, km (and optionally name), nothing else")
        lat, lon, km = (_number(item.get(k)) for k in ("lat", "lon", "km"))
        if lat is None or lon is None or km is None:
            raise bad("each [[rule.near]] needs numbers lat, lon and km")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 < km <= 20_000):
            raise bad(f"[[rule.near]] {lat}, {lon}, {km} km is out of range")
        name = item.get("name")
        circles.append(Circle(lat, lon, km, name if isinstance(name, str) else None))
    return tuple(circles)


def _near_border(value: Any, bad: Callable[[str], ConfigError]) -> NearBorder | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or set(value) - {"countries", "km"}:
        raise bad('\'near_border\' must be a table {countries = ["IRQ", "IRN"], km = 50}')
    countries = value.get("countries", [])
    km = _number(value.get("km"))
    if (
        not isinstance(countries, list)
        or len(countries) not in (0, 2)
        or not all(isinstance(c, str) and _CODE.match(c.upper()) for c in countries)
        or km is None
        or not 0 < km <= 1000
    ):
        raise bad("'near_border' needs km (0-1000) and either no countries or two ISO3 codes")
    return NearBorder(tuple(sorted(c.upper() for c in countries)), km)
