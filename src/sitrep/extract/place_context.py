"""What the words around a capitalised name say about whether it is a place.

The cues the places stage reads besides the model's entity labels: place slots ("in X", "an X
man", "the X Fire Department", a dateline), kind words ("the town of X", "X district", "Barrow
and Jackson counties"), coordination with a place, one sense per discourse, and what rules a
name out (a demonym, a person's surname, initials, the "Al" of "Al-Shabaab"). Hand-written: no
library reads these cues; the word lists are module constants so they sit beside their rules.
"""

from __future__ import annotations

from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from ..geo.gazetteer import Gazetteer
from ..geo.names import ARABIC_NAME_WORDS

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


def trim(span: Span) -> Span | None:
    """The span without a leading article or a trailing possessive or punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end] if end > start else None


REGIONS = frozenset({"region", "admin1", "country"})


def after_locative(token: Token) -> bool:
    if token.i == 0:
        return False
    prev = token.doc[token.i - 1].lower_
    before = token.doc[token.i - 1]
    return prev in LOCATIVE_WORDS or _part_word(before) or prev in ("on", "over")


def _part_word(token: Token) -> bool:
    """ "northern Mosul", "Downtown Greer" opening a sentence; not "the Northern Alliance"."""
    text = token.text if not token.is_sent_start else token.lower_
    return text in PLACE_PART_WORDS


def acronym_of_no_region(token: Token, gazetteer: Gazetteer) -> bool:
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


def opens_hyphenated_name(token: Token) -> bool:
    """An Arabic article or name word opening a hyphenated name ("Al-Shabaab", "Abu-Kamal")."""
    doc = token.doc
    k = token.i
    return (
        token.lower_ in ARABIC_NAME_WORDS
        and not token.whitespace_
        and k + 2 < len(doc)
        and doc[k + 1].text in ("-", "\u2011")
        and doc[k + 2].text[:1].isupper()
    )


def lone_person(token: Token) -> bool:
    return token.ent_type_ == "PERSON" and token.ent_iob_ == "B" and _lone_entity(token)


def _lone_entity(token: Token) -> bool:
    """The token is an entity of one word."""
    nxt = token.i + 1
    return nxt >= len(token.doc) or token.doc[nxt].ent_iob_ != "I"


def in_place_slot(token: Token) -> bool:
    """ "in X", "patrolled X", "X's streets", "X police", "Smith, of X", a dateline "X -": a
    single name where only a place fits."""
    doc = token.doc
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    prev = doc[token.i - 1] if token.i > 0 else None
    if nxt is not None and _is_dateline(token, prev, nxt):
        return True
    if _after_party(token):
        return True
    # "the regional capital, Grozny", "the border town, Rafah"
    after_kind = (
        token.pos_ == "PROPN" and token.i >= 2 and doc[token.i - 2].lower_ in APPOSITION_KINDS
    )
    if after_kind and prev is not None and prev.text == ",":
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


APPOSITION_KINDS = frozenset({"capital", "city", "town", "village", "province", "region"})
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


def by_context(doc: Doc, gazetteer: Gazetteer) -> list[Span]:
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
    trimmed = (trim(s) for s in found)
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


def is_demonym(text: str, gazetteer: Gazetteer) -> bool:
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


def repeats(doc: Doc, spans: list[Span], gazetteer: Gazetteer, people: set[str]) -> list[Span]:
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


def person_words(doc: Doc) -> set[str]:
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


def slot_place(token: Token) -> bool:
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
        len(span) == 1 and in_place_slot(first)
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


def coordinated(doc: Doc, spans: list[Span], gazetteer: Gazetteer, people: set[str]) -> list[Span]:
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
