"""Parallel annotation: ordering, bounded work in flight, failures, and the real backends.

The unit tests drive `ParallelAnnotator` with a backend whose futures the test completes by
hand. The end-to-end tests run the real model in a local process pool and on a Dask
LocalCluster and check the stored events equal a single-process run of the same documents.
"""

from __future__ import annotations

import datetime as dt
import sys
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from sitrep import __version__
from sitrep.config import Settings
from sitrep.demo import load_sample
from sitrep.errors import ConfigError, Messages
from sitrep.model import AnnotatedDocument, Article
from sitrep.parallel import (
    BatchResult,
    LocalBackend,
    ParallelAnnotator,
    WorkerError,
    WorkerSettings,
    _by_length,
    check_scheduler_address,
    dask_annotator,
    local_annotator,
    make_annotator,
    resolve_workers,
    settings_workers,
)
from sitrep.pipeline import Pipeline
from sitrep.store import Store, ingest


def articles(n: int) -> list[Article]:
    return [Article(id=f"d{i}", text=f"text {i}", published=dt.date(2024, 1, 1)) for i in range(n)]


def done(batch: list[Article], **overrides: Any) -> BatchResult:
    results = tuple(AnnotatedDocument(doc_id=a.id, published=a.published) for a in batch)
    fields: dict[str, Any] = {
        "results": results,
        "worker": "w:1",
        "peak_rss": 100,
        "version": __version__,
    }
    return BatchResult(**{**fields, **overrides})


class HandBackend:
    """Futures the test resolves; completes batches in reverse order of submission when asked,
    to show that results still come back in input order."""

    name = "hand"
    slots = 2

    def __init__(self, make: Any = done) -> None:
        self.make = make
        self.submitted: list[tuple[list[Article], Future[BatchResult]]] = []
        self.in_flight_max = 0
        self.collected = 0  # batches the caller has fully received, set by the test
        self.closed = False

    def submit(self, batch: list[Article]) -> Future[BatchResult]:
        future: Future[BatchResult] = Future()
        self.submitted.append((batch, future))
        outstanding = len(self.submitted) - self.collected
        self.in_flight_max = max(self.in_flight_max, outstanding)
        # Resolve newest first: a later batch finishes before an earlier one.
        for earlier_batch, earlier in reversed(self.submitted):
            if not earlier.done():
                try:
                    earlier.set_result(self.make(earlier_batch))
                except Exception as e:  # noqa: BLE001 - the test's `make` may raise on purpose
                    earlier.set_exception(e)
        return future

    def failure(self, error: BaseException, batch: list[Article]) -> WorkerError:
        return WorkerError(
            Messages.E506,
            first=batch[0].id,
            last=batch[-1].id,
            reason=error,
        )

    def close(self) -> None:
        self.closed = True


def test_results_come_back_in_input_order_with_bounded_batches_in_flight() -> None:
    backend = HandBackend()
    annotator = ParallelAnnotator(lambda: backend, batch_size=4, max_pending=3)
    out = []
    for result in annotator.annotate_many(articles(23)):
        out.append(result.doc_id)
        backend.collected = len(out) // 4
    assert out == [f"d{i}" for i in range(23)]
    assert [len(b) for b, _ in backend.submitted] == [4, 4, 4, 4, 4, 3]
    assert backend.in_flight_max <= 3 + 1  # the window, plus the batch being yielded
    annotator.close()
    assert backend.closed


def test_no_articles_starts_no_backend() -> None:
    started: list[int] = []

    def start() -> HandBackend:
        started.append(1)
        return HandBackend()

    annotator = ParallelAnnotator(start, batch_size=4)
    assert list(annotator.annotate_many([])) == []
    assert started == []


def test_worker_stats_record_peak_memory() -> None:
    backend = HandBackend(lambda b: done(b, worker=f"w:{len(b)}", peak_rss=len(b) * 10))
    annotator = ParallelAnnotator(lambda: backend, batch_size=4)
    list(annotator.annotate_many(articles(6)))
    assert annotator.stats.peak_rss == {"w:4": 40, "w:2": 20}


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda b: done(b, results=(), error="E001 model missing"), "E502"),
        (lambda b: done(b, version="0.0.0-other"), "E505"),
        (lambda b: done(b, results=()), "E506"),
    ],
)
def test_a_bad_batch_result_stops_the_run_with_a_coded_error(make: Any, code: str) -> None:
    annotator = ParallelAnnotator(lambda: HandBackend(make), batch_size=4)
    with pytest.raises(WorkerError) as info:
        list(annotator.annotate_many(articles(6)))
    assert info.value.code == code


def test_a_failed_future_is_mapped_by_the_backend() -> None:
    def boom(batch: list[Article]) -> BatchResult:
        raise RuntimeError("worker lost")

    annotator = ParallelAnnotator(lambda: HandBackend(boom), batch_size=4)
    with pytest.raises(WorkerError, match=r"d0 \.\. d3 failed on a worker"):
        list(annotator.annotate_many(articles(6)))


def test_a_dead_local_worker_is_reported_as_e501() -> None:
    backend = LocalBackend(
        WorkerSettings.of(Settings.load(environ={})), workers=1, start_method="spawn"
    )
    try:  # no batch was submitted, so no process was started
        mapped = backend.failure(BrokenProcessPool("terminated abruptly"), articles(1))
        assert mapped.code == "E501"
    finally:
        backend.close()


def test_long_documents_are_parsed_in_smaller_groups() -> None:
    docs = [Article(id=str(n), text="x" * n) for n in (40, 40, 30, 150, 10, 10)]
    groups = [[a.id for a in g] for g in _by_length(docs, 100)]
    assert groups == [["40", "40"], ["30"], ["150"], ["10", "10"]]


def test_settings_and_addresses_are_checked() -> None:
    settings = Settings.load(environ={})
    assert settings_workers(settings) == (1, None)
    assert make_annotator(settings, workers=1) is None
    assert resolve_workers(3) == 3 and resolve_workers(0) >= 1
    with pytest.raises(ConfigError) as info:
        settings_workers(settings.with_overrides({"parallel": {"workers": -2}}))
    assert info.value.code == "E500"
    for key, bad in (("batch_size", 0), ("max_batch_chars", "many")):
        with pytest.raises(ConfigError) as info:
            local_annotator(settings.with_overrides({"parallel": {key: bad}}), workers=2)
        assert info.value.code == "E500"
    with pytest.raises(ConfigError):
        LocalBackend(WorkerSettings.of(settings), workers=1, start_method="threads")
    assert check_scheduler_address("tcp://10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    for bad in ("10.0.0.5:8786", "tcp://10.0.0.5", "http://host:80", "tcp://:8786"):
        with pytest.raises(ConfigError) as info:
            check_scheduler_address(bad)
        assert info.value.code == "E507"


def test_unreachable_scheduler_is_e503() -> None:
    pytest.importorskip("distributed")
    annotator = dask_annotator(Settings.load(environ={}), scheduler="tcp://127.0.0.1:9", timeout=1)
    with pytest.raises(WorkerError) as info:
        list(annotator.annotate_many(articles(1)))
    assert info.value.code == "E503"


# --- end to end with the real model --------------------------------------------------------


def corpus() -> list[Article]:
    # Four reports, one repeated under another id (skipped), and a blank one (no events).
    base = load_sample()[:4]
    return [*base, Article(id="again", text=base[0].text), Article(id="empty", text=" ")]


def stored_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Everything a run stored, without the ingest timestamps, in a stable order."""
    with Store.open(path, read_only=True) as store:
        return {
            "documents": store.fetch(
                "SELECT content_hash, doc_id, published, error FROM documents ORDER BY 1"
            ),
            "events": store.fetch("SELECT * FROM events ORDER BY event_id"),
            "mentions": store.fetch("SELECT * FROM mentions ORDER BY ALL"),
        }


@pytest.fixture(scope="module")
def single_process(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Any:
    path = tmp_path_factory.mktemp("single") / "one.duckdb"
    pipeline = Pipeline.from_settings(Settings.load(environ={}), nlp)
    with Store.open(path) as store:
        summary = ingest(store, pipeline, corpus())
    assert (summary.new, summary.skipped, summary.failed) == (5, 1, 0)
    assert summary.events > 0
    return stored_rows(path)


@pytest.mark.slow
def test_local_process_pool_stores_what_one_process_stores(
    tmp_path: Path, single_process: Any
) -> None:
    path = tmp_path / "pool.duckdb"
    # fork on Linux: the workers inherit the model this test process already loaded, which
    # saves a model load per worker; `spawn`, the default, is run by tests/test_resume.py.
    method = "fork" if sys.platform == "linux" else "spawn"
    settings = Settings.load(environ={})
    with (
        local_annotator(settings, workers=2, batch_size=1, start_method=method) as annotator,
        Store.open(path) as store,
    ):
        summary = ingest(store, annotator, corpus())
    assert (summary.new, summary.skipped, summary.failed) == (5, 1, 0)
    assert len(annotator.stats.peak_rss) == 2  # both workers took batches
    assert stored_rows(path) == single_process


@pytest.mark.slow
def test_dask_local_cluster_stores_what_one_process_stores(
    tmp_path: Path, single_process: Any
) -> None:
    distributed = pytest.importorskip("distributed")
    path = tmp_path / "dask.duckdb"
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        dask_annotator(
            Settings.load(environ={}), scheduler=cluster.scheduler_address, batch_size=2
        ) as annotator,
        Store.open(path) as store,
    ):
        summary = ingest(store, annotator, corpus())
    assert (summary.new, summary.skipped, summary.failed) == (5, 1, 0)
    assert stored_rows(path) == single_process
