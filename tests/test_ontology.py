"""The PLOVER ontology data and the trigger lexicon load, validate and reject bad files."""

from __future__ import annotations

import pytest

from sitrep.errors import ConfigError
from sitrep.extract.triggers import load_lexicon, parse_lexicon_text
from sitrep.ontology import EVENT_TYPES, load_ontology, load_yaml_lines, parse_ontology


def test_all_sixteen_types_with_quad_class_and_roots() -> None:
    onto = load_ontology()
    assert set(onto.types) == set(EVENT_TYPES) and len(EVENT_TYPES) == 16
    assert onto.get("ASSAULT").cameo_roots == ("18", "19", "20")
    assert onto.get("COERCE").default_root == "17"
    quads = {name: onto.quad_class(name) for name in EVENT_TYPES}
    assert quads["AGREE"] == 1 and quads["AID"] == 2 and quads["ACCUSE"] == 3
    assert quads["ASSAULT"] == 4 and quads["REQUEST"] == 3


def test_appeal_root_is_neutral_and_intensity_follows_the_root() -> None:
    onto = load_ontology()
    assert onto.quad_class("REQUEST", "02") == 0
    assert onto.quad_class("REQUEST", "10") == 3
    assert onto.intensity("ASSAULT") < onto.intensity("THREATEN") < 0 < onto.intensity("AID")
    assert onto.is_mode("ASSAULT", "aerial") and not onto.is_mode("AGREE", "aerial")


def test_bad_ontology_names_file_and_line(tmp_path: object) -> None:
    text = 'cameo_roots:\n  "18": [4, -9.0]\ncontexts: []\ntypes:\n  FIGHT:\n    quad_class: 4\n'
    with pytest.raises(ConfigError) as err:
        parse_ontology(load_yaml_lines("bad.yaml", text), "bad.yaml")  # type: ignore[arg-type]
    assert err.value.code == "E006" and "line 5" in err.value.message and "FIGHT" in str(err.value)


def test_packaged_lexicon_has_hundreds_of_entries() -> None:
    lex = load_lexicon()
    assert len(lex.verbs) + len(lex.nouns) + len(lex.weak_nouns) > 300
    assert lex.verbs["seize"].type == "COERCE" and lex.nouns["shelling"].type == "ASSAULT"
    assert lex.verbs["urge"].cameo_root == "02"
    assert "carry" in lex.light_verbs


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("verbs:\n  ASSAULT: [attack]\n  FIGHT: [fight]\n", 3, "FIGHT"),
        ("verbs:\n  ASSAULT: [attack/rocketry]\n", 2, "rocketry"),
        ("phrases:\n  - {verb: open, type: ASSAULT}\n", 2, "particle"),
        ("verbz:\n  ASSAULT: [attack]\n", 1, "verbz"),
    ],
)
def test_bad_lexicon_entries_are_reported_with_line(text: str, line: int, needle: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_lexicon_text(text, "user.yaml")
    assert f"line {line}" in err.value.message and needle in err.value.message


def test_user_lexicon_extends_the_packaged_one(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "extra.yaml"
    path.write_text("verbs:\n  ASSAULT: [zap/aerial]\n", encoding="utf-8")
    lex = load_lexicon([str(path)])
    assert lex.verbs["zap"].mode == "aerial" and "attack" in lex.verbs


def test_missing_user_lexicon_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as err:
        load_lexicon(["/nonexistent/lexicon.yaml"])
    assert err.value.code == "E321"
