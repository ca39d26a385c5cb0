"""The `hard` bot's search: its model of the other side and its verification playouts."""

from __future__ import annotations

import random

from game.ai import make_bot
from game.ai.ismcts import IsmctsBot, ModelNegotiator
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
