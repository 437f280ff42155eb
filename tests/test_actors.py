"""The actors stage on hand-written sentences, with the real spaCy model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from spacy.language import Language

from sitrep.extract.actor_dictionary import load_dictionary
from sitrep.extract.actors import ActorFinder, actor_for_token, make_stage
from sitrep.model import ActorMention, Article
from sitrep.pipeline import DocState

DAY = dt.date(2023, 6, 1)


@pytest.fixture(scope="module")
def finder(nlp: Language) -> ActorFinder:
    return ActorFinder(nlp, load_dictionary())


def actors(nlp: Language, finder: ActorFinder, text: str) -> dict[str, ActorMention]:
    return {m.text: m for m in finder(nlp(text), DAY)}


def codes(m: ActorMention) -> tuple[str | None, str | None]:
    return (m.country, m.sector)


def test_compound_mentions(nlp: Language, finder: ActorFinder) -> None:
    found = actors(
        nlp,
        finder,
        "Syrian security forces and Turkish authorities met Egyptian troops near the border.",
    )
    assert codes(found["Syrian security forces"]) == ("SYR", "COP")
    assert codes(found["Turkish authorities"]) == ("TUR", "GOV")
    assert found["Turkish authorities"].id == "tur.gov"
    assert codes(found["Egyptian troops"]) == ("EGY", "MIL")


def test_title_and_unknown_person(nlp: Language, finder: ActorFinder) -> None:
    found = actors(nlp, finder, "The former Canadian defence minister Peter Quillfeather visited.")
    person = next(m for m in found.values() if "Quillfeather" in m.text)
    assert codes(person) == ("CAN", "GOV")
    assert person.id is None  # unknown to the dictionary: no invented id


def test_known_person_and_surname_coreference(nlp: Language, finder: ActorFinder) -> None:
    text = "Turkish President Recep Tayyip Erdogan spoke on Monday. Later Erdogan left."
    mentions = finder(nlp(text), DAY)
    ids = [m.id for m in mentions]
    assert ids.count("person.recep-tayyip-erdogan") == 2
    doc_text = "Jafar Mahmoud al-Zubaidi met reporters. Zubaidi said the talks failed."
    found = actors(nlp, finder, doc_text)
    assert "Zubaidi" in found
    assert found["Zubaidi"].start > doc_text.index("met")


def test_backer_is_not_the_country(nlp: Language, finder: ActorFinder) -> None:
    found = actors(nlp, finder, "Russia-backed separatists shelled the town.")
    mention = next(m for m in found.values() if "separatists" in m.text)
    assert codes(mention) == (None, "REB")


def test_capital_is_an_actor_only_in_actor_position(nlp: Language, finder: ActorFinder) -> None:
    said = actors(nlp, finder, "Moscow said the talks would continue.")
    assert codes(said["Moscow"]) == ("RUS", None)
    visited = actors(nlp, finder, "The delegation arrived in Moscow on Tuesday.")
    assert "Moscow" not in visited


def test_country_names_groups_and_media(nlp: Language, finder: ActorFinder) -> None:
    found = actors(
        nlp,
        finder,
        "Syria accused Hezbollah and the Houthis, the Xinhua news agency reported, citing NATO.",
    )
    assert codes(found["Syria"]) == ("SYR", None)
    assert codes(found["Hezbollah"]) == ("LBN", "REB")
    assert codes(found["Houthis"]) == ("YEM", "REB")
    assert codes(next(m for t, m in found.items() if "Xinhua" in t)) == ("CHN", "JRN")
    assert codes(found["NATO"]) == ("IGO", None)


def test_region_in_prepositional_phrase(nlp: Language, finder: ActorFinder) -> None:
    found = actors(nlp, finder, "Police officials in the Kurdistan Region arrested two men.")
    mention = next(m for m in found.values() if "officials" in m.text)
    assert mention.country == "IRQ"
    assert "Kurdistan Region" in mention.text


def test_title_resolves_to_office_holder_at_date(nlp: Language, finder: ActorFinder) -> None:
    doc = nlp("The German chancellor warned the Russian foreign minister.")
    found = {m.text: m for m in finder(doc, dt.date(2023, 6, 1))}
    assert found["German chancellor"].id == "person.olaf-scholz"
    assert found["Russian foreign minister"].id == "person.sergei-lavrov"
    earlier = {m.text: m for m in finder(doc, dt.date(2019, 6, 1))}
    assert earlier["German chancellor"].id == "person.angela-merkel"


def test_unknown_organisation_kept_with_null_codes(nlp: Language, finder: ActorFinder) -> None:
    found = actors(nlp, finder, "The Zarnovian Liberation Council claimed the attack.")
    mention = next(m for m in found.values() if "Zarnovian" in m.text)
    assert (mention.country, mention.sector, mention.id, mention.name) == (None, None, None, None)


def test_actor_for_token_covering_pronoun_and_possessive(nlp: Language) -> None:
    stage = make_stage(nlp, {"dictionaries": []})
    text = "Emmanuel Macron arrived in Rome. He said his country would help."
    state = DocState(article=Article(id="t", text=text), doc=nlp(text))
    stage(state)
    doc = state.doc
    macron = actor_for_token(state, doc[1])
    assert macron is not None and macron.id == "person.emmanuel-macron"
    he = actor_for_token(state, next(t for t in doc if t.text == "He"))
    assert he is not None and he.text == "He" and he.id == "person.emmanuel-macron"
    country = actor_for_token(state, next(t for t in doc if t.text == "country"))
    assert country is not None and country.country == "FRA" and country.text == "his country"
    assert actor_for_token(state, next(t for t in doc if t.text == "arrived")) is None


def test_stage_uses_user_dictionary_from_config(nlp: Language, tmp_path: Path) -> None:
    user = tmp_path / "extra.yaml"
    user.write_text(
        "actors:\n  - {id: zz.reb.gray-hand, name: Gray Hand, country: COL, sector: REB}\n",
        encoding="utf-8",
    )
    stage = make_stage(nlp, {"dictionaries": [str(user)]})
    text = "The Gray Hand ambushed a patrol."
    state = DocState(article=Article(id="t", text=text), doc=nlp(text))
    stage(state)
    assert any(m.id == "zz.reb.gray-hand" and m.country == "COL" for m in state.actors)
    for m in state.actors:
        assert text[m.start : m.end] == m.text
