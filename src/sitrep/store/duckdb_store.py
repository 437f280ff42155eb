"""`Store`: annotated documents in an embedded DuckDB file, one transaction per document.

Opening a file creates it if needed and brings its schema up to `SCHEMA_VERSION`. Writing a
document replaces nothing that succeeded before: callers ask `status()` first and skip stored
texts. A document whose annotation failed is kept with its error so `sitrep query` can show it,
and is written over when a later run succeeds (failures are often fixed by a newer Sitrep).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import duckdb

from ..closing import Closing
from ..errors import Messages, StoreError
from ..model import ActorMention, AnnotatedDocument, Article, Event, PlaceMention, TimeMention
from .schema import (
    EVENT_COLUMNS,
    EVENT_KEY_COLUMNS,
    MENTION_COLUMNS,
    MIGRATIONS,
    SCHEMA_VERSION,
    VERSION_TABLE,
    insert_sql,
)

DocStatus = Literal["stored", "failed"]

_INSERT_EVENT = insert_sql("events", EVENT_COLUMNS + EVENT_KEY_COLUMNS)
_INSERT_MENTION = insert_sql("mentions", MENTION_COLUMNS)
_INSERT_DOCUMENT = (
    "INSERT INTO documents (content_hash, doc_id, published, title, url, n_chars, ingested_at, "
    "error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def content_hash(text: str) -> str:
    """The document's identity in the store: SHA-256 hex digest of its UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def store_event_id(digest: str, local_id: str) -> str:
    """An event id unique across the store: hash prefix of its document and the local id."""
    return f"{digest[:16]}:{local_id}"


class Store(Closing):
    """An open DuckDB database holding documents, events and mentions.

    Use as a context manager, or call `close()`. Not safe to share between threads; DuckDB
    allows one writing process per file, which is why opening a file in use raises StoreError.
    """

    def __init__(self, connection: duckdb.DuckDBPyConnection, path: Path) -> None:
        self._con = connection
        self.path = path

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> Store:
        """Open (and create unless `read_only`) the database at `path`, migrated to the latest
        schema. Raises StoreError with one actionable line if the file is missing (read only),
        locked by another process, not a DuckDB file, or from a newer Sitrep."""
        path = Path(path)
        if read_only and not path.exists():
            raise StoreError(Messages.E403, path=path)
        try:
            con = duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as e:
            raise _open_error(path, e) from e
        store = cls(con, path)
        try:
            store._migrate(read_only=read_only)
        except BaseException:
            con.close()
            raise
        return store

    def close(self) -> None:
        self._con.close()

    # schema -----------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The highest migration applied to this database (0 for an empty file)."""
        row = self._con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self, *, read_only: bool) -> None:
        if read_only:
            exists = self._con.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                ["schema_version"],
            ).fetchone()
            found = self.schema_version() if exists and exists[0] else 0
            if found != SCHEMA_VERSION:
                raise _version_error(self.path, found)
            return
        self._con.execute(VERSION_TABLE)
        found = self.schema_version()
        if found > SCHEMA_VERSION:
            raise StoreError(Messages.E402, path=self.path, found=found, supported=SCHEMA_VERSION)
        pending = [m for m in MIGRATIONS if m.version > found]
        if not pending:
            return
        try:
            with self.transaction() as con:
                for migration in pending:
                    for statement in migration.statements:
                        con.execute(statement)
                    con.execute(
                        "INSERT INTO schema_version VALUES (?, ?, ?)",
                        [migration.version, migration.description, _now()],
                    )
        except duckdb.Error as e:
            raise StoreError(Messages.E202, path=self.path, reason=f"migration failed: {e}") from e

    @contextlib.contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Statements run inside are one transaction: committed when the block ends, rolled
        back if anything in it (or the commit itself) fails. `duckdb.Error` propagates; the
        caller turns it into the StoreError that says what failed."""
        self._con.begin()
        try:
            yield self._con
            self._con.commit()
        except BaseException:
            _rollback_quietly(self._con)
            raise

    # reading ----------------------------------------------------------------------------

    def status(self, digest: str) -> DocStatus | None:
        """'stored' if a document with this content hash was annotated and stored, 'failed' if
        it is recorded with an error, None if the store has never seen it."""
        row = self._con.execute(
            "SELECT error FROM documents WHERE content_hash = ?", [digest]
        ).fetchone()
        if row is None:
            return None
        return "stored" if row[0] is None else "failed"

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a parameterised read query and return all rows; errors become StoreError."""
        try:
            return self._con.execute(sql, list(params)).fetchall()
        except duckdb.Error as e:
            raise StoreError(Messages.E202, path=self.path, reason=str(e)) from e

    def counts(self) -> dict[str, int]:
        """Rows in the store: documents, failed documents, events, mentions."""
        row = self._con.execute(
            "SELECT (SELECT count(*) FROM documents), "
            "(SELECT count(*) FROM documents WHERE error IS NOT NULL), "
            "(SELECT count(*) FROM events), (SELECT count(*) FROM mentions)"
        ).fetchone()
        assert row is not None  # an aggregate always returns one row
        return {"documents": row[0], "failed": row[1], "events": row[2], "mentions": row[3]}

    # writing ----------------------------------------------------------------------------

    def write(self, article: Article, annotated: AnnotatedDocument) -> int:
        """Store one document with its events and mentions, all or nothing, in one transaction.

        A previous failed record of the same text is replaced. Returns the number of events
        written (0 for a failed annotation, which is stored with its error and no rows).
        Raises StoreError if the write fails; the database is then as it was before.
        """
        digest = content_hash(article.text)
        try:
            with self.transaction() as con:
                con.execute("DELETE FROM events WHERE content_hash = ?", [digest])
                con.execute("DELETE FROM mentions WHERE content_hash = ?", [digest])
                con.execute("DELETE FROM documents WHERE content_hash = ?", [digest])
                published = article.published or annotated.published
                con.execute(
                    _INSERT_DOCUMENT,
                    [
                        digest,
                        article.id,
                        published,
                        article.title,
                        article.url,
                        len(article.text),
                        _now(),
                        annotated.error,
                    ],
                )
                n_events = 0
                if annotated.error is None:
                    events = [
                        _event_row(digest, e, doc_id=article.id, published=published)
                        for e in annotated.events
                    ]
                    mentions = _mention_rows(digest, annotated)
                    if events:
                        con.executemany(_INSERT_EVENT, events)
                    if mentions:
                        con.executemany(_INSERT_MENTION, mentions)
                    n_events = len(events)
        except duckdb.Error as e:
            raise StoreError(Messages.E404, path=self.path, doc=article.id, reason=e) from e
        return n_events


def _now() -> dt.datetime:
    # Naive UTC: DuckDB's TIMESTAMP has no zone, and local time would differ between machines.
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _open_error(path: Path, error: duckdb.Error) -> StoreError:
    text = str(error)
    if "lock" in text.lower():
        return StoreError(Messages.E201, path=path, reason=text.split(". See also")[0])
    if "not a valid DuckDB database" in text:
        return StoreError(Messages.E401, path=path)
    return StoreError(Messages.E202, path=path, reason=text)


def _version_error(path: Path, found: int) -> StoreError:
    if found > SCHEMA_VERSION:
        return StoreError(Messages.E402, path=path, found=found, supported=SCHEMA_VERSION)
    reason = f"schema version {found}, expected {SCHEMA_VERSION}; open it once for writing"
    return StoreError(Messages.E202, path=path, reason=reason)


def _iso_date(value: str | None) -> dt.date | None:
    # Stages promise ISO days in start_date/end_date; anything else is stored as unknown
    # (the raw TIMEX value is kept in date_value), never guessed.
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _actor_columns(actor: ActorMention | None) -> list[Any]:
    if actor is None:
        return [None] * 7
    return [
        actor.text,
        actor.start,
        actor.end,
        actor.name,
        actor.country,
        actor.sector,
        actor.id,
    ]


def _place_columns(place: PlaceMention | None) -> list[Any]:
    if place is None:
        return [None] * 10
    return [
        place.text,
        place.start,
        place.end,
        place.name,
        place.geonameid,
        place.lat,
        place.lon,
        place.country,
        place.admin1,
        place.precision,
    ]


def _time_columns(time: TimeMention | None) -> list[Any]:
    if time is None:
        return [None] * 7
    return [
        time.text,
        time.start,
        time.end,
        time.value,
        time.precision,
        _iso_date(time.start_date),
        _iso_date(time.end_date),
    ]


def _event_row(digest: str, event: Event, *, doc_id: str, published: dt.date | None) -> list[Any]:
    counts = event.counts
    start_day = _iso_date(event.date.start_date) if event.date else None
    row = [
        store_event_id(digest, event.id),
        digest,
        event.id,
        event.type,
        event.mode,
        list(event.contexts),
        event.cameo_root,
        event.quad_class,
        event.intensity,
        *_actor_columns(event.source),
        *_actor_columns(event.target),
        *_place_columns(event.location),
        *_time_columns(event.date),
        event.factuality,
        counts.get("killed"),
        counts.get("injured"),
        counts.get("arrested"),
        counts.get("displaced"),
        counts.get("troops"),
        counts.get("participants"),
        event.cross_border,
        event.evidence.text,
        event.evidence.start,
        event.evidence.end,
        event.evidence.trigger.text,
        event.evidence.trigger.start,
        event.evidence.trigger.end,
        event.confidence,
        event.border_km,
        list(event.border_pair) if event.border_pair else None,
        # EVENT_KEY_COLUMNS: the sort day (as query.py's date fallback) and the document id
        start_day or published,
        doc_id,
    ]
    # the schema and this builder must change together
    assert len(row) == len(EVENT_COLUMNS) + len(EVENT_KEY_COLUMNS)
    return row


def _mention_rows(digest: str, doc: AnnotatedDocument) -> list[list[Any]]:
    rows: list[list[Any]] = []
    blank = [None] * 12

    def add(kind: str, text: str, start: int, end: int, resolved: Iterable[Any]) -> None:
        row = [digest, kind, text, start, end, *resolved]
        assert len(row) == len(MENTION_COLUMNS)
        rows.append(row)

    for a in doc.actors:
        add("actor", a.text, a.start, a.end, [a.name, a.country, a.sector, a.id, *blank[:8]])
    for p in doc.places:
        resolved = [p.name, p.country, None, None, p.geonameid, p.lat, p.lon, p.admin1]
        add("place", p.text, p.start, p.end, [*resolved, p.precision, None, None, None])
    for t in doc.times:
        dates = [_iso_date(t.start_date), _iso_date(t.end_date)]
        add("time", t.text, t.start, t.end, [*blank[:8], t.precision, t.value, *dates])
    return rows


def _rollback_quietly(con: duckdb.DuckDBPyConnection) -> None:
    # A COMMIT that fails (a full disk, a file size limit) has already ended the transaction,
    # so ROLLBACK then raises "no transaction is active" and would hide the real error.
    with contextlib.suppress(duckdb.Error):
        con.rollback()
