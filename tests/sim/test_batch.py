"""Batches: identical for any executor and chunk order, seeded per game, interruptible."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from game.ai import make_bot
from game.engine import Game, Rules
from game.match import Session, play_game
from game.scenario import load_rules
from game.sim.batch import game_seed, run_batch
from game.sim.executors import InProcess, Processes
from game.sim.stats import histogram_quantile, mean_interval, wilson

TINY = Path(__file__).parents[1] / "data" / "tiny.yaml"


@pytest.fixture(scope="module")
def tiny() -> Rules:
    return load_rules(TINY)


class Reversed(InProcess):
    """Finishes the chunks last to first (what a busy cluster may do)."""

    def run(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> Iterator[tuple[int, Any]]:
        results = [fn(t) for t in tasks]
        for i in reversed(range(len(tasks))):
            yield i, results[i]


class StopsAfter(InProcess):
    """Ctrl-C after `n` chunks."""

    def __init__(self, n: int) -> None:
        self.n = n

    def run(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> Iterator[tuple[int, Any]]:
        for i, t in enumerate(tasks):
            if i == self.n:
                raise KeyboardInterrupt
            yield i, fn(t)


def test_wilson_interval_known_values() -> None:
    lo, hi = wilson(5, 10)
    assert math.isclose(lo, 0.2366, abs_tol=1e-4) and math.isclose(hi, 0.7634, abs_tol=1e-4)
    assert wilson(0, 20)[0] == 0.0 and 0 < wilson(0, 20)[1] < 0.2
    assert wilson(0, 0) == (0.0, 1.0)


def test_mean_interval_and_quantiles() -> None:
    mean, lo, hi = mean_interval(10.0, 30.0, 4)  # values 1, 2, 3, 4
    assert mean == 2.5 and lo < 2.5 < hi
    assert math.isclose(hi - mean, 1.959963984540054 * math.sqrt((30 - 25) / 3 / 4))
    assert histogram_quantile([0, 3, 1], 10, 0.5) == 11.0
    assert histogram_quantile([1, 0, 0, 1], 0, 0.9) == 0.0  # the lower of the two
    assert histogram_quantile([1, 0, 0, 1], 0, 1.0) == 3.0


def test_chunk_order_and_size_do_not_change_the_numbers(tiny: Rules) -> None:
    base = run_batch(tiny, ["random", "rules"], 45, seed=3, chunk=10)
    rev = run_batch(tiny, ["random", "rules"], 45, seed=3, chunk=10, executor=Reversed())
    assert rev.tally == base.tally
    assert base.games == 45 and sum(base.tally.endings) == 45


def test_game_i_is_the_runners_game_from_its_seed(tiny: Rules) -> None:
    game = Game(tiny)
    rows: list[tuple[Any, ...]] = []
    run_batch(
        tiny, ["random", "random"], 6, seed=11, rows=True, on_chunk=lambda c: rows.extend(c.rows)
    )
    deals = 0
    for index, seed, ending, *_, steps, last_turn, deal_turn in rows:
        assert seed == game_seed(11, index)
        final = play_game(game, seed, [make_bot("random"), make_bot("random")])
        assert tiny.endings[final.ending].id == ending and final.turn == last_turn
        s = Session(game, seed, {0: make_bot("random"), 1: make_bot("random")})
        s.step_bots()
        assert len(s.actions) == steps
        accepted = [s.states[i].turn for i, t in enumerate(s.texts) if t == "accept"]
        assert deal_turn == (accepted[0] if accepted else 0)
        deals += bool(accepted)
    assert deals  # the check above saw at least one deal


def test_two_worker_processes_give_the_in_process_numbers(tiny: Rules) -> None:
    local = run_batch(tiny, ["random", "random"], 40, seed=5, chunk=10)
    with Processes(2) as ex:
        pooled = run_batch(tiny, ["random", "random"], 40, seed=5, chunk=10, executor=ex)
    assert pooled.tally == local.tally


def test_ctrl_c_reports_the_games_finished(tiny: Rules) -> None:
    result = run_batch(tiny, ["random", "random"], 50, seed=1, chunk=10, executor=StopsAfter(2))
    assert result.interrupted
    assert result.games == 20 == sum(result.tally.endings)


def test_unknown_bot_or_wrong_number_of_players(tiny: Rules) -> None:
    with pytest.raises(ValueError, match="unknown bot"):
        run_batch(tiny, ["random", "nobot"], 5)
    with pytest.raises(ValueError, match="players for 2 sides"):
        run_batch(tiny, ["random"], 5)


class FixedDraws:
    """Every chance draw takes its first outcome; bots draw from a generator per decision."""

    def __init__(self, game: Game, seed: int) -> None:
        self.seed = seed

    def chance(self, game: Game, state: Any) -> int:
        return game.chance_outcomes(state)[0][0]

    def bot_rng(self, side: int, decision: int) -> random.Random:
        return random.Random(f"{self.seed}:{side}:{decision}")

    def snapshot(self) -> object:
        return None

    def restore(self, snap: object) -> None:
        pass


def test_a_batch_takes_the_draws_of_its_games(tiny: Rules) -> None:
    keyed = run_batch(tiny, ["random", "random"], 30, seed=2, draws=FixedDraws, chunk=10)
    again = run_batch(
        tiny, ["random", "random"], 30, seed=2, draws=FixedDraws, chunk=10, executor=Reversed()
    )
    assert keyed.tally == again.tally
    default = run_batch(tiny, ["random", "random"], 30, seed=2, chunk=10)
    assert keyed.tally != default.tally
