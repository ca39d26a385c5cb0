"""Keyed random draws: every draw comes from a hash of the seed and of what the draw is for.

A chance draw is keyed by (seed, chance node, turn, occurrence of that node in the turn); a bot's
generator by (seed, side, that side's decision number). A draw does not depend on how many other
draws came before it, so the same seed gives the same weather, polls and summits whatever the
players did, a what-if that changes one decision leaves every other draw alone, and a replay can
re-derive each draw from the seed alone.

    draws = KeyedDraws(game, seed)
    action = draws.chance(game, state)       # at a chance node: the outcome the seed picks
    draws.count(game, state)                 # or: an outcome given from outside (pinned)
    rng = draws.bot_rng(side, decision)      # a fresh generator for a side's n-th decision

Keys are hashed with sha256 over a JSON list (never `hash()`, which is randomised per process);
a chance draw is one uniform number in [0, 1) made from 53 bits of the digest, and a bot's
generator is a `random.Random` seeded with 128 bits of it.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass

from game.engine import Game, State

DRAW_SCHEME = "sha256-keyed/1"
"""Names how draws are derived from the seed; records carry it, replays check it."""


@dataclass(frozen=True, slots=True)
class ChanceKey:
    """What a chance draw is for: its node, its turn and how many times the node came before."""

    node: str
    """The engine's name of the draw (`flexibility.russia`, `summit`, `ratify.japan` ...)."""
    turn: int
    occurrence: int
    """0 for the first draw of `node` in `turn`, 1 for the second ..."""

    def __str__(self) -> str:
        return f"{self.node} (turn {self.turn}, #{self.occurrence + 1})"


def _digest(seed: int, *parts: str | int) -> bytes:
    text = json.dumps(["four-islands", DRAW_SCHEME, int(seed), *parts], separators=(",", ":"))
    return hashlib.sha256(text.encode()).digest()


def chance_uniform(seed: int, key: ChanceKey) -> float:
    """The uniform number in [0, 1) that the seed gives the draw `key`."""
    d = _digest(seed, "chance", key.node, key.turn, key.occurrence)
    return (int.from_bytes(d[:8], "big") >> 11) / float(1 << 53)


def bot_seed(seed: int, side_id: str, decision: int) -> int:
    """The integer seed of side `side_id`'s generator for its decision number `decision`."""
    return int.from_bytes(_digest(seed, "bot", side_id, decision)[:16], "big")


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


class KeyedDraws:
    """The keyed draws of one match (a runner's draw source): counts each node's draws per turn.

    `chance` picks and counts the pending draw; `count` counts one resolved from outside (a
    pinned outcome, a replayed step); `peek` picks without counting. `bot_rng(side, decision)`
    is a fresh generator per decision: bots keep no state between decisions.
    """

    __slots__ = ("_counts", "_side_ids", "seed")

    def __init__(self, game: Game, seed: int) -> None:
        self.seed = int(seed)
        self._side_ids = tuple(side.id for side in game.rules.sides)
        self._counts: dict[tuple[int, str], int] = {}

    def chance_key(self, game: Game, state: State) -> ChanceKey:
        """The key of the draw pending at chance node `state`."""
        node = game.chance_node(state)
        return ChanceKey(node, state.turn, self._counts.get((state.turn, node), 0))

    def peek(self, game: Game, state: State) -> int:
        """The outcome (action id) the seed picks at chance node `state`, not counted."""
        u = chance_uniform(self.seed, self.chance_key(game, state))
        return sample_chance(game.chance_outcomes(state), u)

    def count(self, game: Game, state: State) -> None:
        """Count the draw pending at `state` as made (whoever resolved it)."""
        key = (state.turn, game.chance_node(state))
        self._counts[key] = self._counts.get(key, 0) + 1

    def chance(self, game: Game, state: State) -> int:
        """The outcome the seed picks at chance node `state`, counted."""
        action = self.peek(game, state)
        self.count(game, state)
        return action

    def bot_rng(self, side: int, decision: int) -> random.Random:
        """A fresh generator for side `side`'s decision number `decision` (0-based)."""
        return random.Random(bot_seed(self.seed, self._side_ids[side], decision))

    def snapshot(self) -> dict[tuple[int, str], int]:
        """A copy of the counts (undo, what-if branches)."""
        return dict(self._counts)

    def restore(self, snap: dict[tuple[int, str], int]) -> None:
        """Go back to counts taken with `snapshot`."""
        self._counts = dict(snap)


__all__ = [
    "DRAW_SCHEME",
    "ChanceKey",
    "KeyedDraws",
    "bot_seed",
    "chance_uniform",
    "sample_chance",
]
