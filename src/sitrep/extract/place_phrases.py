"""What a place's phrase says about an event: is the place where something happened?

Word lists and small tests on the dependency parse around one place mention, used by the event
location stage (event_places): the preposition that governs it ("in", "near", "from"), whether
it only modifies a noun ("US soldiers"), names a site ("the Radhwaniyah area"), a person's or a
body's origin ("a driver from Abidjan"), and how specific it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from spacy.tokens import Token

from ..geo.sources import RawPlace, package_data, read_countries, read_demonyms
from ..model import PlaceMention

# Prepositions that say where something happens, rank 0; "to" and unknown ones 1; a reference
# point ("north of X", in event_places) 2; "from" 3.
LOCATIVE = {"in", "at", "near", "inside", "across", "throughout", "within", "on", "outside"}
LOCATIVE |= {"into", "around", "over", "along", "off", "onto", "between", "among", "through"}
FROM_RANK = 3
PREP_RANK = {**{p: 0 for p in LOCATIVE}, "to": 1, "toward": 1, "towards": 1, "from": FROM_RANK}
UNKNOWN_PREP_RANK = 1
# "shelling by Iran": the agent acts, the event does not happen there.
# "according to a statement from X": the source of the report.
# "killed 200 people, including dozens in X": a part of the event, not where it happened.
NOT_LOCATIVE = frozenset({"against", "for", "than", "like", "about", "according", "including"})
# "a driver from Abidjan", "militants of the Islamic State of Iraq": where a person comes from.
ORIGIN_PREPS = frozenset({"from", "of"})
# ... "of" only after a named person, body or group (spaCy entity types).
OWNER_ENTITIES = frozenset({"PERSON", "ORG", "NORP"})
# "30 km north of Baghdad": a reference point, weak like "from".
DIRECTIONS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}
)
# A place that only modifies another noun ("US soldiers", "Iraq's sovereignty") is rarely where
# the event happened; it loses to a place that is the head of its phrase.
MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "npadvmod"})
# ... unless that noun is a part of the place or a site in it ("the Radhwaniyah area", "Rawiya
# village", "the Kissufim crossing", "Grozny's streets"): then the name says where.
SITE_NOUNS = frozenset(
    "area district neighbourhood neighborhood neighbourhoods village town city suburb suburbs "
    "quarter province region governorate county countryside outskirts valley camp crossing "
    "checkpoint border road street streets avenue highway bridge square market plant base "
    "airport airfield airbase port station compound home house farm field mosque church school "
    "university hospital stadium prison court junction crossroads crossroad roundabout "
    "intersection outpost barracks hotel".split()
)
# ... or a natural feature: "the Qandil mountains", "the Sinai desert", "Lake Chad's islands".
SITE_NOUNS |= frozenset(
    "mountain mountains hills hill desert forest island islands coast coastline shore river lake "
    "bay gulf plain plains peninsula delta strait".split()
)
# "the edge of X", "the centre of X": parts of a place; "of" there does not name an origin.
PART_NOUNS = frozenset(
    "edge outskirts centre center heart part parts side entrance vicinity environs interior "
    "rest east west north south".split()
)
# Less is more specific. An ungeocoded toponym is most often a small local place.
SPECIFICITY = {"point": 0, "city": 1, "admin2": 1, "admin1": 2, "region": 3, "country": 4}
UNKNOWN_SPECIFICITY = 1
# "al-Shaab Stadium", "Umm Qasr port": a name ending so is a point.
FACILITY_WORDS = frozenset(
    "crossing checkpoint road street highway bridge square market plant base airport port station "
    "compound mosque church school hospital stadium prison junction crossroads roundabout "
    "intersection outpost barracks hotel airfield airbase avenue university camp court".split()
)
# "Hsakah province", "Hongze County": an ungeocoded name ending so is a region.
REGION_WORDS = frozenset("province governorate region state county district prefecture".split())
# Nouns that, with a nationality adjective, name that country's territory.
TERRITORY_NOUNS = frozenset({"airspace", "territory", "soil", "waters", "border", "land"})


@dataclass(frozen=True)
class Countries:
    """Country entries by alpha-3 code and nationality adjectives, read once per stage."""

    by_code: Mapping[str, RawPlace]
    demonyms: Mapping[str, str]

    @classmethod
    def load(cls) -> Countries:
        return cls(
            by_code={p.country: p for p in read_countries()},
            demonyms=read_demonyms(package_data("demonyms.tsv")),
        )


def territory(token: Token, countries: Countries) -> PlaceMention | None:
    """ "Iraqi airspace" -> Iraq, as a reference to those words."""
    if token.lemma_.lower() not in TERRITORY_NOUNS:
        return None
    for child in token.children:
        code = countries.demonyms.get(child.text) if child.dep_ in ("amod", "compound") else None
        entry = countries.by_code.get(code) if code else None
        if entry is not None:
            start = min(child.idx, token.idx)
            end = max(child.idx + len(child.text), token.idx + len(token.text))
            return PlaceMention(
                text=token.doc.text[start:end],
                start=start,
                end=end,
                name=entry.names[0],
                geonameid=entry.geonameid,
                lat=entry.lat,
                lon=entry.lon,
                country=entry.country,
                precision="country",
            )
    return None


def specificity(place: PlaceMention) -> int:
    """ "al-Shaab Stadium", "Umm Qasr port": a name ending in a site word is a point."""
    words = place.text.lower().split()
    if place.precision in (None, "point", "city") and len(words) > 1:
        if words[-1] in FACILITY_WORDS:
            return SPECIFICITY["point"]
        if words[-1] in REGION_WORDS:
            return SPECIFICITY["admin1"]
    return SPECIFICITY.get(place.precision or "", UNKNOWN_SPECIFICITY)


def is_site(token: Token) -> bool:
    return token.lemma_.lower() in SITE_NOUNS or token.lower_ in SITE_NOUNS


def is_origin(token: Token, by_token: Mapping[int, PlaceMention]) -> bool:
    """ "a driver from Abidjan", "Dmitri Dashinski of Belarus", "the Islamic State of Iraq": the
    place says where a person or body comes from, not where the event happened."""
    root = token
    while root.dep_ in ("compound", "flat") and root.head.i in by_token and root.head is not root:
        root = root.head
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ not in ORIGIN_PREPS:
        return False
    owner = prep.head
    if owner.pos_ not in ("NOUN", "PROPN", "PRON") or owner.i in by_token:
        return False
    return prep.lower_ == "from" or owner.ent_type_ in OWNER_ENTITIES


def is_attribute(token: Token, by_token: Mapping[int, PlaceMention]) -> bool:
    """ "a U.S. airstrike", "the Middle East war", "England's Dan Wheldon": a country or region
    that only modifies a noun names a party or a theatre, not a scene; any place that modifies a
    named person or body names their origin."""
    root = token
    while root.dep_ in ("compound", "flat") and root.head.i in by_token and root.head is not root:
        root = root.head
    if root.dep_ not in MODIFIER_DEPS or root.head.i in by_token or is_site(root.head):
        return False
    if is_hyphenated_name(root):
        return False
    if root.head.ent_type_ in OWNER_ENTITIES:
        return True
    place = by_token.get(token.i)
    return root.dep_ != "poss" and place is not None and place.precision in ("country", "region")


def is_modifier(token: Token, by_token: Mapping[int, PlaceMention]) -> bool:
    """The place word only modifies a noun that is not itself part of a place."""
    root = token
    while root.dep_ in ("compound", "flat") and root.head.i in by_token and root.head is not root:
        root = root.head
    if _names_site(root, by_token.get(token.i)) or is_hyphenated_name(root):
        return False
    return root.dep_ in MODIFIER_DEPS and root.head.i not in by_token


def is_hyphenated_name(root: Token) -> bool:
    """ "Brest-Litovsk", "Baden-Baden": the place is the first half of a hyphenated name (not a
    particle such as "Al-"), part of the name rather than a modifier of another noun."""
    head, doc = root.head, root.doc
    if head.pos_ != "PROPN" or head.i != root.i + 2 or len(root.text) <= 2:
        return False
    hyphen = doc[root.i + 1]
    return hyphen.text == "-" and not root.whitespace_ and not hyphen.whitespace_


def _names_site(root: Token, place: PlaceMention | None) -> bool:
    """ "the Radhwaniyah area", "Grozny's streets": a place below a country names the site it
    modifies; "Baghdad's district of X" leaves the site to X, "US base" is not in the US."""
    head = root.head
    if place is None or place.precision == "country" or root.dep_ not in MODIFIER_DEPS:
        return False
    if head.lemma_.lower() not in SITE_NOUNS and head.lower_ not in SITE_NOUNS:
        return False
    return root.dep_ != "poss" or not any(c.lower_ == "of" for c in head.children)


def in_locative_phrase(token: Token, by_token: Mapping[int, PlaceMention]) -> bool:
    """The place (or the site it names, or the place it is part of) is the object of a locative
    preposition, and no preposition above says it is a source or a purpose; or it names a site
    that is a verb's object ("defended Iraq's borders")."""
    if is_origin(token, by_token):
        return False
    place = by_token.get(token.i)
    names_site = False
    while token.head.i != token.i:
        head, dep = token.head, token.dep_
        if dep in ("appos", "conj") or (
            dep in MODIFIER_DEPS | {"flat"} and (head.i in by_token or is_site(head))
        ):
            names_site = names_site or is_site(head)
            token = head
        elif dep == "pobj" and head.lower_ == "of" and _is_part(head.head, by_token):
            token = head.head  # "the city of X", "the outskirts of X"
        elif dep == "pobj" and head.lower_ == "between":
            # "a truce between X and Y": countries there are the parties.
            return place is None or place.precision != "country"
        elif dep == "pobj":
            return PREP_RANK.get(head.lower_) == 0 and not any(
                a.lower_ in NOT_LOCATIVE for a in head.ancestors
            )
        else:
            return names_site and dep in ("dobj", "nsubjpass")
    return False


def _is_part(token: Token, by_token: Mapping[int, PlaceMention]) -> bool:
    return is_site(token) or token.lower_ in PART_NOUNS or token.i in by_token
