"""What a side may see of a match: the other side's hidden draws stay hidden until the end.

    chance_visible(game.pending_chance(state), viewers={0})   # False for Japan at Russia's draw
    step_visible(game, session.states[i], viewers={0})        # the draw made at step i

The rule reads the engine's chance node (`Game.pending_chance`: its `kind`, `side` and
`receiver`), never its name: a side's own flexibility draw (FLEX) is seen by that side only, an
intelligence signal (REVEAL) by the side that receives it only; every other draw (events,
reactions, move branches, votes) is public. A step's node is the pending draw of the state before
it, which sessions and records keep. `viewers` is the set of sides a screen or transcript is shown
to; None means an onlooker who may see everything (a finished game, or bots on every side).
"""

from __future__ import annotations

from collections.abc import Collection

from game.engine import ChanceNode, Game, State, Work


def chance_node_of(text: str) -> str:
    """The node name of a chance action's text, for messages: `chance signal.a=soft` ->
    `signal.a`."""
    return text.removeprefix("chance ").partition("=")[0]


def seen_only_by(node: ChanceNode | None) -> int | None:
    """The one side that may see this draw's outcome, or None when it is public (or no draw)."""
    if node is None:
        return None
    if node.kind == Work.FLEX and node.side >= 0:
        return node.side
    if node.kind == Work.REVEAL and node.receiver >= 0:
        return node.receiver
    return None


def chance_visible(node: ChanceNode | None, viewers: Collection[int] | None) -> bool:
    """May any of `viewers` see the outcome of the draw `node` (None: not a draw)?"""
    if viewers is None:
        return True
    only = seen_only_by(node)
    return only is None or only in viewers


def step_visible(game: Game, before: State, viewers: Collection[int] | None) -> bool:
    """May any of `viewers` see what was drawn at `before` (True when it is not a draw)?"""
    return viewers is None or chance_visible(game.pending_chance(before), viewers)


def is_private(node: ChanceNode | None) -> bool:
    """True for a draw that some side may not see (a hidden limit, a signal)."""
    return seen_only_by(node) is not None


def viewers_for(finished: bool, human_sides: Collection[int]) -> set[int] | None:
    """Whom output is shown to: the human sides of an unfinished game; everyone otherwise."""
    if finished or not human_sides:
        return None
    return set(human_sides)


__all__ = [
    "chance_node_of",
    "chance_visible",
    "is_private",
    "seen_only_by",
    "step_visible",
    "viewers_for",
]
