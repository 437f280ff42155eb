"""ACLED-like CSV: Sitrep events under the column names analysts know from ACLED exports.

This is not ACLED data and does not follow ACLED's coding rules (ACLED codes only political
violence, demonstrations and some strategic developments, by trained coders). It lets tools
built for ACLED files read Sitrep events. Column mapping:

| column | from | note |
|---|---|---|
| event_id_cnty | event id | |
| event_date, year | event date start (else the document's published day) | ISO YYYY-MM-DD |
| time_precision | date precision | 1 day, 2 week, 3 month or coarser / published-day fallback |
| event_type, sub_event_type | PLOVER type and mode | see `acled_type` |
| actor1, actor2 | source, target | canonical name, else the text as written |
| country, iso3 | location country | country name from pycountry |
| admin1, location, latitude, longitude | location | |
| geo_precision | location precision | 1 point/city, 2 admin2, 3 admin1/country/region |
| source | document title, else its id | |
| source_url | document url | addition |
| notes | evidence sentence | |
| fatalities | counts.killed | empty when not reported (ACLED writes 0; Sitrep does not invent) |
| plover_type, plover_mode, factuality | event | additions, so nothing of the coding is lost |

Event type mapping (`acled_type`): ASSAULT with a remote mode (aerial, drone, heavy-weapons,
explosives, suicide-attack, cbrn) is "Explosions/Remote violence"; ASSAULT with a one-sided mode
(abduct, sexual, torture, assassinate) or a civilian target is "Violence against civilians";
other ASSAULT is "Battles". PROTEST with mode riot is "Riots", other PROTEST "Protests". Every
other type is "Strategic developments" (COERCE arrests as "Arrests", destruction as
"Looting/property destruction"); verbal types have sub_event_type "Other" and are better left
out with `--type` when a violence-only file is wanted.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from ..store import StoredEvent
from .countries import country_name

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "iso3",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_url",
    "notes",
    "fatalities",
    "plover_type",
    "plover_mode",
    "factuality",
)

_REMOTE = {
    "aerial": "Air/drone strike",
    "drone": "Air/drone strike",
    "heavy-weapons": "Shelling/artillery/missile attack",
    "explosives": "Remote explosive/landmine/IED",
    "suicide-attack": "Suicide bomb",
    "cbrn": "Chemical weapon",
}
_ONE_SIDED = {
    "abduct": "Abduction/forced disappearance",
    "sexual": "Sexual violence",
    "torture": "Attack",
    "assassinate": "Attack",
}
# PLOVER sectors of people who do not fight: an assault on them is violence against civilians.
_CIVILIAN_SECTORS = frozenset({"CVL", "JRN", "EDU", "REF", "HLH", "NGO", "REL"})
_TIME_PRECISION = {"day": 1, "week": 2}
_GEO_PRECISION = {"point": 1, "city": 1, "admin2": 2}


def acled_type(row: StoredEvent) -> tuple[str, str]:
    """(event_type, sub_event_type) for the event, by the rules in the module docstring."""
    e = row.event
    mode = e.mode or ""
    if e.type == "ASSAULT":
        if mode in _REMOTE:
            return "Explosions/Remote violence", _REMOTE[mode]
        target_sector = e.target.sector if e.target else None
        if mode in _ONE_SIDED:
            return "Violence against civilians", _ONE_SIDED[mode]
        if target_sector in _CIVILIAN_SECTORS:
            return "Violence against civilians", "Attack"
        return "Battles", "Armed clash"
    if e.type == "PROTEST":
        if mode == "riot":
            return "Riots", "Violent demonstration"
        return "Protests", "Peaceful protest"
    if e.type == "COERCE" and mode in ("arrest", "detain"):
        return "Strategic developments", "Arrests"
    if e.type == "COERCE" and mode in ("destroy", "confiscate"):
        return "Strategic developments", "Looting/property destruction"
    if e.type == "AGREE" or (e.type == "CONCEDE" and mode == "ceasefire"):
        return "Strategic developments", "Agreement"
    return "Strategic developments", "Other"


def acled_row(row: StoredEvent) -> dict[str, Any]:
    """One event as a dict over `ACLED_COLUMNS` (None for unknown values)."""
    e = row.event
    date, loc = e.date, e.location
    day = date.start_date if date and date.start_date else None
    precision = _TIME_PRECISION.get(date.precision or "", 3) if day and date else 3
    if day is None and row.published:
        day = row.published.isoformat()
    event_type, sub_type = acled_type(row)
    return {
        "event_id_cnty": e.id,
        "event_date": day,
        "year": int(day[:4]) if day else None,
        "time_precision": precision if day else None,
        "event_type": event_type,
        "sub_event_type": sub_type,
        "actor1": (e.source.name or e.source.text) if e.source else None,
        "actor2": (e.target.name or e.target.text) if e.target else None,
        "country": country_name(loc.country) if loc else None,
        "iso3": loc.country if loc else None,
        "admin1": loc.admin1 if loc else None,
        "location": (loc.name or loc.text) if loc else None,
        "latitude": loc.lat if loc else None,
        "longitude": loc.lon if loc else None,
        "geo_precision": _GEO_PRECISION.get(loc.precision or "", 3) if loc else None,
        "source": row.title or row.doc_id,
        "source_url": row.url,
        "notes": e.evidence.text,
        "fatalities": e.counts.get("killed"),
        "plover_type": e.type,
        "plover_mode": e.mode,
        "factuality": e.factuality,
    }


def write_acled(rows: Iterable[StoredEvent], out: TextIO) -> int:
    """Write the header and one CSV row per event; return the number of rows."""
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(acled_row(row))
        n += 1
    return n
