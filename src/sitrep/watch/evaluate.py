"""Evaluate watch rules against stored events: on demand (`sitrep watch test`, the Atom feeds)
and at ingest (`on_ingest`, called with the content hashes of the documents just written).

The SQL-expressible parts of a rule (types, countries, factuality) select candidates through
`EventFilter`; the rest (actors, distance, cross-border, number of sources) is checked here in
Python, where the distance formula and the cluster look-up are easy to read and test.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..export.selection import EventFilter, Selected, has_table, select
from ..store import Store, StoredEvent
from .rules import WatchRule, border_distance_provider

EARTH_RADIUS_KM = 6371.0088
_PAGE = 1000


@dataclass(frozen=True)
class Match:
    """A stored event that satisfies a rule, with what the feed and webhook need."""

    rule: str
    row: StoredEvent
    ingested_at: dt.datetime
    sources: int


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres on a spherical Earth (error under 0.5%)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def candidate_filter(rule: WatchRule, content_hashes: Sequence[str] = ()) -> EventFilter:
    """The part of `rule` that SQL can decide."""
    return EventFilter(
        types=rule.types,
        actor_country=rule.actor_countries,
        place_country=rule.place_countries,
        factuality=rule.factuality,
        content_hashes=tuple(content_hashes),
    )


def matches(rule: WatchRule, row: StoredEvent, *, sources: int = 1) -> bool:
    """Whether the event satisfies every condition of `rule`; `sources` is the number of
    documents reporting it (1 without dedup clusters)."""
    e = row.event
    if rule.types and e.type not in rule.types:
        return False
    if rule.factuality and e.factuality not in rule.factuality:
        return False
    if rule.actor_countries and not (
        (e.source and e.source.country in rule.actor_countries)
        or (e.target and e.target.country in rule.actor_countries)
    ):
        return False
    loc = e.location
    if rule.place_countries and (loc is None or loc.country not in rule.place_countries):
        return False
    if rule.actors:
        names = {
            v.casefold()
            for actor in (e.source, e.target)
            if actor is not None
            for v in (actor.id, actor.name, actor.text)
            if v
        }
        if not names.intersection(rule.actors):
            return False
    if rule.cross_border is not None and e.cross_border is not rule.cross_border:
        return False
    if sources < rule.min_sources:
        return False
    if rule.near or rule.near_border:
        if loc is None or loc.lat is None or loc.lon is None:
            return False
        lat, lon = loc.lat, loc.lon
        if rule.near and not any(haversine_km(lat, lon, c.lat, c.lon) <= c.km for c in rule.near):
            return False
        border = rule.near_border
        if border is not None:
            provider = border_distance_provider()
            nearest = provider(lat, lon, max_km=border.km) if provider else None
            if nearest is None or nearest[0] > border.km:
                return False
            if border.countries and tuple(sorted(nearest[1])) != border.countries:
                return False
    return True


def source_counts(store: Store, event_ids: Sequence[str]) -> dict[str, int]:
    """Documents reporting each event: its dedup cluster's `n_documents` when the store has
    clusters (sitrep.dedup), else 1 for every event."""
    if not event_ids or not has_table(store, "event_clusters") or not has_table(store, "clusters"):
        return {}
    rows = store.fetch(
        "SELECT ec.event_id, c.n_documents FROM event_clusters ec "
        "JOIN clusters c ON c.cluster_id = ec.cluster_id "
        "WHERE list_contains(?::VARCHAR[], ec.event_id)",
        [list(event_ids)],
    )
    return {str(event_id): int(n) for event_id, n in rows}


def _matching(rule: WatchRule, page: Sequence[Selected], store: Store) -> Iterable[Match]:
    counts = source_counts(store, [s.row.event.id for s in page]) if rule.min_sources > 1 else {}
    for s in page:
        n = counts.get(s.row.event.id, 1)
        if matches(rule, s.row, sources=n):
            yield Match(rule.name, s.row, s.ingested_at, n)


def evaluate(store: Store, rule: WatchRule, *, limit: int | None = 50) -> list[Match]:
    """The rule's matches in the store, newest first, at most `limit` (None: all)."""
    flt = candidate_filter(rule)
    found: list[Match] = []
    offset = 0
    while limit is None or len(found) < limit:
        page = select(store, flt, limit=_PAGE, offset=offset, newest_first=True)
        found.extend(_matching(rule, page, store))
        if len(page) < _PAGE:
            break
        offset += _PAGE
    return found if limit is None else found[:limit]


def on_ingest(
    store: Store, content_hashes: Sequence[str], rules: Sequence[WatchRule]
) -> list[Match]:
    """Matches among the events of the documents just stored (their content hashes), for
    every rule, in rule order. The ingest path calls this after writing, then `notify`."""
    if not content_hashes:
        return []
    found: list[Match] = []
    for rule in rules:
        page = select(store, candidate_filter(rule, content_hashes))
        found.extend(_matching(rule, page, store))
    return found
