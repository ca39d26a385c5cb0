"""`Game.settle` plays tabling, accepting and the votes in one scratch state: the same state as
applying them one by one, on every decision of a few seeded games of every shipped scenario."""

from __future__ import annotations

import random

from game.ai import make_bot
from game.engine import A_ACCEPT, PH_CHANCE, Game, State
from game.engine.work import W_RATIFY
from game.scenario import list_scenarios, load_rules
from game.sim.botbench import decision_states


def _by_hand(game: Game, state: State, package: int, refused_by: int) -> State:
    s = game.apply(state, game.package_action(package))
    s = game.apply(s, A_ACCEPT)
    while s.phase == PH_CHANCE and s.queue[0][0] == W_RATIFY:
        refuse = s.queue[0][1] == refused_by
        s = game.apply(s, 1 if refuse else 0)
        if refuse:
            break
    return s


def test_settle_is_the_step_by_step_vote():
    rng = random.Random(2)
    checked = 0
    for entry in list_scenarios():
        game = Game(load_rules(entry.path))
        bots = [make_bot("normal"), make_bot("random")]
        for s in decision_states(game, bots, 11)[::3]:
            for package in rng.sample(range(len(game.rules.packages)), 4):
                for refused_by in (-1, 0, 1):
                    settled = game.settle(s, package, refused_by)
                    assert settled == _by_hand(game, s, package, refused_by)
                    if settled.phase == PH_CHANCE:  # its draw's odds, as `apply` leaves them
                        fresh = Game(game.rules)
                        assert game.chance_outcomes(settled) == fresh.chance_outcomes(settled)
                    checked += 1
    assert checked > 300
