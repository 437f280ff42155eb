"""Event clusters in the store: incremental assignment on ingest, migration, rebuild, CLI."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

import helpers
from sitrep.cli import app
from sitrep.dedup.match import DedupSettings
from sitrep.dedup.output import with_cluster_ids
from sitrep.model import (
    ActorMention,
    AnnotatedDocument,
    Article,
    Event,
    PlaceMention,
)
from sitrep.store import SCHEMA_VERSION, Store, ingest, query
from sitrep.store.clusters import (
    cluster_ids,
    list_clusters,
    rebuild_clusters,
    unclustered_count,
)
from sitrep.store.schema import MIGRATIONS, VERSION_TABLE

KADUNA = PlaceMention("Kaduna", 0, 6, name="Kaduna", geonameid=2335727, lat=10.53, lon=7.44,
                      country="NGA", precision="city")  # fmt: skip
LAGOS = PlaceMention("Lagos", 0, 5, name="Lagos", geonameid=2332459, lat=6.45, lon=3.39,
                     country="NGA", precision="city")  # fmt: skip


def attack(text: str, *, day: str, place: PlaceMention, killed: int) -> Event:
    return Event(
        id="e0",
        type="ASSAULT",
        evidence=helpers.evidence(text, "killed"),
        source=ActorMention("Gunmen", 0, 6, sector="REB"),
        location=place,
        date=helpers.day(day, "Sunday"),
        counts={"killed": killed},
        confidence=0.8,
    )


# id -> (published, event); a, b, c report one raid, d the same place a week later, e the same
# day in another city.
REPORTS = {
    "a": ("2024-05-05", attack("Gunmen killed 11 villagers in Kaduna on Sunday.",
                               day="2024-05-05", place=KADUNA, killed=11)),
    "b": ("2024-05-06", attack("At least 12 people were killed by gunmen in a Kaduna village.",
                               day="2024-05-05", place=KADUNA, killed=12)),
    "c": ("2024-05-07", attack("Police said gunmen killed 11 villagers near Kaduna on Sunday.",
                               day="2024-05-05", place=KADUNA, killed=11)),
    "d": ("2024-05-12", attack("Gunmen killed 11 villagers in Kaduna on Sunday, police said.",
                               day="2024-05-12", place=KADUNA, killed=11)),
    "e": ("2024-05-05", attack("Gunmen killed 11 villagers in Lagos on Sunday.",
                               day="2024-05-05", place=LAGOS, killed=11)),
}  # fmt: skip


class FakePipeline:
    """Annotates each report with its one prepared event."""

    def annotate_many(self, articles: Iterable[Article]) -> Iterator[AnnotatedDocument]:
        for a in articles:
            yield AnnotatedDocument(doc_id=a.id, published=a.published, events=(REPORTS[a.id][1],))


def articles(ids: str) -> list[Article]:
    return [
        Article(id=i, text=f"Report {i}.", published=dt.date.fromisoformat(REPORTS[i][0]))
        for i in ids
    ]


def groups(store: Store) -> set[frozenset[str]]:
    """The clustering as sets of document ids."""
    rows = store.fetch(
        "SELECT ec.cluster_id, d.doc_id FROM event_clusters ec"
        " JOIN documents d ON d.content_hash = ec.content_hash"
    )
    by: dict[str, set[str]] = {}
    for cluster_id, doc_id in rows:
        by.setdefault(cluster_id, set()).add(doc_id)
    return {frozenset(v) for v in by.values()}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "d.duckdb") as s:
        yield s


EXPECTED = {frozenset("abc"), frozenset("d"), frozenset("e")}


@pytest.mark.parametrize("order", ["abcde", "edcba", "daebc"])
def test_reports_of_one_event_share_a_cluster_in_any_order(store: Store, order: str) -> None:
    ingest(store, FakePipeline(), articles(order))
    assert groups(store) == EXPECTED
    assert unclustered_count(store) == 0


def test_clusters_table_sums_up_members(store: Store) -> None:
    ingest(store, FakePipeline(), articles("abcde"))
    [raid] = list_clusters(store, min_documents=2)
    assert (raid.n_events, raid.n_documents, raid.type) == (3, 3, "ASSAULT")
    assert raid.first_date == raid.last_date == dt.date(2024, 5, 5)
    assert (raid.place_name, raid.place_country) == ("Kaduna", "NGA")
    assert [m.doc_id for m in raid.members] == ["a", "b", "c"]
    assert len(list_clusters(store, min_documents=1)) == 3
    assert list_clusters(store, min_documents=1, types=["protest"]) == []


def test_disabled_dedup_leaves_events_unclustered(store: Store) -> None:
    ingest(store, FakePipeline(), articles("ab"), dedup=DedupSettings(enabled=False))
    assert unclustered_count(store) == 2
    assert rebuild_clusters(store, DedupSettings()) == 1
    assert groups(store) == {frozenset("ab")}


def test_query_rows_can_carry_their_cluster_id(store: Store) -> None:
    ingest(store, FakePipeline(), articles("abd"))
    rows = [r.to_dict() for r in query(store)]
    shown = with_cluster_ids(rows, cluster_ids(store, [r["id"] for r in rows]))
    by_doc = {r["doc_id"]: r["cluster_id"] for r in shown}
    assert by_doc["a"] == by_doc["b"] != by_doc["d"]


def test_a_v1_database_is_migrated_and_can_be_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(VERSION_TABLE)
    for statement in MIGRATIONS[0].statements:
        con.execute(statement)
    con.execute("INSERT INTO schema_version VALUES (1, 'v1', now())")
    con.close()
    with Store.open(path) as s:
        assert s.schema_version() == SCHEMA_VERSION >= 2
        ingest(s, FakePipeline(), articles("ab"), dedup=DedupSettings(enabled=False))
        assert unclustered_count(s) == 2
        rebuild_clusters(s, DedupSettings())
        assert groups(s) == {frozenset("ab")}


def test_clusters_command_lists_sources(tmp_path: Path) -> None:
    path = tmp_path / "cli.duckdb"
    with Store.open(path) as s:
        ingest(s, FakePipeline(), articles("abcde"))
    runner = CliRunner()
    result = runner.invoke(app, ["clusters", "--db", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    cluster = json.loads(line)
    assert cluster["n_documents"] == 3
    assert [m["doc_id"] for m in cluster["members"]] == ["a", "b", "c"]
    table = runner.invoke(app, ["clusters", "--db", str(path), "--min-docs", "1"])
    assert table.exit_code == 0 and "Kaduna" in table.stdout
    bad = runner.invoke(app, ["clusters", "--db", str(path), "--format", "xml"])
    assert bad.exit_code == 2
