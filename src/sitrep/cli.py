"""The `sitrep` command: parse arguments, call the library, print. Nothing else lives here.

Machine output goes to stdout, progress and one-line errors to stderr. Exit codes: 0 ok,
1 failure, 2 bad invocation.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import __version__
from .config import Settings
from .errors import ConfigError, SitrepError

if TYPE_CHECKING:
    from .store import Store

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
    typer.Option(
        "--input-format",
        "-f",
        help="auto (by suffix, content type or first bytes), text, jsonl, html, feed, csv, tsv.",
    ),
]
PublishedOpt = Annotated[
    str | None,
    typer.Option("--published", help="Publication date YYYY-MM-DD for documents that carry none."),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")]


def load_settings(config: Path | None) -> Settings:
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
        list[str] | None,
        typer.Argument(
            help="Files, directories, glob patterns or http(s) URLs; none or '-' is stdin."
        ),
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
    from .jsonl import dumps_line
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

    try:
        items = read_documents(
            paths or [], input_format=input_format, published=pub, settings=settings
        )
    except ConfigError as e:
        raise fail(e.message, EXIT_USAGE) from e
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
            out.write(dumps_line(result.to_dict()) + "\n")
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
            out.write(dumps_line(line.to_dict()) + "\n")
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


INTERRUPTED = "interrupted; documents stored so far are kept: run the same command to resume"


def run_watch_rules(store: Store, stored_hashes: list[str], settings: Settings) -> list[str]:
    """Evaluate the configured watch rules on what was just stored; POST matches to webhooks.

    Returns one line per match and per webhook that failed."""
    from .watch import load_rules, notify, on_ingest, settings_rules

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
    from .ingest.readers import INPUT_FORMATS
    from .parallel import check_scheduler_address, make_annotator, settings_workers
    from .pipeline import Pipeline
    from .store import Store, ingest_paths
    from .store.ingest import Annotator, LazyAnnotator
    from .store.progress import IngestProgress, estimate_total, summary_line

    if input_format not in INPUT_FORMATS:
        raise fail(f"--input-format must be one of {', '.join(INPUT_FORMATS)}", EXIT_USAGE)
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


# --- dedup commands (owned by the dedup engineer) ---


@app.command()
def clusters(
    event_type: Annotated[
        list[str] | None,
        typer.Option("--type", "-t", help="PLOVER event type; repeat for several."),
    ] = None,
    min_docs: Annotated[
        int,
        typer.Option("--min-docs", min=1, help="Only clusters reported by this many documents."),
    ] = 2,
    since: Annotated[
        str | None, typer.Option("--since", help="Clusters ending on or after YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Clusters starting on or before YYYY-MM-DD.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="At most this many.")] = 100,
    rebuild: Annotated[
        bool,
        typer.Option(
            "--rebuild", help="Cluster every stored event again with the [dedup] settings."
        ),
    ] = False,
    out_format: OutFormatOpt = "table",
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """List event clusters: one real event with every report (source and evidence) of it.

    Reports of the same event by several outlets are clustered when they are ingested; see
    the [dedup] settings. --rebuild clusters the whole store again (after changing them, or
    for a database made before clustering existed).

    \b
    Example:
        sitrep clusters --db events.duckdb
        sitrep clusters --type ASSAULT --min-docs 3 --format jsonl
        sitrep clusters --rebuild --min-docs 1
    """
    from .dedup import dedup_settings
    from .dedup.output import FORMATS, clusters_table, write_clusters
    from .errors import Messages
    from .store import Store
    from .store.clusters import list_clusters, rebuild_clusters, unclustered_count
    from .store.output import stdout_console

    if out_format not in FORMATS:
        raise fail(f"--format must be one of {', '.join(FORMATS)}", EXIT_USAGE)
    date_from, date_to = parse_published(since), parse_published(until)
    settings = load_settings(config)
    path = db or settings.db_path
    try:
        dedup = dedup_settings(settings)
        with Store.open(path, read_only=not rebuild) as store:
            if rebuild:
                n = rebuild_clusters(store, dedup)
                err(f"sitrep: {n} clusters rebuilt in {path}")
            pending = unclustered_count(store)
            found = list_clusters(
                store,
                types=event_type,
                min_documents=min_docs,
                date_from=date_from,
                date_to=date_to,
                limit=limit,
            )
    except SitrepError as e:
        raise fail(e.message) from e
    if pending:
        err(f"sitrep: warning: {Messages.E481.format(path=path, n=pending)}")
    if out_format != "table":
        write_clusters(found, out_format, sys.stdout)
    elif found:
        stdout_console().print(clusters_table(found, title=f"Event clusters in {path}"))
    else:
        stdout_console().print(f"No clusters reported by {min_docs} or more documents match.")


# --- end of dedup commands ---


# --- serve/export/watch commands (owned by the serve/export engineer) ---

RulesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--rules",
        help="Watch rules file (TOML), added to [watch] rules; repeatable. "
        "'sitrep:watch/iraq_iran_border.toml' is the packaged example.",
    ),
]
ENV_TOKEN = "SITREP_TOKEN"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def load_watch_rules(settings, extra: list[str] | None):  # type: ignore[no-untyped-def]
    from .watch import load_rules, settings_rules

    try:
        return load_rules([*settings_rules(settings), *(extra or [])])
    except ConfigError as e:
        raise fail(e.message, EXIT_USAGE) from e


@app.command()
def serve(
    host: Annotated[
        str | None, typer.Option("--host", help="Address to bind (default [serve] host).")
    ] = None,
    port: Annotated[
        int | None, typer.Option("--port", min=1, max=65535, help="Port (default [serve] port).")
    ] = None,
    db: DbOpt = None,
    rules: RulesOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Serve the HTTP API over a store: /api/events, /api/events/{id}, /api/actors,
    /api/places, /api/stats, POST /api/documents, /watch/{rule}.atom, /openapi.json.

    Writing (POST /api/documents) needs a bearer token from $SITREP_TOKEN or [serve] token;
    without one the database is opened read-only.

    \b
    Example:
        sitrep serve --db events.duckdb
        SITREP_TOKEN=secret sitrep serve --port 8080
        curl '127.0.0.1:8000/api/events?type=ASSAULT&bbox=38,29,49,38&format=geojson'
    """
    import os

    import uvicorn

    from .serve import create_app, load_options, open_store

    settings = load_settings(config)
    section = settings.section("serve")
    token = os.environ.get(ENV_TOKEN) or str(section.get("token") or "") or None
    watch_rules = load_watch_rules(settings, rules)
    bind = host or str(section.get("host", "127.0.0.1"))
    if bind not in LOOPBACK:
        err(f"sitrep: warning: binding {bind} makes the API reachable from other machines")
    try:
        options = load_options(settings, token=token, rules=watch_rules)
        store = open_store(db or settings.db_path, writable=token is not None)
    except SitrepError as e:
        raise fail(e.message) from e
    mode = "read-write" if token else "read-only (no token: POST /api/documents refused)"
    err(f"sitrep: serving {store.path} {mode} on http://{bind}:{port or section.get('port')}")
    uvicorn.run(
        create_app(store, options=options),
        host=bind,
        port=port or int(section.get("port", 8000)),
        log_level="warning",
    )


@app.command()
def export(
    out_format: Annotated[
        str,
        typer.Option(
            "--format", help="csv, jsonl, parquet, geojson, plover (PLOVER JSON) or acled-like."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (a folder with --partition-by)."),
    ] = None,
    partition_by: Annotated[
        str | None,
        typer.Option("--partition-by", help="'month': a Parquet dataset partitioned by month."),
    ] = None,
    event_type: Annotated[
        list[str] | None, typer.Option("--type", "-t", help="PLOVER event type; repeatable.")
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
    bbox: Annotated[str | None, typer.Option("--bbox", help="minlon,minlat,maxlon,maxlat.")] = None,
    text: Annotated[
        str | None, typer.Option("--text", help="Text in the evidence sentence, any case.")
    ] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Export stored events (all, or those matching the filters) in a standard format.

    Text formats go to stdout unless -o is given; parquet needs -o.

    \b
    Example:
        sitrep export --format acled-like --place-country IRQ -o iraq.csv
        sitrep export --format plover --type ASSAULT > assault.plover.jsonl
        sitrep export --format parquet --partition-by month -o events/
    """
    from .errors import StoreError
    from .export import FORMATS, EventFilter
    from .export import export as run_export
    from .export.selection import parse_bbox
    from .store import Store

    if out_format not in FORMATS:
        raise fail(f"--format must be one of {', '.join(FORMATS)}", EXIT_USAGE)
    try:
        flt = EventFilter(
            types=tuple(event_type or ()),
            actor_country=tuple(actor_country or ()),
            place_country=tuple(place_country or ()),
            since=parse_published(since),
            until=parse_published(until),
            bbox=parse_bbox(bbox) if bbox else None,
            text=text,
        )
        flt.where()
    except StoreError as e:
        raise fail(e.message, EXIT_USAGE) from e
    settings = load_settings(config)
    try:
        with Store.open(db or settings.db_path, read_only=True) as store:
            if out_format == "parquet" or output is None:
                n = run_export(
                    store,
                    out_format,
                    flt,
                    out=sys.stdout,
                    path=output,
                    partition_by=partition_by,
                )
            else:
                with output.open("w", encoding="utf-8", newline="") as f:
                    n = run_export(store, out_format, flt, out=f, partition_by=partition_by)
    except OSError as e:
        raise fail(f"cannot write {output}: {e.strerror or e}") from e
    except SitrepError as e:
        raise fail(e.message, EXIT_USAGE if e.code in ("E535", "E536") else EXIT_FAIL) from e
    err(f"sitrep: exported {n} events" + (f" to {output}" if output else ""))


watch_app = typer.Typer(
    help="Watch rules: list them, or test one against a store.\n\n"
    "Rules are evaluated at ingest and served as Atom feeds by `sitrep serve`.\n\n"
    "\b\nExample:\n    sitrep watch list --rules sitrep:watch/iraq_iran_border.toml\n"
    "    sitrep watch test iraq-iran-border-assault --db events.duckdb",
    rich_markup_mode=None,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(watch_app, name="watch")


@watch_app.command("list")
def watch_list(rules: RulesOpt = None, config: ConfigOpt = None) -> None:
    """List the watch rules from [watch] rules and --rules, with their conditions.

    \b
    Example:
        sitrep watch list --rules sitrep:watch/iraq_iran_border.toml
    """
    from .watch import describe

    settings = load_settings(config)
    loaded = load_watch_rules(settings, rules)
    if not loaded:
        err("sitrep: no watch rules; list files in [watch] rules or pass --rules FILE")
    for rule in loaded:
        print(describe(rule))


@watch_app.command("test")
def watch_test(
    name: Annotated[str, typer.Argument(help="Rule name (see `sitrep watch list`).")],
    rules: RulesOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many.")] = 50,
    out_format: Annotated[
        str, typer.Option("--format", help="table, jsonl or atom (the rule's feed).")
    ] = "table",
    send: Annotated[
        bool, typer.Option("--notify", help="Also POST the matches to the rule's webhook.")
    ] = False,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Evaluate one watch rule against the stored events and print its matches, newest first.

    \b
    Example:
        sitrep watch test iraq-iran-border-assault --rules sitrep:watch/iraq_iran_border.toml
        sitrep watch test my-rule --format atom > my-rule.atom
    """
    from .errors import Messages
    from .store import Store
    from .store.output import print_table, stdout_console, write_events
    from .watch import evaluate, notify
    from .watch.atom import render_feed

    if out_format not in ("table", "jsonl", "atom"):
        raise fail("--format must be one of table, jsonl, atom", EXIT_USAGE)
    settings = load_settings(config)
    loaded = load_watch_rules(settings, rules)
    rule = next((r for r in loaded if r.name == name), None)
    if rule is None:
        options = ", ".join(r.name for r in loaded) or "none"
        raise fail(Messages.E542.format(name=name, options=options), EXIT_USAGE)
    try:
        with Store.open(db or settings.db_path, read_only=True) as store:
            found = evaluate(store, rule, limit=limit)
    except SitrepError as e:
        raise fail(e.message) from e
    if out_format == "atom":
        sys.stdout.write(render_feed(rule, found).decode("utf-8"))
    elif out_format == "jsonl":
        write_events([m.row for m in found], "jsonl", sys.stdout)
    else:
        print_table([m.row for m in found], stdout_console())
    err(f"sitrep: {len(found)} match(es) for rule {rule.name}")
    if send:
        for message in notify(found, [rule], settings=settings):
            err(f"sitrep: {message}")


# --- end of serve/export/watch commands ---


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
