"""Which stored events to serve or export: one filter record, one parameterised WHERE clause.

`sitrep query` (store/query.py) filters by type, actor country, place country and dates; the API,
exports and watch rules need the same filters plus a bounding box, a text search over evidence
sentences, factuality, specific documents and paging. They live here, as parameterised SQL
against the store's own tables, so the store module stays the store engineer's. The date
semantics are the store's: an event's interval is its date's [start, end], else its document's
published day, and it matches when that interval overlaps [since, until].
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..errors import Messages, StoreError
from ..model import FACTUALITY_VALUES
from ..store import Store, StoredEvent
from ..store.query import EVENT_END as EVENT_END
from ..store.query import EVENT_START as EVENT_START
from ..store.query import FROM_DOCUMENTS, ROW_COLUMNS, _from_row, bbox_clauses, code_clauses

# The store's own SQL, re-exported (EVENT_START and EVENT_END by their `as` imports): the
# serve aggregates and the exports filter and sort by the same days as `sitrep query`.
FROM = FROM_DOCUMENTS
# Filters, counts and sort keys read `events` alone: since schema v4 each event carries its
# sort day (`sort_date`: its date's start, else the published day) and its document's `doc_id`.
FROM_EVENTS = " FROM events e"
SELECT_EVENTS = f"SELECT {ROW_COLUMNS}, d.ingested_at{FROM}"
ORDER_OLDEST = f" ORDER BY {EVENT_START} NULLS LAST, e.doc_id, e.trigger_start, e.event_id"
ORDER_NEWEST = (
    f" ORDER BY {EVENT_START} DESC NULLS LAST, d.ingested_at DESC, e.doc_id, e.trigger_start,"
    " e.event_id"
)

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class EventFilter:
    """Every filter combines with AND; an empty tuple or None does not restrict.

    `types`, `actor_country`, `place_country` are codes compared upper case; `actor_country`
    matches the source's or the target's country. `bbox` is (min_lon, min_lat, max_lon,
    max_lat); min_lon > max_lon means the box crosses the antimeridian. `text` is searched
    case-insensitively in the evidence sentence, literally (no wildcards). `content_hashes`
    restricts to the events of those documents (used after ingest by watch rules);
    `event_ids` to those events.
    """

    types: tuple[str, ...] = ()
    actor_country: tuple[str, ...] = ()
    place_country: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    bbox: BBox | None = None
    text: str | None = None
    factuality: tuple[str, ...] = ()
    content_hashes: tuple[str, ...] = ()
    event_ids: tuple[str, ...] = ()

    def where(self) -> tuple[str, list[Any]]:
        """The WHERE clause (with a leading space, or empty) and its parameters.

        Raises StoreError (E203) for a value that is not a valid code, an inverted date range
        or a bounding box out of range; no value ever becomes SQL text."""
        clauses, params = code_clauses(
            types=self.types, actor_country=self.actor_country, place_country=self.place_country
        )
        if self.since and self.until and self.since > self.until:
            problem = f"it is after until={self.until.isoformat()}"
            raise StoreError(
                Messages.E203, name="since", value=self.since.isoformat(), problem=problem
            )
        if self.since:
            clauses.append(f"{EVENT_END} >= ?")
            params.append(self.since)
        if self.until:
            clauses.append(f"{EVENT_START} <= ?")
            params.append(self.until)
        if self.bbox is not None:
            bbox_clauses(check_bbox(self.bbox), clauses, params)
        if self.text:
            clauses.append("e.evidence_text ILIKE ? ESCAPE '\\'")
            params.append(f"%{like_escape(self.text)}%")
        if self.factuality:
            for value in self.factuality:
                if value not in FACTUALITY_VALUES:
                    problem = f"expected one of {', '.join(FACTUALITY_VALUES)}"
                    raise StoreError(Messages.E203, name="factuality", value=value, problem=problem)
            clauses.append("list_contains(?::VARCHAR[], e.factuality)")
            params.append(list(self.factuality))
        if self.content_hashes:
            clauses.append("list_contains(?::VARCHAR[], e.content_hash)")
            params.append(list(self.content_hashes))
        if self.event_ids:
            clauses.append("list_contains(?::VARCHAR[], e.event_id)")
            params.append(list(self.event_ids))
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


@dataclass(frozen=True)
class Selected:
    """A stored event and when its document was ingested (naive UTC)."""

    row: StoredEvent
    ingested_at: dt.datetime


def like_escape(text: str) -> str:
    """`text` with LIKE's wildcards and the escape character escaped, for a literal search."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def check_bbox(bbox: BBox) -> BBox:
    """The box if its longitudes are within [-180, 180], latitudes within [-90, 90] and
    min_lat <= max_lat; else StoreError (E203)."""
    min_lon, min_lat, max_lon, max_lat = bbox
    value = ",".join(str(v) for v in bbox)
    if not all(-180.0 <= v <= 180.0 for v in (min_lon, max_lon)):
        raise StoreError(Messages.E203, name="bbox", value=value, problem="longitude outside ±180")
    if not all(-90.0 <= v <= 90.0 for v in (min_lat, max_lat)):
        raise StoreError(Messages.E203, name="bbox", value=value, problem="latitude outside ±90")
    if min_lat > max_lat:
        raise StoreError(Messages.E203, name="bbox", value=value, problem="min_lat > max_lat")
    return bbox


def parse_bbox(text: str) -> BBox:
    """`"minlon,minlat,maxlon,maxlat"` as four floats, checked; StoreError (E203) if not."""
    parts = [p.strip() for p in text.split(",")]
    try:
        if len(parts) != 4:
            raise ValueError
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError:
        problem = "expected four numbers minlon,minlat,maxlon,maxlat"
        raise StoreError(Messages.E203, name="bbox", value=text, problem=problem) from None
    return check_bbox((min_lon, min_lat, max_lon, max_lat))


def select(
    store: Store,
    flt: EventFilter,
    *,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
) -> list[Selected]:
    """Events matching `flt`, oldest first (or newest first), paged by `limit`/`offset`."""
    where, params = flt.where()
    sql = SELECT_EVENTS + where + (ORDER_NEWEST if newest_first else ORDER_OLDEST)
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    if offset:
        sql += " OFFSET ?"
        params.append(offset)
    return [Selected(_from_row(row[:-1]), row[-1]) for row in store.fetch(sql, params)]


def select_events(
    store: Store, flt: EventFilter, *, limit: int | None = None, offset: int = 0
) -> list[StoredEvent]:
    """Like `select`, oldest first, without the ingest times."""
    return [s.row for s in select(store, flt, limit=limit, offset=offset)]


def count(store: Store, flt: EventFilter) -> int:
    """How many events match `flt`."""
    where, params = flt.where()
    rows = store.fetch("SELECT count(*)" + FROM_EVENTS + where, params)
    return int(rows[0][0])


def has_table(store: Store, name: str) -> bool:
    """Whether the store has a table called `name` (older files lack later tables)."""
    rows = store.fetch(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    )
    return bool(rows[0][0])
