"""Conformance checks: random simulations and determinism."""

from __future__ import annotations

import dataclasses

import pytest

from game.engine import Game
from game.engine.expr import Const
from game.engine.rules import AddOp
from game.match import determinism_check, random_sim_check


def test_random_sim_check_passes_on_the_handmade_game(game: Game) -> None:
    assert random_sim_check(game, 100, seed=0) > 100


def test_random_sim_check_catches_a_short_max_length(game: Game) -> None:
    broken = Game(game.rules)
    object.__setattr__(broken, "info", dataclasses.replace(game.info, max_game_length=3))
    with pytest.raises(AssertionError, match="still going after 4 steps"):
        random_sim_check(broken, 5, seed=0)


def test_random_sim_check_catches_returns_out_of_bounds(game: Game) -> None:
    broken = Game(game.rules)
    object.__setattr__(broken, "info", dataclasses.replace(game.info, max_utility=1.0))
    with pytest.raises(AssertionError, match=r"return .* is outside \["):
        random_sim_check(broken, 50, seed=0)


def test_random_sim_check_catches_a_meter_out_of_bounds(game: Game) -> None:
    # A meter whose start lies outside its bounds: the check names it.
    meters = list(game.rules.meters)
    meters[0] = dataclasses.replace(meters[0], start=500)
    broken = Game(dataclasses.replace(game.rules, meters=tuple(meters)))
    with pytest.raises(AssertionError, match=r"meter trust = \d+ is outside \[0, 100\]"):
        random_sim_check(broken, 3, seed=0)


def test_determinism_check(game: Game) -> None:
    assert determinism_check(game, 5) == determinism_check(game, 5)
    assert determinism_check(game, 5) != determinism_check(game, 6)


def test_checks_on_a_variant(game: Game) -> None:
    rules = dataclasses.replace(game.rules, every_turn=(AddOp(0, Const(2)),))
    random_sim_check(Game(rules), 20, seed=1)
