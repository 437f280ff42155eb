"""Toponym disambiguation: choose one gazetteer entry for each toponym of a document.

Hand-written scoring (no installed library geocodes from document context): each candidate gets a
prior from its population, its kind (countries and first-level regions are what a bare name
usually means) and whether the name is its own or an alternate one; then bonuses from the
document: a qualifier ("Alexandria, Louisiana", "Alexandria in Louisiana"), a kind hint ("the city
of X"), the countries and first-level regions the document names, the regions and countries its
other toponyms could lie in (local news names several places of its own state or county: the
"local prior"), the counties it names (a town lies in the county named beside it), its home
country (a famous city abroad yields to a namesake at home), and nearness to its other places.
Two passes: the first chooses by prior alone
to learn the document's focus, the second rescores with it.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Sequence, Set

from .gazetteer import Candidate, Gazetteer, normalize
from .names import KIND_PREFIXES, KIND_SUFFIXES, Toponym, lookup

# A named place in a document is rarely a village when a country or a large city has that name.
KIND_PRIOR = {
    "country": 3.0,
    "admin1": 2.5,
    "region": 2.0,
    "admin2": 1.0,
    "city": 0.0,
    "point": 0.0,
}
ALTERNATE_NAME_PENALTY = 1.5
# The share of the document's evidence an alternate-name reading keeps when the name is also
# some place's own name (see `_rescore`).
ALTERNATE_EVIDENCE_SHARE = 0.5
# Regions known only from the derived tables (admin1.tsv, admin2.tsv, US counties: no GeoNames
# id) are thousands of districts and provinces whose names are also towns' names elsewhere; a
# bare name means one of them mostly when the document is about its country, which the focus
# bonuses below add back.
DERIVED_REGION_PENALTY = 2.5
# A derived district's population is its largest town's, which is sometimes a big city that
# lends the district nothing but a point ("Cambridge" the Perth suburb district).
DERIVED_ADMIN2_MAX_POPULATION = 100_000
# "Washington" in a news report is the capital far more often than the state or the towns.
CAPITAL_BONUS = 3.0
HINT_BONUS = 4.0
# Per unit of support from the document's other toponyms (each spreads one vote over the
# first-level regions, or countries, its candidates lie in), capped at SUPPORT_CAP units.
REGION_SUPPORT_BONUS = 2.5
COUNTRY_SUPPORT_BONUS = 1.0
SUPPORT_CAP = 2.0
# A toponym's vote for the first-level regions of its readings follows the square root of
# their prior weights: a big city's state gets more of it, a namesake town's state some.
REGION_VOTE_EXPONENT = 0.5
# A toponym votes only for its plausible readings: candidates whose prior is within this margin
# of its best ("Warsaw" votes for Poland, not for the Warsaws of Indiana and Ohio).
VOTE_MARGIN = 3.0
VOTE_EPSILON = 1e-9
ROUNDS = 2
# A reading far below the name's best (see VOTE_MARGIN) keeps this share of the document's
# evidence for its country and state when the document names the best reading's country and
# has no home of its own: "Cairo" in a world report naming Egypt and Illinois is the capital.
OBSCURE_EVIDENCE_SHARE = 0.5
QUALIFIER_BONUS = 6.0
FOCUS_COUNTRY_BONUS = 2.0
TOP_COUNTRY_BONUS = 1.0
# A document that names a state and a town names the town in that state, as a rule.
FOCUS_ADMIN1_BONUS = 3.5
NEAR_BONUS = 1.0
NEAR_KM = 300.0
# Local news names neighbouring small towns: a reading with other toponyms' readings within
# CLUSTER_KM gains CLUSTER_BONUS per unit of support (see CLUSTER_EXPONENT), capped at
# SUPPORT_CAP units.
CLUSTER_KM = 60.0
CLUSTER_BONUS = 3.0
# Each neighbour's support is its number of located readings to the power -CLUSTER_EXPONENT:
# a name with many namesakes says less ("Springfield" near anything), but not nothing, when
# several of the document's names meet in one place ("Pandi" and "Bulacan" in Central Luzon).
CLUSTER_EXPONENT = 0.75
CLUSTER_PRECISIONS = frozenset({"city", "admin2", "point"})
# A local document: the other toponyms' country votes go (almost) all to one country, from at
# least LOCAL_MIN_VOTES distinct names. Its readings there beat a famous namesake abroad ("Paris"
# among Tennessee towns), which an international report naming places of several countries keeps.
LOCAL_COUNTRY_BONUS = 3.0
LOCAL_MIN_VOTES = 2.0
LOCAL_MIN_SHARE = 0.9
# A document's home country: HOME_MIN_SHARE of its towns', counties' and states' votes, at
# least HOME_MIN_VOTES of them (a county "X County" counts COUNTY_HOME_WEIGHT: only local news
# names counties). Country names do not vote ("Paris" beside "the United States" is the capital).
# In such a document a famous city abroad loses FOREIGN_CITY_PENALTY against a namesake at
# home: the capital's prior reflects world news, not a county paper ("Rome" beside Utica). One
# other name's vote (WEAK_HOME_MIN_VOTES) is enough when one of the name's readings at home
# lies next to one of that name's ("Paris" and Clarksville meet in Texas, nowhere near France).
HOME_MIN_VOTES = 1.9
HOME_MIN_SHARE = 0.8
WEAK_HOME_MIN_VOTES = 0.9
COUNTY_HOME_WEIGHT = 2.0
FOREIGN_CITY_PENALTY = 5.0
# A town within COUNTY_TOWN_KM of the point of a county the document names lies in it, as a
# rule: the town and the county reading each gain COUNTY_TOWN_BONUS (more than a small town
# lacks against a famous namesake), unless the document names a state that excludes them.
COUNTY_TOWN_KM = 40.0
COUNTY_TOWN_BONUS = 5.5
# Evidence for a reading's country (support, named, most named, local) or for its state
# (support, named) is one fact seen several ways: it adds up to these caps, so that a village
# in a named state does not pile up bonuses against the city the text means ("New Haven"
# beside Kentucky towns and Connecticut).
COUNTRY_EVIDENCE_CAP = 6.0
REGION_EVIDENCE_CAP = 5.0
# A name among a list of states (countries, world regions) is one of them: "Michigan, Ohio,
# Indiana, Illinois and Wyoming" names the state, though a Michigan town is called Wyoming.
# Counted over the other names' readings by prior alone, PEER_MIN of them of the same kind.
PEER_PRECISIONS = frozenset({"country", "admin1", "region"})
PEER_MIN = 4
PEER_BONUS = 4.0
# A country or a state under its own name is what a bare name means when a namesake town ranks
# this far below it by prior ("Peru", "Oklahoma" beside a report naming Massachusetts or
# Pennsylvania): the town wins only when the text qualifies it ("Peru, Indiana") or, for a
# foreign country's name, when the document is local to the town's country ("Jordan" among
# Minnesota towns). Large cities ("New York") stay within the margin and are scored as usual.
DOMINANT_MARGIN = 4.0
DOMINANT_PRECISIONS = frozenset({"country", "admin1"})
# A country's name shared by two countries or with a state ("Congo", "Georgia") means the one
# whose capital or towns the document names: "Brazzaville" makes "Congo" the Republic of the
# Congo, "Gori" makes "Georgia" the country even in an American report.
INNER_PLACE_BONUS = 3.0
INNER_PRECISIONS = frozenset({"city", "admin1", "admin2"})
# Subdivisions the gazetteer lacks: a town of the same name stands in only if it lies in a
# first-level region the document names (counties are small; the state is not).
SUBDIVISION_WORDS = frozenset({"county", "parish", "district", "township", "twp"})
# Shorter names in capitals are mostly abbreviations ("UAE", "USA").
DATELINE_MIN_LETTERS = 5


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _distance(a: Candidate, b: Candidate) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def candidates_for(gazetteer: Gazetteer, toponym: Toponym) -> list[Candidate]:
    """The entries the toponym's text may name, trying it without a kind word, a leading "City
    of" or direction word, or trailing facility words ("Lamar County Jail") if need be, and
    as a last resort the entries of a part of it (see `_best_part`)."""
    return lookup(gazetteer, toponym, prior)[0]


def _is_subdivision_name(toponym: Toponym) -> bool:
    """ "Lamar County": the gazetteer has no counties, only towns that share their name."""
    words = toponym.text.rsplit(" ", 1)
    return len(words) == 2 and words[1].lower() in SUBDIVISION_WORDS


def _names_county(toponym: Toponym) -> bool:
    """ "Lamar County", "Lamar County Jail", "Barrow" of "Barrow and Jackson counties": the
    text names a county, alone or as an institution's seat."""
    if toponym.hint == "admin2":
        return True
    words = toponym.text.split()
    return any(w.lower() in ("county", "parish") for w in words[1:])


def prior(candidate: Candidate, toponym: Toponym) -> float:
    """Score of a candidate from what it is, before looking at the rest of the document."""
    population = candidate.population
    derived = candidate.geonameid is None and candidate.precision in ("admin1", "admin2")
    if derived and candidate.precision == "admin2":
        population = min(population, DERIVED_ADMIN2_MAX_POPULATION)
    score = math.log10(population + 10) + KIND_PRIOR.get(candidate.precision, 0.0)
    if not candidate.primary:
        score -= ALTERNATE_NAME_PENALTY
    # Only under its own name: "Salisbury" is not Harare, whatever the city was once called.
    if candidate.capital and candidate.primary:
        score += CAPITAL_BONUS
    hint = toponym.hint if toponym.hint is not None else _kind_word_hint(toponym.text)
    if hint is not None and candidate.precision == hint:
        score += HINT_BONUS
    elif derived:
        # Asked for by a kind word ("Nineveh province", "Barrow and Jackson counties"), a
        # derived region is as good as any.
        score -= DERIVED_REGION_PENALTY
    return score


# Called for every candidate of every toponym in every round: the answers depend on the text
# alone, and a document repeats its names.
@functools.lru_cache(maxsize=4096)
def _kind_word_hint(text: str) -> str | None:
    """The kind the toponym's own words ask for: "Nineveh province", "City of Norfolk", a
    dateline in capitals (a city)."""
    words = text.rsplit(" ", 1)
    hint = KIND_SUFFIXES.get(words[-1].lower()) if len(words) == 2 else None
    if hint is None:
        lowered = text.lower()
        hint = next((k for p, k in KIND_PREFIXES.items() if lowered.startswith(p + " ")), None)
    if hint is None and _is_dateline(text):
        hint = "city"
    return hint


@functools.lru_cache(maxsize=4096)
def _name_words(name: str) -> frozenset[str]:
    return frozenset(normalize(name).split())


def _unrelated_name(candidate: Candidate, toponym: Toponym) -> bool:
    """Whether the toponym shares no word with the candidate's own name: a former or foreign
    name ("Maryville" for Beeville), not a short form ("Avondale" for Avondale Estates)."""
    return not _name_words(toponym.text) & _name_words(candidate.name)


def _is_dateline(text: str) -> bool:
    """A name in capitals, longer than an abbreviation ("LEBANON (AP) -", "WASHINGTON -"): news
    datelines name the city a story is filed from, never a country or a state."""
    return text.isupper() and sum(ch.isalpha() for ch in text) >= DATELINE_MIN_LETTERS


def _qualifies(candidate: Candidate, qualifier: Candidate) -> bool:
    if qualifier.precision == "country":
        return candidate.country == qualifier.country
    if qualifier.precision == "admin1":
        return candidate.country == qualifier.country and candidate.admin1 == qualifier.admin1
    distance = _distance(candidate, qualifier)
    return distance is not None and distance < NEAR_KM


def resolve(gazetteer: Gazetteer, toponyms: Sequence[Toponym]) -> list[Candidate | None]:
    """The chosen entry for each toponym, in order; None where the gazetteer has no entry."""
    found = [lookup(gazetteer, t, prior) for t in toponyms]
    options = [opts for opts, _ in found]
    # A name read from a part of a longer one ("Newark Live Bait") is located but says too
    # little to place the others.
    silent = {i for i, (_, partial) in enumerate(found) if partial}
    chosen: list[Candidate | None] = [
        max(opts, key=lambda c, t=t: prior(c, t)) if opts else None  # type: ignore[misc]
        for t, opts in zip(toponyms, options, strict=True)
    ]
    # Each round learns the document's focus from the previous round's choices; the second
    # round corrects, e.g., "Georgia" the country into the state once Atlanta has been placed.
    # The focus is learnt from the prior choices and every round's, so a choice that a round
    # overturns still counts as context (otherwise "New York" flips between city and state).
    context = list(chosen)
    for _ in range(ROUNDS):
        chosen = _rescore(toponyms, options, context, silent)
        context.extend(chosen)
    return chosen


Key = tuple[int, ...]


def _key(options: list[Candidate]) -> Key:
    """What a toponym may name: its text's vote is one per set of candidates, so "Paris" and
    "Paris City Hall" vote once, and neither supports the other."""
    return tuple(sorted(c.index for c in options))


def _votes(
    toponyms: Sequence[Toponym], options: list[list[Candidate]]
) -> tuple[dict[str, dict[Key, float]], dict[str, dict[Key, float]]]:
    """Region key -> {toponym key: vote}, and the same for countries.

    Each distinct toponym (set of candidates) spreads one vote over the regions (countries) its
    plausible candidates lie in, weighted by their priors (see REGION_VOTE_EXPONENT), so an
    unambiguous town votes fully for its state and "Springfield" votes little for any one.
    Countries and continents do not vote for regions.
    """
    regions: dict[str, dict[Key, float]] = {}
    countries: dict[str, dict[Key, float]] = {}
    seen: set[Key] = set()
    for toponym, opts in zip(toponyms, options, strict=True):
        key = _key(opts)
        if key in seen or not opts:
            continue
        seen.add(key)
        priors = [prior(c, toponym) for c in opts]
        top = max(priors)
        # A reading's share of the vote follows its prior (ten times the population, ten times
        # the weight): "Urbana" votes for Illinois, hardly for its Italian namesake.
        weights = [(c, 10.0 ** (p - top)) for c, p in zip(opts, priors, strict=True)]
        weights = [(c, w) for c, w in weights if w >= 10.0**-VOTE_MARGIN]
        local = [
            (c.region, w**REGION_VOTE_EXPONENT)
            for c, w in weights
            if c.region and c.precision != "country"
        ]
        total = sum(w for _, w in local)
        for region, w in local:
            votes = regions.setdefault(region, {})
            votes[key] = votes.get(key, 0.0) + w / total
        codes = [(c.country, w) for c, w in weights if c.country]
        total = sum(w for _, w in codes)
        for code, w in codes:
            votes = countries.setdefault(code, {})
            votes[key] = votes.get(key, 0.0) + w / total
    return regions, countries


def _cluster_support(options: list[list[Candidate]], keys: list[Key]) -> dict[int, float]:
    """Candidate index -> support from the other toponyms' readings near it (see CLUSTER_KM)."""
    located: dict[Key, list[Candidate]] = {}
    for key, opts in zip(keys, options, strict=True):
        if key not in located:
            located[key] = [
                c
                for c in opts
                if c.precision in CLUSTER_PRECISIONS and c.lat is not None and c.lon is not None
            ]
    cells: dict[tuple[int, int], list[tuple[Key, Candidate]]] = {}
    for key, found in located.items():
        for c in found:
            assert c.lat is not None and c.lon is not None
            cells.setdefault((math.floor(c.lat), math.floor(c.lon)), []).append((key, c))
    support: dict[int, float] = {}
    for key, found in located.items():
        for c in found:
            assert c.lat is not None and c.lon is not None
            row, col = math.floor(c.lat), math.floor(c.lon)
            near: set[Key] = set()
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    for other, o in cells.get((row + dr, col + dc), ()):
                        if other != key and other not in near:
                            d = _distance(c, o)
                            if d is not None and d < CLUSTER_KM:
                                near.add(other)
            if near:
                support[c.index] = sum(len(located[k]) ** -CLUSTER_EXPONENT for k in near)
    return support


def _county_support(
    toponyms: Sequence[Toponym], options: list[list[Candidate]], keys: list[Key]
) -> set[int]:
    """Indexes of readings that a county named in the document confirms: a town within
    COUNTY_TOWN_KM of a reading of another toponym that is a county ("X County"), and that
    county reading itself. Local news names a town with its county ("Paris and Henry County"):
    both names are common, but their readings meet in one state only."""
    counties: dict[tuple[int, int], list[tuple[Key, Candidate]]] = {}
    for toponym, key, opts in zip(toponyms, keys, options, strict=True):
        if not _names_county(toponym):
            continue
        for c in opts:
            if c.precision == "admin2" and c.lat is not None and c.lon is not None:
                counties.setdefault((math.floor(c.lat), math.floor(c.lon)), []).append((key, c))
    confirmed: set[int] = set()
    if not counties:
        return confirmed
    seen: set[Key] = set()
    for key, opts in zip(keys, options, strict=True):
        if key in seen:
            continue
        seen.add(key)
        for c in opts:
            if c.precision != "city" or not c.primary or c.lat is None or c.lon is None:
                continue
            row, col = math.floor(c.lat), math.floor(c.lon)
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    for other, county in counties.get((row + dr, col + dc), ()):
                        d = _distance(c, county)
                        if other != key and d is not None and d < COUNTY_TOWN_KM:
                            confirmed.add(c.index)
                            confirmed.add(county.index)
    return confirmed


def _local_countries(
    country_votes: dict[str, dict[Key, float]],
    min_votes: float = LOCAL_MIN_VOTES,
    voters: dict[Key, float] | None = None,
    min_share: float = LOCAL_MIN_SHARE,
) -> dict[Key, str]:
    """Toponym key -> the country all the document's other toponyms lie in, for texts whose
    document is local: at least `min_votes` of the others' votes, `min_share` of them
    for one country. When `voters` is given, only they vote, each with its weight."""
    texts = {k for votes in country_votes.values() for k in votes}
    if voters is not None:
        country_votes = {
            code: {k: v * voters[k] for k, v in votes.items() if k in voters}
            for code, votes in country_votes.items()
        }
    totals = {code: sum(votes.values()) for code, votes in country_votes.items()}
    out: dict[Key, str] = {}
    for key in texts:
        support = {
            code: total - country_votes[code].get(key, 0.0) for code, total in totals.items()
        }
        total = sum(support.values())
        # Votes are sums of shares: two whole votes may add up to 1.9999999999999996.
        if total < min_votes - VOTE_EPSILON:
            continue
        code, best = max(support.items(), key=lambda kv: kv[1])
        if best >= min_share * total:
            out[key] = code
    return out


def _rescore(
    toponyms: Sequence[Toponym],
    options: list[list[Candidate]],
    context: list[Candidate | None],
    silent: Set[int] = frozenset(),
) -> list[Candidate | None]:
    first = context[: len(toponyms)]
    voting = [[] if i in silent else opts for i, opts in enumerate(options)]
    # Who names what: a toponym's own earlier choice must not vote for its own alternatives,
    # nor may the same name's other mentions ("New York" twice does not name the state for the
    # city of the same name).
    keys = [_key(opts) for opts in options]
    named_countries: dict[str | None, set[Key]] = {}
    named_admin1: dict[tuple[str | None, str | None], set[Key]] = {}
    for k, c in enumerate(context):
        if k % len(toponyms) in silent:
            continue
        if c is not None and c.precision == "country":
            named_countries.setdefault(c.country, set()).add(keys[k % len(toponyms)])
        if c is not None and c.precision == "admin1":
            named_admin1.setdefault((c.country, c.admin1), set()).add(keys[k % len(toponyms)])
    # A name counts once however often it is repeated ("Paris" six times is one vote).
    distinct = {k: c for i, (k, c) in enumerate(zip(keys, first, strict=True)) if i not in silent}
    counts = Counter(c.country for c in distinct.values() if c and c.country)
    top_country = counts.most_common(1)[0][0] if counts else None
    often = {k for k, n in counts.items() if n >= 2}
    # Countries the document names a town or a province of, and by which names.
    inner: dict[str | None, set[Key]] = {}
    for name, place in distinct.items():
        if place is not None and place.precision in INNER_PRECISIONS:
            inner.setdefault(place.country, set()).add(name)
    kinds: Counter[str] = Counter(c.precision for c in distinct.values() if c is not None)
    region_votes, country_votes = _votes(toponyms, voting)
    local = _local_countries(country_votes)
    # The document's home (see HOME_MIN_VOTES).
    subnational: dict[Key, float] = {}
    for key, toponym, opts in zip(keys, toponyms, options, strict=True):
        if opts:
            best = max(opts, key=lambda c, t=toponym: prior(c, t))  # type: ignore[misc]
            if _names_county(toponym):
                subnational[key] = COUNTY_HOME_WEIGHT
            elif best.precision not in ("country", "region"):
                subnational[key] = 1.0
    home = _local_countries(country_votes, HOME_MIN_VOTES, subnational, HOME_MIN_SHARE)
    weak_home = _local_countries(country_votes, WEAK_HOME_MIN_VOTES, subnational, HOME_MIN_SHARE)
    voting_keys = [_key(opts) for opts in voting]
    cluster = _cluster_support(voting, voting_keys)
    by_county = _county_support(toponyms, voting, voting_keys)
    anchors = [
        c
        for c, opts in zip(first, options, strict=True)
        if c and len(opts) == 1 and c.precision == "city"
    ]

    chosen: list[Candidate | None] = []
    for i, (toponym, opts) in enumerate(zip(toponyms, options, strict=True)):
        focus = often | {k for k, who in named_countries.items() if who - {keys[i]}}
        admin1 = {k for k, who in named_admin1.items() if who - {keys[i]}}
        if _is_subdivision_name(toponym):
            opts = [c for c in opts if c.precision == "admin2" or (c.country, c.admin1) in admin1]
        if not opts:
            chosen.append(None)
            continue
        qualifier = first[toponym.qualifier] if toponym.qualifier is not None else None
        own = distinct.get(keys[i])
        peers = kinds - Counter([own.precision] if own else [])
        # "Mexico" in a report about Mexico is the country, not the capital that shares its name:
        # the document's focus on a country adds nothing to the country's own namesakes.
        named = {c.country for c in opts if c.precision == "country" and c.primary}
        # Neighbours choose among comparable readings; they do not overturn a famous one
        # ("Washington" stays the capital beside a village near Washington, England).
        priors = {c.index: prior(c, toponym) for c in opts}
        floor = max(priors.values()) - VOTE_MARGIN
        # Countries the document names whose reading of this name is a prominent one (see
        # OBSCURE_EVIDENCE_SHARE).
        famous = {c.country for c in opts if c.country in focus and priors[c.index] >= floor}
        dominant = [
            c
            for c in opts
            if c.precision in DOMINANT_PRECISIONS
            and (c.primary or c.precision == "country")
            and c.geonameid is not None
        ]
        dominant_floor = max((priors[c.index] for c in dominant), default=-math.inf)

        def score(
            c: Candidate,
            toponym: Toponym = toponym,
            focus: set[str | None] = focus,
            admin1: set[tuple[str | None, str | None]] = admin1,
            qualifier: Candidate | None = qualifier,
            key: Key = keys[i],
            named: set[str | None] = named,
            floor: float = floor,
            dominant: list[Candidate] = dominant,
            dominant_floor: float = dominant_floor - DOMINANT_MARGIN,
            opts: list[Candidate] = opts,
            peers: Counter[str] = peers,
            priors: dict[int, float] = priors,
            famous: set[str | None] = famous,
        ) -> float:
            s = priors[c.index]
            qualified = qualifier is not None and _qualifies(c, qualifier)
            # A state the document names outranks a county's namesake elsewhere.
            in_named_state = not admin1 or (c.country, c.admin1) in admin1
            by_named_county = c.index in by_county and in_named_state
            if c.precision in CLUSTER_PRECISIONS and s < dominant_floor and not qualified:
                local_country = local.get(key)
                if local_country is None and c.index in cluster:
                    # A town beside another of the document's towns ("Jordan" and Shakopee).
                    local_country = weak_home.get(key)
                if by_named_county:
                    # A county named beside the town places it at home: "LEBANON" beside
                    # Warren County and Ohio is the county seat, not the country.
                    local_country = c.country
                foreign = all(d.country != c.country for d in dominant)
                if not (foreign and local_country is not None and local_country == c.country):
                    return s
            region_gain = country_gain = 0.0
            if c.region is not None and c.precision != "country":
                votes = region_votes.get(c.region, {})
                support = sum(v for k, v in votes.items() if k != key)
                region_gain += REGION_SUPPORT_BONUS * min(support, SUPPORT_CAP)
            if c.country is not None:
                votes = country_votes.get(c.country, {})
                support = sum(v for k, v in votes.items() if k != key)
                country_gain += COUNTRY_SUPPORT_BONUS * min(support, SUPPORT_CAP)
            if qualified:
                s += QUALIFIER_BONUS
            if c.precision == "country" and inner.get(c.country, set()) - {key}:
                s += INNER_PLACE_BONUS
            if c.precision in PEER_PRECISIONS and peers[c.precision] >= PEER_MIN:
                s += PEER_BONUS
            if by_named_county:
                s += COUNTY_TOWN_BONUS
            home_country = home.get(key)
            if home_country is None and key in weak_home:
                # Fewer places, but one of them lies next to a reading at home: "Paris" and
                # "Clarksville" meet in Texas (and Tennessee), nowhere near France.
                weak = weak_home[key]
                if any(o.country == weak and o.index in cluster for o in opts):
                    home_country = weak
            if (
                home_country is not None
                and c.precision == "city"
                and c.country != home_country
                and any(o.country == home_country for o in opts)
            ):
                s -= FOREIGN_CITY_PENALTY
            if c.precision != "country" and c.country not in named:
                if c.country in focus:
                    country_gain += FOCUS_COUNTRY_BONUS
                if c.country is not None and c.country == top_country:
                    country_gain += TOP_COUNTRY_BONUS
                if c.country is not None and local.get(key) == c.country:
                    country_gain += LOCAL_COUNTRY_BONUS
                if (c.country, c.admin1) in admin1 and c.precision != "admin1":
                    region_gain += FOCUS_ADMIN1_BONUS
                if priors[c.index] >= floor or c.country == home_country:
                    s += CLUSTER_BONUS * min(cluster.get(c.index, 0.0), SUPPORT_CAP)
                near = (_distance(c, a) for a in anchors if a.index != c.index)
                if any(d is not None and d < NEAR_KM for d in near):
                    s += NEAR_BONUS
            evidence = min(country_gain, COUNTRY_EVIDENCE_CAP)
            evidence += min(region_gain, REGION_EVIDENCE_CAP)
            obscure = priors[c.index] < floor and not qualified
            if obscure and home_country is None and famous - {c.country}:
                evidence *= OBSCURE_EVIDENCE_SHARE
            return s + evidence

        # A name that is some town's own name reads as another place's alternate name only on
        # much stronger evidence: "Maryville" among Illinois towns is not Beeville, Texas
        # (once called Maryville), "Berea" not Aleppo; "Bombay" is still Mumbai.
        own_name = any(c.primary for c in opts)

        def weighed(
            c: Candidate,
            own_name: bool = own_name,
            toponym: Toponym = toponym,
            priors: dict[int, float] = priors,
        ) -> float:
            s = score(c)
            if own_name and not c.primary and _unrelated_name(c, toponym):
                base = priors[c.index]
                s = base + ALTERNATE_EVIDENCE_SHARE * (s - base)
            return s

        # On a tie (a province named after its city, with the city's population), the city:
        # "protested in Mombasa" happened in the town.
        ranked = (
            [(weighed(c), c.precision == "city") for c in opts] if len(opts) > 1 else [(0.0, True)]
        )
        chosen.append(opts[ranked.index(max(ranked))])
    return chosen
