"""The command line: help with examples for every command, the annotate contract, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import typer.main
from typer.testing import CliRunner

from sitrep.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SCHEMA = json.loads((ROOT / "src/sitrep/schema/annotation.schema.json").read_text("utf-8"))

REPORT = (
    "Iraqi police arrested five suspected smugglers in Basra on 3 March, officials said. "
    "Two days later, Iranian forces shelled villages near the border, killing two farmers."
)


def command_names() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


runner = CliRunner()


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    assert f"sitrep {name}" in result.output


@pytest.mark.parametrize("name", command_names())
def test_every_command_is_in_the_readme(name: str) -> None:
    assert f"sitrep {name}" in README.read_text("utf-8")


def test_annotate_writes_one_valid_line_per_document_in_order(tmp_path: Path) -> None:
    docs = [
        {"id": "one", "text": REPORT, "published": "2024-03-20"},
        {"id": "two", "text": ""},
        {"id": "three", "text": REPORT},
    ]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps(d) for d in docs) + "\n{broken\n")
    result = runner.invoke(app, ["annotate", str(corpus), "--published", "2024-04-01"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert [x["doc_id"] for x in lines[:3]] == ["one", "two", "three"]
    assert lines[0]["published"] == "2024-03-20"
    assert lines[2]["published"] == "2024-04-01"
    assert "error" in lines[1] and lines[1]["events"] == []
    assert "error" in lines[3] and lines[3]["doc_id"].endswith(":4")
    for line in lines:
        jsonschema.validate(line, SCHEMA)
    for item in lines[0]["actors"] + lines[0]["places"] + lines[0]["times"]:
        assert REPORT[item["start"] : item["end"]] == item["text"]
    assert "is empty" in result.stderr


def test_annotate_reads_stdin() -> None:
    result = runner.invoke(app, ["annotate", "-", "--published", "2024-03-20"], input=REPORT)
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert line["doc_id"] == "stdin"
    jsonschema.validate(line, SCHEMA)


def test_annotate_exits_1_when_every_document_fails(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(app, ["annotate", str(empty), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [["annotate", "--input-format", "xml"], ["annotate", "--published", "next week"], ["nosuch"]],
)
def test_bad_invocation_exits_2(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2


def test_schema_command_prints_the_published_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == SCHEMA


def test_annotate_output_survives_unicode_line_separators(tmp_path: Path) -> None:
    text = REPORT.replace(", officials said", "\u2028officials said\x85") + "\u2029"
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "sep", "text": text}, ensure_ascii=False) + "\n")
    result = runner.invoke(app, ["annotate", str(corpus), "--published", "2024-04-01"])
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()  # str.splitlines splits on U+2028, U+2029 and U+0085
    assert json.loads(line)["doc_id"] == "sep"


def test_duplicate_ids_are_processed_and_warned_about_once(tmp_path: Path) -> None:
    docs = [{"id": "same", "text": REPORT}, {"id": "same", "text": REPORT + " More."}]
    docs.append({"id": "same", "text": REPORT + " Again."})
    corpus = tmp_path / "dup.jsonl"
    corpus.write_text("\n".join(json.dumps(d) for d in docs) + "\n")
    result = runner.invoke(app, ["annotate", str(corpus), "--published", "2024-04-01"])
    assert result.exit_code == 0, result.output
    assert [json.loads(x)["doc_id"] for x in result.stdout.splitlines()] == ["same"] * 3
    assert result.stderr.count("same: id used by an earlier document") == 1
