"""Event clusters in the store: incremental assignment, rebuild, and reads for `sitrep clusters`.

`assign_document` is called after a document is written: each of its events, in text order,
joins the best-scoring existing cluster (`sitrep.dedup.match.merge_score`) or starts a new one.
Candidates come from SQL, not from a scan in Python: the clusters with a member of the same type
family whose effective date interval lies within `window_days` of the event's (at most
`max_candidates` clusters). An event joins a cluster only if it is compatible with every member
and scores at or above the threshold against at least one, so clusters do not drift by chaining.

Assignment depends on arrival order, as any incremental clustering does; `rebuild` clusters the
whole store again in publication order (after a settings change, or for a database from before
schema v2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from ..dedup.match import (
    Actor,
    DedupEvent,
    DedupSettings,
    Place,
    compatible,
    effective_interval,
    inherit_places,
    merge_score,
)
from ..errors import Messages, StoreError
from .duckdb_store import Store

_COUNT_KEYS = ("killed", "injured", "arrested", "displaced", "troops", "participants")

# The event columns dedup reads, in the order `_dedup_event` unpacks them.
_EVENT_FIELDS = (
    "e.event_id, e.content_hash, e.type, e.factuality, e.evidence_text, e.date_start, "
    "e.date_end, d.published, e.source_actor_id, e.source_country, e.source_sector, "
    "e.target_actor_id, e.target_country, e.target_sector, e.geonameid, e.lat, e.lon, "
    "e.location_country, e.location_precision, e.confidence, "
    + ", ".join(f"e.{k}" for k in _COUNT_KEYS)
)
_FROM = " FROM events e JOIN documents d ON d.content_hash = e.content_hash"

_DOC_EVENTS = (
    f"SELECT {_EVENT_FIELDS}{_FROM} WHERE e.content_hash = ? ORDER BY e.trigger_start, e.event_id"
)
# Members of every cluster that has a member of this family within the date window. The inner
# query is the candidate lookup; it reads only event_clusters and is bounded by LIMIT.
_CANDIDATES = (
    f"SELECT {_EVENT_FIELDS}, ec.cluster_id, ec.eff_start, ec.eff_end{_FROM}"
    " JOIN event_clusters ec ON ec.event_id = e.event_id"
    " WHERE ec.cluster_id IN (SELECT DISTINCT cluster_id FROM event_clusters"
    "   WHERE family = ? AND eff_start <= ? AND eff_end >= ? LIMIT ?)"
    " ORDER BY ec.cluster_id, e.event_id"
)
_INSERT_MEMBER = (
    "INSERT INTO event_clusters (event_id, cluster_id, content_hash, family, eff_start, eff_end,"
    " score) VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_AGGREGATE = (
    "SELECT count(*), count(DISTINCT e.content_hash), min(coalesce(e.date_start, d.published)),"
    " max(coalesce(e.date_end, e.date_start, d.published))"
    f"{_FROM} JOIN event_clusters ec ON ec.event_id = e.event_id WHERE ec.cluster_id = ?"
)
# The representative: the member that says most (a place, a date), then the most confident.
_REPRESENTATIVE = (
    "SELECT e.event_id, e.type, coalesce(e.location_name, e.location_text), e.location_country,"
    f" e.lat, e.lon{_FROM} JOIN event_clusters ec ON ec.event_id = e.event_id"
    " WHERE ec.cluster_id = ? ORDER BY (e.geonameid IS NOT NULL) DESC,"
    " (e.date_start IS NOT NULL) DESC, e.confidence DESC, e.event_id LIMIT 1"
)
_INSERT_CLUSTER = (
    "INSERT INTO clusters (cluster_id, type, representative_id, n_events, n_documents,"
    " first_date, last_date, place_name, place_country, lat, lon, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True)
class Assignment:
    """Where one event went: its cluster, and the score that joined it (None: it founded it)."""

    event_id: str
    cluster_id: str
    score: float | None


def assign_document(store: Store, digest: str, settings: DedupSettings) -> list[Assignment]:
    """Cluster the stored events of the document with content hash `digest`, in one
    transaction, replacing any earlier assignment of them. Returns one Assignment per event
    (none when `settings.enabled` is false). Raises StoreError E480 if the database fails;
    the store is then as before the call."""
    if not settings.enabled:
        return []
    try:
        with store.transaction() as con:
            touched = _unassign(con, "content_hash = ?", [digest])
            rows = con.execute(_DOC_EVENTS, [digest]).fetchall()
            events = inherit_places([_dedup_event(row, settings) for row in rows], settings)
            out = [_assign_one(con, event, settings) for event in events]
            for cluster_id in touched - {a.cluster_id for a in out}:
                _refresh_cluster(con, cluster_id)
    except duckdb.Error as e:
        raise StoreError(Messages.E480, path=store.path, doc=digest[:16], reason=e) from e
    return out


def rebuild_clusters(store: Store, settings: DedupSettings) -> int:
    """Forget every cluster and cluster all stored documents again, oldest published first
    (then by document id), one transaction per document. Returns the number of clusters."""
    try:
        with store.transaction() as con:
            con.execute("DELETE FROM event_clusters")
            con.execute("DELETE FROM clusters")
    except duckdb.Error as e:
        raise StoreError(Messages.E480, path=store.path, doc="*", reason=e) from e
    digests = store.fetch(
        "SELECT content_hash FROM documents WHERE error IS NULL"
        " ORDER BY published NULLS LAST, doc_id, content_hash"
    )
    for (digest,) in digests:
        assign_document(store, digest, settings)
    return int(store.fetch("SELECT count(*) FROM clusters")[0][0])


def unclustered_count(store: Store) -> int:
    """Stored events without a cluster (from before schema v2, or a failed assignment)."""
    row = store.fetch(
        "SELECT count(*) FROM events e"
        " WHERE NOT EXISTS (SELECT 1 FROM event_clusters ec WHERE ec.event_id = e.event_id)"
    )
    return int(row[0][0])


def cluster_ids(store: Store, event_ids: Sequence[str]) -> dict[str, str]:
    """The cluster of each given event that has one (for showing cluster ids beside events)."""
    if not event_ids:
        return {}
    rows = store.fetch(
        "SELECT event_id, cluster_id FROM event_clusters"
        " WHERE list_contains(?::VARCHAR[], event_id)",
        [list(event_ids)],
    )
    return {str(event_id): str(cluster_id) for event_id, cluster_id in rows}


# assignment ---------------------------------------------------------------------------------


def _assign_one(
    con: duckdb.DuckDBPyConnection, event: DedupEvent, settings: DedupSettings
) -> Assignment:
    joined: list[str] = []
    score: float | None = None
    if event.start is not None and event.end is not None:
        window = dt.timedelta(days=settings.window_days)
        rows = con.execute(
            _CANDIDATES,
            [
                settings.family_of(event.type),
                event.end + window,
                event.start - window,
                settings.max_candidates,
            ],
        ).fetchall()
        joined, score = _clusters_to_join(event, rows, settings)
    cluster_id = joined[0] if joined else event.event_id
    for other in joined[1:]:
        # The event links two clusters that are compatible throughout: they report one
        # event, and merging them keeps the result from depending on arrival order.
        con.execute(
            "UPDATE event_clusters SET cluster_id = ? WHERE cluster_id = ?", [cluster_id, other]
        )
        con.execute("DELETE FROM clusters WHERE cluster_id = ?", [other])
    con.execute(
        _INSERT_MEMBER,
        [
            event.event_id,
            cluster_id,
            event.content_hash,
            settings.family_of(event.type),
            event.start,
            event.end,
            score,
        ],
    )
    _refresh_cluster(con, cluster_id)
    return Assignment(event_id=event.event_id, cluster_id=cluster_id, score=score)


def _clusters_to_join(
    event: DedupEvent, rows: list[tuple[Any, ...]], settings: DedupSettings
) -> tuple[list[str], float | None]:
    """The clusters the event joins, best first (later ones are merged into the first), and
    its best score. A cluster qualifies when the event is compatible with every member and
    scores at or above the threshold against at least one (single link without the chaining
    that lets a cluster drift across days or places one member at a time); a further
    qualifying cluster is merged only if its members are compatible with all joined so far."""
    members: dict[str, list[DedupEvent]] = {}
    n = len(_EVENT_FIELDS.split(","))
    for row in rows:
        cluster_id, eff_start, eff_end = row[n:]
        member = _dedup_event(row[:n], settings, interval=(eff_start, eff_end))
        members.setdefault(str(cluster_id), []).append(member)
    passing: list[tuple[float, str]] = []
    for cluster_id, group in members.items():
        if not all(compatible(event, m, settings) for m in group):
            continue
        scores = [s for m in group if (s := merge_score(event, m, settings)) is not None]
        if scores:
            passing.append((max(scores), cluster_id))
    if not passing:
        return [], None
    passing.sort(key=lambda p: (-p[0], p[1]))
    joined = [passing[0][1]]
    merged = [event, *members[passing[0][1]]]
    for _, cluster_id in passing[1:]:
        group = members[cluster_id]
        if all(compatible(a, b, settings) for a in group for b in merged):
            joined.append(cluster_id)
            merged.extend(group)
    return joined, passing[0][0]


def _unassign(con: duckdb.DuckDBPyConnection, where: str, params: list[Any]) -> set[str]:
    """Delete the matching event_clusters rows; return the clusters they belonged to."""
    rows = con.execute(f"SELECT DISTINCT cluster_id FROM event_clusters WHERE {where}", params)
    touched = {str(r[0]) for r in rows.fetchall()}
    con.execute(f"DELETE FROM event_clusters WHERE {where}", params)
    return touched


def _refresh_cluster(con: duckdb.DuckDBPyConnection, cluster_id: str) -> None:
    """Recompute one clusters row from its members; delete it if it has none left."""
    con.execute("DELETE FROM clusters WHERE cluster_id = ?", [cluster_id])
    agg = con.execute(_AGGREGATE, [cluster_id]).fetchone()
    if agg is None or agg[0] == 0:
        return
    rep = con.execute(_REPRESENTATIVE, [cluster_id]).fetchone()
    assert rep is not None  # the cluster has members, so it has a representative
    event_id, event_type, place, country, lat, lon = rep
    n_events, n_docs, first, last = agg
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    con.execute(
        _INSERT_CLUSTER,
        [
            cluster_id,
            event_type,
            event_id,
            n_events,
            n_docs,
            first,
            last,
            place,
            country,
            lat,
            lon,
            now,
        ],
    )


def _dedup_event(
    row: Sequence[Any],
    settings: DedupSettings,
    *,
    interval: tuple[dt.date | None, dt.date | None] | None = None,
) -> DedupEvent:
    (
        event_id,
        digest,
        event_type,
        factuality,
        evidence,
        date_start,
        date_end,
        published,
        src_id,
        src_country,
        src_sector,
        tgt_id,
        tgt_country,
        tgt_sector,
        geonameid,
        lat,
        lon,
        place_country,
        precision,
        confidence,
        *counts,
    ) = row
    start, end, dated = effective_interval(date_start, date_end, published, settings)
    if interval is not None:
        # A stored member keeps the interval it was filed under, so lookup and scoring agree.
        start, end = interval
    return DedupEvent(
        event_id=event_id,
        content_hash=digest,
        type=event_type,
        factuality=factuality,
        evidence=evidence,
        start=start,
        end=end,
        dated=dated,
        source=Actor(id=src_id, country=src_country, sector=src_sector),
        target=Actor(id=tgt_id, country=tgt_country, sector=tgt_sector),
        place=Place(
            geonameid=geonameid, lat=lat, lon=lon, country=place_country, precision=precision
        ),
        counts={k: v for k, v in zip(_COUNT_KEYS, counts, strict=True) if v is not None},
        confidence=confidence,
    )


# reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClusterMember:
    """One event of a cluster with the document that reported it."""

    event_id: str
    type: str
    doc_id: str
    published: dt.date | None
    title: str | None
    url: str | None
    evidence: str
    score: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "type": self.type,
            "doc_id": self.doc_id,
            "published": self.published.isoformat() if self.published else None,
            "title": self.title,
            "url": self.url,
            "evidence": self.evidence,
            "score": None if self.score is None else round(self.score, 3),
        }


@dataclass(frozen=True)
class Cluster:
    """One row of `clusters` with its members (the event's sources and evidence sentences)."""

    cluster_id: str
    type: str
    representative_id: str
    n_events: int
    n_documents: int
    first_date: dt.date | None
    last_date: dt.date | None
    place_name: str | None
    place_country: str | None
    lat: float | None
    lon: float | None
    members: tuple[ClusterMember, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "cluster_id": self.cluster_id,
            "type": self.type,
            "representative_id": self.representative_id,
            "n_events": self.n_events,
            "n_documents": self.n_documents,
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "place": self.place_name,
            "place_country": self.place_country,
            "lat": self.lat,
            "lon": self.lon,
            "members": [m.to_dict() for m in self.members],
        }


_CLUSTER_COLUMNS = (
    "cluster_id, type, representative_id, n_events, n_documents, first_date, last_date,"
    " place_name, place_country, lat, lon"
)


def list_clusters(
    store: Store,
    *,
    types: Sequence[str] | None = None,
    min_documents: int = 1,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int | None = 100,
) -> list[Cluster]:
    """Clusters reported by at least `min_documents` documents, of the given types, whose
    [first_date, last_date] overlaps [date_from, date_to]; oldest first, at most `limit`, each
    with its members in publication order."""
    where = ["n_documents >= ?"]
    params: list[Any] = [min_documents]
    if types:
        where.append("list_contains(?::VARCHAR[], type)")
        params.append([t.strip().upper() for t in types])
    if date_from:
        where.append("last_date >= ?")
        params.append(date_from)
    if date_to:
        where.append("first_date <= ?")
        params.append(date_to)
    sql = f"SELECT {_CLUSTER_COLUMNS} FROM clusters WHERE {' AND '.join(where)}"
    sql += " ORDER BY first_date NULLS LAST, cluster_id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    heads = store.fetch(sql, params)
    if not heads:
        return []
    members = store.fetch(
        "SELECT ec.cluster_id, e.event_id, e.type, d.doc_id, d.published, d.title, d.url,"
        f" e.evidence_text, ec.score{_FROM} JOIN event_clusters ec ON ec.event_id = e.event_id"
        " WHERE list_contains(?::VARCHAR[], ec.cluster_id)"
        " ORDER BY d.published NULLS LAST, d.doc_id, e.trigger_start",
        [[h[0] for h in heads]],
    )
    by_cluster: dict[str, list[ClusterMember]] = {}
    for cluster_id, *fields in members:
        by_cluster.setdefault(cluster_id, []).append(ClusterMember(*fields))
    return [_cluster(head, tuple(by_cluster.get(head[0], ()))) for head in heads]


def _cluster(head: tuple[Any, ...], members: tuple[ClusterMember, ...]) -> Cluster:
    cluster_id, event_type, rep, n_events, n_docs, first, last, place, country, lat, lon = head
    return Cluster(
        cluster_id=cluster_id,
        type=event_type,
        representative_id=rep,
        n_events=n_events,
        n_documents=n_docs,
        first_date=first,
        last_date=last,
        place_name=place,
        place_country=country,
        lat=lat,
        lon=lon,
        members=members,
    )
