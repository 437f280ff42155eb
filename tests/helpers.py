"""Builders of hand-made records and readers' shortcuts that several test modules share."""

from __future__ import annotations

from sitrep.config import Settings
from sitrep.ingest.readers import ReadFailure, read_documents
from sitrep.model import Article, Evidence, Span, TimeMention

ENGLISH = (
    "Police in the capital arrested twelve protesters on Monday after a march against fuel "
    "prices turned violent, officials said. The interior ministry said it would investigate."
)


def read(paths: list[str], settings: Settings, **kw: object) -> list[Article | ReadFailure]:
    """Everything `read_documents` yields for `paths`, articles and failures in input order."""
    return list(read_documents(paths, settings=settings, **kw))  # type: ignore[arg-type]


def day(iso: str, text: str = "on that day") -> TimeMention:
    """A mention `text` (at offset 0) resolved to the one day `iso`."""
    return TimeMention(text, 0, len(text), value=iso, precision="day", start_date=iso, end_date=iso)


def evidence(text: str, trigger: str) -> Evidence:
    """All of `text` as the evidence sentence, triggered by the first `trigger` in it."""
    start = text.index(trigger)
    return Evidence(text, 0, len(text), trigger=Span(trigger, start, start + len(trigger)))
