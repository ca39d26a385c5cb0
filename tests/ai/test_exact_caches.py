"""The speed-ups of hard's search change no number: remembered results equal fresh ones."""

from __future__ import annotations

import math
import random

from game.ai.deal_prospects import _DECAYS, decayed, decayed_meters
from game.ai.negotiator import NegotiatorBot, _below_floor, _cut
from game.engine import PH_ACT, Game, ratification_odds
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


def test_a_deal_and_a_failed_vote_are_remembered_with_the_home_fronts_refusals():
    """The shipped rules make a refused package fail at once and the backlash grow with each
    refusal, so a warm bot's remembered deal and failure equal a fresh bot's on a state that
    differs only in its refusals."""
    game = Game(load_rules("tokyo_2018"))
    assert game.rules.retry_fails and game.rules.backlash_grows
    s = game.new_initial_state()
    while s.phase != PH_ACT:
        s = game.apply(s, game.chance_outcomes(s)[0][0])
    side = s.actor
    u = game.utilities(s, side)
    pkg = max(range(len(u)), key=lambda p: (u[p], -p))  # refused, every package fails at once
    refused = list(s.refused)
    refused[side] = pkg
    counts = list(s.refusals)
    counts[side] = 3
    later = s._replace(refused=tuple(refused), refusals=tuple(counts))
    warm = NegotiatorBot()
    warm._bind(game)
    assert warm._deal(game, s, pkg) is not None
    fresh = NegotiatorBot()
    fresh._bind(game)
    assert fresh._deal(game, later, pkg) is None
    assert warm._deal(game, later, pkg) is None
    fails = 0 if side == 0 else 1  # this side's home front turns it down
    warm._failure(game, s, pkg, fails, side)
    expected = fresh._failure(game, later, pkg, fails, side)
    assert expected != NegotiatorBot()._failure(game, s, pkg, fails, side)
    assert warm._failure(game, later, pkg, fails, side) == expected


def _decayed_by_the_turn(game: Game, meters: tuple[int, ...], turns: int) -> tuple[int, ...]:
    """The meters decayed turn by turn as the engine decays them (R3.1), for reference."""
    out = list(meters)
    for i, m in enumerate(game.rules.meters):
        if m.decay_rate <= 0.0:
            continue
        v = out[i]
        for _ in range(turns):
            if v == m.decay_toward:
                break
            step = max(1, round(abs(m.decay_toward - v) * m.decay_rate))
            v = (
                min(m.decay_toward, v + step)
                if v < m.decay_toward
                else max(m.decay_toward, v - step)
            )
        out[i] = v
    return tuple(out)


def test_the_decay_tables_and_the_projection_equal_the_turn_by_turn_decay():
    game = Game(load_rules("tokyo_2018"))
    meters_info = game.rules.meters
    rng = random.Random(7)
    bot = NegotiatorBot()
    bot._bind(game)
    start = game.new_initial_state()
    for _ in range(300):
        meters = tuple(rng.randint(m.lo, m.hi) for m in meters_info)
        anchor = tuple(rng.randint(m.lo, m.hi) for m in meters_info)
        turns = rng.randint(0, game.rules.num_turns)
        _DECAYS.clear()
        assert decayed_meters(game, meters, turns) == _decayed_by_the_turn(game, meters, turns)
        # the negotiator's projection: the anchor plus each meter's decayed change, clamped
        state = start._replace(meters=meters, turn=rng.randint(1, game.rules.num_turns - 1))
        ahead = min(bot.turns_ahead(game), game.rules.num_turns - state.turn)
        moved = _decayed_by_the_turn(game, meters, ahead)
        rest = _decayed_by_the_turn(game, anchor, ahead)
        expected = tuple(
            min(m.hi, max(m.lo, a + x - r))
            for m, a, x, r in zip(meters_info, anchor, moved, rest, strict=True)
        )
        projected = bot.projected(game, state, anchor)
        assert projected == game.no_deal_returns(state._replace(meters=expected))


def test_a_remembered_observation_and_belief_equal_fresh_ones():
    from game.ai import make_bot
    from game.engine import belief
    from game.sim.botbench import decision_states

    rules = load_rules("eef_2018")
    warm = Game(rules)
    states = decision_states(warm, [make_bot("normal"), make_bot("normal")], 3)
    for s in states:  # every observation of the game remembered first
        for side in (0, 1):
            warm.observe(s, side)
    for s in states:
        fresh = Game(rules)
        for side in (0, 1):
            assert warm.observe(s, side) == fresh.observe(s, side)
            prior = tuple(lv.p for lv in rules.sides[1 - side].flex_levels)
            signals = s.signals[side]
            assert belief(prior, signals) == belief(list(prior), signals)  # type: ignore[arg-type]
