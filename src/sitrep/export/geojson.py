"""GeoJSON (RFC 7946): one Feature per event, its point the event location.

Coordinates are [longitude, latitude]. An event without coordinates keeps its Feature with a
null geometry (RFC 7946 section 3.2 allows it) so counts agree with the other formats; map
clients skip such features. Properties are the flat CSV columns of `sitrep query --format csv`
plus the document's title and url.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from ..store import StoredEvent
from ..store.output import csv_row


def feature(row: StoredEvent) -> dict[str, Any]:
    """The event as a GeoJSON Feature; `id` is the store-wide event id."""
    loc = row.event.location
    geometry: dict[str, Any] | None = None
    if loc is not None and loc.lat is not None and loc.lon is not None:
        geometry = {"type": "Point", "coordinates": [loc.lon, loc.lat]}
    properties = csv_row(row)
    properties["title"] = row.title
    properties["url"] = row.url
    properties["contexts"] = list(row.event.contexts)
    return {"type": "Feature", "id": row.event.id, "geometry": geometry, "properties": properties}


def feature_collection(rows: Iterable[StoredEvent], **members: Any) -> dict[str, Any]:
    """A FeatureCollection of `rows`; `members` are added as foreign members (e.g. paging)."""
    return {"type": "FeatureCollection", **members, "features": [feature(r) for r in rows]}


def write_geojson(rows: Iterable[StoredEvent], out: TextIO) -> int:
    """Write one FeatureCollection to `out`, features streamed one per line; return the count."""
    # Streamed rather than json.dump of the whole collection: an export of a large store
    # should not need the entire document in memory as one string.
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for row in rows:
        if n:
            out.write(",\n")
        out.write(json.dumps(feature(row), ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n
