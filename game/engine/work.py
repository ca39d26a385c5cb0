"""The engine's pending work: the kinds of items in `State.queue`.

A state always rests at a decision; what the engine still has to do before the next one (the
rest of the news, a reaction, a chance draw, the next part of the turn) waits in the queue as
tuples `(kind, a, b, ...)`. The kinds in `CHANCY` are chance draws: at the head of the queue
they make the state a chance node.
"""

from __future__ import annotations

# Work items: (kind, a, b, ...)
W_FLEX = 0  # (W_FLEX, side): draw a side's hidden flexibility
W_TURN_START = 1  # capital, drift, then news and the first part
W_NEWS = 2  # (W_NEWS, first event index to consider)
W_START_PART = 3  # (W_START_PART, part)
W_FIRE = 4  # (W_FIRE, src, index): does a random event/reaction happen?
W_APPLY = 5  # (W_APPLY, src, index): an event/reaction happens
W_REACT = 6  # (W_REACT, reaction index)
W_OUTCOMES = 7  # (W_OUTCOMES, src, index): which branch
W_REVEAL = 8  # (W_REVEAL, about, receiver, accuracy)
W_RATIFY = 9  # (W_RATIFY, side)
W_DEAL = 10
W_NEXT = 11  # after an answer: the second part, or the end of the turn
W_END_TURN = 12
W_RESUME = 13  # (W_RESUME, phase, actor): back to the player after a move's chance draws

SRC_MOVE, SRC_EVENT, SRC_REACTION = 0, 1, 2
CHANCY = frozenset({W_FLEX, W_FIRE, W_OUTCOMES, W_REVEAL, W_RATIFY})
