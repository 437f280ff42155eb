"""The HTTP API over a hand-made store: filters, paging, GeoJSON, one error shape, the write
endpoint's token and size limits, and the watch feeds. FastAPI's TestClient, no network."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient

from sitrep.model import AnnotatedDocument, Article
from sitrep.serve import ServeOptions, create_app
from sitrep.store import Store
from sitrep.watch import load_rules
from test_serve_data import IRAQ, Receiver, build_store, event, ids, place

TOKEN = "s3cret-token"
EXAMPLE = "sitrep:watch/iraq_iran_border.toml"


class FakeAnnotator:
    """Annotates every article with one ASSAULT at Penjwen (inside the example rule)."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def annotate_many(self, articles: Iterable[Article]) -> Iterator[AnnotatedDocument]:
        for article in articles:
            self.seen.append(article.id)
            ev = event(
                "e0",
                "ASSAULT",
                article.text[:60],
                location=place("Penjwen", "IRQ", 35.62, 45.95),
                cross_border=True,
            )
            yield AnnotatedDocument(article.id, article.published, events=(ev,))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Shared by the read-only tests; tests that write or add tables use `fresh_db`.
    return build_store(tmp_path_factory.mktemp("serve") / "serve.duckdb")


@pytest.fixture
def fresh_db(tmp_path: Path) -> Path:
    return build_store(tmp_path / "serve.duckdb")


def make_client(db: Path, **options: Any) -> TestClient:
    annotator = options.pop("annotator", None)
    writable = options.get("token") is not None
    store = Store.open(db, read_only=not writable)
    app = create_app(store, options=ServeOptions(**options), annotator=annotator)
    return TestClient(app)


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    with make_client(db, rules=load_rules([EXAMPLE])) as c:
        yield c


def error_of(response: Any, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    message: str = body["error"]["message"]
    return message


def event_ids(client: TestClient, query: str) -> list[str]:
    response = client.get("/api/events?" + query)
    assert response.status_code == 200, response.text
    return ids(response.json()["events"])


def test_all_events_oldest_first_with_paging(client: TestClient) -> None:
    body = client.get("/api/events").json()
    assert (body["total"], body["limit"], body["offset"]) == (6, 100, 0)
    assert ids(body["events"]) == ["a1", "a2", "a3", "c1", "b1", "b2"]
    page = client.get("/api/events?limit=2&offset=2").json()
    assert page["total"] == 6 and ids(page["events"]) == ["a3", "c1"]
    assert page["events"][0]["doc_id"] == "iraq"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=ASSAULT", ["a1", "a3", "c1", "b1"]),
        ("type=accuse,coerce", ["a2", "b2"]),
        ("type=ACCUSE&type=COERCE", ["a2", "b2"]),
        ("actor_country=TUR", ["a1", "a2"]),
        ("place_country=NGA", ["b1", "b2"]),
        ("since=2024-03-12&until=2024-04-30", ["a2", "a3", "c1"]),
        ("since=2024-05-06", ["b2"]),
        ("bbox=44,35,46,37", ["a1", "a3", "c1"]),
        ("bbox=13,11,14,12", ["b1"]),
        ("bbox=170,-10,-170,10", []),
        ("q=VILLAGERS", ["b1"]),
        ("q=50%25", ["a2"]),
        ("q=_", []),
        ("factuality=hypothetical", ["a3"]),
        ("type=ASSAULT&place_country=IRQ&factuality=asserted", ["a1", "c1"]),
    ],
)
def test_filters(client: TestClient, query: str, expected: list[str]) -> None:
    assert event_ids(client, query) == expected


def test_text_search_is_a_parameter_not_sql(client: TestClient) -> None:
    assert event_ids(client, "q=%27%3B%20DROP%20TABLE%20events%3B%20--") == []
    assert client.get("/api/events").json()["total"] == 6


def test_geojson_points_are_lon_lat_and_unlocated_events_keep_null_geometry(
    client: TestClient,
) -> None:
    response = client.get("/api/events?format=geojson&type=ASSAULT,ACCUSE&limit=3")
    assert response.headers["content-type"].startswith("application/geo+json")
    body = response.json()
    assert body["type"] == "FeatureCollection" and body["total"] == 5
    first, second = body["features"][:2]
    assert first["geometry"] == {"type": "Point", "coordinates": [45.95, 35.62]}
    assert first["properties"]["type"] == "ASSAULT" and first["properties"]["killed"] == 6
    assert second["geometry"] is None and first["id"].endswith(":a1")


@pytest.mark.parametrize(
    ("query", "code", "needle"),
    [
        ("typ=ASSAULT", "E520", "typ"),
        ("type=ASSAULT&colour=red", "E520", "colour"),
        ("bbox=1,2,3", "E521", "bbox"),
        ("bbox=0,50,10,40", "E521", "min_lat"),
        ("since=yesterday", "E521", "since"),
        ("since=2024-06-01&until=2024-01-01", "E521", "after"),
        ("type=AS%20SAULT", "E521", "code"),
        ("limit=5000", "E521", "limit"),
        ("limit=many", "E521", "limit"),
        ("offset=-1", "E521", "offset"),
        ("format=xml", "E521", "format"),
        ("factuality=maybe", "E521", "factuality"),
    ],
)
def test_bad_parameters_are_400_with_one_shape(
    client: TestClient, query: str, code: str, needle: str
) -> None:
    message = error_of(client.get("/api/events?" + query), 400, code)
    assert needle in message


def test_unknown_routes_and_methods_use_the_same_shape(client: TestClient) -> None:
    assert "/api/nothing" in error_of(client.get("/api/nothing"), 404, "E523")
    error_of(client.delete("/api/events"), 405, "E523")
    error_of(client.get("/api/stats?extra=1"), 400, "E520")


def test_event_detail_has_document_and_evidence(client: TestClient) -> None:
    full_id = client.get("/api/events?type=COERCE").json()["events"][0]["id"]
    body = client.get(f"/api/events/{full_id}").json()
    assert body["event"]["id"] == full_id and body["event"]["counts"] == {"arrested": 3}
    assert body["document"]["title"] == "Attack & <arrests>"
    assert body["document"]["url"] == "https://example.org/ng?a=1&b=2"
    assert body["cluster"] is None
    (source,) = body["sources"]
    assert source["evidence"]["text"] == "Police arrested 3 suspects."
    assert "no-such" in error_of(client.get("/api/events/no-such:e1"), 404, "E522")


def test_event_detail_lists_the_clusters_other_reports(fresh_db: Path) -> None:
    with Store.open(fresh_db, read_only=True) as store:
        rows = store.fetch("SELECT event_id, content_hash FROM events ORDER BY event_id")
    by_local = {eid.split(":")[1]: (eid, digest) for eid, digest in rows}
    con = duckdb.connect(str(fresh_db))
    now = dt.datetime(2024, 4, 3)
    con.execute(
        "INSERT INTO clusters (cluster_id, type, representative_id, n_events, n_documents, "
        "updated_at) VALUES (?, 'ASSAULT', ?, 2, 2, ?)",
        [by_local["a1"][0], by_local["a1"][0], now],
    )
    for local in ("a1", "c1"):
        eid, digest = by_local[local]
        con.execute(
            "INSERT INTO event_clusters (event_id, cluster_id, content_hash, family) "
            "VALUES (?, ?, ?, 'violence')",
            [eid, by_local["a1"][0], digest],
        )
    con.close()
    with make_client(fresh_db) as client:
        body = client.get(f"/api/events/{by_local['c1'][0]}").json()
    assert body["cluster"]["n_documents"] == 2
    assert sorted(s["doc_id"] for s in body["sources"]) == ["iran", "iraq"]
    assert ids(body["sources"]) == ["a1", "c1"]


def test_actors_places_and_stats(client: TestClient) -> None:
    actors = client.get("/api/actors?by=country&type=ASSAULT").json()["actors"]
    top = {(a["country"], a["events"]) for a in actors}
    assert ("IRQ", 1) not in top and ("NGA", 1) in top and ("IRN", 2) in top
    named = client.get("/api/actors?actor_country=TUR").json()["actors"]
    turkish = next(a for a in named if a["name"] == "Turkish drones")
    assert (turkish["as_source"], turkish["as_target"]) == (1, 0)
    places = client.get("/api/places?by=country").json()["places"]
    assert places[0] == {"country": "IRQ", "events": 3}
    stats = client.get("/api/stats").json()
    assert stats["total"] == 6
    assert {"key": "ASSAULT", "events": 4} in stats["by_type"]
    months = [m["key"] for m in stats["by_month"]]
    assert months == ["2024-03", "2024-04", "2024-05"]
    error_of(client.get("/api/actors?by=colour"), 400, "E521")


def test_openapi_document_lists_the_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/events/{event_id}", "/api/actors", "/api/places",
                 "/api/stats", "/api/documents", "/watch/{name}.atom"):  # fmt: skip
        assert path in paths
    assert "bbox" in json.dumps(paths["/api/events"])


def documents(*texts: str) -> dict[str, Any]:
    return {"documents": [{"id": f"d{i}", "text": t} for i, t in enumerate(texts)]}


TEXT = "Turkish drones struck positions near Penjwen in the north of the country on Monday."


def test_writes_refused_without_a_configured_token(client: TestClient) -> None:
    response = client.post("/api/documents", json=documents(TEXT))
    assert "SITREP_TOKEN" in error_of(response, 403, "E526")


def test_writes_need_the_right_bearer_token(fresh_db: Path) -> None:
    with make_client(fresh_db, token=TOKEN, annotator=FakeAnnotator()) as client:
        error_of(client.post("/api/documents", json=documents(TEXT)), 401, "E524")
        wrong = {"Authorization": "Bearer nope"}
        error_of(client.post("/api/documents", json=documents(TEXT), headers=wrong), 403, "E525")
        basic = {"Authorization": f"Basic {TOKEN}"}
        error_of(client.post("/api/documents", json=documents(TEXT), headers=basic), 401, "E524")


def test_post_annotates_stores_and_fires_watch_rules(fresh_db: Path) -> None:
    annotator = FakeAnnotator()
    rules_file = fresh_db.parent / "rules.toml"
    with Receiver() as receiver:
        rules_file.write_text(
            '[[rule]]\nname = "penjwen"\ntypes = ["ASSAULT"]\ncross_border = true\n'
            f'webhook = "{receiver.url}"\n[[rule.near]]\nlat = 35.6\nlon = 45.9\nkm = 20\n'
        )
        options = {"token": TOKEN, "annotator": annotator, "rules": load_rules([rules_file])}
        headers = {"Authorization": f"Bearer {TOKEN}"}
        with make_client(fresh_db, **options) as client:
            first = client.post("/api/documents", json=documents(TEXT), headers=headers)
            again = client.post("/api/documents", json=documents(TEXT), headers=headers)
            total = client.get("/api/events").json()["total"]
            feed = client.get("/watch/penjwen.atom")
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["stored"], body["skipped"], body["events"]) == (1, 0, 1)
    assert [w["rule"] for w in body["watch"]] == ["penjwen"]
    assert body["webhook_failures"] == []
    assert again.json()["skipped"] == 1 and again.json()["watch"] == []
    assert total == 7 and annotator.seen == ["d0"]
    # The webhook got the new event only (a1 is near Penjwen too, but was not just ingested).
    (sent,) = receiver.bodies
    assert sent["rule"] == "penjwen" and [m["doc_id"] for m in sent["matches"]] == ["d0"]
    # The feed has both, newest ingest first.
    entries = ET.fromstring(feed.content).findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 2


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        (b"not json", "JSON"),
        (b'{"docs": []}', '"documents"'),
        (b'{"documents": []}', "non-empty"),
        (b'{"documents": [{"id": "x"}]}', "text"),
        (b'{"documents": [{"text": "t", "colour": 1}]}', "colour"),
        (json.dumps(documents(*["x"] * 3)).encode(), "limit of 2"),
    ],
)
def test_bad_bodies_are_400(fresh_db: Path, payload: bytes, needle: str) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    options = {"token": TOKEN, "annotator": FakeAnnotator(), "max_documents": 2}
    with make_client(fresh_db, **options) as client:
        response = client.post("/api/documents", content=payload, headers=headers)
    assert needle in error_of(response, 400, "E528")


def test_documents_that_fail_reader_checks_are_reported_not_stored(fresh_db: Path) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with make_client(fresh_db, token=TOKEN, annotator=FakeAnnotator()) as client:
        body = client.post("/api/documents", json=documents("   "), headers=headers).json()
    assert body["stored"] == 0 and "empty" in body["failed"][0]["error"]


def test_request_size_limit_with_and_without_content_length(fresh_db: Path) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    big = json.dumps(documents("word " * 400)).encode()
    options = {"token": TOKEN, "annotator": FakeAnnotator(), "max_body_bytes": 1000}
    with make_client(fresh_db, **options) as client:
        error_of(client.post("/api/documents", content=big, headers=headers), 413, "E527")
        # A chunked body has no Content-Length: the limit is enforced while reading.
        chunks = iter([big[:600], big[600:]])
        streamed = client.post("/api/documents", content=chunks, headers=headers)
    assert "1000 bytes" in error_of(streamed, 413, "E527")


def test_watch_feed_is_escaped_atom(client: TestClient) -> None:
    response = client.get("/watch/iraq-iran-border-assault.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    assert response.headers["x-content-type-options"] == "nosniff"
    root = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    # Koya lies 57 km from the Iraq-Iran border, beyond the example rule's 50 km
    assert titles == ["ASSAULT: Turkish drones -> PKK, Penjwen (IRQ), 2024-03-11"]
    assert "iraq-iran-border-assault" in error_of(client.get("/watch/nope.atom"), 404, "E542")
    rules = client.get("/api/watch").json()["rules"]
    assert rules[0]["feed"] == "/watch/iraq-iran-border-assault.atom"


def test_script_in_evidence_stays_data(db: Path, tmp_path: Path) -> None:
    rules = tmp_path / "ng.toml"
    rules.write_text('[[rule]]\nname = "ng"\nplace_countries = ["NGA"]\ntypes = ["ASSAULT"]\n')
    with make_client(db, rules=load_rules([rules])) as client:
        feed = client.get("/watch/ng.atom").content
        listing = client.get("/api/events?place_country=NGA")
    assert b"<script>" not in feed and b"&lt;script&gt;" in feed
    assert listing.headers["content-type"].startswith("application/json")
    assert "<script>" in listing.json()["events"][0]["evidence"]["text"]


def test_read_only_store_still_serves(db: Path) -> None:
    # Without a token the server opens the file read-only, so another reader can share it.
    with make_client(db) as client, Store.open(db, read_only=True) as other:
        assert client.get("/api/stats").json()["total"] == other.counts()["events"]
    assert IRAQ[0].id == "a1"


def test_serve_command_binds_loopback_and_is_read_only_without_token(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from sitrep.cli import app as cli

    calls: list[dict[str, Any]] = []

    def fake_run(asgi: Any, **kwargs: Any) -> None:
        with TestClient(asgi) as c:
            kwargs["status"] = c.post("/api/documents", json=documents(TEXT)).status_code
        calls.append(kwargs)

    monkeypatch.setattr("uvicorn.run", fake_run)
    monkeypatch.delenv("SITREP_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert calls == [{"host": "127.0.0.1", "port": 8123, "log_level": "warning", "status": 403}]
    assert "read-only" in result.stderr
    missing = CliRunner().invoke(cli, ["serve", "--db", str(db.parent / "none.duckdb")])
    assert missing.exit_code == 1 and "does not exist" in missing.stderr
