"""The seed report, scored from the outside through `sitrep annotate` (needs ../shared).

Gates sit at the issue targets, so a change that loses a required event fails here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def test_seed_report_meets_the_targets(shared_dir: Path) -> None:
    scorer = shared_dir / "tools/score/seed.py"
    gold = shared_dir / "eval/seed/iraq-border-security.gold.json"
    gates = [
        "--min", "recall=0.9",
        "--min", "precision=0.8",
        "--min", "source_country_accuracy=0.9",
        "--min", "times_accuracy=1.0",
        "--min", "places_accuracy=1.0",
    ]  # fmt: skip
    cmd = f"{sys.executable} -m sitrep annotate --quiet"
    proc = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(gold), "--cmd", cmd, *gates],
        capture_output=True,
        text=True,
        timeout=600,
    )
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr
    if proc.returncode == 2:
        pytest.fail(f"the engine failed under the scorer: {summary}")
    assert proc.returncode == 0, summary
