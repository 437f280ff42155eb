"""`sitrep ingest`, `sitrep query` and `sitrep demo`: the embedded store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..config import Settings
from ..errors import ConfigError, SitrepError
from .common import (
    EXIT_FAIL,
    EXIT_USAGE,
    ActorCountryOpt,
    ConfigOpt,
    DbOpt,
    EventTypeOpt,
    FormatOpt,
    OutFormatOpt,
    PlaceCountryOpt,
    PublishedOpt,
    QuietOpt,
    SinceOpt,
    UntilOpt,
    app,
    check_choice,
    err,
    fail,
    load_settings,
    parse_published,
)

if TYPE_CHECKING:
    from ..store import Store


INTERRUPTED = "interrupted; documents stored so far are kept: run the same command to resume"


def run_watch_rules(store: Store, stored_hashes: list[str], settings: Settings) -> list[str]:
    """Evaluate the configured watch rules on what was just stored; POST matches to webhooks.

    Returns one line per match and per webhook that failed."""
    from ..watch import load_rules, notify, on_ingest, settings_rules

    rules = load_rules(settings_rules(settings))
    if not rules or not stored_hashes:
        return []
    found = on_ingest(store, stored_hashes, rules)
    lines = [f"watch {m.rule}: {m.row.event.type} {m.row.event.id}" for m in found]
    return lines + notify(found, rules, settings=settings)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or directories ('-' reads stdin).")],
    db: DbOpt = None,
    input_format: FormatOpt = "auto",
    published: PublishedOpt = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=0,
            help="Annotate with N local processes (0: one per CPU core; default [parallel] "
            "workers, 1 = in this process).",
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Annotate on a Dask cluster: its scheduler's address, tcp://HOST:PORT.",
        ),
    ] = None,
    config: ConfigOpt = None,
    quiet: QuietOpt = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="One line per document on stderr (for logs).")
    ] = False,
) -> None:
    """Annotate documents and store them in a DuckDB file; texts already stored are skipped.

    Documents whose annotation failed are stored with their error and retried on the next run.
    Each document is stored in its own transaction: a run that is interrupted or killed loses
    nothing stored, and running the same command again resumes where it stopped.

    \b
    Example:
        sitrep ingest reports/ --db events.duckdb
        sitrep ingest corpus.jsonl --published 2024-03-01 --workers 4
        sitrep ingest corpus.jsonl --scheduler tcp://10.0.0.5:8786
    """
    from ..ingest.readers import INPUT_FORMATS
    from ..parallel import check_scheduler_address, make_annotator, settings_workers
    from ..pipeline import Pipeline
    from ..store import Store, ingest_paths
    from ..store.ingest import Annotator, LazyAnnotator
    from ..store.progress import IngestProgress, estimate_total, summary_line

    check_choice("--input-format", input_format, INPUT_FORMATS)
    pub = parse_published(published)
    settings = load_settings(config)
    path = db or settings.db_path
    try:
        default_workers, default_scheduler = settings_workers(settings)
        if scheduler is not None:
            check_scheduler_address(scheduler)
    except ConfigError as e:
        raise fail(e.message, EXIT_USAGE) from e
    if scheduler and workers is not None:
        raise fail("give --workers or --scheduler, not both", EXIT_USAGE)
    scheduler = scheduler or (None if workers is not None else default_scheduler)
    try:
        parallel = make_annotator(
            settings, workers=default_workers if workers is None else workers, scheduler=scheduler
        )
    except ConfigError as e:
        raise fail(e.message, EXIT_USAGE) from e
    annotator: Annotator = parallel or LazyAnnotator(lambda: Pipeline.from_settings(settings))
    total = None if quiet else estimate_total(paths, input_format=input_format)
    progress = IngestProgress(bar=not quiet and not verbose, verbose=verbose, total=total)
    try:
        with Store.open(path) as store, progress:
            summary = ingest_paths(
                store,
                annotator,
                paths,
                settings=settings,
                input_format=input_format,
                published=pub,
                on_document=progress.line,
                on_progress=progress.update,
            )
            watch_messages = run_watch_rules(store, summary.stored_hashes, settings)
    except SitrepError as e:
        raise fail(e.message) from e
    except KeyboardInterrupt:
        raise fail(INTERRUPTED, 130) from None
    except RuntimeError as e:
        # Ctrl-C while DuckDB runs a statement reaches Python as RuntimeError("Query
        # interrupted") rather than KeyboardInterrupt; the open transaction is never committed.
        if "interrupted" not in str(e).lower():
            raise
        raise fail(INTERRUPTED, 130) from None
    finally:
        if parallel is not None:
            parallel.close()
    for _, message in summary.failures:
        err(f"sitrep: {message}")
    for message in watch_messages:
        err(f"sitrep: {message}")
    if not quiet:
        err(summary_line(summary, path=path, elapsed=progress.elapsed))
        if parallel is not None and parallel.stats.peak_rss:
            peak = max(parallel.stats.peak_rss.values()) / 2**20
            n = len(parallel.stats.peak_rss)
            err(f"sitrep: peak memory {peak:.0f} MiB per worker ({n} used)")
    if summary.seen and summary.failed == summary.seen:
        raise typer.Exit(EXIT_FAIL)


@app.command()
def query(
    event_type: EventTypeOpt = None,
    actor_country: ActorCountryOpt = None,
    place_country: PlaceCountryOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="At most this many.")] = 100,
    out_format: OutFormatOpt = "table",
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Print stored events matching the filters, oldest first.

    Undated events are filtered by their document's published day.

    \b
    Example:
        sitrep query --type ASSAULT --place-country IRQ --since 2024-03-01
        sitrep query --actor-country NGA --format csv > nigeria.csv
    """
    from ..store import Store
    from ..store import query as run_query
    from ..store.output import FORMATS, print_table, stdout_console, write_events

    check_choice("--format", out_format, FORMATS)
    date_from, date_to = parse_published(since), parse_published(until)
    settings = load_settings(config)
    try:
        with Store.open(db or settings.db_path, read_only=True) as store:
            rows = run_query(
                store,
                types=event_type,
                actor_country=actor_country,
                place_country=place_country,
                date_from=date_from,
                date_to=date_to,
                limit=limit,
            )
    except SitrepError as e:
        raise fail(e.message) from e
    if out_format == "table":
        print_table(rows, stdout_console())
    else:
        write_events(rows, out_format, sys.stdout)


@app.command()
def demo(
    db: Annotated[
        Path, typer.Option("--db", help="Fresh DuckDB file for the demo (recreated each run).")
    ] = Path("sitrep-demo.duckdb"),
    config: ConfigOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Annotate the bundled sample reports into a fresh database and show the events.

    \b
    Example:
        sitrep demo
        sitrep demo --db /tmp/demo.duckdb
    """
    from ..demo import render_demo, run_demo
    from ..store.output import progress_printer, stdout_console

    settings = load_settings(config)
    try:
        result = run_demo(db, settings=settings, on_document=progress_printer(enabled=not quiet))
    except SitrepError as e:
        raise fail(e.message) from e
    render_demo(result, stdout_console())
