"""When are two stored events reports of the same real event? Pure functions on `DedupEvent`.

Two events may merge only when every hard constraint holds (`compatible`):

- type: same PLOVER type, or the same configured family (`[dedup] families`);
- factuality: equal (a denied attack is not the attack);
- dates: their effective intervals (`effective_interval`) are at most `window_days` apart;
- place: if both are geocoded finely enough, within `max_distance_km` (haversine); if both
  name a country, the same country; an unknown place is compatible with any place;
- actors: source with source and target with target, each compatible when either side is
  unknown, when both carry the same country, or (no country on either side) the same actor id.

Among compatible pairs, `similarity` scores 0..1 as a weighted mean of evidence similarity
(rapidfuzz token_set_ratio), count agreement, place, date and actor agreement; weights and the
merge threshold are settings. Unknown fields score a neutral 0.5, so missing data neither
merges nor separates events on its own.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, utils

from ..errors import ConfigError, Messages

# Precisions whose coordinates are a centroid of an area too large for a distance test:
# two places in one admin1 region can be 300 km apart and still name the same event's area.
COARSE_PRECISIONS = frozenset({"admin1", "country", "region"})

NEUTRAL = 0.5

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class Actor:
    """The parts of an event's source or target that identify it across documents."""

    id: str | None = None
    country: str | None = None
    sector: str | None = None

    @property
    def known(self) -> bool:
        return self.id is not None or self.country is not None


@dataclass(frozen=True, slots=True)
class Place:
    """An event location as dedup compares it."""

    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    precision: str | None = None

    @property
    def point(self) -> tuple[float, float] | None:
        """Coordinates precise enough for a distance test, or None."""
        if self.lat is None or self.lon is None or self.precision in COARSE_PRECISIONS:
            return None
        return (self.lat, self.lon)


@dataclass(frozen=True, slots=True)
class DedupEvent:
    """One stored event reduced to the fields clustering compares.

    `start`/`end` are the effective date interval (see `effective_interval`); `dated` says
    whether it comes from the event's own date rather than the published-day fallback.
    """

    event_id: str
    content_hash: str
    type: str
    factuality: str
    evidence: str
    start: dt.date | None
    end: dt.date | None
    dated: bool = False
    source: Actor = field(default_factory=Actor)
    target: Actor = field(default_factory=Actor)
    place: Place = field(default_factory=Place)
    counts: Mapping[str, int] = field(default_factory=dict)
    confidence: float = 0.5


@dataclass(frozen=True)
class DedupSettings:
    """The `[dedup]` settings (see default_config.toml for what each one means)."""

    enabled: bool = True
    window_days: int = 1
    max_interval_days: int = 7
    undated_lookback_days: int = 2
    max_distance_km: float = 50.0
    threshold: float = 0.6
    same_document_threshold: float = 0.8
    families: tuple[frozenset[str], ...] = ()
    weight_text: float = 0.35
    weight_counts: float = 0.15
    weight_place: float = 0.2
    weight_date: float = 0.15
    weight_actors: float = 0.15
    max_candidates: int = 500

    @classmethod
    def from_mapping(cls, table: Mapping[str, object], *, source: object = None) -> DedupSettings:
        """Settings from a `[dedup]` table; unknown keys or wrong types raise ConfigError E003."""
        known = {f for f in cls.__dataclass_fields__ if f != "families"}
        values: dict[str, object] = {}
        for key, value in table.items():
            if key == "families":
                values["families"] = _families(value, source)
                continue
            if key == "weights":
                if not isinstance(value, Mapping):
                    raise _config_error(source, "[dedup] weights must be a table")
                for name, weight in value.items():
                    values[f"weight_{name}"] = _number(f"weights.{name}", weight, source)
                continue
            if key not in known:
                raise _config_error(source, f"[dedup] has no setting '{key}'")
            default = getattr(cls, key)
            if isinstance(default, bool):
                if not isinstance(value, bool):
                    raise _config_error(source, f"[dedup] {key} must be true or false")
                values[key] = value
            elif isinstance(default, int):
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    raise _config_error(source, f"[dedup] {key} must be a whole number >= 0")
                values[key] = value
            else:
                values[key] = _number(key, value, source)
        unknown = {k for k in values if k.startswith("weight_")} - set(cls.__dataclass_fields__)
        if unknown:
            raise _config_error(source, f"[dedup.weights] has no weight '{sorted(unknown)[0][7:]}'")
        return cls(**values)  # type: ignore[arg-type]

    def family_of(self, event_type: str) -> str:
        """The name events of `event_type` are grouped under: the alphabetically first type of
        its family, or the type itself."""
        for family in self.families:
            if event_type in family:
                return min(family)
        return event_type


def _config_error(source: object, problem: str) -> ConfigError:
    return ConfigError(Messages.E003, path=source, problem=problem)


def _number(key: str, value: object, source: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise _config_error(source, f"[dedup] {key} must be a number >= 0")
    return float(value)


def _families(value: object, source: object) -> tuple[frozenset[str], ...]:
    problem = (
        "[dedup] families must be a list of lists of PLOVER types, e.g. [['ASSAULT', 'COERCE']]"
    )
    if not isinstance(value, list):
        raise _config_error(source, problem)
    families = []
    for group in value:
        if not isinstance(group, list) or not all(isinstance(t, str) for t in group):
            raise _config_error(source, problem)
        families.append(frozenset(t.upper() for t in group))
    return tuple(families)


# hard constraints ---------------------------------------------------------------------------


def effective_interval(
    date_start: dt.date | None,
    date_end: dt.date | None,
    published: dt.date | None,
    settings: DedupSettings,
) -> tuple[dt.date | None, dt.date | None, bool]:
    """The days an event may have happened on: `(start, end, dated)`.

    The event's own date interval when it has one no longer than `max_interval_days` (a date
    such as "in May" says too little to tell two reports apart); otherwise the
    `undated_lookback_days` before the published day, through that day (news reports mostly
    describe the last few days). `(None, None, False)` when neither is known: such an event is
    never merged.
    """
    if date_start is not None:
        end = date_end or date_start
        if (end - date_start).days <= settings.max_interval_days:
            return date_start, end, True
    if published is not None:
        return published - dt.timedelta(days=settings.undated_lookback_days), published, False
    return None, None, False


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points in degrees."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2
    h += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def date_gap_days(a: DedupEvent, b: DedupEvent) -> int | None:
    """Days between the two effective intervals (0 when they overlap), None if either unknown."""
    if a.start is None or a.end is None or b.start is None or b.end is None:
        return None
    return max(0, (b.start - a.end).days, (a.start - b.end).days)


def actors_compatible(a: Actor, b: Actor) -> bool:
    """Unknown is compatible with anything; otherwise same country, or (no countries) same id."""
    if a.country is not None and b.country is not None:
        return a.country == b.country
    if a.country is None and b.country is None and a.id is not None and b.id is not None:
        return a.id == b.id
    return True


def places_compatible(a: Place, b: Place, settings: DedupSettings) -> bool:
    """Same country when both are known, and within `max_distance_km` when both are points."""
    if a.country is not None and b.country is not None and a.country != b.country:
        return False
    pa, pb = a.point, b.point
    if pa is not None and pb is not None:
        return haversine_km(pa, pb) <= settings.max_distance_km
    return True


def compatible(a: DedupEvent, b: DedupEvent, settings: DedupSettings) -> bool:
    """Every hard constraint of the module docstring holds for the pair."""
    if settings.family_of(a.type) != settings.family_of(b.type):
        return False
    if a.factuality != b.factuality:
        return False
    gap = date_gap_days(a, b)
    if gap is None or gap > settings.window_days:
        return False
    return (
        places_compatible(a.place, b.place, settings)
        and actors_compatible(a.source, b.source)
        and actors_compatible(a.target, b.target)
    )


# soft agreement -----------------------------------------------------------------------------


def text_similarity(a: str, b: str) -> float:
    """rapidfuzz token_set_ratio of the two evidence sentences, lower-cased, as 0..1."""
    return fuzz.token_set_ratio(a, b, processor=utils.default_process) / 100.0


def count_agreement(a: Mapping[str, int], b: Mapping[str, int]) -> float:
    """Mean over the count kinds both report of min/max (11 vs 12 killed: 0.92); 0.5 if none
    is shared. Outlets disagree on tolls, so close numbers count as agreement."""
    shared = [k for k in a if k in b]
    if not shared:
        return NEUTRAL
    ratios = []
    for key in shared:
        x, y = a[key], b[key]
        ratios.append(1.0 if x == y else min(x, y) / max(x, y) if max(x, y) > 0 else 0.0)
    return sum(ratios) / len(ratios)


def place_agreement(a: Place, b: Place, settings: DedupSettings) -> float:
    """1 for the same GeoNames place, falling with distance for nearby points, 0.6 for the
    same country at coarse precision, 0.5 when either is unknown."""
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return 1.0
    pa, pb = a.point, b.point
    if pa is not None and pb is not None:
        limit = max(settings.max_distance_km, 1.0)
        return max(0.0, 1.0 - haversine_km(pa, pb) / limit)
    if a.country is not None and a.country == b.country:
        return 0.6
    return NEUTRAL


def date_agreement(a: DedupEvent, b: DedupEvent) -> float:
    """1 when both have their own date and the same single day, 0.8 when dated intervals
    overlap, 0.5 when a published-day fallback is involved; with a gap between the intervals
    (allowed up to `window_days`), 0 when both are dated and 0.3 otherwise."""
    gap = date_gap_days(a, b)
    if gap is None:
        return NEUTRAL
    if gap > 0:
        # Two reports that each date the event to a different day are more often two
        # events at one place than one event dated differently; the window still lets
        # the rest of the evidence merge them ("late Tuesday" vs "early Wednesday").
        return 0.0 if a.dated and b.dated else 0.3
    if not (a.dated and b.dated):
        return NEUTRAL
    return 1.0 if (a.start, a.end) == (b.start, b.end) and a.start == a.end else 0.8


def actor_agreement(a: DedupEvent, b: DedupEvent) -> float:
    """Mean over source and target: 1 for the same id, 0.8 same country, 0.5 unknown (or
    known on one side only), 0.6 for same sector without country."""
    scores = []
    for x, y in ((a.source, b.source), (a.target, b.target)):
        if x.id is not None and x.id == y.id:
            scores.append(1.0)
        elif x.country is not None and x.country == y.country:
            scores.append(0.8)
        elif x.sector is not None and x.sector == y.sector:
            scores.append(0.6)
        else:
            scores.append(NEUTRAL)
    return sum(scores) / len(scores)


def similarity(a: DedupEvent, b: DedupEvent, settings: DedupSettings) -> float:
    """Weighted mean of the agreement scores, 0..1; only meaningful for compatible pairs."""
    parts = (
        (settings.weight_text, text_similarity(a.evidence, b.evidence)),
        (settings.weight_counts, count_agreement(a.counts, b.counts)),
        (settings.weight_place, place_agreement(a.place, b.place, settings)),
        (settings.weight_date, date_agreement(a, b)),
        (settings.weight_actors, actor_agreement(a, b)),
    )
    total = sum(w for w, _ in parts)
    if total <= 0:
        return 0.0
    return sum(w * s for w, s in parts) / total


def merge_score(a: DedupEvent, b: DedupEvent, settings: DedupSettings) -> float | None:
    """The similarity if `a` may join `b`'s cluster on the strength of `b`, else None: hard
    constraints must hold and the score reach `threshold`, or `same_document_threshold` for
    two events of one document (a report restates its main event, which should merge, but
    also lists separate incidents, which a higher bar keeps apart)."""
    if not compatible(a, b, settings):
        return None
    score = similarity(a, b, settings)
    same_doc = a.content_hash == b.content_hash
    needed = settings.same_document_threshold if same_doc else settings.threshold
    return score if score >= needed else None


def inherit_places(events: Sequence[DedupEvent], settings: DedupSettings) -> list[DedupEvent]:
    """Events of one document, where an event with no precise place takes the precise place of
    the document's other events of its type family, when they all agree on one.

    A report restates its main event in sentences that name no place ("Demonstrators marched
    towards parliament"); without this, such an unlocated copy is compatible with the same kind
    of event anywhere in the country and can pull another city's reports into its cluster.
    """
    located: dict[str, set[Place]] = {}
    for event in events:
        if event.place.point is not None:
            located.setdefault(settings.family_of(event.type), set()).add(event.place)
    out = []
    for event in events:
        places = located.get(settings.family_of(event.type), set())
        if event.place.point is None and len(places) == 1:
            (place,) = places
            if event.place.country in (None, place.country):
                event = replace(event, place=place)
        out.append(event)
    return out
