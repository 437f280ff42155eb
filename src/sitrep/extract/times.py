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

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from spacy.matcher import Matcher

from ..model import TimeMention
from ..pipeline import DocState, Stage, register_stage
from ..timex import Direction, normalise
from ..timex.lexicon import standalone_phrases
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


def _matcher(nlp: Language) -> Matcher:
    matcher = Matcher(nlp.vocab)
    for words, pos in standalone_phrases():
        pattern: list[dict[str, Any]] = [{"LOWER": w} for w in words]
        if pos != "*":
            pattern[-1]["POS"] = pos
        matcher.add("STANDALONE", [pattern])
    return matcher


def _trim(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].pos_ in LEADING_TRIM_POS and doc[start].lower_ not in {"between"}
    ):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end] if end > start else None


def _is_age(span: Span) -> bool:
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    return span.text.lower().endswith("-old") or (after is not None and after.lower_ == "old")


def _candidates(doc: Doc, matcher: Matcher) -> list[Span]:
    """Entity spans, then Matcher spans that overlap none of them, in text order."""
    spans = [e for e in doc.ents if e.label_ in ENTITY_LABELS]
    taken = {i for s in spans for i in range(s.start, s.end)}
    for _, start, end in sorted(matcher(doc), key=lambda m: (m[1], -m[2])):
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


def _mention(span: Span, state: DocState) -> TimeMention | None:
    direction = clause_direction(span.root)
    found = normalise(span.text, state.published, direction)
    if found is None:
        return None
    return TimeMention(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        value=found.value,
        precision=found.precision,
        start_date=found.start.isoformat() if found.start else None,
        end_date=found.end.isoformat() if found.end else None,
    )


def _pieces(span: Span) -> list[Span]:
    """The parts of a span joined by "and", "or", "to" or commas ("between 1994 and 1997"):
    TimeBank marks each part as its own expression."""
    cuts = [t.i for t in span if t.lower_ in SPLIT_WORDS]
    if not cuts:
        return []
    out, start = [], span.start
    for cut in [*cuts, span.end]:
        if cut > start:
            part = _trim(span.doc[start:cut])
            if part is not None:
                out.append(part)
        start = cut + 1
    return out


def find_times(
    doc: Doc, state: DocState, matcher: Matcher, *, keep_unnormalised: bool
) -> Iterable[TimeMention]:
    """Every temporal expression in `doc`, normalised against the state's publication date."""
    for raw in _candidates(doc, matcher):
        span = _trim(raw)
        if span is None or _is_age(span):
            continue
        mention = _mention(span, state)
        if mention is None:
            parts = [m for m in map(lambda p: _mention(p, state), _pieces(span)) if m is not None]
            if parts:
                yield from parts
                continue
        if mention is None and keep_unnormalised:
            mention = TimeMention(text=span.text, start=span.start_char, end=span.end_char)
        if mention is not None:
            yield mention


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
