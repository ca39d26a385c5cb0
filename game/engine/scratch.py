"""The mutable working copy of a state during one `apply`, and the primitive world changes.

`Scratch` never escapes the engine: `transitions.Machine.apply` builds one from a `State`, the
rule functions and compiled effects change it in place, and `freeze` turns it into the next
`State`. Every change to a meter, flag or status goes through `set_meter`, `flag_setter` or
`set_status`, which append to the why-log when a trace is being kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.engine.state import State
from game.engine.trace import Cause, Change

OpFn = Callable[["Scratch"], None]
"""A compiled effect."""


class Scratch:
    """Mutable working copy of a state during one apply (never escapes the engine)."""

    __slots__ = (
        "acted",
        "actor",
        "cause",
        "deadline",
        "deal",
        "ending",
        "fired",
        "flags",
        "hidden",
        "meters",
        "offers",
        "part",
        "phase",
        "queue",
        "refusals",
        "refused",
        "signals",
        "spawn",
        "statuses",
        "table",
        "tabled_by",
        "tabled_mask",
        "trace",
        "turn",
        "used_game",
        "used_turn",
    )

    def __init__(self, s: State, trace: list[Change] | None) -> None:
        self.meters = list(s.meters)
        self.flags = s.flags
        self.statuses = list(s.statuses)
        self.turn = s.turn
        self.phase = s.phase
        self.actor = s.actor
        self.part = s.part
        self.acted = s.acted
        self.used_turn = s.used_turn
        self.used_game = s.used_game
        self.fired = s.fired
        self.table = s.table
        self.tabled_by = s.tabled_by
        self.tabled_mask = s.tabled_mask
        self.hidden = s.hidden
        self.signals = s.signals
        self.queue = list(s.queue)
        self.ending = s.ending
        self.refusals = s.refusals
        self.refused = s.refused
        self.offers = s.offers
        self.trace = trace
        self.spawn: list[tuple[Any, ...]] = []
        self.cause: Cause | None = None
        self.deal = False
        self.deadline = False

    def freeze(self) -> State:
        # tuple.__new__ skips the NamedTuple constructor's argument handling (one per apply)
        return tuple.__new__(
            State,
            (
                tuple(self.meters),
                self.flags,
                tuple(self.statuses),
                self.turn,
                self.phase,
                self.actor,
                self.part,
                self.acted,
                self.used_turn,
                self.used_game,
                self.fired,
                self.table,
                self.tabled_by,
                self.tabled_mask,
                self.hidden,
                self.signals,
                tuple(self.queue),
                self.ending,
                self.refusals,
                self.refused,
                self.offers,
            ),
        )

    def recorded(self, flags: int, ratified: int, refused_by: int) -> None:
        """Add to the record of the last offer (`State.offers`): flag bits, a side whose home
        front ratified it, the side whose home front refused it (none: a state built by hand)."""
        if not self.offers:
            return
        t, side, pkg, f, r, x = self.offers[-1]
        entry = (t, side, pkg, f | flags, r | ratified, refused_by if refused_by >= 0 else x)
        self.offers = (*self.offers[:-1], entry)

    def note(self, text: str) -> None:
        if self.trace is not None and self.cause is not None:
            self.trace.append(Change("note", -1, 0, 0, self.cause, text))


_HUGE = 2**63


def round_int(x: float) -> int:
    """`x` rounded; infinity becomes a huge whole number (clamped by the meter) and NaN 0."""
    if type(x) is int:
        return x
    try:
        return round(x)
    except (OverflowError, ValueError):  # only a scenario that failed validation (L022)
        return 0 if x != x else (_HUGE if x > 0 else -_HUGE)


def set_meter(c: Scratch, i: int, value: int, lo: int, hi: int) -> None:
    if value < lo:
        value = lo
    elif value > hi:
        value = hi
    old = c.meters[i]
    if value != old:
        c.meters[i] = value
        if c.trace is not None and c.cause is not None:
            c.trace.append(Change("meter", i, old, value, c.cause))


def flag_setter(flag: int, value: bool) -> OpFn:
    bit = 1 << flag

    def set_flag(c: Scratch) -> None:
        old = (c.flags & bit) != 0
        if old != value:
            c.flags = c.flags | bit if value else c.flags & ~bit
            if c.trace is not None and c.cause is not None:
                c.trace.append(Change("flag", flag, int(old), int(value), c.cause))

    return set_flag


def set_status(c: Scratch, t: int, value: int) -> None:
    old = c.statuses[t]
    if old != value:
        c.statuses[t] = value
        if c.trace is not None and c.cause is not None:
            c.trace.append(Change("status", t, old, value, c.cause))
