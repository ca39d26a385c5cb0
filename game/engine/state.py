"""Immutable snapshot of one negotiation position.

A `State` is a plain value: hashable, comparable, picklable, cheap to share between the UI, bots and
batch processes. It is a `NamedTuple` rather than a frozen dataclass because building one
positionally is about twice as fast (measured in ARCHITECTURE.md: 1.1 µs against 2.2 µs), and the
engine builds one per applied action. Only `transitions.py` builds states.

`queue` holds the engine's pending work (events still to resolve this news phase, chance draws,
the next part of the turn): a state always rests at a decision — a player's, a chance draw's —
or at the end.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any, NamedTuple


class Phase(IntEnum):
    """What a state waits for. `State.phase` holds the plain int value (cheap to compare and
    stable in state digests); `Phase(state.phase)` names it."""

    CHANCE = 0
    """A chance draw: `Game.chance_outcomes`, `Game.pending_chance`."""
    ACT = 1
    """A side's part of the turn: moves, tabling, ending the part."""
    ANSWER = 2
    """A side answers the package on the table: accept, reject or counter."""
    TERMINAL = 3
    """The game is over."""


PH_CHANCE = int(Phase.CHANCE)
PH_ACT = int(Phase.ACT)
PH_ANSWER = int(Phase.ANSWER)
PH_TERMINAL = int(Phase.TERMINAL)
PHASE_NAMES = tuple(p.name.lower() for p in Phase)

# Player ids beyond the sides (OpenSpiel's convention)
CHANCE = -1
TERMINAL = -4

# Bits of `tabled_mask` beyond one bit per side
COUNTER_USED = 1 << 8


class Answer(IntEnum):
    """How the other side answered a package on the table (`Offer.answer`)."""

    OPEN = 0
    """Not answered yet: it is on the table."""
    ACCEPTED = 1
    """Accepted and sent home for ratification (see `Offer.ratified`, `Offer.refused_by`)."""
    REJECTED = 2
    COUNTERED = 3
    """Turned down with a counter-offer (the next entry of the history)."""


class Offer(NamedTuple):
    """One package put on the table, and what became of it: an entry of the public history of
    offers (`Observation.offers`). Everything here is public: who tabled what, the answer, the
    votes."""

    turn: int
    side: int
    """Side that tabled (or countered with) it."""
    package: int
    counter: bool
    """True when it was a counter-offer to the entry before it."""
    answer: int
    """An `Answer` value."""
    ratified: int
    """Bit per side whose home front ratified it."""
    refused_by: int
    """Side whose home front refused it, or -1."""


# The state's record of an offer is a plain tuple, cheap to build on the engine's fast path:
# (turn, side, package, flags, ratified, refused_by), flags = REC_COUNTER | REC_ACCEPTED bits.
# What became of it when it was not accepted (rejected, countered, still open) follows from the
# entries after it and the phase (see `offer_history`), so answering never rewrites the log.
REC_COUNTER = 1
REC_ACCEPTED = 2


def offer_history(state: State) -> tuple[Offer, ...]:
    """The public history of offers of `state`, answers worked out (see above)."""
    log = state.offers
    out = []
    last = len(log) - 1
    for i, (turn, side, pkg, flags, ratified, refused_by) in enumerate(log):
        if flags & REC_ACCEPTED:
            answer = Answer.ACCEPTED
        elif i < last and log[i + 1][3] & REC_COUNTER:
            answer = Answer.COUNTERED
        elif i == last and state.phase == int(Phase.ANSWER):
            answer = Answer.OPEN
        else:
            answer = Answer.REJECTED
        out.append(
            Offer(turn, side, pkg, bool(flags & REC_COUNTER), int(answer), ratified, refused_by)
        )
    return tuple(out)


class State(NamedTuple):
    """One position. Build only through the engine; read freely."""

    meters: tuple[int, ...]
    """Meter values, in the scenario's order."""
    flags: int
    """Bit i set when flag i is true."""
    statuses: tuple[int, ...]
    """Status index per territory."""
    turn: int
    """1-based turn number."""
    phase: int
    """A `Phase` value."""
    actor: int
    """Side acting or answering, or -1."""
    part: int
    """0 while the opening side has its part of the turn, 1 for the other side's part."""
    acted: int
    """Moves made in the current part."""
    used_turn: int
    """Bit per move instance made this turn."""
    used_game: int
    """Bit per `once` move instance made this game."""
    fired: int
    """Bit per event that has happened."""
    table: int
    """Package on the table (or ratified, at the end), or -1."""
    tabled_by: int
    """Side that tabled it, or -1."""
    tabled_mask: int
    """Bit per side that tabled this turn, plus COUNTER_USED."""
    hidden: tuple[int, ...]
    """Drawn flexibility level per side (-1 before the draw). Private: see observe()."""
    signals: tuple[tuple[tuple[int, float], ...], ...]
    """Per receiving side: (signalled level, accuracy) pairs received."""
    queue: tuple[tuple[Any, ...], ...]
    """Pending engine work; the head is the current chance draw when phase is PH_CHANCE."""
    ending: int
    """Index of the ending reached, or -1."""
    refusals: tuple[int, ...]
    """Per side: how many times its home front refused a package (R5.5)."""
    refused: tuple[int, ...]
    """Per side: of the packages its home front refused, the best for that side, or -1."""
    offers: tuple[tuple[int, int, int, int, int, int], ...]
    """Every package tabled so far, in order, and the votes on it (public): plain records,
    read them with `offer_history` (`Observation.offers`)."""
