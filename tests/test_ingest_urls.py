"""http(s) addresses as input paths, against our own server on 127.0.0.1, never the internet."""

from __future__ import annotations

import datetime as dt
import gzip
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from helpers import ENGLISH, read
from sitrep.config import Settings
from sitrep.errors import DocumentError
from sitrep.ingest.options import InputOptions
from sitrep.ingest.readers import ReadFailure
from sitrep.ingest.urls import fetch, is_url
from sitrep.model import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
LINKED_PAGE = (
    "<html><head><title>Port strike spreads</title>"
    '<meta property="article:published_time" content="2024-03-06"></head><body><article>'
    "<p>Dock workers at the country's second port joined a strike on Wednesday, halting "
    "cargo traffic for a third day, a union official said.</p>"
    "<p>The transport ministry said talks with the union would resume on Thursday.</p>"
    "</article></body></html>"
)


def feed_xml(base: str) -> str:
    return f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Local wire</title>
<item><title>Port strike</title><link>{base}/linked/port</link><guid>local-1</guid>
<pubDate>Wed, 06 Mar 2024 07:00:00 GMT</pubDate><description>Strike spreads.</description></item>
<item><title>Gone</title><link>{base}/missing</link><guid>local-2</guid>
<description>A teaser that stays when the page is gone.</description></item>
</channel></rss>"""


class Handler(BaseHTTPRequestHandler):
    """Routes for the tests; remembers the User-Agent it was sent."""

    user_agents: list[str] = []  # noqa: RUF012 - shared by design across handler instances

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean

    def send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", headers.pop("length", str(len(body))))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, where: str) -> None:
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        Handler.user_agents.append(self.headers.get("User-Agent", ""))
        base = f"http://127.0.0.1:{self.server.server_address[1]}"  # type: ignore[index]
        path = self.path
        try:
            if path == "/page.html":
                page = (FIXTURES / "article.html").read_bytes()
                self.send(200, page, "text/html; charset=utf-8")
            elif path == "/notes":
                self.send(200, ENGLISH.encode(), "text/plain; charset=utf-8")
            elif path == "/feed":
                self.send(200, feed_xml(base).encode(), "application/rss+xml")
            elif path == "/linked/port":
                self.send(200, LINKED_PAGE.encode(), "text/html")
            elif path == "/corpus.jsonl.gz":
                line = b'{"id": "g1", "text": "' + ENGLISH.encode() + b'"}\n'
                self.send(200, gzip.compress(line), "application/octet-stream")
            elif path == "/image":
                self.send(200, b"\x89PNG\r\n\x1a\n", "image/png")
            elif path == "/slow":
                time.sleep(1.5)
                self.send(200, ENGLISH.encode(), "text/plain")
            elif path == "/big-declared":
                self.send(200, b"x" * 100, "text/plain", length=str(50 * 1024 * 1024))
            elif path == "/big-streamed":
                # no Content-Length: the client must stop reading by itself
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                for _ in range(100):
                    self.wfile.write(b"word " * 200)
            elif path == "/loop-a":
                self.redirect("/loop-b")
            elif path == "/loop-b":
                self.redirect("/loop-a")
            elif path.startswith("/chain/"):
                n = int(path.rsplit("/", 1)[1])
                self.redirect(f"/chain/{n - 1}" if n > 0 else "/notes")
            else:
                self.send(404, b"not here", "text/plain")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first (timeouts, size limits): expected in these tests


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # A proxy from the environment would send requests for 127.0.0.1 elsewhere.
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings.load(environ={}).with_overrides(
        {"input": {"fetch_timeout": 0.5, "max_download_bytes": 20_000, "max_redirects": 3}}
    )


def only_failure(items: list[Article | ReadFailure]) -> ReadFailure:
    (item,) = items
    assert isinstance(item, ReadFailure), item
    assert "\n" not in item.message
    return item


def test_is_url() -> None:
    assert is_url("http://example.org/a") and is_url("HTTPS://example.org")
    assert not is_url("news/http-notes.txt") and not is_url("ftp://example.org/x")


def test_html_page_url(base_url: str, settings: Settings) -> None:
    (item,) = read([f"{base_url}/page.html"], settings)
    assert isinstance(item, Article)
    assert item.id == f"{base_url}/page.html"
    assert "Kelvale" in item.text and "<p>" not in item.text
    assert item.published == dt.date(2024, 3, 5)
    # the page's canonical address wins over where it was fetched from
    assert item.url == "https://news.example.org/world/troops-retake-crossing"
    assert Handler.user_agents[-1].startswith("sitrep/")


def test_plain_text_url_and_gzip_by_suffix(base_url: str, settings: Settings) -> None:
    items = read([f"{base_url}/notes", f"{base_url}/corpus.jsonl.gz"], settings)
    assert [type(i).__name__ for i in items] == ["Article", "Article"]
    assert items[0].text == ENGLISH and items[1].id == "g1"  # type: ignore[union-attr]


def test_404_is_one_line_and_run_goes_on(base_url: str, settings: Settings) -> None:
    items = read([f"{base_url}/nothing", f"{base_url}/notes"], settings)
    assert isinstance(items[0], ReadFailure) and "HTTP 404" in items[0].message
    assert f"{base_url}/nothing" in items[0].message
    assert isinstance(items[1], Article)


def test_timeout(base_url: str, settings: Settings) -> None:
    started = time.monotonic()
    failure = only_failure(read([f"{base_url}/slow"], settings))
    assert "no answer within 0.5 seconds" in failure.message
    assert time.monotonic() - started < 1.4


@pytest.mark.parametrize("path", ["/big-declared", "/big-streamed"])
def test_oversize_body_stops_at_the_limit(base_url: str, settings: Settings, path: str) -> None:
    failure = only_failure(read([base_url + path], settings))
    assert "larger than the limit of 20000 bytes" in failure.message
    assert "max_download_bytes" in failure.message


def test_redirect_loop_and_long_chain(base_url: str, settings: Settings) -> None:
    loop = only_failure(read([f"{base_url}/loop-a"], settings))
    assert "too many redirects (a loop back to" in loop.message
    # a loop is caught on its first repeat, whatever the limit
    patient = settings.with_overrides({"input": {"max_redirects": 50}})
    loop = only_failure(read([f"{base_url}/loop-b"], patient))
    assert "a loop back to" in loop.message
    chain = only_failure(read([f"{base_url}/chain/6"], settings))
    assert "more than 3" in chain.message
    (ok,) = read([f"{base_url}/chain/2"], settings)
    assert isinstance(ok, Article)


def test_unreadable_content_type(base_url: str, settings: Settings) -> None:
    failure = only_failure(read([f"{base_url}/image"], settings))
    assert "'image/png'" in failure.message


def test_connection_refused_is_one_line(settings: Settings) -> None:
    failure = only_failure(read(["http://127.0.0.1:9/x"], settings))
    assert "cannot download" in failure.message or "no answer" in failure.message


def test_feed_url_fetches_linked_pages_by_default(base_url: str, settings: Settings) -> None:
    port, gone = read([f"{base_url}/feed"], settings)
    assert isinstance(port, Article)
    assert port.id == "local-1" and port.title == "Port strike"
    assert "Dock workers at the country's second port" in port.text
    assert port.published == dt.date(2024, 3, 6)
    assert port.url == f"{base_url}/linked/port"
    # the linked page is gone (404): the teaser is kept rather than losing the entry
    assert isinstance(gone, Article) and gone.text.startswith("A teaser")


def test_feed_url_without_fetching(base_url: str, settings: Settings) -> None:
    never = settings.with_overrides({"input": {"fetch_linked_pages": False}})
    port, _ = read([f"{base_url}/feed"], never)
    assert isinstance(port, Article) and port.text == "Strike spreads."


def test_fetch_raises_typed_error(base_url: str) -> None:
    with pytest.raises(DocumentError) as info:
        fetch(f"{base_url}/missing", options=InputOptions(fetch_timeout=1.0))
    assert info.value.code == "E460"
