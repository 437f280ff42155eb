"""Query filters narrow hand-built stored events correctly; output formats round-trip."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from helpers import day, evidence
from sitrep.errors import StoreError
from sitrep.model import (
    ActorMention,
    AnnotatedDocument,
    Article,
    Event,
    PlaceMention,
    TimeMention,
)
from sitrep.store import Store, StoredEvent, query
from sitrep.store.output import CSV_COLUMNS, print_table, totals_table, write_events


def actor(text: str, country: str | None) -> ActorMention:
    return ActorMention(text, 0, len(text), name=text, country=country, sector="MIL")


def event(
    local_id: str,
    etype: str,
    *,
    source: ActorMention | None = None,
    target: ActorMention | None = None,
    place_country: str | None = None,
    date: TimeMention | None = None,
    counts: dict[str, int] | None = None,
) -> Event:
    text = f"Sentence for {local_id}."
    place = None
    if place_country:
        place = PlaceMention("Town", 0, 4, name="Town", country=place_country, lat=1.5, lon=2.5)
    return Event(
        id=local_id,
        type=etype,
        evidence=evidence(text, "Sentence"),
        source=source,
        target=target,
        location=place,
        date=date,
        counts=counts or {},
        contexts=("military",),
        confidence=0.7,
    )


# Five events in two documents, chosen so that each filter keeps a different subset.
EVENTS_A = (
    event(
        "a1",
        "ASSAULT",
        source=actor("Turkish drones", "TUR"),
        target=actor("PKK", "TUR"),
        place_country="IRQ",
        date=day("2024-03-11"),
        counts={"killed": 6},
    ),
    event("a2", "ACCUSE", source=actor("Iraqi ministry", "IRQ"), date=day("2024-03-12")),
    event(
        "a3",
        "CONSULT",
        source=actor("Envoys", "IRN"),
        target=actor("Iraqi ministry", "IRQ"),
        place_country="IRQ",
        date=TimeMention(
            "in March",
            0,
            8,
            value="2024-03",
            precision="month",
            start_date="2024-03-01",
            end_date="2024-03-31",
        ),
    ),
)
EVENTS_B = (
    event(
        "b1",
        "ASSAULT",
        source=actor("Gunmen", None),
        place_country="NGA",
        date=day("2024-05-05"),
        counts={"killed": 11, "injured": 7},
    ),
    event(
        "b2", "ARREST", source=actor("Police", "NGA"), place_country="NGA", counts={"arrested": 3}
    ),  # undated: falls back to published 2024-05-08
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "q.duckdb") as s:
        for doc_id, published, events in (
            ("iraq", dt.date(2024, 3, 12), EVENTS_A),
            ("nigeria", dt.date(2024, 5, 8), EVENTS_B),
        ):
            article = Article(id=doc_id, text=f"text of {doc_id}", published=published)
            s.write(article, AnnotatedDocument(doc_id=doc_id, published=published, events=events))
        yield s


def local_ids(rows: list[StoredEvent]) -> list[str]:
    return [r.event.id.split(":", 1)[1] for r in rows]


def test_no_filter_returns_all_oldest_first(store: Store) -> None:
    assert local_ids(query(store)) == ["a3", "a1", "a2", "b1", "b2"]


def test_type_filter(store: Store) -> None:
    assert local_ids(query(store, types=["assault"])) == ["a1", "b1"]
    assert local_ids(query(store, types=["ARREST", "ACCUSE"])) == ["a2", "b2"]


def test_actor_country_matches_source_or_target(store: Store) -> None:
    assert local_ids(query(store, actor_country=["IRQ"])) == ["a3", "a2"]
    assert local_ids(query(store, actor_country=["NGA"])) == ["b2"]


def test_place_country_filter(store: Store) -> None:
    assert local_ids(query(store, place_country=["NGA"])) == ["b1", "b2"]
    assert local_ids(query(store, place_country=["IRQ"], types=["CONSULT"])) == ["a3"]


def test_date_range_overlaps_event_interval(store: Store) -> None:
    # The month-long CONSULT overlaps a range that starts after its first day.
    assert local_ids(
        query(store, date_from=dt.date(2024, 3, 12), date_to=dt.date(2024, 3, 31))
    ) == [
        "a3",
        "a2",
    ]
    assert local_ids(query(store, date_to=dt.date(2024, 3, 11))) == ["a3", "a1"]


def test_undated_event_falls_back_to_published_day(store: Store) -> None:
    assert local_ids(query(store, date_from=dt.date(2024, 5, 6))) == ["b2"]
    assert local_ids(query(store, date_from=dt.date(2024, 5, 9))) == []


def test_limit_and_bad_filters(store: Store) -> None:
    assert len(query(store, limit=2)) == 2
    with pytest.raises(StoreError, match="after"):
        query(store, date_from=dt.date(2024, 6, 1), date_to=dt.date(2024, 1, 1))
    with pytest.raises(StoreError, match="expected a code"):
        query(store, types=["ASSAULT; DROP TABLE events"])


def test_round_trip_keeps_the_contract_fields(store: Store) -> None:
    (row,) = query(store, types=["CONSULT"])
    e = row.event
    assert (row.doc_id, row.published) == ("iraq", dt.date(2024, 3, 12))
    assert e.source == EVENTS_A[2].source and e.target == EVENTS_A[2].target
    assert e.location == EVENTS_A[2].location and e.date == EVENTS_A[2].date
    original = EVENTS_A[2].to_dict()
    stored = e.to_dict()
    assert stored.pop("id").endswith(":a3")
    original.pop("id")
    assert stored == original


def test_json_jsonl_csv_outputs(store: Store) -> None:
    rows = query(store)
    out = io.StringIO()
    write_events(rows, "json", out)
    assert [d["type"] for d in json.loads(out.getvalue())] == [r.event.type for r in rows]
    out = io.StringIO()
    write_events(rows, "jsonl", out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines[1]["counts"] == {"killed": 6} and lines[1]["doc_id"] == "iraq"
    out = io.StringIO()
    write_events(rows, "csv", out)
    records = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(records[0].keys()) == CSV_COLUMNS and len(records) == 5
    assert records[3]["killed"] == "11" and records[3]["injured"] == "7"


def test_table_and_totals_render(store: Store) -> None:
    console = Console(file=io.StringIO(), width=200)
    rows = query(store)
    print_table(rows, console)
    console.print(totals_table(rows, documents=2))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "Turkish drones [TUR]" in text and "killed 6" in text
    assert "~2024-05-08" in text  # the undated arrest shows its published day, marked
    assert "5 events from 2 documents" in text
