"""No leaks through `observe` (R7.2): a side sees its own limit, of the other's only a belief."""

from __future__ import annotations

import math
import random

import pytest

from game.engine import PH_CHANCE, PH_TERMINAL, Game, belief
from game.match import sample_chance
from tests.engine.handmade import handmade_rules

GAME = Game(handmade_rules(4))


def play(state, *texts):
    for text in texts:
        state = GAME.apply(state, GAME.parse_action(state, text))
    return state


def random_states(n_games: int, seed: int):
    rng = random.Random(seed)
    for _ in range(n_games):
        s = GAME.new_initial_state()
        while s.phase != PH_TERMINAL:
            yield s
            legal = GAME.legal_actions(s)
            if s.phase == PH_CHANCE:
                a = sample_chance(GAME.chance_outcomes(s), rng.random())
            else:
                a = legal[int(rng.random() * len(legal))]
            s = GAME.apply(s, a)


STATES = [s for s in random_states(40, 3) if min(s.hidden) >= 0]


def test_there_are_states_with_signals():
    assert any(s.signals[0] for s in STATES) and any(s.signals[1] for s in STATES)


@pytest.mark.parametrize("player", [0, 1])
def test_other_sides_hidden_draw_does_not_show(player):
    other = 1 - player
    n_levels = len(GAME.rules.sides[other].flex_levels)
    for s in STATES:
        seen = GAME.observe(s, player)
        for level in range(n_levels):
            hidden = list(s.hidden)
            hidden[other] = level
            variant = s._replace(hidden=tuple(hidden))
            assert GAME.observe(variant, player) == seen


@pytest.mark.parametrize("player", [0, 1])
def test_signals_the_other_received_do_not_show(player):
    other = 1 - player
    for s in STATES:
        seen = GAME.observe(s, player)
        for extra in ((), ((0, 0.9),), ((2, 0.6), (1, 0.8))):
            signals = list(s.signals)
            signals[other] = extra
            assert GAME.observe(s._replace(signals=tuple(signals)), player) == seen


@pytest.mark.parametrize("player", [0, 1])
def test_own_hidden_draw_does_show(player):
    """The check above is not vacuous: a side's own draw changes its own view."""
    s = next(s for s in STATES if s.phase != PH_CHANCE)
    hidden = list(s.hidden)
    hidden[player] = (hidden[player] + 1) % 3
    variant = s._replace(hidden=tuple(hidden))
    assert GAME.observe(variant, player) != GAME.observe(s, player)
    assert GAME.observe(variant, player).own_reservation == GAME.reservation(variant, player)


def test_observation_has_own_true_reservation():
    for s in STATES[:200]:
        for player in (0, 1):
            obs = GAME.observe(s, player)
            assert obs.own_level == s.hidden[player]
            assert obs.own_reservation == GAME.reservation(s, player)
            assert obs.signals == s.signals[player]


def test_estimate_range_covers_true_reservation():
    for s in STATES:
        for player in (0, 1):
            obs = GAME.observe(s, player)
            true = GAME.reservation(s, 1 - player)
            assert obs.low - 1e-9 <= true <= obs.high + 1e-9
            assert obs.low - 1e-9 <= obs.estimate <= obs.high + 1e-9
            assert obs.spread >= 0.0
            assert math.isclose(sum(obs.belief), 1.0)


@pytest.mark.parametrize("level", [0, 1, 2])
def test_belief_moves_toward_the_signalled_level(level):
    prior = (0.3, 0.4, 0.3)
    post = belief(prior, ((level, 0.8),))
    assert post[level] > prior[level]
    for j in range(3):
        if j != level:
            assert post[j] < prior[j]
    twice = belief(prior, ((level, 0.8), (level, 0.8)))
    assert twice[level] > post[level]
    assert belief(prior, ((level, 1.0 / 3.0),)) == pytest.approx(prior)


def test_spy_signal_updates_the_spys_estimate():
    """Through the engine: side a spies on b and hears 'soft'; its estimate of b's level drops."""
    s = play(GAME.new_initial_state(), "chance flexibility.a=mid", "chance flexibility.b=mid")
    s = play(s, "chance crisis=not")
    before = GAME.observe(s, 0)
    s = play(s, "move spy", "chance signal.b=soft")
    after = GAME.observe(s, 0)
    assert after.signals == ((2, 0.8),)
    assert after.belief[2] > before.belief[2]
    assert after.estimate < before.estimate  # soft = +3 flexibility = a lower reservation level
    assert GAME.observe(s, 1) == GAME.observe(s._replace(signals=(s.signals[0], ())), 1)
