"""What every reader shares: the ReadFailure record, the checks on text, and the date order.

Checks on the text itself (empty, binary, not UTF-8, too long, not English) live in
`check_text` so every reader applies the same ones; `make_item` applies them and settles the
publication date in one order for all sources: the input's own field > HTML metadata or feed
entry date (both passed as `own`) > a dateline at the start of the text > `--published`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import DocumentError, Messages
from ..model import Article

if TYPE_CHECKING:
    from ..config import Settings


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """A document that could not be read: its id (or path) and a one-line message with the fix."""

    doc_id: str
    message: str
    published: dt.date | None = None


Item = Article | ReadFailure


def failure(template: str, doc: str, **fields: object) -> ReadFailure:
    """A ReadFailure for `doc` with the catalogue message `template` filled in."""
    return ReadFailure(doc, DocumentError(template, doc=doc, **fields).message)


# Hand-written on purpose: a full language identifier is a large dependency for one yes/no
# question. English news text is dense in these function words; other languages are not.
_ENGLISH_FUNCTION_WORDS = frozenset(
    (
        "the of and to in a is that for on was with by as at from it he said his its are were "
        "has have had be been not but an this which they who their will would after"
    ).split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def check_text(doc_id: str, text: str, *, settings: Settings) -> str | None:
    """Return a one-line problem message for text Sitrep cannot annotate, or None if it is fine."""
    if not text.strip():
        return DocumentError(Messages.E101, doc=doc_id).message
    if "\x00" in text or _control_share(text) > 0.05:
        return DocumentError(Messages.E102, doc=doc_id).message
    if len(text) > settings.max_chars:
        return DocumentError(
            Messages.E104, doc=doc_id, size=f"{len(text):,}", limit=f"{settings.max_chars:,}"
        ).message
    reason = _not_english(text, settings.min_latin_share)
    if reason:
        return DocumentError(Messages.E105, doc=doc_id, reason=reason).message
    return None


def _control_share(text: str) -> float:
    sample = text[:20000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad / max(1, len(sample))


def _not_english(text: str, min_latin_share: float) -> str | None:
    sample = text[:20000]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return None
    latin = sum(1 for ch in letters if ch < "\u0250")
    if latin / len(letters) < min_latin_share:
        return f"only {latin / len(letters):.0%} of its letters are Latin"
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) >= 25:
        share = sum(1 for w in words if w in _ENGLISH_FUNCTION_WORDS) / len(words)
        if share < 0.08:
            return f"only {share:.0%} of its words are common English words"
    return None


def decode(doc_id: str, data: bytes, encoding: str = "utf-8-sig") -> str | ReadFailure:
    """Decode bytes (UTF-8 by default; a BOM is dropped), or say which byte is bad."""
    if b"\x00" in data[:8192]:
        return failure(Messages.E102, doc_id)
    try:
        return data.decode(encoding)
    except LookupError:
        # An unknown charset named by a server: UTF-8 is the web's default.
        return decode(doc_id, data)
    except UnicodeDecodeError as e:
        return failure(Messages.E103, doc_id, offset=e.start)


def parse_date(value: object) -> dt.date | None:
    """An ISO date (or the date part of an ISO timestamp), or raise ValueError."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError("must be a string YYYY-MM-DD")
    return dt.date.fromisoformat(value.strip()[:10])


def text_date(text: str, *, settings: Settings, fallback: dt.date | None) -> dt.date | None:
    """The date of the dateline that opens `text`, if [input] dateline_dates allows, else None.

    A dateline without a year ("Jan 10") is placed on or before `fallback` (the --published
    date); without one it gives None rather than a guessed year.
    """
    if not settings.section("input").get("dateline_dates", True):
        return None
    # Imported here: the timex package loads its lexicon, which plain readers do not need.
    from ..timex.dateline import dateline_date

    return dateline_date(text, not_after=fallback)


def make_item(
    doc_id: str,
    text: str,
    *,
    settings: Settings,
    own: dt.date | None,
    fallback: dt.date | None,
    title: str | None = None,
    url: str | None = None,
) -> Item:
    """An Article for acceptable text, or a ReadFailure saying what is wrong with it.

    `own` is the date the source itself gives (input field, HTML metadata, feed entry);
    without it a dateline decides, then `fallback` (--published).
    """
    published = own or text_date(text, settings=settings, fallback=fallback) or fallback
    problem = check_text(doc_id, text, settings=settings)
    if problem:
        return ReadFailure(doc_id, problem, published)
    return Article(id=doc_id, text=text, published=published, title=title or None, url=url or None)
