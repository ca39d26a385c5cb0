"""The greedy bot: one ply over the scenario's own valuation, and nothing kept between decisions.

    bot = GreedyBot(iters=24)
    action = bot.choose(game, state, player, rng)

It is the `rules` bot (see `rules_bot`) made stateless: every move is valued by one ply of
lookahead on the endings' scores plus the deal prospects (at most `iters` valued states a
decision), it tables the package with the best expected value, and it accepts what beats
rejecting. The `rules` bot's memos (the package it tabled last, the rest of a part's move plan)
are dropped before every decision, so undo, load and what-if replays stay exact; `rules` stays
in the registry as the same player with its memos, for old records. Only pure caches remain.
"""

from __future__ import annotations

import random

from game.ai.rules_bot import RulesBot
from game.engine import Game, State


class GreedyBot(RulesBot):
    """One-ply lookahead on the endings' scores and deal prospects; no memory."""

    name = "greedy"

    def __init__(
        self,
        iters: int = 24,
        margin: float = 1.0,
        moves: int = 2,
        reserve: int = 1,
        shortlist: int = 4,
        hope: float = 0.6,
        table_gain: float = 0.1,
    ) -> None:
        """Args:
        iters: valued leaf states per move decision (the search budget; 0: no moves).
        margin: utility above its own reservation level it asks before accepting.
        moves: moves it makes at most in one part.
        reserve: capital it keeps unspent unless a move is clearly worth it.
        shortlist: packages whose prospects the lookahead follows (1..64).
        hope: weight of its future prospects against a package on the table now (0..1).
        table_gain: least gain over the no-deal score worth tabling a package.
        """
        if not 0 <= iters <= 100_000:
            raise ValueError(f"iters={iters} is out of range 0..100000")
        if not 1 <= shortlist <= 64:
            raise ValueError(f"shortlist={shortlist} is out of range 1..64")
        if not 0.0 <= hope <= 1.0:
            raise ValueError(f"hope={hope} is out of range 0..1")
        if not 0 <= moves <= 16 or not 0 <= reserve <= 100:
            raise ValueError("moves must be in 0..16 and reserve in 0..100")
        super().__init__(
            margin=margin,
            budget=iters,
            moves=moves,
            reserve=reserve,
            shortlist=shortlist,
            hope=hope,
            table_gain=table_gain,
        )

    def __repr__(self) -> str:
        return (
            f"GreedyBot(iters={self.budget}, margin={self.margin}, moves={self.moves}, "
            f"reserve={self.reserve}, shortlist={self.shortlist}, hope={self.hope})"
        )

    def choose(self, game: Game, state: State, player: int, rng: random.Random) -> int:
        """A legal action for `player`; nothing from earlier decisions is used."""
        self._tabled.clear()
        self._plans.clear()
        return super().choose(game, state, player, rng)
