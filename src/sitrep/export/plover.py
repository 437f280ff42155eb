"""PLOVER JSON Lines: one record per event with the field names of the PLOVER specification.

Field names follow "PLOVER: Event, Actor and Data Interchange Specification", chapter "JSON Data
Fields" (Open Event Data Alliance, draft 0.7b1, https://github.com/openeventdata/PLOVER), which
recommends one JSON record per line. Mapping from Sitrep's event:

    PLOVER field          Sitrep source and note
    id                    event id (unique in the store)
    date, enddate         event date start_date, end_date; an undated event takes its
                          document's published day and `date_source` says which
    source, recipient     source, target actor: lists of actor objects {code, sector,
                          actor_text, identifier_id, identifier_text}; empty when unknown
    event                 [type], one PLOVER category
    mode, context         [mode], contexts
    event_loc             location as the spec's GeoNames location object: geonameid, name,
                          latitude, longitude, "country code" (alpha-2), cc3 (alpha-3);
                          admin1_name, precision and text are additions
    event_text            [evidence sentence]
    quad_code             quad_class; null for Sitrep's 0 (neutral), which PLOVER lacks
    event_scale           intensity (Goldstein-like)
    text_info             {start, end}: the evidence's character offsets in the document
    cite_info             {citation (document id), url, title, coder, codebook}
    coder, coded_date     "sitrep <version>", the day the document was ingested
    dead, injured,        counts, under the spec's size-object names; displaced, troops and
    arrested              participants are added as named fields

Additions the spec allows as named fields: `factuality`, `confidence`, `cameo_root`,
`cross_border`, `date_source`, `doc_id`, `published`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TextIO

from .. import __version__
from ..jsonl import dumps_line
from ..model import ActorMention
from ..store import StoredEvent
from .countries import alpha2

CODEBOOK = "plover-0.7b1"


def _actor(actor: ActorMention | None) -> list[dict[str, Any]]:
    if actor is None:
        return []
    return [
        {
            "code": actor.country,
            "sector": actor.sector,
            "actor_text": actor.text,
            "identifier_id": actor.id,
            "identifier_text": actor.name,
        }
    ]


def plover_record(row: StoredEvent, *, coded: dt.datetime | None = None) -> dict[str, Any]:
    """The event as a PLOVER JSON record (see the module's mapping table)."""
    e = row.event
    date = e.date
    start = date.start_date if date else None
    end = date.end_date if date else None
    date_source = "event" if start else ("published" if row.published else None)
    if not start and row.published:
        start = row.published.isoformat()
    loc = e.location
    event_loc = None
    if loc is not None:
        event_loc = {
            "geonameid": loc.geonameid,
            "name": loc.name or loc.text,
            "latitude": loc.lat,
            "longitude": loc.lon,
            "country code": alpha2(loc.country),
            "cc3": loc.country,
            "admin1_name": loc.admin1,
            "precision": loc.precision,
            "text": loc.text,
        }
    record: dict[str, Any] = {
        "id": e.id,
        "date": start,
        "enddate": end if end and end != start else None,
        "date_source": date_source,
        "source": _actor(e.source),
        "recipient": _actor(e.target),
        "event": [e.type],
        "mode": [e.mode] if e.mode else [],
        "context": list(e.contexts),
        "event_loc": event_loc,
        "event_text": [e.evidence.text],
        "quad_code": e.quad_class or None,
        "event_scale": e.intensity,
        "text_info": {"start": e.evidence.start, "end": e.evidence.end},
        "cite_info": {
            "citation": row.doc_id,
            "url": row.url,
            "title": row.title,
            "coder": f"sitrep {__version__}",
            "codebook": CODEBOOK,
        },
        "coder": f"sitrep {__version__}",
        "coded_date": coded.date().isoformat() if coded else None,
        "dead": e.counts.get("killed"),
        "injured": e.counts.get("injured"),
        "arrested": e.counts.get("arrested"),
        "displaced": e.counts.get("displaced"),
        "troops": e.counts.get("troops"),
        "participants": e.counts.get("participants"),
        "factuality": e.factuality,
        "confidence": round(e.confidence, 3),
        "cameo_root": e.cameo_root,
        "cross_border": e.cross_border,
        "doc_id": row.doc_id,
        "published": row.published.isoformat() if row.published else None,
    }
    return record


def write_plover(rows: Iterable[tuple[StoredEvent, dt.datetime | None]], out: TextIO) -> int:
    """Write one PLOVER record per line; `rows` pairs each event with its ingest time."""
    n = 0
    for row, coded in rows:
        out.write(dumps_line(plover_record(row, coded=coded)) + "\n")
        n += 1
    return n
