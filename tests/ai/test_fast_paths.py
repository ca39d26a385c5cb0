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


def test_compiled_arithmetic_and_min_max_equal_the_operators():
    from game.engine.expr import (
        _ARITH,
        Binary,
        Call,
        Const,
        MeterRef,
        UtilityOf,
        _linear,
        compile_expr,
    )

    class Env:
        def __init__(self, meters: tuple[int, ...]) -> None:
            self.meters = meters

    def hook(side: int, e: Env, p: object) -> float:
        return e.meters[0] * 0.37 - side / 3  # a utility: not linear in the meters' nodes

    rng = random.Random(5)
    inner = [
        Call("min", (MeterRef(0), Const(20))),
        Call("max", (Const(-3), MeterRef(1))),
        UtilityOf(1),
        Binary("-", MeterRef(0), Const(40)),
    ]
    outer = [*inner, Const(7), Const(-2.5), Const(0), Const(3)]
    checked = 0
    for left in outer:
        for right in outer:
            for op in ("+", "-", "*", "/"):
                node = Binary(op, left, right)
                if _linear(node) is not None:
                    continue  # folded into one linear form (its own rounding), as before
                fn = compile_expr(node, utility=hook)
                a, b = compile_expr(left, utility=hook), compile_expr(right, utility=hook)
                for _ in range(5):
                    e = Env((rng.randint(-60, 120), rng.randint(-60, 120)))
                    want = _ARITH[op](a(e, None), b(e, None))
                    got = fn(e, None)
                    assert got == want and type(got) is type(want), (node, e.meters)
                    checked += 1
    for fn_name in ("min", "max"):
        for x in inner:
            for y in outer:
                fn = compile_expr(Call(fn_name, (x, y)), utility=hook)
                a, b = compile_expr(x, utility=hook), compile_expr(y, utility=hook)
                e = Env((rng.randint(-60, 120), rng.randint(-60, 120)))
                pick = min if fn_name == "min" else max
                assert fn(e, None) == pick(f(e, None) for f in (a, b))
    assert checked > 300


def test_at_least_keeps_exactly_the_packages_not_below_the_mark():
    from game.ai.deal_prospects import at_least

    rng = random.Random(11)
    for _ in range(200):
        n = rng.randint(1, 40)
        utilities = tuple(round(rng.uniform(-10.0, 10.0), rng.choice((0, 1))) for _ in range(n))
        if rng.random() < 0.05:
            utilities = (*utilities[:-1], math.nan)
        low = rng.choice((*utilities, rng.uniform(-12.0, 12.0)))
        kept = at_least(utilities, low)
        want = {p for p in range(n) if not utilities[p] < low}
        if any(u != u for u in utilities):
            assert set(kept) == set(range(n))  # NaN: every package, checked one by one
        else:
            assert set(kept) == want and len(kept) == len(want)


def test_cached_utilities_and_endings_equal_fresh_ones():
    from game.engine.values import _value

    for name in ("tokyo_2018", "track_1956"):
        game = Game(load_rules(name))
        m = game._m
        states = decision_states(game, [make_bot("normal"), make_bot("greedy")], 3)
        rules = game.rules
        for s in states:
            for side in range(len(rules.sides)):
                weights, terms = m.values.utility_fns[side]
                for p in (0, len(rules.packages) // 2, len(rules.packages) - 1):
                    pkg = rules.packages[p]
                    assert m.values.utility(side, s, pkg) == _value(weights, terms, s, pkg)
            for deal in (False, True):
                for deadline in (False, True):
                    got = m.pick_ending(s, deal, deadline)
                    assert got == m._pick_ending(s, deal, deadline)
