"""Batches of seeded games: chunks played anywhere, reduced in index order.

    result = run_batch(rules, ["random", "rules"], games=1000, seed=7, executor=Processes(2))
    result.tally.ending_shares()

Game `i` of a batch with seed `S` is played by the match runner from the seed
`stream_seed(S, "game.i")`, so game i is the same game in every batch with that seed and those
bots (what paired-seed comparisons need). Games are cut into chunks of a fixed size whatever the
number of workers; each chunk is reduced into a `Tally` where it runs, and the chunks' tallies
are merged in index order, so the numbers are identical for any worker count or executor.
Workers receive the compiled rules (a picklable value), never a path or a `Game`.
"""

from __future__ import annotations

import hashlib
import pickle
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from game.ai.base import Bot
from game.engine import A_ACCEPT, PH_ANSWER, Game, Rules, State
from game.match import DrawsFactory, Runner, Session, make_bot, make_record
from game.match.runner import stream_seed
from game.sim.executors import Executor, InProcess
from game.sim.stats import Shape, Tally

CHUNK = 50
"""Games per chunk: fixed, so that the reduction does not depend on the number of workers."""


def game_seed(seed: int, index: int) -> int:
    """The seed of game `index` of a batch seeded `seed`."""
    return stream_seed(seed, f"game.{index}")


def shape_of(rules: Rules) -> Shape:
    """What a tally of games of these rules counts."""
    return Shape(
        sides=tuple(s.id for s in rules.sides),
        endings=tuple(e.id for e in rules.endings),
        moves=tuple((m.id, m.side) for m in rules.moves),
        meters=tuple((m.id, m.lo, m.hi) for m in rules.meters),
        turns=rules.num_turns,
    )


@dataclass(frozen=True, slots=True)
class ChunkTask:
    """Games [start, stop) of a batch: everything a worker needs, picklable."""

    rules: Rules
    key: str
    """Identifies the rules (a worker builds one `Game` per key)."""
    players: tuple[str, ...]
    """Bot spec per side."""
    seed: int
    start: int
    stop: int
    rows: bool = False
    """Return one row per game (for CSV)."""
    records: bool = False
    """Return each game's match record (as a dict)."""
    coverage: bool = False
    """Count the games in which each move, event and reaction happened (plays with a trace)."""
    draws: DrawsFactory | None = None
    """Where each game's randomness comes from (a picklable factory, e.g. a class); None: the
    runner's seeded streams."""


@dataclass(slots=True)
class ChunkResult:
    """What a chunk adds up to."""

    start: int
    tally: Tally
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)


_GAMES: dict[str, Game] = {}


def _game_for(task: ChunkTask) -> Game:
    game = _GAMES.get(task.key)
    if game is None:
        if len(_GAMES) > 8:
            _GAMES.clear()
        game = _GAMES[task.key] = Game(task.rules)
    return game


class _Watch:
    """Wraps one side's bot: counts its moves, the first accepted package, meters per turn."""

    __slots__ = ("bot", "game_watch", "name")

    def __init__(self, bot: Bot, game_watch: _GameWatch) -> None:
        self.bot = bot
        self.name = bot.name
        self.game_watch = game_watch

    def choose(self, game: Game, state: Any, player: int, rng: Any) -> int:
        gw = self.game_watch
        if state.turn != gw.turn:
            gw.new_turn(state)
        action = self.bot.choose(game, state, player, rng)
        gw.decided(game, state, action)
        return action


class _GameWatch:
    __slots__ = ("deal_turn", "tally", "turn")

    def __init__(self, tally: Tally) -> None:
        self.tally = tally
        self.turn = -1
        self.deal_turn = 0

    def reset(self) -> None:
        self.turn = -1
        self.deal_turn = 0

    def new_turn(self, state: State) -> None:
        self.turn = state.turn
        hist = self.tally.meter_hist
        turns = len(hist[0]) - 1 if hist else 0
        if 1 <= state.turn <= turns:
            for i, (_, lo, _) in enumerate(self.tally.shape.meters):
                hist[i][state.turn][state.meters[i] - lo] += 1

    def decided(self, game: Game, state: State, action: int) -> None:
        move = game.move_of(action)
        if move >= 0:
            self.tally.moves[move] += 1
        elif action == A_ACCEPT and not self.deal_turn and state.phase == PH_ANSWER:
            self.deal_turn = state.turn


class _Seen:
    """A runner hook that notes every move, event and reaction the why-log names."""

    __slots__ = ("seen",)

    def __init__(self, seen: set[str]) -> None:
        self.seen = seen

    def __call__(self, before: State, action: int, actor: int, after: State, changes: Any) -> None:
        for ch in changes or ():
            kind = ch.cause.kind
            if kind in _COVERED:
                self.seen.add(f"{kind} {ch.cause.id}")


_COVERED = frozenset(("move", "event", "reaction"))


def play_chunk(task: ChunkTask) -> ChunkResult:
    """Play games [start, stop) of a batch and reduce them (runs in a worker)."""
    game = _game_for(task)
    tally = Tally.empty(shape_of(task.rules))
    out = ChunkResult(task.start, tally)
    watch = _GameWatch(tally)
    bots = [_Watch(make_bot(spec), watch) for spec in task.players]
    sides = len(task.players)
    for index in range(task.start, task.stop):
        seed = game_seed(task.seed, index)
        watch.reset()
        if task.coverage:
            seen: set[str] = set()
            runner = Runner(game, seed, bots, draws=task.draws, trace=True, on_step=_Seen(seen))
            state = runner.play()
            steps = runner.steps
            for key in seen:
                tally.reached[key] = tally.reached.get(key, 0) + 1
        elif task.records:
            session = Session(game, seed, dict(enumerate(bots)), draws=task.draws)
            session.step_bots()
            state = session.state
            out.records.append(make_record(session).to_dict())
            steps = len(session.actions)
        else:
            runner = Runner(game, seed, bots, draws=task.draws)
            state = runner.play()
            steps = runner.steps
        returns = game.returns(state)
        tally.games += 1
        tally.endings[state.ending] += 1
        for i in range(sides):
            tally.score_sum[i] += returns[i]
            tally.score_sq[i] += returns[i] * returns[i]
        tally.length_sum += steps
        tally.turn_sum += state.turn
        tally.first_deal[watch.deal_turn] += 1
        for i, (_, lo, _) in enumerate(tally.shape.meters):
            tally.meter_hist[i][0][state.meters[i] - lo] += 1
        if task.rows:
            ending = task.rules.endings[state.ending].id
            out.rows.append((index, seed, ending, *returns, steps, state.turn, watch.deal_turn))
    return out


@dataclass(slots=True)
class BatchResult:
    """A finished (or interrupted) batch."""

    scenario: str
    players: tuple[str, ...]
    seed: int
    requested: int
    tally: Tally
    elapsed: float
    """Wall-clock seconds."""
    interrupted: bool = False

    @property
    def games(self) -> int:
        """Games finished."""
        return self.tally.games


def rules_key(rules: Rules) -> str:
    """A short digest of the compiled rules (what a worker caches its `Game` under)."""
    return hashlib.sha256(pickle.dumps(rules)).hexdigest()[:16]


def check_players(rules: Rules, players: Sequence[str]) -> tuple[str, ...]:
    """The bot specs, one per side, each checked by building it (ValueError if unknown)."""
    if len(players) != len(rules.sides):
        raise ValueError(f"{len(players)} players for {len(rules.sides)} sides")
    for spec in players:
        make_bot(spec)
    return tuple(players)


def run_batch(
    rules: Rules,
    players: Sequence[str],
    games: int,
    seed: int = 0,
    *,
    executor: Executor | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_chunk: Callable[[ChunkResult], None] | None = None,
    rows: bool = False,
    records: bool = False,
    coverage: bool = False,
    draws: DrawsFactory | None = None,
    chunk: int = CHUNK,
) -> BatchResult:
    """Play `games` seeded games of `rules` with a bot spec per side; reduce in index order.

    `on_progress(n)` is told of every chunk of n games finished (any order); `on_chunk` gets each
    chunk's result in index order (rows and records to write). `draws` makes each game's random
    source (default: the runner's seeded streams). Ctrl-C stops the batch: the result holds the
    chunks that finished, with `interrupted` set.
    """
    specs = check_players(rules, players)
    if games < 0:
        raise ValueError("games must not be negative")
    key = rules_key(rules)
    tasks = [
        ChunkTask(rules, key, specs, seed, a, min(a + chunk, games), rows, records, coverage, draws)
        for a in range(0, games, chunk)
    ]
    total = Tally.empty(shape_of(rules))
    done: dict[int, ChunkResult] = {}
    nxt = 0
    interrupted = False
    ex = executor if executor is not None else InProcess()
    t0 = time.perf_counter()
    try:
        for index, result in ex.run(play_chunk, tasks):
            done[index] = result
            if on_progress is not None:
                on_progress(result.tally.games)
            while nxt in done:
                ready = done.pop(nxt)
                total.merge(ready.tally)
                if on_chunk is not None:
                    on_chunk(ready)
                nxt += 1
    except KeyboardInterrupt:
        interrupted = True
        ex.close()
        for index in sorted(done):
            total.merge(done[index].tally)
            if on_chunk is not None:
                on_chunk(done[index])
    finally:
        if executor is None:
            ex.close()
    return BatchResult(
        rules.scenario_id, specs, seed, games, total, time.perf_counter() - t0, interrupted
    )


__all__ = [
    "CHUNK",
    "BatchResult",
    "ChunkResult",
    "ChunkTask",
    "check_players",
    "game_seed",
    "play_chunk",
    "rules_key",
    "run_batch",
    "shape_of",
]
