"""What every `sitrep` command shares: the app, options, settings loading and error output.

Machine output goes to stdout, progress and one-line errors to stderr. Exit codes: 0 ok,
1 failure, 2 bad invocation.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from .. import __version__
from ..config import Settings
from ..errors import ConfigError, SitrepError

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


def check_choice(option: str, value: str, choices: Sequence[str]) -> None:
    """Exit 2 with one line unless `value`, given for `option`, is one of `choices`."""
    if value not in choices:
        raise fail(f"{option} must be one of {', '.join(choices)}", EXIT_USAGE)


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


class _StderrHandler(logging.Handler):
    """Library warnings as one `sitrep: ...` line on whatever sys.stderr is at the time."""

    def emit(self, record: logging.LogRecord) -> None:
        err(f"sitrep: {self.format(record)}")


def setup_logging() -> None:
    """Route the `sitrep` loggers' warnings to stderr, once per process."""
    logger = logging.getLogger("sitrep")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        logger.addHandler(_StderrHandler())
        logger.setLevel(logging.WARNING)
        logger.propagate = False


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
    setup_logging()


DbOpt = Annotated[
    Path | None,
    typer.Option("--db", help="DuckDB file (default: [store] path, $SITREP_DB, ./sitrep.duckdb)."),
]
OutFormatOpt = Annotated[
    str, typer.Option("--format", help="Output format: table, json, jsonl or csv.")
]
# Event filters shared by `sitrep query`, `sitrep export` and (--type) `sitrep clusters`.
EventTypeOpt = Annotated[
    list[str] | None,
    typer.Option("--type", "-t", help="PLOVER event type; repeat for several."),
]
ActorCountryOpt = Annotated[
    list[str] | None,
    typer.Option("--actor-country", help="Source or target country (ISO3); repeatable."),
]
PlaceCountryOpt = Annotated[
    list[str] | None,
    typer.Option("--place-country", help="Country where it happened (ISO3); repeatable."),
]
SinceOpt = Annotated[str | None, typer.Option("--since", help="Events on or after YYYY-MM-DD.")]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Events on or before YYYY-MM-DD.")]

RulesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--rules",
        help="Watch rules file (TOML), added to [watch] rules; repeatable. "
        "'sitrep:watch/iraq_iran_border.toml' is the packaged example.",
    ),
]


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
