"""Atom 1.0 feeds (RFC 4287) of a watch rule's matches, built with ElementTree so every value
taken from a report (names, sentences, titles, URLs) is escaped as XML text or attribute."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from urllib.parse import quote

from .. import __version__
from ..store import StoredEvent
from .evaluate import Match
from .rules import WatchRule

ATOM_NS = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"


def _timestamp(value: dt.datetime) -> str:
    # The store keeps naive UTC; Atom wants RFC 3339 with a zone.
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_title(row: StoredEvent) -> str:
    """A one-line title, unknown parts left out: "ASSAULT: Turkish drones -> PKK, Sulaymaniyah
    (IRQ), 2024-03-11"."""
    e = row.event
    who = [a.name or a.text for a in (e.source, e.target) if a is not None]
    title = f"{e.type}: {' -> '.join(who)}" if who else e.type
    if e.location is not None:
        place = e.location.name or e.location.text
        title += f", {place}" + (f" ({e.location.country})" if e.location.country else "")
    day = e.date.start_date if e.date and e.date.start_date else None
    if day is None and row.published:
        day = row.published.isoformat()
    return title + (f", {day}" if day else "")


def render_feed(
    rule: WatchRule,
    found: Sequence[Match],
    *,
    base_url: str = "",
    now: dt.datetime | None = None,
) -> bytes:
    """The Atom document (UTF-8 bytes) for `rule` with one entry per match, as given.

    `base_url` (e.g. "http://127.0.0.1:8000") makes links absolute; empty keeps them relative.
    The feed's `updated` is its newest entry's, else `now`."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", f"urn:sitrep:watch:{rule.name}")
    sub(feed, "title", rule.title)
    newest = max((m.ingested_at for m in found), default=now or dt.datetime.now(dt.UTC))
    sub(feed, "updated", _timestamp(newest))
    sub(feed, "link", rel="self", href=f"{base_url}/watch/{quote(rule.name)}.atom")
    sub(feed, "generator", "Sitrep", version=__version__)
    author = sub(feed, "author")
    sub(author, "name", "Sitrep watch rule " + rule.name)
    for match in found:
        row = match.row
        entry = sub(feed, "entry")
        sub(entry, "id", f"urn:sitrep:event:{row.event.id}")
        sub(entry, "title", entry_title(row))
        sub(entry, "updated", _timestamp(match.ingested_at))
        api = f"{base_url}/api/events/{quote(row.event.id, safe='')}"
        sub(entry, "link", rel="alternate", type="application/json", href=api)
        if row.url:
            sub(entry, "link", rel="via", href=row.url)
        summary = row.event.evidence.text
        if match.sources > 1:
            summary += f" ({match.sources} sources)"
        sub(entry, "summary", summary, type="text")
        sub(entry, "category", term=row.event.type)
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body
