"""The one runner: whole games, one step at a time, players from outside, pluggable draws."""

from __future__ import annotations

import random

import pytest

from game.ai import RandomBot, make_bot
from game.engine import CHANCE, Change, Game, State
from game.match import Asked, NeedsInputError, Runner, Session, play_game
from game.match.runner import IllegalChoiceError, SeededStreams, sample_chance


def _bots(spec: str = "random") -> list:
    return [make_bot(spec), make_bot(spec)]


def whole_steps(game: Game, seed: int) -> int:
    r = Runner(game, seed, _bots("rules"))
    r.play()
    return r.steps


def test_stepping_one_at_a_time_equals_playing_through(game: Game) -> None:
    for seed in range(8):
        whole = Runner(game, seed, _bots("rules")).play()
        stepped = Runner(game, seed, _bots("rules"))
        while not stepped.is_over():
            stepped.step()
        assert stepped.state == whole
        assert stepped.steps == whole_steps(game, seed)


def test_the_hook_path_and_the_fast_path_play_the_same_game(game: Game) -> None:
    seen: list[tuple[int, int]] = []

    def hook(before: State, action: int, actor: int, after: State, changes: object) -> None:
        assert changes is None  # no trace unless asked
        assert game.apply(before, action) == after
        seen.append((actor, action))

    for seed in range(5):
        seen.clear()
        fast = Runner(game, seed, _bots())
        slow = Runner(game, seed, _bots(), on_step=hook)
        assert fast.play() == slow.play()
        assert len(seen) == fast.steps == slow.steps
        assert fast.decisions == slow.decisions
        assert sum(fast.decisions) == sum(1 for actor, _ in seen if actor >= 0)


def test_trace_is_given_only_when_asked(game: Game) -> None:
    traces: list[list[Change]] = []
    Runner(
        game, 3, _bots(), trace=True, on_step=lambda b, a, p, s, ch: traces.append(ch or [])
    ).play()
    assert any(traces)


def test_a_side_without_a_player_is_asked_from_outside(game: Game) -> None:
    r = Runner(game, 4, [None, make_bot("random")])
    r.play()
    assert r.waiting_for() == 0
    with pytest.raises(NeedsInputError):
        r.step()
    decisions = r.decisions[0]
    r.submit(game.legal_actions(r.state)[0])
    assert r.decisions[0] == decisions + 1
    with pytest.raises(NeedsInputError):
        play_game(game, 4, [None, make_bot("random")])


def test_a_front_end_asked_for_its_decision_sees_each_state(game: Game) -> None:
    asked: list[State] = []

    def ask(g: Game, state: State, player: int) -> int:
        assert player == 0 and g is game
        asked.append(state)
        return g.legal_actions(state)[0]

    final = play_game(game, 2, [Asked(ask), RandomBot()])
    assert game.is_terminal(final)
    assert asked


def test_an_illegal_choice_is_caught_when_checking(game: Game) -> None:
    class Cheat:
        name = "cheat"

        def choose(self, game: Game, state: State, player: int, rng: random.Random) -> int:
            return 10_000

    r = Runner(game, 1, [Cheat(), Cheat()], check=True)
    with pytest.raises(IllegalChoiceError, match="cheat"):
        r.play()
    # the runner stands where the cheat was asked: the opening draws applied, nothing more
    assert r.steps > 0 and game.current_player(r.state) in (0, 1)
    assert r.decisions == [0, 0]


class KeyedDraws:
    """A keyed source as records will plug in: a generator per (side, decision)."""

    def __init__(self, game: Game, seed: int) -> None:
        self.seed = seed
        self.keys: list[tuple[int, int]] = []
        self.chances = 0

    def chance(self, game: Game, state: State) -> int:
        self.chances += 1
        rng = random.Random(f"{self.seed}:{game.chance_node(state)}:{state.turn}")
        return sample_chance(game.chance_outcomes(state), rng.random())

    def bot_rng(self, side: int, decision: int) -> random.Random:
        self.keys.append((side, decision))
        return random.Random(f"{self.seed}:{side}:{decision}")

    def snapshot(self) -> object:
        return None

    def restore(self, snap: object) -> None:
        pass


def test_draws_are_pluggable_and_bots_get_their_decision_index(game: Game) -> None:
    r = Runner(game, 9, _bots(), draws=KeyedDraws)
    r.play()
    draws = r.draws
    assert isinstance(draws, KeyedDraws)
    assert draws.chances > 0
    for side in (0, 1):
        mine = [d for s, d in draws.keys if s == side]
        assert mine == list(range(r.decisions[side]))
    again = Runner(game, 9, _bots(), draws=KeyedDraws(game, 9)).play()
    assert again == r.state


def test_session_plays_the_runners_game(game: Game) -> None:
    for seed in range(4):
        s = Session(game, seed, {0: make_bot("random"), 1: make_bot("random")})
        s.step_bots()
        assert s.state == play_game(game, seed, _bots())
        assert s.actors.count(CHANCE) + sum(s.runner.decisions) == len(s.actions)


def test_default_draws_are_the_named_streams(game: Game) -> None:
    d = SeededStreams(game, 5)
    assert d.bot_rng(0, 0) is d.bot_rng(0, 7) is d.streams["ai.a"]
    snap = d.snapshot()
    x = d.bot_rng(1, 0).random()
    d.restore(snap)
    assert d.bot_rng(1, 0).random() == x
