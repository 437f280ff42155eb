"""The times stage (`times.rules.v1`): find temporal expressions and normalise them.

Recognition: the model's DATE and TIME entities, plus a Matcher for what the small model misses
(single-word expressions such as "now", "recently", "daily", and "recent months"), with the
words built from the time lexicon (data/times/lexicon.tsv). Spans are trimmed of leading
prepositions and trailing possessives; ages ("53-year-old", "40 years old", "in his 30s") are
dropped; a clock time and its day written as two entities ("5 p.m. EST Nov. 9") are read as one.
Normalisation is `sitrep.timex.normalise`, with the direction (past or future) taken from the
tense of the clause the expression sits in. Importing this module also registers
`event_times.parse.v1` (extract/event_times.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from spacy.matcher import Matcher, PhraseMatcher

from ..model import TimeMention
from ..pipeline import DocState, Stage, register_stage
from ..timex import Direction, normalise
from ..timex.context import Context
from ..timex.holidays import holiday_names
from ..timex.lexicon import standalone_phrases, tag
from . import event_times  # noqa: F401 - registers event_times.parse.v1

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

ENTITY_LABELS = ("DATE", "TIME")
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
# Verbs whose to-infinitive is ahead of them: "is scheduled to close", "is to resume".
SCHEDULING = frozenset({"be", "schedule", "plan", "set", "due", "slate", "intend"})
# Leading words that belong to the sentence, not the expression ("since 1990", "on Tuesday").
LEADING_TRIM_POS = frozenset({"ADP", "PUNCT", "CCONJ", "SCONJ"})
# Words that join two expressions in one entity ("from 1991 to 1997", "1994, 1995 and 1996").
SPLIT_WORDS = frozenset({"and", "or", "to", "through", "until", ",", "-", "\u2013"})
# Parts of the day that follow the day they belong to ("Friday evening"), and those written
# before it ("noon Thursday"); the small model often leaves them out of the entity.
PARTS_AFTER = frozenset({"morning", "afternoon", "evening", "night"})
PARTS_BEFORE = frozenset({"noon", "midday", "midnight"})
# A period "ended"/"ending" on a date is a duration in TimeBank ("the year ended March 31").
ENDED = frozenset({"ended", "ending"})
DEADLINE = frozenset({"until", "till", "through", "by"})
HOLIDAY_SHIFTS = frozenset({"last", "next", "this"})
CLOCK_ON_DAY = re.compile(r"\d{4}-\d{2}-\d{2}T.+")
AGE_DECADE = re.compile(r"'?[1-9]0s|(?:twen|thir|for|fif|six|seven|eigh|nine)ties")


@dataclass(frozen=True)
class Finder:
    """Recognisers for what the model misses: standalone words (a Matcher, since some need a
    part of speech) and named days (a PhraseMatcher: dozens of names cost it nothing)."""

    words: Matcher
    holidays: PhraseMatcher

    def __call__(self, doc: Doc) -> list[tuple[int, int, bool]]:
        """(start, end, is a named day) of every match."""
        found = [(start, end, False) for _, start, end in self.words(doc)]
        found += [(start, end, True) for _, start, end in self.holidays(doc)]
        return found


def _matcher(nlp: Language) -> Finder:
    matcher = Matcher(nlp.vocab)
    for words, pos in standalone_phrases():
        pattern: list[dict[str, Any]] = [{"LOWER": w} for w in words]
        if pos != "*":
            pattern[-1]["POS"] = pos
        matcher.add("STANDALONE", [pattern])
    holidays = PhraseMatcher(nlp.vocab, attr="LOWER")
    holidays.add("HOLIDAY", [nlp.make_doc(name) for name in holiday_names()])
    return Finder(words=matcher, holidays=holidays)


def _trim(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].pos_ in LEADING_TRIM_POS
        and doc[start].lower_ != "between"
        and not tag(doc[start].text)  # "next" tagged ADP in "next year" stays
    ):
        start += 1
    # A count before "a year ago" is what is counted ("up from seven a year ago").
    if end - start > 2 and doc[start].like_num and doc[start + 1].lower_ in ("a", "an"):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end] if end > start else None


def _is_age(span: Span) -> bool:
    """ "53-year-old", "40 years old", and a person's decade of life: "in his 30s", "in
    their early twenties" (a decade of the calendar has no owner)."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    if span.text.lower().endswith("-old") or span[-1].lower_ == "old":
        return True
    if after is not None and after.lower_ == "old":
        return True
    if not AGE_DECADE.fullmatch(span[-1].lower_):
        return False
    return any(t.tag_ == "PRP$" for t in doc[max(span.start - 2, 0) : span.end])


def _candidates(doc: Doc, matcher: Finder) -> list[Span]:
    """Entity spans, then Matcher spans that overlap none of them, in text order."""
    spans = [e for e in doc.ents if e.label_ in ENTITY_LABELS]
    taken = {i for s in spans for i in range(s.start, s.end)}
    for start, end, holiday in sorted(matcher(doc), key=lambda m: (m[0], -m[1])):
        if holiday and start > 0 and doc[start - 1].lower_ in HOLIDAY_SHIFTS:
            start -= 1  # "last Thanksgiving"
        if not any(i in taken for i in range(start, end)):
            spans.append(doc[start:end])
            taken.update(range(start, end))
    return sorted(spans, key=lambda s: s.start)


def clause_direction(token: Token) -> Direction | None:
    """Past or future from the tense of the nearest verb governing `token`; None if present/unknown.

    Walks up the heads to the first verb with a tense or a modal: "will"/"shall"/"going to"
    means future; another modal or a to-infinitive means unknown; Tense=Past on the verb or an
    auxiliary, or a perfect ("has seized"), means past. Participles pass the question up to
    their governing verb.
    """
    found = _governing_tense(token)
    # A time that qualifies a noun dates the thing the noun names, which a future clause may
    # well look back on: "will report a third-quarter loss", "plans to appeal Thursday's
    # ruling". A past clause still places it in the past ("the October slaying").
    nominal = token.dep_ in ("compound", "amod", "poss") and token.head.pos_ == "NOUN"
    if found == "future" and nominal and tag(token.head.text) is None:
        return None
    return found


def _governing_tense(token: Token) -> Direction | None:
    current: Token | None = token
    seen = 0
    while current is not None and seen < 12:
        seen += 1
        if current.pos_ in ("VERB", "AUX"):
            aux = [c for c in current.children if c.dep_ in ("aux", "auxpass")]
            if any(a.lower_ in FUTURE_AUX for a in aux):
                return "future"
            if current.lower_ == "going" and any(c.dep_ == "xcomp" for c in current.children):
                return "future"
            # A modal ("must be returned by Jan. 14", "could come on Friday") says nothing
            # about which side of the publication date the time is on: take the nearest.
            if any(a.tag_ == "MD" for a in aux):
                return None
            # A to-infinitive ("decided to admit them in early March", "to mark the entry on
            # Friday") may point either way from its governing verb: take the nearest; but
            # what is scheduled, planned or "is to" happen lies ahead ("is scheduled to close
            # Monday", "planned to leave on Thursday", "is to resume trading Tuesday").
            if current.tag_ == "VB" and any(a.tag_ == "TO" for a in aux):
                head = current.head
                if current.dep_ == "xcomp" and head.lemma_ in SCHEDULING and not _past(head):
                    return "future"
                return None
            # A past participle modifying a noun reports a done deed ("the injunction issued
            # Thursday", "shares bought from Sept. 14 to Thursday"); one that schedules ("a
            # summit set for April") passes the question up.
            if current.tag_ == "VBN" and current.dep_ == "acl" and current.lemma_ not in SCHEDULING:
                return "past"
            if "Past" in current.morph.get("Tense", []) and current.tag_ != "VBN":
                return "past"
            if any("Past" in a.morph.get("Tense", []) or a.lemma_ == "have" for a in aux):
                return "past"
            if "Pres" in current.morph.get("Tense", []) or any(
                "Pres" in a.morph.get("Tense", []) for a in aux
            ):
                return None
        if current.head is current:
            break
        current = current.head
    return None


def _past(verb: Token) -> bool:
    """`verb` (or the copula of an adjective) is in a past tense: "was scheduled", "had been
    due", "planned"."""
    if verb.pos_ not in ("VERB", "AUX") and verb.dep_ in ("acomp", "attr"):
        verb = verb.head  # "had been due to expire": the tense is on the copula
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    forms = [verb, *aux]
    return any("Past" in t.morph.get("Tense", []) and t.tag_ != "VBN" for t in forms)


def _extend(span: Span) -> Span:
    """`span` with a part of the day the model left out: "Friday [evening]", "[noon] Thursday"."""
    doc, start, end = span.doc, span.start, span.end
    if end < len(doc) and doc[end].lower_ in PARTS_AFTER:
        end += 1
    if start > 0 and doc[start - 1].lower_ in PARTS_BEFORE:
        start -= 1
    return doc[start:end]


def _mention(
    span: Span, state: DocState, ctx: Context, *, fallback: bool = True
) -> tuple[TimeMention, Context] | None:
    """The mention of `span` and the context after it, or None if `span` does not normalise.
    `fallback`: try dateparser when the rules fail (slow; only for whole entities)."""
    direction = clause_direction(span.root)
    before = span.doc[span.start - 1] if span.start > 0 else None
    if direction == "past" and before is not None and before.lower_ in DEADLINE:
        # "extended the offer until 5 p.m. Nov. 9", "loans through January": a limit set in
        # the past may lie either side of the publication date; take the nearest.
        direction = None
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if after is not None and after.lower_ in ENDED:
        ctx = Context(anchor=ctx.anchor, quarter=ctx.quarter, ended=True)
    found = normalise(span.text, state.published, direction, fallback=fallback, context=ctx)
    if found is None:
        return None
    mention = TimeMention(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        value=found.value,
        precision=found.precision,
        start_date=found.start.isoformat() if found.start else None,
        end_date=found.end.isoformat() if found.end else None,
    )
    return mention, ctx.after(found)


def _split(span: Span, cut: Callable[[Token], bool]) -> list[Span]:
    cuts = [t.i for t in span if cut(t)]
    if not cuts:
        return []
    out, start = [], span.start
    for c in [*cuts, span.end]:
        if c > start:
            part = _trim(span.doc[start:c])
            if part is not None:
                out.append(part)
        start = c + 1
    return out


def _foreign(token: Token) -> bool:
    """A word no temporal expression contains ("ended", "before"), or "of", which TimeBank does
    not keep inside an expression that cannot be read whole ("the first nine months of 1997")."""
    return token.lower_ == "of" or (not token.is_punct and tag(token.text) is None)


def _joins(token: Token) -> bool:
    """A word joining two expressions; a hyphen only between numbers ("1991-97", not "year-ago")."""
    if token.text == "-":
        doc = token.doc
        before = doc[token.i - 1] if token.i > 0 else None
        return before is None or before.like_num
    return token.lower_ in SPLIT_WORDS


def _read(
    span: Span, state: DocState, ctx: Context, depth: int = 0
) -> tuple[list[TimeMention], Context]:
    """Mentions in `span`: the whole span if it normalises, else its parts, split first at words
    foreign to time expressions, then at the words joining two expressions ("between 1994 and
    1997": TimeBank marks each part as its own expression)."""
    whole = _mention(span, state, ctx, fallback=depth == 0)
    if whole is not None:
        return [whole[0]], whole[1]
    if depth > 1:
        return [], ctx
    parts = _split(span, _foreign) if depth == 0 else []
    if not parts:
        parts = _split(span, _joins)
        depth = 1
    out: list[TimeMention] = []
    for part in parts:
        found, ctx = _read(part, state, ctx, depth + 1)
        out.extend(found)
    return out, ctx


def _adjacent(first: Span, second: Span) -> bool:
    """A time of day and the day it falls on, written as two entities ("5 p.m. EST Nov. 9",
    "mid-afternoon yesterday"): one TIME and one DATE, apart by nothing or a comma."""
    gap = first.doc[first.end : second.start]
    if len(gap) > 1 or (len(gap) == 1 and gap[0].text != ","):
        return False
    if first[-1].lower_ == "of":
        return False  # "the night of Oct. 23": TimeBank marks the day alone
    return {first.label_, second.label_} == {"TIME", "DATE"}


def _clock_on_day(found: list[TimeMention]) -> bool:
    """One mention of a time of day on a known day (`1989-11-09T17:00`)."""
    return len(found) == 1 and bool(CLOCK_ON_DAY.fullmatch(found[0].value or ""))


def _grouped(spans: list[Span]) -> Iterable[list[Span]]:
    """The candidates to read, in text order: a TIME entity and an adjacent DATE entity are
    one group, read as one expression if that gives a time of day on a day, else apart."""
    i = 0
    while i < len(spans):
        size = 2 if i + 1 < len(spans) and _adjacent(spans[i], spans[i + 1]) else 1
        yield spans[i : i + size]
        i += size


def find_times(
    doc: Doc, state: DocState, matcher: Finder, *, keep_unnormalised: bool
) -> Iterable[TimeMention]:
    """Every temporal expression in `doc`, normalised against the state's publication date and
    the times mentioned before it."""
    ctx = Context()
    covered = 0  # the token up to which an earlier span, once extended, reaches
    for group in _grouped(_candidates(doc, matcher)):
        if len(group) == 2:
            whole = doc[group[0].start : group[1].end]
            found, after = _read(whole, state, ctx)
            if _clock_on_day(found):
                ctx, covered = after, whole.end
                yield from found
                continue
        for raw in group:
            span = _trim(raw)
            if span is None or span.start < covered or _is_age(span):
                continue
            span = _extend(span)
            found, ctx = _read(span, state, ctx)
            if found:
                covered = span.end
                yield from found
            elif keep_unnormalised:
                yield TimeMention(text=span.text, start=span.start_char, end=span.end_char)


@register_stage(
    "times.rules.v1",
    requires=["doc"],
    assigns=["times"],
    default_config={"keep_unnormalised": False},
)
def make_stage(nlp: Language, config: Mapping[str, Any]) -> Stage:
    """Build the times stage. `keep_unnormalised`: keep DATE/TIME entities the normaliser cannot
    read, with a null value (more recall, lower precision)."""
    matcher = _matcher(nlp)
    keep = bool(config.get("keep_unnormalised", False))

    def run(state: DocState) -> None:
        state.times.extend(find_times(state.doc, state, matcher, keep_unnormalised=keep))

    return run
