"""`sitrep ingest --workers/--scheduler/--verbose`, and the progress display's pieces."""

from __future__ import annotations

import io
import json
from pathlib import Path

from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.store import IngestSummary
from sitrep.store.progress import IngestProgress, estimate_total, summary_line

runner = CliRunner()


def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "c.jsonl"
    docs = [{"id": f"d{i}", "text": f"Police arrested {i} men."} for i in range(3)]
    path.write_text("\n".join(json.dumps(d) for d in docs) + "\n\n", "utf-8")
    return path


def test_bad_scheduler_address_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(corpus(tmp_path)), "--scheduler", "host:8786"])
    assert result.exit_code == 2
    assert "tcp://HOST:PORT" in result.output


def test_workers_and_scheduler_together_are_refused(tmp_path: Path) -> None:
    args = ["ingest", str(corpus(tmp_path)), "-w", "2", "--scheduler", "tcp://127.0.0.1:8786"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "not both" in result.output


def test_ingest_help_shows_the_parallel_options() -> None:
    result = runner.invoke(app, ["ingest", "--help"])
    assert result.exit_code == 0
    for flag in ("--workers", "--scheduler", "--verbose", "--quiet"):
        assert flag in result.output


def test_estimate_total_counts_local_inputs_cheaply(tmp_path: Path) -> None:
    jsonl = corpus(tmp_path)
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "ignored.bin"):
        (folder / name).write_text("Troops crossed the border.", "utf-8")
    assert estimate_total([str(jsonl)]) == 3  # blank lines are not documents
    assert estimate_total([str(jsonl), str(folder)]) == 5
    assert estimate_total(["-"]) is None
    assert estimate_total(["https://example.org/feed.xml"]) is None
    (folder / "news.xml").write_text("<rss/>", "utf-8")
    assert estimate_total([str(folder)]) is None  # a feed's entries are not counted


def test_no_bar_when_stderr_is_not_a_terminal_but_verbose_lines() -> None:
    stream = io.StringIO()
    with IngestProgress(bar=True, verbose=True, total=2, stream=stream) as progress:
        progress.update(IngestSummary(new=1, events=4))
        progress.line("d0", "stored")
    assert stream.getvalue() == "sitrep: stored d0\n"


def test_summary_line_reports_counts_and_rate() -> None:
    line = summary_line(IngestSummary(new=10, skipped=2, events=30), path="x.duckdb", elapsed=5.0)
    assert line == (
        "sitrep: 10 new, 2 already stored, 0 failed; 30 events stored in x.duckdb "
        "(5.0 s, 2.0 new docs/s)"
    )


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_on_a_terminal_shows_documents_events_and_rate() -> None:
    stream = Terminal()
    with IngestProgress(bar=True, total=4, stream=stream) as progress:
        progress.update(IngestSummary(new=2, skipped=1, events=7))
        progress._progress.refresh()  # type: ignore[union-attr]
    shown = stream.getvalue()
    assert "3/4" in shown and "7 events" in shown and "docs/s" in shown and "ETA" in shown
