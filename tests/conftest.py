"""Shared fixtures. The real spaCy model is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from sitrep.config import Settings

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def nlp() -> Language:
    from sitrep.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "eval").is_dir():
        pytest.skip(
            f"needs the evaluation data in {SHARED} (a checkout of shared/ beside the repo)"
        )
    return SHARED


@pytest.fixture(scope="module")
def settings() -> Settings:
    """The built-in settings, without the environment's overrides."""
    return Settings.load(environ={})
