"""The gazetteer: sources validated by line, the compiled index, its cache, and disambiguation."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.errors import ConfigError
from sitrep.geo import gazetteer as gz
from sitrep.geo.names import Toponym
from sitrep.geo.resolve import prior, resolve
from sitrep.geo.sources import read_extra_places

HEADER = "name\talternate_names\tlat\tlon\tcountry\tadmin1\tprecision\tgeonameid\tpopulation\n"


@pytest.fixture(scope="module")
def gazetteer() -> gz.Gazetteer:
    return gz.load_gazetteer("cities500")


def test_normalize_folds_case_accents_dots_and_article() -> None:
    assert gz.normalize("the U.S.") == gz.normalize("US") == "us"
    assert gz.normalize("Nagorno-Karabakh") == "nagorno karabakh"
    assert gz.normalize("  Sulaymānīyah ") == "sulaymaniyah"


def test_lookup_city_country_and_listed_region(gazetteer: gz.Gazetteer) -> None:
    [city] = gazetteer.lookup("Mosul")
    assert (city.country, city.precision) == ("IRQ", "city")
    assert city.lat is not None and 36 < city.lat < 37
    assert any(c.precision == "country" and c.country == "IRN" for c in gazetteer.lookup("Iran"))
    for name in ("IKR", "Kurdistan Region", "the Iraqi Kurdistan Region"):
        region = gazetteer.lookup(name)[0]
        assert (region.country, region.precision) == ("IRQ", "region")
    assert gazetteer.lookup("Qwertzuiop") == []


def test_demonyms_name_countries(gazetteer: gz.Gazetteer) -> None:
    assert gazetteer.demonym_country("Iraqi") == "IRQ"
    assert gazetteer.demonym_country("Baghdad") is None
    entry = gazetteer.country("IRQ")
    assert entry is not None and entry.name == "Iraq"


def _resolved(gazetteer: gz.Gazetteer, *toponyms: Toponym) -> list[gz.Candidate | None]:
    return resolve(gazetteer, list(toponyms))


def test_qualifier_picks_the_town_in_the_named_state(gazetteer: gz.Gazetteer) -> None:
    [alone] = _resolved(gazetteer, Toponym("Alexandria", 0, 10))
    assert alone is not None and alone.country == "EGY"
    town, state = _resolved(
        gazetteer, Toponym("Alexandria", 0, 10, qualifier=1), Toponym("Louisiana", 12, 21)
    )
    assert town is not None and (town.country, town.admin1) == ("USA", "Louisiana")
    assert state is not None and state.precision == "admin1"


def test_city_hint_and_country_prior(gazetteer: gz.Gazetteer) -> None:
    [state] = _resolved(gazetteer, Toponym("New York", 0, 8))
    [city] = _resolved(gazetteer, Toponym("New York", 0, 8, hint="city"))
    assert state is not None and state.precision == "admin1"
    assert city is not None and city.precision == "city"
    [country] = _resolved(gazetteer, Toponym("the U.S.", 0, 8))
    assert country is not None and (country.country, country.precision) == ("USA", "country")


def test_unknown_name_resolves_to_none(gazetteer: gz.Gazetteer) -> None:
    assert _resolved(gazetteer, Toponym("Zorblatville", 0, 12)) == [None]


def test_extra_places_file_is_validated_with_line_numbers(tmp_path: Path) -> None:
    good = tmp_path / "good.tsv"
    good.write_text(HEADER + "Zorblat Valley\tZV\t10.5\t20.5\tIRQ\t\tregion\t\t\n", "utf-8")
    [place] = read_extra_places(good)
    assert place.names == ("Zorblat Valley", "ZV") and place.lat == 10.5
    bad = tmp_path / "bad.tsv"
    bad.write_text(HEADER + "# comment\nZorblat\t\t95\t20\tIRQ\t\tregion\t\t\n", "utf-8")
    with pytest.raises(ConfigError, match=r"bad.tsv, line 3: lat '95'"):
        list(read_extra_places(bad))
    bad.write_text(HEADER + "Zorblat\t\t5\t20\tIraq\t\tregion\t\t\n", "utf-8")
    with pytest.raises(ConfigError, match="alpha-3"):
        list(read_extra_places(bad))
    with pytest.raises(ConfigError, match="cannot be read"):
        list(read_extra_places(tmp_path / "missing.tsv"))


def test_index_is_cached_and_user_additions_are_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    extra = tmp_path / "mine.tsv"
    extra.write_text(HEADER + "Zorblat Valley\t\t10.5\t20.5\tIRQ\t\tregion\t\t\n", "utf-8")
    built = gz.load_gazetteer("cities15000", (extra,))
    assert list((tmp_path / "cache" / "sitrep").glob("gazetteer-*.marshal"))
    gz.load_gazetteer.cache_clear()
    loaded = gz.load_gazetteer("cities15000", (extra,))
    assert loaded is not built and len(loaded) == len(built)
    assert loaded.lookup("Zorblat Valley")[0].precision == "region"


def test_unwritable_cache_falls_back_to_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", "utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    gz.load_gazetteer.cache_clear()
    assert gz.load_gazetteer("cities15000").lookup("Mosul")
    gz.load_gazetteer.cache_clear()


def test_local_prior_places_a_town_among_its_neighbours(gazetteer: gz.Gazetteer) -> None:
    # Towns near each other in north-east Texas: together they outvote the French capital.
    names = ["Paris", "Roxton", "Lamar County", "Clarksville", "Honey Grove"]
    toponyms = [Toponym(text=n, start=20 * i, end=20 * i + len(n)) for i, n in enumerate(names)]
    paris, _, county, _, _ = resolve(gazetteer, toponyms)
    assert paris is not None and (paris.country, paris.admin1) == ("USA", "Texas")
    assert county is not None and (county.precision, county.admin1) == ("admin2", "Texas")
    assert county.lat is not None and abs(county.lat - 33.7) < 0.5


def test_alone_the_famous_place_wins_and_old_names_get_no_capital_bonus(
    gazetteer: gz.Gazetteer,
) -> None:
    [paris] = resolve(gazetteer, [Toponym(text="Paris", start=0, end=5)])
    assert paris is not None and paris.country == "FRA"
    # Harare was once called Salisbury: under that name it is not a capital.
    toponym = Toponym(text="Salisbury", start=0, end=9)
    harare = next(c for c in gazetteer.lookup("Salisbury") if c.country == "ZWE")
    assert not harare.primary
    [own] = [c for c in gazetteer.lookup("Harare") if c.country == "ZWE" and c.precision == "city"]
    assert prior(harare, toponym) < prior(own, Toponym(text="Harare", start=0, end=6)) - 4


def test_provinces_and_districts_outside_the_us(gazetteer: gz.Gazetteer) -> None:
    [henan] = _resolved(gazetteer, Toponym("Henan", 0, 5))
    assert henan is not None and (henan.country, henan.precision) == ("CHN", "admin1")
    [sheng] = _resolved(gazetteer, Toponym("Henan province", 0, 14))
    assert sheng is not None and sheng.precision == "admin1"
    # A town's first-level region is named, outside the US too.
    town = next(c for c in gazetteer.lookup("Zhengzhou") if c.precision == "city")
    assert town.admin1 == "Henan"
    # A hand-listed region keeps its point and gains the table's region key.
    [ontario] = [c for c in gazetteer.lookup("Ontario") if c.precision == "admin1"]
    assert ontario.region == "CA.08"


def test_district_wins_in_its_country_and_loses_to_a_city_alone(gazetteer: gz.Gazetteer) -> None:
    surrey, _ = _resolved(gazetteer, Toponym("Surrey", 0, 6), Toponym("England", 10, 17))
    assert surrey is not None and (surrey.country, surrey.precision) == ("GBR", "admin2")
    [alone] = _resolved(gazetteer, Toponym("Cambridge", 0, 9))
    assert alone is not None and alone.precision == "city"


def test_institutions_name_their_place(gazetteer: gz.Gazetteer) -> None:
    jail, _town = _resolved(
        gazetteer, Toponym("Lamar County Jail", 0, 17), Toponym("Paris, Texas", 30, 42)
    )
    assert jail is not None and jail.precision == "admin2"
    [airport] = _resolved(gazetteer, Toponym("Vancouver International Airport", 0, 31))
    assert airport is not None and airport.country == "CAN"
    [city] = _resolved(gazetteer, Toponym("City of Norfolk", 0, 15))
    assert city is not None and city.precision == "city"


def test_a_local_document_prefers_its_countrys_namesake(gazetteer: gz.Gazetteer) -> None:
    # Every other name lies in the US: "Paris" is one of its towns, not the French capital.
    names = ["Paris", "Danville", "Illinois", "Paris City Hall", "Champaign"]
    toponyms = [Toponym(text=n, start=20 * i, end=20 * i + len(n)) for i, n in enumerate(names)]
    paris, *_ = resolve(gazetteer, toponyms)
    assert paris is not None and (paris.country, paris.admin1) == ("USA", "Illinois")
    # A report naming places in several countries keeps the famous one.
    names = ["Paris", "Berlin", "London", "Washington"]
    toponyms = [Toponym(text=n, start=20 * i, end=20 * i + len(n)) for i, n in enumerate(names)]
    paris, *_ = resolve(gazetteer, toponyms)
    assert paris is not None and paris.country == "FRA"


def test_a_countrys_name_in_a_report_about_it_is_the_country(gazetteer: gz.Gazetteer) -> None:
    names = ["Mexico", "Guadalajara", "Monterrey", "Puebla"]
    toponyms = [Toponym(text=n, start=20 * i, end=20 * i + len(n)) for i, n in enumerate(names)]
    mexico, *_ = resolve(gazetteer, toponyms)
    assert mexico is not None and (mexico.country, mexico.precision) == ("MEX", "country")
    # A city and the province named after it, equally large: the city.
    [mombasa] = resolve(gazetteer, [Toponym(text="Mombasa", start=0, end=7)])
    assert mombasa is not None and mombasa.precision == "city"


def test_seas_lakes_and_world_regions_are_listed(gazetteer: gz.Gazetteer) -> None:
    for name in ("Indian Ocean", "Lake Erie", "Southeast Asia", "the Caribbean", "NSW"):
        [found] = _resolved(gazetteer, Toponym(name, 0, len(name)))
        assert found is not None and found.lat is not None, name


def test_neighbouring_towns_place_each_other(gazetteer: gz.Gazetteer) -> None:
    # Three towns south of Nashville: each name is common, but only there do all three meet.
    names = ["Franklin", "Brentwood", "Spring Hill"]
    toponyms = [Toponym(text=n, start=20 * i, end=20 * i + len(n)) for i, n in enumerate(names)]
    for found in resolve(gazetteer, toponyms):
        assert found is not None and (found.country, found.admin1) == ("USA", "Tennessee")
    # A village's neighbour does not turn the famous capital into an English namesake.
    washington, _ = _resolved(gazetteer, Toponym("Washington", 0, 10), Toponym("The Wall", 20, 28))
    assert washington is not None and washington.country == "USA"


def test_small_towns_of_cities500_are_indexed(gazetteer: gz.Gazetteer) -> None:
    # Falls Village, Connecticut has fewer than 1,000 people: only cities500 lists it.
    found = gazetteer.lookup("Falls Village")
    assert any((c.country, c.admin1) == ("USA", "Connecticut") for c in found)


def test_only_the_largest_namesake_in_the_country_is_the_capital(gazetteer: gz.Gazetteer) -> None:
    capitals = [c for c in gazetteer.lookup("Washington") if c.capital]
    assert [c.admin1 for c in capitals] == ["District of Columbia"]


def test_a_country_or_state_beats_a_small_namesake_town_without_a_qualifier(
    gazetteer: gz.Gazetteer,
) -> None:
    # A report naming an Andean lake and a New England state: "Peru" is still the country.
    names = ["Peru", "Bolivia", "Massachusetts", "Boston"]
    peru, *_ = _resolved(
        gazetteer, *(Toponym(n, 20 * i, 20 * i + len(n)) for i, n in enumerate(names))
    )
    assert peru is not None and peru.precision == "country" and peru.country == "PER"
    # Named with its state, the town wins.
    town, _state = resolve(
        gazetteer, [Toponym("Peru", 0, 4, qualifier=1), Toponym("Indiana", 6, 13)]
    )
    assert town is not None and (town.precision, town.admin1) == ("city", "Indiana")
    # A state's name among another state's towns stays the state.
    names = ["Oklahoma", "Pittsburgh", "Pennsylvania", "Harrisburg"]
    oklahoma, *_ = _resolved(
        gazetteer, *(Toponym(n, 20 * i, 20 * i + len(n)) for i, n in enumerate(names))
    )
    assert oklahoma is not None and oklahoma.precision == "admin1"


def test_a_local_document_may_still_name_a_town_after_a_foreign_country(
    gazetteer: gz.Gazetteer,
) -> None:
    names = ["Jordan", "Shakopee", "Savage", "Prior Lake", "Minnesota"]
    jordan, *_ = _resolved(
        gazetteer, *(Toponym(n, 20 * i, 20 * i + len(n)) for i, n in enumerate(names))
    )
    assert jordan is not None and (jordan.country, jordan.admin1) == ("USA", "Minnesota")


def test_a_bare_ocean_name_is_the_ocean_unless_a_state_says_otherwise(
    gazetteer: gz.Gazetteer,
) -> None:
    for name in ("Atlantic", "the Pacific"):
        [ocean] = _resolved(gazetteer, Toponym(name, 0, len(name)))
        assert ocean is not None and ocean.precision == "region", name
    names = ["Atlantic", "Iowa", "Council Bluffs", "Red Oak"]
    town, *_ = _resolved(
        gazetteer, *(Toponym(n, 20 * i, 20 * i + len(n)) for i, n in enumerate(names))
    )
    assert town is not None and (town.precision, town.admin1) == ("city", "Iowa")
