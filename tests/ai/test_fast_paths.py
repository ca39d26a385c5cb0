"""The bots' speed-ups are exact: the scan's cut of packages the other side surely would not
ratify, and the caches of the no-deal scores, the decay and the valuation's worlds (a warm bot
decides like a fresh one)."""

from __future__ import annotations

import math
import random

from game.ai import make_bot
from game.ai.deal_prospects import _decay, decayed
from game.ai.negotiator import _below_floor
from game.engine import Game
from game.scenario import load_rules
from game.sim.botbench import decision_states


def _chance(u: float, levels: list[tuple[float, float]], soft: float) -> float:
    """The scan's chance that the other side ratifies a package worth `u` to it (as written in
    `NegotiatorBot.scan`)."""
    return sum(b / (1.0 + math.exp(-(u - r) / soft)) for b, r in levels)


def test_the_scan_cuts_only_packages_surely_below_the_floor():
    rng = random.Random(3)
    cut_some = 0
    for _ in range(200):
        n = rng.randint(1, 60)
        utilities = tuple(round(rng.uniform(-10.0, 10.0), rng.choice((0, 1, 3))) for _ in range(n))
        weights = [rng.random() for _ in range(rng.randint(1, 4))]
        levels = [(w / sum(weights), rng.uniform(-6.0, 6.0)) for w in weights]
        soft, floor = rng.choice((0.5, 1.0, 2.0)), rng.choice((0.0, 0.1, 0.3))
        kept = _below_floor(utilities, levels, soft, floor)
        assert list(kept) == sorted(kept, key=lambda p: -utilities[p])  # by falling utility
        assert len(set(kept)) == len(kept)
        for p in range(n):
            po = _chance(utilities[p], levels, soft)
            if po >= floor:
                assert p in kept
            elif p in kept:
                assert utilities[p] >= min(utilities[q] for q in kept)
        cut_some += len(kept) < n
    assert cut_some > 50  # the cut does cut


def test_cached_no_deal_scores_and_decay_equal_fresh_ones():
    rules = load_rules("tokyo_2018")
    warm, fresh_rules = Game(rules), load_rules("tokyo_2018")
    states = decision_states(warm, [make_bot("normal"), make_bot("normal")], 4)
    for s in states:
        warm.no_deal_returns(s)
    for s in states[::3]:
        assert warm.no_deal_returns(s) == Game(fresh_rules).no_deal_returns(s)
        for turns in (0, 1, 4, 11):
            assert decayed(warm, s, turns).meters == _decay(warm, s.meters, turns)


def test_a_warm_bot_decides_like_a_fresh_one():
    game = Game(load_rules("eef_2018"))
    states = decision_states(game, [make_bot("normal"), make_bot("greedy")], 5)
    assert len(states) > 10
    for spec in ("normal", "greedy"):
        warm = make_bot(spec)
        for i, s in enumerate(states):
            a = warm.choose(game, s, s.actor, random.Random(i))
            assert a == make_bot(spec).choose(game, s, s.actor, random.Random(i)), (spec, i)
