"""What the view reads of a match, and which of its steps a side may see.

Any object with these read-only attributes will do: `game.match.Session` today, the steppable
runner tomorrow. The view never changes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from game.engine import CHANCE, PH_ACT, PH_ANSWER, Change, Game, State
from game.match import step_visible


class MatchLog(Protocol):
    """A match as the view reads it: the states, and per step its actor, text and why-log."""

    @property
    def game(self) -> Game:
        """The rules being played."""

    @property
    def states(self) -> Sequence[State]:
        """Every state, the initial one first."""

    @property
    def actions(self) -> Sequence[int]:
        """Every action applied."""

    @property
    def actors(self) -> Sequence[int]:
        """Who made each step: a side index or CHANCE."""

    @property
    def texts(self) -> Sequence[str]:
        """Each step's action as text."""

    @property
    def trace(self) -> Sequence[Sequence[Change]]:
        """The why-log of each step."""


def draw_visible(log: MatchLog, step: int, viewer: int | None) -> bool:
    """May `viewer` see what step `step` (0-based) drew? (None: an observer who sees everything.)

    A side's own flexibility draw is private to it; a signal goes to the side that receives it
    (`game.match.step_visible`, the one rule for transcripts and views, read from the engine's
    chance node at the state before the step).
    """
    return step_visible(log.game, log.states[step], None if viewer is None else {viewer})


def last_decision(log: MatchLog, viewer: int) -> int:
    """Step index of the viewer's last decision, or -1."""
    actors = log.actors
    for i in range(len(actors) - 1, -1, -1):
        if actors[i] == viewer:
            return i
    return -1


def first_decision(log: MatchLog) -> State | None:
    """The first state where a side decides (after the opening draws and news), or None."""
    return next((st for st in log.states if st.phase in (PH_ACT, PH_ANSWER)), None)


def is_chance(actor: int) -> bool:
    """True for a chance step."""
    return actor == CHANCE
