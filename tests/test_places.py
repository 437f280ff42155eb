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


def test_a_country_name_used_as_an_adjective_is_still_a_place(places: Any) -> None:
    found = places("New Zealand officials said the flights from Laos would resume.")
    assert [(p.text, p.country) for p in found] == [("New Zealand", "NZL"), ("Laos", "LAO")]
    # The nationality adjectives themselves stay out.
    assert places("Lao and Iraqi officials met in private.") == []


def test_countries_the_model_calls_people(places: Any) -> None:
    found = _by_text(places("Organizers report cases in Mozambique and Botswana too."))
    assert found["Botswana"].country == "BWA"


def test_abbreviations_of_countries_and_states(places: Any) -> None:
    text = "Officials of the U.S. Department of Education met health teams in the DRC and NSW."
    found = _by_text(places(text))
    assert (found["U.S."].country, found["U.S."].precision) == ("USA", "country")
    assert found["DRC"].country == "COD"
    assert (found["NSW"].country, found["NSW"].precision) == ("AUS", "admin1")
    # Two bare capitals are a state's postal code only in addresses, not in running text.
    assert "IN" not in _by_text(places("FIRE BREAKS OUT IN WAREHOUSE"))


def test_town_names_before_people_and_local_nouns(places: Any) -> None:
    found = _by_text(places("An Alexandria man remains in hospital after the crash."))
    assert found["Alexandria"].precision == "city"
    found = _by_text(places("Thieves robbed a vulnerable Hounslow resident of his savings."))
    assert found["Hounslow"].country == "GBR"


def test_one_sense_per_discourse(places: Any) -> None:
    text = (
        "Floodwater reached homes in Moorhead on Friday. Moorhead's schools closed early, "
        "and the Moorhead Fire Department asked for volunteers. Tim Moorhead, a volunteer, "
        "said the night was long."
    )
    found = places(text)
    spans = [text[p.start : p.end] for p in found]
    assert spans.count("Moorhead") == 3
    assert all(p.admin1 == "Minnesota" for p in found)
    # The person who shares the name is not a place.
    assert not any(p.start > text.index("Tim Moorhead") for p in found)


def test_coordinated_names_and_lists_with_or(places: Any) -> None:
    found = _by_text(places("The governor stopped in Oakport and Moorhead on Friday."))
    assert found["Oakport"].admin1 == found["Moorhead"].admin1 == "Minnesota"
    text = "It is open to people in Butler, Preble or Warren counties in Ohio."
    found = _by_text(places(text))
    for name in ("Butler", "Preble", "Warren"):
        assert (found[name].precision, found[name].admin1) == ("admin2", "Ohio"), name


def test_kind_nouns_and_parts_of_places(places: Any) -> None:
    assert "Java" in _by_text(places("A tsunami hit the Indonesian island of Java on Monday."))
    text = "Shops in northern Mosul reopened as traffic returned to downtown Erbil."
    found = _by_text(places(text))
    assert found["Mosul"].country == found["Erbil"].country == "IRQ"


def test_the_known_toponym_inside_a_longer_name(places: Any) -> None:
    found = _by_text(places("He bought worms at Newark Live Bait on Monday morning."))
    assert found["Newark Live Bait"].name == "Newark"
    text = "The crowd met at the Mount Pleasant Civic Center in South Carolina."
    found = _by_text(places(text))
    assert found["Mount Pleasant Civic Center"].admin1 == "South Carolina"
    # The last word of "the Islamic Republic" is not the small town Republic, Washington.
    assert places("Talks with the Islamic Republic stalled.")[0].lat is None


def test_surnames_of_people_in_the_story_and_articles_are_not_places(places: Any) -> None:
    text = "Officer Dan Ripley made the arrest. According to Ripley, the man ran."
    assert "Ripley" not in _by_text(places(text))
    # Without the full name, a town after "to" still counts.
    assert "Ripley" in _by_text(places("The family moved to Ripley last year."))
    assert not any(p.text.startswith("The") for p in places("The UN said the FDA agreed."))


def test_towns_the_model_calls_nationalities_and_hyphenated_names(places: Any) -> None:
    found = _by_text(places("Rebels shelled the countryside of Aleppo and the town of Samarra."))
    assert found["Aleppo"].country == "SYR" and found["Samarra"].country == "IRQ"
    # A hyphenated name is not cut at the hyphen into a Norwegian village called Al.
    [place] = places("Clashes erupted in the Al-Bayaa district overnight.")
    assert (place.text, place.country) == ("Al-Bayaa", None)


def test_islands_and_features_whatever_the_model_calls_them(places: Any) -> None:
    found = _by_text(places("Jets struck positions in the Qandil mountains and on Java."))
    assert found["Qandil"].country == "IRQ"
    assert (found["Java"].country, found["Java"].precision) == ("IDN", "region")


def test_direction_words_make_a_part_only_in_lower_case(places: Any) -> None:
    assert "Alliance" not in _by_text(places("The Northern Alliance took the town."))
    assert "Greer" in _by_text(places("Downtown Greer has new shops."))


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


def test_an_unknown_place_takes_its_qualifiers_point_at_its_precision(places: Any) -> None:
    found = _by_text(places("The outbreak began in Kampungu, Kasai Occidental, in June."))
    village = found["Kampungu"]
    assert (village.country, village.precision) == ("COD", "admin1")
    assert village.name == found["Kasai Occidental"].name
    # Without a qualifier it stays unknown.
    assert places("Fighting spread to Zorblatville overnight.")[0].lat is None


def test_names_coordinated_with_places_and_towns_before_civic_bodies(places: Any) -> None:
    text = "In the Licking County cities of Newark, Heath and Pataskala, home sales dropped."
    found = _by_text(places(text))
    assert found["Heath"].admin1 == found["Pataskala"].admin1 == "Ohio"
    found = _by_text(places("The Canaan Board of Finance meets on Tuesday."))
    assert found["Canaan"].country == "USA"
    # A person coordinated with a place is not one.
    text = "Officer Tim Moore and his team flew to Paris. Paris and Moore were tired."
    assert "Moore" not in _by_text(places(text))


def test_a_name_used_in_a_place_slot_is_no_surname(places: Any) -> None:
    text = "Freemason Bogdanov Joins Sochi. The election in Sochi is crowded. Sochi votes today."
    found = [p.start for p in places(text) if p.text == "Sochi"]
    assert text.rindex("Sochi") in found and text.index("in Sochi") + 3 in found


def test_initials_and_hyphenated_names_are_not_towns(places: Any) -> None:
    found = _by_text(places("Al-Shabaab fighters stormed a hotel in Mogadishu, the UN said."))
    assert list(found) == ["Mogadishu"]
    # A dateline in capitals is still a place.
    assert "ROME" in _by_text(places("ROME - The Italian government resigned on Monday."))


def test_comma_datelines_and_party_affiliations(places: Any) -> None:
    found = _by_text(places("COVINGTON, Ky. (AP) - A man held in a jail died on Monday."))
    assert (found["COVINGTON"].admin1, found["COVINGTON"].precision) == ("Kentucky", "city")
    found = _by_text(places("State Rep. Jay Roberts (R-Ocilla) chairs the caucus."))
    assert found["Ocilla"].admin1 == "Georgia"
    found = _by_text(places("Brentford ward councillor Ruth Cadbury said the bins were full."))
    assert found["Brentford"].country == "GBR"


def test_agency_datelines_x_based_directions_and_people_of_places(places: Any) -> None:
    found = _by_text(places("CHATTANOOGA (AP) - Meth cooks are secretive, police said."))
    assert found["CHATTANOOGA"].admin1 == "Tennessee"
    found = _by_text(places("Officials for Northbrook-based Crate & Barrel declined to comment."))
    assert found["Northbrook"].admin1 == "Illinois"
    found = _by_text(places("The car left the road a mile west of Richland on Highway 30."))
    assert "Richland" in found
    found = _by_text(places("Ms. Moayyad died Saturday, said Nadia Moayyad of Southlake."))
    assert found["Southlake"].admin1 == "Texas"


def test_sites_coasts_communities_and_unaccented_spellings(places: Any) -> None:
    found = _by_text(places("Officials in Dogubayazit criticised the slow response."))
    assert found["Dogubayazit"].country == "TUR"
    found = _by_text(places("The virus escaped from the Pirbright laboratory last week."))
    assert found["Pirbright"].country == "GBR"
    found = _by_text(places("The wave ravaged Java's southern coast on Monday."))
    assert found["Java"].country == "IDN"
    found = _by_text(places("A case was found in the community of O'Leary on Friday."))
    assert found["O'Leary"].country == "CAN"


def test_currency_prefixes_and_shared_directions_are_not_places(places: Any) -> None:
    found = _by_text(places("Donors pledged US $50 million to schools in East and West Berlin."))
    assert list(found) == ["West Berlin"]


def test_a_kind_word_and_a_comma_before_a_name(places: Any) -> None:
    found = _by_text(places("Troops entered the regional capital, Grozny, on Monday."))
    assert found["Grozny"].country == "RUS"
