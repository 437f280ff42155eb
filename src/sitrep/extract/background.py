"""Background and habit: clauses that state a history or a custom rather than report an event.

News reports end with context: "The PKK has fought the Turkish state since 1984", "Armed groups
have killed thousands of people this year", "Bandit groups frequently target rural communities".
Coded as events they duplicate or invent incidents with the report's date. A trigger is
background when its clause is in the present simple or present perfect (a past tense narrates)
and says how long or how often:

- HISTORY, dropped by the events stage (a history coded with the report's date is wrong at any
  confidence): "since" with a date or a clause ("since 1984", "since January", "since the army
  seized power"); a duration in one of the lexicon's `background_units` ("for more than 15
  years", "for years"); an adverb of habit from `habitual_adverbs` ("often attacks",
  "frequently target"); or a span running up to now together with a round, unspecific object
  from `generic_quantities` ("have killed thousands of people this year");
- SPAN, kept with less confidence: a span running up to now alone ("have fired across the line
  in recent months", "has denounced 49 detentions so far this year"): often a tally or a trend
  of real, recent incidents. A short span ("in the past week") or a point ("a month after") is
  no cue at all.

An event noun is judged by the verb whose clause it sits in ("has seen several attacks since
January"). The words are data (triggers.yaml).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .triggers import Lexicon

if TYPE_CHECKING:
    from spacy.tokens import Token

PRESENT_TAGS = frozenset({"VBZ", "VBP"})
DURATION_PREPS = frozenset({"for", "during", "throughout"})
SPAN_PREPS = frozenset({"in", "over", "within"})
SPAN_MODIFIERS = frozenset({"this", "past", "last", "recent"})
HISTORY = "history"
SPAN = "span"
MAX_HOPS = 3


def clause_verb(token: Token) -> Token | None:
    """The verb whose clause `token` belongs to: itself if a verb, else the nearest verb above
    it through noun-phrase and prepositional links."""
    tok = token
    for _ in range(MAX_HOPS):
        if tok.pos_ in ("VERB", "AUX"):
            return tok
        if tok.dep_ not in ("dobj", "nsubj", "nsubjpass", "pobj", "prep", "attr", "conj"):
            return None
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return tok if tok.pos_ in ("VERB", "AUX") else None


def _conj_chain(verb: Token) -> list[Token]:
    """The verb and the verbs whose tense it shares: those it is coordinated under ("have killed
    and kidnapped") or, as a participle clause without subject, hangs from ("often demanding")."""
    out = [verb]
    while len(out) < 4:
        last = out[-1]
        if last.head.i == last.i or last.head.pos_ not in ("VERB", "AUX"):
            break
        participle = (
            last.dep_ == "advcl"
            and last.tag_ in ("VBG", "VBN")
            and not any(
                t.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "mark") for t in last.children
            )
        )
        if last.dep_ != "conj" and not participle:
            break
        out.append(last.head)
    return out


def _present(chain: list[Token]) -> bool:
    """Present simple ("attacks") or present perfect ("has fought", "have been fighting")."""
    if chain[0].tag_ in PRESENT_TAGS:
        return True
    for verb in chain:
        auxes = [t for t in verb.children if t.dep_ in ("aux", "auxpass")]
        if auxes:
            return any(t.lemma_.lower() == "have" and t.tag_ in PRESENT_TAGS for t in auxes)
    return False


def _is_span(phrase: Token, lex: Lexicon, *, duration: bool) -> bool:
    """Whether the phrase names a stretch of time in `background_units`: any with a duration
    preposition ("for a year", "for more than 15 years"), else only a plural or one marked as
    running up to now ("in recent years", "this year"), not a point ("just over a month after")."""
    for w in phrase.subtree:
        if w.lemma_.lower() not in lex.background_units:
            continue
        if duration or w.tag_ == "NNS":
            return True
        if any(_lemma(m) in SPAN_MODIFIERS for m in w.children):
            return True
    return False


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _cue(verb: Token, lex: Lexicon, *, own: bool) -> str | None:
    """HISTORY for "since ..." or "for <span>" or (on the verb itself) an adverb of habit; SPAN
    for a span of time that runs up to now ("in recent years", "this year"); else None."""
    found: str | None = None
    for t in verb.children:
        low = t.lower_
        if own and t.dep_ == "advmod" and low in lex.habitual_adverbs:
            return HISTORY
        if low == "since" and t.dep_ == "prep" and any(c.dep_ == "pobj" for c in t.children):
            return HISTORY
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "since" for c in t.children):
            return HISTORY
        if t.dep_ == "prep" and low in DURATION_PREPS and _is_span(t, lex, duration=True):
            return HISTORY
        spans = (t.dep_ == "prep" and low in SPAN_PREPS) or t.dep_ == "npadvmod"
        if spans and _is_span(t, lex, duration=False):
            found = SPAN
    return found


def _generic_object(verb: Token, lex: Lexicon) -> bool:
    """ "Have killed thousands of people": a round, unspecific quantity as object."""
    for t in verb.children:
        if t.dep_ not in ("dobj", "nsubjpass"):
            continue
        if t.lower_ in lex.generic_quantities:
            return True
        if any(m.lower_ in lex.generic_quantities for m in t.children if m.dep_ != "prep"):
            return True
    return False


def background(token: Token, lex: Lexicon) -> str | None:
    """HISTORY when the trigger `token` (a verb or an event noun) states a history or a habit
    (the events stage drops it), SPAN when it only sums up a recent stretch of time (kept, with
    less confidence), None for an ordinary report."""
    verb = clause_verb(token)
    if verb is None:
        return None
    chain = _conj_chain(verb)
    if not _present(chain):
        return None
    # "have killed and kidnapped thousands in recent years": a span on a later conjunct
    # qualifies the whole coordination
    conjuncts = [t for v in chain for t in v.children if t.dep_ == "conj" and t.i != verb.i]
    verbs = [*chain, *(c for c in conjuncts if c.pos_ in ("VERB", "AUX"))]
    cues = {_cue(v, lex, own=v.i == verb.i) for v in verbs}
    if HISTORY in cues:
        return HISTORY
    if SPAN in cues:
        return HISTORY if any(_generic_object(v, lex) for v in verbs) else SPAN
    return None
