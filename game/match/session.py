"""One live match: keyed random draws, checked moves, undo and the why-log.

    session = Session(game, seed=7, players={0: None, 1: make_bot("rules")})  # None = human
    session.step_bots()            # chance draws and bot moves until a human must act
    session.submit("move j_protest")
    session.undo()                 # back to the previous human decision, draw counts included

Randomness is keyed (`game.match.draws.KeyedDraws`, the runner's draw source here): a chance draw
comes from a hash of (seed, node, turn, occurrence in the turn), a bot's generator from (seed,
side, decision number), so no draw depends on how many came before it. A chance outcome given by
the caller (`submit` at a chance node: a script, a history line, a scenario test) is *pinned*,
and the record marks it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from game.ai import registry
from game.ai.base import Bot
from game.engine import CHANCE, ActionError, Change, Game, State
from game.match.draws import KeyedDraws, sample_chance
from game.match.runner import (
    WORLD,
    Draws,
    DrawsFactory,
    Runner,
    SeededStreams,
    stream_names,
    stream_seed,
)


class IllegalActionError(ActionError):
    """An action that is unknown or not legal now; the message lists the legal alternatives."""


def state_digest(state: State) -> str:
    """sha256 of a canonical repr of the state tuple, truncated to 16 hex characters."""
    return hashlib.sha256(repr(tuple(state)).encode()).hexdigest()[:16]


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
    draws: Any
    decisions: list[int]


class Session:
    """One live match of `game` on the runner, plus history, undo and the why-log.

    Every state is kept; the text, actor, why-log changes and digest of each step are worked out
    from the kept states when first read (`texts`, `actors`, `trace`, `digests`), so playing
    costs no more than the runner itself.
    """

    def __init__(
        self,
        game: Game,
        seed: int,
        players: Mapping[int, Bot | None] | None = None,
        start: State | None = None,
        *,
        draws: Draws | DrawsFactory | None = None,
    ) -> None:
        self.game = game
        self.seed = int(seed)
        self.runner = Runner(
            game,
            self.seed,
            players or {},
            draws=KeyedDraws if draws is None else draws,
            on_step=self._stepped,
            state=start,
        )
        self.players: dict[int, Bot | None] = dict(enumerate(self.runner.players))
        self.draws = self.runner.draws
        """Where the draws come from: keyed draws unless another source was given."""
        self.states: list[State] = [self.runner.state]
        """Every state of the match, the initial one first."""
        self.actions: list[int] = []
        self._texts: list[str] = []
        self._actors: list[int] = []
        self._trace: list[list[Change]] = []
        self._digests: list[str] = []
        self.pinned: list[bool] = []
        """Per step: True for a chance outcome given by the caller rather than drawn."""
        self._pinning = False
        self._undo: list[_Snapshot] = []

    def _stepped(
        self, before: State, action: int, actor: int, after: State, changes: list[Change] | None
    ) -> None:
        self.states.append(after)
        self.actions.append(action)
        self.pinned.append(self._pinning)

    # --- per-step details, worked out when read -------------------------------------------

    @property
    def texts(self) -> list[str]:
        """The text of each step's action."""
        t, st, acts = self._texts, self.states, self.actions
        for i in range(len(t), len(acts)):
            t.append(self.game.action_to_string(st[i], acts[i]))
        return t

    @property
    def actors(self) -> list[int]:
        """Who made each step: a side index, or CHANCE."""
        t, st = self._actors, self.states
        for i in range(len(t), len(self.actions)):
            t.append(self.game.current_player(st[i]))
        return t

    @property
    def trace(self) -> list[list[Change]]:
        """The why-log: the engine's changes per step (re-applied with a trace when read)."""
        t, st, acts = self._trace, self.states, self.actions
        for i in range(len(t), len(acts)):
            changes: list[Change] = []
            self.game.apply(st[i], acts[i], changes)
            t.append(changes)
        return t

    @property
    def digests(self) -> list[str]:
        """State digest after each step."""
        t, st = self._digests, self.states
        for i in range(len(t), len(self.actions)):
            t.append(state_digest(st[i + 1]))
        return t

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
        return self.runner.waiting_for() is not None

    def is_human(self, side: int) -> bool:
        """True when `side` is played by a human (or a script)."""
        return self.players.get(side) is None

    def legal_texts(self) -> list[str]:
        """The legal actions now, as text."""
        s = self.state
        return [self.game.action_to_string(s, a) for a in self.game.legal_actions(s)]

    @property
    def decisions(self) -> list[int]:
        """Decisions made so far by each side (the key of its bot generator)."""
        return self.runner.decisions

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

        A decision of a human side is an undo point; a chance outcome given here is pinned.
        """
        a = self.resolve_action(action)
        player = self.to_move()
        if player >= 0 and self.is_human(player):
            self._undo.append(
                _Snapshot(len(self.actions), self.draws.snapshot(), list(self.runner.decisions))
            )
        self._apply(a, pinned=player == CHANCE)
        return self.state

    def chance_step(self) -> None:
        """Resolve the pending chance draw from the match's draws (keyed by default)."""
        if not self.game.is_chance_node(self.state):
            raise RuntimeError("no chance draw is pending")
        self.runner.step()

    def bot_step(self) -> None:
        """Let the bot to move make one decision (its own generator); checked."""
        player = self.to_move()
        if player < 0 or self.players.get(player) is None:
            raise RuntimeError("no bot is to move")
        before = self.state
        action = self.runner.step()
        if action not in self.game.legal_actions(before):
            bot = self.players[player]
            raise RuntimeError(
                f"bot {getattr(bot, 'name', bot)!r} chose an illegal action #{action}"
            )

    def resolve_chance(self) -> int:
        """Resolve chance draws until a decision or the end; the number of draws."""
        done = 0
        while self.game.is_chance_node(self.state):
            self.runner.step()
            done += 1
        return done

    def step_bots(self) -> int:
        """Let chance and the bots play until a human must act or the game ends; steps made."""
        before = len(self.actions)
        self.runner.check = True
        try:
            self.runner.play()
        finally:
            self.runner.check = False
        return len(self.actions) - before

    def undo(self) -> bool:
        """Go back to the previous human decision (state and draw counts); False if none."""
        if not self._undo:
            return False
        snap = self._undo.pop()
        k = snap.steps
        del self.states[k + 1 :]
        del self.actions[k:]
        for cache in (self._texts, self._actors, self._trace, self._digests, self.pinned):
            del cache[k:]
        self.draws.restore(snap.draws)
        self.runner.decisions[:] = snap.decisions
        self.runner.state = self.states[-1]
        self.runner.steps = k
        return True

    def _apply(self, action: int, pinned: bool = False) -> None:
        """Apply an action unchecked (a record being re-applied, a checked submit)."""
        state = self.state
        if self.game.is_chance_node(state):
            # Drawn elsewhere or pinned, the node came up: keyed draws count it.
            count = getattr(self.draws, "count", None)
            if count is not None:
                count(self.game, state)
        self._pinning = pinned
        try:
            self.runner.submit(action)
        finally:
            self._pinning = False

    # --- why ------------------------------------------------------------------------------

    def meter_index(self, meter: int | str) -> int:
        """Index of a meter given by index, id, label or a part of one label only
        (case-insensitive); KeyError if none."""
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
        # a part of a label names the meter when only one label has it (`why joint`)
        parts = [i for i, m in enumerate(meters) if key and key in m.label.lower()]
        if len(parts) == 1:
            return parts[0]
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
    "Draws",
    "DrawsFactory",
    "IllegalActionError",
    "SeededStreams",
    "Session",
    "UnknownBotError",
    "WhyEntry",
    "describe_cause",
    "describe_change",
    "describe_source",
    "make_bot",
    "sample_chance",
    "state_digest",
    "stream_names",
    "stream_seed",
]
