"""The one game runner: plays a game from a seed and a player per side, a step at a time.

    runner = Runner(game, seed=7, players=[make_bot("random"), None])   # None: asked from outside
    runner.play()                        # chance and bots until side 1 must decide, or the end
    runner.submit(action)                # side 1's decision (a front end, a script, a test)
    runner.play()
    final = runner.state

A player is anything with the bot protocol's `choose(game, state, player, rng)`: a bot, a
scripted line (`game.match.players.ScriptedLine`) or a front end that is asked for its decision
(`Asked`). `None` means the decision comes from outside through `submit`, one at a time, which
is how a UI loop drives the game. Bots get the state and call `game.observe` themselves.

Randomness comes from a `Draws` source: who resolves chance nodes and which generator a bot
draws from at its n-th decision. The default, `game.match.draws.KeyedDraws`, keys each draw by
what it is for (so records verify and what-ifs keep the same draws); `SeededStreams` keeps one
named stream per purpose (`world`, `ai.<side>`).
Nothing is recorded unless asked: `on_step` sees every step, and `trace=True` hands it the
engine's why-log changes.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, cast

from game.ai.base import Bot
from game.engine import CHANCE, Change, Game, State
from game.match.draws import KeyedDraws, sample_chance

WORLD = "world"


def stream_seed(seed: int, name: str) -> int:
    """The integer seed of stream `name` for match seed `seed` (stable across processes)."""
    digest = hashlib.sha256(f"{seed}:{name}".encode()).digest()
    return int.from_bytes(digest[:16], "big")


def stream_names(game: Game) -> tuple[str, ...]:
    """Names of the random streams of a match of `game`, in a fixed order."""
    return (WORLD, *(f"ai.{side.id}" for side in game.rules.sides))


class Draws(Protocol):
    """Where a match's randomness comes from (the seam for keyed draws)."""

    def chance(self, game: Game, state: State) -> int:
        """The outcome (an action id) of the chance node pending in `state`."""
        ...

    def bot_rng(self, side: int, decision: int) -> random.Random:
        """The generator side `side`'s bot draws from at its `decision`-th decision (0-based)."""
        ...

    def snapshot(self) -> Any:
        """An opaque copy of the source's position (undo)."""
        ...

    def restore(self, snap: Any) -> None:
        """Go back to a position taken with `snapshot`."""
        ...


DrawsFactory = Callable[[Game, int], Draws]
"""Makes the draws of a match from its game and seed."""


class SeededStreams:
    """Named `random.Random` streams seeded from sha256(`"{seed}:{name}"`).

    `world` resolves every chance draw with one `random()`; `ai.<side>` is side's bot generator,
    the same object at every decision. Only `Random.random()` is drawn, the one draw Python
    documents as reproducible across versions.
    """

    __slots__ = ("_bots", "_world", "streams")

    def __init__(self, game: Game, seed: int) -> None:
        self.streams: dict[str, random.Random] = {
            name: random.Random(stream_seed(seed, name)) for name in stream_names(game)
        }
        self._world = self.streams[WORLD].random
        self._bots = tuple(self.streams[f"ai.{s.id}"] for s in game.rules.sides)

    def chance(self, game: Game, state: State) -> int:
        """One `random()` of the `world` stream picks the outcome."""
        return sample_chance(game.chance_outcomes(state), self._world())

    def bot_rng(self, side: int, decision: int) -> random.Random:
        """The side's own stream, whatever the decision index."""
        return self._bots[side]

    def snapshot(self) -> dict[str, tuple[Any, ...]]:
        """Every stream's generator state."""
        return {name: rng.getstate() for name, rng in self.streams.items()}

    def restore(self, snap: Any) -> None:
        """Set every stream's generator state."""
        for name, st in snap.items():
            self.streams[name].setstate(st)


StepHook = Callable[[State, int, int, State, "list[Change] | None"], None]
"""Called after each step with (state before, action, actor, state after, changes or None)."""


class NeedsInputError(RuntimeError):
    """`step` was called while a side played from outside (`None`) must decide."""


class IllegalChoiceError(RuntimeError):
    """A player chose an action that is not legal (with `check=True`)."""


class Asked:
    """A front end that is asked for its decision: wraps `ask(game, state, player) -> action`."""

    __slots__ = ("ask", "name")

    def __init__(self, ask: Callable[[Game, State, int], int], name: str = "asked") -> None:
        self.ask = ask
        self.name = name

    def choose(self, game: Game, state: State, player: int, rng: random.Random) -> int:
        """The front end's decision (it draws no random number)."""
        return self.ask(game, state, player)


class Runner:
    """Plays one game of `game` from `seed`: chance from `draws`, decisions from the players."""

    __slots__ = (
        "check",
        "decisions",
        "draws",
        "game",
        "on_step",
        "players",
        "seed",
        "state",
        "steps",
        "trace",
    )

    def __init__(
        self,
        game: Game,
        seed: int,
        players: Sequence[Bot | None] | Mapping[int, Bot | None] = (),
        *,
        draws: Draws | DrawsFactory | None = None,
        on_step: StepHook | None = None,
        trace: bool = False,
        check: bool = False,
        state: State | None = None,
    ) -> None:
        self.game = game
        self.seed = int(seed)
        n = len(game.rules.sides)
        given = dict(players) if isinstance(players, Mapping) else dict(enumerate(players))
        for k in given:
            if not 0 <= k < n:
                raise ValueError(f"no side {k}: the scenario has {n} sides")
        self.players: list[Bot | None] = [given.get(i) for i in range(n)]
        self.draws: Draws
        if draws is None:
            self.draws = KeyedDraws(game, self.seed)
        elif isinstance(draws, type) or not hasattr(draws, "chance"):
            self.draws = cast(DrawsFactory, draws)(game, self.seed)  # a class or a factory
        else:
            self.draws = cast(Draws, draws)
        self.on_step = on_step
        self.trace = trace
        self.check = check
        self.state: State = game.new_initial_state() if state is None else state
        self.steps = 0
        """Steps applied so far (chance draws included)."""
        self.decisions = [0] * n
        """Decisions made so far by each side (the key of its bot generator)."""

    # --- reading --------------------------------------------------------------------------

    def is_over(self) -> bool:
        """True when the game has ended."""
        return self.game.is_terminal(self.state)

    def to_move(self) -> int:
        """Side to act or answer, CHANCE at a draw, TERMINAL at the end."""
        return self.game.current_player(self.state)

    def waiting_for(self) -> int | None:
        """The side played from outside that must decide now, or None."""
        p = self.game.current_player(self.state)
        if p >= 0 and self.players[p] is None:
            return p
        return None

    # --- stepping -------------------------------------------------------------------------

    def step(self) -> int:
        """Make one step (a chance draw or a player's decision); returns the action applied.

        Raises NeedsInputError when a side played from outside must decide, ValueError at the end.
        """
        game, state = self.game, self.state
        p = game.current_player(state)
        if p == CHANCE:
            action = self.draws.chance(game, state)
        elif p < 0:
            raise ValueError("the game is over")
        else:
            player = self.players[p]
            if player is None:
                raise NeedsInputError(
                    f"side {game.rules.sides[p].id} must decide (submit an action)"
                )
            action = player.choose(game, state, p, self.draws.bot_rng(p, self.decisions[p]))
            if self.check and action not in game.legal_actions(state):
                name = getattr(player, "name", type(player).__name__)
                raise IllegalChoiceError(f"player {name!r} chose an illegal action #{action}")
            self.decisions[p] += 1
        self._apply(state, action, p)
        return action

    def submit(self, action: int) -> State:
        """Apply `action` for whoever is to move (unchecked: the caller checks legality)."""
        state = self.state
        p = self.game.current_player(state)
        if p >= 0:
            self.decisions[p] += 1
        self._apply(state, action, p)
        return self.state

    def play(self, max_steps: int | None = None) -> State:
        """Step until the end, a decision from outside, or `max_steps`; returns the state.

        The same steps as `step`, with the lookups hoisted out of the loop (the batch hot path).
        """
        game, draws, players, decisions = self.game, self.draws, self.players, self.decisions
        current_player, apply, legal_actions = game.current_player, game.apply, game.legal_actions
        chance, bot_rng = draws.chance, draws.bot_rng
        hook, trace, check = self.on_step, self.trace, self.check
        limit = -1 if max_steps is None else max_steps
        state = self.state
        steps = self.steps
        done = 0
        try:
            while done != limit:
                p = current_player(state)
                if p == CHANCE:
                    action = chance(game, state)
                elif p < 0:
                    break
                else:
                    player = players[p]
                    if player is None:
                        break
                    d = decisions[p]
                    action = player.choose(game, state, p, bot_rng(p, d))
                    if check and action not in legal_actions(state):
                        name = getattr(player, "name", type(player).__name__)
                        raise IllegalChoiceError(
                            f"player {name!r} chose an illegal action #{action}"
                        )
                    decisions[p] = d + 1
                if hook is None:
                    state = apply(state, action)
                else:
                    changes: list[Change] | None = [] if trace else None
                    before, state = state, apply(state, action, changes)
                    self.state, self.steps = state, steps + 1
                    hook(before, action, p, state, changes)
                steps += 1
                done += 1
        finally:
            self.state = state
            self.steps = steps
        return state

    def _apply(self, state: State, action: int, actor: int) -> None:
        changes: list[Change] | None = [] if self.trace else None
        new = self.game.apply(state, action, changes)
        self.state = new
        self.steps += 1
        if self.on_step is not None:
            self.on_step(state, action, actor, new, changes)


def play_game(
    game: Game,
    seed: int,
    players: Sequence[Bot | None] | Mapping[int, Bot | None],
    *,
    draws: Draws | DrawsFactory | None = None,
) -> State:
    """Play a whole game where every side has a player; returns the final state."""
    runner = Runner(game, seed, players, draws=draws)
    state = runner.play()
    if not game.is_terminal(state):
        raise NeedsInputError("a side without a player must decide: give every side a player")
    return state


__all__ = [
    "WORLD",
    "Asked",
    "Draws",
    "DrawsFactory",
    "IllegalChoiceError",
    "NeedsInputError",
    "Runner",
    "SeededStreams",
    "StepHook",
    "play_game",
    "sample_chance",
    "stream_names",
    "stream_seed",
]
