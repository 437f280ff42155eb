"""The times stage (`times.rules.v1`): find temporal expressions and normalise them.

Recognition: the model's DATE and TIME entities, plus a Matcher for what the small model misses
(single-word expressions such as "now", "recently", "daily", and "recent months"), with the
words built from the time lexicon (data/times/lexicon.tsv). Spans are trimmed of leading
prepositions and trailing possessives; ages ("53-year-old", "40 years old") are dropped.
Normalisation is `sitrep.timex.normalise`, with the direction (past or future) taken from the
tense of the clause the expression sits in. Importing this module also registers
`event_times.parse.v1` (extract/event_times.py).
"""

from __future__ import annotations

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
HOLIDAY_SHIFTS = frozenset({"last", "next", "this"})


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
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end] if end > start else None


def _is_age(span: Span) -> bool:
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    if span.text.lower().endswith("-old") or span[-1].lower_ == "old":
        return True
    return after is not None and after.lower_ == "old"


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
            # Friday") may point either way from its governing verb: take the nearest.
            if current.tag_ == "VB" and any(a.tag_ == "TO" for a in aux):
                return None
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


def find_times(
    doc: Doc, state: DocState, matcher: Finder, *, keep_unnormalised: bool
) -> Iterable[TimeMention]:
    """Every temporal expression in `doc`, normalised against the state's publication date and
    the times mentioned before it."""
    ctx = Context()
    for raw in _candidates(doc, matcher):
        span = _trim(raw)
        if span is None or _is_age(span):
            continue
        span = _extend(span)
        found, ctx = _read(span, state, ctx)
        if found:
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
