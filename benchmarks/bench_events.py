"""The actors and events stages against the spaCy parse they read, on the bundled sample corpus.

Parses the corpus once (timed: the bare `nlp.pipe`), then times only the `actors` and `events`
stages over the parsed documents (plus `counts` and `factuality`, which read the same parse, as
a second line). The issue target: actors+events add at most 25 % to parse time. The last line
is the ratio (stage time / parse time).
"""

from __future__ import annotations

from collections.abc import Callable

from benchmarks._corpus import best_of, corpus
from sitrep.config import Settings
from sitrep.pipeline import Pipeline, StageSpec


def run() -> None:
    settings = Settings.load(environ={})
    specs = {s.name: s for s in settings.stage_specs()}
    full = Pipeline.from_settings(settings)
    nlp = full.nlp
    articles = corpus()
    texts = [a.text for a in articles]

    def stages_of(names: list[str]) -> Pipeline:
        return Pipeline(nlp, [StageSpec(n, specs[n].factory, specs[n].config) for n in names])

    core = stages_of(["actors", "events"])
    wider = stages_of(["actors", "events", "counts", "factuality"])
    docs = list(nlp.pipe(texts, batch_size=settings.batch_size))
    for article, doc in zip(articles[:10], docs, strict=False):  # warm caches
        wider.annotate_doc(article, doc)

    def parse() -> None:
        for _ in nlp.pipe(texts, batch_size=settings.batch_size):
            pass

    def timed(pipeline: Pipeline) -> Callable[[], None]:
        def go() -> None:
            for article, doc in zip(articles, docs, strict=True):
                pipeline.annotate_doc(article, doc)

        return go

    t_parse = best_of(parse)
    t_core, t_wider = best_of(timed(core)), best_of(timed(wider))
    n = len(articles)
    print(f"   spaCy parse alone:           {t_parse:6.2f} s for {n} docs")
    print(f"   actors+events:               {t_core:6.2f} s")
    print(f"   actors+events+counts+fact.:  {t_wider:6.2f} s ({t_wider / t_parse:.1%} of parse)")
    print(f"ratio actors+events/parse: {t_core / t_parse:.3f} (target <= 0.25)")
