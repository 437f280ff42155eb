"""Annotating on many cores: a local process pool or a Dask cluster, behind one interface.

`ParallelAnnotator.annotate_many` keeps the promise `store.ingest` relies on: one result per
article, in input order. It cuts the articles into batches, keeps at most `max_pending` batches
in flight, and yields each batch's results once it and every earlier batch are done, so the one
writer (the DuckDB store in the calling process) sees a single ordered stream and memory stays
flat however long the corpus. The input iterator is only ever advanced in the calling thread:
`ingest` checks the store while it is read, and a DuckDB connection is not shared across threads.

Each worker process builds its pipeline (and loads the spaCy model) once and keeps it for every
later batch: `annotate_batch` caches it per process, keyed by the settings it was built from.

Backends:
    local_annotator(settings, workers=4)                   # concurrent.futures process pool
    dask_annotator(settings, scheduler="tcp://host:8786")  # dask.distributed cluster
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import resource
import signal
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from . import __version__
from .closing import Closing
from .errors import ConfigError, Messages, SitrepError
from .model import AnnotatedDocument, Article

if TYPE_CHECKING:
    from .config import Settings
    from .pipeline import Pipeline

START_METHODS = ("spawn", "forkserver", "fork")
PARENT_POLL_SECONDS = 1.0


class WorkerError(SitrepError):
    """A worker process or the cluster failed; documents stored before it stay stored."""


@dataclass(frozen=True)
class BatchResult:
    """What a worker sends back for one batch: results in input order and how it fared.

    `error` is set (and `results` empty) when the worker could not build its pipeline.
    `peak_rss` is the worker process's peak resident memory so far, in bytes.
    """

    results: tuple[AnnotatedDocument, ...]
    worker: str
    peak_rss: int
    version: str
    error: str | None = None


@dataclass(frozen=True)
class WorkerSettings:
    """The settings a worker builds its pipeline from, with a key naming them in its cache."""

    settings: Settings
    key: str

    @classmethod
    def of(cls, settings: Settings) -> WorkerSettings:
        text = json.dumps(settings.data, sort_keys=True, default=str)
        return cls(settings=settings, key=hashlib.sha256(text.encode("utf-8")).hexdigest())


# --- the worker side: runs in each worker process --------------------------------------------

_PIPELINES: dict[str, Pipeline] = {}
_BUILD_ERRORS: dict[str, str] = {}
# Dask may run several tasks of one process in threads; building a pipeline twice would double
# the model's memory, and spaCy does not promise that one Language may be called concurrently.
_LOCK = threading.Lock()


def peak_rss_bytes() -> int:
    """This process's peak resident set size, in bytes (ru_maxrss is KiB on Linux, bytes on
    macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _pipeline(config: WorkerSettings) -> Pipeline | str:
    """The process's pipeline for these settings, built on first use; or the build error."""
    if config.key in _PIPELINES:
        return _PIPELINES[config.key]
    if config.key in _BUILD_ERRORS:
        return _BUILD_ERRORS[config.key]
    from .pipeline import Pipeline

    try:
        pipeline = Pipeline.from_settings(config.settings)
    except SitrepError as e:
        # Returned rather than raised: a SitrepError does not survive pickling with its fields,
        # and the caller turns it into one actionable WorkerError naming the worker.
        _BUILD_ERRORS[config.key] = e.message
        return e.message
    _PIPELINES[config.key] = pipeline
    return pipeline


def warm_worker(config: WorkerSettings, pool_child: bool = False) -> None:
    """Process-pool initializer: build the pipeline at start-up, so every worker loads the model
    at the same time instead of on its first batch. A failure is kept and reported by the first
    batch (an initializer that raises would only leave a 'broken pool' without the reason).
    With `pool_child`, the worker leaves Ctrl-C to the process that started it (which stops the
    pool and says so in one line, instead of a traceback per worker) and exits when that process
    is gone."""
    if pool_child:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    with _LOCK:
        _pipeline(config)


def _exit_with_parent(parent: int) -> None:
    # A killed `sitrep ingest` (SIGKILL, OOM killer) cannot shut its pool down, and a worker
    # blocked on the task queue never notices: without this it would hold its model's memory
    # until the machine restarts. When the parent dies the worker is re-parented. (Under
    # forkserver the parent is the fork server, which itself exits with `sitrep`.)
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def annotate_batch(config: WorkerSettings, articles: list[Article]) -> BatchResult:
    """Annotate `articles` in this worker process with its cached pipeline, in input order.

    A document that fails yields a failed AnnotatedDocument (as `Pipeline.annotate_many` does);
    a pipeline that cannot be built yields a BatchResult with `error` set and no results.
    """
    limit = positive_setting(config.settings, "max_batch_chars", 100_000)
    with _LOCK:
        built = _pipeline(config)
        if isinstance(built, str):
            return BatchResult((), _worker_name(), peak_rss_bytes(), __version__, error=built)
        results: list[AnnotatedDocument] = []
        for group in _by_length(articles, limit):
            results.extend(built.annotate_many(group, batch_size=len(group)))
    return BatchResult(tuple(results), _worker_name(), peak_rss_bytes(), __version__)


def _by_length(articles: list[Article], limit: int) -> Iterator[list[Article]]:
    # spaCy parses a batch as one padded array, so its memory grows with the batch's total
    # length: four 55,000-character reports parsed together took a worker from 0.3 to 0.95 GB
    # (bench_memory). Long documents are therefore parsed in smaller groups, alone if need be.
    group: list[Article] = []
    size = 0
    for article in articles:
        if group and size + len(article.text) > limit:
            yield group
            group, size = [], 0
        group.append(article)
        size += len(article.text)
    if group:
        yield group


# --- the caller's side -----------------------------------------------------------------------


class BatchFuture(Protocol):
    """A submitted batch: concurrent.futures.Future and distributed.Future both fit."""

    def result(self, timeout: float | None = None) -> Any: ...

    def cancel(self) -> Any: ...


class Backend(Protocol):
    """Somewhere to run `annotate_batch`: submits one batch, and shuts down when closed."""

    name: str
    slots: int  # batches that can run at once (worker processes, or cluster threads)

    def submit(self, articles: list[Article]) -> BatchFuture: ...

    def failure(self, error: BaseException, articles: list[Article]) -> SitrepError:
        """The WorkerError to raise for a batch whose future raised `error`."""
        ...

    def close(self) -> None: ...


@dataclass
class WorkerStats:
    """Per worker seen so far: batches done and peak resident memory in bytes."""

    batches: dict[str, int] = field(default_factory=dict)
    peak_rss: dict[str, int] = field(default_factory=dict)

    def add(self, result: BatchResult) -> None:
        self.batches[result.worker] = self.batches.get(result.worker, 0) + 1
        self.peak_rss[result.worker] = max(self.peak_rss.get(result.worker, 0), result.peak_rss)


class ParallelAnnotator(Closing):
    """An Annotator that runs batches on a backend and yields results in input order.

    The backend is started by the first article to annotate (a re-run over stored documents
    starts no workers) and stopped by `close()` or leaving the `with` block.
    """

    def __init__(
        self,
        start: Callable[[], Backend],
        *,
        batch_size: int = 16,
        max_pending: int | None = None,
    ) -> None:
        """`start` builds the backend; `batch_size` articles go to a worker at a time; at most
        `max_pending` batches are in flight (default: twice the backend's slots, so a worker
        finishing a batch always finds the next one queued)."""
        if batch_size < 1:
            raise ConfigError(Messages.E500, key="batch_size", value=batch_size, problem="< 1")
        self._start = start
        self._backend: Backend | None = None
        self.batch_size = batch_size
        self._max_pending = max_pending
        self.stats = WorkerStats()

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            self._backend = self._start()
        return self._backend

    def annotate_many(self, articles: Iterable[Article]) -> Iterator[AnnotatedDocument]:
        """One result per article, in input order. Raises WorkerError if a worker dies or the
        cluster fails; results yielded before that are valid."""
        batches = _batches(articles, self.batch_size)
        first = next(batches, None)
        if first is None:
            return
        backend = self.backend
        window = self._max_pending or 2 * max(1, backend.slots)
        pending: deque[tuple[list[Article], BatchFuture]] = deque()
        try:
            pending.append((first, backend.submit(first)))
            for batch in batches:
                if len(pending) >= window:
                    yield from self._collect(*pending.popleft())
                pending.append((batch, backend.submit(batch)))
            while pending:
                yield from self._collect(*pending.popleft())
        finally:
            # Abandoned (the writer failed, or the caller stopped early): drop queued work.
            for _, future in pending:
                future.cancel()

    def _collect(self, batch: list[Article], future: BatchFuture) -> Iterator[AnnotatedDocument]:
        backend = self.backend
        try:
            result = future.result()
        except Exception as e:  # each backend names its own failures in one actionable line
            raise backend.failure(e, batch) from e
        if not isinstance(result, BatchResult):
            raise WorkerError(Messages.E506, first=batch[0].id, last=batch[-1].id, reason=result)
        if result.error is not None:
            raise WorkerError(Messages.E502, worker=result.worker, reason=result.error)
        if result.version != __version__:
            raise WorkerError(
                Messages.E505, worker=result.worker, theirs=result.version, ours=__version__
            )
        if len(result.results) != len(batch):
            reason = f"{len(result.results)} results for {len(batch)} documents"
            raise WorkerError(Messages.E506, first=batch[0].id, last=batch[-1].id, reason=reason)
        self.stats.add(result)
        yield from result.results

    def close(self) -> None:
        """Stop the workers (or disconnect from the cluster). Safe to call twice."""
        if self._backend is not None:
            self._backend.close()
            self._backend = None


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- local process pool ----------------------------------------------------------------------


class LocalBackend:
    """`workers` processes on this machine, each with its own pipeline (ProcessPoolExecutor)."""

    name = "local"

    def __init__(self, config: WorkerSettings, *, workers: int, start_method: str) -> None:
        if start_method not in START_METHODS:
            problem = f"expected one of {', '.join(START_METHODS)}"
            raise ConfigError(
                Messages.E500, key="start_method", value=start_method, problem=problem
            )
        self.slots = workers
        self._config = config
        # spawn by default: a fresh interpreter per worker, the same on Linux, macOS and Windows,
        # and no copy of the parent's open DuckDB connection or threads (fork would copy both).
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context(start_method),
            initializer=warm_worker,
            initargs=(config, True),
        )

    def submit(self, articles: list[Article]) -> Future[BatchResult]:
        try:
            return self._pool.submit(annotate_batch, self._config, articles)
        except BrokenProcessPool as e:
            raise WorkerError(Messages.E501, reason=e) from e

    def failure(self, error: BaseException, articles: list[Article]) -> SitrepError:
        if isinstance(error, BrokenProcessPool):
            return WorkerError(Messages.E501, reason=error)
        return WorkerError(
            Messages.E506, first=articles[0].id, last=articles[-1].id, reason=repr(error)
        )

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def resolve_workers(workers: int) -> int:
    """The number of worker processes to start: `workers`, or one per CPU core for 0."""
    if workers < 0:
        raise ConfigError(Messages.E500, key="workers", value=workers, problem="must be 0 or more")
    return workers or (os.cpu_count() or 1)


def local_annotator(
    settings: Settings,
    *,
    workers: int,
    batch_size: int | None = None,
    start_method: str | None = None,
) -> ParallelAnnotator:
    """An annotator running `workers` local processes (0: one per core), started lazily."""
    n = resolve_workers(workers)
    method = start_method or parallel_setting(settings, "start_method", "spawn")
    config = WorkerSettings.of(settings)
    return ParallelAnnotator(
        lambda: LocalBackend(config, workers=n, start_method=str(method)),
        batch_size=batch_size or task_size(settings),
    )


def task_size(settings: Settings) -> int:
    """`[parallel] batch_size`: documents sent to a worker at a time (default 16). Also checks
    `max_batch_chars`, which only the workers read, so a bad value fails here and not there."""
    positive_setting(settings, "max_batch_chars", 100_000)
    return positive_setting(settings, "batch_size", 16)


def positive_setting(settings: Settings, key: str, default: int) -> int:
    """`[parallel] key` as a positive integer, or ConfigError E500."""
    value = parallel_setting(settings, key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ConfigError(Messages.E500, key=key, value=value, problem="expected an integer >= 1")
    return value


def parallel_setting(settings: Settings, key: str, default: object) -> object:
    """A key of the `[parallel]` settings table, or `default`."""
    return settings.section("parallel").get(key, default)


# --- Dask distributed ------------------------------------------------------------------------


class DaskBackend:
    """A dask.distributed cluster: `annotate_batch` runs in its worker processes.

    The workers need the same Sitrep and spaCy model installed; a version mismatch is refused
    (E505). A worker that dies has its batches rescheduled by Dask; a batch that kills workers
    repeatedly fails the run (E506), with everything written before it kept.
    """

    name = "dask"

    def __init__(self, config: WorkerSettings, *, scheduler: Any, timeout: float) -> None:
        try:
            from distributed import Client
        except ImportError as e:
            raise ConfigError(Messages.E504) from e
        self._config = config
        self._own_client = not isinstance(scheduler, Client)
        # distributed's API is only partly annotated; the calls below are checked by the tests.
        self._client: Any
        if isinstance(scheduler, Client):
            self._client = scheduler
        else:
            connect: Any = Client
            try:
                self._client = connect(scheduler, timeout=timeout, set_as_default=False)
            except (OSError, TimeoutError, ValueError) as e:
                raise WorkerError(Messages.E503, address=scheduler, reason=e) from e
        threads = self._client.nthreads()
        self.slots = max(1, sum(int(n) for n in threads.values()))

    def submit(self, articles: list[Article]) -> BatchFuture:
        # pure=False: tasks are keyed by a random id; hashing every batch's text would cost
        # more than it saves, and the same batch is never submitted twice.
        future: BatchFuture = self._client.submit(
            annotate_batch, self._config, articles, pure=False
        )
        return future

    def failure(self, error: BaseException, articles: list[Article]) -> SitrepError:
        return WorkerError(
            Messages.E506, first=articles[0].id, last=articles[-1].id, reason=repr(error)
        )

    def close(self) -> None:
        if self._own_client:
            self._client.close()


def dask_annotator(
    settings: Settings,
    *,
    scheduler: Any,
    batch_size: int | None = None,
    timeout: float | None = None,
) -> ParallelAnnotator:
    """An annotator running on the Dask cluster at `scheduler` ("tcp://host:8786", or an open
    distributed.Client, which is then left open). Connects on the first article to annotate."""
    wait = timeout if timeout is not None else parallel_setting(settings, "connect_timeout", 10.0)
    config = WorkerSettings.of(settings)
    return ParallelAnnotator(
        lambda: DaskBackend(config, scheduler=scheduler, timeout=float(str(wait))),
        batch_size=batch_size or task_size(settings),
    )


def check_scheduler_address(address: str) -> str:
    """`address` if it looks like tcp://HOST:PORT (or tls://, inproc://); else ConfigError."""
    scheme, sep, rest = address.partition("://")
    host, colon, port = rest.rpartition(":")
    if not sep or scheme not in ("tcp", "tls", "inproc") or (scheme != "inproc" and not colon):
        raise ConfigError(Messages.E507, address=address)
    if scheme != "inproc" and (not host or not port.isdigit()):
        raise ConfigError(Messages.E507, address=address)
    return address


def make_annotator(
    settings: Settings, *, workers: int = 1, scheduler: str | None = None
) -> ParallelAnnotator | None:
    """The annotator a command asked for: Dask if `scheduler` is given, a process pool for
    `workers` > 1 (or 0: one per core), None for in-process annotation (workers == 1)."""
    if scheduler:
        return dask_annotator(settings, scheduler=check_scheduler_address(scheduler))
    if resolve_workers(workers) == 1:
        return None
    return local_annotator(settings, workers=workers)


def settings_workers(settings: Settings) -> tuple[int, str | None]:
    """`[parallel] workers` and `[parallel] scheduler` ("" for none) from the settings."""
    workers = parallel_setting(settings, "workers", 1)
    scheduler = parallel_setting(settings, "scheduler", "")
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 0:
        raise ConfigError(Messages.E500, key="workers", value=workers, problem="expected >= 0")
    if not isinstance(scheduler, str):
        raise ConfigError(Messages.E500, key="scheduler", value=scheduler, problem="not a string")
    return workers, scheduler or None
