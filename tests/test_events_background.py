"""Events stage: inanimate sources, background and habit, consequences of one incident, quotes.

Hand-written sentences through the real parser (none taken from any evaluation set).
"""

from __future__ import annotations

from spacy.language import Language

from sitrep.extract.background import HISTORY, SPAN, background
from sitrep.extract.events import extract_events, in_quotation, non_actor
from sitrep.extract.triggers import load_lexicon, parse_lexicon_text
from sitrep.model import Article, Event
from sitrep.ontology import load_ontology
from sitrep.pipeline import DocState


def events(nlp: Language, text: str) -> list[Event]:
    state = DocState(article=Article(id="doc", text=text), doc=nlp(text))
    return extract_events(state, lex=load_lexicon(), onto=load_ontology())


def triggers(nlp: Language, text: str) -> list[str]:
    return [e.evidence.trigger.text for e in events(nlp, text)]


# --- sources must be able to act ---------------------------------------------------------------


def test_event_noun_subject_is_no_source(nlp: Language) -> None:
    found = events(nlp, "The ministry said the raids targeted smugglers near the river.")
    assert [e.type for e in found] == ["ASSAULT"]
    assert found[0].source is None
    assert found[0].target is not None and "smugglers" in found[0].target.text


def test_vehicle_subject_is_no_source(nlp: Language) -> None:
    found = events(nlp, "The lorries crossed the bridge and delivered food to the valley town.")
    assert [e.type for e in found] == ["AID"]
    assert found[0].source is None


def test_text_subject_of_relative_clause_is_no_source(nlp: Language) -> None:
    found = events(nlp, "Farmers marched with banners that demanded cheaper seed.")
    requests = [e for e in found if e.type == "REQUEST"]
    assert requests and all(e.source is None for e in requests)


def test_measures_to_act_borrow_the_taker(nlp: Language) -> None:
    text = "The navy said it had taken firm measures to expel foreign trawlers from the bay."
    found = [e for e in events(nlp, text) if e.evidence.trigger.text == "expel"]
    assert found and found[0].source is not None and found[0].source.text == "it"


def test_people_subjects_stay_sources(nlp: Language) -> None:
    found = events(nlp, "Masked gunmen attacked a bus station in the north.")
    assert found[0].source is not None and "gunmen" in found[0].source.text


def test_non_actor_respects_entities_and_proper_nouns(nlp: Language) -> None:
    lex = load_lexicon()
    doc = nlp("The strikes hit Warsaw, and the ship Aurora sailed.")
    assert non_actor(doc[1], lex)  # strikes: an event noun
    assert not non_actor(doc[3], lex)  # Warsaw: a proper noun


# --- background and habit ----------------------------------------------------------------------


def test_since_year_present_perfect_is_background(nlp: Language) -> None:
    assert triggers(nlp, "The rebels have fought the northern army since 1998.") == []


def test_for_years_progressive_is_background(nlp: Language) -> None:
    assert triggers(nlp, "The militia has been attacking border posts for nearly ten years.") == []


def test_cumulative_count_this_year_is_background(nlp: Language) -> None:
    text = "Criminal gangs run the port and have kidnapped hundreds of traders this year."
    assert triggers(nlp, text) == []


def test_span_on_a_later_conjunct_covers_the_coordination(nlp: Language) -> None:
    text = "Pirates have robbed and kidnapped dozens of sailors off the coast in recent years."
    assert triggers(nlp, text) == []


def test_habitual_adverb_present_simple_is_background(nlp: Language) -> None:
    assert triggers(nlp, "Smuggling gangs frequently attack patrols in the hills.") == []


def test_event_noun_in_background_clause(nlp: Language) -> None:
    assert triggers(nlp, "The valley has seen several raids since the start of the year.") == []


def test_past_tense_with_since_is_an_event(nlp: Language) -> None:
    assert triggers(nlp, "Police arrested the mayor on Monday.") == ["arrested"]


def test_recent_span_keeps_the_event(nlp: Language) -> None:
    text = "Soldiers have arrested forty protesters in the past week."
    assert triggers(nlp, text) == ["arrested"]


def test_plain_present_headline_is_an_event(nlp: Language) -> None:
    assert triggers(nlp, "Gunmen kill nine villagers in raid on farm.") == ["kill"]


def test_background_words_come_from_the_lexicon(nlp: Language) -> None:
    doc = nlp("Bandits often attack the road.")
    assert background(doc[2], load_lexicon()) == HISTORY
    bare = parse_lexicon_text("habitual_adverbs: [seldom]\nbackground_units: [year]\n")
    assert background(doc[2], bare) is None


def test_recent_span_without_generic_object_lowers_confidence(nlp: Language) -> None:
    text = "Rebels have shelled the airport in recent months."
    doc = nlp(text)
    assert background(doc[2], load_lexicon()) == SPAN
    found = events(nlp, text)
    assert [e.evidence.trigger.text for e in found] == ["shelled"]
    plain = events(nlp, "Rebels have shelled the airport.")
    assert found[0].confidence < plain[0].confidence


def test_point_in_time_is_no_span(nlp: Language) -> None:
    text = "Two hundred fighters have surrendered to the army a month after the truce."
    assert "surrendered" in triggers(nlp, text)


# --- one incident, one event -------------------------------------------------------------------


def test_consequences_of_one_event_noun_are_one_event(nlp: Language) -> None:
    text = "Two guards died in the clashes, and at least 14 people were wounded."
    found = events(nlp, text)
    assert [e.evidence.trigger.text for e in found] == ["clashes"]
    assert found[0].target is not None and "people" in found[0].target.text


def test_consequence_with_its_own_agent_stays(nlp: Language) -> None:
    text = "Gunmen wounded two guards before the clashes began."
    assert "wounded" in triggers(nlp, text)


# --- direct quotations -------------------------------------------------------------------------


def test_argumentless_event_in_a_quotation_is_dropped(nlp: Language) -> None:
    assert triggers(nlp, '"They came shooting from the hills," the farmer said.') == []


def test_quoted_event_with_arguments_stays(nlp: Language) -> None:
    found = events(nlp, '"The soldiers burned our houses and beat the elders," she said.')
    assert any(e.type == "ASSAULT" for e in found)


def test_in_quotation(nlp: Language) -> None:
    doc = nlp('"We will fight," he said, and the army attacked.')
    assert in_quotation(doc[3]) and not in_quotation(doc[10])
