"""Fixtures for the match tests: the hand-built rules (no loader needed) and their game."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from game.engine import Game, Rules

ROOT = Path(__file__).resolve().parents[2]


def handmade_rules(turns: int = 4) -> Rules:
    """`tests/engine/handmade.py:handmade_rules`, imported by path."""
    spec = importlib.util.spec_from_file_location(
        "_handmade_rules", ROOT / "tests" / "engine" / "handmade.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rules: Rules = module.handmade_rules(turns)
    return rules


@pytest.fixture
def rules() -> Rules:
    return handmade_rules()


@pytest.fixture
def game(rules: Rules) -> Game:
    return Game(rules)
