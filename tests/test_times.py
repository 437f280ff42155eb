"""The times stage on hand-written sentences, with the real model."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from sitrep.extract.times import clause_direction
from sitrep.model import Article
from sitrep.pipeline import Pipeline, StageSpec

PUB = dt.date(2023, 1, 16)


@pytest.fixture(scope="module")
def times_pipeline(nlp: Language) -> Pipeline:
    return Pipeline(nlp, [StageSpec("times", "times.rules.v1")])


def _times(p: Pipeline, text: str, published: dt.date | None = PUB) -> dict[str, str | None]:
    out = p.annotate(Article(id="t", text=text, published=published))
    for t in out.times:
        assert text[t.start : t.end] == t.text
    return {t.text: t.value for t in out.times}


def test_dates_in_past_and_future_clauses(times_pipeline: Pipeline) -> None:
    past = _times(times_pipeline, "The militia attacked the convoy on 2 December, officials said.")
    assert past == {"2 December": "2022-12-02"}
    future = _times(times_pipeline, "The ministers will meet again on 2 December in Geneva.")
    assert future == {"2 December": "2023-12-02"}


def test_standalone_words_and_trimming(times_pipeline: Pipeline) -> None:
    got = _times(times_pipeline, "Fighting has recently spread, and the town is now under siege.")
    assert got.get("recently") == "PAST_REF" and got.get("now") == "PRESENT_REF"
    since = _times(times_pipeline, "Troops have been stationed there since October.")
    assert since == {"October": "2022-10"}


def test_ages_are_not_times(times_pipeline: Pipeline) -> None:
    got = _times(times_pipeline, "The 53-year-old commander, who is 40 years old, resigned.")
    assert got == {}


def test_without_publication_date(times_pipeline: Pipeline) -> None:
    got = _times(times_pipeline, "Rebels seized the airport on 7 November.", published=None)
    assert got == {"7 November": "XXXX-11-07"}


def test_year_ranges_are_split(times_pipeline: Pipeline) -> None:
    got = _times(times_pipeline, "He governed the province between 1994 and 1997.")
    assert set(got.values()) >= {"1994", "1997"}


def test_clause_direction(nlp: Language) -> None:
    doc = nlp("The army will withdraw on Friday after it attacked the base on Monday.")
    friday = next(t for t in doc if t.text == "Friday")
    monday = next(t for t in doc if t.text == "Monday")
    assert clause_direction(friday) == "future"
    assert clause_direction(monday) == "past"


def test_time_of_day_joined_to_its_day(times_pipeline: Pipeline) -> None:
    got = _times(times_pipeline, "The agency extended the deadline until 5 p.m. EST Jan. 20.")
    assert got == {"5 p.m. EST Jan. 20": "2023-01-20T17:00"}


def test_part_of_day_is_read_once(times_pipeline: Pipeline) -> None:
    out = times_pipeline.annotate(
        Article(id="t", text="Gunmen stormed the hotel Friday night, police said.", published=PUB)
    )
    assert [t.value for t in out.times] == ["2023-01-13TNI"]


def test_decade_of_a_life_is_an_age(times_pipeline: Pipeline) -> None:
    got = _times(times_pipeline, "The commander, a man in his 40s, fought in the 1990s.")
    assert got == {"the 1990s": "199"}


def test_count_before_a_year_ago(times_pipeline: Pipeline) -> None:
    got = _times(times_pipeline, "The group now runs 13 camps, up from seven a year ago.")
    assert got.get("a year ago") == "2022"


def test_clause_direction_of_schedules_and_reduced_relatives(nlp: Language) -> None:
    def direction(text: str, word: str) -> str | None:
        doc = nlp(text)
        return clause_direction(next(t for t in doc if t.text == word))

    assert direction("The handover is scheduled to take place Monday.", "Monday") == "future"
    assert direction("The court will review the ruling issued Thursday.", "Thursday") == "past"
    # A time that qualifies a noun dates the thing, not the future act: take the nearest.
    assert direction("The firm will report a third-quarter loss.", "quarter") is None


def test_a_limit_set_in_the_past_takes_the_nearest(times_pipeline: Pipeline) -> None:
    got = _times(times_pipeline, "The ministry extended the curfew until March.")
    assert got == {"March": "2023-03"}
