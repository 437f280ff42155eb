"""The trigger lexicon: which lemmas, in which syntactic role, code which PLOVER event.

Read from `sitrep/data/events/triggers.yaml` plus any user files with the same keys (later files
extend and override earlier ones), validated against the PLOVER ontology with the file and line
of every problem. Loaded on first use, never at import.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError, Messages
from ..ontology import (
    LineDict,
    Ontology,
    check_type_and_mode,
    load_ontology,
    load_yaml_lines,
    packaged_path,
)

_ENTRY = re.compile(r"^(?P<lemma>[^/@]+?)(?:/(?P<mode>[a-z-]+))?(?:@(?P<cameo>\d\d))?$")
_TYPE = re.compile(r"^(?P<lemma>[A-Z]+)(?:/(?P<mode>[a-z-]+))?(?:@(?P<cameo>\d\d))?$")


@dataclass(frozen=True, slots=True)
class Coding:
    """What a trigger codes: a PLOVER type, and optionally a mode and a CAMEO root."""

    type: str
    mode: str | None = None
    cameo_root: str | None = None


@dataclass(frozen=True, slots=True)
class Phrase:
    """A verb that codes differently with a given particle/preposition or object lemma."""

    verbs: frozenset[str]
    particles: frozenset[str]
    objects: frozenset[str]
    coding: Coding


@dataclass(frozen=True, slots=True)
class Recode:
    """Events of `type` whose trigger clause contains one of `words` code as `coding` instead
    ("sent troops to the peacekeeping mission" is aid, not a show of force)."""

    type: str
    words: frozenset[str]
    coding: Coding


@dataclass
class Lexicon:
    """Everything the events stage looks up. Lemmas are lower case."""

    verbs: dict[str, Coding] = field(default_factory=dict)
    nouns: dict[str, Coding] = field(default_factory=dict)
    weak_nouns: dict[str, Coding] = field(default_factory=dict)
    adjectives: dict[str, Coding] = field(default_factory=dict)
    governed_nouns: dict[str, tuple[frozenset[str], Coding]] = field(default_factory=dict)
    compound_nouns: dict[str, Coding] = field(default_factory=dict)
    noun_licensers: dict[str, frozenset[str]] = field(default_factory=dict)
    light_verbs: set[str] = field(default_factory=set)
    transparent_nouns: set[str] = field(default_factory=set)
    phrases: list[Phrase] = field(default_factory=list)
    absorbing_types: set[str] = field(default_factory=set)
    non_event_governors: set[str] = field(default_factory=set)
    non_event_determiners: set[str] = field(default_factory=set)
    modifier_modes: dict[str, dict[str, str]] = field(default_factory=dict)
    contexts: dict[str, str] = field(default_factory=dict)  # lemma -> context
    # verbs that are events only with a direct object ("returned the artifacts" vs "returned home")
    transitive_verbs: dict[str, Coding] = field(default_factory=dict)
    # "called off the strike": verb (or "verb particle") -> event noun type -> what it codes
    reversals: dict[tuple[str, str], Coding] = field(default_factory=dict)
    # negated or refused cooperation is a rejection ("will not lift the ban", "failed to reach")
    refused_types: set[str] = field(default_factory=set)
    refusal_governors: set[str] = field(default_factory=set)
    # announced future cooperation is intent to cooperate ("will meet", "said it would free")
    intent_types: set[str] = field(default_factory=set)
    intent_auxiliaries: set[str] = field(default_factory=set)
    intent_governors: set[str] = field(default_factory=set)
    # announced future conflict is a threat ("said they will boycott the meeting")
    threat_types: set[str] = field(default_factory=set)
    recodes: list[Recode] = field(default_factory=list)
    # verbs whose subject undergoes or observes the event noun they govern ("faced criticism")
    undergoing_verbs: set[str] = field(default_factory=set)
    # nouns that never act: event nouns aside, things and texts ("the trucks", "signs")
    non_actor_nouns: set[str] = field(default_factory=set)
    # verbs that report what an event did to people ("died in the fighting", "were injured")
    consequence_verbs: set[str] = field(default_factory=set)
    # a present or present-perfect clause with one of these is a history or a habit, not an event
    background_units: set[str] = field(default_factory=set)
    habitual_adverbs: set[str] = field(default_factory=set)
    generic_quantities: set[str] = field(default_factory=set)


def _problem(path: Path, line: int, problem: str) -> ConfigError:
    return ConfigError(Messages.E006, path=path, line=line, problem=problem)


def _words(value: Any, path: Path, line: int, what: str) -> list[str]:
    if isinstance(value, str):
        return [value.lower()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.lower() for v in value]
    raise _problem(path, line, f"{what} must be a word or a list of words")


def _coding(text: str, onto: Ontology, path: Path, line: int, pattern: re.Pattern[str]) -> Coding:
    match = pattern.match(text)
    if match is None:
        raise _problem(path, line, f"{text!r} is not 'TYPE', 'TYPE/mode' or 'TYPE@CAMEO'")
    return _checked(match["lemma"], match["mode"], match["cameo"], onto, path, line)


def _checked(
    type_name: str, mode: str | None, cameo: str | None, onto: Ontology, path: Path, line: int
) -> Coding:
    check_type_and_mode(onto, type_name, mode, path=path, line=line)
    if cameo is not None and cameo not in onto.roots:
        raise _problem(path, line, f"unknown CAMEO root {cameo!r}")
    return Coding(type_name, mode, cameo)


def _typed_lists(
    section: Any, onto: Ontology, path: Path, line: int, into: dict[str, Coding]
) -> None:
    """Read a `TYPE: [lemma, lemma/mode, lemma@CAMEO, ...]` section into `into`."""
    if not isinstance(section, LineDict):
        raise _problem(path, line, "expected a mapping of PLOVER type to a list of lemmas")
    for type_name, entries in section.items():
        entry_line = section.line_of(type_name)
        for entry in _words(entries, path, entry_line, f"entries of {type_name}"):
            match = _ENTRY.match(entry)
            if match is None:
                raise _problem(path, entry_line, f"{entry!r} is not 'lemma[/mode][@CAMEO]'")
            coding = _checked(str(type_name), match["mode"], match["cameo"], onto, path, entry_line)
            into[match["lemma"].strip()] = coding


def _read_into(lex: Lexicon, data: LineDict, path: Path, onto: Ontology) -> None:
    known = {
        "verbs", "nouns", "weak_nouns", "adjectives", "governed_nouns", "compound_nouns",
        "noun_licensers", "light_verbs", "transparent_nouns", "phrases", "absorbing_types",
        "non_event_governors", "non_event_determiners", "modifier_modes", "contexts",
        "transitive_verbs", "reversals", "refused_types", "refusal_governors",
        "intent_types", "intent_auxiliaries", "intent_governors", "threat_types", "recodes",
        "undergoing_verbs", "non_actor_nouns", "consequence_verbs", "background_units",
        "habitual_adverbs", "generic_quantities",
    }  # fmt: skip
    for key in data:
        if key not in known:
            raise _problem(
                path, data.line_of(key), f"unknown key {key!r} ({', '.join(sorted(known))})"
            )
    sections = (
        ("verbs", lex.verbs),
        ("nouns", lex.nouns),
        ("weak_nouns", lex.weak_nouns),
        ("adjectives", lex.adjectives),
        ("transitive_verbs", lex.transitive_verbs),
    )
    for key, into in sections:
        if key in data:
            _typed_lists(data[key], onto, path, data.line_of(key), into)
    for key, words in (
        ("light_verbs", lex.light_verbs),
        ("transparent_nouns", lex.transparent_nouns),
        ("non_event_governors", lex.non_event_governors),
        ("non_event_determiners", lex.non_event_determiners),
        ("refusal_governors", lex.refusal_governors),
        ("intent_auxiliaries", lex.intent_auxiliaries),
        ("intent_governors", lex.intent_governors),
        ("undergoing_verbs", lex.undergoing_verbs),
        ("non_actor_nouns", lex.non_actor_nouns),
        ("consequence_verbs", lex.consequence_verbs),
        ("background_units", lex.background_units),
        ("habitual_adverbs", lex.habitual_adverbs),
        ("generic_quantities", lex.generic_quantities),
    ):
        if key in data:
            words.update(_words(data[key], path, data.line_of(key), key))
    for key, types in (
        ("absorbing_types", lex.absorbing_types),
        ("refused_types", lex.refused_types),
        ("intent_types", lex.intent_types),
        ("threat_types", lex.threat_types),
    ):
        if key in data:
            line = data.line_of(key)
            for name in _words(data[key], path, line, key):
                check_type_and_mode(onto, name.upper(), None, path=path, line=line)
                types.add(name.upper())
    _read_mappings(lex, data, path, onto)
    for item in data.get("phrases", []) or []:
        lex.phrases.append(_phrase(item, path, onto, data.line_of("phrases")))
    for item in data.get("recodes", []) or []:
        lex.recodes.append(_recode(item, path, onto, data.line_of("recodes")))


def _read_mappings(lex: Lexicon, data: LineDict, path: Path, onto: Ontology) -> None:
    compounds = data.get("compound_nouns", {})
    if isinstance(compounds, LineDict):
        for words, text in compounds.items():
            line = compounds.line_of(words)
            lex.compound_nouns[str(words).lower()] = _coding(str(text), onto, path, line, _TYPE)
    governed = data.get("governed_nouns", {})
    if isinstance(governed, LineDict):
        for noun, spec in governed.items():
            line = governed.line_of(noun)
            if not isinstance(spec, dict) or "governors" not in spec or "type" not in spec:
                raise _problem(path, line, "a governed noun needs 'governors' and 'type'")
            words = frozenset(_words(spec["governors"], path, line, "governors"))
            coding = _coding(str(spec["type"]), onto, path, line, _TYPE)
            lex.governed_nouns[str(noun).lower()] = (words, coding)
    licensers = data.get("noun_licensers", {})
    if isinstance(licensers, LineDict):
        for noun, words in licensers.items():
            line = licensers.line_of(noun)
            lex.noun_licensers[str(noun)] = frozenset(_words(words, path, line, "licensers"))
    modes = data.get("modifier_modes", {})
    if isinstance(modes, LineDict):
        for type_name, table in modes.items():
            line = modes.line_of(type_name)
            if not isinstance(table, dict):
                raise _problem(path, line, "modifier_modes entries map a word to a mode")
            for word, mode in table.items():
                check_type_and_mode(onto, str(type_name), str(mode), path=path, line=line)
                lex.modifier_modes.setdefault(str(type_name), {})[str(word)] = str(mode)
    for item in data.get("reversals", []) or []:
        line = data.line_of("reversals")
        if not isinstance(item, LineDict) or not {"verb", "type", "to"} <= set(item):
            raise _problem(path, line, "a reversal needs 'verb', 'type' and 'to'")
        line = item.line
        coding = _coding(str(item["to"]), onto, path, line, _TYPE)
        for name in _words(item["type"], path, line, "type"):
            check_type_and_mode(onto, name.upper(), None, path=path, line=line)
            for verb in _words(item["verb"], path, line, "verb"):
                lex.reversals[(verb, name.upper())] = coding
    contexts = data.get("contexts", {})
    if isinstance(contexts, LineDict):
        for context, words in contexts.items():
            line = contexts.line_of(context)
            if context not in onto.contexts:
                raise _problem(path, line, f"{context!r} is not a PLOVER context")
            for word in _words(words, path, line, "context words"):
                lex.contexts[word] = str(context)


def _phrase(item: Any, path: Path, onto: Ontology, line: int) -> Phrase:
    if not isinstance(item, LineDict) or "verb" not in item or "type" not in item:
        raise _problem(path, line, "a phrase needs 'verb' and 'type'")
    line = item.line
    particles = frozenset(_words(item.get("particle", []), path, line, "particle"))
    objects = frozenset(_words(item.get("object", []), path, line, "object"))
    if not particles and not objects:
        raise _problem(path, line, "a phrase needs a 'particle' or an 'object'")
    return Phrase(
        verbs=frozenset(_words(item["verb"], path, line, "verb")),
        particles=particles,
        objects=objects,
        coding=_coding(str(item["type"]), onto, path, line, _TYPE),
    )


def _recode(item: Any, path: Path, onto: Ontology, line: int) -> Recode:
    if not isinstance(item, LineDict) or not {"type", "words", "to"} <= set(item):
        raise _problem(path, line, "a recode needs 'type', 'words' and 'to'")
    line = item.line
    type_name = str(item["type"])
    check_type_and_mode(onto, type_name, None, path=path, line=line)
    return Recode(
        type=type_name,
        words=frozenset(_words(item["words"], path, line, "words")),
        coding=_coding(str(item["to"]), onto, path, line, _TYPE),
    )


def load_lexicon(extra: Sequence[str] = ()) -> Lexicon:
    """The packaged lexicon extended by the user files `extra` (paths), validated; cached."""
    return _load_lexicon(tuple(extra))


@functools.lru_cache(maxsize=8)
def _load_lexicon(extra: tuple[str, ...]) -> Lexicon:
    onto = load_ontology()
    lex = Lexicon()
    paths: Iterable[Path] = (packaged_path("triggers.yaml"), *(Path(p) for p in extra))
    for path in paths:
        if not path.is_file():
            raise ConfigError(Messages.E321, path=path)
        _read_into(lex, load_yaml_lines(path), path, onto)
    return lex


def parse_lexicon_text(text: str, path: str = "<text>") -> Lexicon:
    """Read a lexicon from YAML text alone (for tests and tools); same validation as files."""
    lex = Lexicon()
    _read_into(lex, load_yaml_lines(path, text), Path(path), load_ontology())
    return lex
