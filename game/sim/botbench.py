"""Bot speed for the benchmark: time per decision by difficulty, search speed, batch speed.

    bot_timings({"tokyo_2018": game, ...})   # -> decision_ms.<difficulty>.median/.p95,
                                             #    mcts_sims_per_s, normal_vs_normal_games_per_s

Decisions are timed on a fixed set of states pooled from every scenario given: the decision
states of `normal`-vs-`normal` games on fixed seeds (act and answer states alike; an answer state
has one candidate counter per package, hundreds on tokyo_2018). `hard` is timed on every
`HARD_STRIDE`-th state. Times are CPU time of this process (one core).

`mcts_sims_per_s` counts `hard`'s tree iterations (one determinization, one descent from the
root to a new node, a horizon or the end, one leaf value, one backup) over the CPU time of its
whole decisions: the negotiator's own choice and the verification playouts are in the time but
not in the count (a playout plays the rest of a game and is far dearer than an iteration), so
it is what a decision of `hard` costs per iteration of its budget. A full collection right after
a difficulty's decisions is charged to them (`hard` defers the collector while it searches), so
the next key starts from a collected heap.
"""

from __future__ import annotations

import gc
import random
import statistics
import time
from collections.abc import Mapping, Sequence

from game.ai import DIFFICULTIES, IsmctsBot, make_bot
from game.ai.base import Bot
from game.engine import PH_CHANCE, PH_TERMINAL, Game, State
from game.match import sample_chance

STATE_GAMES = 3
"""Seeded normal-vs-normal games per scenario whose decision states are timed."""
HARD_STRIDE = 6
"""`hard` is timed on one state in this many (each decision searches)."""
BATCH_GAMES = 20
"""normal-vs-normal games timed for `normal_vs_normal_games_per_s`."""
BATCH_SCENARIO = "tokyo_2018"


def decision_states(game: Game, bots: Sequence[Bot], seed: int) -> list[State]:
    """Decision states of one game between `bots` (by seat), chance and bots drawing from one
    generator seeded with `seed`."""
    rng = random.Random(seed)
    s = game.new_initial_state()
    out = []
    while s.phase != PH_TERMINAL:
        if s.phase == PH_CHANCE:
            a = sample_chance(game.chance_outcomes(s), rng.random())
        else:
            out.append(s)
            a = bots[s.actor].choose(game, s, s.actor, rng)
        s = game.apply(s, a)
    return out


def _game_states(game: Game, seed: int) -> tuple[list[State], int]:
    """Decision states of one seeded normal-vs-normal game, and its number of decisions."""
    out = decision_states(game, [make_bot("normal"), make_bot("normal")], seed)
    return out, len(out)


def decision_ms(games: Mapping[str, Game], seed: int = 0) -> dict[str, dict[str, float]]:
    """Median and 95th percentile of one decision's CPU time per difficulty (ms), and the
    search speed of `hard` (`mcts_sims_per_s`, under the key `hard`)."""
    pool: list[tuple[Game, State]] = []
    for game in games.values():
        for k in range(STATE_GAMES):
            pool += [(game, s) for s in _game_states(game, seed + k)[0]]
    out: dict[str, dict[str, float]] = {}
    for difficulty in DIFFICULTIES:
        bot = make_bot(difficulty)
        states = pool[::HARD_STRIDE] if difficulty == "hard" else pool
        times = []
        for i, (game, s) in enumerate(states):
            rng = random.Random(i)
            t0 = time.process_time()
            bot.choose(game, s, s.actor, rng)
            times.append((time.process_time() - t0) * 1000.0)
        deferred = _collect_ms()  # garbage its decisions left to a later collection: theirs
        times.sort()
        row = {
            "median": statistics.median(times),
            "p95": times[min(len(times) - 1, int(0.95 * len(times)))],
            "states": float(len(times)),
        }
        if isinstance(bot, IsmctsBot):
            row["sims_per_s"] = bot.sims / max(1e-9, (sum(times) + deferred) / 1000.0)
        out[difficulty] = row
    return out


def normal_games_per_s(game: Game, games: int = BATCH_GAMES, seed: int = 0) -> float:
    """normal-vs-normal games per CPU second (fresh bots, as a batch makes them), from a
    collected heap: a collection what ran before put off is not charged to these games, and
    what the earlier keys left alive is frozen (`gc.freeze`) while they run, so the cycle
    collector's full passes walk these games' objects, not the tables `hard`'s search filled
    for every scenario (a batch of normal games would not hold them; measured: they took a
    sixth to a third of these games' time)."""
    _collect_ms()
    frozen = gc.get_freeze_count() > 0  # the process keeps objects frozen itself: left so
    if not frozen:
        gc.freeze()
    try:
        t0 = time.process_time()
        for k in range(games):
            _game_states(game, seed + 1000 + k)
        return games / (time.process_time() - t0)
    finally:
        if not frozen:
            gc.unfreeze()


def _collect_ms() -> float:
    """CPU time of a full collection of the cycle collector now, in ms."""
    t0 = time.process_time()
    gc.collect()
    return (time.process_time() - t0) * 1000.0


def bot_timings(games: Mapping[str, Game], seed: int = 0) -> dict[str, object]:
    """The benchmark's bot keys (see the module docstring)."""
    by_difficulty = decision_ms(games, seed)
    out: dict[str, object] = {"decision_ms": by_difficulty}
    out["mcts_sims_per_s"] = by_difficulty["hard"].get("sims_per_s", 0.0)
    batch = games.get(BATCH_SCENARIO) or next(iter(games.values()), None)
    if batch is not None:
        out["normal_vs_normal_games_per_s"] = normal_games_per_s(batch)
    return out
