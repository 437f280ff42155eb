"""The web page in a real browser: Playwright (`pip install playwright`, no `playwright install`)
drives Debian's chromium (`apt-get install chromium`) against `sitrep serve` on a free loopback
port over a hand-made store whose article text carries `<script>` and an `onerror` attribute.

Filters by type, brushes the timeline, opens an event, checks the highlighted evidence and that
the injected markup is shown as text and never runs. Skips when chromium or playwright is
missing."""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from sitrep.model import Article, Event, Evidence, Span
from sitrep.store import Store
from test_serve_data import actor, day, event, place, write_documents

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
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

pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("playwright") is None,
        reason="playwright is not installed (pip install playwright; it drives Debian's chromium)",
    ),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="chromium is not installed (apt-get install chromium)",
    ),
]

INJECTED = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
# The sentence starts after a headline, and an emoji (two UTF-16 units, one code point)
# precedes the trigger: the page must count offsets as Python does.
HEADLINE = "Attack in Borno 🔥\n\n"
SENTENCE = f"🔥 On 5 May, Gunmen {INJECTED} attacked villagers in Maiduguri and killed 11."


def _at(text: str, part: str) -> tuple[int, int]:
    start = len(HEADLINE) + SENTENCE.index(part)
    return start, start + len(part)


def injected_event() -> Event:
    """An ASSAULT whose mentions carry their real document offsets."""
    base = event(
        "x1",
        "ASSAULT",
        SENTENCE,
        source=actor("Gunmen", None, "REB"),
        target=actor("villagers", "NGA", "CVL"),
        location=place("Maiduguri", "NGA", 11.85, 13.16),
        date=day("2024-05-05"),
        counts={"killed": 11},
    )
    trigger = Span("attacked", *_at(SENTENCE, "attacked"))
    evidence = Evidence(SENTENCE, len(HEADLINE), len(HEADLINE) + len(SENTENCE), trigger)

    def moved(mention: Any, text: str) -> Any:
        start, end = _at(SENTENCE, text)
        return replace(mention, text=text, start=start, end=end)

    return replace(
        base,
        evidence=evidence,
        source=moved(base.source, "Gunmen"),
        target=moved(base.target, "villagers"),
        location=moved(base.location, "Maiduguri"),
        date=moved(base.date, "5 May"),
    )


def build_browser_store(path: Path) -> Path:
    accuse = event(
        "y1",
        "ACCUSE",
        "The governor blamed the army for the delay.",
        source=actor("governor", "NGA", "GOV"),
        target=actor("army", "NGA", "MIL"),
        location=place("Maiduguri", "NGA", 11.85, 13.16),
        date=day("2024-04-02"),
    )
    strike = event(
        "z1",
        "ASSAULT",
        "Turkish drones struck PKK positions near Penjwen.",
        source=actor("Turkish drones", "TUR"),
        target=actor("PKK", None, "REB"),
        location=place("Penjwen", "IRQ", 35.62, 45.95),
        date=day("2024-03-11"),
    )
    documents = (
        (
            Article(
                "borno",
                HEADLINE + SENTENCE,
                dt.date(2024, 5, 6),
                title=f"Attack {INJECTED}",
                url="javascript:window.__pwned=3",
            ),
            (injected_event(),),
        ),
        (
            Article("governor", "The governor blamed the army.", dt.date(2024, 4, 2)),
            (accuse,),
        ),
        (
            Article(
                "penjwen",
                "Turkish drones struck.",
                dt.date(2024, 3, 12),
                url="https://example.org/a?b=1",
            ),
            (strike,),
        ),
    )
    with Store.open(path) as store:
        write_documents(store, documents)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from sitrep.serve import create_app

    db = build_browser_store(tmp_path_factory.mktemp("browser") / "page.duckdb")
    port = free_port()
    app = create_app(Store.open(db, read_only=True))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=30_000)
        yield chromium
        chromium.close()


def test_filter_open_event_and_injected_markup_stays_text(
    base_url: str, browser: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    # Waits poll from Python (expect), not with wait_for_function: that evaluates strings in
    # the page, which the page's CSP (no 'unsafe-eval') rightly refuses.
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on(
        "response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(base_url) else None,
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " e => (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI))"
    )
    page.goto(base_url + "/")

    # every view loads: type chips with counts, map cells, the list
    page.wait_for_selector("#types button[data-type=ASSAULT]")
    page.wait_for_selector(".marker-cluster")
    expect(page.locator("#list button")).to_have_count(3)
    expect(page.locator("#total")).to_have_text("3 events")

    # filter by type: the list, the total and the URL fragment follow
    page.click("#types button[data-type=ASSAULT]")
    expect(page.locator("#list button")).to_have_count(2)
    expect(page.locator("#types button[data-type=ASSAULT]")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert set(page.locator("#list .type").all_inner_texts()) == {"ASSAULT"}
    expect(page.locator("#total")).to_have_text("2 events")
    assert "type=ASSAULT" in page.url

    # brush the timeline's right end (May): only the Borno attack is left in the list
    box = page.locator("#timeline").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.8, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 2, y, steps=4)
    page.mouse.up()
    expect(page.locator("#list button")).to_have_count(1)
    assert "since=2024-0" in page.url

    # open the event: the trigger and the roles are highlighted inside the sentence
    page.click("#list button")
    page.wait_for_selector("#evidence mark.trigger")
    marks = {
        m.get_attribute("data-role"): m.inner_text() for m in page.locator("#evidence mark").all()
    }
    assert marks == {
        "trigger": "attacked",
        "source": "Gunmen",
        "target": "villagers",
        "place": "Maiduguri",
        "date": "5 May",
    }
    # the injected markup is text, in the sentence, the list and the source's title
    assert INJECTED in page.inner_text("#evidence")
    assert page.locator("#event script, #event img, #list script, #list img").count() == 0
    assert any(INJECTED in t for t in page.locator("#event .sources li").all_inner_texts())
    # a javascript: URL is no link
    assert page.locator("#event a[href^='javascript']").count() == 0
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("window.__csp || []") == []

    shot = tmp_path / "event.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000

    # closing the view, and the shared link reopens it
    link = page.url
    page.click("#event-close")
    assert page.locator("#event").is_hidden()
    page.goto(link)
    page.wait_for_selector("#evidence mark.trigger")
    assert page.evaluate("window.__pwned") is None

    assert problems == []
    assert outside == []
    page.close()
