"""The places stage: recognise toponyms, geocode them with the gazetteer, fill `state.places`.

Recognition combines spaCy's GPE/LOC/FAC entities with a scan for gazetteer names the model
misses (multi-word regions such as "Iraqi Kurdistan Region", or well-known single names outside
any entity). Nationality adjectives ("Iraqi") are not places, and a capital that is the subject of
a speech or decision verb ("Tehran denied") stands for its government: it is left to the actors
stage. Every other toponym is kept, with null coordinates when the gazetteer does not know it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..errors import ConfigError, Messages
from ..geo.gazetteer import Candidate, Gazetteer, load_gazetteer
from ..geo.names import Toponym
from ..geo.resolve import resolve
from ..geo.sources import CITY_FILES
from ..model import PlaceMention
from ..pipeline import DocState, Stage, register_stage
from .place_context import (
    LOCATIVE_WORDS,
    MAX_NAME_TOKENS,
    OTHER_LABELS,
    PLURAL_KINDS,
    REGIONS,
    acronym_of_no_region,
    after_locative,
    by_context,
    coordinated,
    in_place_slot,
    is_demonym,
    lone_person,
    opens_hyphenated_name,
    person_words,
    repeats,
    slot_place,
    trim,
)

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday".split()
)
# Lower-case words a multi-word place name may contain ("Gulf of Aden", "Horn of Africa").
NAME_JOINERS = frozenset({"of", "the", "and", "de", "al", "el"})
HINT_BEFORE = {"city": "city", "town": "city", "village": "city", "province": "admin1"}
HINT_BEFORE |= {"state": "admin1", "governorate": "admin1", "region": "region"}
HINT_AFTER = {"province": "admin1", "governorate": "admin1", "city": "city", "state": "admin1"}

DEFAULT_CONFIG: dict[str, Any] = {
    "cities": "cities500",
    "gazetteer_additions": [],
    # A single word outside spaCy's place entities is taken as a place only when it names a
    # country, a first-level region, a listed region, or a city at least this large; inside an
    # organisation's name ("the Ohio Department of Transportation"), a city this large; after
    # "in", "near", ... any city.
    "min_population_unlabelled": 100000,
    "min_population_in_org": 100000,
    "metonym_verbs": [
        "say", "tell", "announce", "deny", "claim", "insist", "warn", "accuse", "reject",
        "decide", "agree", "refuse", "demand", "urge", "condemn", "threaten", "respond",
        "insist", "vow", "declare", "confirm", "state", "argue", "call", "blame", "want",
    ],
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Settings:
    cities: str
    additions: tuple[Path, ...]
    min_population: int
    min_population_in_org: int
    metonym_verbs: frozenset[str]

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Settings:
        cities = str(config.get("cities", DEFAULT_CONFIG["cities"]))
        if cities not in CITY_FILES:
            raise ConfigError(
                Messages.E351, setting="cities", value=cities, options=", ".join(CITY_FILES)
            )
        additions = config.get("gazetteer_additions", [])
        if not isinstance(additions, list):
            raise ConfigError(
                Messages.E351,
                setting="gazetteer_additions",
                value=additions,
                options="a list of TSV paths",
            )
        return cls(
            cities=cities,
            additions=tuple(Path(str(p)).expanduser() for p in additions),
            min_population=int(config.get("min_population_unlabelled", 100000)),
            min_population_in_org=int(config.get("min_population_in_org", 100000)),
            metonym_verbs=frozenset(config.get("metonym_verbs", DEFAULT_CONFIG["metonym_verbs"])),
        )


def _split_commas(span: Span) -> list[Span]:
    """ "Alexandria, Louisiana" as one entity -> its two names."""
    parts, start = [], span.start
    for token in span:
        if token.text == ",":
            parts.append(span.doc[start : token.i])
            start = token.i + 1
    parts.append(span.doc[start : span.end])
    return [p for p in parts if len(p)]


def _is_name_word(text: str) -> bool:
    return text[:1].isupper() or text.lower() in NAME_JOINERS


def _scan(doc: Doc, gazetteer: Gazetteer, settings: Settings) -> list[Span]:
    """Gazetteer names in the text: multi-word names anywhere, single words outside entities."""
    found: list[Span] = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if not token.text[:1].isupper():
            i += 1
            continue
        matched = False
        for n in range(min(MAX_NAME_TOKENS, len(doc) - i), 1, -1):
            span = doc[i : i + n]
            if not span[-1].text[:1].isupper() or not all(_is_name_word(t.text) for t in span):
                continue
            # "The UN": the name without its article is looked at next.
            if token.lower_ == "the":
                continue
            if span.text in gazetteer:
                found.append(span)
                i += n
                matched = True
                break
        if matched:
            continue
        if in_place_slot(token):
            # In a place slot an other name of a region counts too ("in Swat").
            if any(c.primary or c.precision in REGIONS for c in gazetteer.lookup(token.text)):
                found.append(doc[i : i + 1])
        elif after_locative(token) and any(
            c.primary and c.precision in REGIONS for c in gazetteer.lookup(token.text)
        ):
            # The model calls some islands and regions people or products ("on Java").
            found.append(doc[i : i + 1])
        elif opens_hyphenated_name(token):
            pass  # "Al-Shabaab", "Al-Bayaa": not the Norwegian municipality Al
        elif token.ent_type_ not in OTHER_LABELS and token.pos_ == "PROPN":
            floor = settings.min_population
            if token.ent_type_ == "ORG":
                floor = settings.min_population_in_org
            possessive = i + 1 < len(doc) and doc[i + 1].tag_ == "POS"
            if i > 0 and doc[i - 1].lower_ in LOCATIVE_WORDS and not possessive:
                floor = 0
            if any(_well_known(c, floor, token.text) for c in gazetteer.lookup(token.text)):
                found.append(doc[i : i + 1])
        elif lone_person(token) and any(
            c.primary and c.precision == "country" for c in gazetteer.lookup(token.text)
        ):
            # The model calls some countries people ("cases in Mozambique and Botswana").
            found.append(doc[i : i + 1])
        i += 1
    return found


def _well_known(candidate: Candidate, floor: int, text: str) -> bool:
    if not candidate.primary:
        # "U.S.", "DRC", "NSW", "S.C.": abbreviations of countries and states.
        return candidate.precision in ("country", "admin1") and _is_abbreviation(
            text, candidate.precision
        )
    return candidate.precision != "city" or candidate.population >= floor


def _is_abbreviation(text: str, precision: str) -> bool:
    """Capitals with or without dots; two bare capitals only for a country ("US", not "IN")."""
    letters = text.replace(".", "")
    if not (letters.isalpha() and letters.isupper()):
        return False
    return "." in text or len(letters) >= 3 or precision == "country"


DIRECTIONS = frozenset({"north", "south", "east", "west"})


def _shares_a_name(span: Span) -> bool:
    """ "East" of "East and West Berlin": followed by "and"/"or" and another direction."""
    doc = span.doc
    k = span.end
    return (
        k + 1 < len(doc) and doc[k].lower_ in ("and", "or", "&") and doc[k + 1].lower_ in DIRECTIONS
    )


def _select(spans: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans, longer ones first, in text order."""
    chosen: list[Span] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if taken.isdisjoint(range(span.start, span.end)):
            chosen.append(span)
            taken.update(range(span.start, span.end))
    return sorted(chosen, key=lambda s: s.start)


def recognise(doc: Doc, gazetteer: Gazetteer, settings: Settings) -> list[Span]:
    """The toponym spans of a document, demonyms excluded, in text order."""
    spans: list[Span] = []
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS:
            trimmed = trim(ent)
            if trimmed is not None:
                spans.extend(_split_commas(trimmed))
    spans.extend(_scan(doc, gazetteer, settings))
    spans.extend(by_context(doc, gazetteer))
    people = person_words(doc)
    kept = []
    for span in _select(spans):
        text = span.text
        if is_demonym(text, gazetteer):
            continue
        if len(span) == 1 and text in people and not slot_place(span[0]):
            continue
        if len(span) == 1 and acronym_of_no_region(span[0], gazetteer):
            continue
        # "US $50 million": a currency's prefix.
        if span.end < len(doc) and doc[span.end].text == "$":
            continue
        # "East and West Berlin": a direction shared with the next name is not a place.
        if span.text.lower() in DIRECTIONS and _shares_a_name(span):
            continue
        if not any(c.isupper() for c in text):
            continue
        # "May", "March", "Sunday": towns of those names exist, but in news they are dates.
        if text.casefold() in CALENDAR_WORDS:
            continue
        kept.append(span)
    kept = kept + coordinated(doc, kept, gazetteer, people)
    return sorted(kept + repeats(doc, kept, gazetteer, people), key=lambda s: s.start)


def _hint(span: Span) -> str | None:
    doc = span.doc
    k = span.end
    while k < len(doc) and (doc[k].pos_ == "PROPN" or doc[k].lower_ in (",", "and", "&", "or")):
        k += 1
    if k < len(doc) and doc[k].lower_ in PLURAL_KINDS:
        return PLURAL_KINDS[doc[k].lower_]
    if span.start >= 2 and doc[span.start - 1].lower_ == "of":
        hint = HINT_BEFORE.get(doc[span.start - 2].lower_)
        if hint:
            return hint
    if span.end < len(doc):
        return HINT_AFTER.get(doc[span.end].lower_)
    return None


def _qualifier(spans: list[Span], i: int, text: str, preps: list[Token]) -> int | None:
    """Index of the toponym that locates spans[i]: "X, Y" or "X in Y". `text` is the document's
    text and `preps` the head of each span's root, both computed once per document."""
    span = spans[i]
    # In a list ("Georgia, Oklahoma, Pennsylvania") the comma after an item does not qualify it.
    listed = i > 0 and text[spans[i - 1].end_char : span.start_char].strip() == ","
    if i + 1 < len(spans) and not listed:
        nxt = spans[i + 1]
        if text[span.end_char : nxt.start_char].strip() == ",":
            return i + 1
    for j, prep in enumerate(preps):
        if j != i and prep.lower_ in ("in", "of") and span.start <= prep.head.i < span.end:
            return j
    return None


def is_metonym(span: Span, candidate: Candidate | None, verbs: frozenset[str]) -> bool:
    """A capital that is the subject of a speech or decision verb ("Tehran denied")."""
    if candidate is None or not candidate.capital:
        return False
    root = span.root
    return root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ in verbs


def to_mention(span: Span, candidate: Candidate | None) -> PlaceMention:
    if candidate is None:
        return PlaceMention(text=span.text, start=span.start_char, end=span.end_char)
    return PlaceMention(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        name=candidate.name,
        geonameid=candidate.geonameid,
        lat=candidate.lat,
        lon=candidate.lon,
        country=candidate.country,
        admin1=candidate.admin1,
        precision=candidate.precision,
    )


def find_places(doc: Doc, gazetteer: Gazetteer, settings: Settings) -> list[PlaceMention]:
    """Every toponym of the document, geocoded where the gazetteer allows."""
    spans = recognise(doc, gazetteer, settings)
    text = doc.text
    preps = [s.root.head for s in spans]
    toponyms = [
        Toponym(
            text=s.text,
            start=s.start_char,
            end=s.end_char,
            hint=_hint(s),
            qualifier=_qualifier(spans, i, text, preps),
        )
        for i, s in enumerate(spans)
    ]
    chosen = resolve(gazetteer, toponyms)
    # "Kampungu, Kasai": a place the gazetteer lacks is put, at the coarser precision of the
    # place that qualifies it, where that place is (the mention names the qualifier's entry).
    chosen = [
        chosen[t.qualifier] if c is None and t.qualifier is not None else c
        for t, c in zip(toponyms, chosen, strict=True)
    ]
    return [
        to_mention(span, candidate)
        for span, candidate in zip(spans, chosen, strict=True)
        if not is_metonym(span, candidate, settings.metonym_verbs)
    ]


@register_stage(
    "places.gazetteer.v2", requires=["doc"], assigns=["places"], default_config=DEFAULT_CONFIG
)
def make_stage(nlp: Any, config: Mapping[str, Any]) -> Stage:
    """Build the places stage; the gazetteer is loaded (or compiled and cached) here, once."""
    settings = Settings.from_config(config)
    gazetteer = load_gazetteer(settings.cities, settings.additions)

    def run(state: DocState) -> None:
        state.places.extend(find_places(state.doc, gazetteer, settings))

    return run


# The event location stage lives in its own module; importing it registers it with the
# built-in stages (pipeline._load_builtin_stages imports this module).
from . import event_places as _event_places  # noqa: E402, F401
