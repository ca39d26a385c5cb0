"""What one side can see: `observe(state, player)` (docs/rules.md R7.2).

Everything in the world is public except each side's drawn flexibility. A side sees its own level
and its own true reservation level; of the other side it sees only a belief over the other's
levels (the prior updated by the signals it received) and the reservation level that belief
implies: a mean, a spread and a range. Two states that differ only in the other side's hidden
draw, or in signals the other side received, give equal observations. The public history of
offers (who tabled which package, how it was answered, how the home fronts voted) is part of the
view, for inference (`game.ai.beliefs`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.engine.memo import remember
from game.engine.state import Offer, State, offer_history
from game.engine.values import signal_likelihood

if TYPE_CHECKING:
    from game.engine.rules import FlexLevelInfo
    from game.engine.transitions import Machine


@dataclass(frozen=True, slots=True)
class Observation:
    """One side's view of a state."""

    player: int
    turn: int
    date: str
    phase: int
    actor: int
    """Side to act or answer, -1 at a chance draw or the end."""
    meters: tuple[int, ...]
    flags: int
    statuses: tuple[int, ...]
    table: int
    tabled_by: int
    tabled_mask: int
    acted: int
    used_turn: int
    used_game: int
    ending: int
    own_level: int
    """The player's own drawn flexibility level (-1 before the draw)."""
    own_reservation: float
    """The player's true reservation level."""
    belief: tuple[float, ...]
    """Probability of each of the other side's flexibility levels."""
    estimate: float
    """Expected reservation level of the other side under the belief."""
    spread: float
    """Standard deviation of that estimate."""
    low: float
    """Lowest reservation level of the other side with positive belief."""
    high: float
    """Highest reservation level of the other side with positive belief."""
    signals: tuple[tuple[int, float], ...]
    """Signals the player received about the other side: (level, accuracy)."""
    refusals: tuple[int, ...] = ()
    """Per side: how many packages its home front refused (public, R5.5)."""
    refused: tuple[int, ...] = ()
    """Per side: the best package for it that its home front refused, or -1 (public, R5.5)."""
    offers: tuple[Offer, ...] = ()
    """The public history of offers: every package tabled, by whom, its answer and votes."""


OBSERVED_CACHE = 4096
"""What observers saw of the other side (`observe`), remembered per machine before it forgets."""
BELIEF_CACHE = 4096
"""Beliefs `belief` remembers before it forgets them all."""

_BELIEFS: dict[tuple[tuple[float, ...], tuple[tuple[int, float], ...]], tuple[float, ...]] = {}
"""`belief` by its arguments (a pure cache: every observation and every lookahead state a bot
values asks it, of few priors and signal histories)."""


def belief(prior: tuple[float, ...], signals: tuple[tuple[int, float], ...]) -> tuple[float, ...]:
    """The prior over levels updated by Bayes' rule on each signal (R7.2)."""
    key = (prior, signals)
    try:
        found = _BELIEFS.get(key)
    except TypeError:  # a list given: worked out, not remembered
        return _belief(prior, signals)
    if found is None:
        found = remember(_BELIEFS, key, _belief(prior, signals), BELIEF_CACHE)
    return found


def _belief(prior: tuple[float, ...], signals: tuple[tuple[int, float], ...]) -> tuple[float, ...]:
    n = len(prior)
    weights = list(prior)
    for level, acc in signals:
        for j in range(n):
            weights[j] *= signal_likelihood(n, j, acc)[level]
    total = sum(weights)
    if total <= 0.0:
        return prior
    return tuple(w / total for w in weights)


def observe(m: Machine, s: State, player: int) -> Observation:
    """The view of state `s` for side `player`."""
    r = m.rules
    other = 1 - player
    signals = s.signals[player]
    base = m.base_reservation(other, s)
    # what it sees of the other side is a function of these alone (a pure cache per machine)
    key = (other, base, signals)
    seen = m.observed.get(key)
    if seen is None:
        levels = r.sides[other].flex_levels
        seen = remember(m.observed, key, _other_side(levels, base, signals), OBSERVED_CACHE)
    b, mean, spread, low, high = seen
    date = r.turn_dates[min(s.turn, len(r.turn_dates)) - 1] if r.turn_dates else ""
    return Observation(
        player,
        s.turn,
        date,
        s.phase,
        s.actor,
        s.meters,
        s.flags,
        s.statuses,
        s.table,
        s.tabled_by,
        s.tabled_mask,
        s.acted,
        s.used_turn,
        s.used_game,
        s.ending,
        s.hidden[player],
        m.reservation(player, s, s.hidden[player]),
        b,
        mean,
        spread,
        low,
        high,
        signals,
        s.refusals,
        s.refused,
        offer_history(s),
    )


def _other_side(
    levels: tuple[FlexLevelInfo, ...], base: float, signals: tuple[tuple[int, float], ...]
) -> tuple[tuple[float, ...], float, float, float, float]:
    """The other side as an observer sees it: its belief over the other's levels (the prior
    updated on its signals), and the mean, spread, lowest and highest of the reservation levels
    that belief allows, the other's base reservation being `base`."""
    b = belief(tuple(lv.p for lv in levels), signals)
    values = [base - lv.value for lv in levels]
    mean = sum(p * v for p, v in zip(b, values, strict=True))
    var = sum(p * (v - mean) ** 2 for p, v in zip(b, values, strict=True))
    live = [v for p, v in zip(b, values, strict=True) if p > 1e-9] or values
    return b, mean, math.sqrt(var), min(live), max(live)
