"""The pending chance draw, described for drivers and bots: `Game.pending_chance(state)`.

A `ChanceNode` says what is being drawn (its `Work` kind and name, the outcome names by index),
which side it concerns, and whose hidden flexibility it sets or depends on (`hidden_side`): the
flexibility draw sets that side's level; a signal's odds and a ratification vote's odds depend
on that side's level. A side that is not `hidden_side` must not use the engine's odds of such a
draw (they read the hidden state): `Game.believed_chance_outcomes` gives the odds under its
belief instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.engine.actions import chance_node_name, outcome_names
from game.engine.transitions import Machine
from game.engine.work import W_FLEX, W_RATIFY, W_REVEAL, Work


@dataclass(frozen=True, slots=True)
class ChanceNode:
    """The chance draw a state waits for."""

    kind: Work
    """FLEX (a hidden flexibility level), FIRE (does a random event or reaction happen),
    OUTCOMES (which branch of a move, event or reaction), REVEAL (an intelligence signal) or
    RATIFY (a home front's vote)."""
    name: str
    """As in the action grammar: `flexibility.japan`, `e_drill`, `signal.russia`,
    `ratify.japan`."""
    outcomes: tuple[str, ...]
    """Outcome names by outcome index (the chance action)."""
    side: int
    """The side drawn, signalled about or voting; -1 for events, reactions and move branches."""
    hidden_side: int
    """The side whose hidden level this draw sets (FLEX) or whose hidden level its odds depend
    on (REVEAL, RATIFY); -1 when the odds are public."""
    receiver: int = -1
    """For a signal: the side that receives it."""
    accuracy: float = 1.0
    """For a signal: the chance it names the true level."""


def describe(m: Machine, item: tuple[Any, ...]) -> ChanceNode:
    """The `ChanceNode` of a chancy work item."""
    kind = item[0]
    name, outcomes = chance_node_name(m, item), outcome_names(m, item)
    if kind in (W_FLEX, W_RATIFY):
        return ChanceNode(Work(kind), name, outcomes, item[1], item[1])
    if kind == W_REVEAL:
        return ChanceNode(Work(kind), name, outcomes, item[1], item[1], item[2], item[3])
    return ChanceNode(Work(kind), name, outcomes, -1, -1)
