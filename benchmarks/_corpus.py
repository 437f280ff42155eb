"""What the pipeline benchmarks share: the sample corpus repeated to a size, and best-of timing."""

from __future__ import annotations

import time
from collections.abc import Callable

from sitrep.config import Settings
from sitrep.demo import load_sample
from sitrep.model import Article
from sitrep.pipeline import Pipeline, StageSpec

ROUNDS = 3


def corpus(n: int = 200) -> list[Article]:
    """`n` articles: the bundled sample reports over and over, each copy with its own id."""
    base = load_sample()
    return [
        Article(id=f"{a.id}-{i}", text=a.text, published=a.published)
        for i in range(n // len(base) + 1)
        for a in base
    ][:n]


def best_of(fn: Callable[[], None], rounds: int = ROUNDS) -> float:
    """The fastest of `rounds` runs of `fn`, in seconds."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


class ParsedCorpus:
    """The sample corpus parsed once, for timing stages against the parse they read."""

    def __init__(self, n: int = 200) -> None:
        self.settings = Settings.load(environ={})
        self.specs = {s.name: s for s in self.settings.stage_specs()}
        self.nlp = Pipeline.from_settings(self.settings).nlp
        self.articles = corpus(n)
        self.texts = [a.text for a in self.articles]
        self.docs = list(self.nlp.pipe(self.texts, batch_size=self.settings.batch_size))

    def stages(self, names: list[str]) -> Pipeline:
        """A pipeline of the configured stages of these names, in this order."""
        specs = [StageSpec(n, self.specs[n].factory, self.specs[n].config) for n in names]
        return Pipeline(self.nlp, specs)

    def warm(self, pipeline: Pipeline) -> None:
        for article, doc in zip(self.articles[:10], self.docs, strict=False):
            pipeline.annotate_doc(article, doc)

    def parse_time(self) -> float:
        def parse() -> None:
            for _ in self.nlp.pipe(self.texts, batch_size=self.settings.batch_size):
                pass

        return best_of(parse)

    def stage_time(self, pipeline: Pipeline) -> float:
        """Best-of seconds for `pipeline`'s stages over the parsed documents."""

        def go() -> None:
            for article, doc in zip(self.articles, self.docs, strict=True):
                pipeline.annotate_doc(article, doc)

        return best_of(go)
