"""The `sitrep` command: parse arguments, call the library, print. Nothing else lives here.

Machine output goes to stdout, progress and one-line errors to stderr. Exit codes: 0 ok,
1 failure, 2 bad invocation.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .errors import ConfigError, SitrepError

app = typer.Typer(
    name="sitrep",
    help="Political and security events from news reports: who did what to whom, where, when.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def err(message: str) -> None:
    """One line on stderr."""
    print(message.replace("\n", " "), file=sys.stderr, flush=True)


def fail(message: str, code: int = EXIT_FAIL) -> typer.Exit:
    err(f"sitrep: {message}")
    return typer.Exit(code)


def parse_published(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None


ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config", "-c", help="TOML settings file (default: $SITREP_CONFIG or built-in)."
    ),
]
FormatOpt = Annotated[
    str,
    typer.Option("--input-format", "-f", help="text (one file = one document), jsonl, or auto."),
]
PublishedOpt = Annotated[
    str | None,
    typer.Option("--published", help="Publication date YYYY-MM-DD for documents that carry none."),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")]


def load_settings(config: Path | None):  # type: ignore[no-untyped-def]
    from .config import Settings

    try:
        return Settings.load(config)
    except ConfigError as e:
        raise fail(e.message, EXIT_USAGE) from e


def version_callback(value: bool) -> None:
    if value:
        print(f"sitrep {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    """Sitrep turns news reports into PLOVER-coded events.

    \b
    Example:
        sitrep demo
        sitrep annotate report.txt --published 2023-01-16
    """


@app.command()
def annotate(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files or directories; none or '-' reads stdin.")
    ] = None,
    input_format: FormatOpt = "auto",
    published: PublishedOpt = None,
    config: ConfigOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Annotate documents; print one JSON line per document (shared/CONTRACT.md).

    \b
    Example:
        sitrep annotate report.txt --published 2023-01-16
        cat corpus.jsonl | sitrep annotate --input-format jsonl > events.jsonl
    """
    from .ingest.readers import INPUT_FORMATS, ReadFailure, read_documents
    from .model import AnnotatedDocument, Article
    from .pipeline import Pipeline

    if input_format not in INPUT_FORMATS:
        raise fail(f"--input-format must be one of {', '.join(INPUT_FORMATS)}", EXIT_USAGE)
    pub = parse_published(published)
    settings = load_settings(config)
    try:
        pipeline = Pipeline.from_settings(settings)
    except SitrepError as e:
        raise fail(e.message) from e

    items = read_documents(paths or [], input_format=input_format, published=pub, settings=settings)
    total = failed = 0

    out = sys.stdout
    # Failures are interleaved with articles in input order; keep order by parsing one
    # contiguous run of readable articles at a time.
    batch: list[Article] = []

    def flush_batch() -> int:
        n_failed = 0
        for result in pipeline.annotate_many(batch, batch_size=settings.batch_size):
            if result.error:
                err(f"sitrep: {result.error}")
                n_failed += 1
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            out.flush()
        batch.clear()
        return n_failed

    for item in items:
        total += 1
        if isinstance(item, ReadFailure):
            failed += flush_batch()
            failed += 1
            err(f"sitrep: {item.message}")
            line = AnnotatedDocument.failed(item.doc_id, item.published, item.message)
            out.write(json.dumps(line.to_dict(), ensure_ascii=False) + "\n")
            out.flush()
        else:
            batch.append(item)
            if len(batch) >= settings.batch_size:
                failed += flush_batch()
    failed += flush_batch()
    if not quiet:
        err(f"sitrep: annotated {total - failed} of {total} documents")
    if total and failed == total:
        raise typer.Exit(EXIT_FAIL)


@app.command()
def schema() -> None:
    """Print the JSON Schema of one `sitrep annotate` output line.

    \b
    Example:
        sitrep schema > annotation.schema.json
    """
    from importlib import resources

    print(resources.files("sitrep.schema").joinpath("annotation.schema.json").read_text("utf-8"))


# --- store commands (owned by the store engineer) ---

DbOpt = Annotated[
    Path | None,
    typer.Option("--db", help="DuckDB file (default: [store] path, $SITREP_DB, ./sitrep.duckdb)."),
]
OutFormatOpt = Annotated[
    str, typer.Option("--format", help="Output format: table, json, jsonl or csv.")
]


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or directories ('-' reads stdin).")],
    db: DbOpt = None,
    input_format: FormatOpt = "auto",
    published: PublishedOpt = None,
    config: ConfigOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Annotate documents and store them in a DuckDB file; texts already stored are skipped.

    Documents whose annotation failed are stored with their error and retried on the next run.

    \b
    Example:
        sitrep ingest reports/ --db events.duckdb
        sitrep ingest corpus.jsonl --published 2024-03-01
    """
    from .ingest.readers import INPUT_FORMATS
    from .pipeline import Pipeline
    from .store import Store, ingest_paths
    from .store.ingest import LazyAnnotator
    from .store.output import progress_printer

    if input_format not in INPUT_FORMATS:
        raise fail(f"--input-format must be one of {', '.join(INPUT_FORMATS)}", EXIT_USAGE)
    pub = parse_published(published)
    settings = load_settings(config)
    path = db or settings.db_path
    try:
        with Store.open(path) as store:
            summary = ingest_paths(
                store,
                LazyAnnotator(lambda: Pipeline.from_settings(settings)),
                paths,
                settings=settings,
                input_format=input_format,
                published=pub,
                on_document=progress_printer(enabled=not quiet),
            )
    except SitrepError as e:
        raise fail(e.message) from e
    for _, message in summary.failures:
        err(f"sitrep: {message}")
    if not quiet:
        err(
            f"sitrep: {summary.new} new, {summary.skipped} already stored, {summary.failed} "
            f"failed; {summary.events} events stored in {path}"
        )
    if summary.seen and summary.failed == summary.seen:
        raise typer.Exit(EXIT_FAIL)


@app.command()
def query(
    event_type: Annotated[
        list[str] | None,
        typer.Option("--type", "-t", help="PLOVER event type; repeat for several."),
    ] = None,
    actor_country: Annotated[
        list[str] | None,
        typer.Option("--actor-country", help="Source or target country (ISO3); repeatable."),
    ] = None,
    place_country: Annotated[
        list[str] | None,
        typer.Option("--place-country", help="Country where it happened (ISO3); repeatable."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Events on or after YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Events on or before YYYY-MM-DD.")
    ] = None,
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
    from .store import Store
    from .store import query as run_query
    from .store.output import FORMATS, print_table, stdout_console, write_events

    if out_format not in FORMATS:
        raise fail(f"--format must be one of {', '.join(FORMATS)}", EXIT_USAGE)
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
    from .demo import render_demo, run_demo
    from .store.output import progress_printer, stdout_console

    settings = load_settings(config)
    try:
        result = run_demo(db, settings=settings, on_document=progress_printer(enabled=not quiet))
    except SitrepError as e:
        raise fail(e.message) from e
    render_demo(result, stdout_console())


# --- end of store commands ---


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except SitrepError as e:
        err(f"sitrep: {e.message}")
        sys.exit(EXIT_FAIL)
    except KeyboardInterrupt:
        err("sitrep: interrupted")
        sys.exit(130)
