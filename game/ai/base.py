"""The bot protocol: how computer players choose actions.

A bot sees the `Game` and the state of the game (it should only *use* what
`game.observe(state, player)` shows its side; bots that peek at hidden limits say so in their
name), draws every random number from the injected `rng` (never the global generator), and spends
at most `budget` iterations of its own search, so a seeded game replays exactly.
"""

from __future__ import annotations

import random
from typing import Protocol

from game.engine import Game, State


class Bot(Protocol):
    """A computer player."""

    name: str
    """Registry name, e.g. `random` or `rules`."""

    def choose(self, game: Game, state: State, player: int, rng: random.Random) -> int:
        """Return a legal action for `player`, who is to move in `state`."""
        ...
