"""Keyed draws: a draw depends on the seed and what it is for, never on what came before it."""

from __future__ import annotations

import random

import pytest

from game.engine import CHANCE, Game
from game.match import KeyedDraws, Session, make_bot
from game.match.draws import ChanceKey, KeyedRandom, bot_seed, chance_uniform


def _draws_by_key(session: Session) -> dict[ChanceKey, tuple[tuple[tuple[int, float], ...], int]]:
    """Every chance draw of a session: its key -> (outcomes offered, outcome taken)."""
    game = session.game
    counts = KeyedDraws(game, session.seed)
    out = {}
    for state, action in zip(session.states, session.actions, strict=False):
        if game.is_chance_node(state):
            out[counts.chance_key(game, state)] = (game.chance_outcomes(state), action)
            counts.count(game, state)
    return out


def _play(game: Game, seed: int, first: str) -> Session:
    """Side a opens with `first` then passes; the rules bot plays b."""
    s = Session(game, seed, {1: make_bot("rules")})
    s.step_bots()
    s.submit(first)
    while not s.is_over():
        s.step_bots()
        if s.human_to_move():
            s.submit("reject" if "reject" in s.legal_texts() else "end")
    return s


@pytest.mark.parametrize("seed", [0, 4, 8])
def test_same_seed_same_draw_for_a_node_whatever_happened_before(game: Game, seed: int) -> None:
    quiet = _play(game, seed, "end")
    busy = _play(game, seed, "move gamble")  # a chancy move: one more draw early in turn 1
    a, b = _draws_by_key(quiet), _draws_by_key(busy)
    shared = [k for k in a if k in b and a[k][0] == b[k][0]]
    later = [k for k in shared if k.turn > 1]
    assert later, "the two lines share no draw after the change"
    for key in shared:
        assert a[key][1] == b[key][1], f"{key}: the same seed drew differently"
    # The histories really differ before those draws (so a counter-based stream would shift).
    assert sum(1 for x in quiet.actors if x == CHANCE) != sum(1 for x in busy.actors if x == CHANCE)


def test_chance_uniform_depends_on_every_part_of_the_key() -> None:
    base = ChanceKey("crisis", 2, 0)
    u = chance_uniform(5, base)
    assert 0.0 <= u < 1.0
    assert chance_uniform(5, base) == u
    others = [
        chance_uniform(6, base),
        chance_uniform(5, ChanceKey("summit", 2, 0)),
        chance_uniform(5, ChanceKey("crisis", 3, 0)),
        chance_uniform(5, ChanceKey("crisis", 2, 1)),
    ]
    assert u not in others and len(set(others)) == 4


def test_bot_generators_are_keyed_by_side_and_decision(game: Game) -> None:
    d = KeyedDraws(game, 4)
    first = d.bot_rng(0, 0).random()
    assert d.bot_rng(0, 0).random() == first  # fresh each time, same key
    assert d.bot_rng(1, 0).random() != first
    assert d.bot_rng(0, 1).random() == KeyedRandom(bot_seed(4, "a", 1)).random()
    assert bot_seed(4, "a", 0) != bot_seed(4, "a", 1) != bot_seed(5, "a", 0)
    s = Session(game, 4, {1: make_bot("random")})
    s.step_bots()
    assert s.decisions == [0, 0]
    s.submit("end")
    assert s.decisions[0] == 1


def test_chance_counts_and_peek_does_not(game: Game) -> None:
    d = KeyedDraws(game, 9)
    state = game.new_initial_state()
    key = d.chance_key(game, state)
    assert key.occurrence == 0 and d.peek(game, state) == d.peek(game, state)
    picked = d.chance(game, state)
    assert d.chance_key(game, state).occurrence == 1
    snap = d.snapshot()
    d.count(game, state)
    assert d.chance_key(game, state).occurrence == 2
    d.restore(snap)
    assert d.chance_key(game, state).occurrence == 1
    assert picked in dict(game.chance_outcomes(state))


def test_draw_uniforms_are_spread_evenly() -> None:
    n = 4000
    us = [chance_uniform(1, ChanceKey("crisis", t, k)) for t in range(40) for k in range(100)]
    assert len(us) == n
    counts = [0] * 10
    for u in us:
        counts[int(u * 10)] += 1
    assert all(abs(c - n / 10) < 6 * (n / 10 * 0.9) ** 0.5 for c in counts)


def test_keyed_random_is_a_reproducible_random_that_becomes_a_twister() -> None:
    a, b = KeyedRandom(99), KeyedRandom(99)
    xs = [a.random() for _ in range(40)]  # past the fast path: the Twister takes over
    assert xs == [b.random() for _ in range(40)]
    assert len(set(xs)) == 40 and all(0.0 <= x < 1.0 for x in xs)
    assert KeyedRandom(98).random() != xs[0]
    a.rekey(99)  # as new again
    assert [a.random() for _ in range(40)] == xs
    c = KeyedRandom(7)
    picks = [c.choice("abcdefgh") for _ in range(30)]
    assert picks[0] == KeyedRandom(7).choice("abcdefgh")
    assert set(picks) <= set("abcdefgh") and len(set(picks)) > 3
    state = c.getstate()
    d = KeyedRandom(1)
    d.setstate(state)
    assert [c.random() for _ in range(5)] == [d.random() for _ in range(5)]
    e, f = KeyedRandom(5), random.Random(123)
    e.seed(123)
    assert [e.random() for _ in range(5)] == [f.random() for _ in range(5)]
    assert 0 <= KeyedRandom(3).getrandbits(200) < 1 << 200  # wide: from the Twister
