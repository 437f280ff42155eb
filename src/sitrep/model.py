"""Typed records that cross module boundaries, and their exact JSON form (shared/CONTRACT.md).

Every record is a frozen dataclass; `to_dict()` returns the contract's JSON object with the
contract's key order. Character offsets are Python `str` indices into the document text as given,
end exclusive. Unknown values are `None`, never invented.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Factuality = Literal["asserted", "negated", "hypothetical", "future"]
FACTUALITY_VALUES: tuple[str, ...] = ("asserted", "negated", "hypothetical", "future")

PlacePrecision = Literal["point", "city", "admin2", "admin1", "country", "region"]
PLACE_PRECISIONS: tuple[str, ...] = ("point", "city", "admin2", "admin1", "country", "region")

TimePrecision = Literal["day", "week", "month", "quarter", "year", "decade", "unknown"]
TIME_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "quarter", "year", "decade", "unknown")

COUNT_KEYS: tuple[str, ...] = (
    "killed",
    "injured",
    "arrested",
    "displaced",
    "troops",
    "participants",
)


@dataclass(frozen=True, slots=True)
class Article:
    """One input document."""

    id: str
    text: str
    published: dt.date | None = None
    title: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the document text: `text == document[start:end]`."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor named in the text, resolved to country and sector where the dictionaries allow.

    Also serves as the contract's ActorRef (an event's source or target).
    """

    text: str
    start: int
    end: int
    name: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3, or IGO/NGO/ISM/IMG/MNC/UNO/EUR, or None
    sector: str | None = None  # PLOVER sector code, or None
    id: str | None = None  # stable actor id across documents, or None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "id": self.id,
        }


ActorRef = ActorMention


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A toponym in the text, geocoded where the gazetteer allows. Also the contract's PlaceRef."""

    text: str
    start: int
    end: int
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166-1 alpha-3
    admin1: str | None = None
    precision: PlacePrecision | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "name": self.name,
            "geonameid": self.geonameid,
            "lat": self.lat,
            "lon": self.lon,
            "country": self.country,
            "admin1": self.admin1,
            "precision": self.precision,
        }


PlaceRef = PlaceMention


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A temporal expression normalised to a TIMEX3-style value. Also the contract's TimeRef."""

    text: str
    start: int
    end: int
    value: str | None = None  # YYYY-MM-DD, YYYY-MM, YYYY, YYYY-Www, PRESENT_REF, P3D, ...
    precision: TimePrecision | None = None
    start_date: str | None = None  # first day of the interval the value covers, ISO date
    end_date: str | None = None  # last day of that interval, ISO date

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "precision": self.precision,
            "start_date": self.start_date,
            "end_date": self.end_date,
        }


TimeRef = TimeMention


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence an event is reported in, and the word that triggers it."""

    text: str
    start: int
    end: int
    trigger: Span

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "trigger": self.trigger.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event: who did what to whom, where, when and how many."""

    id: str
    type: str  # PLOVER event type, upper case
    evidence: Evidence
    mode: str | None = None
    contexts: tuple[str, ...] = ()
    cameo_root: str | None = None
    quad_class: int | None = None
    intensity: float | None = None
    source: ActorRef | None = None
    target: ActorRef | None = None
    location: PlaceRef | None = None
    date: TimeRef | None = None
    factuality: Factuality = "asserted"
    counts: Mapping[str, int] = field(default_factory=dict)
    cross_border: bool | None = None
    confidence: float = 0.5
    # Distance from the event's location to the nearest international land border, and the two
    # countries (ISO alpha-3, sorted) that border separates; None unless the location is precise.
    border_km: float | None = None
    border_pair: tuple[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "mode": self.mode,
            "contexts": list(self.contexts),
            "cameo_root": self.cameo_root,
            "quad_class": self.quad_class,
            "intensity": self.intensity,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "location": self.location.to_dict() if self.location else None,
            "date": self.date.to_dict() if self.date else None,
            "factuality": self.factuality,
            "counts": {k: self.counts[k] for k in COUNT_KEYS if k in self.counts},
            "cross_border": self.cross_border,
            "evidence": self.evidence.to_dict(),
            "confidence": round(self.confidence, 3),
            "border_km": None if self.border_km is None else round(self.border_km, 1),
            "border_pair": list(self.border_pair) if self.border_pair else None,
        }


@dataclass(frozen=True, slots=True)
class AnnotatedDocument:
    """One output line of `sitrep annotate`."""

    doc_id: str
    published: dt.date | None
    events: tuple[Event, ...] = ()
    actors: tuple[ActorMention, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    times: tuple[TimeMention, ...] = ()
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "doc_id": self.doc_id,
            "published": self.published.isoformat() if self.published else None,
            "events": [e.to_dict() for e in self.events],
            "actors": [a.to_dict() for a in self.actors],
            "places": [p.to_dict() for p in self.places],
            "times": [t.to_dict() for t in self.times],
        }
        if self.error is not None:
            out["error"] = self.error
        return out

    @classmethod
    def failed(cls, doc_id: str, published: dt.date | None, message: str) -> AnnotatedDocument:
        """The line for a document that could not be processed: empty lists and an error."""
        return cls(doc_id=doc_id, published=published, error=message)
