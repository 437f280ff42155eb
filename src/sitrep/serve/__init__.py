"""HTTP API (FastAPI) over a Sitrep store: `create_app(store, options=...)`; `sitrep serve`."""

from __future__ import annotations

from .app import ServeOptions, create_app, load_options, open_store

__all__ = ["ServeOptions", "create_app", "load_options", "open_store"]
