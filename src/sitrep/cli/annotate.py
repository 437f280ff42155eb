"""`sitrep annotate` (the contract in shared/CONTRACT.md) and `sitrep schema`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..errors import ConfigError, SitrepError
from .common import (
    EXIT_FAIL,
    EXIT_USAGE,
    ConfigOpt,
    FormatOpt,
    PublishedOpt,
    QuietOpt,
    app,
    check_choice,
    err,
    fail,
    load_settings,
    parse_published,
)


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
    from ..ingest.readers import INPUT_FORMATS, ReadFailure, read_documents
    from ..jsonl import dumps_line
    from ..model import AnnotatedDocument, Article
    from ..pipeline import Pipeline

    check_choice("--input-format", input_format, INPUT_FORMATS)
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
