"""Incremental clustering cost as the store grows: it should stay flat, not grow with n.

Writes synthetic documents (one ASSAULT event each, spread over a year and 40 places, every
event reported by about three documents) into a fresh DuckDB file with clustering on, and
prints the mean milliseconds per document for the first and the last block of documents. The
candidate lookup is by type family and date window in SQL, so the ratio last/first should stay
near 1 (an O(n) scan per document would grow it with the store).
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from sitrep.dedup.match import DedupSettings
from sitrep.model import (
    AnnotatedDocument,
    Article,
    Event,
    Evidence,
    PlaceMention,
    Span,
    TimeMention,
)
from sitrep.store import Store
from sitrep.store.clusters import assign_document
from sitrep.store.duckdb_store import content_hash

N_DOCS = 900
BLOCK = 150


def synthetic(i: int, rng: random.Random) -> tuple[Article, AnnotatedDocument]:
    real = i // 3  # about three reports per real event
    day = dt.date(2024, 1, 1) + dt.timedelta(days=real * 365 // (N_DOCS // 3))
    place = real % 40
    text = f"Gunmen killed {5 + real % 7 + rng.randint(0, 1)} people in town {place} (report {i})."
    start = text.index("killed")
    event = Event(
        id="e0",
        type="ASSAULT",
        evidence=Evidence(text, 0, len(text), trigger=Span("killed", start, start + 6)),
        location=PlaceMention(
            f"town {place}",
            0,
            6,
            geonameid=place,
            lat=place * 0.9,
            lon=10.0,
            country="NGA",
            precision="city",
        ),
        date=TimeMention(
            "Sunday",
            0,
            6,
            value=day.isoformat(),
            precision="day",
            start_date=day.isoformat(),
            end_date=day.isoformat(),
        ),
        counts={"killed": 5 + real % 7},
    )
    article = Article(id=f"doc{i}", text=text, published=day)
    return article, AnnotatedDocument(doc_id=article.id, published=day, events=(event,))


def run() -> None:
    rng = random.Random(7)
    settings = DedupSettings()
    timings: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "b.duckdb") as store:
        for i in range(N_DOCS):
            article, annotated = synthetic(i, rng)
            store.write(article, annotated)
            started = time.perf_counter()
            assign_document(store, content_hash(article.text), settings)
            timings.append(time.perf_counter() - started)
        n_clusters = store.fetch("SELECT count(*) FROM clusters")[0][0]
    first = sum(timings[:BLOCK]) / BLOCK * 1000
    last = sum(timings[-BLOCK:]) / BLOCK * 1000
    print(f"   {N_DOCS} documents -> {n_clusters} clusters (about {N_DOCS // 3} real events)")
    print(f"   assign: first {BLOCK} docs {first:.2f} ms/doc, last {BLOCK} {last:.2f} ms/doc")
    print(f"   ratio last/first {last / first:.2f} (flat is ~1; target <= 1.5)")


if __name__ == "__main__":
    run()
