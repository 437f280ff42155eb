"""Sitrep's extraction stages against spaCy alone, on the same texts, model and run.

On 500 documents (the sample corpus repeated), prints documents/s for a bare parse
(`nlp.pipe`) and for the full pipeline (parse plus every Sitrep stage), then the ratio of their
throughputs. Target (issue "Corpus scale"): the full pipeline keeps >= 0.7 of the bare parse's
throughput. bench_events measures the actors and events stages alone (<= 25 % of parse time).
"""

from __future__ import annotations

from benchmarks._corpus import best_of, corpus
from sitrep.config import Settings
from sitrep.pipeline import Pipeline


def run() -> None:
    settings = Settings.load(environ={})
    pipeline = Pipeline.from_settings(settings)
    articles = corpus(500)  # the figure: 500 documents
    texts = [a.text for a in articles]
    list(pipeline.annotate_many(articles[:10]))  # warm caches (gazetteer, dictionaries)

    def bare() -> None:
        for _ in pipeline.nlp.pipe(texts, batch_size=settings.batch_size):
            pass

    def full() -> None:
        for _ in pipeline.annotate_many(articles, batch_size=settings.batch_size):
            pass

    t_bare, t_full = best_of(bare), best_of(full)
    n = len(articles)
    print(f"   spaCy parse alone: {n / t_bare:7.1f} docs/s")
    print(f"   full pipeline:     {n / t_full:7.1f} docs/s  (stages add {t_full / t_bare - 1:.0%})")
    print(f"ratio full/bare throughput: {t_bare / t_full:.2f} (target >= 0.70)")
