"""Named armed groups, cartels and parties of groups.yaml, on hand-written sentences."""

from __future__ import annotations

import collections
import datetime as dt

import pytest
from spacy.language import Language

from sitrep.extract.actor_dictionary import load_dictionary
from sitrep.extract.actors import ActorFinder

DAY = dt.date(2024, 6, 1)


@pytest.fixture(scope="module")
def finder(nlp: Language) -> ActorFinder:
    return ActorFinder(nlp, load_dictionary())


def codes(
    nlp: Language, finder: ActorFinder, text: str
) -> dict[str, tuple[str | None, str | None]]:
    return {m.text: (m.country, m.sector) for m in finder(nlp(text), DAY)}


def test_armed_groups_keep_home_country_and_transnational_code(
    nlp: Language, finder: ActorFinder
) -> None:
    found = codes(
        nlp,
        finder,
        "JNIM fighters attacked an army post near Djibo, while ISWAP and Boko Haram clashed in "
        "Borno. The TNLA and the KIA said they shelled Bhamo.",
    )
    assert found["JNIM fighters"] == ("IMG", "REB")  # al-Qaeda branch: IMG, like AQIM
    assert found["ISWAP"] == ("IMG", "REB")
    assert found["Boko Haram"] == ("NGA", "REB")
    assert found["TNLA"] == ("MMR", "REB")
    assert found["KIA"] == ("MMR", "REB")


def test_cartels_and_gangs_are_criminals(nlp: Language, finder: ActorFinder) -> None:
    found = codes(
        nlp, finder, "Gang members from Viv Ansanm and the CJNG were arrested, officials said."
    )
    assert found["Viv Ansanm"] == ("HTI", "CRM")
    assert found["CJNG"] == ("MEX", "CRM")
    found = codes(nlp, finder, "The Sinaloa Cartel and MS-13 were designated terrorist groups.")
    assert found["Sinaloa Cartel"] == ("MEX", "CRM")
    assert found["MS-13"] == ("SLV", "CRM")


def test_parties_by_name_and_acronym(nlp: Language, finder: ActorFinder) -> None:
    found = codes(
        nlp,
        finder,
        "The BJP beat the Congress party, Likud and Yesh Atid traded blame, and the MHP and "
        "the AfD gained; the New IRA claimed the bombing.",
    )
    assert found["BJP"] == ("IND", "PTY")
    assert found["Congress party"] == ("IND", "PTY")
    assert found["Yesh Atid"] == ("ISR", "PTY")
    assert found["MHP"] == ("TUR", "PTY")
    assert found["AfD"] == ("DEU", "PTY")
    assert found["New IRA"] == ("GBR", "REB")


def test_group_aliases_are_unique_and_the_file_is_large() -> None:
    d = load_dictionary()
    named = [e for e in d.entries.values() if e.kind in {"group", "org", "igo", "media"}]
    by_sector = collections.Counter(e.sector for e in named)
    assert by_sector["REB"] >= 200 and by_sector["PTY"] >= 200 and by_sector["CRM"] >= 25
    # An alias naming two groups would silently shadow one of them (the later file wins).
    assert d.lookup("People's Defence Forces")[0].id == "tur.reb.pkk"  # type: ignore[index]
    assert d.lookup("PDF")[0].id == "mmr.reb.pdf"  # type: ignore[index]
    assert d.lookup("Fatah")[0].id == "pse.pty.fatah"  # type: ignore[index]
    assert d.lookup("Fatah Alliance")[0].id == "irq.pty.fatah-alliance"  # type: ignore[index]
