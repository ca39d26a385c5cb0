"""Which draws a side may see comes from the engine's chance node (kind, side, receiver), and it
agrees with what the engine lets each side observe: a draw hidden from a side never changes that
side's observation, whatever its outcome; a private draw changes its owner's."""

from __future__ import annotations

import random

from game.engine import PH_TERMINAL, Game, Work
from game.match import chance_visible, sample_chance, step_visible
from game.match.visibility import is_private, seen_only_by
from game.scenario import load_rules

TOKYO = Game(load_rules("tokyo_2018"))


def chance_states(game, seed, limit=400):
    """The chance states of one game of uniformly random play."""
    rng = random.Random(seed)
    s, out = game.new_initial_state(), []
    while s.phase != PH_TERMINAL and len(out) < limit:
        if game.is_chance_node(s):
            out.append(s)
            a = sample_chance(game.chance_outcomes(s), rng.random())
        else:
            legal = game.legal_actions(s)
            a = legal[rng.randrange(len(legal))]
        s = game.apply(s, a)
    return out


def test_hidden_draws_never_change_what_the_hidden_from_side_observes():
    seen = {Work.FLEX: 0, Work.REVEAL: 0}
    public = 0
    for seed in range(12):
        for s in chance_states(TOKYO, seed):
            node = TOKYO.pending_chance(s)
            outcomes = [a for a, p in TOKYO.chance_outcomes(s) if p > 0]
            for v in (0, 1):
                views = {repr(TOKYO.observe(TOKYO.apply(s, a), v)) for a in outcomes}
                if not chance_visible(node, {v}):
                    assert len(views) == 1, (node.name, v)
                elif seen_only_by(node) == v and len(outcomes) > 1:
                    assert len(views) == len(outcomes), (node.name, v)  # its owner tells them apart
            if is_private(node):
                seen[node.kind] += 1
                assert chance_visible(node, None) and chance_visible(node, {0, 1})
            else:
                public += 1
                assert chance_visible(node, {0}) and chance_visible(node, {1})
    assert seen[Work.FLEX] and seen[Work.REVEAL] and public


def test_a_step_is_visible_by_the_node_of_the_state_before_it():
    states = chance_states(TOKYO, 3)
    flex = [s for s in states if TOKYO.pending_chance(s).kind == Work.FLEX]
    assert [TOKYO.pending_chance(s).side for s in flex] == [0, 1]
    assert step_visible(TOKYO, flex[0], {0}) and not step_visible(TOKYO, flex[0], {1})
    assert step_visible(TOKYO, flex[1], None)
    decision = TOKYO.apply(flex[-1], 0)
    while TOKYO.is_chance_node(decision):
        decision = TOKYO.apply(decision, TOKYO.chance_outcomes(decision)[0][0])
    assert step_visible(TOKYO, decision, {1})  # a side's decision is public
