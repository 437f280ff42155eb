"""The HTTP API: read stored events, their counts and watch feeds; annotate and store new
documents with a bearer token. Thin: every answer comes from `sitrep.export`, `sitrep.store`
and `sitrep.watch`.

Every error, including validation and unknown routes, is `{"error": {"code", "message"}}` with
a 4xx/5xx status. Unknown query parameters are 400, not ignored: a misspelt filter silently
ignored returns the whole store and looks like an answer.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import Messages, SitrepError, StoreError
from ..export.geojson import feature_collection
from ..export.selection import EventFilter, count, has_table, select, select_events
from ..store import Store
from ..store.ingest import Annotator
from ..watch import WatchRule, evaluate
from ..watch.atom import MEDIA_TYPE, render_feed
from .aggregates import ACTOR_GROUPS, PLACE_GROUPS, actor_counts, place_counts, stats
from .documents import ingest_body
from .overview import router as overview_router
from .page import install_page, tile_url_of
from .params import ApiError, Filters, bad_value, check_known


@dataclass
class ServeOptions:
    """What the app needs besides the store: limits, the write token and the watch rules."""

    token: str | None = None
    max_body_bytes: int = 2_000_000
    max_documents: int = 100
    default_limit: int = 100
    max_limit: int = 1000
    feed_entries: int = 50
    rules: list[WatchRule] = field(default_factory=list)
    # settings passed to readers (max_chars...) and webhooks; None uses the defaults
    settings: Any = None


class StoreAccess:
    """One open Store shared by the request threads, used under a lock (a DuckDB connection
    is not safe to share between threads, and one process may hold a file only once)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()

    @contextmanager
    def use(self) -> Iterator[Store]:
        with self._lock:
            yield self.store


def error_response(status: int, code: str, message: str) -> JSONResponse:
    """The one error shape."""
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def _sitrep_error(status: int, error: SitrepError) -> JSONResponse:
    return error_response(status, error.code, error.message)


def create_app(
    store: Store,
    *,
    options: ServeOptions | None = None,
    annotator: Annotator | None = None,
) -> FastAPI:
    """The API over an open `store` (read-only is fine when no token is set).

    `annotator` annotates POSTed documents (default: the configured pipeline, loaded on
    first use). The app closes the store when it shuts down."""
    opts = options or ServeOptions()
    access = StoreAccess(store)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            store.close()

    app = FastAPI(
        title="Sitrep API",
        version=__version__,
        description="PLOVER-coded events from news reports. Errors: "
        '{"error": {"code": "E5xx", "message": "..."}}.',
        # The interactive pages load scripts from a CDN; Sitrep stays offline and serves the
        # OpenAPI document only.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.options = opts
    app.state.access = access
    app.state.annotator = annotator
    _install_error_handlers(app)
    _install_limits(app, opts)

    def limit_of(value: int | None) -> int:
        if value is None:
            return opts.default_limit
        if not 0 <= value <= opts.max_limit:
            raise bad_value("limit", value, f"must be between 0 and {opts.max_limit}")
        return value

    @app.get("/api/events", summary="Events matching the filters, oldest first, paged")
    def list_events(
        request: Request,
        filters: Filters,
        limit: Annotated[int | None, Query(description="At most this many.")] = None,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
        format: Annotated[str, Query(description="json or geojson.")] = "json",
    ) -> Any:
        flt = filters.event_filter(request, "limit", "offset", "format")
        if format not in ("json", "geojson"):
            raise bad_value("format", format, "use json or geojson")
        n = limit_of(limit)
        with access.use() as s:
            total = count(s, flt)
            rows = select_events(s, flt, limit=n, offset=offset)
        paging = {"total": total, "limit": n, "offset": offset}
        if format == "geojson":
            body = feature_collection(rows, **paging)
            return JSONResponse(body, media_type="application/geo+json")
        return {**paging, "events": [r.to_dict() for r in rows]}

    @app.get("/api/events/{event_id}", summary="One event with its documents and evidence")
    def get_event(request: Request, event_id: str) -> dict[str, Any]:
        check_known(request.url.path, request.query_params.keys(), ())
        with access.use() as s:
            found = select(s, EventFilter(event_ids=(event_id,)))
            if not found:
                raise ApiError(404, Messages.E522, event_id=event_id)
            cluster, members = _cluster_of(s, event_id)
        row = found[0]
        if not members:
            members = [found[0]]
        return {
            "event": row.row.to_dict(),
            "document": _document(row.row, row.ingested_at),
            "cluster": cluster,
            "sources": [
                {
                    **_document(m.row, m.ingested_at),
                    "event_id": m.row.event.id,
                    "type": m.row.event.type,
                    "evidence": m.row.event.evidence.to_dict(),
                }
                for m in members
            ],
        }

    def group_of(by: str, groups: dict[str, tuple[str, ...]]) -> str:
        if by not in groups:
            raise bad_value("by", by, f"use one of {', '.join(groups)}")
        return by

    @app.get("/api/actors", summary="Actors of the selected events, with counts")
    def list_actors(
        request: Request,
        filters: Filters,
        by: Annotated[str, Query(description="actor, country or sector.")] = "actor",
        limit: Annotated[int | None, Query()] = None,
    ) -> dict[str, Any]:
        flt = filters.event_filter(request, "by", "limit")
        group = group_of(by, ACTOR_GROUPS)
        with access.use() as s:
            return {"by": group, "actors": actor_counts(s, flt, by=group, limit=limit_of(limit))}

    @app.get("/api/places", summary="Event locations of the selected events, with counts")
    def list_places(
        request: Request,
        filters: Filters,
        by: Annotated[str, Query(description="place, admin1 or country.")] = "place",
        limit: Annotated[int | None, Query()] = None,
    ) -> dict[str, Any]:
        flt = filters.event_filter(request, "by", "limit")
        group = group_of(by, PLACE_GROUPS)
        with access.use() as s:
            return {"by": group, "places": place_counts(s, flt, by=group, limit=limit_of(limit))}

    @app.get("/api/stats", summary="Counts by type, country, month and factuality")
    def get_stats(
        request: Request,
        filters: Filters,
    ) -> dict[str, Any]:
        flt = filters.event_filter(request)
        with access.use() as s:
            return stats(s, flt)

    @app.post(
        "/api/documents",
        summary="Annotate and store documents (bearer token required)",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["documents"],
                            "properties": {
                                "documents": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["text"],
                                        "properties": {
                                            k: {"type": "string"}
                                            for k in ("id", "text", "published", "title", "url")
                                        },
                                    },
                                }
                            },
                        }
                    }
                },
            }
        },
    )
    async def post_documents(request: Request) -> dict[str, Any]:
        check_known(request.url.path, request.query_params.keys(), ())
        _authorise(request, opts.token)
        body = await _read_body(request, opts.max_body_bytes)
        return await _run_sync(
            lambda: ingest_body(body, access=access, options=opts, annotator=_annotator(app))
        )

    @app.get("/api/watch", summary="The watch rules this server evaluates")
    def list_rules(request: Request) -> dict[str, Any]:
        check_known(request.url.path, request.query_params.keys(), ())
        return {
            "rules": [
                {"name": r.name, "title": r.title, "feed": f"/watch/{r.name}.atom"}
                for r in opts.rules
            ]
        }

    @app.get(
        "/watch/{name}.atom",
        summary="Atom feed of a watch rule's matches, newest first",
        response_class=Response,
        responses={200: {"content": {"application/atom+xml": {}}}},
    )
    def watch_feed(request: Request, name: str) -> Response:
        check_known(request.url.path, request.query_params.keys(), ())
        rule = next((r for r in opts.rules if r.name == name), None)
        if rule is None:
            names = ", ".join(r.name for r in opts.rules) or "none"
            raise ApiError(404, Messages.E542, name=name, options=names)
        with access.use() as s:
            found = evaluate(s, rule, limit=opts.feed_entries)
        base = str(request.base_url).rstrip("/")
        return Response(render_feed(rule, found, base_url=base), media_type=MEDIA_TYPE)

    app.include_router(overview_router)
    install_page(app)
    return app


def _document(row: Any, ingested_at: dt.datetime | None) -> dict[str, Any]:
    return {
        "doc_id": row.doc_id,
        "published": row.published.isoformat() if row.published else None,
        "title": row.title,
        "url": row.url,
        "ingested_at": ingested_at.isoformat() + "Z" if ingested_at else None,
    }


def _cluster_of(store: Store, event_id: str) -> tuple[dict[str, Any] | None, list[Any]]:
    """The event's dedup cluster and its member events, when the store has clusters."""
    if not (has_table(store, "event_clusters") and has_table(store, "clusters")):
        return None, []
    rows = store.fetch(
        "SELECT c.cluster_id, c.representative_id, c.n_events, c.n_documents "
        "FROM event_clusters ec JOIN clusters c ON c.cluster_id = ec.cluster_id "
        "WHERE ec.event_id = ?",
        [event_id],
    )
    if not rows:
        return None, []
    cluster_id, representative, n_events, n_documents = rows[0]
    ids = [
        str(r[0])
        for r in store.fetch(
            "SELECT event_id FROM event_clusters WHERE cluster_id = ? ORDER BY event_id",
            [cluster_id],
        )
    ]
    members = select(store, EventFilter(event_ids=tuple(ids)))
    cluster = {
        "cluster_id": cluster_id,
        "representative_id": representative,
        "n_events": n_events,
        "n_documents": n_documents,
    }
    return cluster, members


def _annotator(app: FastAPI) -> Annotator:
    if app.state.annotator is None:
        from ..config import Settings
        from ..pipeline import Pipeline
        from ..store.ingest import LazyAnnotator

        settings = app.state.options.settings or Settings.load()
        app.state.annotator = LazyAnnotator(lambda: Pipeline.from_settings(settings))
    annotator: Annotator = app.state.annotator
    return annotator


async def _run_sync(fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    # Annotation is CPU-bound and the store lock may block: keep it off the event loop.
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn)


def _authorise(request: Request, token: str | None) -> None:
    """401 without a bearer token, 403 with a wrong one or when writing is disabled."""
    if not token:
        raise ApiError(403, Messages.E526)
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(401, Messages.E524)
    # Constant-time comparison: the token is the only thing guarding writes.
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(403, Messages.E525)


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, read in chunks and refused (413) as soon as it passes `limit`:
    a missing or false Content-Length must not let a client make the server buffer more."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, Messages.E527, limit=limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _install_limits(app: FastAPI, opts: ServeOptions) -> None:
    @app.middleware("http")
    async def limits(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > opts.max_body_bytes):
            response: Response = _sitrep_error(
                413, ApiError(413, Messages.E527, limit=opts.max_body_bytes)
            )
        else:
            response = await call_next(request)
        # JSON and Atom are data, never pages: browsers must not sniff them into HTML.
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return _sitrep_error(exc.status, exc)

    @app.exception_handler(StoreError)
    async def store_error(_: Request, exc: StoreError) -> JSONResponse:
        return _sitrep_error(400 if exc.code == "E203" else 503, exc)

    @app.exception_handler(SitrepError)
    async def sitrep_error(_: Request, exc: SitrepError) -> JSONResponse:
        return _sitrep_error(500, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        loc = [str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body")]
        value = first.get("input", "")
        message = Messages.E521.format(
            name=".".join(loc) or "?",
            value=value if isinstance(value, str | int | float) else json.dumps(value)[:80],
            problem=str(first.get("msg", "invalid")).lower(),
        )
        return error_response(400, "E521", message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code in (404, 405):
            message = Messages.E523.format(method=request.method, path=request.url.path)
            return error_response(exc.status_code, "E523", message)
        return error_response(exc.status_code, f"HTTP{exc.status_code}", str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        # The type only: a traceback or SQL text in a response helps attackers, not users.
        return error_response(500, "E529", Messages.E529.format(reason=type(exc).__name__))


def load_options(settings: Any, *, token: str | None, rules: list[WatchRule]) -> ServeOptions:
    """ServeOptions from the [serve] and [watch] sections; ConfigError-like SitrepError (E530)
    for a value of the wrong kind."""
    serve = settings.section("serve")
    watch = settings.section("watch")

    def positive(section: Any, name: str, default: int) -> int:
        value = section.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise SitrepError(
                Messages.E530, setting=name, value=value, problem="must be a positive integer"
            )
        return value

    tile_url_of(settings)  # E580 before the server starts, not when the app is built
    return ServeOptions(
        token=token or None,
        max_body_bytes=positive(serve, "max_body_bytes", 2_000_000),
        max_documents=positive(serve, "max_documents", 100),
        default_limit=positive(serve, "default_limit", 100),
        max_limit=positive(serve, "max_limit", 1000),
        feed_entries=positive(watch, "feed_entries", 50),
        rules=rules,
        settings=settings,
    )


def open_store(path: Path, *, writable: bool) -> Store:
    """The store for the server: read-only unless the server accepts writes."""
    return Store.open(path, read_only=not writable)
