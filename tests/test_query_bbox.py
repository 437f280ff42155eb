"""`query(bbox=...)`: events whose location lies in a lon/lat box, edges included."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitrep.errors import StoreError
from sitrep.model import AnnotatedDocument, Article, Event, Evidence, PlaceMention, Span
from sitrep.store import Store, query

# name: (lon, lat); None for a place the gazetteer could not geocode.
PLACES: dict[str, tuple[float, float] | None] = {
    "Paris": (2.35, 48.86),
    "Baghdad": (44.4, 33.3),
    "Suva": (178.4, -18.1),
    "Apia": (-171.8, -13.8),
    "Nowhere": None,
}


def located(name: str, etype: str = "ASSAULT") -> Event:
    coords = PLACES[name]
    lon, lat = coords if coords else (None, None)
    text = f"Something happened in {name}."
    return Event(
        id=name.lower(),
        type=etype,
        evidence=Evidence(text=text, start=0, end=len(text), trigger=Span("happened", 10, 18)),
        location=PlaceMention(name, 22, 22 + len(name), name=name, lat=lat, lon=lon),
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "bbox.duckdb") as s:
        events = tuple(located(n, "PROTEST" if n == "Paris" else "ASSAULT") for n in PLACES)
        article = Article(id="world", text="text", published=dt.date(2024, 3, 1))
        s.write(article, AnnotatedDocument(doc_id="world", published=None, events=events))
        yield s


def names(store: Store, **filters: Any) -> list[str]:
    return sorted(r.event.location.name for r in query(store, **filters) if r.event.location)


def test_box_keeps_events_inside_it_and_never_ungeocoded_ones(store: Store) -> None:
    assert names(store, bbox=(-10.0, 35.0, 30.0, 60.0)) == ["Paris"]
    assert names(store, bbox=(-180.0, -90.0, 180.0, 90.0)) == ["Apia", "Baghdad", "Paris", "Suva"]


def test_edges_are_included(store: Store) -> None:
    assert names(store, bbox=(44.4, 33.3, 44.4, 33.3)) == ["Baghdad"]


def test_min_lon_above_max_lon_crosses_the_antimeridian(store: Store) -> None:
    assert names(store, bbox=(170.0, -25.0, -170.0, -10.0)) == ["Apia", "Suva"]
    assert names(store, bbox=(-170.0, -25.0, 170.0, -10.0)) == []  # the other way round


def test_box_combines_with_other_filters(store: Store) -> None:
    world = (-180.0, -90.0, 180.0, 90.0)
    assert names(store, bbox=world, types=["PROTEST"]) == ["Paris"]


@pytest.mark.parametrize(
    "bad",
    [
        (0.0, 10.0, 10.0, 0.0),  # latitudes the wrong way round
        (-200.0, 0.0, 10.0, 10.0),
        (0.0, -91.0, 10.0, 10.0),
        (float("nan"), 0.0, 10.0, 10.0),
        (0.0, 0.0, 10.0),
        ("west", 0.0, 10.0, 10.0),
    ],
)
def test_invalid_boxes_are_e203(store: Store, bad: Any) -> None:
    with pytest.raises(StoreError) as info:
        query(store, bbox=bad)
    assert info.value.code == "E203"
    assert "bbox" in info.value.message
