"""Embedded storage of annotated documents (DuckDB), ingest and filtered queries.

with Store.open(settings.db_path) as store:
    summary = ingest(store, pipeline, articles)
    rows = query(store, types=["ASSAULT"], place_country=["NGA"])
"""

from __future__ import annotations

from .duckdb_store import Store, content_hash, store_event_id
from .ingest import IngestSummary, ingest, ingest_paths
from .query import StoredEvent, query
from .schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "IngestSummary",
    "Store",
    "StoredEvent",
    "content_hash",
    "ingest",
    "ingest_paths",
    "query",
    "store_event_id",
]
