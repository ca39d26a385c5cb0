"""The uniform random player: every legal action equally likely.

    bot = RandomBot()
    action = bot.choose(game, state, player, rng)   # rng: a seeded random.Random

It draws exactly one `rng.random()` per decision, so a seeded game replays exactly.
"""

from __future__ import annotations

import random

from game.engine import Game, State


class RandomBot:
    """Chooses uniformly among the legal actions (OpenSpiel's UniformRandomBot)."""

    name = "random"

    def choose(self, game: Game, state: State, player: int, rng: random.Random) -> int:
        """A legal action for `player`, uniformly at random."""
        legal = game.legal_actions(state)
        if not legal:
            raise ValueError("no legal action: the game is over or it is a chance node")
        return legal[int(rng.random() * len(legal))]

    def __repr__(self) -> str:
        return "RandomBot()"
