"""Named days (data/times/holidays.tsv): "Thanksgiving", "Election Day", "Easter week".

Each name has a rule that gives its date in any year: a fixed date, the nth weekday of a month,
a day relative to Western Easter, or the first weekday after a date. The file is read once, on
first use, and validated line by line; a user adds a named day by adding a line.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib import resources

from ..errors import ConfigError, Messages
from . import calendar as cal
from .calendar import Direction, Timex

HOLIDAYS_FILE = "holidays.tsv"

_RULE = re.compile(
    r"(?P<fixed>\d{2}-\d{2})"
    r"|nth:(?P<wd>[0-6]):(?P<month>\d{1,2}):(?P<nth>-1|[1-5])"
    r"|easter:(?P<offset>[+-]?\d{1,3})"
    r"|after:(?P<after_wd>[0-6]):(?P<after>\d{2}-\d{2})"
)


@dataclass(frozen=True, slots=True)
class Holidays:
    """Named days by name (lower case), with a pattern that finds any of them in a text."""

    rules: dict[str, str]
    pattern: re.Pattern[str]


def easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def holiday_date(rule: str, year: int) -> dt.date | None:
    """The date `rule` (a holidays.tsv rule) gives in `year`; None if it names no valid day."""
    m = _RULE.fullmatch(rule)
    if m is None:
        return None
    if m.group("fixed"):
        mm, dd = (int(p) for p in m.group("fixed").split("-"))
        return cal.safe_date(year, mm, dd)
    if m.group("offset"):
        return easter(year) + dt.timedelta(days=int(m.group("offset")))
    if m.group("after"):
        mm, dd = (int(p) for p in m.group("after").split("-"))
        start = cal.safe_date(year, mm, dd)
        if start is None:
            return None
        ahead = (int(m.group("after_wd")) - start.weekday() - 1) % 7 + 1
        return start + dt.timedelta(days=ahead)
    month, wd, nth = int(m.group("month")), int(m.group("wd")), int(m.group("nth"))
    if not 1 <= month <= 12:
        return None
    days = [
        dt.date(year, month, d)
        for d in range(1, cal.last_day(year, month).day + 1)
        if dt.date(year, month, d).weekday() == wd
    ]
    if nth == -1:
        return days[-1]
    return days[nth - 1] if nth <= len(days) else None


def _parse(text: str, path: str) -> Holidays:
    rules: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        problem = None
        if len(cols) != 2:
            problem = f"expected 2 tab-separated columns (name, rule), found {len(cols)}"
        elif cols[0] != cols[0].lower().strip() or not cols[0]:
            problem = f"name '{cols[0]}' must be lower case without surrounding spaces"
        elif holiday_date(cols[1], 2000) is None:
            problem = f"rule '{cols[1]}' is not MM-DD, nth:WD:MONTH:N, easter:+N or after:WD:MM-DD"
        elif cols[0] in rules:
            problem = f"'{cols[0]}' is listed twice"
        if problem is not None:
            raise ConfigError(Messages.E006, path=path, line=number, problem=problem)
        rules[cols[0]] = cols[1]
    names = sorted(rules, key=len, reverse=True)
    alternatives = "|".join(re.escape(n).replace("'", "['\u2019]?") for n in names)
    pattern = re.compile(rf"\b(?:{alternatives})(?![\w'])", re.IGNORECASE)
    return Holidays(rules=rules, pattern=pattern)


@functools.lru_cache(maxsize=1)
def default_holidays() -> Holidays:
    """The packaged named days, read and validated on first use."""
    res = resources.files("sitrep.data").joinpath("times").joinpath(HOLIDAYS_FILE)
    return _parse(res.read_text("utf-8"), str(res))


_SHIFT = {"last": -1, "previous": -1, "next": 1, "coming": 1, "this": 0}
_AROUND = re.compile(
    r"^(?:(?:the|on|at|by|since|until|before|after)\s+)*(?:(?P<shift>last|previous|next|coming|this)\s+)?"
    r"(?P<name>.+?)(?:\s+(?P<week>week|weekend))?(?:,?\s+(?P<year>\d{4}))?$",
    re.IGNORECASE,
)


def holiday_timex(text: str, ref: dt.date | None, direction: Direction | None) -> Timex | None:
    """Normalise "Thanksgiving", "last Christmas", "Easter week", "Election Day 2022"; None if
    `text` is not one of these forms."""
    hols = default_holidays()
    m = _AROUND.match(text.strip().rstrip(".,"))
    if m is None:
        return None
    name = m.group("name").lower().replace("\u2019", "'")
    rule = hols.rules.get(name)
    if rule is None:
        return None

    def build(year: int) -> Timex | None:
        date = holiday_date(rule, year)
        if date is None:
            return None
        if m is not None and m.group("week"):
            return cal.week(date) if m.group("week").lower() == "week" else cal.weekend(date)
        return cal.day(date)

    if m.group("year"):
        return build(int(m.group("year")))
    if ref is None:
        return None
    cands = cal.occurrences(build, ref)
    shift = _SHIFT.get((m.group("shift") or "").lower())
    if shift == -1:
        before = [c for c in cands if c.end is not None and c.end < ref]
        return before[-1] if before else None
    if shift == 1:
        after = [c for c in cands if c.start is not None and c.start > ref]
        return after[0] if after else None
    if shift == 0:
        return next((c for c in cands if c.start is not None and c.start.year == ref.year), None)
    return cal.choose(cands, ref, direction)


def holiday_names() -> list[str]:
    """Every named day, for recognisers."""
    return sorted(default_holidays().rules)
