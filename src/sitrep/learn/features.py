"""Sparse string features of an event: its trigger word, the trigger's neighbourhood in the parse,
the words of its sentence, negation and modality cues, and the entity types of its arguments.

The same function serves training and the pipeline stage, so a model sees at run time exactly
the features it was trained on. Features are strings ("t=attack", "tc:dobj=embassy"); the model's
vocabulary maps the ones seen often enough in training to columns.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

MODAL_LEMMAS = frozenset({"will", "would", "could", "may", "might", "should", "must", "can"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "pobj", "dative", "attr", "oprd"})
CONTENT_POS = frozenset({"VERB", "NOUN", "ADJ", "ADV", "PROPN", "NUM", "ADP", "PART"})
_WORD = re.compile(r"^[a-z][a-z\-']*$")
# Dependents that open a clause of their own: their words describe another event.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "conj", "parataxis", "acl"})


def _lemma(tok: Token) -> str:
    lemma = tok.lemma_.lower()
    if tok.pos_ == "PROPN" or tok.ent_type_:
        return f"<{tok.ent_type_ or 'PROPN'}>"
    if tok.like_num:
        return "<NUM>"
    return lemma


def trigger_at(doc: Doc, start: int, end: int) -> Token | None:
    """The syntactic head of the tokens covering characters [start, end), if any."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def sentence_root(sent: Span) -> Token:
    """The sentence's root, or its first verb when the root is not one."""
    root = sent.root
    if root.pos_ in ("VERB", "AUX"):
        return root
    return next((t for t in sent if t.pos_ == "VERB"), root)


def _argument_types(tok: Token, deps: frozenset[str]) -> Iterable[str]:
    for child in tok.children:
        if child.dep_ in deps or (child.dep_ == "prep" and "pobj" in deps):
            phrase = (
                child
                if child.dep_ != "prep"
                else next((c for c in child.children if c.dep_ == "pobj"), None)
            )
            if phrase is None:
                continue
            ents = {t.ent_type_ for t in phrase.subtree if t.ent_type_}
            yield from (ents or {phrase.pos_})


def trigger_features(trig: Token) -> list[str]:
    """Features of the trigger word and its neighbourhood in the dependency parse."""
    lemma = trig.lemma_.lower()
    out = [f"t={lemma}", f"tp={trig.pos_}", f"tdep={trig.dep_}"]
    head = trig.head
    if head is not trig:
        out.append(f"th={head.lemma_.lower()}")
        out.append(f"thd={trig.dep_}:{head.lemma_.lower()}")
    for child in trig.children:
        dep, clemma = child.dep_, child.lemma_.lower()
        if dep == "punct":
            continue
        out.append(f"tc:{dep}={_lemma(child)}")
        out.append(f"tcl={lemma}|{_lemma(child)}")
        if dep in ("neg",):
            out.append("neg")
        if dep in ("aux", "auxpass") and clemma in MODAL_LEMMAS:
            out.append(f"modal={clemma}")
        if dep == "prep":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    out.append(f"tpp={clemma}:{_lemma(pobj)}")
                    out.append(f"tlp={lemma}|{clemma}:{_lemma(pobj)}")
        if dep == "xcomp":
            for sub in child.children:
                if sub.dep_ in ("dobj", "prt"):
                    out.append(f"tx={child.lemma_.lower()}|{_lemma(sub)}")
        if dep == "prt":
            out.append(f"tprt={lemma}|{clemma}")
    doc = trig.doc
    for off in (-2, -1, 1, 2):
        i = trig.i + off
        if 0 <= i < len(doc) and doc[i].sent == trig.sent:
            out.append(f"w{off}={_lemma(doc[i])}")
    for label in _argument_types(trig, SUBJECT_DEPS):
        out.append(f"subj={label}")
    for label in _argument_types(trig, OBJECT_DEPS):
        out.append(f"obj={label}")
    if trig.dep_ == "xcomp" or trig.dep_ == "ccomp":
        out.append(f"gov={head.lemma_.lower()}|{lemma}")
    return out


def sentence_features(sent: Span | Sequence[Token]) -> list[str]:
    """Lemma unigrams and bigrams of the sentence's content words, and cue words."""
    words = [_lemma(t) for t in sent if t.pos_ in CONTENT_POS and not t.is_punct and not t.is_space]
    words = [w for w in words if w.startswith("<") or _WORD.match(w)]
    out = [f"s={w}" for w in words]
    out.extend(f"b={a}_{b}" for a, b in itertools.pairwise(words))
    for t in sent:
        if t.dep_ == "neg":
            out.append("s_neg")
    return out


def rule_features(rule_label: str | None, rule_quad: int | None, confidence: float) -> list[str]:
    """What the rules said about the event (stacking): their type, its quad class and how sure
    they were. `rule_label` is None where the rules found no event on this trigger."""
    if rule_label is None:
        return ["r=<none>"]
    band = "hi" if confidence >= 0.8 else ("mid" if confidence >= 0.6 else "lo")
    return [f"r={rule_label}", f"rq={rule_quad}", f"rc={band}", f"rcl={rule_label}|{band}"]


def clause_tokens(trig: Token) -> list[Token]:
    """The words of the trigger's own clause: the subtree of its nearest verb (itself, or an
    ancestor), less the dependent clauses that do not contain the trigger. News sentences hold
    several events; the short training sentences mostly one, where this is the whole sentence."""
    head = trig
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    if head.pos_ not in ("VERB", "AUX"):
        return list(trig.sent)
    keep: list[Token] = []
    stack = [head]
    while stack:
        tok = stack.pop()
        keep.append(tok)
        for child in tok.children:
            inside = child.left_edge.i <= trig.i <= child.right_edge.i
            if child.dep_ not in CLAUSE_DEPS or inside or child.i == trig.i:
                stack.append(child)
    return sorted(keep, key=lambda t: t.i)


def event_features(
    sent: Span, trigger: Token | None, rule: Sequence[str] = ("r=<none>",)
) -> list[str]:
    """All features of an event: its trigger's (if known), its sentence's and the rules' view
    (`rule_features`), deduplicated."""
    feats = sentence_features(clause_tokens(trigger) if trigger is not None else sent)
    if trigger is not None:
        feats.extend(trigger_features(trigger))
    else:
        feats.append("t=<none>")
    feats.extend(rule)
    return list(dict.fromkeys(feats))
