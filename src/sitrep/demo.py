"""`sitrep demo`: the whole job on the bundled sample corpus, into a fresh DuckDB file.

Annotates the reports in `sitrep/data/sample/reports.jsonl`, stores them, reads every event
back and renders a summary. The demo always starts from an empty database so its output does
not depend on earlier runs; to protect real work it deletes an existing file only when that file
holds nothing but sample documents.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from .errors import Messages, StoreError
from .model import Article
from .store import IngestSummary, Store, StoredEvent, content_hash, ingest, query
from .store.ingest import Annotator, Progress
from .store.output import events_table, totals_table

if TYPE_CHECKING:
    from .config import Settings

DEFAULT_DEMO_DB = Path("sitrep-demo.duckdb")
SAMPLE_FILE = "reports.jsonl"


@dataclass(frozen=True)
class DemoResult:
    """What the demo did: where, the ingest counts, and every stored event (oldest first)."""

    db_path: Path
    documents: int
    summary: IngestSummary
    rows: list[StoredEvent]


def load_sample() -> list[Article]:
    """The bundled sample reports as Articles, in file order. Raises StoreError if missing."""
    source = resources.files("sitrep.data").joinpath("sample").joinpath(SAMPLE_FILE)
    try:
        lines = source.read_text("utf-8").splitlines()
        articles = []
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            articles.append(
                Article(
                    id=record["id"],
                    text=record["text"],
                    published=dt.date.fromisoformat(record["published"]),
                    title=record.get("title"),
                    url=record.get("url"),
                )
            )
    except (OSError, ValueError, KeyError) as e:
        raise StoreError(Messages.E405, path=source, reason=f"{type(e).__name__}: {e}") from e
    return articles


def run_demo(
    db_path: str | Path = DEFAULT_DEMO_DB,
    *,
    settings: Settings | None = None,
    pipeline: Annotator | None = None,
    on_document: Progress | None = None,
) -> DemoResult:
    """Annotate the sample into a fresh database at `db_path` and return what was stored.

    `pipeline` defaults to the configured one (`settings`, default settings if None). An
    existing file at `db_path` is deleted first, unless it holds documents that are not from the
    sample, in which case StoreError is raised and nothing is touched.
    """
    db_path = Path(db_path)
    articles = load_sample()
    _clear_demo_db(db_path, {content_hash(a.text) for a in articles})
    if pipeline is None:
        from .config import Settings
        from .pipeline import Pipeline

        pipeline = Pipeline.from_settings(settings or Settings.load())
    with Store.open(db_path) as store:
        summary = ingest(store, pipeline, articles, on_document=on_document)
        rows = query(store, limit=None)
        documents = store.counts()["documents"]
    return DemoResult(db_path=db_path, documents=documents, summary=summary, rows=rows)


def _clear_demo_db(path: Path, sample_hashes: set[str]) -> None:
    if not path.exists():
        return
    with Store.open(path) as store:
        hashes = {row[0] for row in store.fetch("SELECT content_hash FROM documents")}
    if not hashes <= sample_hashes:
        raise StoreError(Messages.E406, path=path, n=len(hashes - sample_hashes))
    path.unlink()
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        wal.unlink()


def render_demo(result: DemoResult, console: Console) -> None:
    """Print the events table, the totals per type and one line on what was stored."""
    console.print(events_table(result.rows, title=f"Events in the sample ({result.db_path})"))
    console.print(totals_table(result.rows, documents=result.documents))
    s = result.summary
    console.print(
        f"{s.new} documents annotated, {s.failed} failed, {s.events} events stored in "
        f"{result.db_path}. Try: sitrep query --db {result.db_path} --type ASSAULT"
    )
