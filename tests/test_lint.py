"""The code standard is part of the suite: ruff, ruff format and mypy --strict on src/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PATHS = ["src", "tests", "benchmarks", "scripts", "docs"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is in the dev extras")
def test_ruff_check_and_format() -> None:
    check = run("ruff", "check", *PATHS)
    assert check.returncode == 0, check.stdout[-3000:]
    fmt = run("ruff", "format", "--check", *PATHS)
    assert fmt.returncode == 0, fmt.stdout[-3000:]


def test_mypy_strict_on_src() -> None:
    pytest.importorskip("mypy", reason="mypy is in the dev extras")
    result = run("mypy", "--strict", "src/sitrep")
    assert result.returncode == 0, result.stdout[-3000:]
