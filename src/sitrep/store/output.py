"""Printing stored events: a rich table for people, JSON / JSON Lines / CSV for programs.

JSON and JSON Lines carry the contract's Event objects (plus doc_id, published, title, url);
CSV flattens them to one row per event with the columns in `CSV_COLUMNS`.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO, TypeVar

from rich.console import Console
from rich.table import Table

from ..jsonl import dumps_line
from ..model import COUNT_KEYS, ActorMention
from .ingest import Progress
from .query import StoredEvent

FORMATS: tuple[str, ...] = ("table", "json", "jsonl", "csv")

CSV_COLUMNS: tuple[str, ...] = (
    "event_id",
    "doc_id",
    "published",
    "type",
    "mode",
    "factuality",
    "date",
    "date_start",
    "date_end",
    "source",
    "source_country",
    "source_sector",
    "target",
    "target_country",
    "target_sector",
    "place",
    "place_country",
    "lat",
    "lon",
    *COUNT_KEYS,
    "cross_border",
    "confidence",
    "trigger",
    "evidence",
)

SNIPPET_CHARS = 90

R = TypeVar("R")


def write_events(rows: Sequence[StoredEvent], fmt: str, out: TextIO) -> None:
    """Write `rows` to `out` as json, jsonl or csv; for `table` use `events_table`."""
    write_records(
        rows,
        fmt,
        out,
        to_dict=StoredEvent.to_dict,
        columns=CSV_COLUMNS,
        csv_rows=lambda r: [csv_row(r)],
    )


def write_records(
    records: Sequence[R],
    fmt: str,
    out: TextIO,
    *,
    to_dict: Callable[[R], dict[str, Any]],
    columns: Sequence[str],
    csv_rows: Callable[[R], Iterable[dict[str, Any]]],
) -> None:
    """Write `records` to `out` as json (one array), jsonl (`to_dict` of each) or csv (the
    `columns` of the `csv_rows` of each, after a header); ValueError for any other `fmt`."""
    if fmt == "json":
        json.dump([to_dict(r) for r in records], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "jsonl":
        for r in records:
            out.write(dumps_line(to_dict(r)) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for r in records:
            writer.writerows(csv_rows(r))
    else:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def csv_row(row: StoredEvent) -> dict[str, Any]:
    """One event flattened to the `CSV_COLUMNS` (missing values as empty cells)."""
    e = row.event
    src, tgt, loc, date = e.source, e.target, e.location, e.date
    flat: dict[str, Any] = {
        "event_id": e.id,
        "doc_id": row.doc_id,
        "published": row.published.isoformat() if row.published else None,
        "type": e.type,
        "mode": e.mode,
        "factuality": e.factuality,
        "date": date.value if date else None,
        "date_start": date.start_date if date else None,
        "date_end": date.end_date if date else None,
        "source": _actor_label(src),
        "source_country": src.country if src else None,
        "source_sector": src.sector if src else None,
        "target": _actor_label(tgt),
        "target_country": tgt.country if tgt else None,
        "target_sector": tgt.sector if tgt else None,
        "place": (loc.name or loc.text) if loc else None,
        "place_country": loc.country if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "cross_border": e.cross_border,
        "confidence": round(e.confidence, 3),
        "trigger": e.evidence.trigger.text,
        "evidence": e.evidence.text,
    }
    for key in COUNT_KEYS:
        flat[key] = e.counts.get(key)
    return flat


def events_table(rows: Sequence[StoredEvent], *, title: str | None = None) -> Table:
    """A readable table: date, type, source, target, place, counts and an evidence snippet."""
    table = Table(title=title, show_lines=False, expand=False)
    table.add_column("date", no_wrap=True)
    table.add_column("type", no_wrap=True)
    # Names are short and read badly when broken; the evidence column takes the wrapping.
    table.add_column("source", max_width=22)
    table.add_column("target", max_width=22)
    table.add_column("place", max_width=20)
    table.add_column("counts", max_width=14)
    table.add_column("evidence", min_width=30, ratio=1)
    for row in rows:
        e = row.event
        table.add_row(
            _date_label(row),
            e.type if e.factuality == "asserted" else f"{e.type} ({e.factuality})",
            _actor_label(e.source) or "-",
            _actor_label(e.target) or "-",
            _place_label(row) or "-",
            ", ".join(f"{k} {v}" for k, v in e.counts.items()) or "-",
            snippet(e.evidence.text),
        )
    return table


def totals_table(rows: Sequence[StoredEvent], *, documents: int | None = None) -> Table:
    """Totals per event type: events, and the summed counts (killed, arrested...)."""
    table = Table(title="Totals", show_footer=True)
    table.add_column("type", footer="all")
    by_type = Counter(r.event.type for r in rows)
    table.add_column("events", justify="right", footer=str(len(rows)))
    keys = [k for k in COUNT_KEYS if any(k in r.event.counts for r in rows)]
    for key in keys:
        total = sum(r.event.counts.get(key, 0) for r in rows)
        table.add_column(key, justify="right", footer=str(total))
    for event_type, n in sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0])):
        sums = [
            str(sum(r.event.counts.get(k, 0) for r in rows if r.event.type == event_type))
            for k in keys
        ]
        table.add_row(event_type, str(n), *sums)
    if documents is not None:
        table.caption = f"{len(rows)} events from {documents} documents"
    return table


def print_table(rows: Sequence[StoredEvent], console: Console, *, title: str | None = None) -> None:
    """Print the events table, or a one-line note when there are no events."""
    if not rows:
        console.print("No events match.")
        return
    console.print(events_table(rows, title=title))


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The evidence sentence on one line, cut at a word boundary to about `limit` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def _actor_label(actor: ActorMention | None) -> str | None:
    if actor is None:
        return None
    label = actor.name or actor.text
    return f"{label} [{actor.country}]" if actor.country else label


def _place_label(row: StoredEvent) -> str | None:
    loc = row.event.location
    if loc is None:
        return None
    label = loc.name or loc.text
    return f"{label} [{loc.country}]" if loc.country else label


def _date_label(row: StoredEvent) -> str:
    date = row.event.date
    if date is not None and date.start_date:
        if date.end_date and date.end_date != date.start_date:
            return f"{date.start_date}..{date.end_date}"
        return date.start_date
    # Undated: show the published day, marked, as the query's date filters use it too.
    return f"~{row.published.isoformat()}" if row.published else "?"


def stdout_console() -> Console:
    """A rich console on stdout; wide when redirected (rich would assume 80 columns)."""
    return Console(width=None if sys.stdout.isatty() else 180)


def progress_printer(*, enabled: bool = True) -> Progress | None:
    """A per-document callback showing a running count on stderr, or None when disabled or
    when stderr is not a terminal (logs and pipes get only the final summary line)."""
    if not enabled or not sys.stderr.isatty():
        return None
    console = Console(stderr=True)
    done = 0

    def step(doc_id: str, outcome: str) -> None:
        nonlocal done
        done += 1
        console.print(f"[{done}] {doc_id}: {outcome}", highlight=False, markup=False)

    return step
