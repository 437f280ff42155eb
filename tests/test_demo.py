"""The bundled sample corpus, and the demo end to end with the real model."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from rich.console import Console
from spacy.language import Language

from sitrep.config import Settings
from sitrep.demo import load_sample, render_demo, run_demo
from sitrep.errors import StoreError
from sitrep.model import AnnotatedDocument, Article
from sitrep.pipeline import Pipeline
from sitrep.store import Store


def test_sample_corpus_is_well_formed() -> None:
    articles = load_sample()
    assert len(articles) >= 12
    assert len({a.id for a in articles}) == len(articles)
    for a in articles:
        assert 120 <= len(a.text.split()) <= 250, a.id
        assert a.title and isinstance(a.published, dt.date), a.id
    ids = {a.id for a in articles}
    # Two outlets' reports of one same event, worded differently.
    assert {"kaduna-village-attack-herald", "kaduna-village-attack-monitor"} <= ids


def test_demo_refuses_to_delete_a_database_with_other_documents(tmp_path: Path) -> None:
    path = tmp_path / "work.duckdb"
    with Store.open(path) as store:
        mine = Article(id="mine", text="Police arrested a man.", published=dt.date(2024, 1, 1))
        store.write(mine, AnnotatedDocument(doc_id="mine", published=mine.published))

    class MustNotRun:
        def annotate_many(self, articles: object) -> object:
            raise AssertionError("the demo must stop before annotating")

    with pytest.raises(StoreError) as info:
        run_demo(path, pipeline=MustNotRun())  # type: ignore[arg-type]
    assert info.value.code == "E406"
    with Store.open(path) as store:
        assert store.counts()["documents"] == 1


@pytest.mark.slow
def test_demo_end_to_end(nlp: Language, tmp_path: Path) -> None:
    pipeline = Pipeline(nlp, Settings.load(environ={}).stage_specs())
    path = tmp_path / "demo.duckdb"
    n_reports = len(load_sample())

    result = run_demo(path, pipeline=pipeline)

    assert result.documents == n_reports == result.summary.new
    assert result.summary.failed == 0
    assert result.summary.events == len(result.rows) > 0
    types = {r.event.type for r in result.rows}
    assert "ASSAULT" in types
    with Store.open(path, read_only=True) as store:
        doc_ids = {row[0] for row in store.fetch("SELECT doc_id FROM documents")}
    assert doc_ids == {a.id for a in load_sample()}

    console = Console(file=io.StringIO(), width=180)
    render_demo(result, console)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "Events in the sample" in text and "ASSAULT" in text
    assert f"{len(result.rows)} events from {n_reports} documents" in text

    # A second run starts from a fresh file: everything is new again, nothing doubled.
    again = run_demo(path, pipeline=pipeline)
    assert again.summary.new == n_reports and again.summary.skipped == 0
    assert len(again.rows) == len(result.rows)
