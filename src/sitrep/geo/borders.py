"""Distance from a point to the nearest international land border.

The borders are the arcs two countries share in Natural Earth's 1:50m Admin 0 boundaries
(`sitrep/data/places/borders.tsv`, built by `scripts/build_borders.py`): coastlines are not
borders. The arcs are split into straight segments, and each segment is filed under every cell of
a one-degree grid that its bounding box touches, so a query only measures the segments of the
cells around the point, ring by ring, until no nearer segment can exist. Distances use a local
equirectangular projection around the point, which is well within a kilometre of the great-circle
distance at the ranges watch rules use (tens to hundreds of kilometres).
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ..errors import ConfigError, Messages
from .sources import package_data, read_tsv

KM_PER_DEGREE = 6371.0 * math.pi / 180.0
CELL_DEGREES = 1.0
# Beyond this a point is "far from any land border" (mid-ocean, most of Australia) and the
# search stops: None is returned.
DEFAULT_MAX_KM = 1000.0

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Borders:
    """Border segments as parallel arrays, with a grid index from cell to segment numbers."""

    lat1: Floats
    lon1: Floats
    lat2: Floats
    lon2: Floats
    pair: npt.NDArray[np.int32]
    pairs: tuple[tuple[str, str], ...]
    cells: dict[tuple[int, int], npt.NDArray[np.int32]]

    def __len__(self) -> int:
        return len(self.pair)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL_DEGREES), math.floor(lon / CELL_DEGREES)


def read_borders(path: Path) -> Borders:
    """The segments of a borders TSV (columns a, b, points), with their grid index."""
    pairs: dict[tuple[str, str], int] = {}
    rows: list[tuple[float, float, float, float, int]] = []
    for line, row in read_tsv(path, ("a", "b", "points")):
        try:
            points = [tuple(map(float, p.split(","))) for p in row["points"].split()]
        except ValueError as e:
            raise ConfigError(
                Messages.E006, path=path, line=line, problem=f"bad point ({e})"
            ) from e
        if len(points) < 2 or any(len(p) != 2 for p in points):
            problem = "points must be at least two lat,lon pairs separated by spaces"
            raise ConfigError(Messages.E006, path=path, line=line, problem=problem)
        code = pairs.setdefault((row["a"], row["b"]), len(pairs))
        for (a_lat, a_lon), (b_lat, b_lon) in itertools.pairwise(points):
            rows.append((a_lat, a_lon, b_lat, b_lon, code))
    table = np.array([r[:4] for r in rows], dtype=np.float64).reshape(-1, 4)
    low = np.floor(np.minimum(table[:, [0, 1]], table[:, [2, 3]]) / CELL_DEGREES).astype(np.int64)
    high = np.floor(np.maximum(table[:, [0, 1]], table[:, [2, 3]]) / CELL_DEGREES).astype(np.int64)
    buckets: dict[tuple[int, int], list[int]] = {}
    # Nearly every segment lies in one cell; the few that cross cell edges are filed in each.
    for n, (r0, c0, r1, c1) in enumerate(np.hstack([low, high]).tolist()):
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                buckets.setdefault((r, c), []).append(n)
    return Borders(
        lat1=table[:, 0].copy(),
        lon1=table[:, 1].copy(),
        lat2=table[:, 2].copy(),
        lon2=table[:, 3].copy(),
        pair=np.array([r[4] for r in rows], dtype=np.int32),
        pairs=tuple(pairs),
        cells={k: np.array(v, dtype=np.int32) for k, v in buckets.items()},
    )


@functools.lru_cache(maxsize=1)
def load_borders() -> Borders:
    """The shipped borders, read once per process (about 0.1 s)."""
    return read_borders(package_data("borders.tsv"))


def _wrap(dlon: Floats) -> Floats:
    result: Floats = (dlon + 180.0) % 360.0 - 180.0
    return result


def _distances(borders: Borders, lat: float, lon: float, segments: npt.NDArray[np.int32]) -> Floats:
    """Kilometres from the point to each of the segments, in a projection centred on it."""
    kx = KM_PER_DEGREE * math.cos(math.radians(lat))
    ax = _wrap(borders.lon1[segments] - lon) * kx
    ay = (borders.lat1[segments] - lat) * KM_PER_DEGREE
    # Relative to the segment's own start, so a segment on the far side of the globe does not
    # straddle the seam of the projection.
    bx = ax + _wrap(borders.lon2[segments] - borders.lon1[segments]) * kx
    by = (borders.lat2[segments] - lat) * KM_PER_DEGREE
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    safe = np.where(length2 > 0, length2, 1.0)
    t = np.clip(-(ax * dx + ay * dy) / safe, 0.0, 1.0)
    px, py = ax + t * dx, ay + t * dy
    result: Floats = np.sqrt(px * px + py * py)
    return result


def border_distance_km(
    lat: float, lon: float, *, max_km: float = DEFAULT_MAX_KM, borders: Borders | None = None
) -> tuple[float, tuple[str, str]] | None:
    """Distance in km from (lat, lon) to the nearest land border between two countries, and that
    border's pair of ISO alpha-3 codes in alphabetical order; None if no border lies within
    `max_km` (or the coordinates are out of range).
    """
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0) or math.isnan(lat + lon):
        return None
    table = borders if borders is not None else load_borders()
    row, col = _cell(lat, lon)
    span = round(360 / CELL_DEGREES)
    cell_km = CELL_DEGREES * KM_PER_DEGREE
    best: tuple[float, int] | None = None
    visited: set[tuple[int, int]] = set()
    step = 0
    while True:
        # A box `step` cells tall each way, and wide enough that every cell outside it is at
        # least `step` cell heights away (cells narrow towards the poles).
        edge = math.cos(math.radians(min(abs(lat) + step + CELL_DEGREES, 90.0)))
        across = span if edge * span <= step else min(span, math.ceil(step / edge))
        new = [
            cell
            for r in range(row - step, row + step + 1)
            for c in range(col - across, col + across + 1)
            if (cell := (r, (c + span // 2) % span - span // 2)) not in visited
        ]
        visited.update(new)
        found = [table.cells[c] for c in new if c in table.cells]
        if found:
            segments = np.concatenate(found)
            distances = _distances(table, lat, lon, segments)
            k = int(np.argmin(distances))
            if best is None or distances[k] < best[0]:
                best = (float(distances[k]), int(segments[k]))
        reach = step * cell_km
        if (best is not None and best[0] <= reach) or reach > max_km:
            break
        step += 1
    if best is None or best[0] > max_km:
        return None
    return round(best[0], 3), table.pairs[int(table.pair[best[1]])]
