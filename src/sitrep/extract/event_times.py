"""The event-dating stage (`event_times.parse.v1`): which temporal expression dates each event.

An event's date is a point-like time (a day, week, month, quarter, year..., not a duration, a
set or "recently") found in this order, in the event's sentence:

1. one attached to the trigger's own clause: the time's chain of heads reaches the trigger
   without passing another verb ("seized on 2 December", "the attack on Tuesday");
2. one attached to a clause governing the trigger, walking up the trigger's heads, nearest
   first: in "on 10 January, officials announced that they had dismantled two networks" the
   announcement's date also dates the dismantling, since the report gives nothing closer and
   the announced past action is at latest that day (a reported action is dated by its report);
3. the time nearest to the trigger elsewhere in the sentence (e.g. in a subordinate clause the
   parse attaches oddly);
4. otherwise none. The publication date is not used by default: a report's date is often days
   or weeks after what it reports, and a wrong date is worse than none. `publication_fallback
   = true` dates the remaining past-tense events by the publication week (precision "week"),
   a coarse value for users who need one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..model import Event, TimeMention
from ..pipeline import DocState, Stage, register_stage
from ..timex import calendar as cal

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

# Heads walked up from a trigger before giving up (a sentence's depth rarely exceeds this).
MAX_DEPTH = 12


def is_point(time: TimeMention) -> bool:
    """True for times that can date an event: a resolved interval or an underspecified date."""
    if time.value is None:
        return False
    if time.value.startswith("XXXX"):
        return True
    return time.start_date is not None and time.end_date is not None


def _root(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _attached_to(time_root: Token, target: Token) -> bool:
    """Whether `time_root`'s heads reach `target` without passing through another verb."""
    current = time_root
    for _ in range(MAX_DEPTH):
        if current.head is current:
            return False
        current = current.head
        if current == target:
            return True
        if current.pos_ in ("VERB", "AUX"):
            return False
    return False


def date_for(trigger: Token, times: list[tuple[TimeMention, Token]]) -> TimeMention | None:
    """The time that dates the event triggered by `trigger` (rules 1-3 of the module doc)."""
    sent = trigger.sent
    local = [(t, r) for t, r in times if sent.start <= r.i < sent.end]
    if not local:
        return None
    current = trigger
    for _ in range(MAX_DEPTH):
        attached = [(t, r) for t, r in local if r == current or _attached_to(r, current)]
        if attached:
            return min(attached, key=lambda tr: abs(tr[1].i - trigger.i))[0]
        if current.head is current:
            break
        current = current.head
    return min(local, key=lambda tr: abs(tr[1].i - trigger.i))[0]


def _publication_week(published: dt.date) -> TimeMention:
    week = cal.week(published)
    assert week.start is not None and week.end is not None
    return TimeMention(
        text="",
        start=0,
        end=0,
        value=week.value,
        precision=week.precision,
        start_date=week.start.isoformat(),
        end_date=week.end.isoformat(),
    )


def _is_past(trigger: Token) -> bool:
    if "Past" in trigger.morph.get("Tense", []) and trigger.tag_ != "VBN":
        return True
    return any(c.dep_ == "aux" and c.lemma_ == "have" for c in trigger.children)


def date_events(state: DocState, *, publication_fallback: bool = False) -> None:
    """Set `date` on every event of `state` that has none, from the state's times."""
    doc = state.doc
    times = []
    for t in state.times:
        if is_point(t):
            root = _root(doc, t.start, t.end)
            if root is not None:
                times.append((t, root))
    dated: list[Event] = []
    for event in state.events:
        if event.date is not None:
            dated.append(event)
            continue
        trig = event.evidence.trigger
        trigger = _root(doc, trig.start, trig.end)
        found = date_for(trigger, times) if trigger is not None else None
        if found is None and publication_fallback and trigger is not None and state.published:
            found = _publication_week(state.published) if _is_past(trigger) else None
        dated.append(dataclasses.replace(event, date=found) if found is not None else event)
    state.events[:] = dated


@register_stage(
    "event_times.parse.v1",
    requires=["events", "times"],
    assigns=["events.date"],
    default_config={"publication_fallback": False},
)
def make_stage(nlp: Language, config: Mapping[str, Any]) -> Stage:
    """Build the event-dating stage; see the module docstring for the rules and the option."""
    fallback = bool(config.get("publication_fallback", False))

    def run(state: DocState) -> None:
        date_events(state, publication_fallback=fallback)

    return run
