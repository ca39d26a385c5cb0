"""The engine's public queries for bots and front ends: what they answer, and that the ones
about a side's knowledge never read the other side's hidden draw."""

from __future__ import annotations

import math

import pytest

from game.engine import (
    A_ACCEPT,
    Game,
    Phase,
    Work,
    belief,
    ratification_odds,
    signal_likelihood,
)
from game.scenario import load_rules
from tests.engine.handmade import handmade_rules
from tests.engine.test_observation import STATES, play

GAME = Game(handmade_rules(4))


def start(a: str, b: str):
    """Turn 1's first decision, with these flexibility levels and no crisis."""
    s = GAME.new_initial_state()
    return play(s, f"chance flexibility.a={a}", f"chance flexibility.b={b}", "chance crisis=not")


def test_phase_and_pending_chance_name_the_draw():
    s = GAME.new_initial_state()
    assert GAME.phase(s) is Phase.CHANCE
    node = GAME.pending_chance(s)
    assert node is not None and node.kind is Work.FLEX
    assert (node.name, node.side, node.hidden_side) == ("flexibility.a", 0, 0)
    assert node.outcomes == ("hard", "mid", "soft")
    s = start("mid", "mid")
    assert GAME.phase(s) is Phase.ACT and GAME.pending_chance(s) is None
    s = play(s, "move spy")  # side a spies on b: a signal about b's level, for a
    node = GAME.pending_chance(s)
    assert node is not None and node.kind is Work.REVEAL
    assert (node.side, node.hidden_side, node.receiver, node.accuracy) == (1, 1, 0, 0.8)


def test_signal_likelihood_is_the_engines_signal_odds():
    s = start("mid", "soft")
    s = play(s, "move spy")
    assert GAME.chance_outcomes(s) == tuple(enumerate(signal_likelihood(3, 2, 0.8)))
    assert math.isclose(sum(signal_likelihood(3, 0, 0.8)), 1.0)


@pytest.mark.parametrize("truth", ["hard", "mid", "soft"])
def test_believed_signal_odds_do_not_depend_on_the_truth(truth):
    s = start("mid", truth)
    s = play(s, "move spy")
    obs = GAME.observe(s, 0)
    odds = GAME.believed_chance_outcomes(s, obs)
    prior = obs.belief
    expected = [
        sum(prior[lv] * signal_likelihood(3, lv, 0.8)[j] for lv in range(3)) for j in range(3)
    ]
    assert [p for _, p in odds] == pytest.approx(expected)
    # the receiver's own view and the truth's odds differ: the belief is not the truth
    assert odds != GAME.chance_outcomes(s)


def test_ratify_odds_under_a_certain_belief_is_the_referees_probability():
    for s in STATES[:60]:
        if s.phase == Phase.CHANCE:
            continue
        for side in (0, 1):
            known = tuple(1.0 if i == s.hidden[side] else 0.0 for i in range(3))
            for p in range(len(GAME.rules.packages)):
                assert GAME.ratify_odds(s, side, p, known) == pytest.approx(
                    GAME.ratify_probability(s, side, p)
                )


def test_ratify_odds_averages_over_the_belief_and_ignores_the_hidden_draw():
    s = next(x for x in STATES if x.phase == Phase.ACT)
    b = belief((0.3, 0.4, 0.3), ())
    u = GAME.utility(s, 1, 3)
    base = GAME.base_reservation(s, 1)
    res = [(p, base - lv.value) for p, lv in zip(b, GAME.rules.sides[1].flex_levels, strict=True)]
    assert GAME.ratify_odds(s, 1, 3, b) == pytest.approx(ratification_odds(u, res, 4.0, None))
    other_truth = s._replace(hidden=(s.hidden[0], (s.hidden[1] + 1) % 3))
    assert GAME.ratify_odds(other_truth, 1, 3, b) == GAME.ratify_odds(s, 1, 3, b)


def test_levels_belief_is_certain_of_the_own_level_only():
    s = next(x for x in STATES if x.phase == Phase.ACT)
    obs = GAME.observe(s, 0)
    own = GAME.levels_belief(obs, 0)
    assert own[s.hidden[0]] == 1.0 and sum(own) == 1.0
    assert GAME.levels_belief(obs, 1) == obs.belief


def test_deal_outcome_and_settle_play_the_vote_out():
    s = start("soft", "soft")
    give = GAME.package_index((1, 1))
    deal = GAME.deal_outcome(s, give)
    assert deal is not None
    assert GAME.rules.endings[deal.ending].id == "land_deal"
    assert deal.returns == GAME.returns(deal.state)
    refused = GAME.settle(s, give, refused_by=0)
    assert GAME.phase(refused) is not Phase.TERMINAL and refused.table == -1
    # the estimate is the ending's score expression before the deal's effects
    assert GAME.ending_score(s, deal.ending, 0, give) == 30.0
    # the same as tabling, accepting and ratifying by hand
    by_hand = GAME.apply(GAME.apply(s, GAME.package_action(give)), A_ACCEPT)
    while GAME.phase(by_hand) is Phase.CHANCE:
        by_hand = GAME.apply(by_hand, 0)
    assert by_hand == deal.state


def test_status_quo_and_counter_used():
    assert GAME.rules.packages[GAME.status_quo] == (0, 0)
    s = start("mid", "mid")
    s = play(s, "table land=give money=lots")
    assert not GAME.counter_used(s)
    s = play(s, "counter land=keep money=lots")
    assert GAME.counter_used(s)


def test_cache_keys_tell_worlds_apart():
    s = next(x for x in STATES if x.phase == Phase.ACT)
    other = s._replace(meters=(s.meters[0] + 1, *s.meters[1:]))
    assert GAME.utility_key(s, 0) == GAME.utility_key(s, 0)
    assert GAME.ending_key(s) == GAME.ending_key(other)  # endings' flags and statuses only
    if GAME.utilities(s, 0) != GAME.utilities(other, 0):
        assert GAME.utility_key(s, 0) != GAME.utility_key(other, 0)


@pytest.mark.parametrize("scenario", ["tokyo_2018", "track_1956"])
def test_scored_meters_are_the_meters_some_score_reads(scenario: str):
    """A side is scored on a meter exactly when setting that meter alone moves one of its
    endings' scores (at the first decision, for the status quo package)."""
    game = Game(load_rules(scenario))
    s = game.new_initial_state()
    while game.is_chance_node(s):  # the first outcome of each draw, to the first decision
        s = game.apply(s, game.chance_outcomes(s)[0][0])
    endings = range(len(game.rules.endings))
    sq = game.status_quo
    for side in (0, 1):
        scored = set(game.scored_meters(side))
        base = [game.ending_score(s, e, side, sq) for e in endings]
        assert scored, "every side is scored on something"
        for i, m in enumerate(game.rules.meters):
            moved = False
            for v in (m.lo, (m.lo + m.hi) // 2, m.hi):
                meters = (*s.meters[:i], v, *s.meters[i + 1 :])
                t = s._replace(meters=meters)
                moved |= [game.ending_score(t, e, side, sq) for e in endings] != base
            assert moved == (i in scored), (side, m.id)
