"""Annotate documents and store them, skipping texts the store already holds.

`ingest()` checks each article's content hash before annotating, so a re-run over the same files
costs a hash per document and changes nothing. Documents whose annotation failed are stored with
their error and retried on the next run (the fix is often a newer Sitrep or model); documents
that could not even be read have no text to key them by, so they are only counted and reported.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ..errors import Messages, StoreError
from ..model import AnnotatedDocument, Article
from .duckdb_store import Store, content_hash

if TYPE_CHECKING:
    from ..config import Settings
    from ..dedup.match import DedupSettings
    from ..ingest.readers import ReadFailure


class Annotator(Protocol):
    """What `ingest` needs of a pipeline: `Pipeline.annotate_many` keeps this promise."""

    def annotate_many(self, articles: Iterable[Article]) -> Iterator[AnnotatedDocument]: ...


class LazyAnnotator:
    """An Annotator built on first need: a re-run over stored documents loads no model.

    `build` (e.g. `lambda: Pipeline.from_settings(settings)`) is called only when the first
    article to annotate arrives; its errors (a missing model...) surface at that moment.
    """

    def __init__(self, build: Callable[[], Annotator]) -> None:
        self._build = build
        self._annotator: Annotator | None = None

    def annotate_many(self, articles: Iterable[Article]) -> Iterator[AnnotatedDocument]:
        iterator = iter(articles)
        first = next(iterator, None)
        if first is None:
            return
        if self._annotator is None:
            self._annotator = self._build()
        yield from self._annotator.annotate_many(itertools.chain([first], iterator))


@dataclass
class IngestSummary:
    """What one ingest run did. `failures` holds (doc_id, message) for every failed document."""

    new: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    # Content hashes of the documents this run stored with their events (for watch rules).
    stored_hashes: list[str] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.new + self.skipped + self.failed


# Called with (doc_id, outcome), outcome one of "stored", "failed", "skipped", "unreadable".
Progress = Callable[[str, str], None]
# Called after each document with the run's counts so far (progress bars: events found...).
SummaryProgress = Callable[["IngestSummary"], None]


def ingest(
    store: Store,
    pipeline: Annotator,
    documents: Iterable[Article | ReadFailure],
    *,
    on_document: Progress | None = None,
    dedup: DedupSettings | None = None,
    on_progress: SummaryProgress | None = None,
) -> IngestSummary:
    """Annotate the documents not yet stored and write each in its own transaction.

    `documents` may mix Articles and the readers' ReadFailures (anything else with `doc_id` and
    `message`). A text already stored, or repeated within this run, is skipped; a text stored
    as failed is annotated again. `on_document(doc_id, outcome)` is called after each document
    with "stored", "failed", "skipped" or "unreadable", for progress display, and
    `on_progress(summary)` with the counts so far. Returns the counts.
    A StoreError from writing stops the run; documents written before it stay stored.
    Each stored document's events are then filed into event clusters (`dedup`, default
    settings if None; `enabled = false` skips it), see sitrep.store.clusters.
    """
    summary = IngestSummary()
    seen: set[str] = set()
    _cluster_leftovers(store, dedup)

    def report(doc_id: str, outcome: str) -> None:
        _notify(on_document, doc_id, outcome)
        if on_progress is not None:
            on_progress(summary)

    def to_annotate() -> Iterator[Article]:
        for item in documents:
            if not isinstance(item, Article):
                summary.failed += 1
                summary.failures.append((item.doc_id, item.message))
                report(item.doc_id, "unreadable")
                continue
            digest = content_hash(item.text)
            if digest in seen or store.status(digest) == "stored":
                summary.skipped += 1
                report(item.id, "skipped")
                continue
            seen.add(digest)
            yield item

    # annotate_many parses in batches and yields results in input order, so the articles it
    # consumed are replayed from `pending` to pair each result with its article. A parallel
    # annotator holds many batches in flight, hence a deque rather than list.pop(0).
    pending: deque[Article] = deque()

    def remember(articles: Iterator[Article]) -> Iterator[Article]:
        for article in articles:
            pending.append(article)
            yield article

    for result in pipeline.annotate_many(remember(to_annotate())):
        article = pending.popleft()
        if result.doc_id != article.id:
            # Results are paired with articles by position; a mismatch would store one
            # document's events under another's hash, so stop before writing anything wrong.
            raise StoreError(Messages.E508, doc=article.id, got=result.doc_id)
        n_events = store.write(article, result)
        if n_events:
            _cluster(store, article, dedup)
        if result.error is None:
            summary.new += 1
            summary.events += n_events
            summary.stored_hashes.append(content_hash(article.text))
        else:
            summary.failed += 1
            summary.failures.append((article.id, result.error))
        report(article.id, "failed" if result.error else "stored")
    return summary


def _cluster(store: Store, article: Article, dedup: DedupSettings | None) -> None:
    # --- dedup hook (owned by the dedup engineer): file the new events into clusters ---
    from ..dedup.match import DedupSettings
    from .clusters import assign_document

    assign_document(store, content_hash(article.text), dedup or DedupSettings())


def _cluster_leftovers(store: Store, dedup: DedupSettings | None) -> None:
    # Resume: a document is written and then clustered in a second transaction, so a run killed
    # between the two leaves its events without a cluster, and the re-run skips the stored
    # document. File such events now, oldest document first, before anything new arrives.
    from ..dedup.match import DedupSettings
    from .clusters import assign_document

    settings = dedup or DedupSettings()
    if not settings.enabled:
        return
    rows = store.fetch(
        "SELECT d.content_hash FROM documents d WHERE EXISTS (SELECT 1 FROM events e "
        "ANTI JOIN event_clusters c ON c.event_id = e.event_id "
        "WHERE e.content_hash = d.content_hash) ORDER BY d.published NULLS LAST, d.content_hash"
    )
    for (digest,) in rows:
        assign_document(store, digest, settings)


def _notify(callback: Progress | None, doc_id: str, outcome: str) -> None:
    if callback is not None:
        callback(doc_id, outcome)


def ingest_paths(
    store: Store,
    pipeline: Annotator,
    paths: list[str],
    *,
    settings: Settings,
    input_format: str = "auto",
    published: dt.date | None = None,
    on_document: Progress | None = None,
    on_progress: SummaryProgress | None = None,
) -> IngestSummary:
    """Read `paths` with the project's readers (same formats as `sitrep annotate`) and ingest."""
    from ..ingest.readers import read_documents

    documents = read_documents(
        paths, input_format=input_format, published=published, settings=settings
    )
    from ..dedup import dedup_settings

    dedup = dedup_settings(settings)
    return ingest(
        store, pipeline, documents, on_document=on_document, dedup=dedup, on_progress=on_progress
    )
