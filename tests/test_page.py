"""The web page and the aggregates behind it, over the hand-made store of test_serve_data:
the page and its files are served with a Content-Security-Policy, the vendored libraries ship
with their licenses, and /api/map, /api/timeline and /api/network count what they should.
FastAPI's TestClient, no network, no browser (tests/test_browser.py drives one)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sitrep.config import Settings
from sitrep.errors import SitrepError
from sitrep.serve import ServeOptions, create_app, load_options
from sitrep.serve.overview import auto_interval, cell_size
from sitrep.serve.page import STATIC_DIR, content_security_policy
from sitrep.store import Store
from test_serve_data import build_store, ids

VENDOR = STATIC_DIR / "vendor"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("page") / "page.duckdb")


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Store.open(db, read_only=True))) as c:
        yield c


def error_code(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    code: str = body["error"]["code"]
    return code


# ---- the page ------------------------------------------------------------------------------


def test_page_is_served_with_a_content_security_policy(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"
    # no inline script or style the policy would have to allow, nothing from another origin
    assert not re.search(r"<script(?![^>]*\bsrc=)", r.text)
    assert "<style" not in r.text and " style=" not in r.text
    assert not re.search(r"(src|href)=\"(https?:)?//", r.text)
    assert 'data-tile-url=""' in r.text


def test_page_ignores_a_query_string_and_answers_head(client: TestClient) -> None:
    assert client.get("/?utm_source=x").status_code == 200
    assert client.head("/").status_code == 200


def test_static_files_are_served_with_the_policy(client: TestClient) -> None:
    for path, kind in [
        ("/static/js/main.js", "javascript"),
        ("/static/sitrep.css", "text/css"),
        ("/static/vendor/leaflet/leaflet.js", "javascript"),
        ("/static/vendor/world-atlas/countries-110m.json", "application/json"),
    ]:
        r = client.get(path)
        assert r.status_code == 200, path
        assert kind in r.headers["content-type"], path
        assert "script-src 'self'" in r.headers["content-security-policy"]
    assert error_code(client.get("/static/js/missing.js"), 404) == "E523"
    assert client.get("/static/../app.py").status_code == 404


def test_every_module_the_page_imports_exists() -> None:
    js = STATIC_DIR / "js"
    for module in js.glob("*.js"):
        for name in re.findall(r'from "\./([\w.]+)"', module.read_text("utf-8")):
            assert (js / name).is_file(), f"{module.name} imports missing {name}"
    html = (STATIC_DIR / "index.html").read_text("utf-8")
    for ref in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert (STATIC_DIR / ref).is_file(), ref


def test_page_scripts_never_write_html() -> None:
    # Article text is untrusted: the page builds text nodes, never markup from strings.
    for module in (STATIC_DIR / "js").glob("*.js"):
        text = module.read_text("utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in text, f"{module.name} uses {sink}"


def test_vendored_libraries_ship_with_their_licenses() -> None:
    versions = (VENDOR / "VERSIONS").read_text("utf-8").split()
    assert versions == ["leaflet", "1.9.4", "topojson-client", "3.1.0", "world-atlas", "2.0.2"]
    assert "Redistribution and use" in (VENDOR / "leaflet" / "LICENSE").read_text("utf-8")
    for lib in ("topojson-client", "world-atlas"):
        assert "Permission to use" in (VENDOR / lib / "LICENSE").read_text("utf-8")
    # nothing in the vendored code points the browser at a CDN or a source map
    assert "sourceMappingURL" not in (VENDOR / "leaflet" / "leaflet.js").read_text("utf-8")


def test_tile_url_widens_the_image_policy_and_reaches_the_page(db: Path) -> None:
    url = 'https://{s}.tiles.example.org/{z}/{x}/{y}.png?k="a"&b'
    settings = Settings.load(environ={}).with_overrides({"serve": {"tile_url": url}})
    options = load_options(settings, token=None, rules=[])
    with TestClient(create_app(Store.open(db, read_only=True), options=options)) as c:
        r = c.get("/")
    assert (
        "img-src 'self' data: https://*.tiles.example.org;" in r.headers["content-security-policy"]
    )
    assert (
        'data-tile-url="https://{s}.tiles.example.org/{z}/{x}/{y}.png?k=&quot;a&quot;&amp;b"'
        in (r.text)
    )


@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://tiles.example.org/a.png", "x"])
def test_a_bad_tile_url_is_refused_before_serving(url: str) -> None:
    settings = Settings.load(environ={}).with_overrides({"serve": {"tile_url": url}})
    with pytest.raises(SitrepError) as info:
        load_options(settings, token=None, rules=[])
    assert info.value.code == "E580"


def test_default_policy_allows_no_other_origin() -> None:
    assert "http" not in content_security_policy("")


# ---- /api/map ------------------------------------------------------------------------------


def test_map_bins_located_events_and_counts_the_rest(client: TestClient) -> None:
    body = client.get("/api/map?zoom=0").json()
    assert body["cell_degrees"] == 90.0
    # a2 has no place, b2's place (Nigeria) has no coordinates
    assert (body["located"], body["unlocated"]) == (4, 2)
    assert sum(c["n"] for c in body["cells"]) == 4
    [cell] = body["cells"]  # Penjwen, Erbil, Koya and Maiduguri: one 90-degree cell
    assert cell["n"] == 4 and cell["top_type"] == "ASSAULT" and cell["types"] == {"ASSAULT": 4}
    assert cell["place"] is None and cell["event_id"] is None
    south, west, north, east = cell["bounds"]
    assert (south, west, north, east) == (11.85, 13.16, 36.19, 45.95)
    assert south <= cell["lat"] <= north and west <= cell["lon"] <= east


def test_map_cells_split_as_the_zoom_grows(client: TestClient) -> None:
    cells = client.get("/api/map?zoom=10").json()["cells"]
    assert len(cells) == 4
    assert all(c["n"] == 1 and c["event_id"] for c in cells)
    assert sorted(c["place"] for c in cells) == ["Erbil", "Koya", "Maiduguri", "Penjwen"]
    penjwen = next(c for c in cells if c["place"] == "Penjwen")
    assert ids([penjwen["event_id"]]) == ["a1"]
    assert (penjwen["lat"], penjwen["lon"]) == (35.62, 45.95)


def test_map_takes_the_event_filters(client: TestClient) -> None:
    body = client.get("/api/map?zoom=10&bbox=40,30,50,40&factuality=asserted").json()
    assert sorted(c["place"] for c in body["cells"]) == ["Koya", "Penjwen"]
    body = client.get("/api/map?zoom=3&q=script").json()
    assert [c["place"] for c in body["cells"]] == ["Maiduguri"]
    assert body["unlocated"] == 0


def test_map_refuses_bad_parameters(client: TestClient) -> None:
    assert error_code(client.get("/api/map?zoom=19"), 400) == "E521"
    assert error_code(client.get("/api/map?zoom=x"), 400) == "E521"
    assert error_code(client.get("/api/map?limit=3"), 400) == "E520"
    assert error_code(client.get("/api/map?bbox=1,2,3"), 400) == "E521"


def test_cell_size_halves_per_zoom() -> None:
    assert [cell_size(z) for z in (0, 1, 2)] == [90.0, 45.0, 22.5]


# ---- /api/timeline -------------------------------------------------------------------------


def test_timeline_counts_by_day_with_types(client: TestClient) -> None:
    body = client.get("/api/timeline?interval=day").json()
    assert body["interval"] == "day"
    assert (body["first"], body["last"], body["undated"]) == ("2024-03-11", "2024-05-08", 0)
    days = {b["start"]: b for b in body["buckets"]}
    assert list(days) == sorted(days)
    assert days["2024-03-11"] == {"start": "2024-03-11", "events": 1, "types": {"ASSAULT": 1}}
    # b2 has no date of its own: its document's published day
    assert days["2024-05-08"]["types"] == {"COERCE": 1}
    assert sum(b["events"] for b in body["buckets"]) == 6


def test_timeline_by_week_month_and_year(client: TestClient) -> None:
    weeks = client.get("/api/timeline?interval=week").json()["buckets"]
    # ISO weeks start on Monday: 2024-03-11 and 03-12 share one
    assert weeks[0] == {"start": "2024-03-11", "events": 2, "types": {"ACCUSE": 1, "ASSAULT": 1}}
    months = client.get("/api/timeline?interval=month").json()["buckets"]
    assert [(m["start"], m["events"]) for m in months] == [
        ("2024-03-01", 3),
        ("2024-04-01", 1),
        ("2024-05-01", 2),
    ]
    years = client.get("/api/timeline?interval=year&type=ASSAULT").json()["buckets"]
    assert years == [{"start": "2024-01-01", "events": 4, "types": {"ASSAULT": 4}}]


def test_timeline_auto_interval_and_filters(client: TestClient) -> None:
    body = client.get("/api/timeline").json()
    assert body["interval"] == "day"  # 59 days
    assert body["core"] == ["2024-03-11", "2024-05-08"]
    body = client.get("/api/timeline?since=2024-04-01&place_country=IRQ").json()
    assert [b["start"] for b in body["buckets"]] == ["2024-04-01"]
    empty = client.get("/api/timeline?type=AID").json()
    assert empty["buckets"] == [] and empty["first"] is None and empty["core"] is None
    assert error_code(client.get("/api/timeline?interval=hour"), 400) == "E521"


@pytest.mark.parametrize(
    ("days", "interval"), [(1, "day"), (120, "day"), (121, "week"), (1000, "month"), (4000, "year")]
)
def test_auto_interval_keeps_the_bars_few(days: int, interval: str) -> None:
    first = dt.date(2020, 1, 1)
    assert auto_interval(first, first + dt.timedelta(days=days - 1)) == interval


# ---- /api/network --------------------------------------------------------------------------


def test_network_nodes_and_weighted_edges(client: TestClient) -> None:
    body = client.get("/api/network").json()
    names = [n["name"] for n in body["nodes"]]
    assert len(names) == 10 and len(set(names)) == 10  # Iran acts on no one: a node, no edge
    pairs = {(names[e["source"]], names[e["target"]]): e for e in body["edges"]}
    assert set(pairs) == {
        ("Turkish drones", "PKK"),
        ("Iraqi ministry", "Turkey"),
        ("Gunmen", "villagers"),
        ("IRGC", "Kurdish opposition"),
    }
    assert pairs[("IRGC", "Kurdish opposition")]["types"] == {"ASSAULT": 1}
    assert all(e["events"] == 1 for e in body["edges"])
    node = body["nodes"][names.index("IRGC")]
    assert (node["country"], node["as_source"], node["as_target"]) == ("IRN", 1, 0)


def test_network_takes_filters_and_a_limit(client: TestClient) -> None:
    body = client.get("/api/network?type=ACCUSE").json()
    assert [n["name"] for n in body["nodes"]] == ["Iraqi ministry", "Turkey"]
    assert [(e["source"], e["target"], e["events"]) for e in body["edges"]] == [(0, 1, 1)]
    assert client.get("/api/network?type=AID").json() == {"nodes": [], "edges": []}
    small = client.get("/api/network?limit=2").json()
    assert len(small["nodes"]) == 2
    assert all(e["source"] < 2 and e["target"] < 2 for e in small["edges"])
    assert error_code(client.get("/api/network?limit=0"), 400) == "E521"
    assert error_code(client.get("/api/network?limit=201"), 400) == "E521"


def test_new_endpoints_are_documented(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/map", "/api/timeline", "/api/network"} <= set(paths)
    assert "/" not in paths and not any(p.startswith("/static") for p in paths)


def test_serve_options_default_to_no_tiles(db: Path) -> None:
    with TestClient(create_app(Store.open(db, read_only=True), options=ServeOptions())) as c:
        assert "img-src 'self' data:;" in c.get("/").headers["content-security-policy"]
