"""Watch rules: loading and validation, each condition, evaluation on demand and at ingest,
the Atom feed, webhooks with retries against a local server, and `sitrep watch`."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.errors import ConfigError, SitrepError
from sitrep.model import Article
from sitrep.store import Store, content_hash
from sitrep.watch import (
    EXAMPLE_RULES,
    WatchRule,
    evaluate,
    haversine_km,
    load_rules,
    notify,
    on_ingest,
)
from sitrep.watch.atom import render_feed
from sitrep.watch.rules import parse_rule
from sitrep.watch.webhook import post_json
from test_serve_data import IRAQ, Receiver, build_store, event, ids, place, write_documents

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("watch") / "watch.duckdb")


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    with Store.open(db, read_only=True) as s:
        yield s


def rule(**table: object) -> WatchRule:
    return parse_rule({"name": "r", **table}, source="test")


def test_example_rule_loads_and_matches_the_cross_border_attacks(store: Store) -> None:
    (example,) = load_rules([EXAMPLE_RULES])
    assert example.types == ("ASSAULT",) and example.cross_border is True
    assert example.near_border is not None and example.factuality == ("asserted",)
    assert example.near_border.countries == ("IRN", "IRQ")
    # a3 (Erbil) is hypothetical, b1 in Nigeria, c1 (Koya) 57 km from the border: only a1
    # (Penjwen, 4 km) is within the example's 50 km.
    assert ids(evaluate(store, example)) == ["a1"]


def test_haversine() -> None:
    # Baghdad to Tehran, about 690 km.
    assert 680 < haversine_km(33.315, 44.366, 35.689, 51.389) < 700
    assert haversine_km(10, 20, 10, 20) == 0


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ({}, ["b2", "b1", "c1", "a3", "a2", "a1"]),
        ({"types": ["assault"]}, ["b1", "c1", "a3", "a1"]),
        ({"actors": ["turkish DRONES"]}, ["a1"]),
        ({"actors": ["turkey"]}, ["a2"]),
        ({"actor_countries": ["IRN"]}, ["c1", "a3"]),
        ({"place_countries": ["NGA"]}, ["b2", "b1"]),
        ({"factuality": ["hypothetical"]}, ["a3"]),
        ({"cross_border": False}, ["b1"]),
        ({"near": [{"lat": 36.19, "lon": 44.01, "km": 10}]}, ["a3"]),
        ({"near": [{"lat": 0, "lon": 0, "km": 5}, {"lat": 11.8, "lon": 13.1, "km": 30}]}, ["b1"]),
        ({"min_sources": 2}, []),
    ],
)
def test_each_condition(store: Store, table: dict[str, object], expected: list[str]) -> None:
    assert ids(evaluate(store, rule(**table))) == expected


def test_limit_keeps_the_newest(store: Store) -> None:
    assert ids(evaluate(store, rule(), limit=2)) == ["b2", "b1"]


def test_min_sources_counts_the_dedup_cluster(tmp_path: Path) -> None:
    path = build_store(tmp_path / "clusters.duckdb")
    con = duckdb.connect(str(path))
    (a1, digest), (c1, digest_c) = con.execute(
        "SELECT event_id, content_hash FROM events WHERE local_id IN ('a1', 'c1') ORDER BY local_id"
    ).fetchall()
    con.execute(
        "INSERT INTO clusters (cluster_id, type, representative_id, n_events, n_documents, "
        "updated_at) VALUES (?, 'ASSAULT', ?, 2, 2, ?)",
        [a1, a1, dt.datetime(2024, 4, 3)],
    )
    for eid, h in ((a1, digest), (c1, digest_c)):
        con.execute(
            "INSERT INTO event_clusters (event_id, cluster_id, content_hash, family) "
            "VALUES (?, ?, ?, 'violence')",
            [eid, a1, h],
        )
    con.close()
    with Store.open(path, read_only=True) as s:
        found = evaluate(s, rule(min_sources=2))
    assert ids(found) == ["c1", "a1"] and {m.sources for m in found} == {2}


@pytest.mark.parametrize(
    ("table", "needle"),
    [
        ({"name": "bad name"}, "'name'"),
        ({"colour": "red"}, "colour"),
        ({"types": "ASSAULT"}, "'types'"),
        ({"types": ["AS SAULT"]}, "codes"),
        ({"factuality": ["maybe"]}, "factuality"),
        ({"cross_border": "yes"}, "cross_border"),
        ({"min_sources": 0}, "min_sources"),
        ({"webhook": "ftp://x"}, "webhook"),
        ({"near": [{"lat": 95, "lon": 0, "km": 5}]}, "out of range"),
        ({"near": [{"lat": 1, "lon": 2}]}, "km"),
        ({"near_border": {"countries": ["IRQ"], "km": 5}}, "near_border"),
        ({"near_border": {"km": 0}}, "near_border"),
        ({"near_border": 5}, "near_border"),
    ],
)
def test_invalid_rules_are_refused_with_the_problem(table: dict[str, object], needle: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_rule({"name": "r", **table}, source="rules.toml")
    assert info.value.code == "E541" and needle in info.value.message


@pytest.mark.parametrize(
    ("border", "expected"),
    [
        ({"countries": ["irq", "IRN"], "km": 80}, ["c1", "a1"]),  # Koya 57 km, Penjwen 4 km
        ({"countries": ["IRQ", "IRN"], "km": 30}, ["a1"]),
        ({"countries": ["IRQ", "TUR"], "km": 200}, ["a3"]),  # Erbil: nearest is Turkey's
        ({"km": 120}, ["b1", "c1", "a3", "a1"]),  # any border; b2 has no coordinates
    ],
)
def test_near_border(store: Store, border: dict[str, object], expected: list[str]) -> None:
    assert ids(evaluate(store, rule(near_border=border))) == expected


def test_border_rules_wait_for_a_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sitrep.watch.rules.border_distance_provider", lambda: None)
    with pytest.raises(ConfigError) as info:
        rule(near_border={"countries": ["IRQ", "IRN"], "km": 50})
    assert info.value.code == "E544"


def test_rule_files(tmp_path: Path) -> None:
    good = tmp_path / "a.toml"
    good.write_text('[[rule]]\nname = "one"\n\n[[rule]]\nname = "two"\ntypes = ["PROTEST"]\n')
    assert [r.name for r in load_rules([good])] == ["one", "two"]
    with pytest.raises(ConfigError) as info:
        load_rules([good, good])
    assert info.value.code == "E541" and "already used" in info.value.message
    broken = tmp_path / "b.toml"
    broken.write_text("[[rule]\n")
    for path in (broken, tmp_path / "missing.toml"):
        with pytest.raises(ConfigError) as info:
            load_rules([path])
        assert info.value.code == "E540"


def test_on_ingest_sees_only_the_new_documents(tmp_path: Path) -> None:
    path = build_store(tmp_path / "ingest.duckdb")
    new = Article("new", "text of new", dt.date(2024, 6, 1))
    ev = event("n1", "ASSAULT", "Drones hit Penjwen.", location=place("Penjwen", "IRQ", 35.6, 45.9))
    with Store.open(path) as s:
        write_documents(s, [(new, (ev,))])
        near = rule(near=[{"lat": 35.6, "lon": 45.9, "km": 30}])
        assert ids(on_ingest(s, [content_hash(new.text)], [near])) == ["n1"]
        assert ids(evaluate(s, near)) == ["n1", "a1"]
        assert on_ingest(s, [], [near]) == []


def test_feed_escapes_report_text(store: Store) -> None:
    ng = rule(place_countries=["NGA"], title="Nigeria <&> attacks")
    body = render_feed(ng, evaluate(store, ng), base_url="http://127.0.0.1:8000")
    assert b"<script>" not in body
    root = ET.fromstring(body)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.findtext("a:title", namespaces=ns) == "Nigeria <&> attacks"
    summaries = [e.findtext("a:summary", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert "<script>alert(1)</script>" in summaries[1]
    via = root.findall("a:entry/a:link[@rel='via']", ns)[0].get("href")
    assert via == "https://example.org/ng?a=1&b=2"


def test_webhook_retries_server_errors_then_succeeds(store: Store) -> None:
    waits: list[float] = []
    with Receiver(statuses=(500, 503, 200)) as receiver:
        status = post_json(receiver.url, {"x": 1}, rule="r", retries=3, sleep=waits.append)
    assert status == 200 and receiver.attempts == 3 and waits == [0.5, 1.0]
    assert receiver.bodies == [{"x": 1}]


def test_webhook_does_not_retry_a_refusal() -> None:
    with Receiver(statuses=(404,)) as receiver, pytest.raises(SitrepError) as info:
        post_json(receiver.url, {}, rule="r", retries=3, sleep=lambda s: None)
    assert receiver.attempts == 1 and info.value.code == "E543"
    assert "HTTP 404" in info.value.message


def test_webhook_gives_up_on_a_dead_receiver() -> None:
    with Receiver() as receiver:
        url = receiver.url
    waits: list[float] = []
    with pytest.raises(SitrepError) as info:
        post_json(url, {}, rule="r", retries=2, timeout=2, sleep=waits.append)
    assert "after 3 attempt(s)" in info.value.message and len(waits) == 2


def test_notify_posts_one_request_per_rule_and_never_raises(store: Store) -> None:
    with Receiver() as good, Receiver(statuses=(400,)) as bad:
        rules = [
            rule(types=["ASSAULT"], place_countries=["NGA"], webhook=good.url),
            parse_rule({"name": "other", "webhook": bad.url, "types": ["ACCUSE"]}, source="t"),
            parse_rule({"name": "silent", "types": ["COERCE"]}, source="t"),
        ]
        found = [m for r in rules for m in evaluate(store, r)]
        failures = notify(found, rules)
    (sent,) = good.bodies
    assert sent["rule"] == "r" and ids(sent["matches"]) == ["b1"]
    assert len(failures) == 1 and "'other'" in failures[0]


def test_watch_commands(db: Path) -> None:
    listed = runner.invoke(app, ["watch", "list", "--rules", EXAMPLE_RULES])
    assert listed.exit_code == 0 and "iraq-iran-border-assault" in listed.stdout
    args = ["watch", "test", "iraq-iran-border-assault", "--rules", EXAMPLE_RULES, "--db", str(db)]
    result = runner.invoke(app, [*args, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert [line.count('"ASSAULT"') for line in result.stdout.splitlines()] == [1]
    atom = runner.invoke(app, [*args, "--format", "atom"])
    assert ET.fromstring(atom.stdout.encode()).tag.endswith("feed")
    missing = runner.invoke(app, ["watch", "test", "nope", "--rules", EXAMPLE_RULES])
    assert missing.exit_code == 2
    assert IRAQ[0].id == "a1"
