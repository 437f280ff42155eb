"""RSS and Atom feeds -> one Article per entry, via feedparser, given the feed's bytes.

An entry's id is its guid/id, else its link; its text is the entry content, else its summary,
with HTML stripped; its date is the entry's published (else updated) date. An entry with only a
short summary and a link can have its linked page downloaded and extracted instead: that is
`fetch_linked` (see [input] fetch_linked_pages; by default on for feeds read from a URL and off for
feed files, so reading a file never reaches the network). If that download fails the summary is
used when there is one, and the failure is reported when there is not.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ..errors import DocumentError, Messages
from .documents import Item, ReadFailure, failure, make_item
from .html import html_to_text

if TYPE_CHECKING:
    from ..config import Settings

FEED_SUFFIXES = (".rss", ".atom", ".xml", ".rdf")

_FEED_START = re.compile(
    r"\A(?:\ufeff)?(?:\s|<\?xml[^>]*\?>|<!--.*?-->|<\?xml-stylesheet[^>]*\?>)*"
    r"<(?:rss|feed|rdf:RDF)[\s>]",
    re.DOTALL,
)

# Given the address of a linked page, returns the article read from it (or a failure).
PageReader = Callable[[str], Item]


def looks_like_feed(text: str) -> bool:
    """True if `text` opens as an RSS, Atom or RSS 1.0 (RDF) document."""
    return bool(_FEED_START.match(text[:4096]))


def read_feed(
    name: str,
    data: bytes,
    *,
    settings: Settings,
    published: dt.date | None,
    min_chars: int = 500,
    read_linked: PageReader | None = None,
) -> Iterator[Item]:
    """Every entry of the feed in `data` (in feed order), or one ReadFailure for the whole feed.

    `read_linked`, when given, is used for entries whose text is shorter than `min_chars`
    and that have a link.
    """
    # Imported here: feedparser is only needed when a feed is read.
    import feedparser

    # A byte stream, never a string: feedparser would treat a string that looks like an address
    # as one and download it.
    parsed = feedparser.parse(io.BytesIO(data))
    entries: list[Any] = list(parsed.get("entries", []))
    if not entries:
        if parsed.get("bozo") and not parsed.get("version"):
            reason = _bozo_reason(parsed.get("bozo_exception"))
            yield failure(Messages.E451, name, reason=reason)
        elif not parsed.get("version"):
            yield failure(Messages.E451, name, reason="no <rss>, <feed> or <rdf:RDF> root")
        else:
            yield failure(Messages.E452, name)
        return
    for n, entry in enumerate(entries, 1):
        yield _read_entry(
            entry,
            where=f"{name}#{n}",
            settings=settings,
            published=published,
            min_chars=min_chars,
            read_linked=read_linked,
        )


def _read_entry(
    entry: Any,
    *,
    where: str,
    settings: Settings,
    published: dt.date | None,
    min_chars: int,
    read_linked: PageReader | None,
) -> Item:
    link = _text(entry.get("link"))
    doc_id = _text(entry.get("id")) or link or where
    title = html_to_text(_text(entry.get("title")))
    own = _entry_date(entry)
    text = _entry_text(entry)
    if link and read_linked is not None and len(text) < min_chars:
        page = read_linked(link)
        if isinstance(page, ReadFailure):
            if not text:
                return ReadFailure(doc_id, page.message, own or published)
        else:
            # The feed's own date and title describe the entry; the page fills what is missing.
            return make_item(
                doc_id,
                page.text,
                settings=settings,
                own=own or page.published,
                fallback=published,
                title=title or page.title,
                url=link,
            )
    if not text:
        why = "" if link else " and no link"
        return ReadFailure(
            doc_id, DocumentError(Messages.E453, doc=doc_id, why=why).message, own or published
        )
    return make_item(
        doc_id, text, settings=settings, own=own, fallback=published, title=title, url=link
    )


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    best = max((_text(c.get("value")) for c in contents), key=len, default="")
    summary = _text(entry.get("summary"))
    # Some feeds put the full story in the summary and a teaser in content, or the reverse.
    raw = best if len(best) >= len(summary) else summary
    return html_to_text(raw)


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            # feedparser normalises to a UTC struct_time; timegm keeps it UTC.
            stamp = calendar.timegm(value)
            return dt.datetime.fromtimestamp(stamp, tz=dt.UTC).date()
    return None


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _bozo_reason(exc: object) -> str:
    text = str(exc).strip().splitlines()[0] if exc else "not well-formed XML"
    return text[:120] or type(exc).__name__
