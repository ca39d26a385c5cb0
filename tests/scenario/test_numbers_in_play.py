"""Scenarios that validate also run; and were the checks bypassed, the engine stays finite."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from game.engine import Game
from game.match.checks import random_sim_check
from game.scenario import lint_numbers, load_rules

CORPUS = Path(__file__).resolve().parents[1] / "hostile" / "scenarios"


@pytest.mark.parametrize("name", ["overflow_product.yaml", "inf_minus_inf.yaml"])
def test_overflowing_scenarios_play_finite_when_the_check_is_bypassed(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lint_numbers.NumberChecks, "_magnitudes", lambda self: None)
    game = Game(load_rules(CORPUS / name))
    assert random_sim_check(game, num_sims=5, seed=3) > 0  # meters in bounds, returns in range
    state = game.new_initial_state()
    while not game.is_terminal(state):
        if game.is_chance_node(state):
            state = game.apply(state, game.chance_outcomes(state)[0][0])
        else:
            state = game.apply(state, game.legal_actions(state)[-1])
    assert all(math.isfinite(r) for r in game.returns(state))


def test_a_valid_scenario_within_tolerance_plays() -> None:
    game = Game(load_rules(CORPUS / "probabilities_within_tolerance.yaml"))
    assert random_sim_check(game, num_sims=3, seed=1) > 0


def test_step_bound_is_one_function() -> None:
    from game.scenario.loader import MAX_GAME_STEPS, step_bound

    rules = load_rules("tokyo_2018")
    assert 0 < step_bound(rules) <= MAX_GAME_STEPS
    assert step_bound(rules) == Game(rules).info.max_game_length
