"""The speed-ups of hard's search change no number: remembered results equal fresh ones."""

from __future__ import annotations

import math
import random

from game.ai.deal_prospects import _DECAYS, decayed, decayed_meters
from game.ai.negotiator import _below_floor, _cut
from game.engine import Game, ratification_odds
from game.engine.values import logistic
from game.scenario import load_rules


def test_the_remembered_floor_cut_is_the_fresh_one_and_keeps_every_likely_package():
    rng = random.Random(3)
    for _ in range(40):
        utilities = tuple(rng.choice((rng.uniform(-20, 20), 0.5, -3.0)) for _ in range(60))
        soft = rng.choice((1.0, 2.5))
        floor = rng.choice((0.1, 0.3))
        for _ in range(3):
            levels = [(rng.random(), rng.uniform(-10, 10)) for _ in range(rng.choice((1, 3)))]
            first = _below_floor(utilities, levels, soft, floor)
            again = _below_floor(utilities, list(levels), soft, floor)  # remembered
            order = tuple(sorted(range(60), key=lambda p: -utilities[p]))
            assert first == again == _cut(tuple(sorted(utilities)), order, levels, soft, floor)
            for p in range(60):
                chance = sum(b / (1.0 + math.exp(-(utilities[p] - r) / soft)) for b, r in levels)
                if chance >= floor:
                    assert p in first


def test_ratification_odds_is_the_logistic_formula_to_the_last_bit():
    rng = random.Random(5)
    for _ in range(2000):
        u = rng.uniform(-30, 30)
        pairs = tuple((rng.random(), rng.uniform(-30, 30)) for _ in range(rng.choice((1, 2, 3))))
        soft, below = rng.choice((1.0, 2.5)), rng.choice((None, 0.7))
        steep = soft if below is None else below
        expected = sum(p * logistic(u - r, soft if u >= r else steep) for p, r in pairs)
        assert ratification_odds(u, pairs, soft, below) == expected
        assert ratification_odds(u, list(pairs), soft, below) == expected
    assert ratification_odds(0.0, ((1.0, 1e6),), 1.0, None) == 0.0


def test_decayed_meters_are_the_decayed_states_meters():
    game = Game(load_rules("tokyo_2018"))
    s = game.new_initial_state()
    meters = tuple(m.hi for m in game.rules.meters)
    _DECAYS.clear()
    fresh = decayed(game, s._replace(meters=meters), 3).meters
    assert decayed_meters(game, meters, 3) == fresh  # remembered
    _DECAYS.clear()
    assert decayed_meters(game, meters, 3) == fresh  # worked out again
