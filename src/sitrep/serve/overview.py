"""Aggregates behind the web page: map grid cells, timeline buckets and the actor network.

The page never asks for all events: at any zoom the map gets one row per occupied grid cell
(a square of `360 / 2**zoom / 4` degrees, about 64 pixels on a 256-pixel web-map tile), the
timeline one row per day, week, month or year, and the network the top N actors with the edges
between them. Everything is computed by DuckDB over the same `EventFilter` as /api/events, so
a filter means the same thing in every view. Only filter values reach DuckDB, as parameters.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from ..export.selection import EVENT_START, FROM_EVENTS, EventFilter
from ..store import Store
from .aggregates import actor_counts
from .params import Filters, bad_value

MAX_ZOOM = 18
MAX_CELLS = 5000
# interval name -> the DuckDB date_trunc part (SQL text comes from here, never the request)
INTERVALS = {"day": "'day'", "week": "'week'", "month": "'month'", "year": "'year'"}
# `auto` takes the finest interval that keeps the timeline under this many bars.
MAX_BUCKETS = 120
MAX_NETWORK_ACTORS = 200

router = APIRouter()


def _and(where: str) -> str:
    return where + " AND" if where else " WHERE"


def cell_size(zoom: int) -> float:
    """Degrees per grid cell at web-map `zoom`: a quarter of a tile's width."""
    return 360.0 / float(2**zoom) / 4.0


def map_cells(
    store: Store, flt: EventFilter, *, zoom: int, limit: int = MAX_CELLS
) -> dict[str, Any]:
    """Located events of `flt` binned in a square grid for `zoom`, densest cells first.

    Each cell has its event count, the mean position of its events (where the marker goes),
    their extent (`bounds`: south, west, north, east), counts by type and `top_type`; a cell
    of one place also has `place`, and a cell of one event its `event_id`."""
    size = cell_size(zoom)
    where, params = flt.where()
    located = f"{_and(where)} e.lat IS NOT NULL AND e.lon IS NOT NULL"
    sql = (
        "WITH c AS (SELECT floor(e.lat / ?) AS gy, floor(e.lon / ?) AS gx, e.type, e.lat, e.lon, "
        f"coalesce(e.location_name, e.location_text) AS place, e.event_id{FROM_EVENTS}{located}), "
        "cells AS (SELECT gy, gx, count(*) AS n FROM c GROUP BY gy, gx "
        "ORDER BY n DESC, gy, gx LIMIT ?) "
        "SELECT c.gy, c.gx, c.type, count(*), sum(c.lat), sum(c.lon), min(c.lat), min(c.lon), "
        "max(c.lat), max(c.lon), min(c.place), max(c.place), min(c.event_id) "
        "FROM c JOIN cells USING (gy, gx) GROUP BY c.gy, c.gx, c.type"
    )
    rows = store.fetch(sql, [size, size, *params, limit])
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for gy, gx, etype, n, slat, slon, s, w, no, ea, p_min, p_max, event_id in rows:
        cell = cells.get((gy, gx))
        if cell is None:
            cell = cells[(gy, gx)] = {
                "n": 0,
                "slat": 0.0,
                "slon": 0.0,
                "bounds": [s, w, no, ea],
                "types": {},
                "places": set(),
                "event_id": event_id,
            }
        else:
            b = cell["bounds"]
            cell["bounds"] = [min(b[0], s), min(b[1], w), max(b[2], no), max(b[3], ea)]
        cell["n"] += n
        cell["slat"] += slat
        cell["slon"] += slon
        cell["types"][etype] = n
        cell["places"].update({p_min, p_max})
    out = []
    for cell in cells.values():
        n = cell["n"]
        places = cell["places"] - {None}
        types = dict(sorted(cell["types"].items(), key=lambda kv: (-kv[1], kv[0])))
        out.append(
            {
                "lat": round(cell["slat"] / n, 5),
                "lon": round(cell["slon"] / n, 5),
                "n": n,
                "bounds": [round(v, 5) for v in cell["bounds"]],
                "types": types,
                "top_type": next(iter(types)),
                "place": next(iter(places)) if len(places) == 1 else None,
                "event_id": cell["event_id"] if n == 1 else None,
            }
        )
    out.sort(key=lambda c: (-c["n"], c["lat"], c["lon"]))
    unlocated = store.fetch(
        f"SELECT count(*){FROM_EVENTS}{_and(where)} (e.lat IS NULL OR e.lon IS NULL)", params
    )[0][0]
    return {
        "zoom": zoom,
        "cell_degrees": size,
        "located": sum(c["n"] for c in out),
        "unlocated": int(unlocated),
        "truncated": len(out) >= limit,
        "cells": out,
    }


def auto_interval(first: dt.date, last: dt.date) -> str:
    """The finest interval that draws the span `first`..`last` in at most MAX_BUCKETS bars."""
    days = (last - first).days + 1
    if days <= MAX_BUCKETS:
        return "day"
    if days / 7 <= MAX_BUCKETS:
        return "week"
    if days / 30.4 <= MAX_BUCKETS:
        return "month"
    return "year"


def timeline(store: Store, flt: EventFilter, *, interval: str) -> dict[str, Any]:
    """Counts of the selected events by type per day, week (from Monday), month or year of
    the event's date (else its document's published day); `auto` picks the interval. Buckets
    are the occupied ones, oldest first; `undated` counts events with neither date. `core` is
    the range of the middle 90% of dates: a page can show that first when a few stray dates
    (a group "founded in 1984") would squeeze everything else into one bar."""
    where, params = flt.where()
    span = (
        f"SELECT min({EVENT_START}), max({EVENT_START}), "
        f"quantile_disc({EVENT_START}, 0.05), quantile_disc({EVENT_START}, 0.95)"
        f"{FROM_EVENTS}{where}"
    )
    first, last, core_first, core_last = store.fetch(span, params)[0]
    if interval == "auto":
        interval = auto_interval(first, last) if first is not None else "day"
    buckets: dict[dt.date, dict[str, Any]] = {}
    if first is not None:
        rows = store.fetch(
            f"SELECT date_trunc({INTERVALS[interval]}, {EVENT_START}) AS b, e.type, count(*)"
            f"{FROM_EVENTS}{_and(where)} {EVENT_START} IS NOT NULL "
            "GROUP BY b, e.type ORDER BY b, e.type",
            params,
        )
        for start, etype, n in rows:
            day = start.date() if isinstance(start, dt.datetime) else start
            bucket = buckets.setdefault(day, {"start": day.isoformat(), "events": 0, "types": {}})
            bucket["events"] += n
            bucket["types"][etype] = n
    undated = store.fetch(
        f"SELECT count(*){FROM_EVENTS}{_and(where)} {EVENT_START} IS NULL", params
    )
    return {
        "interval": interval,
        "first": first.isoformat() if first is not None else None,
        "last": last.isoformat() if last is not None else None,
        "core": [core_first.isoformat(), core_last.isoformat()] if first is not None else None,
        "undated": int(undated[0][0]),
        "buckets": list(buckets.values()),
    }


def network(store: Store, flt: EventFilter, *, limit: int) -> dict[str, Any]:
    """Who acts on whom: the `limit` actors of the selected events that take part in most of
    them (as `/api/actors?by=actor` ranks them) and the weighted, directed edges between them.

    An edge counts events with one node as source and the other as target, with counts by
    type; `source` and `target` are indexes into `nodes`. An actor acting on itself is no
    edge."""
    nodes = actor_counts(store, flt, by="actor", limit=limit)
    index = {(a["name"], a["country"], a["sector"]): i for i, a in enumerate(nodes)}
    if not nodes:
        return {"nodes": [], "edges": []}
    where, params = flt.where()
    names = sorted({str(a["name"]) for a in nodes if a["name"] is not None})
    src = "coalesce(e.source_name, e.source_text)"
    tgt = "coalesce(e.target_name, e.target_text)"
    rows = store.fetch(
        f"SELECT {src}, e.source_country, e.source_sector, {tgt}, e.target_country, "
        f"e.target_sector, e.type, count(*){FROM_EVENTS}{_and(where)} "
        f"list_contains(?::VARCHAR[], {src}) AND list_contains(?::VARCHAR[], {tgt}) "
        "GROUP BY ALL",
        [*params, names, names],
    )
    edges: dict[tuple[int, int], dict[str, Any]] = {}
    for s_name, s_country, s_sector, t_name, t_country, t_sector, etype, n in rows:
        s = index.get((s_name, s_country, s_sector))
        t = index.get((t_name, t_country, t_sector))
        if s is None or t is None or s == t:
            continue
        edge = edges.setdefault((s, t), {"source": s, "target": t, "events": 0, "types": {}})
        edge["events"] += n
        edge["types"][etype] = n
    ordered = sorted(edges.values(), key=lambda e: (-e["events"], e["source"], e["target"]))
    for edge in ordered:
        edge["types"] = dict(sorted(edge["types"].items(), key=lambda kv: (-kv[1], kv[0])))
    return {"nodes": nodes, "edges": ordered}


@router.get("/api/map", summary="Located events binned in a grid for a web-map zoom level")
def get_map(
    request: Request,
    filters: Filters,
    zoom: Annotated[int, Query(description=f"Web-map zoom, 0-{MAX_ZOOM}.")] = 2,
) -> dict[str, Any]:
    flt = filters.event_filter(request, "zoom")
    if not 0 <= zoom <= MAX_ZOOM:
        raise bad_value("zoom", zoom, f"must be between 0 and {MAX_ZOOM}")
    with request.app.state.access.use() as store:
        return map_cells(store, flt, zoom=zoom)


@router.get("/api/timeline", summary="Counts by type per day, week, month or year")
def get_timeline(
    request: Request,
    filters: Filters,
    interval: Annotated[str, Query(description="auto, day, week, month or year.")] = "auto",
) -> dict[str, Any]:
    flt = filters.event_filter(request, "interval")
    if interval != "auto" and interval not in INTERVALS:
        raise bad_value("interval", interval, f"use auto, {', '.join(INTERVALS)}")
    with request.app.state.access.use() as store:
        return timeline(store, flt, interval=interval)


@router.get("/api/network", summary="The top actors and who acts on whom, with edge weights")
def get_network(
    request: Request,
    filters: Filters,
    limit: Annotated[int, Query(description=f"Actors, 1-{MAX_NETWORK_ACTORS}.")] = 30,
) -> dict[str, Any]:
    flt = filters.event_filter(request, "limit")
    if not 1 <= limit <= MAX_NETWORK_ACTORS:
        raise bad_value("limit", limit, f"must be between 1 and {MAX_NETWORK_ACTORS}")
    with request.app.state.access.use() as store:
        return network(store, flt, limit=limit)
