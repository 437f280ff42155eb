"""The places stages against the spaCy parse they read, and the gazetteer's load time.

Parses the bundled sample corpus once (timed: the bare `nlp.pipe`), then times the `places`
stage, and the `event_places` stage as what it adds to actors+events, over the parsed
documents. The issue targets: the place stages add at most 10 % to parse time, and the
gazetteer loads in under 1 s once its index is cached. The last lines are the ratios.
"""

from __future__ import annotations

from collections.abc import Callable

from benchmarks._corpus import best_of, corpus
from sitrep.config import Settings
from sitrep.geo.gazetteer import load_gazetteer
from sitrep.pipeline import Pipeline, StageSpec


def run() -> None:
    settings = Settings.load(environ={})
    specs = {s.name: s for s in settings.stage_specs()}
    nlp = Pipeline.from_settings(settings).nlp
    articles = corpus()
    texts = [a.text for a in articles]

    def stages_of(names: list[str]) -> Pipeline:
        return Pipeline(nlp, [StageSpec(n, specs[n].factory, specs[n].config) for n in names])

    places = stages_of(["places"])
    events = stages_of(["actors", "events"])
    located = stages_of(["actors", "places", "events", "event_places"])
    docs = list(nlp.pipe(texts, batch_size=settings.batch_size))
    for article, doc in zip(articles[:10], docs, strict=False):  # warm caches
        located.annotate_doc(article, doc)

    def parse() -> None:
        for _ in nlp.pipe(texts, batch_size=settings.batch_size):
            pass

    def timed(pipeline: Pipeline) -> Callable[[], None]:
        def go() -> None:
            for article, doc in zip(articles, docs, strict=True):
                pipeline.annotate_doc(article, doc)

        return go

    t_parse = best_of(parse)
    t_places = best_of(timed(places))
    t_located, t_events = best_of(timed(located)), best_of(timed(events))
    t_event_places = max(t_located - t_events - t_places, 0.0)
    print(f"   spaCy parse alone:   {t_parse:6.2f} s for {len(articles)} docs")
    print(f"   places:              {t_places:6.3f} s")
    print(f"   event_places (net):  {t_event_places:6.3f} s")
    ratio = (t_places + t_event_places) / t_parse
    print(f"ratio place stages/parse: {ratio:.3f} (target <= 0.10)")

    cities = str(specs["places"].config.get("cities", "cities500"))
    load_gazetteer(cities)  # builds the cached index if it is missing

    def load() -> None:
        load_gazetteer.cache_clear()
        load_gazetteer(cities)

    t_load = best_of(load)
    print(f"ratio gazetteer load (cached index)/1 s: {t_load:.3f} (target < 1)")
