"""Annotate documents and store them, skipping texts the store already holds.

`ingest()` checks each article's content hash before annotating, so a re-run over the same files
costs a hash per document and changes nothing. Documents whose annotation failed are stored with
their error and retried on the next run (the fix is often a newer Sitrep or model); documents
that could not even be read have no text to key them by, so they are only counted and reported.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ..model import AnnotatedDocument, Article
from .duckdb_store import Store, content_hash

if TYPE_CHECKING:
    from ..config import Settings
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

    @property
    def seen(self) -> int:
        return self.new + self.skipped + self.failed


# Called with (doc_id, outcome), outcome one of "stored", "failed", "skipped", "unreadable".
Progress = Callable[[str, str], None]


def ingest(
    store: Store,
    pipeline: Annotator,
    documents: Iterable[Article | ReadFailure],
    *,
    on_document: Progress | None = None,
) -> IngestSummary:
    """Annotate the documents not yet stored and write each in its own transaction.

    `documents` may mix Articles and the readers' ReadFailures (anything else with `doc_id` and
    `message`). A text already stored, or repeated within this run, is skipped; a text stored
    as failed is annotated again. `on_document(doc_id, outcome)` is called after each document
    with "stored", "failed", "skipped" or "unreadable", for progress display. Returns the counts.
    A StoreError from writing stops the run; documents written before it stay stored.
    """
    summary = IngestSummary()
    seen: set[str] = set()

    def to_annotate() -> Iterator[Article]:
        for item in documents:
            if not isinstance(item, Article):
                summary.failed += 1
                summary.failures.append((item.doc_id, item.message))
                _notify(on_document, item.doc_id, "unreadable")
                continue
            digest = content_hash(item.text)
            if digest in seen or store.status(digest) == "stored":
                summary.skipped += 1
                _notify(on_document, item.id, "skipped")
                continue
            seen.add(digest)
            yield item

    # annotate_many parses in batches and yields results in input order, so the articles it
    # consumed are replayed from `pending` to pair each result with its article.
    pending: list[Article] = []

    def remember(articles: Iterator[Article]) -> Iterator[Article]:
        for article in articles:
            pending.append(article)
            yield article

    for result in pipeline.annotate_many(remember(to_annotate())):
        article = pending.pop(0)
        n_events = store.write(article, result)
        if result.error is None:
            summary.new += 1
            summary.events += n_events
        else:
            summary.failed += 1
            summary.failures.append((article.id, result.error))
        _notify(on_document, article.id, "failed" if result.error else "stored")
    return summary


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
) -> IngestSummary:
    """Read `paths` with the project's readers (same formats as `sitrep annotate`) and ingest."""
    from ..ingest.readers import read_documents

    documents = read_documents(
        paths, input_format=input_format, published=published, settings=settings
    )
    return ingest(store, pipeline, documents, on_document=on_document)
