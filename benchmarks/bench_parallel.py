"""Two local worker processes against one, on the same documents, in the same run.

Both pools are started and warmed (every worker has loaded the model and annotated a batch)
before timing, so the figures are annotation throughput, not start-up. Each pool annotates the
same ~200 documents (the sample corpus repeated, as in bench_pipeline) through
`ParallelAnnotator.annotate_many`, the path `sitrep ingest --workers N` takes; no store is
written, so the figure is the annotators' and not DuckDB's. Issue target on a 2-core machine:
2 workers >= 1.7x the throughput of 1. Other processes competing for the cores lower the ratio,
so the load average and the speed-up of plain CPU work on 2 processes (the ceiling the machine
allows at that moment) are printed before and after.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor

from benchmarks._corpus import corpus
from sitrep.config import Settings
from sitrep.model import Article
from sitrep.parallel import ParallelAnnotator, local_annotator

N_DOCS = 200
SPIN = 15_000_000
ROUNDS = 2


def warm(annotator: ParallelAnnotator, articles: list[Article], workers: int) -> None:
    """Start the pool and give every worker batches until each has answered once."""
    deadline = time.monotonic() + 300
    while len(annotator.stats.batches) < workers and time.monotonic() < deadline:
        list(annotator.annotate_many(articles[: annotator.batch_size * workers * 2]))


def throughput(workers: int, articles: list[Article], settings: Settings) -> float:
    """Documents per second of a warm pool of `workers` processes over `articles`, best of
    ROUNDS (the least disturbed by other processes on a shared machine)."""
    with local_annotator(settings, workers=workers) as annotator:
        warm(annotator, articles, workers)
        seconds = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            n = sum(1 for _ in annotator.annotate_many(articles))
            seconds.append(time.perf_counter() - started)
        return n / min(seconds)


def spin(_: int = 0) -> float:
    """A fixed amount of pure-Python work; returns its seconds."""
    started = time.perf_counter()
    total = 0
    for i in range(SPIN):
        total += i
    return time.perf_counter() - started


def free_cores() -> float:
    """How much faster two processes finish two units of plain CPU work than one finishes one:
    2.0 on two idle cores, less when other processes hold the cores. The ceiling for the ratio."""
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(spin, [0, 1]))  # start both processes first
        one = spin()
        started = time.perf_counter()
        list(pool.map(spin, [0, 1]))
        return 2 * one / (time.perf_counter() - started)


def run() -> None:
    settings = Settings.load(environ={})
    articles = corpus(N_DOCS)
    cores = os.cpu_count() or 1
    print(f"   {len(articles)} documents, {cores} cores, load average {os.getloadavg()[0]:.1f}")
    print(f"   plain CPU work, 2 processes vs 1 (the machine's ceiling): {free_cores():.2f}x")
    one = throughput(1, articles, settings)
    print(f"   1 worker:  {one:6.1f} docs/s")
    two = throughput(2, articles, settings)
    print(f"   2 workers: {two:6.1f} docs/s  (load average now {os.getloadavg()[0]:.1f})")
    print(f"   plain CPU work again, 2 processes vs 1: {free_cores():.2f}x")
    print(f"ratio 2 workers / 1 worker throughput: {two / one:.2f} (target >= 1.70)")
