"""The `hard` bot's search: its model of the other side and its verification playouts."""

from __future__ import annotations

import random

from game.ai import make_bot
from game.ai.ismcts import IsmctsBot, ModelNegotiator, PlayoutNegotiator
from game.ai.negotiator import NegotiatorBot
from game.engine import Game
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
