"""The engine's pending work: the kinds of items in `State.queue`.

A state always rests at a decision; what the engine still has to do before the next one (the
rest of the news, a reaction, a chance draw, the next part of the turn) waits in the queue as
tuples `(kind, a, b, ...)`. The kinds in `CHANCY` are chance draws: at the head of the queue
they make the state a chance node.
"""

from __future__ import annotations

from enum import IntEnum


class Work(IntEnum):
    """Kinds of work items `(kind, a, b, ...)`. Queues hold the plain int values (cheap to
    dispatch on and stable in state digests); `Work(item[0])` names one."""

    FLEX = 0
    """(FLEX, side): draw a side's hidden flexibility."""
    TURN_START = 1
    """Capital, drift, then news and the first part."""
    NEWS = 2
    """(NEWS, first event index to consider)."""
    START_PART = 3
    """(START_PART, part)."""
    FIRE = 4
    """(FIRE, src, index): does a random event or reaction happen?"""
    APPLY = 5
    """(APPLY, src, index): an event or reaction happens."""
    REACT = 6
    """(REACT, reaction index)."""
    OUTCOMES = 7
    """(OUTCOMES, src, index): which branch."""
    REVEAL = 8
    """(REVEAL, about, receiver, accuracy): an intelligence signal."""
    RATIFY = 9
    """(RATIFY, side): a home front votes on the package on the table."""
    DEAL = 10
    """Both home fronts ratified: the deal's effects and the ending."""
    NEXT = 11
    """After an answer: the second part, or the end of the turn."""
    END_TURN = 12
    """The end of a turn: an ending, or the next turn."""
    RESUME = 13
    """(RESUME, phase, actor): back to the player after a move's chance draws."""


W_FLEX = int(Work.FLEX)
W_TURN_START = int(Work.TURN_START)
W_NEWS = int(Work.NEWS)
W_START_PART = int(Work.START_PART)
W_FIRE = int(Work.FIRE)
W_APPLY = int(Work.APPLY)
W_REACT = int(Work.REACT)
W_OUTCOMES = int(Work.OUTCOMES)
W_REVEAL = int(Work.REVEAL)
W_RATIFY = int(Work.RATIFY)
W_DEAL = int(Work.DEAL)
W_NEXT = int(Work.NEXT)
W_END_TURN = int(Work.END_TURN)
W_RESUME = int(Work.RESUME)

SRC_MOVE, SRC_EVENT, SRC_REACTION = 0, 1, 2
CHANCY = frozenset({W_FLEX, W_FIRE, W_OUTCOMES, W_REVEAL, W_RATIFY})
