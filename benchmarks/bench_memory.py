"""Peak resident memory of each annotation worker, against the 1 GB per-worker budget.

Two local workers (`sitrep ingest --workers 2`'s path) annotate ~100 sample documents and a
few long ones (the whole sample corpus joined, several times over: spaCy's memory grows with
document length, so the long ones set the peak). Each worker reports its own peak RSS
(getrusage ru_maxrss, the kernel's high-water mark, so no spike between samples is missed)
with every batch. Prints each worker's peak, then the largest as a ratio of 1 GB (10^9 bytes;
issue target: ratio <= 1.0).
"""

from __future__ import annotations

from benchmarks._corpus import corpus
from sitrep.config import Settings
from sitrep.demo import load_sample
from sitrep.model import Article
from sitrep.parallel import local_annotator, peak_rss_bytes

BUDGET = 1_000_000_000
WORKERS = 2


def long_documents(n: int = 4, copies: int = 4) -> list[Article]:
    joined = "\n\n".join(a.text for a in load_sample())
    return [Article(id=f"long-{i}", text=f"{joined}\n\n" * copies + f"({i})") for i in range(n)]


def run() -> None:
    settings = Settings.load(environ={})
    articles = corpus(100) + long_documents()
    longest = max(len(a.text) for a in articles)
    print(f"   {len(articles)} documents, longest {longest:,} characters, {WORKERS} workers")
    with local_annotator(settings, workers=WORKERS, batch_size=4) as annotator:
        n = sum(1 for _ in annotator.annotate_many(articles))
        peaks = dict(annotator.stats.peak_rss)
    for worker, peak in sorted(peaks.items()):
        print(f"   worker {worker}: peak {peak / 2**20:6.0f} MiB")
    print(f"   main process (reader and writer): peak {peak_rss_bytes() / 2**20:6.0f} MiB")
    assert n == len(articles)
    worst = max(peaks.values())
    print(f"ratio worst worker peak / 1 GB budget: {worst / BUDGET:.2f} (target <= 1.00)")
