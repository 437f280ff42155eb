"""Normalise one temporal expression to a TIMEX3-style value, given the publication date.

`normalise("2 December", ref=date(2023, 1, 16), direction="past")` gives `2022-12-02`, precision
`day`, covering 2022-12-02 .. 2022-12-02. The rules are hand-written over the tagged words of the
expression (see `lexicon.tag`) because the common news forms are few and regexes are fast;
dateparser is called only as a fallback for forms the rules do not know, since it is slow and
returns a single datetime without a TIMEX3 value (its period gives the precision).

Conventions (TimeBank's, where it has one):
- direction: "past" picks the latest occurrence that has begun by the publication date, "future"
  the earliest that has not ended, None the nearest (past on a tie). The caller derives it from
  the tense of the clause; words in the expression ("last", "next", "ago") override it.
- Without a publication date, expressions that need one keep TIMEX3 underspecified values
  (`XXXX-12-02`, `XXXX-10`) or None (yesterday, last week), with no interval: never a guess.
- Durations (`P3Y`, `PT5H`, `PXM` for "several months") have precision "unknown" and no interval;
  "recent months" is `PXM` with an interval that ends at the publication date and an open start.
- `PRESENT_REF` (now, currently) covers the publication day; `PAST_REF` (recently, the past)
  ends there and `FUTURE_REF` (the future, soon) starts there, with the other end open.
- Ranges ("between 3 and 5 March") are ISO 8601 intervals: `2021-03-03/2021-03-05`.
- Sets ("daily", "every week") are `P1D`, `P1W` of kind SET; "every Monday" is `XXXX-WXX-1`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from ..model import TimePrecision
from . import calendar as cal
from .calendar import Direction, Timex
from .context import Context, contextual
from .holidays import default_holidays, holiday_timex
from .lexicon import Tok, compound_number, join_spelled_years, tag

DURATION_CODE = {"D": "D", "W": "W", "M": "M", "Y": "Y", "Q": "Q", "TH": "H", "TM": "M"}
# Decades, centuries, halves and weekends are written in other units in TIMEX3 durations.
DURATION_SCALE = {"DE": (10, "Y"), "CE": (100, "Y"), "H": (6, "M"), "WE": (2, "D")}
POINT_UNITS = {"D", "W", "WE", "M", "Q", "Y", "DE", "CE"}


def normalise(
    text: str,
    ref: dt.date | None,
    direction: Direction | None = None,
    *,
    fallback: bool = True,
    context: Context | None = None,
) -> Timex | None:
    """Normalise `text` relative to publication date `ref`; None if it is not a time expression.

    `context` (context.py) resolves expressions that refer to earlier text ("that year", "a year
    earlier" in a quarterly report); without it they get the publication date's reading or None.

    Promises: a returned value with an interval has `start <= end`; a value that needs the
    publication date is never resolved without one.
    """
    if default_holidays().pattern.search(text):
        found = holiday_timex(text, ref, direction)
        if found is not None:
            return found
    toks = tag(text)
    if toks is not None:
        toks = join_spelled_years(toks)
        if len(toks) > 1 and toks[0].text in ("earlier", "later"):
            toks = toks[1:]  # "earlier this year" is this year, at a finer grain we do not know
        if not toks:
            return None
        found = contextual(toks, ref, direction, context)
        if found is None:
            found = _rules(toks, ref, direction)
        if found is not None:
            return found
    if fallback:
        from .fallback import parse_with_dateparser

        return parse_with_dateparser(text, ref, direction)
    return None


def _kinds(toks: list[Tok]) -> str:
    return " ".join(t.kind for t in toks)


def _number(toks: list[Tok]) -> int | None:
    """The quantity of number words ("twenty five" 25, "a dozen" 12, "two thousand" 2000), the
    lower bound of a range ("two to three" 2: the joining word is a filler), else None (read as
    an unknown count: "2 1/2 years" is `PXY`)."""
    values = [t.num for t in toks]
    if len(values) >= 2 and values[0] == 1 and toks[0].text in {"a", "an"}:
        values = values[1:]
    if not values:
        return None
    found = compound_number(values)
    if found is None and len(values) == 2 and values[0] < values[1]:
        return values[0]
    return found


def _year2(two: str, ref: dt.date | None) -> int:
    # '98 means the year of that two-digit ending nearest to the publication date.
    base = (ref.year if ref else 2000) // 100 * 100
    options = [base - 100 + int(two), base + int(two), base + 100 + int(two)]
    return min(options, key=lambda y: abs(y - (ref.year if ref else 2000)))


def _year_of(tok: Tok, ref: dt.date | None) -> int:
    return _year2(tok.value, ref) if tok.kind == "year2" else tok.num


def _pick(
    build: Callable[[int], Timex | None],
    ref: dt.date | None,
    direction: Direction | None,
    underspecified: str,
    precision: TimePrecision,
) -> Timex:
    if ref is None:
        return cal.unresolved(underspecified, precision)
    found = cal.choose(cal.occurrences(build, ref), ref, direction)
    return found if found is not None else cal.unresolved(underspecified, precision)


def _day_month(
    d: int, m: int, y: int | None, weekday: int | None, ref: dt.date | None, dirn: Direction | None
) -> Timex | None:
    if not 1 <= d <= 31:
        return None
    if y is not None:
        date = cal.safe_date(y, m, d)
        return cal.day(date) if date else None

    def build(yy: int) -> Timex | None:
        date = cal.safe_date(yy, m, d)
        if date is None or (weekday is not None and date.weekday() != weekday):
            return None
        return cal.day(date)

    if ref is not None and weekday is not None:
        found = cal.choose(cal.occurrences(build, ref), ref, None)
        if found is not None:
            return found
        weekday = None  # the weekday fits no nearby year: trust the day and month
    return _pick(build, ref, dirn, f"XXXX-{m:02d}-{d:02d}", "day")


def _weekday(
    wd: int, ref: dt.date | None, dirn: Direction | None, shift: int | None = None
) -> Timex | None:
    if ref is None:
        return cal.unresolved(f"XXXX-WXX-{wd + 1}", "day")
    days = [ref + dt.timedelta(days=k) for k in range(-7, 8)]
    days = [d for d in days if d.weekday() == wd]
    if shift == -1:
        return cal.day(max(d for d in days if d < ref))
    if shift == 1:
        return cal.day(min(d for d in days if d > ref))
    if shift == 0:
        return cal.day(next(d for d in days if d.isocalendar()[:2] == ref.isocalendar()[:2]))
    return cal.choose([cal.day(d) for d in days], ref, dirn)


def _with_part(base: Timex | None, suffix: str, kind: cal.Kind = "TIME") -> Timex | None:
    if base is None or base.value is None:
        return base
    return Timex(f"{base.value}T{suffix}", base.precision, base.start, base.end, kind)


def _duration(n: int | None, unit: str) -> Timex | None:
    count = "X" if n is None else str(n)
    if unit in DURATION_SCALE:
        scale, code = DURATION_SCALE[unit]
        count = "X" if n is None else str(n * scale)
    elif unit in DURATION_CODE:
        code = DURATION_CODE[unit]
    else:
        return None
    prefix = "PT" if unit in {"TH", "TM"} else "P"
    return Timex(f"{prefix}{count}{code}", "unknown", None, None, "DURATION")


def _ref(value: str, ref: dt.date | None) -> Timex:
    if value == "PRESENT_REF":
        return Timex(value, "day", ref, ref)
    if value == "PAST_REF":
        return Timex(value, "unknown", None, ref)
    return Timex(value, "unknown", ref, None)


def _ago(n: int | None, unit: str, sign: int, ref: dt.date | None) -> Timex | None:
    if n is None:
        return _ref("PAST_REF" if sign < 0 else "FUTURE_REF", ref)
    if ref is None:
        return None
    if unit == "D":
        return cal.day(ref + dt.timedelta(days=sign * n))
    if unit == "W":
        return cal.week(ref + dt.timedelta(weeks=sign * n))
    if unit == "M":
        y, m = cal.add_months(ref.year, ref.month, sign * n)
        return cal.month(y, m)
    if unit == "Y":
        return cal.year(ref.year + sign * n)
    if unit == "DE":
        return cal.decade((ref.year + sign * 10 * n) // 10)
    return None


def _range(
    d1: int, d2: int, m: int, y: int | None, ref: dt.date | None, dirn: Direction | None
) -> Timex | None:
    if not (1 <= d1 < d2 <= 31):
        return None
    last = _day_month(d2, m, y, None, ref, dirn)
    if last is None or last.start is None:
        return None
    first = cal.safe_date(last.start.year, m, d1)
    if first is None:
        return None
    value = f"{first.isoformat()}/{last.start.isoformat()}"
    return Timex(value, "day", first, last.start)


_NUM = r"(?:number ?)+"


def _rules(toks: list[Tok], ref: dt.date | None, dirn: Direction | None) -> Timex | None:
    """The hand-written rules, most specific first."""
    k = _kinds(toks)
    first, last_tok = toks[0], toks[-1]
    if k == "iso":
        date = dt.date.fromisoformat(first.value) if _valid_iso(first.value) else None
        return cal.day(date) if date else None
    if k == "slash":
        return _slash(first.value, ref)
    # Day and month, with a weekday and a year: "Monday, Oct. 26", "2 December 2022".
    m = re.fullmatch(r"(weekday )?(number|ordinal) month( year| year2)?", k)
    if m is None:
        m = re.fullmatch(r"(weekday )?month (number|ordinal)( year| year2)?", k)
    if m is not None:
        wd = first.num if m.group(1) else None
        rest = toks[1:] if m.group(1) else toks
        day_tok, month_tok = (rest[0], rest[1]) if rest[0].kind != "month" else (rest[1], rest[0])
        y = _year_of(rest[2], ref) if len(rest) == 3 else None
        return _day_month(day_tok.num, month_tok.num, y, wd, ref, dirn)
    if re.fullmatch(r"number number month( year)?", k) or re.fullmatch(
        r"month number number( year)?", k
    ):
        nums = [t.num for t in toks if t.kind == "number"]
        mon = next(t.num for t in toks if t.kind == "month")
        y = toks[-1].num if toks[-1].kind == "year" else None
        return _range(nums[0], nums[1], mon, y, ref, dirn)
    if re.fullmatch(r"month (year|year2)", k):
        return cal.month(_year_of(toks[1], ref), first.num)
    if k == "month":
        mon = first.num
        return _pick(lambda y: cal.month(y, mon), ref, dirn, f"XXXX-{mon:02d}", "month")
    if k == "shift month" and ref is not None and first.value.lstrip("-").isdigit():
        return _shifted_month(int(first.value), toks[1].num, ref)
    # "February this year", "June last year", "April next year".
    shift_ok = len(toks) > 1 and toks[1].value.lstrip("-").isdigit()
    if k == "month shift unit" and toks[2].value == "Y" and ref is not None and shift_ok:
        return cal.month(ref.year + int(toks[1].value), first.num)
    if k in ("year", "year2") or (k == "unit year" and first.value == "Y"):
        return cal.year(_year_of(last_tok, ref))
    if k == "decade":
        return cal.decade(int(first.value))
    return _rules_units(toks, k, ref, dirn)


def _rules_units(
    toks: list[Tok], k: str, ref: dt.date | None, dirn: Direction | None
) -> Timex | None:
    first, last = toks[0], toks[-1]
    # Quarters, halves and centuries by ordinal: "the third quarter", "first half of 1990".
    m = re.fullmatch(r"ordinal unit( year)?", k)
    if m is not None and toks[1].value in {"Q", "H", "CE"}:
        n, unit = first.num, toks[1].value
        if unit == "CE":
            return cal.century(n - 1)
        if not 1 <= n <= (4 if unit == "Q" else 2):
            return None
        make = cal.quarter if unit == "Q" else cal.half
        if m.group(1):
            return make(last.num, n)
        code = f"XXXX-{unit}{n}"
        return _pick(lambda y: make(y, n), ref, dirn, code, "quarter" if unit == "Q" else "year")
    if k in ("season", "season year"):
        code = first.value
        if k == "season year":
            return cal.season(last.num, code)
        return _pick(lambda y: cal.season(y, code), ref, dirn, f"XXXX-{code}", "quarter")
    if k == "shift season":
        return _shifted_season(first.value, last.value, ref, dirn)
    # Weekdays, parts of days and clock times.
    if re.fullmatch(r"(shift )?weekday( partofday)?", k):
        shift = (
            int(first.value)
            if first.kind == "shift" and first.value.lstrip("-").isdigit()
            else None
        )
        if first.kind == "shift" and shift is None:
            return None
        wd = toks[1 if first.kind == "shift" else 0].num
        base = _weekday(wd, ref, dirn, shift)
        return _with_part(base, last.value) if last.kind == "partofday" else base
    if re.fullmatch(r"deictic( partofday)?", k):
        if ref is None:
            return None
        base = cal.day(ref + dt.timedelta(days=first.num))
        if first.text == "tonight":
            return _with_part(base, "NI")
        return _with_part(base, last.value) if last.kind == "partofday" else base
    if k == "shift partofday" and first.value in {"0", "-1"}:
        if ref is None:
            return None
        if first.value == "-1" and last.value != "NI":
            return None  # "last morning" is not an expression we can place
        return _with_part(cal.day(ref + dt.timedelta(days=int(first.value))), last.value)
    if k == "partofday" and ref is not None:
        # "overnight", "the morning", "at noon": TimeBank anchors them to the publication day.
        return _with_part(cal.day(ref), first.value)
    if first.kind in ("clock", "partofday") and len(toks) > 1:
        # "noon Thursday", "5 p.m. EST Nov. 9", "mid-afternoon yesterday".
        base = _rules(toks[1:], ref, dirn)
        if base is not None and base.precision == "day" and base.value and base.value[-1].isdigit():
            return _with_part(base, first.value)
    if re.fullmatch(r"clock( partofday)?( weekday| deictic)?", k):
        anchor: Timex | None
        if last.kind == "weekday":
            anchor = _weekday(last.num, ref, dirn)
        elif last.kind == "deictic":
            anchor = cal.day(ref + dt.timedelta(days=last.num)) if ref else None
        else:
            # TimeBank anchors a bare clock time to the publication day.
            anchor = cal.day(ref) if ref else None
        if anchor is None or anchor.value is None:
            return Timex(f"T{first.value}", "unknown", None, None, "TIME")
        return _with_part(anchor, first.value)
    return _rules_relative(toks, k, ref, dirn)


def _rules_relative(
    toks: list[Tok], k: str, ref: dt.date | None, dirn: Direction | None
) -> Timex | None:
    first, last = toks[0], toks[-1]
    if k == "ref":
        return _ref(first.value, ref)
    if k == "shift":
        return {
            "past": _ref("PAST_REF", ref),
            "recent": _ref("PAST_REF", ref),
            "0": _ref("PRESENT_REF", ref),
        }.get(first.value)
    if k == "set":
        return Timex(first.value, "unknown", None, None, "SET")
    if k == "every unit" and last.value in DURATION_CODE:
        dur = _duration(1, last.value)
        return Timex(dur.value, "unknown", None, None, "SET") if dur else None
    if k == "every weekday":
        return Timex(f"XXXX-WXX-{last.num + 1}", "unknown", None, None, "SET")
    # "last week", "this year", "next month", "the past year" (a duration), "recent months".
    if k == "shift unit":
        return _shift_unit(first.value, last, ref)
    m = re.fullmatch(rf"shift (?:{_NUM}|vague )unit", k)
    if m is not None and first.value in {"past", "-1", "1", "recent"}:
        return _duration(_number(toks[1:-1]) if "vague" not in k else None, last.value)
    # "two days ago", "a decade ago", "several years ago", "three weeks from now".
    m = re.fullmatch(rf"(?:{_NUM}|vague )unit ago", k)
    if m is not None:
        n = None if "vague" in k else _number(toks[:-2])
        return _ago(n, toks[-2].value, last.num, ref)
    # "the quarter" in an earnings report is the latest one completed; in a forecast, this one.
    if k == "unit" and last.text == "quarter" and ref is not None:
        return cal.shift_unit(ref, "Q", -1 if dirn == "past" else 0)
    # "the weekend": the last one for a past clause, else the coming one (or this one).
    if k == "unit" and last.text == "weekend" and ref is not None:
        back = ref.weekday() < 5 and dirn == "past"
        return cal.weekend(ref - dt.timedelta(weeks=1) if back else ref)
    # Durations: "three years", "a month", "the first nine months", "years", "several weeks".
    m = re.fullmatch(rf"(?:ordinal )?(?:{_NUM}|vague )?unit", k)
    if m is not None:
        nums = [t for t in toks if t.kind == "number"]
        if "vague" in k:
            return _duration(None, last.value)
        if nums:
            return _duration(_number(nums), last.value)
        if k == "unit" and last.text.endswith("s"):
            return _duration(None, last.value)
    return None


def _shift_unit(shift: str, unit_tok: Tok, ref: dt.date | None) -> Timex | None:
    unit = unit_tok.value
    # A plural is a stretch of unknown length that ends at the publication date ("recent
    # months", "past years") or starts there ("coming weeks", "next months").
    if unit_tok.text.endswith("s") and shift in {"recent", "past", "-1", "1"}:
        dur = _duration(None, unit)
        if dur is None:
            return None
        ahead = shift == "1"
        return Timex(
            dur.value, "unknown", ref if ahead else None, None if ahead else ref, "DURATION"
        )
    if shift == "recent":
        return None
    if shift == "past":
        return _duration(1, unit)
    if unit not in POINT_UNITS or ref is None:
        return None
    return cal.shift_unit(ref, unit, int(shift))


def _shifted_month(shift: int, mon: int, ref: dt.date) -> Timex | None:
    """ "this September": the one of the publication year; "last November": the latest one
    before the current month; "next April": the first one after it."""
    if shift == 0:
        return cal.month(ref.year, mon)
    cands = cal.occurrences(lambda y: cal.month(y, mon), ref)
    this_month = dt.date(ref.year, ref.month, 1)
    if shift < 0:
        before = [c for c in cands if c.start is not None and c.start < this_month]
        return before[-1] if before else None
    after = [c for c in cands if c.start is not None and c.start > ref]
    return after[0] if after else None


def _shifted_season(
    shift: str, code: str, ref: dt.date | None, dirn: Direction | None
) -> Timex | None:
    if ref is None or not shift.lstrip("-").isdigit():
        return None
    n = int(shift)
    cands = cal.occurrences(lambda y: cal.season(y, code), ref)
    if n == 0:
        return cal.choose(cands, ref, dirn)
    # "last summer": the latest one that has ended; "next summer": the first not yet begun.
    if n < 0:
        ended = [c for c in cands if c.end is not None and c.end < ref]
        return ended[-1] if ended else None
    begun = [c for c in cands if c.start is not None and c.start > ref]
    return begun[0] if begun else None


def _valid_iso(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _slash(value: str, ref: dt.date | None) -> Timex | None:
    a, b, c = (int(p) for p in value.split("/"))
    y = _year2(f"{c:02d}", ref) if c < 100 else c
    # US order (month/day) unless the first number cannot be a month.
    m, d = (a, b) if a <= 12 else (b, a)
    date = cal.safe_date(y, m, d)
    return cal.day(date) if date else None
