"""A small hand-made store shared by the serve, export and watch tests (no model needed).

Six events in three documents, chosen so each filter, export mapping and watch condition keeps
a different subset. `build_store` writes them; `ids` turns rows or ids into local ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitrep.model import (
    ActorMention,
    AnnotatedDocument,
    Article,
    Event,
    Evidence,
    Factuality,
    PlaceMention,
    Span,
    TimeMention,
)
from sitrep.store import Store


def actor(text: str, country: str | None, sector: str | None = "MIL") -> ActorMention:
    return ActorMention(text, 0, len(text), name=text, country=country, sector=sector)


def place(name: str, country: str, lat: float | None, lon: float | None) -> PlaceMention:
    return PlaceMention(name, 0, len(name), name=name, country=country, lat=lat, lon=lon,
                        admin1=None, precision="city")  # fmt: skip


def day(iso: str) -> TimeMention:
    return TimeMention("that day", 0, 8, value=iso, precision="day", start_date=iso, end_date=iso)


def event(
    local_id: str,
    etype: str,
    text: str,
    *,
    mode: str | None = None,
    source: ActorMention | None = None,
    target: ActorMention | None = None,
    location: PlaceMention | None = None,
    date: TimeMention | None = None,
    counts: dict[str, int] | None = None,
    cross_border: bool | None = None,
    factuality: Factuality = "asserted",
) -> Event:
    return Event(
        id=local_id,
        type=etype,
        evidence=Evidence(text=text, start=0, end=len(text), trigger=Span(text[:4], 0, 4)),
        mode=mode,
        contexts=("military",),
        cameo_root="18" if etype == "ASSAULT" else None,
        quad_class=4 if etype == "ASSAULT" else 3,
        intensity=-9.0 if etype == "ASSAULT" else -2.0,
        source=source,
        target=target,
        location=location,
        date=date,
        factuality=factuality,
        counts=counts or {},
        cross_border=cross_border,
        confidence=0.8,
    )


IRAQ = (
    event(
        "a1",
        "ASSAULT",
        "Turkish drones struck PKK positions near Penjwen, killing 6.",
        mode="aerial",
        source=actor("Turkish drones", "TUR"),
        target=actor("PKK", None, "REB"),
        location=place("Penjwen", "IRQ", 35.62, 45.95),
        date=day("2024-03-11"),
        counts={"killed": 6},
        cross_border=True,
    ),
    event(
        "a2",
        "ACCUSE",
        "The Iraqi ministry condemned Turkey for 50% of the strikes.",
        source=actor("Iraqi ministry", "IRQ", "GOV"),
        target=actor("Turkey", "TUR", None),
        date=day("2024-03-12"),
    ),
    event(
        "a3",
        "ASSAULT",
        "Iran may strike targets in Erbil.",
        source=actor("Iran", "IRN", None),
        location=place("Erbil", "IRQ", 36.19, 44.01),
        date=day("2024-03-20"),
        cross_border=True,
        factuality="hypothetical",
    ),
)
NIGERIA = (
    event(
        "b1",
        "ASSAULT",
        "Gunmen killed 11 villagers in Maiduguri <script>alert(1)</script> & fled.",
        source=actor("Gunmen", None, "REB"),
        target=actor("villagers", "NGA", "CVL"),
        location=place("Maiduguri", "NGA", 11.85, 13.16),
        date=day("2024-05-05"),
        counts={"killed": 11, "injured": 7},
        cross_border=False,
    ),
    event(
        "b2",
        "COERCE",
        "Police arrested 3 suspects.",
        mode="arrest",
        source=actor("Police", "NGA", "COP"),
        location=place("Nigeria", "NGA", None, None),
        counts={"arrested": 3},
    ),  # undated: falls back to published 2024-05-08
)
IRAN = (
    event(
        "c1",
        "ASSAULT",
        "The IRGC shelled Kurdish opposition camps near Koya.",
        mode="heavy-weapons",
        source=actor("IRGC", "IRN"),
        target=actor("Kurdish opposition", None, "REB"),
        location=place("Koya", "IRQ", 36.08, 44.63),
        date=day("2024-04-01"),
        cross_border=True,
    ),
)

DOCUMENTS: tuple[tuple[Article, tuple[Event, ...]], ...] = (
    (Article("iraq", "text of iraq", dt.date(2024, 3, 12), title="Strikes in the north"), IRAQ),
    (
        Article(
            "nigeria",
            "text of nigeria",
            dt.date(2024, 5, 8),
            title="Attack & <arrests>",
            url="https://example.org/ng?a=1&b=2",
        ),
        NIGERIA,
    ),
    (Article("iran", "text of iran", dt.date(2024, 4, 2)), IRAN),
)


def write_documents(store: Store, documents: Iterable[tuple[Article, tuple[Event, ...]]]) -> None:
    for article, events in documents:
        doc = AnnotatedDocument(doc_id=article.id, published=article.published, events=events)
        store.write(article, doc)


def build_store(path: Path) -> Path:
    """Write the three documents to a new store at `path` and close it."""
    with Store.open(path) as store:
        write_documents(store, DOCUMENTS)
    return path


def ids(values: Iterable[object]) -> list[str]:
    """Local ids ("a1") of event dicts, StoredEvents, Matches or store-wide id strings."""
    out = []
    for v in values:
        if isinstance(v, str):
            full = v
        elif isinstance(v, dict):
            full = str(v.get("id") or v.get("event_id"))
        elif hasattr(v, "row"):
            full = v.row.event.id
        else:
            full = v.event.id  # type: ignore[attr-defined]
        out.append(full.split(":", 1)[1])
    return out


def opened(path: Path, *, read_only: bool = True) -> Iterator[Store]:
    with Store.open(path, read_only=read_only) as store:
        yield store


class Receiver:
    """A local HTTP server on 127.0.0.1 that records POSTed JSON and answers with the next
    status of `statuses` (the last one repeats)."""

    def __init__(self, statuses: Iterable[int] = (200,)) -> None:
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.statuses = list(statuses)
        self.bodies: list[dict[str, object]] = []
        self.attempts = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length))
                receiver.attempts += 1
                index = min(receiver.attempts - 1, len(receiver.statuses) - 1)
                status = receiver.statuses[index]
                if status < 300:
                    receiver.bodies.append(body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
