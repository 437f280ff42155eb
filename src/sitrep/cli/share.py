"""`sitrep serve`, `sitrep export` and `sitrep watch`: seeing and sharing the store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ConfigError, SitrepError
from .common import (
    EXIT_FAIL,
    EXIT_USAGE,
    ActorCountryOpt,
    ConfigOpt,
    DbOpt,
    EventTypeOpt,
    PlaceCountryOpt,
    RulesOpt,
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
    from ..config import Settings
    from ..watch.rules import WatchRule


ENV_TOKEN = "SITREP_TOKEN"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def load_watch_rules(settings: Settings, extra: list[str] | None) -> list[WatchRule]:
    from ..watch import load_rules, settings_rules

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

    from ..serve import create_app, load_options, open_store

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
    event_type: EventTypeOpt = None,
    actor_country: ActorCountryOpt = None,
    place_country: PlaceCountryOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
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
    from ..errors import StoreError
    from ..export import FORMATS, EventFilter
    from ..export import export as run_export
    from ..export.selection import parse_bbox
    from ..store import Store

    check_choice("--format", out_format, FORMATS)
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
    from ..watch import describe

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
    from ..errors import Messages
    from ..store import Store
    from ..store.output import print_table, stdout_console, write_events
    from ..watch import evaluate, notify
    from ..watch.atom import render_feed

    check_choice("--format", out_format, ("table", "jsonl", "atom"))
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
