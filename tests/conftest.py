"""Shared fixtures: paths of the test data, the hand-built rules and their game."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import Game, Rules
from tests.engine.handmade import handmade_rules

pytest_plugins = ["pytester"]  # scenario-test plugin tests run pytest on temporary files

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


@pytest.fixture
def rules() -> Rules:
    """The hand-built rules of tests/engine/handmade.py (no loader needed)."""
    return handmade_rules()


@pytest.fixture
def game(rules: Rules) -> Game:
    return Game(rules)
