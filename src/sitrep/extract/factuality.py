"""The factuality stage: did the event happen (asserted), not happen (negated), might it
(hypothetical), or is it planned or announced (future)?

Read from the parse: the trigger and the verbs that govern it through complements ("plans to
attack", "denied attacking", "were plotting for bomb attacks") are checked for negation,
modal and future auxiliaries, conditional subordinators and verbs of intention. Cue words live
in `sitrep/data/events/factuality.yaml`. Priority when cues conflict: negated > hypothetical >
future > asserted.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError, Messages
from ..model import Event, Factuality
from ..ontology import LineDict, load_yaml_lines, packaged_path
from ..pipeline import DocState, Stage, register_stage

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

CUE_KEYS = (
    "negators",
    "negating_governors",
    "future_auxiliaries",
    "future_governors",
    "hypothetical_auxiliaries",
    "hypothetical_marks",
    "hypothetical_governors",
    "hedges",
    "hedging_governors",
)
# Keys a packaged file must have; user files (`[stages.factuality] cues`) may give any subset.
OPTIONAL_KEYS = frozenset({"hedges", "hedging_governors"})
# A hedging verb casts doubt only on a clause it reports ("claimed that the army shelled"),
# not on its object ("claimed responsibility for the attack" asserts the attack).
CLAUSAL_DEPS = frozenset({"ccomp", "xcomp"})
# Links along which a governing word's cues reach the trigger: complements and the noun/verb
# a nominal trigger is the object or subject of. Adverbial clauses and coordination are
# separate assertions and stop the climb.
GOVERNING_DEPS = frozenset(
    {"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "nsubj", "nsubjpass", "acomp"}
)
MAX_HOPS = 4
RANK: dict[Factuality, int] = {"asserted": 0, "future": 1, "hypothetical": 2, "negated": 3}


@dataclass(frozen=True)
class FactualityCues:
    """The cue word sets, by role (see factuality.yaml)."""

    words: Mapping[str, frozenset[str]]

    def has(self, key: str, word: str) -> bool:
        return word in self.words[key]


def parse_cues(data: LineDict, path: Path | str, *, partial: bool = False) -> FactualityCues:
    """Check a parsed factuality.yaml; E006 with the line on any problem. With `partial` (a
    user's file that extends the packaged one) every key is optional."""
    words: dict[str, frozenset[str]] = {}
    for key in CUE_KEYS:
        value = data.get(key)
        if value is None and (partial or key in OPTIONAL_KEYS):
            words[key] = frozenset()
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            line = data.line_of(key)
            raise ConfigError(Messages.E006, path=path, line=line, problem=f"{key} must be a list")
        words[key] = frozenset(v.lower() for v in value)
    for key in data:
        if key not in CUE_KEYS:
            problem = f"unknown key {key!r} ({', '.join(CUE_KEYS)})"
            raise ConfigError(Messages.E006, path=path, line=data.line_of(key), problem=problem)
    return FactualityCues(words)


def load_cues(extra: Sequence[str] = ()) -> FactualityCues:
    """The packaged factuality cues extended by the user files `extra`, checked; cached."""
    return _load_cues(tuple(extra))


@functools.lru_cache(maxsize=8)
def _load_cues(extra: tuple[str, ...]) -> FactualityCues:
    path = packaged_path("factuality.yaml")
    cues = parse_cues(load_yaml_lines(path), path)
    for name in extra:
        if not Path(name).is_file():
            raise ConfigError(Messages.E322, path=name)
        more = parse_cues(load_yaml_lines(name), name, partial=True)
        cues = FactualityCues({k: cues.words[k] | more.words[k] for k in CUE_KEYS})
    return cues


def _own_cues(tok: Token, cues: FactualityCues) -> Factuality:
    """What the words attached to `tok` itself say."""
    found: Factuality = "asserted"
    for t in tok.children:
        word = t.lower_
        if t.dep_ == "neg" or (t.dep_ == "det" and cues.has("negators", word)):
            return "negated"
        if t.dep_ in ("aux", "auxpass"):
            if cues.has("hypothetical_auxiliaries", word):
                found = _stronger(found, "hypothetical")
            elif cues.has("future_auxiliaries", word) or _going_to(tok):
                found = _stronger(found, "future")
        if t.dep_ == "mark" and cues.has("hypothetical_marks", word):
            found = _stronger(found, "hypothetical")
        if t.dep_ == "advmod" and cues.has("hedges", word):
            found = _stronger(found, "hypothetical")  # "reportedly shelled"
    return found


def _going_to(tok: Token) -> bool:
    # "is going to attack": the auxiliary sits on "going", the event on its complement
    return tok.lemma_ == "go" and tok.tag_ == "VBG" and any(t.dep_ == "xcomp" for t in tok.children)


def _stronger(a: Factuality, b: Factuality) -> Factuality:
    return a if RANK[a] >= RANK[b] else b


def trigger_factuality(trigger: Token, cues: FactualityCues) -> Factuality:
    """The factuality of the event `trigger` names, from it and the words governing it."""
    found = _own_cues(trigger, cues)
    tok = trigger
    for _ in range(MAX_HOPS):
        if tok.dep_ not in GOVERNING_DEPS or tok.head is tok:
            break
        via, tok = tok.dep_, tok.head
        lemma = tok.lemma_.lower()
        if cues.has("negating_governors", lemma):
            found = _stronger(found, "negated")
        elif cues.has("hypothetical_governors", lemma) or (
            via in CLAUSAL_DEPS and cues.has("hedging_governors", lemma)
        ):
            found = _stronger(found, "hypothetical")
        elif cues.has("future_governors", lemma) and via in (
            "xcomp",
            "pobj",
            "prep",
            "pcomp",
            "dobj",
        ):
            found = _stronger(found, "future")
        if via != "ccomp":
            # a reporting verb's own tense or negation says nothing about what it reports
            found = _stronger(found, _own_cues(tok, cues))
        elif tok.pos_ in ("VERB", "AUX"):
            break
    return found


def event_factuality(event: Event, doc: Doc, cues: FactualityCues) -> Factuality:
    span = doc.char_span(event.evidence.trigger.start, event.evidence.trigger.end)
    if span is None:
        return event.factuality
    return trigger_factuality(span[0], cues)


@register_stage(
    "factuality.rules.v1",
    requires=["events"],
    assigns=["events.factuality"],
    default_config={"cues": []},
)
def make_stage(nlp: Any, config: Mapping[str, Any]) -> Stage:
    """Build the factuality stage: sets `Event.factuality` from the parse around each trigger;
    `cues` names extra cue files (factuality.yaml format, any subset of its keys)."""
    cues = load_cues([str(p) for p in config.get("cues", [])])

    def run(state: DocState) -> None:
        state.events[:] = [
            dataclasses.replace(e, factuality=event_factuality(e, state.doc, cues))
            for e in state.events
        ]

    return run
