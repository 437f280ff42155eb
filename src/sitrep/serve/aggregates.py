"""Counts behind /api/actors, /api/places and /api/stats, over the events a filter selects.

Grouping columns come from fixed tables in this module, chosen by name; only filter values
reach DuckDB, and only as parameters.
"""

from __future__ import annotations

from typing import Any

from ..export.selection import EVENT_START, FROM_EVENTS, EventFilter
from ..store import Store

# by -> columns of the grouped actor rows (from the UNION of sources and targets below)
ACTOR_GROUPS: dict[str, tuple[str, ...]] = {
    "actor": ("name", "country", "sector"),
    "country": ("country",),
    "sector": ("sector",),
}
PLACE_GROUPS: dict[str, tuple[str, ...]] = {
    "place": ("name", "country", "admin1", "geonameid", "lat", "lon"),
    "admin1": ("country", "admin1"),
    "country": ("country",),
}

_ACTOR_ROLE = (
    "SELECT coalesce(e.{r}_name, e.{r}_text) AS name, e.{r}_country AS country, "
    "e.{r}_sector AS sector, '{r}' AS role{from_}{where} e.{r}_text IS NOT NULL"
)


def _and(where: str) -> str:
    return where + " AND" if where else " WHERE"


def actor_counts(store: Store, flt: EventFilter, *, by: str, limit: int) -> list[dict[str, Any]]:
    """Actors of the selected events grouped by `by` (a key of ACTOR_GROUPS), most frequent
    first: each group with `events` (as source or target), `as_source` and `as_target`."""
    columns = ACTOR_GROUPS[by]
    where, params = flt.where()
    parts = [
        _ACTOR_ROLE.format(r=role, from_=FROM_EVENTS, where=_and(where))
        for role in ("source", "target")
    ]
    keys = ", ".join(columns)
    sql = (
        f"SELECT {keys}, count(*) AS n, count(*) FILTER (WHERE role = 'source'), "
        f"count(*) FILTER (WHERE role = 'target') FROM ({parts[0]} UNION ALL {parts[1]}) "
        f"GROUP BY {keys} ORDER BY n DESC, {keys} NULLS LAST LIMIT ?"
    )
    rows = store.fetch(sql, [*params, *params, limit])
    n = len(columns)
    return [
        {
            **dict(zip(columns, row[:n], strict=True)),
            "events": row[n],
            "as_source": row[n + 1],
            "as_target": row[n + 2],
        }
        for row in rows
    ]


_PLACE_COLUMNS = {
    "name": "coalesce(e.location_name, e.location_text)",
    "country": "e.location_country",
    "admin1": "e.admin1",
    "geonameid": "e.geonameid",
    "lat": "e.lat",
    "lon": "e.lon",
}


def place_counts(store: Store, flt: EventFilter, *, by: str, limit: int) -> list[dict[str, Any]]:
    """Event locations grouped by `by` (a key of PLACE_GROUPS), most events first; events
    without a location are left out."""
    columns = PLACE_GROUPS[by]
    where, params = flt.where()
    select = ", ".join(f"{_PLACE_COLUMNS[c]} AS {c}" for c in columns)
    keys = ", ".join(columns)
    sql = (
        f"SELECT {select}, count(*) AS n{FROM_EVENTS}{_and(where)} e.location_text IS NOT NULL "
        f"GROUP BY {keys} ORDER BY n DESC, {keys} NULLS LAST LIMIT ?"
    )
    rows = store.fetch(sql, [*params, limit])
    n = len(columns)
    return [{**dict(zip(columns, row[:n], strict=True)), "events": row[n]} for row in rows]


def stats(store: Store, flt: EventFilter) -> dict[str, Any]:
    """Totals of the selected events: overall, by type, by place country, by month (of the
    event date, else the published day; "undated" when neither), and by factuality."""
    where, params = flt.where()
    groups = {
        "by_type": "e.type",
        "by_country": "coalesce(e.location_country, 'unknown')",
        "by_month": f"coalesce(strftime({EVENT_START}, '%Y-%m'), 'undated')",
        "by_factuality": "e.factuality",
    }
    total = store.fetch("SELECT count(*)" + FROM_EVENTS + where, params)[0][0]
    out: dict[str, Any] = {"total": int(total)}
    for name, expr in groups.items():
        order = "key" if name == "by_month" else "n DESC, key"
        rows = store.fetch(
            f"SELECT {expr} AS key, count(*) AS n{FROM_EVENTS}{where} "
            f"GROUP BY key ORDER BY {order}",
            params,
        )
        out[name] = [{"key": key, "events": n} for key, n in rows]
    return out
