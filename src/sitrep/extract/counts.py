"""The counts stage: how many were killed, injured, arrested, displaced, deployed or protesting.

Numbers are read from the parse around each event's trigger: the number modifying the object
of "killed" ("killed six soldiers"), the passive subject of "were injured" ("at least nine people
were injured"), a bare number object ("killed 12"), or the nouns of a deployment ("2,000 US
troops") or of a protest crowd. Cue words live in `sitrep/data/events/counts.yaml`; number
phrases are parsed by `numbers.parse_number` (vague quantities give no count).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError, Messages
from ..model import COUNT_KEYS, Event
from ..ontology import EVENT_TYPES, LineDict, load_yaml_lines, packaged_path
from ..pipeline import DocState, Stage, register_stage
from .numbers import parse_number

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Dependency labels of the noun a casualty word counts: its object, its passive subject, or
# (for "dead", "wounded") the noun it describes.
COUNTED_DEPS = frozenset({"dobj", "nsubjpass", "nsubj", "attr", "oprd", "pobj"})
NUMBER_DEPS = frozenset({"nummod", "quantmod"})


@dataclass(frozen=True)
class CountCues:
    """Which lemmas say what a number counts."""

    casualties: Mapping[str, str]  # lemma -> count key
    troop_nouns: frozenset[str]
    troop_types: frozenset[str]
    participant_nouns: frozenset[str]
    participant_types: frozenset[str]


def _words(data: LineDict, key: str, path: Path | str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(
            Messages.E006, path=path, line=data.line_of(key), problem=f"{key} must be a list"
        )
    return [v.lower() for v in value]


def parse_cues(data: LineDict, path: Path | str, *, partial: bool = False) -> CountCues:
    """Check a parsed counts.yaml; E006 with the line on any problem. With `partial` (a user's
    file that extends the packaged one) every section is optional."""
    casualties: dict[str, str] = {}
    table = data.get("casualties")
    if table is None and partial:
        table = LineDict()
    if not isinstance(table, LineDict):
        raise ConfigError(Messages.E006, path=path, line=1, problem="'casualties' is missing")
    for key in table:
        if key not in COUNT_KEYS:
            problem = f"{key!r} is not a count key ({', '.join(COUNT_KEYS)})"
            raise ConfigError(Messages.E006, path=path, line=table.line_of(key), problem=problem)
        for lemma in _words(table, key, path):
            casualties[lemma] = str(key)
    groups = []
    for name in ("troops", "participants"):
        group = data.get(name)
        if group is None and partial:
            group = LineDict()
        if not isinstance(group, LineDict):
            raise ConfigError(Messages.E006, path=path, line=1, problem=f"'{name}' is missing")
        types = _words(group, "types", path)
        bad = [t for t in types if t.upper() not in EVENT_TYPES]
        if bad:
            problem = f"unknown event types {bad}"
            raise ConfigError(
                Messages.E006, path=path, line=group.line_of("types"), problem=problem
            )
        groups.append(
            (frozenset(_words(group, "nouns", path)), frozenset(t.upper() for t in types))
        )
    return CountCues(casualties, groups[0][0], groups[0][1], groups[1][0], groups[1][1])


def load_cues(extra: Sequence[str] = ()) -> CountCues:
    """The packaged count cues extended by the user files `extra` (later files win), checked;
    cached."""
    return _load_cues(tuple(extra))


@functools.lru_cache(maxsize=8)
def _load_cues(extra: tuple[str, ...]) -> CountCues:
    path = packaged_path("counts.yaml")
    cues = parse_cues(load_yaml_lines(path), path)
    for name in extra:
        if not Path(name).is_file():
            raise ConfigError(Messages.E323, path=name)
        more = parse_cues(load_yaml_lines(name), name, partial=True)
        cues = CountCues(
            casualties={**cues.casualties, **more.casualties},
            troop_nouns=cues.troop_nouns | more.troop_nouns,
            troop_types=cues.troop_types | more.troop_types,
            participant_nouns=cues.participant_nouns | more.participant_nouns,
            participant_types=cues.participant_types | more.participant_types,
        )
    return cues


def number_of(noun: Token) -> int | None:
    """The exact number modifying `noun` ("2,000 US troops", "at least nine people"), if any."""
    if noun.like_num:
        return parse_number(_phrase(noun))
    for mod in noun.children:
        if mod.dep_ in NUMBER_DEPS or (mod.dep_ == "amod" and mod.like_num):
            return parse_number(_phrase(mod))
        if mod.dep_ == "det" and mod.lower_ in ("a", "an") and _lemma(noun) == "dozen":
            return 12
    return None


def _phrase(tok: Token) -> str:
    return " ".join(t.text for t in sorted(tok.subtree, key=lambda t: t.i))


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _counted_nouns(cue: Token) -> list[Token]:
    """The nouns a casualty word counts: its arguments, or the noun it modifies."""
    out = [t for t in cue.children if t.dep_ in COUNTED_DEPS and t.dep_ != "nsubj"]
    if cue.pos_ in ("ADJ", "NOUN") or cue.dep_ in ("amod", "acomp", "oprd"):
        out.append(cue)  # "six dead", "9 deaths"
        if cue.dep_ in ("amod", "oprd", "acomp", "advcl"):
            out.append(cue.head)  # "five people dead", "left five dead"
        for prep in cue.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                out.extend(t for t in prep.children if t.dep_ == "pobj")  # "the death of 3"
        if cue.head.pos_ == "AUX" or cue.dep_ == "acomp":
            out.extend(t for t in cue.head.children if t.dep_ == "nsubj")  # "nine were hurt"
    if cue.pos_ == "VERB" and any(t.dep_ == "auxpass" for t in cue.children):
        out.extend(t for t in cue.children if t.dep_ == "nsubj")
    return out


def _clause_verb(trigger: Token) -> Token | None:
    """For an event noun in a prepositional phrase ("in the attack"), the verb it hangs from."""
    if trigger.pos_ not in ("NOUN", "PROPN") or trigger.dep_ != "pobj":
        return None
    verb = trigger.head.head
    return verb if verb.pos_ == "VERB" and trigger.head.dep_ == "prep" else None


def event_counts(event: Event, doc: Doc, cues: CountCues) -> dict[str, int]:
    """The counts the parse around `event`'s trigger states; empty when it states none."""
    span = doc.char_span(event.evidence.trigger.start, event.evidence.trigger.end)
    if span is None:
        return {}
    trigger = span[0]
    sent = trigger.sent
    # The trigger's own clause, and a governing casualty verb for noun triggers ("an attack
    # killed six": the folded verb is the event's head).
    region = [t for t in trigger.subtree if sent.start <= t.i < sent.end]
    if trigger.head is not trigger and _lemma(trigger.head) in cues.casualties:
        region.append(trigger.head)
    clause = _clause_verb(trigger)
    if clause is not None and _lemma(clause) in cues.casualties:
        # "In the attack, nine people were killed": the casualty verb the event noun's phrase
        # hangs from counts for it
        seen = {t.i for t in region}
        region.extend(t for t in clause.subtree if t.i not in seen and sent.start <= t.i < sent.end)
    counts: dict[str, int] = {}
    for tok in region:
        key = cues.casualties.get(_lemma(tok))
        if key is None or key in counts:
            continue
        for noun in _counted_nouns(tok):
            value = number_of(noun)
            if value is not None:
                counts[key] = value
                break
    for nouns, types, key in (
        (cues.troop_nouns, cues.troop_types, "troops"),
        (cues.participant_nouns, cues.participant_types, "participants"),
    ):
        if event.type not in types or key in counts:
            continue
        people = [t for t in region if _lemma(t) in nouns]
        people += [t for t in trigger.children if t.dep_ == "nsubj" and _lemma(t) in nouns]
        for noun in people:
            value = number_of(noun)
            if value is not None:
                counts[key] = value
                break
    return counts


@register_stage(
    "counts.rules.v1",
    requires=["events"],
    assigns=["events.counts"],
    default_config={"cues": []},
)
def make_stage(nlp: Any, config: Mapping[str, Any]) -> Stage:
    """Build the counts stage: fills `Event.counts` from the parse around each trigger; `cues`
    names extra cue files (counts.yaml format, any subset of its sections)."""
    cues = load_cues([str(p) for p in config.get("cues", [])])

    def run(state: DocState) -> None:
        state.events[:] = [
            dataclasses.replace(e, counts={**e.counts, **event_counts(e, state.doc, cues)})
            for e in state.events
        ]

    return run
