"""The hand-listed features and regions of extra_places.tsv: the file is consistent, and islands,
ranges, rivers, world regions and bases resolve where they are, without taking over the small
towns that share their names when a document is about those towns."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language

from sitrep.extract.places import make_stage
from sitrep.geo import gazetteer as gz
from sitrep.geo.names import Toponym
from sitrep.geo.resolve import haversine_km, resolve
from sitrep.geo.sources import package_data, read_admin_regions, read_extra_places
from sitrep.model import Article, PlaceMention
from sitrep.pipeline import DocState


@pytest.fixture(scope="module")
def gazetteer() -> gz.Gazetteer:
    return gz.load_gazetteer("cities500")


def _resolve(gazetteer: gz.Gazetteer, *names: str, qualifier: int | None = None) -> gz.Candidate:
    """The first name's reading in a document that names all of them."""
    toponyms = [
        Toponym(n, 30 * i, 30 * i + len(n), qualifier=qualifier if i == 0 else None)
        for i, n in enumerate(names)
    ]
    found = resolve(gazetteer, toponyms)[0]
    assert found is not None, names
    return found


def test_extra_places_have_points_and_no_two_rows_share_a_name() -> None:
    rows = list(read_extra_places(package_data("extra_places.tsv")))
    assert len(rows) > 500
    owner: dict[str, str] = {}
    for row in rows:
        assert row.lat is not None and row.lon is not None, row.names[0]
        # A row may spell a name twice ("the Sahel", "Sahel"); two rows may not share one.
        for key in {gz.normalize(n) for n in row.names}:
            assert key not in owner, f"{key!r} names both {owner[key]} and {row.names[0]}"
            owner[key] = row.names[0]


def test_admin1_rows_use_the_region_tables_spelling() -> None:
    # A hand-listed province replaces the table's row of the same name; its admin1 value must
    # be the table's, which the towns inside it carry, or they no longer count as lying in it.
    table = {
        (r.country, n.casefold()): r.names[0]
        for r in read_admin_regions("admin1.tsv", "admin1")
        for n in r.names
    }
    for row in read_extra_places(package_data("extra_places.tsv")):
        if row.precision != "admin1":
            continue
        matches = {table[k] for n in row.names if (k := (row.country, n.casefold())) in table}
        if matches:
            assert row.admin1 in matches, (row.names[0], row.admin1, matches)


# name, country, precision, approximate true point (lat, lon): from an atlas, not from the file.
ALONE = [
    ("Java", "IDN", "region", (-7.4, 110.0)),
    ("Sumatra", "IDN", "region", (-0.5, 101.5)),
    ("Luzon", "PHL", "region", (16.5, 121.0)),
    ("Andes", None, "region", (-15.0, -70.0)),
    ("the Rockies", None, "region", (43.0, -109.0)),
    ("Qandil", "IRQ", "region", (36.5, 45.0)),
    ("Euphrates", None, "region", (35.0, 40.5)),
    ("Rio Grande", None, "region", (29.5, -102.0)),
    ("Niger Delta", "NGA", "region", (5.0, 6.0)),
    ("North Africa", None, "region", (27.0, 14.0)),
    ("Eastern Europe", None, "region", (50.0, 28.0)),
    ("Levant", None, "region", (33.5, 36.0)),
    ("Ituri", "COD", "admin1", (1.5, 29.5)),
    ("Nineveh", "IRQ", "admin1", (36.3, 43.0)),
    ("Fort Hood", "USA", "point", (31.1, -97.8)),
    ("Ain al-Asad", "IRQ", "point", (33.8, 42.4)),
    ("Los Alamos", "USA", "city", (35.9, -106.3)),
    ("West Nile", "UGA", "region", (3.0, 31.0)),
]


@pytest.mark.parametrize(("name", "country", "precision", "point"), ALONE)
def test_a_bare_feature_name_is_the_feature(
    gazetteer: gz.Gazetteer,
    name: str,
    country: str | None,
    precision: str,
    point: tuple[float, float],
) -> None:
    found = _resolve(gazetteer, name)
    assert (found.country, found.precision) == (country, precision)
    assert found.lat is not None and found.lon is not None
    assert haversine_km(found.lat, found.lon, *point) < 250


def test_the_namesake_town_wins_in_its_own_document(gazetteer: gz.Gazetteer) -> None:
    java = _resolve(gazetteer, "Java", "Georgia", qualifier=1)
    assert (java.country, java.precision) == ("GEO", "city")
    levant = _resolve(gazetteer, "Levant", "Bangor", "Hermon", "Maine")
    assert (levant.country, levant.admin1) == ("USA", "Maine")
    lake = _resolve(gazetteer, "Lake Geneva", "Wisconsin", qualifier=1)
    assert (lake.admin1, lake.precision) == ("Wisconsin", "city")
    lebanon = _resolve(gazetteer, "Mount Lebanon", "Pittsburgh", "Bethel Park", "Upper St. Clair")
    assert (lebanon.country, lebanon.admin1) == ("USA", "Pennsylvania")
    brazil = _resolve(gazetteer, "Rio Grande", "Porto Alegre", "Pelotas", "Brazil")
    assert (brazil.country, brazil.precision) == ("BRA", "city")
    bragg = _resolve(gazetteer, "Fort Bragg", "Mendocino", "California")
    assert bragg.admin1 == "California"
    heathrow = _resolve(gazetteer, "Heathrow", "Orlando", "Sanford", "Florida")
    assert (heathrow.country, heathrow.admin1) == ("USA", "Florida")
    assert _resolve(gazetteer, "Heathrow").country == "GBR"


def test_a_hand_listed_province_takes_its_table_rows_place(gazetteer: gz.Gazetteer) -> None:
    # "North Kivu" is also a district of the derived admin2 table; the province wins alone.
    kivu = _resolve(gazetteer, "North Kivu")
    assert (kivu.country, kivu.precision, kivu.admin1) == ("COD", "admin1", "Nord Kivu")
    # The towns of the Ninawa table row now lie in the hand-listed Nineveh.
    mosul = _resolve(gazetteer, "Mosul")
    assert mosul.admin1 == _resolve(gazetteer, "Nineveh").admin1 == "Ninawa"


@pytest.fixture(scope="module")
def places(nlp: Language) -> Any:
    stage = make_stage(nlp, {})

    def run(text: str) -> dict[str, PlaceMention]:
        state = DocState(article=Article(id="t", text=text), doc=nlp(text))
        stage(state)
        return {p.text: p for p in state.places}

    return run


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Rebels attacked oil wells in the Niger Delta, officials said.", "Niger Delta", "NGA"),
        ("Floods swept through Sumatra and the government sent troops.", "Sumatra", "IDN"),
        ("An earthquake struck in Java, the most populous island.", "Java", "IDN"),
        ("Fighters retreated east of the Euphrates near Deir ez-Zor.", "Euphrates", None),
        ("A soldier opened fire at Fort Hood in Texas on Thursday.", "Fort Hood", "USA"),
        ("Ebola spread in North Kivu and Ituri provinces.", "Ituri", "COD"),
        ("Locusts swarmed across the Horn of Africa and North Africa.", "North Africa", None),
        ("The wildfire spread to the San Fernando Valley overnight.", "San Fernando Valley", "USA"),
    ],
)
def test_sentences_name_features_and_regions(
    places: Any, text: str, name: str, country: str | None
) -> None:
    found = places(text)[name]
    assert found.lat is not None and found.country == country
