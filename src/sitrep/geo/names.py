"""The gazetteer entries a toponym's text may name: the text itself, then its variants.

"Saint"/"St.", a leading "City of" or direction word, a trailing kind word ("Lamar County"),
an institution's name around a place's ("Lamar County Jail", "Paris City Hall"), and as a last
resort the most prominent part of a name the gazetteer lacks ("Newark Live Bait"). Scoring the
entries against the document is `resolve.py`'s job; the part rule takes its ranking from there.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from .gazetteer import Candidate, Gazetteer

# Words a toponym may carry that a gazetteer name does not ("Nineveh province").
KIND_SUFFIXES = {
    "parish": "admin2",
    "township": "admin2",
    "province": "admin1",
    "governorate": "admin1",
    "state": "admin1",
    "region": "region",
    "district": "admin2",
    "county": "admin2",
    "city": "city",
    "oblast": "admin1",
    "krai": "admin1",
    "kray": "admin1",
    "prefecture": "admin1",
    "voivodeship": "admin1",
    "canton": "admin1",
}


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name recognised in the text, before geocoding.

    `hint` is a kind the context asks for ("the city of X" -> "city"); `qualifier` is the index,
    in the same list, of a toponym that locates this one ("X, Y" or "X in Y").
    """

    text: str
    start: int
    end: int
    hint: str | None = None
    qualifier: int | None = None


# "City of Norfolk", "Province of Ontario": the kind word before the name.
KIND_PREFIXES = {"city of": "city", "town of": "city", "village of": "city"}


KIND_PREFIXES |= {"province of": "admin1", "state of": "admin1", "county of": "admin2"}


# "Northeast Georgia", "southern Iraq": a part of the named place, at the place's point.
PART_WORDS = frozenset(
    "north south east west northern southern eastern western central northeast northwest "
    "southeast southwest upstate downstate greater".split()
)


# Words that turn a place's name into an institution's or a facility's there ("Lamar County
# Jail", "Paris City Hall", "Vancouver International Airport"): the place is the name before.
FACILITY_WORDS = frozenset(
    "jail sheriff sheriffs police airport international hall court courthouse commissioners "
    "commission council fire department office schools school hospital elections board "
    "library college university station prison detention village park".split()
)


STREET_WORDS = frozenset(
    "street avenue ave road rd drive dr lane ln boulevard blvd way square highway hwy route "
    "court ct place pl terrace parkway pkwy pike trail circle alley".split()
)


PART_MIN_POPULATION = 20_000


_SAINT = re.compile(r"\b(?:(St\.?)|Saint)\s+")


# Words that never name a place on their own inside a longer name.
PART_STOPWORDS = frozenset({"the", "of", "and", "&", "new", "old", "saint", "st", "mount", "mt"})


# Arabic articles and name words that open place names ("Al-Bayaa", "Tel Abyad", "Deir Hafer"):
# alone they are not the place (nor the Norwegian village Ål).
ARABIC_NAME_WORDS = frozenset(
    "al el ad ar as ash at az an abu bin ibn umm beit bayt deir dayr tel tal tall ras ain "
    "kafr khan".split()
)
PART_STOPWORDS |= ARABIC_NAME_WORDS


def _facility_prefixes(words: list[str]) -> list[str]:
    """The leading names of an institution's name, longest first: "Lamar County Volunteer Fire
    Department" -> "Lamar County" (it ends with a kind word) ; "Paris City Hall" -> "Paris" (a
    kind or facility word follows it)."""
    out = []
    for n in range(len(words) - 1, 0, -1):
        last, following = words[n - 1].lower(), words[n].lower().rstrip("’'s")
        if last in KIND_SUFFIXES or following in FACILITY_WORDS or following in KIND_SUFFIXES:
            out.append(" ".join(words[:n]))
    return out


Rank = Callable[[Candidate, "Toponym"], float]


def lookup(gazetteer: Gazetteer, toponym: Toponym, rank: Rank) -> tuple[list[Candidate], bool]:
    """`candidates_for`, and whether the entries are only a part's."""
    found = _whole(gazetteer, toponym)
    if found:
        return found, False
    # Hyphens join names too: "Greenbrier-Pocahontas County", "Asia-Pacific".
    part = _best_part(gazetteer, toponym, toponym.text.replace("-", " ").split(), rank)
    return part, bool(part)


def _whole(gazetteer: Gazetteer, toponym: Toponym) -> list[Candidate]:
    found = gazetteer.lookup(toponym.text)
    if toponym.hint == "admin2":
        # "Barrow" of "Barrow and Jackson counties": the gazetteer names it "Barrow County".
        for word in ("County", "Parish", "District"):
            found = found + gazetteer.lookup(f"{toponym.text} {word}")
    if found:
        return found
    text = toponym.text
    saint = _SAINT.sub(lambda m: "Saint " if m.group(1) else "St. ", text)
    if saint != text:
        # GeoNames spells some "Saint-Marc", others "St. Bernard Parish".
        found = gazetteer.lookup(saint)
        if found:
            return found
    lowered = text.lower()
    for prefix in KIND_PREFIXES:
        if lowered.startswith(prefix + " "):
            return gazetteer.lookup(text[len(prefix) + 1 :])
    words = text.split()
    if len(words) >= 2 and words[0].lower() in PART_WORDS:
        return gazetteer.lookup(" ".join(words[1:]))
    if len(words) == 2 and words[1].lower() in KIND_SUFFIXES:
        return gazetteer.lookup(words[0])
    for stem in _facility_prefixes(words):
        found = _whole(gazetteer, Toponym(stem, toponym.start, toponym.end))
        if found:
            return found
    return []


def _best_part(
    gazetteer: Gazetteer, toponym: Toponym, words: list[str], rank: Rank
) -> list[Candidate]:
    """For a name the gazetteer lacks, the entries of its leading or trailing words, whichever
    part names the most prominent place under its own name: "Newark Live Bait" -> "Newark",
    "Historic Dublin" -> "Dublin", "United Georgia" -> "Georgia", not the hamlet "United".
    A last word alone ("Russian Empire", "Civic Center") is usually the kind of thing named, so
    it counts only as a town of PART_MIN_POPULATION, a country or a region: small towns are
    called "Empire", "Center" or "Republic"."""
    best: list[Candidate] = []
    best_score = -math.inf
    # A street is named after a place, not in it ("Washington Street"); a river or a lake
    # mostly runs past its namesake town ("Kanawha River").
    if any(w.lower().rstrip(".") in STREET_WORDS for w in words):
        return best
    for n in range(len(words) - 1, 0, -1):
        for part, head in ((words[:n], False), (words[-n:], n == 1)):
            if not part[0][:1].isupper() or (n == 1 and part[0].lower() in PART_STOPWORDS):
                continue
            found = gazetteer.lookup(" ".join(part))
            own = [
                rank(c, toponym)
                for c in found
                if c.primary
                and (not head or c.precision != "city" or c.population >= PART_MIN_POPULATION)
            ]
            if own and max(own) > best_score:
                best, best_score = found, max(own)
    return best
