"""Factuality of events from the parse: negation, modality, intention, conditionals."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from sitrep.errors import ConfigError
from sitrep.extract import factuality as fact_stage
from sitrep.extract.events import extract_events
from sitrep.extract.triggers import load_lexicon
from sitrep.model import Article
from sitrep.ontology import load_ontology
from sitrep.pipeline import DocState


def factualities(nlp: Language, text: str) -> list[str]:
    state = DocState(article=Article(id="d", text=text), doc=nlp(text))
    state.events = extract_events(state, lex=load_lexicon(), onto=load_ontology())
    fact_stage.make_stage(nlp, {})(state)
    return [e.factuality for e in state.events]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The army attacked the village.", "asserted"),
        ("The army did not attack the village.", "negated"),
        ("The army never attacked the village.", "negated"),
        ("The commander denied attacking the village.", "negated"),
        ("The rebels could attack the village.", "hypothetical"),
        ("If the talks fail, the rebels might attack the capital.", "hypothetical"),
        ("The government plans to deploy troops in the north.", "future"),
        ("The minister would like to send a delegation to Oslo.", "future"),
        ("The army will withdraw from the city next week.", "future"),
        ("The cell was plotting bomb attacks across the country.", "future"),
        ("The army reportedly shelled the village.", "hypothetical"),
        ("The rebels claimed that the army shelled the village.", "hypothetical"),
        ("The rebels claimed responsibility for the attack on the base.", "asserted"),
    ],
)
def test_factuality(nlp: Language, text: str, expected: str) -> None:
    found = factualities(nlp, text)
    assert found, "no event found"
    assert found[0] == expected


def test_user_cue_file_extends_the_packaged_cues(tmp_path: Path) -> None:
    extra = tmp_path / "cues.yaml"
    extra.write_text("hedges: [seemingly]\n", encoding="utf-8")
    cues = fact_stage.load_cues([str(extra)])
    assert cues.has("hedges", "seemingly") and cues.has("hedges", "reportedly")
    assert cues.has("negators", "not")
    with pytest.raises(ConfigError, match="Factuality cue file"):
        fact_stage.load_cues([str(tmp_path / "missing.yaml")])
