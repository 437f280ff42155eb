"""Watch rules run when `sitrep ingest` stores documents (the rules in [watch] rules)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from sitrep.cli import app

REPORT = (
    "Iranian artillery shelled villages near Penjwen in northern Iraq on Monday, killing two "
    "farmers, local officials said."
)


def test_ingest_reports_matches_of_configured_rules(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[[rule]]\nname = "assault-iraq"\ntypes = ["ASSAULT"]\nplace_countries = ["IRQ"]\n'
        '\n[[rule]]\nname = "protest-anywhere"\ntypes = ["PROTEST"]\n'
    )
    config = tmp_path / "sitrep.toml"
    config.write_text(f"[watch]\nrules = [{str(rules)!r}]\n")
    doc = tmp_path / "penjwen.txt"
    doc.write_text(REPORT)
    db = tmp_path / "w.duckdb"
    args = [
        "ingest",
        str(doc),
        "--db",
        str(db),
        "--config",
        str(config),
        "--published",
        "2024-03-05",
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "watch assault-iraq: ASSAULT" in result.stderr
    assert "protest-anywhere" not in result.stderr
    again = CliRunner().invoke(app, args)  # nothing new stored: no new matches
    assert again.exit_code == 0 and "watch assault-iraq" not in again.stderr
