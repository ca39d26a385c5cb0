"""R7.1: the vectorised utilities equal the per-package utility, in every world of a game."""

from __future__ import annotations

import random

import pytest

from game.engine import PH_CHANCE, PH_TERMINAL, Game
from game.scenario import load_rules
from tests.engine.handmade import handmade_rules


@pytest.mark.parametrize(
    "make", [lambda: Game(handmade_rules()), lambda: Game(load_rules("tokyo_2018"))]
)
def test_r7_1_all_utilities_equal_each_package_utility(make):
    game = make()
    rng = random.Random(2)
    for _ in range(3):
        s = game.new_initial_state()
        while s.phase != PH_TERMINAL:
            for side in range(len(game.rules.sides)):
                vector = game.utilities(s, side)
                each = [game.utility(s, side, p) for p in range(len(game.rules.packages))]
                assert vector == pytest.approx(each)
            options = (
                [a for a, _ in game.chance_outcomes(s)]
                if s.phase == PH_CHANCE
                else game.legal_actions(s)
            )
            s = game.apply(s, options[rng.randrange(len(options))])
