"""Actor dictionaries: shipped data loads, user files extend it, bad entries name file and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitrep.errors import ConfigError
from sitrep.extract.actor_dictionary import dictionary_paths, load_dictionary


def test_shipped_dictionaries_cover_countries_groups_and_people() -> None:
    d = load_dictionary()
    assert d.lookup("Iraqi") is not None and d.lookup("Iraqi")[0].country == "IRQ"  # type: ignore[index]
    assert d.lookup("Tehran") == (d.entries["irn"], "capital")
    assert d.lookup("Islamic Republic")[0].country == "IRN"  # type: ignore[index]
    assert d.lookup("Daesh")[0].id == "img.isis"  # type: ignore[index]
    assert d.sector_words["security forces"].sector == "COP"
    assert d.sector_words["ministers"].sector == "GOV"  # plural added automatically
    groups = [e for e in d.entries.values() if e.kind not in {"country", "person"}]
    assert len(groups) >= 100


def test_office_holder_depends_on_the_date() -> None:
    d = load_dictionary()
    assert d.holder("USA", "president", dt.date(2022, 3, 1)).id == "person.joe-biden"  # type: ignore[union-attr]
    assert d.holder("USA", "president", dt.date(2018, 3, 1)).id == "person.donald-trump"  # type: ignore[union-attr]
    assert d.holder("ATA", "president", dt.date(2018, 3, 1)) is None


def test_user_dictionary_extends_and_overrides(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(
        "actors:\n"
        "  - {id: xyz.reb.lions, name: Lions of the Valley, country: XYZ, sector: REB,"
        " aliases: [LOTV]}\n"
        "sectors:\n"
        "  - {sector: MIL, words: [sharpshooter]}\n",
        encoding="utf-8",
    )
    d = load_dictionary((str(user),))
    assert d.lookup("LOTV")[0].sector == "REB"  # type: ignore[index]
    assert d.sector_words["sharpshooters"].sector == "MIL"
    assert load_dictionary().lookup("LOTV") is None  # the shipped dictionary is untouched


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("actors:\n  - {id: a.b, name: A}\n", 2, "missing key"),
        ("actors:\n  - {id: a.b, name: A, country: XX}\n", 2, "3-letter"),
        ("actors:\n\n  - {id: a.b, name: A, country: IRQ, sector: FOO}\n", 3, "sector 'FOO'"),
        ("actors:\n  - {id: Bad Id, name: A, country: IRQ}\n", 2, "lower case"),
        ("actors:\n  - {id: a.b, name: A, country: IRQ, terms: [2020]}\n", 2, "terms"),
        ("countries:\n  - {code: IRQ, demonyms: Iraqi}\n", 2, "list of non-empty strings"),
        ("sectors:\n  - {sector: GOV, word: [x]}\n", 2, "unknown key"),
        ("actors: [\n", 2, "not valid YAML"),
    ],
)
def test_bad_entries_report_file_and_line(tmp_path: Path, body: str, line: int, words: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_dictionary((str(bad),))
    assert info.value.code == "E301"
    assert f"{bad}, line {line}" in str(info.value)
    assert words in str(info.value)


def test_missing_user_file_and_bad_setting() -> None:
    with pytest.raises(ConfigError) as info:
        load_dictionary(("/no/such/actors.yaml",))
    assert info.value.code == "E300"
    with pytest.raises(ConfigError) as info:
        dictionary_paths("one.yaml")
    assert info.value.code == "E302"
    assert dictionary_paths(["a.yaml"]) == ("a.yaml",)
