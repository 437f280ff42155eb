"""Screenshots of the web page for the README, from the demo store, with Debian's chromium.

    sitrep demo --db /tmp/demo.duckdb
    python docs/make_screenshots.py /tmp/demo.duckdb docs/

Needs `pip install playwright` (no `playwright install`: it drives /usr/bin/chromium).
Writes page.png (the whole page), map.png, timeline.png, network.png and event.png; the
committed ones were then shrunk with `pngquant --quality 70-90 --strip` (Debian package).
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from playwright.sync_api import Page, sync_playwright

from sitrep.serve import create_app
from sitrep.store import Store

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """`sitrep serve` over `db` on a free loopback port, in a thread; yields the base URL."""
    port = free_port()
    app = create_app(Store.open(db, read_only=True))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def settle(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(400)


def main(db: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with serving(db) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(base + "/")
        page.wait_for_selector(".marker-cluster")
        settle(page)
        page.screenshot(path=out / "page.png")
        page.locator(".map-panel").screenshot(path=out / "map.png")
        # A brushed range on the timeline, to show the selection.
        box = page.locator("#timeline").bounding_box()
        assert box is not None
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + box["width"] * 0.55, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.98, y, steps=5)
        page.mouse.up()
        settle(page)
        page.locator(".timeline-panel").screenshot(path=out / "timeline.png")
        page.locator(".network-panel").screenshot(path=out / "network.png")
        page.locator("#list button").first.click()
        page.wait_for_selector("#evidence mark.trigger")
        settle(page)
        page.locator("#event").screenshot(path=out / "event.png")
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
