"""The events stage on hand-written sentences, through the real parser."""

from __future__ import annotations

from spacy.language import Language

from sitrep.extract.events import extract_events
from sitrep.extract.triggers import load_lexicon
from sitrep.model import Article, Event
from sitrep.ontology import load_ontology
from sitrep.pipeline import DocState


def events(nlp: Language, text: str) -> list[Event]:
    state = DocState(article=Article(id="doc", text=text), doc=nlp(text))
    return extract_events(state, lex=load_lexicon(), onto=load_ontology())


def one(nlp: Language, text: str) -> Event:
    found = events(nlp, text)
    assert len(found) == 1, [(e.type, e.evidence.trigger.text) for e in found]
    return found[0]


def test_verb_trigger_with_subject_and_object(nlp: Language) -> None:
    ev = one(nlp, "Rebel fighters attacked an army convoy near the town.")
    assert ev.type == "ASSAULT" and ev.evidence.trigger.text == "attacked"
    assert ev.source is not None and "fighters" in ev.source.text
    assert ev.target is not None and "convoy" in ev.target.text
    assert ev.cameo_root == "18" and ev.quad_class == 4 and ev.intensity is not None
    assert ev.id == "doc-ev0" and 0 < ev.confidence <= 1


def test_noun_trigger_with_by_agent(nlp: Language) -> None:
    ev = one(nlp, "Villagers fled after the shelling by government artillery.")
    assert ev.type == "ASSAULT" and ev.evidence.trigger.text == "shelling"
    assert ev.source is not None and "artillery" in ev.source.text
    assert ev.mode == "heavy-weapons"


def test_passive_by_agent_is_the_source(nlp: Language) -> None:
    ev = one(nlp, "The rifles were seized by customs officers at the port.")
    assert ev.type == "COERCE" and ev.mode == "confiscate"
    assert ev.source is not None and "officers" in ev.source.text
    assert ev.target is not None and "rifles" in ev.target.text


def test_light_verb_lets_the_noun_decide(nlp: Language) -> None:
    ev = one(nlp, "The navy carried out several air strikes on the island.")
    assert ev.type == "ASSAULT" and ev.evidence.trigger.text == "carried"
    assert ev.source is not None and "navy" in ev.source.text
    assert ev.target is not None and "island" in ev.target.text
    assert ev.mode == "aerial"


def test_coordinated_subject_first_acts_second_is_counterpart(nlp: Language) -> None:
    ev = one(nlp, "Norway and Sweden discussed a new fishing quota.")
    assert ev.type == "CONSULT"
    assert ev.source is not None and ev.source.text == "Norway"
    assert ev.target is not None and ev.target.text == "Sweden"


def test_reported_speech_codes_the_content_not_the_saying(nlp: Language) -> None:
    ev = one(nlp, "The spokesman said that the militia had kidnapped two engineers.")
    assert ev.type == "ASSAULT" and ev.mode == "abduct"
    assert ev.source is not None and "militia" in ev.source.text


def test_threat_absorbs_its_content(nlp: Language) -> None:
    ev = one(nlp, "The junta threatened to arrest the opposition leaders.")
    assert ev.type == "THREATEN" and ev.evidence.trigger.text == "threatened"
    assert ev.target is not None and "leaders" in ev.target.text


def test_same_type_nouns_fold_into_one_event(nlp: Language) -> None:
    found = events(nlp, "The town was quiet after days of shelling and rocket attacks by the army.")
    assert [e.type for e in found] == ["ASSAULT"]
    assert found[0].source is not None and "army" in found[0].source.text


def test_several_events_in_one_sentence(nlp: Language) -> None:
    found = events(
        nlp, "Police arrested three students, and later the minister met the protesters."
    )
    assert [e.type for e in found] == ["COERCE", "CONSULT"]
    assert [e.id for e in found] == ["doc-ev0", "doc-ev1"]


def test_sentences_without_codeable_action_give_nothing(nlp: Language) -> None:
    text = (
        "We believe that the region deserves a better future. "
        "Soldiers on patrol in the old city. "
        "Leaders must prevent such attacks."
    )
    assert events(nlp, text) == []


def test_phrase_send_delegation_is_consult(nlp: Language) -> None:
    ev = one(nlp, "Chile sent a trade delegation to Lima.")
    assert ev.type == "CONSULT" and ev.mode == "visit"


def test_appeal_is_request_with_neutral_quad(nlp: Language) -> None:
    ev = one(nlp, "The committee urged the government to release the journalists.")
    assert ev.type == "REQUEST" and ev.cameo_root == "02" and ev.quad_class == 0


def test_willingness_is_agree_with_the_complement_folded_in(nlp: Language) -> None:
    ev = one(nlp, "Peru is ready to contribute engineers to the mission.")
    assert ev.type == "AGREE" and ev.source is not None and ev.source.text == "Peru"


def test_labour_strike_is_protest_not_assault(nlp: Language) -> None:
    ev = one(nlp, "Dock workers went on strike in the port city.")
    assert ev.type == "PROTEST" and ev.mode == "strike"


def test_denying_an_accusation_is_a_neutral_statement(nlp: Language) -> None:
    ev = one(nlp, "The ministry rejected accusations of corruption.")
    assert ev.type == "REJECT" and ev.cameo_root == "01" and ev.quad_class == 0


def test_negated_cooperation_is_a_rejection_covering_the_negation(nlp: Language) -> None:
    ev = one(nlp, "The government will not lift the ban on fishing boats.")
    assert ev.type == "REJECT" and ev.cameo_root == "12"
    assert ev.evidence.trigger.text == "not lift"


def test_failing_to_reach_an_agreement_is_a_rejection(nlp: Language) -> None:
    ev = one(nlp, "Norway and Iceland failed to reach an agreement on quotas.")
    assert ev.type == "REJECT" and ev.evidence.trigger.text == "failed to reach"


def test_signing_an_agreement_is_support(nlp: Language) -> None:
    ev = one(nlp, "Chile and Peru signed a trade agreement in Lima.")
    assert ev.type == "SUPPORT" and ev.quad_class == 1


def test_announced_meeting_is_intent_to_cooperate(nlp: Language) -> None:
    ev = one(nlp, "The Ghanaian president will meet his Togolese counterpart next week.")
    assert ev.type == "AGREE" and ev.cameo_root == "03"


def test_wish_to_send_a_delegation_stays_a_consultation(nlp: Language) -> None:
    ev = one(nlp, "The minister would like to send a delegation to Oslo.")
    assert ev.type == "CONSULT"


def test_announced_boycott_is_a_threat(nlp: Language) -> None:
    ev = one(nlp, "The opposition said it would boycott the vote.")
    assert ev.type == "THREATEN" and ev.quad_class == 3


def test_calling_off_a_strike_yields(nlp: Language) -> None:
    ev = one(nlp, "Bus drivers called off their strike on Monday.")
    assert ev.type == "CONCEDE" and ev.evidence.trigger.text == "called"


def test_cancelling_a_visit_is_a_rejection(nlp: Language) -> None:
    ev = one(nlp, "The prime minister cancelled his visit to Paris.")
    assert ev.type == "REJECT"


def test_troops_for_peacekeeping_are_aid(nlp: Language) -> None:
    ev = one(nlp, "Ghana sent 300 soldiers to the peacekeeping force in Mali.")
    assert ev.type == "AID" and ev.mode == "military"


def test_returning_objects_is_retreat_but_returning_home_is_nothing(nlp: Language) -> None:
    ev = one(nlp, "The museum returned three bronze statues to Benin.")
    assert ev.type == "RETREAT" and ev.mode == "return"
    assert events(nlp, "The fishermen returned home on Sunday.") == []


def test_capital_a_delegation_goes_to_stands_for_its_country(nlp: Language) -> None:
    ev = one(nlp, "Iraq sent a delegation to Washington.")
    assert ev.type == "CONSULT"
    assert ev.target is not None and ev.target.country == "USA" and ev.target.sector == "GOV"


def test_event_noun_object_of_an_ordinary_verb_takes_its_subject(nlp: Language) -> None:
    ev = one(nlp, "The army expanded the offensive into the hills.")
    assert ev.type == "ASSAULT" and ev.source is not None and "army" in ev.source.text
    faced = one(nlp, "The army faced an offensive in the hills.")
    assert faced.source is None


def test_imposing_a_state_of_emergency_is_coercion(nlp: Language) -> None:
    ev = one(nlp, "The president declared a state of emergency in the province.")
    assert ev.type == "COERCE"


def test_a_time_is_never_the_target(nlp: Language) -> None:
    from sitrep.config import Settings
    from sitrep.pipeline import Pipeline

    pipeline = Pipeline(nlp, Settings.load(environ={}).stage_specs())
    text = (
        "The rebel leader warned on Wednesday that his fighters would attack the port. "
        "Russian forces shelled Kharkiv on Sunday, killing four civilians."
    )
    result = pipeline.annotate(Article(id="t", text=text))
    targets = [e.target.text for e in result.events if e.target is not None]
    assert targets, "expected events with targets"
    assert not {"Wednesday", "Sunday"} & set(targets)
