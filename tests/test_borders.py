"""Distance to the nearest land border: the shipped Natural Earth arcs and a hand-made table."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.errors import ConfigError
from sitrep.geo.borders import border_distance_km, load_borders, read_borders

HEADER = "a\tb\tpoints\n"


@pytest.fixture(scope="module")
def square(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One north-south border along longitude 10, from latitude 0 to 2."""
    path = tmp_path_factory.mktemp("borders") / "borders.tsv"
    path.write_text(HEADER + "AAA\tBBB\t0,10 1,10 2,10\n", "utf-8")
    return path


def test_distance_to_a_straight_border(square: Path) -> None:
    borders = read_borders(square)
    found = border_distance_km(1.0, 10.5, borders=borders)
    assert found is not None
    km, pair = found
    assert pair == ("AAA", "BBB")
    assert km == pytest.approx(55.6, abs=0.5)  # half a degree of longitude at the equator
    beyond_end = border_distance_km(3.0, 10.0, borders=borders)
    assert beyond_end is not None and beyond_end[0] == pytest.approx(111.2, abs=0.5)


def test_nothing_within_reach_gives_none(square: Path) -> None:
    borders = read_borders(square)
    assert border_distance_km(40.0, -60.0, borders=borders, max_km=500) is None
    assert border_distance_km(95.0, 0.0, borders=borders) is None


def test_bad_rows_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "borders.tsv"
    bad.write_text(HEADER + "AAA\tBBB\t0,10\n", "utf-8")
    with pytest.raises(ConfigError, match="line 2"):
        read_borders(bad)
    bad.write_text(HEADER + "AAA\tBBB\t0,10 x,y\n", "utf-8")
    with pytest.raises(ConfigError, match="line 2"):
        read_borders(bad)


def test_shipped_borders_are_land_borders_only() -> None:
    assert len(load_borders()) > 10000
    near = border_distance_km(36.67, 45.05)  # the Haji Omaran crossing
    assert near is not None and near[1] == ("IRN", "IRQ") and near[0] < 10
    geneva = border_distance_km(46.20, 6.14)
    assert geneva is not None and geneva[1] == ("CHE", "FRA") and geneva[0] < 15
    # Sydney and the mid-Atlantic are far from any land border (coasts do not count).
    assert border_distance_km(-33.87, 151.21) is None
    assert border_distance_km(30.0, -40.0) is None


def test_far_side_of_the_date_line_is_far() -> None:
    # The Bering Strait: no land border within 1000 km (Alaska-Yukon lies about 1,200 km east).
    assert border_distance_km(65.6, -168.0) is None
    found = border_distance_km(65.6, -168.0, max_km=1500)
    assert found is not None and found[1] == ("CAN", "USA")


def test_event_gets_border_distance_only_for_precise_locations() -> None:
    from sitrep.extract.event_places import with_border_distance
    from sitrep.model import Event, Evidence, PlaceMention, Span

    evidence = Evidence(text="x", start=0, end=1, trigger=Span("x", 0, 1))
    town = PlaceMention("Zakho", 0, 5, lat=37.14, lon=42.68, country="IRQ", precision="city")
    event = with_border_distance(
        Event(id="e", type="ASSAULT", evidence=evidence, location=town), 1000
    )
    assert event.border_pair == ("IRQ", "TUR")
    assert event.border_km is not None and event.border_km < 30
    centre = PlaceMention("Iraq", 0, 4, lat=33.0, lon=44.0, country="IRQ", precision="country")
    coarse = Event(id="e", type="ASSAULT", evidence=evidence, location=centre)
    assert with_border_distance(coarse, 1000).border_km is None
