"""Parquet through DuckDB's own COPY: no pyarrow, and the store's column types kept.

One file (`-o events.parquet`), or a dataset partitioned by month (`--partition-by month -o
DIR`): Hive-style folders `DIR/month=2024-03/data_0.parquet`, read back with
`read_parquet('DIR/**/*.parquet', hive_partitioning = true)` in DuckDB, pandas or Spark. The
month is that of the event's date, else of its document's published day; events with neither
go to `month=undated`.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Messages, StoreError
from ..store import Store
from ..store.schema import EVENT_COLUMNS
from .selection import EVENT_START, FROM, ORDER_OLDEST, EventFilter

PARTITIONS: tuple[str, ...] = ("month",)

_COLUMNS = (
    ", ".join(f"e.{c}" for c in EVENT_COLUMNS if c != "content_hash")
    + ", d.doc_id, d.published, d.title, d.url, d.ingested_at"
    + f", coalesce(strftime({EVENT_START}, '%Y-%m'), 'undated') AS month"
)


def _literal(path: Path) -> str:
    # COPY takes its target as a string literal, not a parameter: quote it as SQL does.
    return "'" + str(path).replace("'", "''") + "'"


def write_parquet(
    store: Store, flt: EventFilter, path: Path, *, partition_by: str | None = None
) -> int:
    """Copy the events matching `flt` to `path` (a file, or a folder when partitioned).

    Returns the number of events written. Existing files in a partitioned folder are
    overwritten partition by partition. Raises StoreError (E537) if DuckDB cannot write."""
    where, params = flt.where()
    select = f"SELECT {_COLUMNS}{FROM}{where}{ORDER_OLDEST}"
    options = "FORMAT parquet"
    if partition_by is not None:
        if partition_by not in PARTITIONS:
            raise ValueError(f"partition_by must be one of {PARTITIONS}")
        path.mkdir(parents=True, exist_ok=True)
        options += f", PARTITION_BY ({partition_by}), OVERWRITE_OR_IGNORE"
    sql = f"COPY ({select}) TO {_literal(path)} ({options})"
    try:
        rows = store.fetch(sql, params)
    except StoreError as e:
        raise StoreError(Messages.E537, path=path, reason=e.fields.get("reason", e)) from e
    return int(rows[0][0]) if rows else 0
