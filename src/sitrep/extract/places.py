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
from itertools import pairwise
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..errors import ConfigError, Messages
from ..geo.gazetteer import Candidate, Gazetteer, load_gazetteer
from ..geo.resolve import Toponym, resolve
from ..geo.sources import CITY_FILES
from ..model import PlaceMention
from ..pipeline import DocState, Stage, register_stage

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Entities whose words are never read as places by the gazetteer scan.
OTHER_LABELS = frozenset({"PERSON", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"})
# After these words a capitalised name is most likely a place, however small.
LOCATIVE_WORDS = frozenset(
    {"in", "near", "at", "outside", "from", "to", "into", "across", "throughout", "around"}
    | {"towards", "toward", "via"}
)
MAX_NAME_TOKENS = 5
# Slots where a name the gazetteer knows is a place whatever spaCy labels it (it often calls a
# small town PERSON or ORG): after these words, as the object of these verbs ("patrolled X",
# "captured X"), or owning these nouns ("X's streets").
PLACE_SLOT_WORDS = frozenset({"in", "near", "at", "outside", "inside"})
# "downtown Greer", "northern Mosul": a part of a place.
PLACE_PART_WORDS = frozenset(
    "downtown uptown northern southern eastern western central northeastern northwestern "
    "southeastern southwestern north-eastern north-western south-eastern south-western".split()
)
PLACE_OBJECT_VERBS = frozenset(
    "capture recapture seize patrol shell bombard occupy liberate besiege storm overrun invade "
    "retake surround encircle raid bomb enter evacuate".split()
)
# "Roselle police", "Monroe Mayor", "an Alexandria man": a town's offices and people.
LOCAL_OFFICE_NOUNS = frozenset(
    "police mayor officers residents resident council councilman councilwoman councilors "
    "selectman firefighters firefighter officials schools voters man woman men women boy girl "
    "boys girls teen teenager teens couple family families native natives businessman "
    "businesswoman business businesses detectives detective deputies neighborhoods "
    "neighbourhoods community communities homeowners students home homes house store stores "
    "restaurant restaurants jury hospital church library sewer election fire board city town "
    "township village chamber senior seniors volunteer zoning planning housing ward parks "
    "utilities transit sheriff airport harbor harbour farm farms laboratory lab camp camps "
    "mine mines station racecourse plant factory spokesperson spokesman spokeswoman".split()
)
DATELINE_MARKS = frozenset({"-", "--", "\u2013", "\u2014", ":"})
PLACE_OWNED_NOUNS = frozenset(
    "streets outskirts suburbs centre center countryside neighbourhoods neighborhoods coast "
    "coastline border interior".split()
)
CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday".split()
)
# Lower-case words a multi-word place name may contain ("Gulf of Aden", "Horn of Africa").
NAME_JOINERS = frozenset({"of", "the", "and", "de", "al", "el"})
HINT_BEFORE = {"city": "city", "town": "city", "village": "city", "province": "admin1"}
HINT_BEFORE |= {"state": "admin1", "governorate": "admin1", "region": "region"}
# "the town of X", "X district": the name is a place even if the model or the gazetteer disagree.
KIND_NOUNS = frozenset(
    "town village city district province region governorate neighbourhood neighborhood suburb "
    "area municipality county camp township".split()
)
KIND_NOUNS_AFTER = frozenset({"countryside", "crossing", "junction", "outskirts"})
# "the Qandil mountains", "the Bekaa valley": a natural feature's name before its kind.
KIND_NOUNS_AFTER |= frozenset(
    "mountains mountain range valley river island islands lake desert delta basin".split()
)
# "Barrow and Jackson counties": each name listed before the plural is one of that kind.
PLURAL_KINDS = {"counties": "admin2", "parishes": "admin2", "provinces": "admin1"}
PLURAL_KINDS |= {"states": "admin1", "districts": "admin2", "governorates": "admin1"}
PLURAL_KINDS |= {"townships": "admin2", "cities": "city", "towns": "city", "villages": "city"}
PLURAL_KINDS |= {"regions": "region"}
# "the outskirts of X": like "the town of X".
KIND_NOUNS_OF = KIND_NOUNS | frozenset({"countryside", "outskirts", "suburbs", "streets"})
KIND_NOUNS_OF |= frozenset({"island", "islands", "isle", "port", "state", "emirate", "siege"})
KIND_NOUNS_OF |= frozenset({"community", "mayor", "provinces", "regions", "districts"})
# "a mile west of Richland", "east of the Iraqi Kurdistan Region".
KIND_NOUNS_OF |= frozenset(
    "north south east west northeast northwest southeast southwest north-east north-west "
    "south-east south-west".split()
)
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


def _trim(span: Span) -> Span | None:
    """The span without a leading article or a trailing possessive or punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end] if end > start else None


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
        if _in_place_slot(token):
            # In a place slot an other name of a region counts too ("in Swat").
            if any(c.primary or c.precision in REGIONS for c in gazetteer.lookup(token.text)):
                found.append(doc[i : i + 1])
        elif _after_locative(token) and any(
            c.primary and c.precision in REGIONS for c in gazetteer.lookup(token.text)
        ):
            # The model calls some islands and regions people or products ("on Java").
            found.append(doc[i : i + 1])
        elif _opens_hyphenated_name(token):
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
        elif _lone_person(token) and any(
            c.primary and c.precision == "country" for c in gazetteer.lookup(token.text)
        ):
            # The model calls some countries people ("cases in Mozambique and Botswana").
            found.append(doc[i : i + 1])
        i += 1
    return found


REGIONS = frozenset({"region", "admin1", "country"})


def _after_locative(token: Token) -> bool:
    if token.i == 0:
        return False
    prev = token.doc[token.i - 1].lower_
    before = token.doc[token.i - 1]
    return prev in LOCATIVE_WORDS or _part_word(before) or prev in ("on", "over")


def _part_word(token: Token) -> bool:
    """ "northern Mosul", "Downtown Greer" opening a sentence; not "the Northern Alliance"."""
    text = token.text if not token.is_sent_start else token.lower_
    return text in PLACE_PART_WORDS


# Arabic articles and name words that open hyphenated names ("Al-Shabaab", "Abu-Kamal").
NAME_OPENERS = frozenset(
    "al el ad ar as ash at az an abu bin ibn umm beit bayt deir dayr tel tal ras ain kafr".split()
)


def _acronym_of_no_region(token: Token, gazetteer: Gazetteer) -> bool:
    """ "the UN", "the PKK", "ARA News": capitals that name no country or state are an
    organisation's initials, not a town's name (a dateline "ROME -" aside)."""
    text = token.text
    if not (2 <= len(text) <= 4 and text.isalpha() and text.isupper()):
        return False
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    prev = token.doc[token.i - 1] if token.i > 0 else None
    if nxt is not None and _is_dateline(token, prev, nxt):
        return False
    return all(c.precision == "city" for c in gazetteer.lookup(text))


def _opens_hyphenated_name(token: Token) -> bool:
    doc = token.doc
    k = token.i
    return (
        token.lower_ in NAME_OPENERS
        and not token.whitespace_
        and k + 2 < len(doc)
        and doc[k + 1].text in ("-", "\u2011")
        and doc[k + 2].text[:1].isupper()
    )


def _lone_person(token: Token) -> bool:
    return token.ent_type_ == "PERSON" and token.ent_iob_ == "B" and _lone_entity(token)


def _lone_entity(token: Token) -> bool:
    """The token is an entity of one word."""
    nxt = token.i + 1
    return nxt >= len(token.doc) or token.doc[nxt].ent_iob_ != "I"


def _in_place_slot(token: Token) -> bool:
    """ "in X", "patrolled X", "X's streets", "X police", "Smith, of X", a dateline "X -": a
    single name where only a place fits."""
    doc = token.doc
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    prev = doc[token.i - 1] if token.i > 0 else None
    if nxt is not None and _is_dateline(token, prev, nxt):
        return True
    if _after_party(token):
        return True
    # "Northbrook-based Crate & Barrel"
    hyphen = nxt is not None and nxt.text == "-" and not token.whitespace_
    if hyphen and token.i + 2 < len(doc) and doc[token.i + 2].lower_ == "based":
        return True
    # The tagger sometimes calls such a name an adjective ("a Hounslow resident").
    named = token.pos_ == "PROPN" or (token.pos_ == "ADJ" and not token.is_sent_start)
    if named and nxt is not None and nxt.lower_ in LOCAL_OFFICE_NOUNS and token.dep_ == "compound":
        return True
    if token.pos_ != "PROPN":
        return False
    # "in Oakport and Moorhead": the second of two names after a locative word.
    head = token.head
    conj = token.dep_ == "conj" and head.pos_ == "PROPN" and 0 < head.i < token.i
    if conj and doc[head.i - 1].lower_ in PLACE_SLOT_WORDS:
        return True
    if prev is not None and prev.lower_ in ("of", "from") and token.i >= 2:
        before = doc[token.i - 2]
        if before.text == "," or before.like_num or before.ent_type_ == "PERSON":
            return True
    owns_part = token.dep_ == "poss" and token.head.lower_ in PLACE_OWNED_NOUNS
    # "Al-Dawr", "outside Smith's hotel": part of a longer name, or a person's possessive.
    if nxt is not None and (nxt.pos_ == "PROPN" or nxt.text in ("-", "\u2011")):
        return False
    if nxt is not None and nxt.tag_ == "POS":
        return owns_part
    if token.i > 0 and (
        doc[token.i - 1].lower_ in PLACE_SLOT_WORDS or _part_word(doc[token.i - 1])
    ):
        return True
    if token.dep_ == "dobj" and token.head.lemma_ in PLACE_OBJECT_VERBS:
        return True
    return owns_part


def _is_dateline(token: Token, prev: Token | None, nxt: Token) -> bool:
    """ "ROSWELL - A man ...", "COVINGTON, Ky. (AP)": a capitalised name opening a line or
    sentence before a dash, or before a comma and a state's or country's name."""
    if not (token.is_upper and len(token.text) > 2):
        return False
    after = token.doc[nxt.i + 1] if nxt.i + 1 < len(token.doc) else None
    if nxt.text == ",":
        if after is None or after.ent_type_ != "GPE" or not after.text[:1].isupper():
            return False
    elif nxt.text == "(":
        # "CHATTANOOGA (AP) -"
        if after is None or after.text not in NEWS_AGENCIES:
            return False
    elif nxt.text not in DATELINE_MARKS:
        return False
    # After the byline's date too: "March 29, 2009 PATASKALA --".
    return prev is None or token.is_sent_start or prev.is_punct or prev.is_space or prev.like_num


NEWS_AGENCIES = frozenset({"AP", "Reuters", "AFP", "UPI", "Xinhua", "dpa", "IANS", "PTI"})


def _after_party(token: Token) -> bool:
    """ "Rep. Jay Roberts (R-Ocilla)": the home town or state after a US party's initial."""
    doc = token.doc
    k = token.i
    if k < 2 or doc[k - 1].text != "-" or doc[k - 1].whitespace_ or doc[k - 2].whitespace_:
        return False
    return doc[k - 2].text in ("R", "D", "I")


def _name_run(doc: Doc, i: int, step: int) -> Span | None:
    """The run of capitalised proper-noun tokens starting at token i, going right (step 1) or
    left (step -1), or None."""
    j = i
    while 0 <= j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper():
        j += step
    lo, hi = (i, j) if step > 0 else (j + 1, i + 1)
    if hi <= lo or hi - lo > MAX_NAME_TOKENS:
        return None
    return doc[lo:hi]


def _by_context(doc: Doc, gazetteer: Gazetteer) -> list[Span]:
    """Names that their context calls places, whatever the model labels them or whether the
    gazetteer knows them: "the town of X", "X district", "X, 60 km north of Y"."""
    found: list[Span] = []
    listed: list[Span] = []
    for token in doc:
        word = token.lower_
        if word in KIND_NOUNS_OF and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "of":
            k = token.i + 2
            if k < len(doc) and doc[k].lower_ == "the":
                k += 1
            span = _name_run(doc, k, 1) if k < len(doc) else None
            if span is not None:
                found.append(span)
        elif word in KIND_NOUNS | KIND_NOUNS_AFTER and token.i > 0:
            span = _name_run(doc, token.i - 1, -1)
            if span is not None:
                found.append(span)
        elif word in PLURAL_KINDS:
            listed.extend(_listed_names(doc, token.i - 1))
    trimmed = (_trim(s) for s in found)
    # The model calls some towns nationalities ("the town of Samarra"): those the gazetteer
    # knows are kept. spaCy calls some listed county names nationalities too ("Gilchrist"):
    # demonyms are checked against the gazetteer later.
    return [
        s
        for s in trimmed
        if s is not None
        and (s[0].ent_type_ != "NORP" or any(c.primary for c in gazetteer.lookup(s.text)))
    ] + listed


def _listed_names(doc: Doc, j: int) -> list[Span]:
    """ "Barrow, Jackson and Madison counties": the names listed before a plural kind noun."""
    found: list[Span] = []
    while j >= 0:
        span = _name_run(doc, j, -1)
        if span is None:
            break
        found.append(span)
        j = span.start - 1
        while j >= 0 and doc[j].lower_ in (",", "and", "&", "or"):
            j -= 1
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


def _is_demonym(text: str, gazetteer: Gazetteer) -> bool:
    """ "Iraqi", "Palestinians"; but not "New Zealand" or "Laos", which name the country itself
    (even used as an adjective, "New Zealand officials")."""
    if not (gazetteer.demonym_country(text) or gazetteer.demonym_country(text.rstrip("s"))):
        return False
    return not any(c.primary and c.precision != "city" for c in gazetteer.lookup(text))


# Words before a name that make it a person's ("Mr. Jackson", "Gov. Perry").
PERSON_TITLES = frozenset(
    "mr mr. mrs mrs. ms ms. dr dr. gov gov. sen sen. rep rep. st. president senator governor "
    "judge coach sheriff officer sgt sgt. lt lt. capt capt.".split()
)


def _repeats(doc: Doc, spans: list[Span], gazetteer: Gazetteer, people: set[str]) -> list[Span]:
    """One sense per discourse: the other mentions of a name the document clearly uses as a
    place elsewhere ("in Gainesville", a GPE entity): "Gainesville's supermarket", "the
    Gainesville Riding Club". Not where the model reads a person ("Jackson said") or the name
    is inside another kind of name ("the Olympic Games")."""
    names: dict[str, set[str]] = {}
    for span in spans:
        primary = any(c.primary for c in gazetteer.lookup(span.text))
        if primary and _clear_place(span):
            names.setdefault(span[0].text, set()).add(span.text)
    if not names:
        return []
    taken = {i for span in spans for i in range(span.start, span.end)}
    found: list[Span] = []
    for token in doc:
        for name in names.get(token.text, ()):
            end = token.i + len(name.split())
            span = doc[token.i : min(end, len(doc))]
            if span.text != name or not taken.isdisjoint(range(span.start, span.end)):
                continue
            if not _may_repeat(span, people):
                continue
            found.append(span)
            taken.update(range(span.start, span.end))
    return found


def _person_words(doc: Doc) -> set[str]:
    """The surnames of the people named in full in the document ("Mikheil Saakashvili"): alone
    ("Saakashvili said") they name the person, whatever town shares the name."""
    surnames = {_surname(ent) for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1}
    if not surnames:
        return surnames
    # Unless the document also says "in X" (a headline tagged "Bogdanov Joins Sochi" a person).
    in_slots = {b.text for a, b in pairwise(doc) if a.lower_ in PLACE_SLOT_WORDS}
    return surnames - in_slots


def _surname(person: Span) -> str:
    """The last word of a person's name, before any "of X" the model put in it ("Nadia
    Moayyad of Southlake")."""
    for token in person:
        if token.lower_ in ("of", "from") and token.i > person.start:
            return person.doc[token.i - 1].text
    return person[-1].text


def _slot_place(token: Token) -> bool:
    """ "in Ripley": a place even where a Ripley is in the story (not "according to Ripley",
    which the model may still label a place)."""
    return token.i > 0 and token.doc[token.i - 1].lower_ in PLACE_SLOT_WORDS


def _clear_place(span: Span) -> bool:
    """A mention that the model or its slot makes a place beyond doubt."""
    first = span[0]
    if first.ent_type_ in ("GPE", "LOC") and all(t.ent_type_ == first.ent_type_ for t in span):
        return True
    prev = span.doc[span.start - 1] if span.start > 0 else None
    return (prev is not None and prev.lower_ in PLACE_SLOT_WORDS) or (
        len(span) == 1 and _in_place_slot(first)
    )


def _may_repeat(span: Span, person_words: set[str]) -> bool:
    first = span[0]
    label = first.ent_type_
    # The model labels many small towns PERSON: a lone one is taken, unless the document
    # uses the word in a person's full name ("Michael Jackson").
    if label == "PERSON":
        if first.text in person_words or not (first.ent_iob_ == "B" and _lone_entity(first)):
            return False
    elif label in OTHER_LABELS:
        return False
    prev = span.doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.lower_ in PERSON_TITLES:
        return False
    # Inside a longer name: only at the head of an organisation's or a facility's name
    # ("Gainesville Police Department"), never in its middle ("Old Gainesville Road").
    if first.ent_iob_ == "I" and label not in ("GPE", "LOC"):
        k = first.i - 1
        while k >= 0 and span.doc[k].ent_iob_ == "I" and span.doc[k].pos_ == "DET":
            k -= 1
        return k >= 0 and span.doc[k].ent_iob_ == "B" and span.doc[k].pos_ == "DET"
    return True


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
            trimmed = _trim(ent)
            if trimmed is not None:
                spans.extend(_split_commas(trimmed))
    spans.extend(_scan(doc, gazetteer, settings))
    spans.extend(_by_context(doc, gazetteer))
    people = _person_words(doc)
    kept = []
    for span in _select(spans):
        text = span.text
        if _is_demonym(text, gazetteer):
            continue
        if len(span) == 1 and text in people and not _slot_place(span[0]):
            continue
        if len(span) == 1 and _acronym_of_no_region(span[0], gazetteer):
            continue
        if not any(c.isupper() for c in text):
            continue
        # "May", "March", "Sunday": towns of those names exist, but in news they are dates.
        if text.casefold() in CALENDAR_WORDS:
            continue
        kept.append(span)
    kept = kept + _coordinated(doc, kept, gazetteer, people)
    return sorted(kept + _repeats(doc, kept, gazetteer, people), key=lambda s: s.start)


def _coordinated(doc: Doc, spans: list[Span], gazetteer: Gazetteer, people: set[str]) -> list[Span]:
    """ "Paris and Roxton", "Newark, Heath and Pataskala": a name coordinated with a place is
    a place too, when the gazetteer knows it under its own name."""
    taken = {i for span in spans for i in range(span.start, span.end)}
    found: list[Span] = []
    for span in spans:
        for token in span.root.conjuncts:
            if token.i in taken or token.pos_ != "PROPN" or not token.text[:1].isupper():
                continue
            # Not a word of another name ("Bar and Grill"), nor the surname of someone named in
            # full ("Paris and Moore" after "Roger Moore").
            if token.ent_type_ in OTHER_LABELS - {"PERSON"} or token.text in people:
                continue
            if not (token.ent_iob_ == "O" or _lone_entity(token)):
                continue
            if any(c.primary for c in gazetteer.lookup(token.text)):
                found.append(doc[token.i : token.i + 1])
                taken.add(token.i)
    return found


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
