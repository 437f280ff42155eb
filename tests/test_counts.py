"""Counts: number parsing, and numbers attached to the trigger's arguments."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from sitrep.errors import ConfigError
from sitrep.extract import counts as counts_stage
from sitrep.extract.events import extract_events
from sitrep.extract.numbers import parse_number
from sitrep.extract.triggers import load_lexicon
from sitrep.model import Article
from sitrep.ontology import load_ontology
from sitrep.pipeline import DocState


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2,000", 2000),
        ("six", 6),
        ("twenty-five", 25),
        ("1.5 million", 1_500_000),
        ("two dozen", 24),
        ("one hundred and twenty", 120),
        ("at least nine", 9),
        ("about 300", 300),
        ("10 to 15", 10),
        ("between 10 and 15", 10),
        ("10-15", 10),
        ("dozens", None),
        ("several hundred", None),
        ("hundreds", None),
        ("a few", None),
        ("many", None),
    ],
)
def test_parse_number(text: str, value: int | None) -> None:
    assert parse_number(text) == value


def counted(nlp: Language, text: str) -> list[dict[str, int]]:
    state = DocState(article=Article(id="d", text=text), doc=nlp(text))
    state.events = extract_events(state, lex=load_lexicon(), onto=load_ontology())
    counts_stage.make_stage(nlp, {})(state)
    return [dict(e.counts) for e in state.events]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen killed six soldiers at the checkpoint.", {"killed": 6}),
        ("At least nine people were injured in the explosion.", {"injured": 9}),
        ("Police arrested twelve students on Friday.", {"arrested": 12}),
        ("The ministry will deploy 2,000 troops to the border.", {"troops": 2000}),
        ("Some 300 farmers protested outside the ministry.", {"participants": 300}),
        ("Dozens of protesters were arrested.", {}),
        ("Several hundred soldiers were deployed to the province.", {}),
    ],
)
def test_counts_from_arguments(nlp: Language, text: str, expected: dict[str, int]) -> None:
    assert counted(nlp, text)[0] == expected


def test_casualty_verb_above_an_event_noun_counts_for_it(nlp: Language) -> None:
    found = counted(nlp, "In the bombing, eleven villagers were killed.")
    assert found[0] == {"killed": 11}


def test_user_cue_file_extends_the_packaged_cues(nlp: Language, tmp_path: Path) -> None:
    extra = tmp_path / "cues.yaml"
    extra.write_text("casualties:\n  arrested: [nab]\n", encoding="utf-8")
    cues = counts_stage.load_cues([str(extra)])
    assert cues.casualties["nab"] == "arrested" and cues.casualties["kill"] == "killed"
    with pytest.raises(ConfigError, match="Count cue file"):
        counts_stage.load_cues([str(tmp_path / "missing.yaml")])
