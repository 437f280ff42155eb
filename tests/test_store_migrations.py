"""Schema v4: events carry their sort day and document id, backfilled on upgrade, written by
`Store.write`, and used for the order of every filtered read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from sitrep.export.selection import EventFilter, select_events
from sitrep.model import AnnotatedDocument, Article, Event, Evidence, Span, TimeMention
from sitrep.store import SCHEMA_VERSION, Store, query
from sitrep.store.schema import MIGRATIONS, VERSION_TABLE

# documents of the v3 file: content hash, doc id, published day
V3_DOCUMENTS = [
    ("h1", "doc-b", dt.date(2024, 3, 10)),
    ("h2", "doc-a", dt.date(2024, 3, 10)),
    ("h3", "doc-c", None),
]
# events of the v3 file: event id, content hash, event start day, trigger start
V3_EVENTS = [
    ("h1:e0", "h1", dt.date(2024, 3, 1), 5),
    ("h1:e1", "h1", None, 9),
    ("h2:e0", "h2", None, 3),
    ("h3:e0", "h3", dt.date(2024, 2, 1), 0),
    ("h3:e1", "h3", None, 4),
]


def make_v3(path: Path) -> None:
    """A database as Sitrep with schema v3 left it, with documents and events in it."""
    con = duckdb.connect(str(path))
    con.execute(VERSION_TABLE)
    for migration in MIGRATIONS:
        if migration.version > 3:
            break
        for statement in migration.statements:
            con.execute(statement)
        con.execute(
            "INSERT INTO schema_version VALUES (?, ?, now())",
            [migration.version, migration.description],
        )
    for digest, doc_id, published in V3_DOCUMENTS:
        con.execute(
            "INSERT INTO documents VALUES (?, ?, ?, NULL, NULL, 100, now(), NULL)",
            [digest, doc_id, published],
        )
    for event_id, digest, start, trigger_start in V3_EVENTS:
        con.execute(
            "INSERT INTO events (event_id, content_hash, local_id, type, contexts, date_start, "
            "date_end, factuality, evidence_text, evidence_start, evidence_end, trigger_text, "
            "trigger_start, trigger_end, confidence) "
            "VALUES (?, ?, ?, 'PROTEST', [], ?, ?, 'asserted', 'x', 0, 1, 'x', ?, ?, 0.5)",
            [event_id, digest, event_id[3:], start, start, trigger_start, trigger_start + 1],
        )
    con.close()


def test_v3_database_is_migrated_and_backfilled(tmp_path: Path) -> None:
    path = tmp_path / "v3.duckdb"
    make_v3(path)
    with Store.open(path) as s:
        assert s.schema_version() == SCHEMA_VERSION >= 4
        rows = s.fetch("SELECT event_id, sort_date, doc_id FROM events ORDER BY event_id")
    assert rows == [
        ("h1:e0", dt.date(2024, 3, 1), "doc-b"),  # the event's own date
        ("h1:e1", dt.date(2024, 3, 10), "doc-b"),  # else the published day
        ("h2:e0", dt.date(2024, 3, 10), "doc-a"),
        ("h3:e0", dt.date(2024, 2, 1), "doc-c"),
        ("h3:e1", None, "doc-c"),  # neither: no sort day
    ]


def test_migrated_rows_read_back_in_the_documented_order(tmp_path: Path) -> None:
    path = tmp_path / "v3.duckdb"
    make_v3(path)
    with Store.open(path) as s:
        # The order v3 derived by joining documents: date else published, doc_id, trigger.
        expected = [
            r[0]
            for r in s.fetch(
                "SELECT e.event_id FROM events e JOIN documents d USING (content_hash) ORDER BY "
                "coalesce(e.date_start, d.published) NULLS LAST, d.doc_id, e.trigger_start"
            )
        ]
        assert expected == ["h3:e0", "h1:e0", "h2:e0", "h1:e1", "h3:e1"]
        assert [r.event.id for r in query(s)] == expected
        assert [r.event.id for r in select_events(s, EventFilter())] == expected
        assert [r.doc_id for r in query(s)] == ["doc-c", "doc-b", "doc-a", "doc-b", "doc-c"]
        march = query(s, date_from=dt.date(2024, 3, 5), date_to=dt.date(2024, 3, 31))
        assert [r.event.id for r in march] == ["h2:e0", "h1:e1"]


def dated_event(local_id: str, trigger_start: int, start: str | None) -> Event:
    text = "Crowds marched on the ministry."
    date = None
    if start is not None:
        date = TimeMention("that day", 0, 8, value=start, precision="day", start_date=start)
    return Event(
        id=local_id,
        type="PROTEST",
        evidence=Evidence(
            text=text,
            start=0,
            end=len(text),
            trigger=Span("marched", trigger_start, trigger_start + 7),
        ),
        date=date,
        confidence=0.7,
    )


def write(s: Store, doc_id: str, published: dt.date | None, *events: Event) -> None:
    article = Article(id=doc_id, text=f"text of {doc_id}", published=published)
    s.write(article, AnnotatedDocument(doc_id=doc_id, published=published, events=events))


def test_write_fills_sort_date_and_doc_id(tmp_path: Path) -> None:
    with Store.open(tmp_path / "w.duckdb") as s:
        write(s, "a", dt.date(2024, 5, 2), dated_event("e0", 7, "2024-04-30"))
        write(s, "b", dt.date(2024, 5, 3), dated_event("e0", 7, None))
        write(s, "c", None, dated_event("e0", 7, None))
        rows = s.fetch(
            "SELECT d.doc_id, e.doc_id, e.sort_date, coalesce(e.date_start, d.published) "
            "FROM events e JOIN documents d USING (content_hash) ORDER BY d.doc_id"
        )
    assert rows == [
        ("a", "a", dt.date(2024, 4, 30), dt.date(2024, 4, 30)),
        ("b", "b", dt.date(2024, 5, 3), dt.date(2024, 5, 3)),
        ("c", "c", None, None),
    ]


def test_query_sorts_by_sort_date_then_doc_id_then_trigger(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as s:
        # Written newest first, so the order read back is the query's, not the insert order.
        write(s, "undated", None, dated_event("e0", 0, None))
        write(s, "z", dt.date(2024, 6, 9), dated_event("e0", 20, None), dated_event("e1", 2, None))
        write(s, "m", dt.date(2024, 6, 1), dated_event("e0", 0, "2024-06-09"))
        write(s, "y", dt.date(2024, 6, 2), dated_event("e0", 0, "2024-01-15"))
        got = [(r.doc_id, r.event.evidence.trigger.start) for r in query(s)]
        assert got == [("y", 0), ("m", 0), ("z", 2), ("z", 20), ("undated", 0)]
        assert [(r.doc_id, r.event.evidence.trigger.start) for r in query(s, limit=2)] == got[:2]
        selected = select_events(s, EventFilter())
        assert [(r.doc_id, r.event.evidence.trigger.start) for r in selected] == got
        # The published day stays the document's own, not the event's sort day.
        assert {r.doc_id: r.published for r in query(s)}["m"] == dt.date(2024, 6, 1)
