"""A disk that fills up mid-ingest: one clear line, nothing stored is lost, a rerun completes.

The full disk is simulated with RLIMIT_FSIZE on a real `sitrep ingest` process (writes past the
limit fail with EFBIG, as they would with ENOSPC), so DuckDB, the store and the CLI all take the
same path they would on a real full disk.
"""

from __future__ import annotations

import json
import resource
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

TOWNS = ["Basra", "Mosul", "Kirkuk", "Erbil", "Najaf", "Karbala", "Tikrit", "Ramadi"]


def corpus(path: Path, first: int, n: int) -> Path:
    lines = []
    for i in range(first, first + n):
        town = TOWNS[i % len(TOWNS)]
        text = (
            f"Police in {town} arrested {i + 3} people on Tuesday after a protest over power "
            f"cuts turned violent, officials said. Report number {i} of this test corpus "
            f"describes how the governor of {town} met tribal leaders to discuss the unrest."
        )
        lines.append(json.dumps({"id": f"doc-{i}", "text": text, "published": "2024-07-02"}))
    path.write_text("\n".join(lines) + "\n")
    return path


def ingest(
    db: Path, source: Path, *, file_limit: int | None = None
) -> subprocess.CompletedProcess[str]:
    def limit() -> None:  # runs in the child before exec
        if file_limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    return subprocess.run(
        [sys.executable, "-m", "sitrep", "ingest", str(source), "--db", str(db), "--quiet"],
        preexec_fn=limit,
        capture_output=True,
        text=True,
        timeout=300,
    )


def stored(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return sorted(r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall())


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs POSIX file size limits")
def test_full_disk_mid_ingest_loses_nothing_and_rerun_completes(tmp_path: Path) -> None:
    db = tmp_path / "events.duckdb"
    first = ingest(db, corpus(tmp_path / "a.jsonl", 0, 3))
    assert first.returncode == 0, first.stderr
    before = stored(db)
    assert len(before) == 3

    second = corpus(tmp_path / "b.jsonl", 3, 12)
    full = ingest(db, second, file_limit=64 * 1024)
    assert full.returncode == 1, full.stderr
    assert "Traceback" not in full.stderr
    lines = [x for x in full.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("sitrep: ") and str(db) in lines[0]

    after_crash = stored(db)
    assert set(before) <= set(after_crash)  # nothing already stored was lost
    rerun = ingest(db, second)
    assert rerun.returncode == 0, rerun.stderr
    assert stored(db) == sorted([*before, *(f"doc-{i}" for i in range(3, 15))])
