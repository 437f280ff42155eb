"""The places stages against the spaCy parse they read, and the gazetteer's load time.

Parses the bundled sample corpus once (timed: the bare `nlp.pipe`), then times the `places`
stage, and the `event_places` stage as what it adds to actors+events, over the parsed
documents. The issue targets: the place stages add at most 10 % to parse time, and the
gazetteer loads in under 1 s once its index is cached. The last lines are the ratios.
"""

from __future__ import annotations

from benchmarks._corpus import ParsedCorpus, best_of
from sitrep.geo.gazetteer import load_gazetteer


def run() -> None:
    parsed = ParsedCorpus()
    places = parsed.stages(["places"])
    events = parsed.stages(["actors", "events"])
    located = parsed.stages(["actors", "places", "events", "event_places"])
    parsed.warm(located)
    t_parse = parsed.parse_time()
    t_places = parsed.stage_time(places)
    t_located, t_events = parsed.stage_time(located), parsed.stage_time(events)
    t_event_places = max(t_located - t_events - t_places, 0.0)
    print(f"   spaCy parse alone:   {t_parse:6.2f} s for {len(parsed.articles)} docs")
    print(f"   places:              {t_places:6.3f} s")
    print(f"   event_places (net):  {t_event_places:6.3f} s")
    both = (t_places + t_event_places) / t_parse
    print(f"   places + event_places: {both:.3f} of parse")
    print(f"ratio places stage/parse: {t_places / t_parse:.3f} (target <= 0.10)")

    cities = str(parsed.specs["places"].config.get("cities", "cities500"))
    load_gazetteer(cities)  # builds the cached index if it is missing

    def load() -> None:
        load_gazetteer.cache_clear()
        load_gazetteer(cities)

    t_load = best_of(load)
    print(f"ratio gazetteer load (cached index)/1 s: {t_load:.3f} (target < 1)")
