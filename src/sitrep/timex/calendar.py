"""Calendar units as TIMEX3 values with the interval they cover, and choosing among occurrences.

Every `Timex` built here carries a TIMEX3-style value (`2022-12-02`, `2022-W49`, `2022-12`,
`2022-Q4`, `2022-SU`, `2022`, `202`), the contract's precision, and the first and last day it
covers. Intervals are hand-written here: the standard library has ISO weeks but no quarters,
seasons or decades, and dateparser returns single datetimes, not the span of a unit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..model import TimePrecision

Direction = Literal["past", "future"]
Kind = Literal["DATE", "TIME", "DURATION", "SET"]

# Meteorological seasons of the northern hemisphere (where nearly all of our news is dated);
# winter starts in December of the previous year: 2023-WI runs 2022-12-01 .. 2023-02-28.
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
# A day without a year that a past tense puts more than FAR_DAYS before the publication date gives
# way to an occurrence within NEAR_DAYS of it: news names a day without its year when the day is
# near ("payable Dec. 7"); "in March" may well be last March.
FAR_DAYS = 183
NEAR_DAYS = 75


@dataclass(frozen=True, slots=True)
class Timex:
    """A normalised temporal expression.

    `value` is TIMEX3-style or None when it cannot be resolved; `start`/`end` are the first and
    last day covered, or None (durations, sets, unresolved values). `kind` follows TIMEX3 types.
    `derived` is true when the value came from the document's context (an earlier time, the
    fiscal quarter under discussion) rather than from the words and the publication date.
    """

    value: str | None
    precision: TimePrecision | None
    start: dt.date | None = None
    end: dt.date | None = None
    kind: Kind = "DATE"
    derived: bool = False


def last_day(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def day(d: dt.date) -> Timex:
    return Timex(d.isoformat(), "day", d, d)


def week(d: dt.date) -> Timex:
    """The ISO week containing `d` (weeks start on Monday; the year is the ISO year)."""
    iso = d.isocalendar()
    monday = d - dt.timedelta(days=d.weekday())
    return Timex(f"{iso.year}-W{iso.week:02d}", "week", monday, monday + dt.timedelta(days=6))


def weekend(d: dt.date) -> Timex:
    """The weekend (Saturday and Sunday) of the ISO week containing `d`."""
    iso = d.isocalendar()
    saturday = d - dt.timedelta(days=d.weekday()) + dt.timedelta(days=5)
    value = f"{iso.year}-W{iso.week:02d}-WE"
    return Timex(value, "week", saturday, saturday + dt.timedelta(days=1))


def month(year: int, m: int) -> Timex:
    return Timex(f"{year:04d}-{m:02d}", "month", dt.date(year, m, 1), last_day(year, m))


def quarter(year: int, q: int) -> Timex:
    first = 3 * (q - 1) + 1
    return Timex(f"{year:04d}-Q{q}", "quarter", dt.date(year, first, 1), last_day(year, first + 2))


def half(year: int, h: int) -> Timex:
    # A half-year is coarser than a quarter; "year" is the finest precision that does not
    # claim more than we know.
    first = 6 * (h - 1) + 1
    return Timex(f"{year:04d}-H{h}", "year", dt.date(year, first, 1), last_day(year, first + 5))


def season(year: int, code: str) -> Timex:
    lo, hi = SEASON_MONTHS[code]
    start_year = year - 1 if code == "WI" else year
    return Timex(f"{year:04d}-{code}", "quarter", dt.date(start_year, lo, 1), last_day(year, hi))


def year(y: int) -> Timex:
    return Timex(f"{y:04d}", "year", dt.date(y, 1, 1), dt.date(y, 12, 31))


def decade(prefix: int) -> Timex:
    """`prefix` is the first three digits: 199 is the 1990s."""
    return Timex(
        f"{prefix:03d}", "decade", dt.date(prefix * 10, 1, 1), dt.date(prefix * 10 + 9, 12, 31)
    )


def century(prefix: int) -> Timex:
    """`prefix` is the first two digits: 19 is the 20th century (1900-1999)."""
    return Timex(
        f"{prefix:02d}",
        "unknown",
        dt.date(max(prefix * 100, 1), 1, 1),
        dt.date(prefix * 100 + 99, 12, 31),
    )


def unresolved(value: str, precision: TimePrecision, kind: Kind = "DATE") -> Timex:
    """A value with underspecified parts (XXXX-12-02) and no interval."""
    return Timex(value, precision, None, None, kind)


def choose(candidates: list[Timex], ref: dt.date, direction: Direction | None) -> Timex | None:
    """Pick among occurrences of one expression (e.g. 2 December of three years) by direction.

    past: the latest occurrence that has begun by `ref`; future: the earliest that has not ended
    before `ref` (so the current month counts both ways); None: the one nearest to `ref`,
    preferring the past on a tie, because news mostly reports what has happened.
    """
    dated = [c for c in candidates if c.start is not None and c.end is not None]

    def distance(c: Timex) -> tuple[int, int]:
        assert c.start is not None and c.end is not None
        if c.start <= ref <= c.end:
            return (0, 0)
        if c.end < ref:
            return ((ref - c.end).days, 0)
        return ((c.start - ref).days, 1)

    nearest = min(dated, key=distance) if dated else None
    picked: Timex | None = nearest
    if direction == "past":
        past = [c for c in dated if c.start is not None and c.start <= ref]
        picked = max(past, key=lambda c: c.start or ref) if past else None
    elif direction == "future":
        future = [c for c in dated if c.end is not None and c.end >= ref]
        picked = min(future, key=lambda c: c.start or ref) if future else None
    # A past tense is weak evidence against distance: "said the dividend is payable Dec. 7" in
    # a report written in October is this December. A future ("will meet on 2 December") is
    # kept: it is the clause's own tense, not a reporting verb's.
    if (
        direction == "past"
        and picked is not None
        and nearest is not None
        and picked.precision == "day"
        and distance(picked)[0] > FAR_DAYS
        and distance(nearest)[0] <= NEAR_DAYS
    ):
        return nearest
    return picked


def occurrences(build: Callable[[int], Timex | None], ref: dt.date) -> list[Timex]:
    """The expression built for the year before, of and after `ref` (invalid ones dropped)."""
    out = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        t = build(y)
        if t is not None:
            out.append(t)
    return out


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def shift_unit(ref: dt.date, unit: str, n: int) -> Timex | None:
    """The unit (D W M Q Y DE WE) `n` steps from the one containing `ref` (n < 0: before)."""
    if unit == "D":
        return day(ref + dt.timedelta(days=n))
    if unit == "W":
        return week(ref + dt.timedelta(weeks=n))
    if unit == "WE":
        return weekend(ref + dt.timedelta(weeks=n))
    if unit == "M":
        y, m = add_months(ref.year, ref.month, n)
        return month(y, m)
    if unit == "Q":
        y, m = add_months(ref.year, 3 * ((ref.month - 1) // 3) + 1, 3 * n)
        return quarter(y, (m - 1) // 3 + 1)
    if unit == "Y":
        return year(ref.year + n)
    if unit == "DE":
        return decade(ref.year // 10 + n)
    if unit == "CE":
        return century(ref.year // 100 + n)
    return None
