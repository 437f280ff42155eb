"""Two local worker processes against one, on the same documents, in the same run.

Both pools are started and warmed (every worker has loaded the model and annotated a batch)
before timing, so the figures are annotation throughput, not start-up. Each pool annotates the
same ~200 documents (the sample corpus repeated, as in bench_pipeline) through
`ParallelAnnotator.annotate_many`, the path `sitrep ingest --workers N` takes; no store is
written, so the figure is the annotators' and not DuckDB's. Issue target on a 2-core machine:
2 workers >= 1.7x the throughput of 1. The machine's load average is printed too: other
processes competing for the cores lower the ratio.
"""

from __future__ import annotations

import os
import time

from benchmarks.bench_pipeline import corpus
from sitrep.config import Settings
from sitrep.model import Article
from sitrep.parallel import ParallelAnnotator, local_annotator

N_DOCS = 200


def warm(annotator: ParallelAnnotator, articles: list[Article], workers: int) -> None:
    """Start the pool and give every worker batches until each has answered once."""
    deadline = time.monotonic() + 300
    while len(annotator.stats.batches) < workers and time.monotonic() < deadline:
        list(annotator.annotate_many(articles[: annotator.batch_size * workers * 2]))


def throughput(workers: int, articles: list[Article], settings: Settings) -> float:
    """Documents per second of a warm pool of `workers` processes over `articles`."""
    with local_annotator(settings, workers=workers) as annotator:
        warm(annotator, articles, workers)
        started = time.perf_counter()
        n = sum(1 for _ in annotator.annotate_many(articles))
        return n / (time.perf_counter() - started)


def run() -> None:
    settings = Settings.load(environ={})
    articles = corpus(N_DOCS)
    cores = os.cpu_count() or 1
    print(f"   {len(articles)} documents, {cores} cores, load average {os.getloadavg()[0]:.1f}")
    one = throughput(1, articles, settings)
    print(f"   1 worker:  {one:6.1f} docs/s")
    two = throughput(2, articles, settings)
    print(f"   2 workers: {two:6.1f} docs/s  (load average now {os.getloadavg()[0]:.1f})")
    print(f"ratio 2 workers / 1 worker throughput: {two / one:.2f} (target >= 1.70)")
