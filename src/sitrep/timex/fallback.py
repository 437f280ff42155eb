"""dateparser as the fallback normaliser for forms the hand-written rules do not know.

dateparser parses many written forms ("23.10.2021", "Mar 3rd, '21") but is slow (milliseconds
per call, more on a miss), returns one datetime rather than a TIMEX3 value, and fills missing
parts from today's date when given no base. So it is called only after the rules fail, always
with the publication date as RELATIVE_BASE, and never without one unless the text names a year.
Its `period` (day, week, month, year, time) gives the precision and the interval.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from . import calendar as cal
from .calendar import Direction, Timex

# Words that are never a date on their own but that dateparser reads as one ("may", "march",
# "second", "sat"), and a cheap test that the text could be a date at all.
_LOOKS_TEMPORAL = re.compile(r"\d|\b(?:ago|yesterday|today|tomorrow|week|month|year)\b", re.I)


@functools.lru_cache(maxsize=1)
def _parser_class() -> Any:
    # Imported on first use: dateparser takes about a second to import.
    from dateparser.date import DateDataParser

    return DateDataParser


@functools.lru_cache(maxsize=8)
def _parser(ref: dt.date | None, direction: Direction | None) -> Any:
    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": direction or "current_period",
        "RETURN_TIME_AS_PERIOD": True,
        "PREFER_DAY_OF_MONTH": "first",
        "STRICT_PARSING": False,
    }
    if ref is not None:
        settings["RELATIVE_BASE"] = dt.datetime(ref.year, ref.month, ref.day)
    return _parser_class()(languages=["en"], settings=settings)


def parse_with_dateparser(
    text: str, ref: dt.date | None, direction: Direction | None
) -> Timex | None:
    """Normalise `text` with dateparser; None if it finds no date or would have to guess."""
    if not _LOOKS_TEMPORAL.search(text):
        return None
    if not re.search(r"[A-Za-z]|\d[./-]\d", text):
        return None  # a bare number ("52", "0735") is an age or a count, not a date
    if ref is None and not re.search(r"\b(1\d|20|21)\d\d\b", text):
        return None  # dateparser would fill the year from today's date
    data = _parser(ref, direction).get_date_data(text)
    found = data.date_obj if data is not None else None
    if found is None:
        return None
    d = found.date()
    period = data.period
    if period == "year":
        return cal.year(d.year)
    if period == "month":
        return cal.month(d.year, d.month)
    if period == "week":
        return cal.week(d)
    return cal.day(d)
