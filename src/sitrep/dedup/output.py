"""Printing event clusters: a rich table for people, JSON / JSON Lines / CSV for programs.

JSON and JSON Lines carry one object per cluster with its members (each member an event with
its document and evidence sentence); CSV has one row per member with the cluster's columns
repeated, so it loads into a spreadsheet as is. `with_cluster_ids` adds `cluster_id` to the
dicts `sitrep query` prints.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TextIO

from rich.table import Table

from ..store.clusters import Cluster
from ..store.output import snippet, write_records

CSV_COLUMNS: tuple[str, ...] = (
    "cluster_id",
    "type",
    "first_date",
    "last_date",
    "place",
    "place_country",
    "n_events",
    "n_documents",
    "event_id",
    "event_type",
    "doc_id",
    "published",
    "url",
    "score",
    "evidence",
)


def write_clusters(clusters: Sequence[Cluster], fmt: str, out: TextIO) -> None:
    """Write `clusters` to `out` as json, jsonl or csv; for `table` use `clusters_table`."""
    write_records(
        clusters, fmt, out, to_dict=Cluster.to_dict, columns=CSV_COLUMNS, csv_rows=_csv_rows
    )


def _csv_rows(c: Cluster) -> Iterator[dict[str, Any]]:
    """One row per member, the cluster's columns repeated."""
    head = c.to_dict()
    for m in c.members:
        yield {
            **{k: head[k] for k in CSV_COLUMNS[:8] if k in head},
            "place": c.place_name,
            "event_id": m.event_id,
            "event_type": m.type,
            "doc_id": m.doc_id,
            "published": m.published.isoformat() if m.published else None,
            "url": m.url,
            "score": None if m.score is None else round(m.score, 3),
            "evidence": m.evidence,
        }


def clusters_table(clusters: Sequence[Cluster], *, title: str | None = None) -> Table:
    """Date range, type, place, how many events and documents, and each source's evidence."""
    table = Table(title=title, show_lines=True, expand=False)
    table.add_column("cluster", no_wrap=True)
    table.add_column("dates", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("place", max_width=20)
    table.add_column("docs", justify="right")
    table.add_column("sources", min_width=40, ratio=1)
    for c in clusters:
        first = c.first_date.isoformat() if c.first_date else "?"
        last = c.last_date.isoformat() if c.last_date else "?"
        place = c.place_name or "-"
        if c.place_country:
            place = f"{place} [{c.place_country}]"
        sources = "\n".join(f"{m.doc_id}: {snippet(m.evidence, 70)}" for m in c.members)
        table.add_row(
            c.cluster_id,
            first if first == last else f"{first}..{last}",
            c.type,
            place,
            f"{c.n_documents} ({c.n_events} ev)",
            sources,
        )
    return table


def with_cluster_ids(
    rows: Sequence[Mapping[str, Any]], clusters: Mapping[str, str]
) -> list[dict[str, Any]]:
    """The event dicts of `sitrep query` (`StoredEvent.to_dict()`), each with `cluster_id`
    (None for an event without a cluster); `clusters` is `store.clusters.cluster_ids(...)`."""
    return [{**row, "cluster_id": clusters.get(str(row.get("id")))} for row in rows]
