"""Resumable ingestion: a real `sitrep ingest` killed with SIGKILL mid-corpus, then run again.

Every document is written in its own DuckDB transaction, so what the killed run committed must
survive (DuckDB replays its write-ahead log on the next open) and the re-run must store the rest
exactly once: the final database equals a clean run's, row for row.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from sitrep.config import Settings
from sitrep.demo import load_sample
from sitrep.pipeline import Pipeline
from sitrep.store import Store, ingest_paths

psutil = pytest.importorskip("psutil")  # installed with dask[distributed]

N_DOCS = 40
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]


def write_corpus(path: Path) -> Path:
    """40 short reports: the first two sentences of each sample report, numbered variants."""
    base = load_sample()
    lines = []
    for i in range(N_DOCS):
        article = base[i % len(base)]
        text = ". ".join(article.text.split(". ")[:2]).rstrip(".") + f". (Update {i // len(base)})"
        published = article.published.isoformat() if article.published else None
        lines.append(json.dumps({"id": f"doc{i:02d}", "text": text, "published": published}))
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def stored(path: Path) -> dict[str, Any]:
    """What a database holds, without ingest timestamps, in a stable order."""
    with Store.open(path, read_only=True) as store:
        return {
            "documents": store.fetch(
                "SELECT content_hash, doc_id, published, error FROM documents"
            ),
            "events": store.fetch("SELECT * FROM events ORDER BY event_id"),
            "mentions": store.fetch("SELECT * FROM mentions ORDER BY ALL"),
            "clustered": store.fetch(
                "SELECT count(*) FROM events e ANTI JOIN event_clusters c USING (event_id)"
            ),
        }


def sitrep(*args: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITREP_")}
    return [sys.executable, "-m", "sitrep", *args], env  # type: ignore[return-value]


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> tuple[Path, dict[str, Any]]:
    """The corpus ingested in one uninterrupted run in this process."""
    folder = tmp_path_factory.mktemp("clean")
    corpus = write_corpus(folder / "corpus.jsonl")
    settings = Settings.load(environ={})
    with Store.open(folder / "clean.duckdb") as store:
        summary = ingest_paths(
            store, Pipeline.from_settings(settings, nlp), [str(corpus)], settings=settings
        )
    assert (summary.new, summary.failed) == (N_DOCS, 0)
    return corpus, stored(folder / "clean.duckdb")


def kill_after(command: list[str], env: dict[str, str], n_stored: int) -> tuple[int, list[str]]:
    """Run `command`, SIGKILL it once it reports `n_stored` stored documents on stderr.

    Returns the number of 'stored' lines seen and the pids of its worker processes (checked by
    the caller to have exited with it)."""
    proc = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(180, proc.kill)  # never hang the suite
    watchdog.start()
    seen, workers = 0, []
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.startswith("sitrep: stored "):
                seen += 1
                if seen == 1:
                    workers = [c.pid for c in psutil.Process(proc.pid).children(recursive=True)]
                if seen >= n_stored:
                    os.kill(proc.pid, signal.SIGKILL)
                    break
        proc.wait(timeout=30)
    finally:
        watchdog.cancel()
        if proc.stderr is not None:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    return seen, workers


def wait_gone(pids: list[int], timeout: float = 15) -> list[int]:
    deadline = time.monotonic() + timeout
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if psutil.pid_exists(p) and _not_zombie(p)]
        time.sleep(0.2)
    return alive


def _not_zombie(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_sigkill_mid_corpus_then_rerun_stores_everything_exactly_once(
    tmp_path: Path, clean: tuple[Path, dict[str, Any]]
) -> None:
    # The killed run uses two worker processes, so batches in flight are lost with it and the
    # workers must exit too; the re-run annotates in one process, so the final rows also show
    # that the worker count does not change what is stored. (Each `sitrep` run loads the model,
    # so one kill-and-resume keeps the test within its time budget.)
    kill_workers, resume_workers, kill_at = "2", "1", 10
    corpus, expected = clean
    db = tmp_path / "killed.duckdb"
    command, env = sitrep("ingest", str(corpus), "--db", str(db), "-v", "-w", kill_workers)
    seen, workers = kill_after(command, env, kill_at)
    orphans = wait_gone(workers)
    for pid in orphans:  # ours: clean up before failing
        psutil.Process(pid).kill()
    assert not orphans, "worker processes outlived the killed ingest"

    # Everything the killed run reported stored is there after reopening (WAL replayed).
    with Store.open(db, read_only=True) as store:
        after_kill = store.counts()["documents"]
    assert seen <= after_kill < N_DOCS

    command, env = sitrep("ingest", str(corpus), "--db", str(db), "-w", resume_workers)
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert f"{N_DOCS - after_kill} new, {after_kill} already stored, 0 failed" in done.stderr

    result = stored(db)
    assert sorted(result["documents"]) == sorted(expected["documents"])
    assert len({row[0] for row in result["documents"]}) == N_DOCS
    assert result["events"] == expected["events"]
    assert result["mentions"] == expected["mentions"]
    assert result["clustered"] == expected["clustered"] == [(0,)]
