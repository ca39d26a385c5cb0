"""One live match: seeded randomness in named streams, checked moves, undo and the why-log.

    session = Session(game, seed=7, players={0: None, 1: make_bot("rules")})  # None = human
    session.step_bots()            # chance draws and bot moves until a human must act
    session.submit("move j_protest")
    session.undo()                 # back to the previous human decision, generators included

Randomness lives in named `random.Random` streams: `world` for chance draws and `ai.<side_id>`
for each side's bot. Each stream is seeded from sha256 of `"{seed}:{name}"` (never `hash()`,
which is randomised per process) and only ever drawn with `Random.random()`, the one draw Python
documents as reproducible across versions.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from game.ai import registry
from game.ai.base import Bot
from game.engine import CHANCE, ActionError, Change, Game, State

WORLD = "world"


class IllegalActionError(ActionError):
    """An action that is unknown or not legal now; the message lists the legal alternatives."""


def stream_seed(seed: int, name: str) -> int:
    """The integer seed of stream `name` for match seed `seed` (stable across processes)."""
    digest = hashlib.sha256(f"{seed}:{name}".encode()).digest()
    return int.from_bytes(digest[:16], "big")


def stream_names(game: Game) -> tuple[str, ...]:
    """Names of the random streams of a match of `game`, in a fixed order."""
    return (WORLD, *(f"ai.{side.id}" for side in game.rules.sides))


def sample_chance(outcomes: tuple[tuple[int, float], ...], u: float) -> int:
    """The outcome that one uniform draw `u` in [0, 1) picks (cumulative probabilities)."""
    total = 0.0
    for action, p in outcomes:
        total += p
        if u < total:
            return action
    # Rounding can leave the cumulative sum a hair under 1: the last likely outcome wins.
    for action, p in reversed(outcomes):
        if p > 0:
            return action
    return outcomes[-1][0]


def state_digest(state: State) -> str:
    """sha256 of a canonical repr of the state tuple, truncated to 16 hex characters."""
    return hashlib.sha256(repr(tuple(state)).encode()).hexdigest()[:16]


def rng_state_to_json(state: tuple[Any, ...]) -> list[Any]:
    """`Random.getstate()` as JSON-able lists."""
    version, internal, gauss = state
    return [version, list(internal), gauss]


def rng_state_from_json(data: Any) -> tuple[Any, ...]:
    """The inverse of `rng_state_to_json`; raises ValueError on a malformed value."""
    if not isinstance(data, list) or len(data) != 3:
        raise ValueError("a generator state is a list [version, [ints...], gauss]")
    version, internal, gauss = data
    if not isinstance(version, int) or not isinstance(internal, list):
        raise ValueError("a generator state is a list [version, [ints...], gauss]")
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in internal):
        raise ValueError("a generator state holds integers only")
    if not all(0 <= x < 2**32 for x in internal):  # setstate would raise OverflowError
        raise ValueError("a generator state holds words from 0 to 2**32-1")
    if gauss is not None and not isinstance(gauss, float | int):
        raise ValueError("bad gauss value in a generator state")
    return (version, tuple(internal), gauss)


class UnknownBotError(ValueError):
    """A bot spec that names no bot."""


def make_bot(spec: str) -> Bot:
    """A bot from its spec (`random`, `rules`, `rules:margin=2` ...) through the bot registry."""
    try:
        return registry.make_bot(spec)
    except (KeyError, ValueError, LookupError) as exc:
        raise UnknownBotError(str(exc).strip("'\"") or f"unknown bot {spec!r}") from exc


@dataclass(frozen=True, slots=True)
class WhyEntry:
    """One change of a meter and its cause, found in the why-log."""

    step: int
    """1-based step of the match that made the change."""
    turn: int
    """Turn in which the change happened."""
    change: Change


@dataclass(slots=True)
class _Snapshot:
    steps: int
    rng_states: dict[str, tuple[Any, ...]]


class Session:
    """One live match of `game`: the driver that owns randomness, history and the why-log."""

    def __init__(
        self,
        game: Game,
        seed: int,
        players: Mapping[int, Bot | None] | None = None,
    ) -> None:
        self.game = game
        self.seed = int(seed)
        n = len(game.rules.sides)
        given = dict(players or {})
        for k in given:
            if not 0 <= k < n:
                raise ValueError(f"no side {k}: the scenario has {n} sides")
        self.players: dict[int, Bot | None] = {i: given.get(i) for i in range(n)}
        self.streams: dict[str, random.Random] = {
            name: random.Random(stream_seed(self.seed, name)) for name in stream_names(game)
        }
        self.start_streams: dict[str, tuple[Any, ...]] = {
            name: rng.getstate() for name, rng in self.streams.items()
        }
        first = game.new_initial_state()
        self.states: list[State] = [first]
        """Every state of the match, the initial one first."""
        self.actions: list[int] = []
        self.texts: list[str] = []
        self.actors: list[int] = []
        """Who made each step: a side index, or CHANCE."""
        self.trace: list[list[Change]] = []
        """The why-log: the engine's changes per step."""
        self.digests: list[str] = []
        """State digest after each step."""
        self._undo: list[_Snapshot] = []

    # --- reading --------------------------------------------------------------------------

    @property
    def state(self) -> State:
        """The current state."""
        return self.states[-1]

    @property
    def initial_digest(self) -> str:
        """Digest of the initial state."""
        return state_digest(self.states[0])

    def is_over(self) -> bool:
        """True when the game has ended."""
        return self.game.is_terminal(self.state)

    def to_move(self) -> int:
        """Side to act or answer, CHANCE at a draw, TERMINAL at the end."""
        return self.game.current_player(self.state)

    def human_to_move(self) -> bool:
        """True when a human side must decide now."""
        p = self.to_move()
        return p >= 0 and self.players.get(p) is None

    def is_human(self, side: int) -> bool:
        """True when `side` is played by a human (or a script)."""
        return self.players.get(side) is None

    def legal_texts(self) -> list[str]:
        """The legal actions now, as text."""
        s = self.state
        return [self.game.action_to_string(s, a) for a in self.game.legal_actions(s)]

    def rng_states(self) -> dict[str, tuple[Any, ...]]:
        """The current state of every random stream."""
        return {name: rng.getstate() for name, rng in self.streams.items()}

    def can_undo(self) -> bool:
        """True when there is a human decision to go back to."""
        return bool(self._undo)

    # --- acting ---------------------------------------------------------------------------

    def resolve_action(self, action: int | str) -> int:
        """The legal action id that `action` (an id or text) names; IllegalActionError if none."""
        game, s = self.game, self.state
        if game.is_terminal(s):
            raise IllegalActionError("the game is over: no action is legal")
        legal = game.legal_actions(s)
        if isinstance(action, str):
            try:
                return game.parse_action(s, action)
            except ActionError as exc:
                raise IllegalActionError(_with_legal(str(exc), exc.legal), exc.legal) from None
        listed = tuple(game.action_to_string(s, a) for a in legal)
        if action not in legal:
            raise IllegalActionError(
                _with_legal(f"action #{action} is not legal now", listed), listed
            )
        return action

    def submit(self, action: int | str) -> State:
        """Apply a checked action (id or text) for the player to move; returns the new state.

        A decision of a human side is an undo point.
        """
        a = self.resolve_action(action)
        player = self.to_move()
        if player >= 0 and self.is_human(player):
            self._undo.append(_Snapshot(len(self.actions), self.rng_states()))
        self._apply(a)
        return self.state

    def chance_step(self) -> None:
        """Resolve the pending chance draw with one `random()` of the `world` stream."""
        outcomes = self.game.chance_outcomes(self.state)
        self._apply(sample_chance(outcomes, self.streams[WORLD].random()))

    def bot_step(self) -> None:
        """Let the bot to move make one decision (its own stream `ai.<side>`)."""
        game = self.game
        player = game.current_player(self.state)
        bot = self.players.get(player) if player >= 0 else None
        if bot is None:
            raise RuntimeError("no bot is to move")
        action = bot.choose(game, self.state, player, self.streams[self.bot_stream(player)])
        if action not in game.legal_actions(self.state):
            raise RuntimeError(
                f"bot {getattr(bot, 'name', bot)!r} chose an illegal action #{action}"
            )
        self._apply(action)

    def resolve_chance(self) -> int:
        """Resolve chance draws with the `world` stream until a decision or the end."""
        done = 0
        while self.game.is_chance_node(self.state):
            self.chance_step()
            done += 1
        return done

    def step_bots(self) -> int:
        """Let chance and the bots play until a human must act or the game ends; steps made."""
        done = 0
        game = self.game
        while not game.is_terminal(self.state):
            if game.is_chance_node(self.state):
                self.chance_step()
            elif self.human_to_move():
                break
            else:
                self.bot_step()
            done += 1
        return done

    def bot_stream(self, side: int) -> str:
        """Name of the random stream of side `side`'s bot."""
        return f"ai.{self.game.rules.sides[side].id}"

    def undo(self) -> bool:
        """Go back to the previous human decision (state and generators); False if none."""
        if not self._undo:
            return False
        snap = self._undo.pop()
        k = snap.steps
        del self.states[k + 1 :]
        del self.actions[k:]
        del self.texts[k:]
        del self.actors[k:]
        del self.trace[k:]
        del self.digests[k:]
        for name, st in snap.rng_states.items():
            self.streams[name].setstate(st)
        return True

    def _apply(self, action: int) -> None:
        s = self.state
        text = self.game.action_to_string(s, action)
        actor = self.game.current_player(s)
        changes: list[Change] = []
        new = self.game.apply(s, action, changes)
        self.states.append(new)
        self.actions.append(action)
        self.texts.append(text)
        self.actors.append(actor)
        self.trace.append(changes)
        self.digests.append(state_digest(new))

    # --- why ------------------------------------------------------------------------------

    def meter_index(self, meter: int | str) -> int:
        """Index of a meter given by index, id or label (case-insensitive); KeyError if none."""
        meters = self.game.rules.meters
        if isinstance(meter, int):
            if 0 <= meter < len(meters):
                return meter
            raise KeyError(f"no meter #{meter}")
        key = meter.strip().lower()
        for i, m in enumerate(meters):
            if m.id.lower() == key:
                return i
        for i, m in enumerate(meters):
            if m.label.lower() == key:
                return i
        raise KeyError(f"no meter {meter!r}; meters are {', '.join(m.id for m in meters)}")

    def why(self, meter: int | str) -> list[WhyEntry]:
        """Every change to a meter in this match, with its cause (rule id and file:line)."""
        i = self.meter_index(meter)
        return [
            WhyEntry(step + 1, self.states[step + 1].turn, ch)
            for step, changes in enumerate(self.trace)
            for ch in changes
            if ch.kind == "meter" and ch.target == i
        ]


def describe_source(change: Change) -> str:
    """`file:line` of the rule behind a change, or the file alone, or ''."""
    src = change.cause.source
    if not src.file or src.file == "<none>":
        return ""
    return str(src) if src.line else src.file


def describe_cause(change: Change) -> str:
    """`move j_protest (scenarios/tokyo_2018.yaml:120)`: the rule id and where it is written."""
    where = describe_source(change)
    c = change.cause
    label = f"{c.kind} {c.id}"
    return f"{label} ({where})" if where else label


def describe_change(game: Game, change: Change) -> str:
    """One why-log line in words: `Trust: 40 -> 45 (+5) by move charm (file:line)`."""
    r = game.rules
    if change.kind == "note":
        return change.text
    if change.kind == "meter":
        m = r.meters[change.target]
        delta = change.after - change.before
        return (
            f"{m.label}: {change.before} -> {change.after} ({delta:+d}) by {describe_cause(change)}"
        )
    if change.kind == "flag":
        f = r.flags[change.target]
        now = "true" if change.after else "false"
        return f"{f.label}: now {now} by {describe_cause(change)}"
    if change.kind == "status":
        t = r.territories[change.target]
        before = r.statuses[change.before].label
        after = r.statuses[change.after].label
        return f"{t.name('en')}: {before} -> {after} by {describe_cause(change)}"
    return f"{change.kind} by {describe_cause(change)}"


def _with_legal(message: str, legal: tuple[str, ...]) -> str:
    if not legal:
        return message
    return f"{message}. Legal now: " + summarize_legal(legal)


def summarize_legal(legal: tuple[str, ...]) -> str:
    """The legal actions as text, with the (often hundreds of) packages folded into one entry."""
    shown: list[str] = []
    packages: dict[str, int] = {}
    for text in legal:
        verb = text.split(" ", 1)[0]
        if verb in ("table", "counter"):
            packages[verb] = packages.get(verb, 0) + 1
        else:
            shown.append(text)
    for verb, count in packages.items():
        shown.append(f"{verb} <issue>=<option> ... (any of {count} coherent packages)")
    return "; ".join(shown)


__all__ = [
    "CHANCE",
    "WORLD",
    "IllegalActionError",
    "Session",
    "UnknownBotError",
    "WhyEntry",
    "describe_cause",
    "describe_change",
    "describe_source",
    "make_bot",
    "rng_state_from_json",
    "rng_state_to_json",
    "sample_chance",
    "state_digest",
    "stream_names",
    "stream_seed",
]
