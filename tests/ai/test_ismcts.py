"""The `hard` bot's search: its model of the other side and its verification playouts."""

from __future__ import annotations

import gc
import random
from typing import Any

import pytest

from game.ai import make_bot
from game.ai.beliefs import offer_belief
from game.ai.deal_prospects import A_ACCEPT, A_REJECT, DecisionView
from game.ai.ismcts import IsmctsBot, ModelNegotiator, PlayoutNegotiator, _Memo, _Node
from game.ai.negotiator import NegotiatorBot
from game.engine import PH_ACT, PH_ANSWER, Game, State
from game.scenario import load_rules
from game.sim.botbench import decision_states


def _states(game: Game, seed: int) -> list:
    """Decision states of a seeded game of `normal` against `random` (varied positions)."""
    bots = [make_bot("normal"), make_bot("random")][:: 1 if seed % 2 else -1]
    return decision_states(game, bots, seed)


def test_the_tree_models_the_other_side_by_the_negotiators_rule_exactly():
    game = Game(load_rules("tokyo_2018"))
    states = _states(game, 1) + _states(game, 2)
    model = ModelNegotiator()
    rule = NegotiatorBot(iters=0)
    for s in states:
        assert model.choose(game, s, s.actor, random.Random(0)) == rule.choose(
            game, s, s.actor, random.Random(0)
        )


def test_verified_search_is_legal_and_replays_exactly():
    game = Game(load_rules("tokyo_2018"))
    states = _states(game, 3)[::9]
    for s in states:
        a = IsmctsBot(iters=60, c=0.1, edge=0.0, verify=2).choose(
            game, s, s.actor, random.Random(5)
        )
        b = IsmctsBot(iters=60, c=0.1, edge=0.0, verify=2).choose(
            game, s, s.actor, random.Random(5)
        )
        assert a == b
        assert a in game.legal_actions(s)


def test_the_playouts_remembered_choices_are_the_negotiators():
    """The playouts' cache is pure: a warm PlayoutNegotiator (states seen before, the same
    states with either side's hidden level changed) chooses as a fresh negotiator."""
    game = Game(load_rules("tokyo_2018"))
    states = _states(game, 5)[::3]
    warm = PlayoutNegotiator()
    for s in states:
        warm.choose(game, s, s.actor, random.Random(0))
    for s in states:
        variants = [s]
        for side in (1 - s.actor, s.actor):  # the other side's level, then its own
            hidden = list(s.hidden)
            hidden[side] = (hidden[side] + 1) % len(game.rules.sides[side].flex_levels)
            variants.append(s._replace(hidden=tuple(hidden)))
        for t in variants:
            expected = NegotiatorBot().choose(game, t, t.actor, random.Random(0))
            assert warm.choose(game, t, t.actor, random.Random(0)) == expected


def test_tail_playouts_are_legal_and_replay_exactly():
    game = Game(load_rules("nagato_2016"))
    for s in _states(game, 4)[::11]:
        a, b = (
            IsmctsBot(iters=40, c=0.1, edge=0.0, verify=4, tail=1).choose(
                game, s, s.actor, random.Random(9)
            )
            for _ in range(2)
        )
        assert a == b
        assert a in game.legal_actions(s)


def test_leaf_one_values_the_trees_leaves_by_the_negotiators_move_valuation():
    """With `leaf=1` a leaf's value for the searching side is `move_value` (what `normal` ranks
    its moves by); with `leaf=0` the tree never asks for it."""
    game = Game(load_rules("tokyo_2018"))
    s = next(x for x in _states(game, 3) if x.phase == PH_ACT and len(game.legal_actions(x)) > 2)
    me = s.actor
    for leaf in (0, 1):
        bot = IsmctsBot(iters=1, c=0.1, leaf=leaf)
        seen: list[float] = []
        real = bot.move_value

        def spy(g: Game, st: State, view: DecisionView, real=real, seen=seen) -> float:
            v = real(g, st, view)
            seen.append(v)
            return v

        bot.move_value = spy  # type: ignore[method-assign]
        view = bot.view(game, s, me, game.observe(s, me))
        tree: dict[int, _Node] = {}
        memo = _Memo(game, 1)
        memo.at[0] = s  # the root (path 0) of the one determinization (level 0)
        rng = random.Random(1)
        prior = game.legal_actions(s)[0]
        for _ in range(2):  # the first opens the root, the second values a leaf below it
            bot._simulate(game, 0, me, view, (), prior, tree, 1.0, rng, memo)
        ((n, total),) = [st for st in tree[0].stats.values() if st[0]]
        assert n == 1
        if leaf:
            assert seen and total == seen[-1]
        else:
            assert not seen


def test_keep_leaves_the_negotiators_moves_unsearched():
    """With `keep=1` a move the negotiator makes stands without a search; with `keep=2` only
    one that sets a flag or a status (a lasting step) does; its other choices are searched."""
    game = Game(load_rules("tokyo_2018"))
    seen = {1: [0, 0], 2: [0, 0]}
    for s in _states(game, 3)[::2]:
        if s.phase != PH_ACT:
            continue
        rule = NegotiatorBot().choose(game, s, s.actor, random.Random(0))
        after = game.apply(s, rule)
        lasting = after.flags != s.flags or after.statuses != s.statuses
        for keep in (1, 2):
            bot = IsmctsBot(iters=20, c=0.1, edge=0.0, verify=2, keep=keep)
            a = bot.choose(game, s, s.actor, random.Random(0))
            stands = game.move_of(rule) >= 0 and (keep == 1 or lasting)
            if stands:
                assert (a, bot.sims) == (rule, 0)
            seen[keep][stands] += bot.sims > 0
            seen[keep][1] += stands
    assert all(searched and kept for searched, kept in seen.values())


def test_stakes_buy_more_playouts_where_the_offer_may_be_accepted():
    """`stakes` sets the playouts of a rival that accepts the offer (or of any rival when the
    negotiator accepts); other rivals keep `verify`."""
    game = Game(load_rules("tokyo_2018"))
    s = next(x for x in _states(game, 5) if x.phase == PH_ANSWER)
    belief = offer_belief(game, s, s.actor, game.observe(s, s.actor).belief)
    for prior, rival, stakes, most in (
        (A_REJECT, A_ACCEPT, 0, 4),
        (A_REJECT, A_ACCEPT, 8, 16),
        (A_ACCEPT, A_REJECT, 8, 16),
    ):
        root = _Node((prior, rival))
        root.visits, root.sums = [10, 10], [0.0, 1e6]
        bot = IsmctsBot(iters=10, c=0.1, edge=0.0, verify=2, stakes=stakes)
        real = bot._playout
        n = [0]

        def counted(*args: Any, real: Any = real, n: list[int] = n) -> float:
            n[0] += 1
            return float(real(*args))

        bot._playout = counted  # type: ignore[method-assign]
        bot._verified(game, s, s.actor, belief, root, prior, random.Random(2))
        # half the playouts (paired: the choice's and the rival's) always, all at most
        assert max(2, stakes) <= n[0] <= most


def test_sound_search_tables_only_packages_the_negotiator_prices_above_no_deal():
    """With `sound=1` a package rival (a table or a counter) is verified only when the
    negotiator's `table_ev` puts it above no deal; other packages are never played out."""
    game = Game(load_rules("track_1956"))  # where normal tables: packages of both kinds
    seen = [0, 0]
    for s in [x for x in _states(game, 9) + _states(game, 10) if x.phase == PH_ANSWER]:
        obs = game.observe(s, s.actor)
        belief = offer_belief(game, s, s.actor, obs.belief)
        bot = IsmctsBot(iters=10, c=0.1, edge=0.0, verify=2, sound=1)
        view = bot.view(game, s, s.actor, obs)
        priced = {
            p: bot.table_ev(game, s, view, belief, p, po) > view.nd + bot.table_gain
            for _, _, po, p in bot.scan(game, s, s.actor, obs, belief)
        }
        for pkg in bot._candidates(game, s, s.actor, obs, belief):
            a = game.package_action(pkg)
            sound = pkg in bot._sound_packages(game, s, s.actor, belief)
            assert sound == priced.get(pkg, False)
            seen[sound] += 1
            if sound:
                continue
            root = _Node((A_REJECT, a))
            root.visits, root.sums = [10, 10], [0.0, 1e6]
            for flag, played in ((1, False), (0, True)):
                b = IsmctsBot(iters=10, c=0.1, edge=0.0, verify=2, sound=flag)
                n = [0]
                real = b._playout

                def counted(*args: Any, real: Any = real, n: list[int] = n) -> float:
                    n[0] += 1
                    return float(real(*args))

                b._playout = counted  # type: ignore[method-assign]
                got = b._verified(game, s, s.actor, belief, root, A_REJECT, random.Random(2))
                assert (n[0] > 0) == played
                if not played:
                    assert got == A_REJECT
    assert seen[0] and seen[1]


def test_a_decision_pauses_the_cycle_collector_and_restores_it():
    """The search pauses Python's cycle collector (a speed-up: nothing it collects) and leaves
    it as it found it, on or off, whatever the decision."""
    game = Game(load_rules("tokyo_2018"))
    s = _states(game, 3)[4]
    seen: list[bool] = []
    bot = IsmctsBot(iters=20)
    simulate = bot._simulate

    def spy(*args: Any) -> None:
        seen.append(gc.isenabled())
        simulate(*args)

    bot._simulate = spy  # type: ignore[method-assign]
    assert gc.isenabled()
    bot.choose(game, s, s.actor, random.Random(0))
    assert gc.isenabled() and seen and not any(seen)
    gc.disable()
    try:
        bot.choose(game, s, s.actor, random.Random(0))
        assert not gc.isenabled()
    finally:
        gc.enable()
    gc.freeze()  # what the process froze itself stays frozen
    try:
        bot.choose(game, s, s.actor, random.Random(0))
        assert gc.get_freeze_count() > 0 and gc.isenabled()
    finally:
        gc.unfreeze()
    bot.choose(game, s, s.actor, random.Random(0))
    assert gc.get_freeze_count() == 0


def test_replan_zero_playouts_follow_their_plans_and_replay_exactly():
    """With `replan=0` a playout's negotiator makes the later moves of the plan it made at its
    part's first decision instead of planning again at each: fewer plans, the same replay."""
    game = Game(load_rules("nagato_2016"))
    states = [s for s in _states(game, 4) if s.phase == PH_ACT][:12]
    plans = {}
    for replan in (1, 0):
        made = 0
        for s in states:
            values = []
            for _ in range(2):  # fresh bots: the playout is a function of the state and seed
                bot = IsmctsBot(iters=1, verify=1, tail=2, replan=replan)
                counts = [0]
                for neg in (bot._mine, bot._theirs):
                    real = neg._plan

                    def spy(*args: Any, real: Any = real, counts: list[int] = counts) -> int:
                        counts[0] += 1
                        return int(real(*args))

                    neg._plan = spy  # type: ignore[method-assign]
                values.append(bot._playout(game, s, s.actor, 7))
                made += counts[0]
            assert values[0] == values[1]
        plans[replan] = made
    assert 0 < plans[0] < plans[1]


def test_replan_zero_search_is_pure():
    """A warm `replan=0` search (its playouts' caches filled by earlier decisions) decides as
    a fresh one: the plans it follows travel with the remembered choices."""
    game = Game(load_rules("tokyo_2018"))
    states = _states(game, 3)[::7]
    spec = {"iters": 40, "c": 0.1, "edge": 0.0, "verify": 4, "tail": 2, "replan": 0}
    warm = IsmctsBot(**spec)  # type: ignore[arg-type]
    for s in states:
        warm.choose(game, s, s.actor, random.Random(3))
    for s in states:
        fresh = IsmctsBot(**spec)  # type: ignore[arg-type]
        a = fresh.choose(game, s, s.actor, random.Random(3))
        assert a in game.legal_actions(s)
        assert warm.choose(game, s, s.actor, random.Random(3)) == a


def test_replan_takes_zero_or_one():
    with pytest.raises(ValueError, match="replan=2 must be 0 or 1"):
        make_bot("hard:replan=2")
