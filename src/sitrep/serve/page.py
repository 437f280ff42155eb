"""The web page at `/` and its static files at `/static/...`.

The page is one HTML file plus plain ES modules, styles and vendored libraries (Leaflet, the
TopoJSON decoder, Natural Earth country outlines) shipped in `serve/static/`: it loads nothing
from the internet unless `[serve] tile_url` names a tile server. Article text is untrusted, so
the page builds its DOM with textContent only, and every page response carries a
Content-Security-Policy that allows scripts from this server alone: an injected `<script>` or
`onerror=` attribute would not run even if it reached the DOM.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from ..errors import Messages, SitrepError

STATIC_DIR = Path(__file__).parent / "static"
INDEX = STATIC_DIR / "index.html"
TILE_URL_PLACEHOLDER = "{{TILE_URL}}"


def content_security_policy(tile_url: str = "") -> str:
    """The page's CSP: everything from this server; map tiles also from `tile_url`'s origin."""
    images = "'self' data:"
    if tile_url:
        parts = urlsplit(tile_url)
        # Leaflet's {s} picks a subdomain: allow them all.
        images += f" {parts.scheme}://{parts.netloc.replace('{s}', '*')}"
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; "
        f"img-src {images}; connect-src 'self'; font-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Source links leave for news sites: do not tell them which events the reader looked at.
    "Referrer-Policy": "no-referrer",
}


def tile_url_of(settings: Any) -> str:
    """`[serve] tile_url` (e.g. `https://tile.example.org/{z}/{x}/{y}.png`), "" when unset.

    SitrepError E580 for anything but an http(s) URL with {z}, {x} and {y}."""
    if settings is None:
        return ""
    value = settings.section("serve").get("tile_url", "")
    if value in ("", None):
        return ""
    text = str(value)
    parts = urlsplit(text)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or not all(k in text for k in ("{z}", "{x}", "{y}"))
    ):
        raise SitrepError(Messages.E580, value=text)
    return text


class _StaticWithHeaders(StaticFiles):
    """StaticFiles that adds the security headers (a module or stylesheet is part of the page)."""

    def __init__(self, *, directory: Path, headers: dict[str, str]) -> None:
        super().__init__(directory=directory)
        self._headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                extra = [(k.lower().encode(), v.encode()) for k, v in self._headers.items()]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await super().__call__(scope, receive, send_with_headers)


def install_page(app: FastAPI) -> None:
    """Serve the page at `/` and its files at `/static/`; reads `[serve] tile_url` once."""
    settings = getattr(app.state.options, "settings", None)
    tile_url = tile_url_of(settings)
    headers = {**SECURITY_HEADERS, "Content-Security-Policy": content_security_policy(tile_url)}
    page = INDEX.read_text("utf-8").replace(TILE_URL_PLACEHOLDER, html.escape(tile_url, quote=True))

    @app.api_route(
        "/", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False
    )
    def index() -> HTMLResponse:
        # The page keeps its state in the URL fragment; a query string is ignored.
        return HTMLResponse(page, headers=headers)

    app.mount("/static", _StaticWithHeaders(directory=STATIC_DIR, headers=headers), name="static")
