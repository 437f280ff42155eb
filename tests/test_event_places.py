"""The event location stage on hand-built events over real parses."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from spacy.language import Language

from sitrep.extract.event_places import is_cross_border
from sitrep.extract.event_places import make_stage as make_event_places
from sitrep.extract.events import extract_events
from sitrep.extract.places import make_stage as make_places
from sitrep.extract.triggers import load_lexicon
from sitrep.model import ActorMention, Article, Event, Evidence, PlaceMention, Span
from sitrep.ontology import load_ontology
from sitrep.pipeline import DocState


def _event(text: str, trigger: str, source_country: str | None) -> Event:
    start = text.index(trigger)
    source = ActorMention(text="x", start=0, end=1, country=source_country)
    return Event(
        id="e0",
        type="SEIZE",
        evidence=Evidence(
            text=text,
            start=0,
            end=len(text),
            trigger=Span(text=trigger, start=start, end=start + len(trigger)),
        ),
        source=source if source_country else None,
    )


@pytest.fixture(scope="module")
def locate_all(nlp: Language) -> Any:
    places = make_places(nlp, {})
    event_places = make_event_places(nlp, {})

    def run(text: str, *triggers: str, source_country: str | None = None) -> list[Event]:
        state = DocState(article=Article(id="t", text=text), doc=nlp(text))
        places(state)
        state.events = [_event(text, trigger, source_country) for trigger in triggers]
        event_places(state)
        return state.events

    return run


@pytest.fixture(scope="module")
def locate(locate_all: Any) -> Any:
    def run(text: str, trigger: str, source_country: str | None = None) -> Event:
        [event] = locate_all(text, trigger, source_country=source_country)
        return event

    return run


def _where(event: Event) -> str | None:
    return event.location.text if event.location is not None else None


def test_location_from_the_triggers_clause(locate: Any) -> None:
    text = "Weapons were seized by Iraqi authorities in the city of Sulaymaniyah."
    event = locate(text, "seized", "IRQ")
    assert event.location is not None and event.location.text == "Sulaymaniyah"
    assert event.cross_border is False


def test_most_specific_place_in_the_clause_and_cross_border(locate: Any) -> None:
    text = (
        "Iran has carried out several military operations in Iraqi airspace "
        "targeting armed groups in the Iraqi Kurdistan Region."
    )
    event = locate(text, "carried", "IRN")
    assert event.location is not None and event.location.text == "Iraqi Kurdistan Region"
    assert event.location.country == "IRQ"
    assert event.cross_border is True


def test_territory_adjective_names_the_country(locate: Any) -> None:
    event = locate("Turkish jets bombed targets in Syrian territory.", "bombed", "TUR")
    assert event.location is not None and event.location.text == "Syrian territory"
    assert (event.location.country, event.location.precision) == ("SYR", "country")
    assert event.cross_border is True


def test_place_of_another_clause_is_only_a_fallback(locate: Any) -> None:
    text = "Police arrested two men after protesters said they had come from Basra."
    event = locate(text, "arrested")
    # Basra is not attached to the arrest, and is where someone came from: no location.
    assert event.location is None and event.cross_border is None
    text = "Police arrested two men, a spokesman said, and took them to a prison in Basra."
    event = locate(text, "arrested")
    # Reported speech in between; Basra is in a locative phrase: the sentence fallback has it.
    assert event.location is not None and event.location.text == "Basra"


def test_no_place_no_location(locate: Any) -> None:
    event = locate("Police arrested two men on Friday.", "arrested", "USA")
    assert event.location is None and event.cross_border is None


def test_cross_border_unknown_for_non_state_source() -> None:
    place = PlaceMention(text="Mosul", start=0, end=5, country="IRQ", precision="city")
    event = _event("UN staff visited Mosul.", "visited", "IGO")
    assert is_cross_border(event, place) is None
    assert is_cross_border(_event("x visited Mosul", "visited", "IRQ"), place) is False
    assert is_cross_border(_event("x visited Mosul", "visited", "SYR"), place) is True


def test_the_acting_country_is_not_the_location(locate: Any) -> None:
    event = locate("Turkey captured the town of Tal Abyad after heavy fighting.", "captured", "TUR")
    assert event.location is None or event.location.text != "Turkey"
    shelled = locate("The rebels shelled Kirkuk on Monday.", "shelled")
    assert shelled.location is not None and shelled.location.text == "Kirkuk"


def test_reference_point_and_modifier_places_lose(locate: Any) -> None:
    event = locate("A bomb exploded in Fallujah, 60 km west of Baghdad.", "exploded")
    assert event.location is not None and event.location.text == "Fallujah"
    soldiers = locate("Gunmen attacked US soldiers in Kirkuk.", "attacked")
    assert soldiers.location is not None and soldiers.location.text == "Kirkuk"


def test_without_a_path_the_actors_own_country_is_the_last_guess(locate: Any) -> None:
    text = "Talks to stop raids on Iran defended Iraq's borders after more raids by Iran."
    event = locate(text, "raids by", "IRN")
    assert event.location is not None and event.location.country == "IRQ"
    assert event.cross_border is True


def test_a_place_naming_its_site_is_the_location(locate: Any) -> None:
    # "the X area", "X village": the name is the site, not a modifier of it.
    area = locate("A car bomb exploded in the Karrada area of central Baghdad.", "exploded")
    assert area.location is not None and area.location.text == "Karrada"
    # ... but "Baghdad's district of X" leaves the site to X, and a "US base" is not in the US.
    base = locate("A rocket exploded near the US base in Balad on Monday.", "exploded")
    assert base.location is not None and base.location.text == "Balad"
    # The first half of a hyphenated name is the name, not a modifier of the second.
    hyphen = locate("Partisans captured Brest-Litovsk in Russia.", "captured")
    assert hyphen.location is not None and hyphen.location.text.startswith("Brest")
    # A natural feature is a site too: "the X mountains of Y" is in X.
    hills = locate("Jets bombed rebel camps in the Nuba mountains of Sudan.", "bombed")
    assert _where(hills) == "Nuba"


def test_a_name_spacy_calls_a_person_is_a_place_in_a_place_slot(locate: Any) -> None:
    patrol = locate("Soldiers patrolled Lhokseumawe after the riots.", "patrolled")
    assert patrol.location is not None and patrol.location.country == "IDN"
    streets = locate("Grozny's streets were patrolled by troops every night.", "patrolled")
    assert streets.location is not None and streets.location.text == "Grozny"


@pytest.mark.parametrize(
    ("text", "trigger", "where"),
    [
        # A when-clause sets the scene; the victims' home town does not.
        (
            "Two soldiers from Mosul were killed when gunmen attacked a checkpoint in Tikrit.",
            "killed",
            "Tikrit",
        ),
        # Coordinated verbs share their adjuncts.
        ("Troops from Nablus shot and killed two men in Jenin.", "shot", "Jenin"),
        # Where the acting party is, it acted; a partner's place ("clashes with ... in X") too.
        ("A court in Kandahar on Monday sentenced three men from Quetta.", "sentenced", "Kandahar"),
        (
            "Ten fighters from Raqqa were killed during clashes with Kurdish forces in Qamishli.",
            "killed",
            "Qamishli",
        ),
        # A participle's noun is an argument of the main verb: "a soldier shot ... was flown".
        ("A soldier wounded in Hebron was flown to a hospital in Jerusalem.", "wounded", "Hebron"),
    ],
)
def test_the_scene_through_clauses_and_participants(
    locate: Any, text: str, trigger: str, where: str
) -> None:
    assert _where(locate(text, trigger)) == where


def test_a_named_facility_is_more_specific_than_its_city(locate: Any) -> None:
    event = locate("Gunmen opened fire in eastern Baghdad near the Zawra Stadium.", "opened")
    assert _where(event) == "Zawra Stadium"


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Gunmen shot three US soldiers on Tuesday.", "shot"),  # the victims' nationality
        ("A taxi driver from Abidjan was shot by police on Sunday.", "shot"),  # an origin
        ("Dmitri Petrov, of Belarus, was arrested on Monday.", "arrested"),
        ("Fighters from Syria attacked the border post on Sunday.", "attacked"),
        # The source of the report, not the scene.
        (
            "Two men were shot dead, according to a statement from the interior ministry in Cairo.",
            "shot",
        ),
        ("Rebels captured a town bordering Rwanda.", "captured"),  # where the town is not
        ("The marchers were protesting against a military operation in Gaza.", "protesting"),
        # The actor's country, not a scene: no document focus either.
        ("U.S. forces captured four suspected insurgents on Thursday.", "captured"),
        ("Mexico's army has captured a man it described as a drug cartel leader.", "captured"),
        # A country naming the party or a person's origin, not the scene.
        ("The militant leader was killed in a U.S. airstrike last week.", "killed"),
        ("Hornish won the pole ahead of Brazil's Helio Castroneves.", "won"),
        # A part of the toll, not where the killing as a whole happened.
        ("Army troops killed 40 people across the province, including a dozen in Mosul.", "killed"),
        # Who the actor is, not where the event happened.
        ("Cavendish, a British sprinter on Team Sky, won the stage on Friday.", "won"),
        # "the border with X": X is across the border.
        ("A soldier was captured at an army post on the border with Lebanon.", "captured"),
        # Countries after "between" are the parties to a truce or a mediation.
        ("Troops withdrew after a truce between Syria and Jordan.", "withdrew"),
        ("Egypt offered mediation between Ethiopia and Sudan.", "mediation"),
        # Where another clause's actors went from.
        ("Troops killed ten rebels before the rest were forced to retreat from Qusayr.", "killed"),
    ],
)
def test_a_place_that_does_not_say_where_gives_no_location(
    locate: Any, text: str, trigger: str
) -> None:
    assert _where(locate(text, trigger)) is None


def test_another_events_place_is_not_the_fallback(locate_all: Any) -> None:
    attack, bombing = locate_all(
        "The attack on Kirkuk came a day after the bombing.", "attack", "bombing"
    )
    assert _where(attack) == "Kirkuk"
    assert _where(bombing) is None


def _annotate(nlp: Language, text: str) -> list[Event]:
    """The rule-based events of `text`, with their places."""
    state = DocState(article=Article(id="t", text=text), doc=nlp(text))
    make_places(nlp, {})(state)
    state.events = extract_events(state, lex=load_lexicon(), onto=load_ontology())
    make_event_places(nlp, {})(state)
    return state.events


@pytest.mark.parametrize(
    ("text", "trigger", "where"),
    [
        ("A car bomb destroyed a police station in the town of Hit on Monday.", "destroyed", "Hit"),
        (
            "Government troops liberated the village of Tal Jabal after heavy fighting.",
            "liberated",
            "Tal Jabal",
        ),
        # A statement's object or content is not where it was made; a meeting's place and a
        # visit's object are where they happened.
        ("Palestinian leaders blamed Israel for the attack.", "blamed", None),
        ("Syria rejected a call to deploy peacekeepers in Beirut.", "rejected", None),
        ("Pakistan threatened to close its airspace over Kashmir.", "threatened", None),
        ("The two ministers met in Geneva on Monday.", "met", "Geneva"),
        ("The French president visited Russia last week.", "visited", "Russia"),
    ],
)
def test_events_and_their_places(nlp: Language, text: str, trigger: str, where: str) -> None:
    [event] = [e for e in _annotate(nlp, text) if e.evidence.trigger.text == trigger]
    assert _where(event) == where


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("Council cuts budget.\nTORRINGTON — Council members approved the cuts.", "TORRINGTON"),
        ("Council cuts budget. TORRINGTON — Council members approved the cuts.", "TORRINGTON"),
        ("KABUL, Afghanistan (Reuters) - Council members approved the cuts.", "KABUL"),
        ("MOGADISHU, Somalia (AP) _ Council members approved the cuts.", "MOGADISHU"),
        ("LAGOS, Nigeria, March 2, 2021 /Newswire/ -- Council members approved the cuts.", "LAGOS"),
        ("AMMAN: Council members approved the cuts.", "AMMAN"),
    ],
)
def test_the_dateline_is_the_fallback(locate: Any, text: str, where: str) -> None:
    assert _where(locate(text, "approved")) == where


def test_a_towns_own_body_acts_at_home_a_towns_resident_anywhere(locate: Any) -> None:
    assert _where(locate("Mosul police arrested three men on Friday.", "arrested")) == "Mosul"
    assert _where(locate("A Tampa woman shot her husband in May.", "shot")) is None


def test_the_focus_country_comes_from_where_things_happen(nlp: Language) -> None:
    text = (
        "Hundreds of protesters marched in Kano on Friday. Police later arrested 23 people. "
        "Nigeria's government blamed fuel suppliers."
    )
    state = DocState(article=Article(id="t", text=text), doc=nlp(text))
    make_places(nlp, {})(state)
    sentence = "Police later arrested 23 people."
    start = text.index(sentence)
    event = _event(text, "arrested", None)
    evidence = dataclasses.replace(
        event.evidence, text=sentence, start=start, end=start + len(sentence)
    )
    state.events = [dataclasses.replace(event, evidence=evidence)]
    make_event_places(nlp, {})(state)
    # Kano is where things happen; "Nigeria's government" names the country for the fallback.
    assert _where(state.events[0]) == "Nigeria"


def test_a_document_about_another_country_beats_the_actors_own(nlp: Language) -> None:
    text = (
        "Kurdish leaders met in Erbil, in northern Iraq, on Sunday. "
        "They want to stop raids on Iran after repeated shelling by Iran."
    )
    state = DocState(article=Article(id="t", text=text), doc=nlp(text))
    make_places(nlp, {})(state)
    sentence = text[text.index("They") :]
    event = _event(text, "shelling", "IRN")
    start = text.index(sentence)
    evidence = dataclasses.replace(
        event.evidence, text=sentence, start=start, end=start + len(sentence)
    )
    state.events = [dataclasses.replace(event, evidence=evidence)]
    make_event_places(nlp, {})(state)
    # "raids on Iran" is the only place near; the report is about Iraq, where Iran shelled.
    [shelling] = state.events
    assert shelling.location is not None and shelling.location.country == "IRQ"
    assert shelling.cross_border is True


@pytest.mark.parametrize(
    ("text", "trigger", "where"),
    [
        # A noun event that is the cause or the setting of a verb shares the verb's scene.
        (
            "A hotel in Mombasa was wrecked by an explosion, police in Nairobi said.",
            "explosion",
            "Mombasa",
        ),
        (
            "Two policemen in Herat were wounded in an attack, officials in Kabul said.",
            "attack",
            "Herat",
        ),
        # "X, where ...", "X, in which ...": the place a relative clause describes is its scene.
        (
            "Police tightened the curfew in Kirkuk, where four people were killed.",
            "killed",
            "Kirkuk",
        ),
        ("Police sealed off Kirkuk, in which a bomb had killed six people.", "killed", "Kirkuk"),
    ],
)
def test_a_scene_reached_through_the_word_above(
    locate: Any, text: str, trigger: str, where: str
) -> None:
    assert _where(locate(text, trigger)) == where


@pytest.mark.parametrize(
    ("text", "trigger", "where"),
    [
        # The partner of a meeting's object is where it was held.
        ("The envoy held talks with rebel leaders in Mosul on Friday.", "held", "Mosul"),
        # A participle clause before a statement sets its scene; one after it is its content.
        ("Speaking in Cairo, the foreign minister criticized Israel.", "criticized", "Cairo"),
        ("The minister criticized Israel, citing attacks in Gaza.", "criticized", None),
        # What a statement is about is not where it was made, even as the document's place.
        ("Jordan warned that the war in Syria could spread.", "warned", None),
        ("Officials agreed that refugees in Lebanon should return home.", "agreed", None),
    ],
)
def test_a_statements_place(nlp: Language, text: str, trigger: str, where: str) -> None:
    [event] = [e for e in _annotate(nlp, text) if e.evidence.trigger.text == trigger]
    assert _where(event) == where
