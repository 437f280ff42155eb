"""Expressions resolved against the document's context, not only the publication date.

TimeML resolves anaphoric expressions against an earlier time in the text: "that year", "the
following month", "that same day" take their value from the last point-like time mentioned.
Company reports add a convention of their own: once a report has named the quarter it covers
("the third quarter"), "a year earlier", "the year-ago period" and "the quarter" mean that quarter
(or the same quarter a year before). `Context` carries both; the times stage updates it as it
walks the document in text order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from . import calendar as cal
from .calendar import Direction, Timex
from .lexicon import Tok


@dataclass(frozen=True, slots=True)
class Context:
    """What earlier text says about time.

    `anchor`: the last point-like time mentioned; `quarter`: the last specific quarter named in
    the text (a year and a quarter number); `ended`: the expression is followed by "ended" or
    "ending" ("the year ended March 31"), which TimeBank reads as a duration.
    """

    anchor: Timex | None = None
    quarter: Timex | None = None
    ended: bool = False

    def after(self, found: Timex) -> Context:
        """The context once `found` has been read."""
        anchor, quarter = self.anchor, self.quarter
        if found.start is not None and found.end is not None and found.kind in ("DATE", "TIME"):
            anchor = found
            if not found.derived and re.fullmatch(r"\d{4}-Q[1-4]", found.value or ""):
                quarter = found
        return Context(anchor=anchor, quarter=quarter)


def _derived(t: Timex | None) -> Timex | None:
    return dataclasses.replace(t, derived=True) if t is not None else None


def _year_before(q: Timex) -> Timex | None:
    if q.start is None:
        return None
    return _derived(cal.shift_unit(q.start, "Q", -4))


def _kinds(toks: list[Tok]) -> str:
    return " ".join(t.kind for t in toks)


def contextual(
    toks: list[Tok], ref: dt.date | None, direction: Direction | None, ctx: Context | None
) -> Timex | None:
    """The value of `toks` if it depends on the context (or is a bare unit: "the year"); None to
    let the ordinary rules decide."""
    ctx = ctx or Context()
    k = _kinds(toks)
    last = toks[-1]
    # "that year", "the following month", "that same day": relative to the anchor.
    if k == "anaphor unit":
        if ctx.anchor is None or ctx.anchor.start is None:
            return None
        if last.value == "Q" and toks[0].num == 0 and ctx.quarter is not None:
            return _derived(ctx.quarter)
        return _derived(cal.shift_unit(ctx.anchor.start, last.value, toks[0].num))
    year_ago = re.fullmatch(r"(?:number )?unit ago(?: unit)?", k)
    if year_ago and toks[-2 if k.endswith("ago") else -3].value == "Y":
        one = k.startswith("number") and toks[0].num == 1
        if not (k.startswith("unit") or one):
            return None
        trailing = k.endswith("ago unit")
        if trailing and last.value not in ("Q", "PER"):
            return None
        if ctx.quarter is not None:
            return _year_before(ctx.quarter)
        if ref is None or one:
            return None
        # "the year-ago quarter" with no quarter named: the latest one completed, a year before.
        latest = cal.shift_unit(ref, "Q", -5)
        return _derived(latest) if trailing else cal.year(ref.year - 1)
    if k == "unit":
        return _bare_unit(last, ref, direction, ctx)
    if re.fullmatch(r"clock( partofday)?", k) and ctx.anchor is not None:
        # "at 10 p.m." after "Friday": the time of day falls on the last day mentioned.
        anchor = ctx.anchor
        if anchor.precision == "day" and anchor.value and anchor.value[-1].isdigit():
            value = f"{anchor.value}T{toks[0].value}"
            return Timex(value, "day", anchor.start, anchor.end, "TIME", derived=True)
    if k == "shift unit" and last.value == "PER":  # "the latest period"
        return _derived(ctx.quarter) if ctx.quarter is not None else None
    return _quarter_of_year(toks, k, ref, ctx)


def _quarter_of_year(toks: list[Tok], k: str, ref: dt.date | None, ctx: Context) -> Timex | None:
    """ "this year's third quarter", "the 1988 second quarter", "the 1988 quarter", "last
    year's quarter" (the quarter under discussion, in that year)."""
    first, last = toks[0], toks[-1]
    if last.value not in ("Q", "PER") or len(toks) < 2:
        return None
    y: int | None = None
    if first.kind == "year" and k in ("year unit", "year ordinal unit"):
        y = first.num
    elif k in ("shift unit unit", "shift unit ordinal unit") and toks[1].value == "Y":
        if ref is None or not first.value.lstrip("-").isdigit():
            return None
        y = ref.year + int(first.value)
    if y is None:
        return None
    if k.endswith("ordinal unit"):
        n = toks[-2].num
        return cal.quarter(y, n) if last.value == "Q" and 1 <= n <= 4 else None
    if ctx.quarter is None or ctx.quarter.value is None:
        return None
    if first.kind == "shift":
        # "last year's quarter" in a report on 2022-Q4 published in 2023 is 2021-Q4: the year
        # is counted from the quarter under discussion, not from the publication date.
        y = int(ctx.quarter.value[:4]) + int(first.value)
    return _derived(cal.quarter(y, int(ctx.quarter.value[-1])))


def _bare_unit(
    unit: Tok, ref: dt.date | None, direction: Direction | None, ctx: Context
) -> Timex | None:
    """ "the year", "the quarter", "the week", "the period" (singular; plurals are durations)."""
    if unit.text.endswith("s") or ref is None:
        return None
    code = unit.value
    if code == "Y":
        if ctx.ended:
            return Timex("P1Y", "unknown", None, None, "DURATION")
        return cal.year(ref.year)
    if code in ("Q", "PER"):
        if ctx.quarter is not None:
            return _derived(ctx.quarter)
        return cal.shift_unit(ref, "Q", -1 if direction == "past" else 0) if code == "Q" else None
    if code == "M":
        return cal.month(ref.year, ref.month)
    if code == "W":
        return cal.week(ref)
    if code == "D" and ctx.anchor is not None and ctx.anchor.precision == "day":
        return _derived(ctx.anchor)
    return None
