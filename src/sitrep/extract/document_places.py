"""Where a document as a whole is: its dateline, else the country its scenes lie in most often.

The event location stage (event_places) falls back on this place for an event whose sentence does
not say where it happened.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc

from ..model import PlaceMention
from .place_phrases import in_locative_phrase

# A dateline: within the first characters, a place then maybe ", State", ", May 4, 2019",
# "(Agency)" or "/Wire/", then a dash (AP's "_" too); or a place in capitals and a colon.
DATELINE_WITHIN = 300
DATELINE_TAIL = re.compile(
    r"(?:,[ \t]*[A-Z0-9][\w. ]*)*[ \t]*(?:\([^)\n]*\)|/[^/\n]*/)?[ \t]*(?:—|–|--|[-_][ \t])"
)
CAPITALS_DATELINE_TAIL = re.compile(r":[ \t]")


def dateline_place(text: str, places: Sequence[PlaceMention]) -> PlaceMention | None:
    """The place of the document's dateline ("TORRINGTON — City Council ...", "KABUL,
    Afghanistan (Reuters) - ..."), or None: a place opening one of the first lines or sentences,
    followed by a dash before any other word."""
    for place in sorted(places, key=lambda p: p.start):
        if place.start > DATELINE_WITHIN:
            break
        # The dateline opens a line, or the body after a headline run into it ("... plan. X —").
        line_start = text.rfind("\n", 0, place.start) + 1
        ends = [text.rfind(mark, line_start, place.start) for mark in (". ", "! ", "? ")]
        before = text[max([line_start] + [e + 2 for e in ends if e >= 0]) : place.start]
        if before.strip() and not before.isupper():  # a headline word in capitals may precede
            continue
        if DATELINE_TAIL.match(text, place.end):
            return place
        if place.text.isupper() and CAPITALS_DATELINE_TAIL.match(text, place.end):
            return place  # "BEIRUT: ..."
    return None


def focus_country(places: list[PlaceMention], doc: Doc | None = None) -> PlaceMention | None:
    """The first country-level mention of the country the document's places lie in most often,
    or None.

    With the parsed `doc`, only places that the text puts something in are counted ("... in X",
    "near the town of X"): a country named only as an actor's ("U.S. forces", "Mexico's army")
    or a person's origin says nothing about where the document's events happened. Any mention of
    the winning country may stand for it ("protests in Bamako ... Mali's government").
    """
    scenes = [p for p in places if _is_scene(p, doc)] if doc is not None else places
    counts = Counter(p.country for p in scenes if p.country)
    for code, _ in counts.most_common(1):
        for place in places:
            if place.country == code and place.precision == "country":
                return place
    return None


def _is_scene(place: PlaceMention, doc: Doc) -> bool:
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None or not len(span):
        return True
    return in_locative_phrase(span.root, {t.i: place for t in span})
