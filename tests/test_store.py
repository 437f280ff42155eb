"""Store: schema versioning, idempotent ingest, failures, and friendly open errors."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from sitrep.errors import StoreError
from sitrep.model import ActorMention, AnnotatedDocument, Article, Event, Evidence, Span
from sitrep.store import SCHEMA_VERSION, Store, content_hash, ingest, store_event_id
from sitrep.store.schema import MIGRATIONS


def make_article(doc_id: str, text: str) -> Article:
    return Article(id=doc_id, text=text, published=dt.date(2024, 3, 4))


def arrest_event(text: str, local_id: str = "e0") -> Event:
    start = text.index("arrested")
    return Event(
        id=local_id,
        type="ARREST",
        evidence=Evidence(
            text=text, start=0, end=len(text), trigger=Span("arrested", start, start + 8)
        ),
        source=ActorMention("Police", 0, 6, name="Police of Nigeria", country="NGA", sector="COP"),
        counts={"arrested": 5},
        confidence=0.8,
    )


class FakePipeline:
    """Annotates every article with one ARREST event; fails articles whose text says FAIL."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def annotate_many(self, articles: Iterable[Article]) -> Iterator[AnnotatedDocument]:
        for a in articles:
            self.seen.append(a.id)
            if "FAIL" in a.text:
                yield AnnotatedDocument.failed(a.id, a.published, f"{a.id}: it broke")
            else:
                actor = ActorMention("Police", 0, 6, country="NGA")
                yield AnnotatedDocument(
                    doc_id=a.id,
                    published=a.published,
                    events=(arrest_event(a.text),),
                    actors=(actor,),
                )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "t.duckdb") as s:
        yield s


def test_new_database_has_current_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "v.duckdb"
    with Store.open(path) as s:
        assert s.schema_version() == SCHEMA_VERSION == len(MIGRATIONS)
    with Store.open(path) as s:  # reopening applies nothing twice
        assert s.fetch("SELECT count(*) FROM schema_version") == [(len(MIGRATIONS),)]


def test_reingest_same_text_is_skipped_and_changes_nothing(store: Store) -> None:
    doc = make_article("a", "Police arrested five men in Lagos on Monday.")
    pipeline = FakePipeline()
    first = ingest(store, pipeline, [doc])
    assert (first.new, first.skipped, first.failed, first.events) == (1, 0, 0, 1)
    before = store.counts()
    # Same text under another id, and again in the same run: both skipped, never annotated.
    again = ingest(store, pipeline, [doc, make_article("a-copy", doc.text)])
    assert (again.new, again.skipped, again.failed, again.events) == (0, 2, 0, 0)
    assert store.counts() == before == {"documents": 1, "failed": 0, "events": 1, "mentions": 1}
    assert pipeline.seen == ["a"]


def test_duplicate_within_one_run_is_stored_once(store: Store) -> None:
    doc = make_article("a", "Police arrested five men in Lagos on Monday.")
    summary = ingest(store, FakePipeline(), [doc, doc])
    assert (summary.new, summary.skipped) == (1, 1)
    assert store.counts()["documents"] == 1


def test_event_ids_are_unique_across_documents(store: Store) -> None:
    docs = [make_article(f"d{i}", f"Police arrested {i} men in Kano.") for i in range(3)]
    ingest(store, FakePipeline(), docs)
    ids = [r[0] for r in store.fetch("SELECT event_id FROM events")]
    assert len(ids) == len(set(ids)) == 3
    assert store_event_id(content_hash(docs[0].text), "e0") in ids


def test_failed_document_is_recorded_and_retried(store: Store) -> None:
    bad = make_article("bad", "FAIL: police arrested nobody.")
    summary = ingest(store, FakePipeline(), [bad])
    assert (summary.new, summary.failed) == (0, 1)
    assert summary.failures == [("bad", "bad: it broke")]
    assert store.status(content_hash(bad.text)) == "failed"
    assert store.fetch("SELECT doc_id, error FROM documents") == [("bad", "bad: it broke")]

    class Fixed(FakePipeline):
        def annotate_many(self, articles: Iterable[Article]) -> Iterator[AnnotatedDocument]:
            for a in articles:
                yield AnnotatedDocument(
                    doc_id=a.id, published=a.published, events=(arrest_event(a.text),)
                )

    retry = ingest(store, Fixed(), [bad])
    assert (retry.new, retry.failed, retry.events) == (1, 0, 1)
    assert store.counts() == {"documents": 1, "failed": 0, "events": 1, "mentions": 0}


def test_unreadable_documents_are_counted_not_stored(store: Store) -> None:
    class Unreadable:
        doc_id = "empty.txt"
        message = "empty.txt: document is empty"

    summary = ingest(store, FakePipeline(), [Unreadable()])  # type: ignore[list-item]
    assert (summary.failed, summary.failures) == (
        1,
        [("empty.txt", "empty.txt: document is empty")],
    )
    assert store.counts()["documents"] == 0


def test_rewriting_a_stored_document_replaces_its_rows(store: Store) -> None:
    doc = make_article("a", "Police arrested five men in Lagos.")
    result = AnnotatedDocument(
        doc_id="a", published=doc.published, events=(arrest_event(doc.text),)
    )
    store.write(doc, result)
    store.write(doc, result)
    assert store.counts()["events"] == 1


def test_write_failure_leaves_no_half_document(store: Store) -> None:
    doc = make_article("a", "Police arrested five men in Lagos.")
    ev = arrest_event(doc.text)
    twice = AnnotatedDocument(doc_id="a", published=doc.published, events=(ev, ev))  # same id twice
    with pytest.raises(StoreError, match="writing document a failed"):
        store.write(doc, twice)
    assert store.counts() == {"documents": 0, "failed": 0, "events": 0, "mentions": 0}


def test_garbage_file_is_a_clear_store_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("these are my notes, not a database\n" * 50)
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert info.value.code == "E401"
    assert str(path) in info.value.message and "--db" in info.value.message
    assert "\n" not in info.value.message


def test_locked_file_is_a_clear_store_error(tmp_path: Path) -> None:
    path = tmp_path / "busy.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, duckdb; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); "
            "sys.stdin.read()",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError) as info:
            Store.open(path)
        assert info.value.code == "E201"
        assert str(path) in info.value.message and "another process" in info.value.message
    finally:
        holder.communicate(timeout=10)  # closes its stdin (it exits) and our pipe ends


def test_read_only_open_of_missing_file_says_how_to_create_it(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="sitrep ingest") as info:
        Store.open(tmp_path / "nothing.duckdb", read_only=True)
    assert info.value.code == "E403"
    assert not (tmp_path / "nothing.duckdb").exists()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.duckdb"
    with Store.open(path) as s:
        s.fetch(
            "INSERT INTO schema_version VALUES (99, 'from the future', now()) RETURNING version"
        )
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert info.value.code == "E402" and "99" in info.value.message


def test_progress_callback_reports_each_outcome(store: Store) -> None:
    class Unreadable:
        doc_id = "bin"
        message = "bin: binary"

    ok = make_article("ok", "Police arrested five men in Lagos.")
    bad = make_article("bad", "FAIL: police arrested nobody.")
    outcomes: list[tuple[str, str]] = []
    items = [ok, Unreadable(), bad, ok]
    ingest(store, FakePipeline(), items, on_document=lambda d, o: outcomes.append((d, o)))  # type: ignore[arg-type]
    assert sorted(outcomes) == sorted(
        [("ok", "stored"), ("bin", "unreadable"), ("bad", "failed"), ("ok", "skipped")]
    )


def test_lazy_annotator_builds_nothing_when_all_is_stored(store: Store) -> None:
    from sitrep.store.ingest import LazyAnnotator

    doc = make_article("a", "Police arrested five men in Lagos.")
    built: list[FakePipeline] = []

    def build() -> FakePipeline:
        built.append(FakePipeline())
        return built[-1]

    assert ingest(store, LazyAnnotator(build), [doc]).new == 1
    assert ingest(store, LazyAnnotator(build), [doc]).skipped == 1
    assert len(built) == 1
