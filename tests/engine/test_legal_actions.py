"""Legal actions: the memoised, range-based answer equals a cold one, and `ActionList` behaves
as the tuple of its items."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from game.engine import PH_CHANCE, PH_TERMINAL, Game
from game.engine.legal import ActionList
from game.match import sample_chance
from game.scenario import load_rules
from tests.engine.handmade import handmade_rules


@given(
    head=st.lists(st.integers(0, 9), unique=True).map(lambda xs: tuple(sorted(xs))),
    n=st.integers(0, 30),
    skip=st.integers(-1, 45),
)
def test_action_list_is_the_tuple_of_its_items(head, n, skip):
    lo, hi = 10, 10 + n
    items = head + tuple(a for a in range(lo, hi) if a != skip)
    seq = ActionList(head, lo, hi, skip)
    assert tuple(seq) == items and seq == items and len(seq) == len(items)
    assert [seq[i] for i in range(len(items))] == list(items)
    if items:
        assert seq[-1] == items[-1] and seq[1:3] == items[1:3]
    for a in range(-1, 46):
        assert (a in seq) == (a in items)
    assert hash(seq) == hash(items)


def _states(game: Game, games: int, seed: int):
    rng = random.Random(seed)
    for _ in range(games):
        s = game.new_initial_state()
        while s.phase != PH_TERMINAL:
            yield s
            if s.phase == PH_CHANCE:
                a = sample_chance(game.chance_outcomes(s), rng.random())
            else:
                legal = game.legal_actions(s)
                a = legal[int(rng.random() * len(legal))]
            s = game.apply(s, a)


def test_warm_legal_actions_and_chance_outcomes_equal_cold_ones():
    for rules in (handmade_rules(4), load_rules("tokyo_2018")):
        warm = Game(rules)
        for i, s in enumerate(_states(warm, 12, 7)):
            legal = warm.legal_actions(s)
            if i % 11 == 0:  # a fresh Game: no memo, no reused chance outcomes
                cold = Game(rules)
                assert tuple(legal) == tuple(cold.legal_actions(s))
                if s.phase == PH_CHANCE:
                    assert warm.chance_outcomes(s) == cold.chance_outcomes(s)
