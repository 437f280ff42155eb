"""Exports of a hand-made store: every format's fields and mappings, Parquet through DuckDB
(one file and a month-partitioned dataset), filters, errors and the `sitrep export` command."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.errors import SitrepError
from sitrep.export import FORMATS, EventFilter, export
from sitrep.export.acled import ACLED_COLUMNS
from sitrep.store import Store
from test_serve_data import build_store, ids

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("export") / "export.duckdb")


def run(db: Path, fmt: str, flt: EventFilter | None = None) -> str:
    out = io.StringIO()
    with Store.open(db, read_only=True) as store:
        export(store, fmt, flt or EventFilter(), out=out)
    return out.getvalue()


def test_jsonl_and_csv_match_query_output(db: Path) -> None:
    lines = [json.loads(line) for line in run(db, "jsonl").splitlines()]
    assert ids(lines) == ["a1", "a2", "a3", "c1", "b1", "b2"]
    rows = list(csv.DictReader(io.StringIO(run(db, "csv", EventFilter(types=("ASSAULT",))))))
    assert [r["type"] for r in rows] == ["ASSAULT"] * 4 and rows[0]["killed"] == "6"


def test_geojson_is_a_feature_collection(db: Path) -> None:
    body = json.loads(run(db, "geojson"))
    assert body["type"] == "FeatureCollection" and len(body["features"]) == 6
    koya = next(f for f in body["features"] if f["properties"]["place"] == "Koya")
    assert koya["geometry"]["coordinates"] == [44.63, 36.08]
    assert json.loads(run(db, "geojson", EventFilter(types=("PROTEST",))))["features"] == []


def test_plover_records_use_the_specification_field_names(db: Path) -> None:
    records = [json.loads(line) for line in run(db, "plover").splitlines()]
    a1 = records[0]
    assert a1["event"] == ["ASSAULT"] and a1["mode"] == ["aerial"]
    assert a1["context"] == ["military"] and a1["date"] == "2024-03-11"
    assert a1["enddate"] is None and a1["date_source"] == "event"
    assert a1["source"] == [
        {
            "code": "TUR",
            "sector": "MIL",
            "actor_text": "Turkish drones",
            "identifier_id": None,
            "identifier_text": "Turkish drones",
        }
    ]
    assert a1["recipient"][0]["sector"] == "REB"
    loc = a1["event_loc"]
    assert (loc["country code"], loc["cc3"], loc["latitude"], loc["longitude"]) == (
        "IQ",
        "IRQ",
        35.62,
        45.95,
    )
    assert (a1["quad_code"], a1["event_scale"], a1["dead"]) == (4, -9.0, 6)
    assert a1["cite_info"]["citation"] == "iraq" and a1["coded_date"] is not None
    b2 = records[-1]
    assert b2["date"] == "2024-05-08" and b2["date_source"] == "published"
    assert b2["arrested"] == 3 and b2["recipient"] == []


def test_acled_like_columns_and_type_mapping(db: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run(db, "acled-like"))))
    assert tuple(rows[0].keys()) == ACLED_COLUMNS
    by_id = {r["event_id_cnty"].split(":")[1]: r for r in rows}
    a1, b1, b2, c1, a2 = (by_id[k] for k in ("a1", "b1", "b2", "c1", "a2"))
    assert (a1["event_type"], a1["sub_event_type"]) == (
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert (a1["country"], a1["iso3"], a1["fatalities"], a1["year"]) == ("Iraq", "IRQ", "6", "2024")
    assert (b1["event_type"], b1["sub_event_type"]) == ("Violence against civilians", "Attack")
    assert (b2["event_type"], b2["sub_event_type"]) == ("Strategic developments", "Arrests")
    assert b2["fatalities"] == "" and b2["event_date"] == "2024-05-08"
    assert b2["time_precision"] == "3"
    assert c1["sub_event_type"] == "Shelling/artillery/missile attack"
    assert (a2["event_type"], a2["country"]) == ("Strategic developments", "")
    assert b1["source"] == "Attack & <arrests>" and "<script>" in b1["notes"]


def test_parquet_file_round_trips_through_duckdb(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    with Store.open(db, read_only=True) as store:
        n = export(store, "parquet", EventFilter(place_country=("IRQ",)), path=path)
    assert n == 3
    rows = duckdb.sql(
        "SELECT type, lat, month, doc_id FROM read_parquet(?) ORDER BY date_start",
        params=[str(path)],
    ).fetchall()
    assert rows[0] == ("ASSAULT", 35.62, "2024-03", "iraq") and len(rows) == 3


def test_parquet_dataset_partitioned_by_month(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    with Store.open(db, read_only=True) as store:
        assert export(store, "parquet", EventFilter(), path=out, partition_by="month") == 6
    months = sorted(p.name for p in out.iterdir())
    assert months == ["month=2024-03", "month=2024-04", "month=2024-05"]
    counts = duckdb.sql(
        "SELECT month, count(*) FROM read_parquet(?, hive_partitioning = true) "
        "GROUP BY month ORDER BY month",
        params=[str(out / "**" / "*.parquet")],
    ).fetchall()
    assert counts == [("2024-03", 3), ("2024-04", 1), ("2024-05", 2)]


def test_a_quote_in_the_output_path_is_not_sql(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "it's.parquet"
    with Store.open(db, read_only=True) as store:
        assert export(store, "parquet", EventFilter(), path=path) == 6
    assert path.exists()


@pytest.mark.parametrize(
    ("fmt", "kwargs", "code"),
    [
        ("xlsx", {}, "E535"),
        ("csv", {"partition_by": "month"}, "E536"),
        ("parquet", {}, "E536"),
        ("parquet", {"partition_by": "year"}, "E536"),
    ],
)
def test_bad_combinations(db: Path, fmt: str, kwargs: dict[str, str], code: str) -> None:
    with Store.open(db, read_only=True) as store, pytest.raises(SitrepError) as info:
        export(store, fmt, EventFilter(), out=io.StringIO(), **kwargs)  # type: ignore[arg-type]
    assert info.value.code == code


def test_export_command_writes_files_and_stdout(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "iraq.csv"
    args = ["export", "--db", str(db), "--format", "acled-like", "--place-country", "irq"]
    result = runner.invoke(app, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(list(csv.DictReader(io.StringIO(out.read_text())))) == 3
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "plover", "--text", "koya"])
    assert result.exit_code == 0
    assert [json.loads(line)["id"][-2:] for line in result.stdout.splitlines()] == ["c1"]
    bbox = ["--bbox", "13,11,14,12", "--format", "geojson"]
    result = runner.invoke(app, ["export", "--db", str(db), *bbox])
    assert len(json.loads(result.stdout)["features"]) == 1
    dataset = tmp_path / "ds"
    parquet = ["--format", "parquet", "--partition-by", "month", "-o", str(dataset)]
    result = runner.invoke(app, ["export", "--db", str(db), *parquet])
    assert result.exit_code == 0 and (dataset / "month=2024-05").is_dir()


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "xlsx"],
        ["--format", "csv", "--bbox", "1,2"],
        ["--format", "csv", "--since", "May"],
        ["--format", "csv", "--partition-by", "month"],
    ],
)
def test_export_command_usage_errors_exit_2(db: Path, args: list[str]) -> None:
    result = runner.invoke(app, ["export", "--db", str(db), *args])
    assert result.exit_code == 2, result.output


def test_every_format_is_documented_in_the_help() -> None:
    result = runner.invoke(app, ["export", "--help"])
    for fmt in FORMATS:
        assert fmt in result.stdout
