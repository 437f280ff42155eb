"""Office holders in people.yaml: who holds a title on a date, name variants, data checks."""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pytest
import yaml
from spacy.language import Language

from sitrep.errors import ConfigError
from sitrep.extract.actor_dictionary import ActorDictionary, ActorEntry, load_dictionary
from sitrep.extract.actors import ActorFinder
from sitrep.model import ActorMention


@pytest.fixture(scope="module")
def people() -> ActorDictionary:
    return load_dictionary()


@pytest.fixture(scope="module")
def finder(nlp: Language, people: ActorDictionary) -> ActorFinder:
    return ActorFinder(nlp, people)


def found(nlp: Language, finder: ActorFinder, text: str, day: str) -> dict[str, ActorMention]:
    return {m.text: m for m in finder(nlp(text), dt.date.fromisoformat(day))}


def raw_people() -> list[dict[str, object]]:
    text = (
        resources.files("sitrep.data").joinpath("actors").joinpath("people.yaml").read_text("utf-8")
    )
    actors: list[dict[str, object]] = yaml.safe_load(text)["actors"]
    return actors


# -- who holds the office on a day ---------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "role", "day", "expected"),
    [
        ("TUR", "foreign_minister", "2019-03-01", "person.mevlut-cavusoglu"),
        ("TUR", "foreign_minister", "2015-10-01", "person.feridun-sinirlioglu"),
        ("TUR", "foreign_minister", "2024-03-01", "person.hakan-fidan"),
        ("TUR", "prime_minister", "2017-01-10", "person.binali-yildirim"),
        ("SAU", "defence_minister", "2018-05-01", "person.mohammed-bin-salman"),
        ("SAU", "defence_minister", "2023-05-01", "person.khalid-bin-salman"),
        ("SAU", "prime_minister", "2020-01-01", "person.king-salman"),
        ("SAU", "prime_minister", "2024-01-01", "person.mohammed-bin-salman"),
        ("SAU", "crown_prince", "2016-05-01", "person.muhammad-bin-nayef"),
        ("ISR", "defence_minister", "2019-05-01", "person.benjamin-netanyahu"),
        ("ISR", "defence_minister", "2025-05-01", "person.israel-katz"),
        ("ISR", "foreign_minister", "2024-06-01", "person.israel-katz"),
        ("ISR", "foreign_minister", "2025-06-01", "person.gideon-saar"),
        ("IRN", "president", "2024-06-15", "person.mohammad-mokhber"),
        ("IRN", "defence_minister", "2020-01-03", "person.amir-hatami"),
        ("IRQ", "defence_minister", "2021-03-01", "person.juma-inad"),
        ("SYR", "president", "2025-06-01", "person.ahmed-al-sharaa"),
        ("SYR", "foreign_minister", "2019-06-01", "person.walid-muallem"),
        ("LBN", "prime_minister", "2023-06-01", "person.najib-mikati"),
        ("EGY", "foreign_minister", "2020-06-01", "person.sameh-shoukry"),
        ("QAT", "foreign_minister", "2024-05-01", "person.mohammed-bin-abdulrahman"),
        ("ARE", "defence_minister", "2020-05-01", "person.mohammed-bin-rashid"),
        ("YEM", "president", "2023-06-15", "person.rashad-al-alimi"),
        ("YEM", "president", "2019-06-15", "person.abd-rabbuh-mansur-hadi"),
        ("PSE", "prime_minister", "2024-02-26", "person.mohammad-shtayyeh"),
        ("GBR", "foreign_minister", "2024-01-15", "person.david-cameron"),
        ("GBR", "monarch", "2023-05-06", "person.king-charles-iii"),
        ("FRA", "prime_minister", "2025-01-15", "person.francois-bayrou"),
        ("DEU", "president", "2020-01-15", "person.frank-walter-steinmeier"),
        ("JPN", "prime_minister", "2025-12-01", "person.sanae-takaichi"),
        ("JPN", "foreign_minister", "2016-01-01", "person.fumio-kishida"),
        ("IDN", "defence_minister", "2022-01-15", "person.prabowo-subianto"),
        ("BRA", "president", "2017-06-01", "person.michel-temer"),
        ("USA", "defence_minister", "2019-03-01", "person.patrick-shanahan"),
        ("IGO", "high_representative", "2022-03-01", "person.josep-borrell"),
        ("IGO", "council_president", "2016-03-01", "person.donald-tusk"),
    ],
)
def test_office_holder_on_a_day(
    people: ActorDictionary, country: str, role: str, day: str, expected: str
) -> None:
    holder = people.holder(country, role, dt.date.fromisoformat(day))
    assert holder is not None and holder.id == expected
    assert holder.country == country


def test_holder_without_a_day_is_the_incumbent(people: ActorDictionary) -> None:
    assert people.holder("TUR", "foreign_minister", None).id == "person.hakan-fidan"  # type: ignore[union-attr]
    assert people.holder("TUR", "prime_minister", None) is None  # office abolished in 2018


def test_uncertain_hand_over_resolves_to_nobody(people: ActorDictionary) -> None:
    # Mustafa's and Aghabekian's foreign-ministry terms overlap over the uncertain months.
    assert people.holder("PSE", "foreign_minister", dt.date(2025, 4, 15)) is None
    assert people.holder("PSE", "foreign_minister", dt.date(2024, 6, 1)).id == (  # type: ignore[union-attr]
        "person.mohammad-mustafa"
    )
    # Vacancies give nobody, not the last holder.
    assert people.holder("LBN", "president", dt.date(2023, 6, 1)) is None


# -- in sentences ----------------------------------------------------------------------------


def test_title_in_a_2019_and_a_2024_report(nlp: Language, finder: ActorFinder) -> None:
    text = "The Turkish foreign minister met his Greek counterpart in Athens."
    early = found(nlp, finder, text, "2019-03-01")["Turkish foreign minister"]
    late = found(nlp, finder, text, "2024-03-01")["Turkish foreign minister"]
    assert (early.id, early.country, early.sector) == ("person.mevlut-cavusoglu", "TUR", "GOV")
    assert (late.id, late.country, late.sector) == ("person.hakan-fidan", "TUR", "GOV")


def test_office_in_another_country_codes_that_country(nlp: Language, finder: ActorFinder) -> None:
    text = "The German defence minister visited troops in Lithuania."
    then = found(nlp, finder, text, "2017-05-01")["German defence minister"]
    assert (then.id, then.country) == ("person.ursula-von-der-leyen", "DEU")
    now = found(nlp, finder, "Ursula von der Leyen spoke in Brussels.", "2024-05-01")
    assert now["Ursula von der Leyen"].country == "IGO"


def test_surname_alone_after_the_full_name(nlp: Language, finder: ActorFinder) -> None:
    text = (
        "Egyptian Foreign Minister Badr Abdelatty met Israel Katz in Cairo. "
        "Katz and Abdelatty discussed the crossing."
    )
    mentions = finder(nlp(text), dt.date(2025, 1, 15))
    ids = [m.id for m in mentions]
    assert ids.count("person.badr-abdelatty") == 2
    assert ids.count("person.israel-katz") == 2
    katz = next(m for m in mentions if m.text == "Katz")
    assert (katz.country, katz.sector) == ("ISR", "GOV")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Recep Tayyip Erdoğan spoke in Ankara.", "person.recep-tayyip-erdogan"),
        ("Recep Tayyip Erdogan spoke in Ankara.", "person.recep-tayyip-erdogan"),
        ("Tayyip Erdogan spoke in Ankara.", "person.recep-tayyip-erdogan"),
        ("MBS spoke in Riyadh.", "person.mohammed-bin-salman"),
        ("Mohammad bin Salman spoke in Riyadh.", "person.mohammed-bin-salman"),
        ("Abdel Fattah al-Sisi spoke in Cairo.", "person.abdel-fattah-el-sisi"),
        ("Abu Mohammed al-Jolani spoke in Idlib.", "person.ahmed-al-sharaa"),
        ("Avigdor Lieberman spoke in Jerusalem.", "person.avigdor-liberman"),
        ("Abbas Araqchi spoke in Tehran.", "person.abbas-araghchi"),
        ("Sheikh Tamim spoke in Doha.", "person.tamim-bin-hamad"),
        ("Gideon Sa'ar spoke in Jerusalem.", "person.gideon-saar"),
        ("Jean-Noel Barrot spoke in Paris.", "person.jean-noel-barrot"),
    ],
)
def test_name_variants(nlp: Language, finder: ActorFinder, text: str, expected: str) -> None:
    assert expected in {m.id for m in finder(nlp(text), dt.date(2025, 1, 15))}


def test_houthi_office_holders_are_not_the_yemeni_government(
    nlp: Language, finder: ActorFinder
) -> None:
    mentions = found(nlp, finder, "Mahdi al-Mashat threatened shipping.", "2024-01-10")
    mashat = mentions["Mahdi al-Mashat"]
    assert (mashat.country, mashat.sector) == ("YEM", "REB")
    president = found(nlp, finder, "The Yemeni president left Aden.", "2024-01-10")
    assert president["Yemeni president"].id == "person.rashad-al-alimi"


# -- the data itself -------------------------------------------------------------------------


def test_no_name_is_claimed_by_two_people() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for person in raw_people():
        aliases = person.get("aliases") or []
        assert isinstance(aliases, list)
        for form in [person["name"], *aliases]:
            owners[str(form)].add(str(person["id"]))
    assert {form: ids for form, ids in owners.items() if len(ids) > 1} == {}


def _spans(entry: ActorEntry) -> list[tuple[str, str, dt.date, dt.date]]:
    main = [(entry.role, None, entry.terms)] if entry.role else []
    out = []
    for role, country, terms in [*main, *entry.offices]:
        for start, end in terms:
            out.append((country or entry.country or "", role or "", start or dt.date.min,
                        end or dt.date.max))  # fmt: skip
    return out


def test_offices_overlap_only_where_the_dates_are_approximate(people: ActorDictionary) -> None:
    by_office: dict[tuple[str, str], list[tuple[dt.date, dt.date, ActorEntry]]] = defaultdict(list)
    for entry in people.entries.values():
        if entry.kind == "person":
            for country, role, start, end in _spans(entry):
                by_office[(country, role)].append((start, end, entry))
    clashes = []
    for office, spans in by_office.items():
        for (a1, b1, e1), (a2, b2, e2) in itertools.combinations(spans, 2):
            overlap = (min(b1, b2) - max(a1, a2)).days
            # A hand-over day is shared by design; more is allowed only for uncertain dates.
            if e1.id != e2.id and overlap >= 1 and not (e1.approximate and e2.approximate):
                clashes.append((office, e1.id, e2.id, overlap))
    assert clashes == []


@pytest.mark.parametrize(
    "country",
    ["ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "MEX", "RUS",
     "SAU", "ZAF", "KOR", "TUR", "GBR", "USA", "IRN", "IRQ", "ISR", "JOR", "LBN", "SYR", "EGY",
     "ARE", "QAT", "KWT", "BHR", "OMN", "YEM", "PSE"],
)  # fmt: skip
def test_every_covered_country_has_a_leader_and_a_foreign_minister_in_2020(
    people: ActorDictionary, country: str
) -> None:
    day = dt.date(2020, 3, 1)
    # Canada and Australia share the British monarch: their leader is the prime minister.
    leaders = [people.holder(country, role, day) for role in ("president", "monarch")]
    if country in {"CAN", "AUS"}:
        leaders = [people.holder(country, "prime_minister", day)]
    assert any(leaders), f"no head of state for {country}"
    assert people.holder(country, "foreign_minister", day) is not None


def test_every_person_is_typed() -> None:
    for person in raw_people():
        assert person.get("kind") == "person", person["id"]
        assert str(person["id"]).startswith("person."), person["id"]
        assert person.get("sector") in {"GOV", "MIL", "REB", "PTY"}, person["id"]


def test_load_stays_fast() -> None:
    timings = []
    for _ in range(3):
        load_dictionary.cache_clear()
        start = time.perf_counter()
        load_dictionary()
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.5


# -- the format: offices, approximate dates, user overrides -------------------------------


def test_user_file_corrects_and_adds_office_holders(tmp_path: Path) -> None:
    user = tmp_path / "people.yaml"
    user.write_text(
        "actors:\n"
        "  - {id: person.hakan-fidan, name: Hakan Fidan, country: TUR, sector: GOV,"
        ' kind: person, role: foreign_minister, terms: ["2023-06-04..2030-01"],'
        " approximate: true}\n"
        "  - {id: person.jane-roe, name: Jane Roe, country: TUR, sector: GOV, kind: person,"
        ' role: foreign_minister, terms: ["2030-02-01.."],'
        ' offices: [{role: defence_minister, country: CYP, terms: ["2020-01-01..2021-01-01"]}]}\n',
        encoding="utf-8",
    )
    d = load_dictionary((str(user),))
    assert d.holder("TUR", "foreign_minister", dt.date(2030, 3, 1)).id == "person.jane-roe"  # type: ignore[union-attr]
    assert d.holder("TUR", "foreign_minister", dt.date(2030, 1, 31)).id == "person.hakan-fidan"  # type: ignore[union-attr]
    cyprus = d.holder("CYP", "defence_minister", dt.date(2020, 6, 1))
    assert cyprus is not None and cyprus.id == "person.jane-roe" and cyprus.country == "CYP"
    assert d.entries["person.hakan-fidan"].approximate


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ('terms: ["2020-03..2021-01-01"]', "add 'approximate: true'"),
        ('terms: ["2021-01-01..2020-01-01"]', "ends before it starts"),
        ('terms: ["2020-13..2021-01-01"], approximate: true', "bad date"),
        ('terms: ["2020-01-01.."], approximate: yes please', "true or false"),
        ("offices: [{role: president}]", "missing key"),
        ('offices: [{role: president, terms: ["2020-01-01.."], seat: 1}]', "unknown key"),
        ('offices: {president: ["2020-01-01.."]}', "list of {role, terms}"),
    ],
)
def test_bad_terms_and_offices_name_the_line(tmp_path: Path, entry: str, words: str) -> None:
    user = tmp_path / "bad.yaml"
    user.write_text(
        "actors:\n\n  - {id: person.x, name: X, country: IRQ, kind: person, role: president, "
        + entry
        + "}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_dictionary((str(user),))
    assert info.value.code == "E301"
    assert "line 3" in str(info.value) and words in str(info.value)
