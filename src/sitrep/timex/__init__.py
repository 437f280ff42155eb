"""Temporal expressions without spaCy: text + publication date -> TIMEX3 value and interval.

    >>> import datetime as dt
    >>> normalise("2 December", dt.date(2023, 1, 16), "past").value
    '2022-12-02'

`normalise` (normalise.py) applies hand-written rules over the words tagged by `lexicon.py` and
falls back to dateparser (fallback.py); `calendar.py` builds values and intervals;
`dateline_date` (dateline.py) reads the publication date from a wire-story dateline.
"""

from __future__ import annotations

from .calendar import Direction, Timex
from .dateline import dateline_date
from .normalise import normalise

__all__ = ["Direction", "Timex", "dateline_date", "normalise"]
