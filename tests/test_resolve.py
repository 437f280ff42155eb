"""Toponym disambiguation from document context: hand-made documents, one per rule."""

from __future__ import annotations

import pytest

from sitrep.geo import gazetteer as gz
from sitrep.geo.names import Toponym
from sitrep.geo.resolve import _local_countries, resolve


@pytest.fixture(scope="module")
def gazetteer() -> gz.Gazetteer:
    return gz.load_gazetteer("cities500")


def _doc(gazetteer: gz.Gazetteer, *names: str) -> list[gz.Candidate | None]:
    """Resolve names as if they were the toponyms of one document, in this order."""
    toponyms = [Toponym(text=n, start=30 * i, end=30 * i + len(n)) for i, n in enumerate(names)]
    return resolve(gazetteer, toponyms)


def _where(found: gz.Candidate | None) -> tuple[str | None, str | None]:
    assert found is not None
    return found.country, found.admin1


def test_a_county_named_beside_a_town_places_both(gazetteer: gz.Gazetteer) -> None:
    # Both names are common; only in Kentucky does a Paris lie in a Bourbon County.
    paris, county = _doc(gazetteer, "Paris", "Bourbon County")
    assert _where(paris) == ("USA", "Kentucky")
    assert county is not None and county.precision == "admin2"
    assert _where(county) == ("USA", "Kentucky")
    # Dublin, Georgia is the seat of Laurens County: not the Irish capital, not Dublin, Ohio.
    dublin, _ = _doc(gazetteer, "Dublin", "Laurens County")
    assert _where(dublin) == ("USA", "Georgia")


def test_a_state_the_document_names_outranks_a_county_namesake(gazetteer: gz.Gazetteer) -> None:
    # Madison counties and Madison towns lie in many states: the named state decides.
    county, town, _state = _doc(gazetteer, "Madison County", "Richmond", "Kentucky")
    assert _where(county) == ("USA", "Kentucky")
    assert _where(town) == ("USA", "Kentucky")


def test_a_local_document_discounts_a_famous_foreign_namesake(gazetteer: gz.Gazetteer) -> None:
    # Two towns of upstate New York, each with namesakes elsewhere: "Rome" is the town
    # between them, not the Italian capital.
    rome, *_ = _doc(gazetteer, "Rome", "Utica", "Syracuse")
    assert _where(rome) == ("USA", "New York")
    # Votes follow the readings' populations: "Urbana" votes for Illinois, hardly for Italy.
    paris, *_ = _doc(gazetteer, "Paris", "Urbana", "Decatur")
    assert _where(paris) == ("USA", "Illinois")
    # Places of several countries, or country names alone, do not make a document local.
    rome, *_ = _doc(gazetteer, "Rome", "Milan", "Syracuse")
    assert _where(rome)[0] == "ITA"
    rome, _ = _doc(gazetteer, "Rome", "United States")
    assert _where(rome)[0] == "ITA"


def test_one_county_is_enough_to_make_a_document_local(gazetteer: gz.Gazetteer) -> None:
    # Athens, Ohio is the seat of Athens County's neighbour-free namesake: the county alone
    # makes the document American, and the town lies in it.
    athens, _ = _doc(gazetteer, "Athens", "Athens County")
    assert _where(athens) == ("USA", "Ohio")
    [alone] = _doc(gazetteer, "Athens")
    assert _where(alone)[0] == "GRC"


def test_a_countrys_alias_is_the_country_among_that_countrys_towns(
    gazetteer: gz.Gazetteer,
) -> None:
    # "USA" is also an alternate name of a North Carolina town: the country's own alias wins.
    usa, *_ = _doc(gazetteer, "USA", "Concord", "Charlotte", "North Carolina", "Cabarrus County")
    assert usa is not None and usa.precision == "country" and usa.country == "USA"


def test_a_names_other_mentions_do_not_name_its_state_for_it(gazetteer: gz.Gazetteer) -> None:
    # "New York" twice among other states: the state both times, not the city that the
    # state's own second mention would otherwise place "in New York".
    first, _, _, second = _doc(gazetteer, "New York", "Ohio", "Connecticut", "New York")
    for found in (first, second):
        assert found is not None and found.precision == "admin1" and found.admin1 == "New York"


def test_a_longer_name_the_gazetteer_lacks_is_located_by_its_most_prominent_part(
    gazetteer: gz.Gazetteer,
) -> None:
    [bait] = _doc(gazetteer, "Newark Live Bait")
    assert bait is not None and bait.name == "Newark"
    [old_town] = _doc(gazetteer, "Historic Savannah")
    assert old_town is not None and old_town.name == "Savannah"
    # The state, not the hamlet called United.
    [state] = _doc(gazetteer, "United Georgia")
    assert state is not None and state.name == "Georgia"
    assert _doc(gazetteer, "Qwertz Uiopa") == [None]
    # A multi-word part may be a small town; a last word alone is the kind of thing named.
    [hall] = _doc(gazetteer, "Mount Pleasant Civic Center")
    assert hall is not None and hall.name == "Mount Pleasant"
    # Hyphens join names: the more prominent one locates the whole.
    [metro] = _doc(gazetteer, "Dallas-Fort Worth")
    assert _where(metro) == ("USA", "Texas")
    # A street is named after a place, not in it.
    assert _doc(gazetteer, "East Washington Street") == [None]


def test_a_part_of_a_longer_name_does_not_place_the_others(gazetteer: gz.Gazetteer) -> None:
    # A pub named after Cork is no evidence that the document is Irish.
    dublin, *_, pub = _doc(gazetteer, "Dublin", "Hilliard", "Worthington", "Cork Harbour Pub")
    assert _where(dublin) == ("USA", "Ohio")
    assert pub is not None and pub.name == "Cork"


def test_a_name_among_a_list_of_states_is_a_state(gazetteer: gz.Gazetteer) -> None:
    *_, wyoming = _doc(gazetteer, "Michigan", "Ohio", "Indiana", "Illinois", "Wyoming")
    assert wyoming is not None and (wyoming.precision, wyoming.admin1) == ("admin1", "Wyoming")
    # Beside one state only, the Michigan town of that name is a fair reading.
    _, town = _doc(gazetteer, "Michigan", "Wyoming")
    assert town is not None and (town.precision, town.admin1) == ("city", "Michigan")


def test_a_town_beside_a_neighbour_may_share_a_countrys_name(gazetteer: gz.Gazetteer) -> None:
    # Jordan, Minnesota lies next to Shakopee: one neighbour is enough against the country.
    jordan, _ = _doc(gazetteer, "Jordan", "Shakopee")
    assert _where(jordan) == ("USA", "Minnesota")
    # A neighbourless town elsewhere in the country does not do it.
    jordan, _ = _doc(gazetteer, "Jordan", "Seattle")
    assert jordan is not None and jordan.precision == "country"


def test_saint_and_st_are_one_spelling(gazetteer: gz.Gazetteer) -> None:
    [parish] = _doc(gazetteer, "Saint Bernard Parish")
    assert parish is not None and (parish.precision, parish.admin1) == ("admin2", "Louisiana")
    [town] = _doc(gazetteer, "St. Marc")
    assert town is not None and town.country == "HTI"


def test_evidence_for_one_state_does_not_pile_up_without_limit(gazetteer: gz.Gazetteer) -> None:
    # Three Kentucky names and Connecticut: "New Haven" is the Connecticut city, not the
    # Kentucky village that every Kentucky name would otherwise vote for again and again.
    *_, new_haven, _ = _doc(
        gazetteer, "Louisville", "Kentucky", "Bowling Green", "New Haven", "Connecticut"
    )
    assert _where(new_haven) == ("USA", "Connecticut")


def test_an_alternate_name_needs_more_than_the_states_evidence(gazetteer: gz.Gazetteer) -> None:
    # "Pittsburgh" is a city's own name and a California town's alternate one: naming
    # California does not move it. "Maryville" in Texas news is still no old name of Beeville.
    pittsburgh, _ = _doc(gazetteer, "Pittsburgh", "California")
    assert _where(pittsburgh) == ("USA", "Pennsylvania")
    maryville, _ = _doc(gazetteer, "Maryville", "Texas")
    assert maryville is not None and maryville.name == "Maryville"
    elizabethtown, _ = _doc(gazetteer, "Elizabethtown", "New Jersey")
    assert elizabethtown is not None and elizabethtown.name == "Elizabethtown"
    # A short form shares a word with the place's own name and keeps its evidence.
    avondale, *_ = _doc(gazetteer, "Avondale", "Decatur", "DeKalb County", "Georgia")
    assert _where(avondale) == ("USA", "Georgia")


def test_a_county_beside_a_town_outweighs_a_foreign_country_of_its_name(
    gazetteer: gz.Gazetteer,
) -> None:
    # Lebanon, Ohio is the seat of Warren County; Hamilton's namesakes abroad keep the document
    # from looking wholly American, but the county alone places the town.
    lebanon, *_ = _doc(gazetteer, "Lebanon", "Ohio", "Warren County", "Hamilton Township")
    assert _where(lebanon) == ("USA", "Ohio")
    jordan, *_ = _doc(gazetteer, "Jordan", "Scott County", "Hamilton Township")
    assert _where(jordan) == ("USA", "Minnesota")
    # A state's name stays the state beside a county in it.
    kansas, _ = _doc(gazetteer, "Kansas", "Sedgwick County")
    assert kansas is not None and kansas.precision == "admin1"


def test_two_whole_votes_make_a_document_local_despite_rounding() -> None:
    # Shares of one vote may sum to a hair below one: still one vote.
    votes = {"USA": {(1,): 1.0, (2,): 0.9999999999999997}, "LBN": {(3,): 1.0}}
    assert _local_countries(votes, 2.0)[(3,)] == "USA"


def test_a_dateline_in_capitals_names_a_city(gazetteer: gz.Gazetteer) -> None:
    # "LEBANON (AP) -" above an Ohio story is the Ohio town, where "Lebanon" would be the country.
    lebanon, _ = _doc(gazetteer, "LEBANON", "Ohio")
    assert lebanon is not None and lebanon.precision == "city"
    assert _where(lebanon) == ("USA", "Ohio")
    # A country without a town of note to stand for stays the country; abbreviations are no
    # datelines.
    mexico, _ = _doc(gazetteer, "MEXICO", "Texas")
    assert mexico is not None and mexico.precision == "country"
    usa, _ = _doc(gazetteer, "USA", "Ohio")
    assert usa is not None and usa.precision == "country"


def test_a_capital_named_in_the_document_chooses_between_namesake_countries(
    gazetteer: gz.Gazetteer,
) -> None:
    # "Congo" is both republics' short name; Brazzaville is the smaller one's capital.
    congo, _ = _doc(gazetteer, "Congo", "Brazzaville")
    assert congo is not None and congo.country == "COG"
    congo, _ = _doc(gazetteer, "Congo", "Kinshasa")
    assert congo is not None and congo.country == "COD"
    # A town of the country outweighs the American report's own country: Gori is in Georgia.
    _, georgia, _, _ = _doc(gazetteer, "U.S.", "Georgia", "United States", "Gori")
    assert georgia is not None and georgia.country == "GEO"
    _, savannah = _doc(gazetteer, "Georgia", "Savannah")
    assert _where(savannah) == ("USA", "Georgia")


def test_a_village_needs_more_when_the_famous_namesakes_country_is_named(
    gazetteer: gz.Gazetteer,
) -> None:
    # A world report naming Egypt and some American states: "Cairo" is the capital, not the
    # Illinois village, however much the states speak for Illinois.
    cairo, *_ = _doc(
        gazetteer, "Cairo", "Egypt", "Shanghai", "Auckland", "Illinois", "Alabama", "Fort Worth"
    )
    assert cairo is not None and cairo.country == "EGY"
    # In a local report, the village: its own state and neighbours place it.
    cairo, *_ = _doc(gazetteer, "Cairo", "Illinois", "Egypt", "Carbondale")
    assert _where(cairo) == ("USA", "Illinois")


def test_names_with_many_namesakes_still_meet_in_one_province(gazetteer: gz.Gazetteer) -> None:
    # Pandi and Bulacan are farm towns of Central Luzon; each name has namesakes elsewhere in
    # the Philippines (a Bulacan in Davao), but together they point to one province.
    bulacan, *_ = _doc(
        gazetteer,
        "Bulacan",
        "Manila",
        "Pandi",
        "Manaoag",
        "Nueva Ecija",
        "Santa Maria",
        "Davao",
        "Pongpong",
    )
    assert _where(bulacan) == ("PHL", "Central Luzon")
