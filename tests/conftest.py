"""Shared fixtures: paths of the test data."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def bad_dir() -> Path:
    return DATA / "bad"


@pytest.fixture
def tiny_path() -> Path:
    return DATA / "tiny.yaml"
