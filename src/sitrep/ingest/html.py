"""Web pages -> Articles: main text, title, date and address via trafilatura, never fetching.

trafilatura drops navigation, footers and comments and reads the page's metadata (title, canonical
URL, date from meta tags and <time> elements). It is given the HTML only; nothing it reads is
downloaded. Feed snippets are small HTML fragments with no boilerplate: `html_to_text` strips
their tags with the standard library's parser instead.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from lxml.etree import LxmlError  # type: ignore[import-untyped]

from ..errors import Messages
from .documents import Item, failure, make_item, parse_date

if TYPE_CHECKING:
    from ..config import Settings

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")

# On a page with no article, trafilatura's fallback returns what is left: menu labels, a cookie
# notice. Fewer words than this is not a report of anything.
MIN_WORDS = 8

_HTML_START = re.compile(
    r"\A(?:\s|<!--.*?-->)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_HTML_ANYWHERE = re.compile(r"<(?:html|body|p|div|article)[\s>]", re.IGNORECASE)

# Only the page's own date markup counts. htmldate's "extensive search" would also guess a date
# from any date-like string in the body, which may be the date of an event, not of the report.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def looks_like_html(text: str) -> bool:
    """True if `text` is plainly an HTML page: it opens with a doctype or an <html>/<body> tag."""
    head = text[:4096]
    return bool(_HTML_START.match(head)) or (
        head.lstrip().startswith("<") and len(_HTML_ANYWHERE.findall(head)) >= 2
    )


def read_html(
    doc_id: str,
    page: str | bytes,
    *,
    settings: Settings,
    published: dt.date | None,
    url: str | None = None,
) -> Item:
    """The article in one HTML page, or a ReadFailure (E450) if it has no extractable text.

    `page` may be bytes of unknown encoding (trafilatura guesses it). `url` is where the page
    came from; the page's canonical address wins over it. Malformed HTML never raises.
    """
    meta = _extract(page, url) or {}
    text = str(meta.get("text") or "").strip()
    if len(text.split()) < MIN_WORDS:
        return failure(Messages.E450, doc_id)
    try:
        own = parse_date(meta.get("date"))
    except ValueError:
        own = None  # a date trafilatura could not normalise is no date
    return make_item(
        doc_id,
        text,
        settings=settings,
        own=own,
        fallback=published,
        title=_str(meta.get("title")),
        url=_str(meta.get("url")) or url,
    )


def _extract(page: str | bytes, url: str | None) -> dict[str, Any] | None:
    # Imported here: trafilatura pulls in lxml, htmldate and courlan, slow for plain-text runs.
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            page,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except (LxmlError, ValueError, TypeError, LookupError, AttributeError):
        # trafilatura handles broken markup itself; these cover the odd page that still trips
        # lxml or its own metadata code. Such a page has no extractable text for our purposes.
        return None
    if result is None:
        return None
    if isinstance(result, dict):
        return result
    as_dict: dict[str, Any] = result.as_dict()
    return as_dict


def _str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote tr table section article header footer "
    "pre figure figcaption dd dt".split()
)
_SKIP_TAGS = frozenset(("script", "style", "noscript", "template"))


class _TextCollector(HTMLParser):
    """Collects the text of an HTML fragment, a paragraph break at each block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(data)


_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BREAKS = re.compile(r"\s*\n\s*\n\s*")


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment: tags dropped, entities decoded, one blank line per block."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    text = _SPACES.sub(" ", "".join(collector.parts))
    text = _BREAKS.sub("\n\n", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()
