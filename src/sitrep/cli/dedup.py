"""`sitrep clusters`: cross-article event clusters."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..errors import SitrepError
from .common import (
    ConfigOpt,
    DbOpt,
    EventTypeOpt,
    OutFormatOpt,
    app,
    check_choice,
    err,
    fail,
    load_settings,
    parse_published,
)


@app.command()
def clusters(
    event_type: EventTypeOpt = None,
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
    from ..dedup import dedup_settings
    from ..dedup.output import clusters_table, write_clusters
    from ..errors import Messages
    from ..store import Store
    from ..store.clusters import list_clusters, rebuild_clusters, unclustered_count
    from ..store.output import FORMATS, stdout_console

    check_choice("--format", out_format, FORMATS)
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
