"""Exports of stored events, one module per format; `export()` picks one by name.

Formats: `csv` and `jsonl` (as `sitrep query`), `geojson` (RFC 7946), `plover` (PLOVER JSON
Lines), `acled-like` (CSV with ACLED column names), `parquet` (a file, or a month-partitioned
dataset). Every format is written from the same `EventFilter` selection.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from ..errors import Messages, SitrepError
from ..store import Store
from ..store.output import write_events
from .acled import write_acled
from .geojson import write_geojson
from .parquet import PARTITIONS, write_parquet
from .plover import write_plover
from .selection import EventFilter, select, select_events

FORMATS: tuple[str, ...] = ("csv", "jsonl", "parquet", "geojson", "plover", "acled-like")


def export(
    store: Store,
    fmt: str,
    flt: EventFilter,
    *,
    out: TextIO | None = None,
    path: Path | None = None,
    partition_by: str | None = None,
) -> int:
    """Write the events matching `flt` in format `fmt`; return how many were written.

    Text formats write to `out`; `parquet` needs `path` (a folder when `partition_by` is
    "month"). Raises SitrepError E535 for an unknown format, E536 for a combination that
    cannot work, StoreError for a failed read or write."""
    if fmt not in FORMATS:
        raise SitrepError(Messages.E535, fmt=fmt, options=", ".join(FORMATS))
    if partition_by is not None and partition_by not in PARTITIONS:
        problem = f"--partition-by must be one of: {', '.join(PARTITIONS)}"
        raise SitrepError(Messages.E536, problem=problem)
    if partition_by is not None and fmt != "parquet":
        raise SitrepError(Messages.E536, problem="--partition-by needs --format parquet")
    if fmt == "parquet":
        if path is None:
            raise SitrepError(Messages.E536, problem="--format parquet needs -o FILE or -o DIR")
        return write_parquet(store, flt, path, partition_by=partition_by)
    if out is None:
        raise ValueError("text formats need an output stream")
    if fmt == "plover":
        return write_plover(((s.row, s.ingested_at) for s in select(store, flt)), out)
    rows = select_events(store, flt)
    if fmt == "geojson":
        return write_geojson(rows, out)
    if fmt == "acled-like":
        return write_acled(rows, out)
    write_events(rows, fmt, out)
    return len(rows)


__all__ = ["FORMATS", "EventFilter", "export"]
