"""The places stage on hand-written sentences, with the real spaCy model."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language

from sitrep.extract.places import make_stage
from sitrep.model import Article, PlaceMention
from sitrep.pipeline import DocState


@pytest.fixture(scope="module")
def places(nlp: Language) -> Any:
    stage = make_stage(nlp, {})

    def run(text: str) -> list[PlaceMention]:
        state = DocState(article=Article(id="t", text=text), doc=nlp(text))
        stage(state)
        return state.places

    return run


def _by_text(found: list[PlaceMention]) -> dict[str, PlaceMention]:
    return {p.text: p for p in found}


def test_x_comma_y_puts_the_town_in_the_state(places: Any) -> None:
    found = _by_text(places("Police arrested a man in Alexandria, Louisiana, on Friday."))
    town = found["Alexandria"]
    assert (town.country, town.admin1, town.precision) == ("USA", "Louisiana", "city")
    assert town.lat is not None and 31 < town.lat < 32
    assert found["Louisiana"].precision == "admin1"


def test_without_qualifier_the_large_city_wins(places: Any) -> None:
    found = _by_text(places("Thousands of people protested in Alexandria on Friday."))
    assert found["Alexandria"].country == "EGY"


def test_city_of_x_and_offsets(places: Any) -> None:
    text = "Weapons were seized by Iraqi authorities in the city of Sulaymaniyah."
    [place] = places(text)
    assert text[place.start : place.end] == "Sulaymaniyah" == place.text
    assert (place.country, place.precision) == ("IRQ", "city")


def test_demonym_is_not_a_place(places: Any) -> None:
    assert places("Iraqi and Iranian officials met on Sunday.") == []


def test_metonym_capital_speaking_is_not_a_place(places: Any) -> None:
    assert places("Tehran denied the report on Monday.") == []
    [place] = places("Thousands of people gathered in Tehran on Monday.")
    assert (place.text, place.country) == ("Tehran", "IRN")


def test_country_and_region_names(places: Any) -> None:
    text = "Iran carried out strikes in the Iraqi Kurdistan Region and in Iraq."
    found = _by_text(places(text))
    assert found["Iraqi Kurdistan Region"].precision == "region"
    assert found["Iraqi Kurdistan Region"].country == "IRQ"
    iraq = found["Iraq"]
    assert (iraq.precision, iraq.country, iraq.lat, iraq.lon) == ("country", "IRQ", 33.0, 44.0)


def test_unknown_toponym_is_kept_with_nulls(places: Any) -> None:
    found = _by_text(places("Fighting spread to Zorblatville near Mosul."))
    unknown = found["Zorblatville"]
    assert (unknown.lat, unknown.lon, unknown.country, unknown.precision) == (None,) * 4
    assert found["Mosul"].country == "IRQ"


def test_context_makes_a_place_and_months_are_not_places(places: Any) -> None:
    found = _by_text(places("Shells fell on the town of Qaraqosh and in Zubair district in May."))
    assert "Qaraqosh" in found and "Zubair" in found
    assert "May" not in found


def test_names_in_place_slots_whatever_their_entity_label(places: Any) -> None:
    found = _by_text(places("Rebels captured Birao and later shelled the airport."))
    assert found["Birao"].country == "CAF"
    found = _by_text(places("Peacekeepers patrolled Kakata, north of the capital."))
    assert found["Kakata"].country == "LBR"
    # A person's possessive after "outside" is not a place; part of a hyphenated name neither.
    assert "Smith" not in _by_text(places("Police waited outside Smith's house."))
    assert "Al" not in _by_text(places("He was hiding on a farm in Al-Dawr for weeks."))


def test_datelines_local_offices_and_hometowns(places: Any) -> None:
    found = _by_text(places("TORRINGTON - The council met on Monday to discuss the budget."))
    assert found["TORRINGTON"].country == "USA"
    found = _by_text(places("Roselle police ticketed dozens of drivers last month."))
    assert found["Roselle"].country == "USA"
    found = _by_text(places("The award went to Jane Doe, 34, of Wooster, on Friday."))
    assert found["Wooster"].country == "USA"


def test_names_listed_before_a_plural_kind_are_of_that_kind(places: Any) -> None:
    text = "Enrollment fell in Barrow, Jackson and Madison counties, officials in Georgia said."
    found = _by_text(places(text))
    for name in ("Barrow", "Jackson", "Madison"):
        assert (found[name].precision, found[name].admin1) == ("admin2", "Georgia"), name


def test_a_comma_inside_a_list_of_states_is_not_a_qualifier(places: Any) -> None:
    found = _by_text(
        places("Beekeepers in Vermont, Oklahoma, Pennsylvania and Iowa reported heavy losses.")
    )
    assert found["Oklahoma"].precision == "admin1"
    assert found["Pennsylvania"].precision == "admin1"


def test_a_town_named_with_its_county_is_the_local_one(places: Any) -> None:
    found = _by_text(
        places(
            "The school board met on Monday. Residents of Paris and Bourbon County will vote on "
            "the new levy in May, the Bourbon County Sheriff's Office said."
        )
    )
    paris = found["Paris"]
    assert (paris.country, paris.admin1) == ("USA", "Kentucky")


def test_a_name_inside_a_longer_unknown_name_is_located_by_it(places: Any) -> None:
    found = _by_text(places("Volunteers gathered at the Macon Symphony Hall on Friday."))
    hall = next(p for text, p in found.items() if "Macon" in text)
    assert (hall.country, hall.admin1) == ("USA", "Georgia")
