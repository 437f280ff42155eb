"""What the pipeline benchmarks share: the sample corpus repeated to a size, and best-of timing."""

from __future__ import annotations

import time
from collections.abc import Callable

from sitrep.demo import load_sample
from sitrep.model import Article

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
