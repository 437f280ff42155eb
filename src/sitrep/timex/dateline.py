"""The publication date written in a news dateline, for input that carries none.

Wire stories open with a dateline: "BAGHDAD, Jan 10 (Reuters) -", "LONDON, 10 January 2023
(AFP) -", "Jan. 10, 2023 --". Hand-written because no installed library reads datelines.
"""

from __future__ import annotations

import datetime as dt
import re

from .lexicon import default_lexicon

# How far into the text a dateline may end: it is on the first line of the story.
DATELINE_WINDOW = 200

_MONTH = r"[A-Za-z]{3,9}\.?"
_PATTERNS = (
    # "Jan 10", "January 10, 2023"
    re.compile(
        rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?\b"
    ),
    # "10 January", "10 Jan 2023"
    re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH})(?:,?\s+(?P<year>\d{{4}}))?\b"
    ),
    # "2023-01-10"
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
)
# A dateline ends with an agency in brackets or a dash before the story starts.
_END = re.compile(r"\([A-Za-z .&'-]{2,40}\)\s*[-\u2013\u2014]+|\s[-\u2013\u2014]{1,2}\s|\)\s*:")


def _month_number(word: str) -> int | None:
    if word.isdigit():
        n = int(word)
        return n if 1 <= n <= 12 else None
    hit = default_lexicon().entries.get((word.lower().rstrip("."),))
    return int(hit[1]) if hit is not None and hit[0] == "month" else None


def dateline_date(text: str, *, not_after: dt.date | None = None) -> dt.date | None:
    """The date in the dateline that opens `text`, or None if there is none.

    Only a date before the dateline's end mark ("(Reuters) -", " -- ") within the first
    DATELINE_WINDOW characters counts. A dateline without a year ("Jan 10") gets the latest
    year that puts it on or before `not_after` (e.g. the file's modification date); without
    `not_after` such a dateline gives None rather than a guessed year.
    """
    head = text.lstrip()[:DATELINE_WINDOW]
    end = _END.search(head)
    if end is None:
        return None
    line = head[: end.end()]
    for pattern in _PATTERNS:
        m = pattern.search(line)
        if m is None:
            continue
        month = _month_number(m.group("month"))
        if month is None:
            continue
        day = int(m.group("day"))
        if m.group("year"):
            try:
                return dt.date(int(m.group("year")), month, day)
            except ValueError:
                return None
        if not_after is None:
            return None
        for year in (not_after.year, not_after.year - 1):
            try:
                found = dt.date(year, month, day)
            except ValueError:
                continue
            if found <= not_after:
                return found
        return None
    return None
