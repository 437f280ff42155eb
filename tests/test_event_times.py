"""Event dating on hand-written sentences with hand-built events and the real model."""

from __future__ import annotations

import datetime as dt

from spacy.language import Language

from sitrep.extract.event_times import date_events, is_point
from sitrep.extract.times import _matcher, find_times
from sitrep.model import Article, Event, Evidence, Span, TimeMention
from sitrep.pipeline import DocState

PUB = dt.date(2023, 1, 16)


def _state(
    nlp: Language, text: str, triggers: list[str], published: dt.date | None = PUB
) -> DocState:
    doc = nlp(text)
    state = DocState(article=Article(id="e", text=text, published=published), doc=doc)
    state.times.extend(find_times(doc, state, _matcher(nlp), keep_unnormalised=False))
    for n, word in enumerate(triggers):
        start = text.index(word)
        trig = Span(text=word, start=start, end=start + len(word))
        ev = Evidence(text=text, start=0, end=len(text), trigger=trig)
        state.events.append(Event(id=f"e{n}", type="ASSAULT", evidence=ev))
    return state


def _dates(state: DocState) -> list[str | None]:
    return [e.date.value if e.date else None for e in state.events]


def test_time_under_the_trigger(nlp: Language) -> None:
    state = _state(
        nlp,
        "Police seized the weapons on 2 December and arrested three men in March.",
        ["seized", "arrested"],
    )
    date_events(state)
    assert _dates(state) == ["2022-12-02", "2022-03"]


def test_governing_clause_dates_the_reported_action(nlp: Language) -> None:
    text = "On 10 January, officials announced that they had dismantled two networks."
    state = _state(nlp, text, ["dismantled"])
    date_events(state)
    assert _dates(state) == ["2023-01-10"]


def test_no_time_means_no_date(nlp: Language) -> None:
    state = _state(nlp, "Gunmen attacked a checkpoint near the border.", ["attacked"])
    date_events(state)
    assert _dates(state) == [None]
    date_events(state, publication_fallback=True)
    assert _dates(state) == ["2023-W03"]


def test_durations_do_not_date_events(nlp: Language) -> None:
    state = _state(nlp, "The siege lasted three years.", ["siege"])
    date_events(state)
    assert _dates(state) == [None]


def test_is_point() -> None:
    assert is_point(TimeMention("x", 0, 1, value="XXXX-12-02", precision="day"))
    assert not is_point(TimeMention("x", 0, 1, value="P3Y", precision="unknown"))
    assert not is_point(
        TimeMention("x", 0, 1, value="PAST_REF", precision="unknown", end_date="2023-01-16")
    )
