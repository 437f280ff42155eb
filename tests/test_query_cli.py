"""The thin store commands: `sitrep ingest`, `sitrep query`, exit codes and streams."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.model import AnnotatedDocument, Article, Event, Evidence, PlaceMention, Span
from sitrep.store import Store

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cli.duckdb"
    text = "Soldiers shelled the town of Kidal on Monday."
    ev = Event(
        id="e0",
        type="ASSAULT",
        evidence=Evidence(text=text, start=0, end=len(text), trigger=Span("shelled", 9, 16)),
        location=PlaceMention("Kidal", 29, 34, name="Kidal", country="MLI"),
    )
    with Store.open(path) as store:
        article = Article(id="mali", text=text, published=dt.date(2024, 2, 6))
        store.write(
            article, AnnotatedDocument(doc_id="mali", published=article.published, events=(ev,))
        )
    return path


def test_query_jsonl_on_stdout(db: Path) -> None:
    result = runner.invoke(app, ["query", "--db", str(db), "--format", "jsonl", "-t", "assault"])
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    record = json.loads(line)
    assert record["type"] == "ASSAULT" and record["location"]["country"] == "MLI"
    assert record["doc_id"] == "mali" and record["published"] == "2024-02-06"


def test_query_filters_reach_the_store(db: Path) -> None:
    args = ["query", "--db", str(db), "--format", "json", "--place-country", "NGA"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_query_missing_database_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "sitrep ingest" in result.stderr


@pytest.mark.parametrize(
    "args",
    [["--format", "xml"], ["--since", "last tuesday"], ["--limit", "-3"]],
)
def test_query_bad_usage_exits_2(db: Path, args: list[str]) -> None:
    result = runner.invoke(app, ["query", "--db", str(db), *args])
    assert result.exit_code == 2


@pytest.mark.slow
def test_ingest_twice_stores_once(nlp: Language, tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "kidal.txt").write_text(
        "Malian soldiers arrested nine men near Kidal on Monday, the army said in a statement."
    )
    (reports / "empty.txt").write_text("")
    path = tmp_path / "ingest.duckdb"
    args = ["ingest", str(reports), "--db", str(path), "--published", "2024-02-06"]

    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.stderr
    assert "1 new, 0 already stored, 1 failed" in first.stderr
    assert "empty.txt" in first.stderr or "empty" in first.stderr
    with Store.open(path) as store:
        counts = store.counts()
    assert counts["documents"] == 1

    second = runner.invoke(app, args)
    assert second.exit_code == 0
    assert "0 new, 1 already stored, 1 failed" in second.stderr
    with Store.open(path) as store:
        assert store.counts() == counts
