"""The actors and events stages against the spaCy parse they read, on the bundled sample corpus.

Parses the corpus once (timed: the bare `nlp.pipe`), then times only the `actors` and `events`
stages over the parsed documents (plus `counts` and `factuality`, which read the same parse, as
a second line). The issue target: actors+events add at most 25 % to parse time. The last line
is the ratio (stage time / parse time).
"""

from __future__ import annotations

from benchmarks._corpus import ParsedCorpus


def run() -> None:
    parsed = ParsedCorpus()
    core = parsed.stages(["actors", "events"])
    wider = parsed.stages(["actors", "events", "counts", "factuality"])
    parsed.warm(wider)
    t_parse = parsed.parse_time()
    t_core, t_wider = parsed.stage_time(core), parsed.stage_time(wider)
    n = len(parsed.articles)
    print(f"   spaCy parse alone:           {t_parse:6.2f} s for {n} docs")
    print(f"   actors+events:               {t_core:6.2f} s")
    print(f"   actors+events+counts+fact.:  {t_wider:6.2f} s ({t_wider / t_parse:.1%} of parse)")
    print(f"ratio actors+events/parse: {t_core / t_parse:.3f} (target <= 0.25)")
