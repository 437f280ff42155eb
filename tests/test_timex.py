"""Unit tests of the pure normaliser (no spaCy): values, precision, intervals, directions."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.errors import ConfigError
from sitrep.timex import calendar as cal
from sitrep.timex import dateline_date, normalise
from sitrep.timex.context import Context
from sitrep.timex.holidays import _parse as parse_holidays
from sitrep.timex.holidays import easter
from sitrep.timex.lexicon import _parse_lexicon

PUB = dt.date(2023, 1, 16)  # a Monday


@pytest.mark.parametrize(
    ("text", "direction", "value", "precision", "start", "end"),
    [
        ("2 December", "past", "2022-12-02", "day", "2022-12-02", "2022-12-02"),
        ("December 2", "future", "2023-12-02", "day", "2023-12-02", "2023-12-02"),
        ("the 5th of January", None, "2023-01-05", "day", "2023-01-05", "2023-01-05"),
        ("November 2022", None, "2022-11", "month", "2022-11-01", "2022-11-30"),
        ("in October", "past", "2022-10", "month", "2022-10-01", "2022-10-31"),
        ("October", "future", "2023-10", "month", "2023-10-01", "2023-10-31"),
        ("1998", None, "1998", "year", "1998-01-01", "1998-12-31"),
        ("on Tuesday", "past", "2023-01-10", "day", "2023-01-10", "2023-01-10"),
        ("Thursday", "future", "2023-01-19", "day", "2023-01-19", "2023-01-19"),
        ("yesterday", None, "2023-01-15", "day", "2023-01-15", "2023-01-15"),
        ("two days ago", None, "2023-01-14", "day", "2023-01-14", "2023-01-14"),
        ("last week", None, "2023-W02", "week", "2023-01-09", "2023-01-15"),
        ("next month", None, "2023-02", "month", "2023-02-01", "2023-02-28"),
        ("earlier this year", None, "2023", "year", "2023-01-01", "2023-12-31"),
        ("this month", None, "2023-01", "month", "2023-01-01", "2023-01-31"),
        ("last summer", None, "2022-SU", "quarter", "2022-06-01", "2022-08-31"),
        ("the third quarter", "past", "2022-Q3", "quarter", "2022-07-01", "2022-09-30"),
        ("the first quarter of 2021", None, "2021-Q1", "quarter", "2021-01-01", "2021-03-31"),
        ("the 1990s", None, "199", "decade", "1990-01-01", "1999-12-31"),
        (
            "between 3 and 5 March",
            "future",
            "2023-03-03/2023-03-05",
            "day",
            "2023-03-03",
            "2023-03-05",
        ),
        ("now", None, "PRESENT_REF", "day", "2023-01-16", "2023-01-16"),
        ("currently", None, "PRESENT_REF", "day", "2023-01-16", "2023-01-16"),
        ("recently", None, "PAST_REF", "unknown", None, "2023-01-16"),
        ("recent months", None, "PXM", "unknown", None, "2023-01-16"),
        ("February last year", None, "2022-02", "month", "2022-02-01", "2022-02-28"),
        ("last night", None, "2023-01-15TNI", "day", "2023-01-15", "2023-01-15"),
    ],
)
def test_points(
    text: str, direction: str | None, value: str, precision: str, start: str | None, end: str | None
) -> None:
    t = normalise(text, PUB, direction)  # type: ignore[arg-type]
    assert t is not None
    assert (t.value, t.precision) == (value, precision)
    assert (t.start.isoformat() if t.start else None) == start
    assert (t.end.isoformat() if t.end else None) == end


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("three years", "P3Y"),
        ("a month", "P1M"),
        ("five hours", "PT5H"),
        ("several weeks", "PXW"),
        ("the past four months", "P4M"),
        ("two-day", "P2D"),
        ("a decade", "P10Y"),
        ("years", "PXY"),
    ],
)
def test_durations_have_no_interval(text: str, value: str) -> None:
    t = normalise(text, PUB)
    assert t is not None and t.kind == "DURATION"
    assert (t.value, t.precision, t.start, t.end) == (value, "unknown", None, None)


def test_sets() -> None:
    daily, every = normalise("daily", PUB), normalise("every Monday", PUB)
    assert daily is not None and (daily.value, daily.kind) == ("P1D", "SET")
    assert every is not None and every.value == "XXXX-WXX-1"


def test_without_publication_date_nothing_is_guessed() -> None:
    partial = normalise("2 December", None, "past")
    assert partial is not None and (partial.value, partial.start) == ("XXXX-12-02", None)
    assert normalise("yesterday", None) is None
    assert normalise("last week", None) is None
    full = normalise("2 December 2022", None)
    assert full is not None and full.value == "2022-12-02"


def test_not_temporal() -> None:
    assert normalise("52", PUB) is None
    assert normalise("the committee", PUB) is None
    assert normalise("53-year-old", PUB) is None


def test_impossible_dates_are_rejected() -> None:
    assert normalise("30 February 2021", PUB, fallback=False) is None
    assert normalise("2021-02-30", PUB, fallback=False) is None


def test_dateparser_fallback() -> None:
    t = normalise("23.10.2021", PUB)
    assert t is not None and t.value == "2021-10-23"


def test_lexicon_errors_name_file_and_line() -> None:
    with pytest.raises(ConfigError) as err:
        _parse_lexicon("# comment\njanuary\tmonth\t1\nfoo\tbogus\t1\n", "x.tsv")
    assert err.value.code == "E006" and "x.tsv, line 3" in err.value.message
    with pytest.raises(ConfigError, match="integer"):
        _parse_lexicon("march\tmonth\tthree\n", "y.tsv")


def test_dateline() -> None:
    assert dateline_date("BAGHDAD, Jan 10 (Reuters) - Iraq said", not_after=PUB) == dt.date(
        2023, 1, 10
    )
    assert dateline_date("LONDON, 10 January 2022 (AFP) - Talks") == dt.date(2022, 1, 10)
    assert dateline_date("Jan. 3, 2021 -- The army said") == dt.date(2021, 1, 3)
    assert dateline_date("BAGHDAD, Jan 10 (Reuters) - Iraq said") is None  # no year, no bound
    assert dateline_date("The army said on 10 January that it had left.") is None


FORMATS = ("{d} {month} {y}", "{month} {d}, {y}", "{iso}", "{mon}. {d}, {y}", "{d} {month}")


@given(
    target=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)),
    gap=st.integers(min_value=0, max_value=300),
    fmt=st.sampled_from(FORMATS),
)
def test_written_dates_round_trip(target: dt.date, gap: int, fmt: str) -> None:
    pub = target + dt.timedelta(days=gap)
    if fmt == "{d} {month}":
        # The year-less form needs a later date that year, and one within FAR_DAYS: further
        # back, a past tense gives way to a nearer occurrence (calendar.choose).
        pub = min(pub, dt.date(target.year, 12, 31), target + dt.timedelta(days=cal.FAR_DAYS))
    text = fmt.format(
        d=target.day,
        month=target.strftime("%B"),
        mon=target.strftime("%b"),
        y=target.year,
        iso=target.isoformat(),
    )
    t = normalise(text, pub, "past", fallback=False)
    assert t is not None and t.start == target == t.end, text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("nineteen ninety-six", "1996"),
        ("January twenty twenty-two", "2022-01"),
        ("the year two thousand", "2000"),
        ("Thanksgiving Day", "2022-11-24"),
        ("last Christmas", "2022-12-25"),
        ("Easter week", "2022-W15"),
        ("Election Day", "2022-11-08"),
        ("noon Thursday", "2023-01-12T12:00"),
        ("Sunday evening", "2023-01-15TEV"),
        ("the morning", "2023-01-16TMO"),
        ("current", "PRESENT_REF"),
        ("recent", "PAST_REF"),
        ("the near future", "FUTURE_REF"),
        ("the year", "2023"),
        ("year-earlier", "2022"),
    ],
)
def test_named_days_spelled_years_parts_of_day(text: str, value: str) -> None:
    t = normalise(text, PUB, "past", fallback=False)
    assert t is not None and t.value == value


def test_context_quarter_and_anaphora() -> None:
    focus = cal.quarter(2022, 4)
    ctx = Context(anchor=cal.year(2019), quarter=focus)
    expected = {
        "a year earlier": "2021-Q4",
        "the year-ago period": "2021-Q4",
        "the quarter": "2022-Q4",
        "last year's quarter": "2021-Q4",
        "that year": "2019",
        "the following year": "2020",
    }
    for text, value in expected.items():
        t = normalise(text, PUB, "past", context=ctx, fallback=False)
        assert t is not None and t.value == value, text
    ended = normalise("the year", PUB, "past", context=Context(ended=True), fallback=False)
    assert ended is not None and ended.value == "P1Y"
    # Without a quarter named, "a year ago" is the year before publication.
    plain = normalise("a year ago", PUB, "past", context=Context(), fallback=False)
    assert plain is not None and plain.value == "2022"


def test_context_is_updated_by_explicit_quarters_only() -> None:
    derived = normalise("the year-ago quarter", PUB, "past", context=Context(), fallback=False)
    assert derived is not None and derived.derived
    assert Context().after(derived).quarter is None
    named = normalise("the third quarter", PUB, "past", fallback=False)
    assert named is not None and Context().after(named).quarter == named


def test_far_past_day_gives_way_to_a_near_one() -> None:
    oct_pub = dt.date(2022, 10, 27)
    t = normalise("Dec. 7", oct_pub, "past", fallback=False)
    assert t is not None and t.value == "2022-12-07"
    kept = normalise("March", oct_pub, "past", fallback=False)
    assert kept is not None and kept.value == "2022-03"


def test_easter_and_holiday_file_errors() -> None:
    assert easter(2024) == dt.date(2024, 3, 31) and easter(2000) == dt.date(2000, 4, 23)
    with pytest.raises(ConfigError, match="line 2"):
        parse_holidays("# comment\nmy day\t13-45\n", "h.tsv")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("two to three weeks", "P2W"),  # a range of counts: its lower bound
        ("twenty five years", "P25Y"),
        ("two thousand years", "P2000Y"),
        ("2 1/2 years", "PXY"),  # not a count we read: unknown, never a sum
        ("coming weeks", "PXW"),
        ("past years", "PXY"),
        ("recent months", "PXM"),
    ],
)
def test_counts_and_plural_stretches(text: str, value: str) -> None:
    found = normalise(text, PUB, None, fallback=False)
    assert found is not None and found.value == value


def test_plural_stretches_are_open_at_one_end() -> None:
    ahead = normalise("coming weeks", PUB)
    behind = normalise("past years", PUB)
    assert ahead is not None and (ahead.start, ahead.end) == (PUB, None)
    assert behind is not None and (behind.start, behind.end) == (None, PUB)


def test_clock_time_falls_on_the_last_day_mentioned() -> None:
    friday = cal.day(dt.date(2023, 1, 13))
    found = normalise("10 p.m.", PUB, "past", context=Context(anchor=friday))
    assert found is not None and found.value == "2023-01-13T22:00"
    alone = normalise("10 p.m.", PUB, "past")
    assert alone is not None and alone.value == "2023-01-16T22:00"


def test_compound_numbers() -> None:
    from sitrep.timex.lexicon import compound_number

    assert compound_number([20, 5]) == 25
    assert compound_number([2, 100, 50]) == 250
    assert compound_number([2, 12]) == 24
    assert compound_number([2, 3]) is None
    assert compound_number([7, 1, 2]) is None
