"""What `sitrep ingest` shows while it runs: a progress bar on a terminal, lines for logs.

The bar (rich, on stderr) shows documents done, documents per second, events found and, when the
number of input documents can be counted cheaply, the time left. It is off when stderr is not a
terminal; `--verbose` prints one plain line per document instead (for logs, and for tests that
watch a run from outside).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Self, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from ..closing import Closing
from .ingest import IngestSummary


class RateColumn(ProgressColumn):
    """Documents per second, averaged by rich over the last half minute."""

    def render(self, task: Task) -> Text:
        speed = task.speed
        return Text("  -- docs/s" if speed is None else f"{speed:6.1f} docs/s", style="cyan")


class IngestProgress(Closing):
    """Progress of one ingest run. Use as a context manager and pass `update` as the ingest's
    `on_progress` and `line` as its `on_document`.

    `bar` shows the rich bar (only if `stream` is a terminal); `verbose` prints one line per
    document. `total` is the expected number of documents, or None if unknown (no ETA then).
    """

    def __init__(
        self,
        *,
        bar: bool,
        verbose: bool = False,
        total: int | None = None,
        stream: TextIO | None = None,
    ) -> None:
        self.stream = stream or sys.stderr
        self.verbose = verbose
        self.started = time.perf_counter()
        self._progress: Progress | None = None
        self._task = None
        if bar and self.stream.isatty():
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("ingest"),
                BarColumn(),
                MofNCompleteColumn(),
                RateColumn(),
                TextColumn("{task.fields[events]} events"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
                transient=True,
            )
            self._task = self._progress.add_task("ingest", total=total, events=0)

    def __enter__(self) -> Self:
        self.started = time.perf_counter()
        if self._progress is not None:
            self._progress.start()
        return self

    def close(self) -> None:
        """Take the bar off the terminal (leaving the `with` block does this)."""
        if self._progress is not None:
            self._progress.stop()

    def update(self, summary: IngestSummary) -> None:
        """Show the counts so far (called after each document)."""
        if self._progress is None or self._task is None:
            return
        task = self._progress.tasks[0]
        total = task.total
        if total is not None and summary.seen > total:
            total = summary.seen  # the estimate was short: never show more than 100 %
        self._progress.update(
            self._task, completed=summary.seen, total=total, events=summary.events
        )

    def line(self, doc_id: str, outcome: str) -> None:
        """With `verbose`, one line per document: 'sitrep: stored DOC' (flushed at once)."""
        if self.verbose:
            print(f"sitrep: {outcome} {doc_id}", file=self.stream, flush=True)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started


def summary_line(summary: IngestSummary, *, path: Path | str, elapsed: float) -> str:
    """The closing line: counts, events, where, and the rate of newly annotated documents."""
    rate = summary.new / elapsed if elapsed > 0 else 0.0
    return (
        f"sitrep: {summary.new} new, {summary.skipped} already stored, {summary.failed} failed; "
        f"{summary.events} events stored in {path} ({elapsed:.1f} s, {rate:.1f} new docs/s)"
    )


def estimate_total(paths: Iterable[str], *, input_format: str = "auto") -> int | None:
    """The number of documents in local `paths`, counted without parsing them, or None.

    One document per text or HTML file, one per non-blank line of a JSONL file, one per line
    after the header of a CSV/TSV file (quoted line breaks make that an upper bound). None when a
    source cannot be counted cheaply: standard input, URLs, feeds, gzip files, unknown types.
    """
    from ..ingest.sources import expand, is_gzip_name, kind_of_name, readable_suffix

    total = 0
    for name in paths:
        if name == "-" or "://" in name:
            return None
        expanded = expand(name)
        if not isinstance(expanded, list):
            continue  # a pattern without matches: the reader reports it, nothing to count
        for path in expanded:
            files = (
                sorted(p for p in path.rglob("*") if p.is_file() and readable_suffix(p))
                if path.is_dir()
                else [path]
            )
            for file in files:
                kind = kind_of_name(str(file)) if input_format == "auto" else input_format
                if is_gzip_name(str(file)) or kind in (None, "feed"):
                    return None
                counted = _count_file(file, kind)
                if counted is None:
                    return None
                total += counted
    return total


def _count_file(path: Path, kind: str | None) -> int | None:
    if kind not in ("jsonl", "csv", "tsv"):
        return 1
    lines = 0
    try:
        with path.open("rb") as f:
            for raw in f:
                lines += bool(raw.strip())
    except OSError:
        return 1  # the reader reports it as one unreadable document
    return lines if kind == "jsonl" else max(0, lines - 1)
