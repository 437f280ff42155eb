"""Replaces the derived representative points of countries and US states with the centre of
their outlines.

`scripts/build_gazetteer.py` can only derive a point from where a country's towns are (a
trimmed bounding box of cities), which drifts towards populous coasts: Texas came out near
Austin, Alaska near Anchorage. Geographic gazetteers (GeoNames, the CIA World Factbook) give
the middle of the territory instead, and that is what annotated corpora and users expect. This
script computes that middle from the outlines: the area-weighted centroid of the country's
polygons, leaving out far-flung islands and territories (polygons whose own centroid is more
than 1,500 km from the largest polygon's). Rows written by hand (`source` = hand) are kept;
rows it computes get `source` = outline, which build_gazetteer.py keeps too.

Sources: npm `world-atlas` 2.0.2 (Natural Earth 4.1.0 Admin 0 countries 1:50m) and `us-atlas`
3.0.1 (Census Bureau cartographic state boundaries 2017), both public domain with ISC
packaging (see `sitrep/data/places/*.LICENSE`). Reproduce with:

    npm pack world-atlas@2.0.2 us-atlas@3.0.1
    mkdir wa ua && tar xzf world-atlas-2.0.2.tgz -C wa && tar xzf us-atlas-3.0.1.tgz -C ua
    python scripts/build_outline_points.py wa/package/countries-50m.json ua/package/states-10m.json
"""

from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path

from build_borders import alpha3, decode_arcs

PLACES = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "data" / "places"
ISLAND_KM = 1500.0
Point = tuple[float, float]


def rings_of(geometry: dict[str, object], arcs: list[list[Point]]) -> list[list[Point]]:
    """The outer ring of each polygon, as (lat, lon) points with longitudes unwrapped so a ring
    that crosses the antimeridian stays continuous."""
    kind, parts = geometry.get("type"), geometry.get("arcs") or []
    assert isinstance(parts, list)
    polygons = parts if kind == "MultiPolygon" else [parts] if kind == "Polygon" else []
    rings = []
    for polygon in polygons:
        outer: list[Point] = []
        for index in polygon[0]:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            outer.extend(arc[1:] if outer else arc)
        unwrapped: list[Point] = []
        for lat, lon in outer:
            if unwrapped:
                prev = unwrapped[-1][1]
                lon += 360.0 * round((prev - lon) / 360.0)
            unwrapped.append((lat, lon))
        if len(unwrapped) >= 4:
            rings.append(unwrapped)
    return rings


def ring_centroid(ring: list[Point]) -> tuple[float, float, float]:
    """(area, lat, lon) of a ring on a local equirectangular projection (shoelace formula)."""
    mean_lat = sum(p[0] for p in ring) / len(ring)
    k = math.cos(math.radians(mean_lat))
    area = cx = cy = 0.0
    for (y0, x0), (y1, x1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * k * y1 - x1 * k * y0
        area += cross
        cx += (x0 * k + x1 * k) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        return 0.0, ring[0][0], ring[0][1]
    area /= 2.0
    return abs(area), cy / (6.0 * area), cx / (6.0 * area * k)


def km(a: Point, b: Point) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def outline_point(rings: list[list[Point]]) -> Point | None:
    parts = [ring_centroid(r) for r in rings]
    parts = [p for p in parts if p[0] > 0]
    if not parts:
        return None
    largest = max(parts, key=lambda p: p[0])
    # Unwrap each polygon's longitude towards the largest's (Fiji lies across the antimeridian).
    parts = [(a, lat, lon + 360.0 * round((largest[2] - lon) / 360.0)) for a, lat, lon in parts]
    near = [p for p in parts if km((p[1], p[2]), (largest[1], largest[2])) <= ISLAND_KM]
    total = sum(p[0] for p in near)
    lat = sum(p[0] * p[1] for p in near) / total
    lon = sum(p[0] * p[2] for p in near) / total
    # The centre of a curved country can fall outside it (Vietnam's lies in Laos): then the
    # outline gives no point and the derived one stays.
    if not any(inside((lat, lon), ring) for ring in rings):
        return None
    lon = (lon + 180.0) % 360.0 - 180.0
    return round(lat, 2), round(lon, 2)


def inside(point: Point, ring: list[Point]) -> bool:
    """Even-odd rule; longitudes of the ring are unwrapped, so try the point's lon +-360 too."""
    lat = point[0]
    for lon in (point[1], point[1] + 360.0, point[1] - 360.0):
        crossings = 0
        for (y0, x0), (y1, x1) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
                crossings += 1
        if crossings % 2:
            return True
    return False


def points_by_key(path: Path, obj: str, key_of: object) -> dict[str, Point]:
    topo = json.loads(path.read_text("utf-8"))
    arcs = decode_arcs(topo)
    found: dict[str, Point] = {}
    for geometry in topo["objects"][obj]["geometries"]:
        key = key_of(geometry)  # type: ignore[operator]
        point = outline_point(rings_of(geometry, arcs))
        if key and point:
            found[key] = point
    return found


def rewrite(path: Path, key: str, points: dict[str, Point]) -> int:
    lines = path.read_text("utf-8").splitlines(keepends=True)
    comments = [line for line in lines if line.startswith("#")]
    rows = list(csv.DictReader((ln for ln in lines if not ln.startswith("#")), delimiter="\t"))
    changed = 0
    for row in rows:
        point = points.get(row[key])
        if row.get("source") == "hand" or point is None:
            continue
        row["lat"], row["lon"], row["source"] = str(point[0]), str(point[1]), "outline"
        changed += 1
    with path.open("w", encoding="utf-8", newline="") as f:
        f.writelines(comments)
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return changed


def main(countries_json: Path, states_json: Path) -> None:
    countries = points_by_key(countries_json, "countries", alpha3)
    n = rewrite(PLACES / "countries.tsv", "alpha3", countries)
    print(f"countries.tsv: {n} points from outlines")
    states = points_by_key(states_json, "states", lambda g: (g.get("properties") or {}).get("name"))
    n = rewrite(PLACES / "us_states.tsv", "name", states)
    print(f"us_states.tsv: {n} points from outlines")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
