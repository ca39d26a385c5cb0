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

How (the scheme `keyed-splitmix64/1`, written once here): sha256 of a JSON list gives 64 bits
for the seed and for each name (`["chance", node]`, `["bot", side]`; never `hash()`, which is
randomised per process); `mix64(seed_bits ^ name_bits)` is the key of that name in that game, and
splitmix64 (Steele, Lea and Flood 2014) mixes the key with the turn and occurrence, or with the
decision number, in a few integer operations. A chance draw is the top 53 bits of
`mix64(node_key + (turn << 32 | occurrence) * GOLDEN)` over 2**53. A bot's generator is a
`random.Random` whose draw i is `mix64(side_key + (decision << 20 | i) * GOLDEN)` for the first
16, and which becomes a Mersenne Twister seeded with its state if a bot wants more (search bots):
seeding a Twister costs more than a whole step of a cheap game, and most bots draw once or never.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
from dataclasses import dataclass
from typing import Any

from game.engine import Game, State

DRAW_SCHEME = "keyed-splitmix64/1"
"""Names how draws are derived from the seed; records carry it, replays check it."""

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
_UNIT = 1.0 / (1 << 53)
_STRIDE = (_GOLDEN << 20) & _MASK
"""Decisions are 2**20 draws apart on a side's splitmix64 line: no two fast paths overlap."""


def _mix64(z: int) -> int:
    """splitmix64's finaliser: a 64-bit integer to a well-mixed 64-bit integer."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def _sha64(*parts: str | int) -> int:
    text = json.dumps(["four-islands", DRAW_SCHEME, *parts], separators=(",", ":"))
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


@functools.lru_cache(maxsize=4096)
def _name64(kind: str, name: str) -> int:
    return _sha64(kind, name)


def _key64(seed: int, kind: str, name: str) -> int:
    """The key of (seed, kind, name): the seed's hash mixed with the name's (both sha256)."""
    return _mix64(_sha64(int(seed)) ^ _name64(kind, name))


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


def _uniform(node_key: int, turn: int, occurrence: int) -> float:
    z = _mix64((node_key + ((turn << 32) | occurrence) * _GOLDEN) & _MASK)
    return (z >> 11) * _UNIT


def chance_uniform(seed: int, key: ChanceKey) -> float:
    """The uniform number in [0, 1) that the seed gives the draw `key`."""
    return _uniform(_key64(seed, "chance", key.node), key.turn, key.occurrence)


def bot_seed(seed: int, side_id: str, decision: int) -> int:
    """The 64-bit start of side `side_id`'s generator for its decision number `decision`."""
    return (_key64(seed, "bot", side_id) + decision * _STRIDE) & _MASK


class KeyedRandom(random.Random):
    """A `random.Random` for one decision: cheap to key, the first draws straight from splitmix64.

    Draw i (from 1) of the fast path is `mix64(start + i * GOLDEN)`. After `FAST` draws, or at any
    call the fast path does not cover (`getstate`, `seed`, wide `getrandbits`), it becomes a
    Mersenne Twister seeded with its splitmix64 state, until `rekey`.
    """

    FAST = 16

    def __new__(cls, start: int) -> KeyedRandom:
        # The C base seeds itself from its first argument: 0 is the cheapest seed to ignore.
        return super().__new__(cls, 0)  # type: ignore[call-arg]

    def __init__(self, start: int) -> None:
        self._twisted = False
        self.rekey(start)

    def rekey(self, start: int) -> None:
        """Start over from `start`, as if new (the fast path again)."""
        self._state = start & _MASK
        self._left = self.FAST
        self.gauss_next = None
        if self._twisted:
            self._twisted = False
            del self.__dict__["random"], self.__dict__["getrandbits"]

    def random(self) -> float:
        """The next float in [0, 1)."""
        if self._left:
            self._left -= 1
            self._state = s = (self._state + _GOLDEN) & _MASK
            return (_mix64(s) >> 11) * _UNIT
        self._twister(self._state)
        return super().random()

    def getrandbits(self, k: int, /) -> int:
        """The next `k` random bits as an integer."""
        if self._left and 0 < k <= 64:
            self._left -= 1
            self._state = s = (self._state + _GOLDEN) & _MASK
            return _mix64(s) >> (64 - k)
        self._twister(self._state)
        return super().getrandbits(k)

    def seed(self, a: Any = None, version: int = 2) -> None:
        """Seed the Twister (the fast path ends)."""
        self._twister(None)
        super().seed(a, version)

    def getstate(self) -> tuple[Any, ...]:
        """The Twister's state (the fast path ends)."""
        if not self._twisted:
            self._twister(self._state)
        return super().getstate()

    def setstate(self, state: tuple[Any, ...]) -> None:
        """Set the Twister's state (the fast path ends)."""
        self._twister(None)
        super().setstate(state)

    def _twister(self, seed: int | None) -> None:
        self._left = 0
        if seed is not None:
            super().seed(seed)
        if not self._twisted:
            self._twisted = True
            # From now on the Twister's own methods answer directly (no Python call per draw).
            self.__dict__["random"] = super().random
            self.__dict__["getrandbits"] = super().getrandbits


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

    __slots__ = ("_counts", "_node_keys", "_rngs", "_seed64", "_side_keys", "seed")

    def __init__(self, game: Game, seed: int) -> None:
        self.seed = int(seed)
        self._seed64 = _sha64(self.seed)
        self._side_keys = tuple(
            _mix64(self._seed64 ^ _name64("bot", side.id)) for side in game.rules.sides
        )
        self._node_keys: dict[str, int] = {}
        self._counts: dict[tuple[int, str], int] = {}
        self._rngs: list[KeyedRandom | None] = [None] * len(self._side_keys)

    def chance_key(self, game: Game, state: State) -> ChanceKey:
        """The key of the draw pending at chance node `state`."""
        node = game.chance_node(state)
        return ChanceKey(node, state.turn, self._counts.get((state.turn, node), 0))

    def _node_key(self, node: str) -> int:
        key = self._node_keys.get(node)
        if key is None:
            key = self._node_keys[node] = _mix64(self._seed64 ^ _name64("chance", node))
        return key

    def peek(self, game: Game, state: State) -> int:
        """The outcome (action id) the seed picks at chance node `state`, not counted."""
        node = game.chance_node(state)
        turn = state.turn
        u = _uniform(self._node_key(node), turn, self._counts.get((turn, node), 0))
        return sample_chance(game.chance_outcomes(state), u)

    def count(self, game: Game, state: State) -> None:
        """Count the draw pending at `state` as made (whoever resolved it)."""
        key = (state.turn, game.chance_node(state))
        self._counts[key] = self._counts.get(key, 0) + 1

    def chance(self, game: Game, state: State) -> int:
        """The outcome the seed picks at chance node `state`, counted."""
        node = game.chance_node(state)
        turn = state.turn
        key = (turn, node)
        counts = self._counts
        occurrence = counts.get(key, 0)
        counts[key] = occurrence + 1
        node_key = self._node_keys.get(node)
        if node_key is None:
            node_key = self._node_key(node)
        u = _uniform(node_key, turn, occurrence)
        return sample_chance(game.chance_outcomes(state), u)

    def bot_rng(self, side: int, decision: int) -> random.Random:
        """The generator for side `side`'s decision number `decision` (0-based).

        One object per side, re-keyed at each decision (making one costs more than a cheap
        bot's whole decision): valid for that decision only, as bots keep no state between them.
        """
        start = (self._side_keys[side] + decision * _STRIDE) & _MASK
        rng = self._rngs[side]
        if rng is None:
            rng = self._rngs[side] = KeyedRandom(start)
        else:
            rng.rekey(start)
        return rng

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
    "KeyedRandom",
    "bot_seed",
    "chance_uniform",
    "sample_chance",
]
