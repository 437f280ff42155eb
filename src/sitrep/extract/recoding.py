"""Recoding a trigger by the construction around it, the way CAMEO coders read a sentence.

The lexicon says what a word means; the clause can turn it into another event:

- refused or negated cooperation is a rejection (CAMEO 12): "will not lift the ban",
  "failed to reach an agreement", "declined to resign". The rejection's trigger then covers the
  negation or the refusing verb as well ("not lift", "failed to reach"), so the factuality
  stage reads it as the asserted refusal it is, not as a negated concession;
- announced future cooperation is intent to cooperate (CAMEO 03, PLOVER AGREE): "will meet",
  "said it would free the prisoners", "plans to visit"; announced future conflict is a threat
  (CAMEO 13): "said they will boycott the talks";
- a word in the trigger's own clause can move an event to a sibling type (`recodes` in the
  lexicon: troops sent to a peacekeeping mission are aid, CAMEO 074).

Rules are data (`refused_types`, `refusal_governors`, `intent_types`, `intent_auxiliaries`,
`intent_governors`, `threat_types`, `recodes` in triggers.yaml); this module only walks the parse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .triggers import Coding, Lexicon

if TYPE_CHECKING:
    from spacy.tokens import Token

REJECTION = Coding("REJECT", None, "12")
INTENT = Coding("AGREE", None, "03")
THREAT = Coding("THREATEN", None, "13")
# Links along which a governing verb's negation, refusal or intention reaches the trigger:
# complements only. A reported clause (ccomp) keeps its own polarity ("said it will not ...").
GOVERNING_DEPS = frozenset({"xcomp", "dobj", "pobj", "prep", "pcomp", "acomp", "advcl"})
NEGATORS = frozenset({"not", "n't", "never", "no"})
MAX_HOPS = 3


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _negator(tok: Token) -> Token | None:
    return next(
        (t for t in tok.children if t.dep_ == "neg" or (t.dep_ == "det" and t.lower_ == "no")),
        None,
    )


def _is_purpose(tok: Token) -> bool:
    return any(t.dep_ == "aux" and t.lower_ == "to" for t in tok.children)


def _governors(trigger: Token) -> list[Token]:
    """The trigger and the verbs above it along complement links, nearest first."""
    out = [trigger]
    tok = trigger
    for _ in range(MAX_HOPS):
        if tok.dep_ not in GOVERNING_DEPS or tok.head is tok:
            break
        if tok.dep_ == "advcl" and not _is_purpose(tok):
            break  # only a purpose clause ("went to Moscow to meet") shares the governor's stance
        tok = tok.head
        out.append(tok)
    return out


def refusal(trigger: Token, lex: Lexicon) -> Token | None:
    """The word that negates or refuses the event `trigger` names ("not", "failed"), if any."""
    for tok in _governors(trigger):
        neg = _negator(tok)
        if neg is not None:
            return neg
        if tok is not trigger and _lemma(tok) in lex.refusal_governors:
            return tok
    return None


def intended(trigger: Token, lex: Lexicon, *, governors: bool = True) -> bool:
    """True when the event is announced for the future: "will meet", "plans to visit" (the
    latter only with `governors`)."""
    chain = _governors(trigger)
    if any(t.dep_ == "aux" and t.lower_ in lex.intent_auxiliaries for t in trigger.children):
        return True
    if not governors or len(chain) < 2:
        return False
    # only the nearest governor counts: a verb of wish or speech in between ("would like to
    # send") leaves the event a plan that the factuality stage marks future
    above = chain[1]
    if _lemma(above) == "go":
        return above.tag_ == "VBG"  # "is going to release", not "went to Moscow to meet"
    return _lemma(above) in lex.intent_governors


def _clause_lemmas(heads: list[Token]) -> set[str]:
    out: set[str] = set()
    for head in heads:
        out.update(_lemma(t) for t in head.subtree)
    return out


def recoded(
    coding: Coding, trigger: Token, heads: list[Token], lex: Lexicon
) -> tuple[Coding, Token | None]:
    """The coding the construction gives the trigger, and the refusing word when it is a
    rejection (None otherwise). `heads` are the trigger's words (verb, event noun, folded)."""
    if coding.type in lex.refused_types:
        word = refusal(trigger, lex)
        if word is not None:
            return REJECTION, word
    if coding.type in lex.intent_types and intended(trigger, lex):
        return INTENT, None
    if coding.type in lex.threat_types and intended(trigger, lex, governors=False):
        return THREAT, None
    if lex.recodes:
        lemmas: set[str] | None = None
        for rule in lex.recodes:
            if rule.type != coding.type:
                continue
            lemmas = lemmas if lemmas is not None else _clause_lemmas(heads)
            if any(w in lemmas for w in rule.words):
                return rule.coding, None
    return coding, None
