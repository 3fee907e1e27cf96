"""Shared fixtures: paths to the repo's fixtures and the optional ../shared corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEEDS = FIXTURES / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def corpus_dir() -> Path:
    """``../shared/corpus``; skips the test when it is absent."""
    path = SHARED / "corpus"
    if not path.is_dir():
        pytest.skip("../shared/corpus is absent")
    return path
