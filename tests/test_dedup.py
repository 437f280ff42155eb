"""Dedup matching rules on hand-built events: hard constraints, similarity, settings."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from sitrep.config import Settings
from sitrep.dedup import dedup_settings
from sitrep.dedup.match import (
    Actor,
    DedupEvent,
    DedupSettings,
    Place,
    compatible,
    count_agreement,
    effective_interval,
    haversine_km,
    merge_score,
    similarity,
)
from sitrep.errors import ConfigError

KIRKUK = Place(geonameid=94787, lat=35.468, lon=44.392, country="IRQ", precision="city")
BAGHDAD = Place(geonameid=98182, lat=33.341, lon=44.401, country="IRQ", precision="city")
DAY = dt.date(2024, 3, 20)
SETTINGS = DedupSettings()


def event(**fields: Any) -> DedupEvent:
    base: dict[str, Any] = {
        "event_id": "a:e0",
        "content_hash": "a",
        "type": "ASSAULT",
        "factuality": "asserted",
        "evidence": "A roadside bomb killed two Iraqi soldiers near Kirkuk on Wednesday.",
        "start": DAY,
        "end": DAY,
        "dated": True,
        "target": Actor(id="irq.mil", country="IRQ", sector="MIL"),
        "place": KIRKUK,
        "counts": {"killed": 2},
    }
    base.update(fields)
    return DedupEvent(**base)


A = event()
B = event(
    event_id="b:e0",
    content_hash="b",
    evidence="Two Iraqi soldiers died when a roadside bomb hit their vehicle near Kirkuk.",
)


def test_haversine_kirkuk_to_baghdad_is_about_236_km() -> None:
    assert haversine_km((35.468, 44.392), (33.341, 44.401)) == pytest.approx(236.5, abs=1.0)


def test_two_reports_of_one_event_merge() -> None:
    score = merge_score(B, A, SETTINGS)
    assert score is not None and score >= SETTINGS.threshold


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"type": "PROTEST"}, "another type"),
        ({"factuality": "negated"}, "a denial is not the attack"),
        ({"start": DAY + dt.timedelta(days=3), "end": DAY + dt.timedelta(days=3)}, "3 days on"),
        ({"place": BAGHDAD}, "236 km away"),
        ({"place": dataclasses.replace(KIRKUK, country="SYR")}, "another country"),
        ({"target": Actor(country="TUR")}, "another target country"),
        ({"start": None, "end": None}, "no date at all"),
    ],
)
def test_hard_constraints_keep_events_apart(change: dict[str, Any], why: str) -> None:
    other = dataclasses.replace(B, **change)
    assert not compatible(A, other, SETTINGS), why
    assert merge_score(other, A, SETTINGS) is None, why


def test_unknown_place_and_actors_are_compatible() -> None:
    vague = dataclasses.replace(B, place=Place(), target=Actor(), source=Actor())
    assert compatible(A, vague, SETTINGS)


def test_families_let_configured_types_merge() -> None:
    coerce = dataclasses.replace(B, type="COERCE")
    assert not compatible(A, coerce, SETTINGS)
    families = DedupSettings(families=(frozenset({"ASSAULT", "COERCE"}),))
    assert compatible(A, coerce, families)
    assert families.family_of("COERCE") == families.family_of("ASSAULT") == "ASSAULT"


def test_next_day_is_allowed_but_scores_lower() -> None:
    next_day = dataclasses.replace(
        B, start=DAY + dt.timedelta(days=1), end=DAY + dt.timedelta(days=1)
    )
    assert compatible(A, next_day, SETTINGS)
    assert similarity(A, next_day, SETTINGS) < similarity(A, B, SETTINGS)


def test_same_document_needs_the_higher_threshold() -> None:
    score = similarity(A, B, SETTINGS)
    same_doc = dataclasses.replace(B, content_hash="a")
    strict = DedupSettings(same_document_threshold=score + 0.01)
    assert merge_score(B, A, strict) is not None
    assert merge_score(same_doc, A, strict) is None


def test_count_agreement_tolerates_close_tolls() -> None:
    assert count_agreement({"killed": 11}, {"killed": 12}) == pytest.approx(11 / 12)
    assert count_agreement({"killed": 2}, {"killed": 40}) == pytest.approx(0.05)
    assert count_agreement({"killed": 2}, {"injured": 5}) == 0.5


def test_effective_interval_falls_back_to_published_day() -> None:
    published = dt.date(2024, 5, 8)
    assert effective_interval(DAY, DAY, published, SETTINGS) == (DAY, DAY, True)
    may = (dt.date(2024, 5, 1), dt.date(2024, 5, 31))
    assert effective_interval(*may, published, SETTINGS) == (dt.date(2024, 5, 6), published, False)
    assert effective_interval(None, None, None, SETTINGS) == (None, None, False)


def test_default_config_has_a_valid_dedup_section() -> None:
    settings = dedup_settings(Settings.load())
    assert settings.enabled and settings.threshold == SETTINGS.threshold
    assert settings.weight_text == SETTINGS.weight_text


@pytest.mark.parametrize(
    "table",
    [
        {"treshold": 0.5},
        {"window_days": -1},
        {"window_days": 1.5},
        {"enabled": "yes"},
        {"families": ["ASSAULT"]},
        {"weights": {"colour": 1.0}},
    ],
)
def test_bad_dedup_settings_raise_config_error(table: dict[str, Any]) -> None:
    with pytest.raises(ConfigError) as info:
        DedupSettings.from_mapping(table)
    assert info.value.code == "E003"


def test_unlocated_restatement_takes_its_documents_one_precise_place() -> None:
    from sitrep.dedup.match import DedupEvent, DedupSettings, Place, inherit_places

    nairobi = Place(geonameid=1, lat=-1.28, lon=36.82, country="KEN", precision="city")
    day = dt.date(2024, 6, 18)

    def ev(i: str, place: Place, type_: str = "PROTEST") -> DedupEvent:
        return DedupEvent(
            event_id=i, content_hash="h", type=type_, factuality="asserted", evidence=i,
            start=day, end=day, place=place,
        )  # fmt: skip

    kenya = Place(lat=0.5, lon=37.9, country="KEN", precision="country")
    events = [ev("a", nairobi), ev("b", Place()), ev("c", kenya), ev("d", Place(), "AID")]
    out = inherit_places(events, DedupSettings())
    assert [e.place for e in out] == [nairobi, nairobi, nairobi, Place()]
    mombasa = Place(geonameid=2, lat=-4.05, lon=39.67, country="KEN", precision="city")
    two = inherit_places([ev("a", nairobi), ev("b", mombasa), ev("c", Place())], DedupSettings())
    assert two[2].place == Place()  # the document's places disagree: leave it unknown
