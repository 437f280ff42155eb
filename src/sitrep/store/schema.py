"""The store's tables and the ordered list of migrations that build them.

A database records the versions applied so far in `schema_version`; opening it applies every
later migration in one transaction. Migrations are append only: a published version never
changes, a change to the tables is a new entry at the end of `MIGRATIONS`.

Identity: a document is its text. `documents.content_hash` is the SHA-256 of the text and the
primary key; the caller's `doc_id` is kept but need not be unique (two files called
`report.txt` in different folders are two documents). An event's id is the first 16 hex digits
of that hash, a colon and the pipeline's local event id, so it is unique across the store.

No FOREIGN KEY clauses: DuckDB checks them before a transaction's own deletes are visible, so
replacing a document's rows in one transaction would fail. `Store.write` keeps the tables
consistent instead, writing each document's rows in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    """One schema version: the statements that take the previous version to this one."""

    version: int
    description: str
    statements: tuple[str, ...]


_V1_DOCUMENTS = """
CREATE TABLE documents (
    content_hash VARCHAR PRIMARY KEY,   -- sha256 hex of the document text
    doc_id       VARCHAR NOT NULL,
    published    DATE,
    title        VARCHAR,
    url          VARCHAR,
    n_chars      INTEGER NOT NULL,
    ingested_at  TIMESTAMP NOT NULL,
    error        VARCHAR                -- NULL when annotation succeeded
)
"""

_V1_EVENTS = """
CREATE TABLE events (
    event_id          VARCHAR PRIMARY KEY,
    content_hash      VARCHAR NOT NULL,   -- documents.content_hash
    local_id          VARCHAR NOT NULL,
    type              VARCHAR NOT NULL,
    mode              VARCHAR,
    contexts          VARCHAR[] NOT NULL,
    cameo_root        VARCHAR,
    quad_class        INTEGER,
    intensity         DOUBLE,
    source_text       VARCHAR,
    source_start      INTEGER,
    source_end        INTEGER,
    source_name       VARCHAR,
    source_country    VARCHAR,
    source_sector     VARCHAR,
    source_actor_id   VARCHAR,
    target_text       VARCHAR,
    target_start      INTEGER,
    target_end        INTEGER,
    target_name       VARCHAR,
    target_country    VARCHAR,
    target_sector     VARCHAR,
    target_actor_id   VARCHAR,
    location_text     VARCHAR,
    location_start    INTEGER,
    location_end      INTEGER,
    location_name     VARCHAR,
    geonameid         BIGINT,
    lat               DOUBLE,
    lon               DOUBLE,
    location_country  VARCHAR,
    admin1            VARCHAR,
    location_precision VARCHAR,
    date_text         VARCHAR,
    date_start_offset INTEGER,
    date_end_offset   INTEGER,
    date_value        VARCHAR,
    date_precision    VARCHAR,
    date_start        DATE,
    date_end          DATE,
    factuality        VARCHAR NOT NULL,
    killed            INTEGER,
    injured           INTEGER,
    arrested          INTEGER,
    displaced         INTEGER,
    troops            INTEGER,
    participants      INTEGER,
    cross_border      BOOLEAN,
    evidence_text     VARCHAR NOT NULL,
    evidence_start    INTEGER NOT NULL,
    evidence_end      INTEGER NOT NULL,
    trigger_text      VARCHAR NOT NULL,
    trigger_start     INTEGER NOT NULL,
    trigger_end       INTEGER NOT NULL,
    confidence        DOUBLE NOT NULL
)
"""

_V1_MENTIONS = """
CREATE TABLE mentions (
    content_hash VARCHAR NOT NULL,      -- documents.content_hash
    kind         VARCHAR NOT NULL,      -- actor | place | time
    text         VARCHAR NOT NULL,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    name         VARCHAR,               -- actor or place canonical name
    country      VARCHAR,               -- actor or place country
    sector       VARCHAR,               -- actor
    actor_id     VARCHAR,               -- actor
    geonameid    BIGINT,                -- place
    lat          DOUBLE,                -- place
    lon          DOUBLE,                -- place
    admin1       VARCHAR,               -- place
    precision    VARCHAR,               -- place or time
    value        VARCHAR,               -- time
    start_date   DATE,                  -- time
    end_date     DATE                   -- time
)
"""

# v2: cross-article dedup (sitrep.dedup, sitrep.store.clusters). The cluster of an event lives in
# its own table rather than a column of `events`, so `Store.write` stays as it is and the
# dedup-only values (type family, the effective date interval used for candidate lookup) sit
# beside it. Every event that clustering has seen has one row in `event_clusters`.
_V2_CLUSTERS = """
CREATE TABLE clusters (
    cluster_id        VARCHAR PRIMARY KEY,  -- event_id of the event that started it
    type              VARCHAR NOT NULL,     -- the representative event's type
    representative_id VARCHAR NOT NULL,     -- events.event_id of the most informative member
    n_events          INTEGER NOT NULL,
    n_documents       INTEGER NOT NULL,
    first_date        DATE,                 -- min of members' date (or published day)
    last_date         DATE,                 -- max of members' date (or published day)
    place_name        VARCHAR,              -- the representative's location
    place_country     VARCHAR,
    lat               DOUBLE,
    lon               DOUBLE,
    updated_at        TIMESTAMP NOT NULL
)
"""

_V2_EVENT_CLUSTERS = """
CREATE TABLE event_clusters (
    event_id     VARCHAR PRIMARY KEY,       -- events.event_id
    cluster_id   VARCHAR NOT NULL,          -- clusters.cluster_id
    content_hash VARCHAR NOT NULL,          -- documents.content_hash of the event
    family       VARCHAR NOT NULL,          -- type family used for candidate lookup
    eff_start    DATE,                      -- effective date interval (sitrep.dedup.match)
    eff_end      DATE,
    score        DOUBLE                     -- similarity that joined it; NULL for the founder
)
"""

# v4: every filtered read sorts by (event date else published day, doc_id), and joining
# `documents` for those two values was most of a filtered query's time on a million events
# (benchmarks/bench_store.py). Events keep copies: `sort_date` is the event's start day, else
# its document's published day; `doc_id` is its document's. `Store.write` writes a document and
# its events in one transaction and nothing else changes `documents`, so the copies cannot drift.
_V4_BACKFILL = """
UPDATE events
SET sort_date = coalesce(events.date_start, d.published), doc_id = d.doc_id
FROM documents d
WHERE d.content_hash = events.content_hash
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        version=1,
        description="documents, events and mentions",
        statements=(
            _V1_DOCUMENTS,
            _V1_EVENTS,
            _V1_MENTIONS,
            "CREATE INDEX events_by_doc ON events (content_hash)",
            "CREATE INDEX mentions_by_doc ON mentions (content_hash)",
        ),
    ),
    Migration(
        version=2,
        description="event clusters (cross-article dedup)",
        statements=(
            _V2_CLUSTERS,
            _V2_EVENT_CLUSTERS,
            "CREATE INDEX event_clusters_by_cluster ON event_clusters (cluster_id)",
            "CREATE INDEX event_clusters_by_doc ON event_clusters (content_hash)",
        ),
    ),
    Migration(
        version=3,
        description="distance to the nearest international land border",
        statements=(
            "ALTER TABLE events ADD COLUMN border_km DOUBLE",
            "ALTER TABLE events ADD COLUMN border_pair VARCHAR[]",
        ),
    ),
    Migration(
        version=4,
        description="events carry their sort day and document id",
        statements=(
            "ALTER TABLE events ADD COLUMN sort_date DATE",
            "ALTER TABLE events ADD COLUMN doc_id VARCHAR",
            _V4_BACKFILL,
        ),
    ),
)

SCHEMA_VERSION: int = MIGRATIONS[-1].version

VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER PRIMARY KEY,
    description VARCHAR NOT NULL,
    applied_at  TIMESTAMP NOT NULL
)
"""

# The event record's columns, in the order `duckdb_store` builds rows and `query` reads them.
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "content_hash",
    "local_id",
    "type",
    "mode",
    "contexts",
    "cameo_root",
    "quad_class",
    "intensity",
    "source_text",
    "source_start",
    "source_end",
    "source_name",
    "source_country",
    "source_sector",
    "source_actor_id",
    "target_text",
    "target_start",
    "target_end",
    "target_name",
    "target_country",
    "target_sector",
    "target_actor_id",
    "location_text",
    "location_start",
    "location_end",
    "location_name",
    "geonameid",
    "lat",
    "lon",
    "location_country",
    "admin1",
    "location_precision",
    "date_text",
    "date_start_offset",
    "date_end_offset",
    "date_value",
    "date_precision",
    "date_start",
    "date_end",
    "factuality",
    "killed",
    "injured",
    "arrested",
    "displaced",
    "troops",
    "participants",
    "cross_border",
    "evidence_text",
    "evidence_start",
    "evidence_end",
    "trigger_text",
    "trigger_start",
    "trigger_end",
    "confidence",
    "border_km",
    "border_pair",
)

# Copies of document values on each event row (v4), written after EVENT_COLUMNS by
# `Store.write`. They are sort and filter keys, not part of the event record: SELECT lists built
# from EVENT_COLUMNS (query, export) leave them out and read the document's own columns.
EVENT_KEY_COLUMNS: tuple[str, ...] = ("sort_date", "doc_id")

MENTION_COLUMNS: tuple[str, ...] = (
    "content_hash",
    "kind",
    "text",
    "start",
    '"end"',
    "name",
    "country",
    "sector",
    "actor_id",
    "geonameid",
    "lat",
    "lon",
    "admin1",
    "precision",
    "value",
    "start_date",
    "end_date",
)


def insert_sql(table: str, columns: tuple[str, ...]) -> str:
    """An INSERT with one `?` placeholder per column; table and columns are our constants."""
    placeholders = ", ".join("?" for _ in columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"
