"""What a side may see of a match: the other side's hidden draws stay hidden until the end.

    chance_visible(game, "chance flexibility.russia=hard", viewers={0})   # False for Japan

`viewers` is the set of sides a screen or transcript is shown to; None means an onlooker who may
see everything (a finished game, or bots on every side).
"""

from __future__ import annotations

from collections.abc import Collection

from game.engine import Game


def chance_node_of(text: str) -> str:
    """The node of a chance action's text: `chance signal.a=soft` -> `signal.a`."""
    return text.removeprefix("chance ").partition("=")[0]


def chance_visible(game: Game, text: str, viewers: Collection[int] | None) -> bool:
    """May any of `viewers` see this chance outcome (a node name or a chance action's text)?"""
    if viewers is None:
        return True
    kind, _, side_id = chance_node_of(text).partition(".")
    ids = [s.id for s in game.rules.sides]
    if kind == "flexibility" and side_id in ids:
        return ids.index(side_id) in viewers
    if kind == "signal" and side_id in ids:
        # A signal about a side is received by the other side.
        return any(v != ids.index(side_id) for v in viewers)
    return True


def is_private(game: Game, text: str) -> bool:
    """True for a draw that some side may not see (a hidden limit, a signal)."""
    return not all(chance_visible(game, text, {side}) for side in range(len(game.rules.sides)))


def viewers_for(finished: bool, human_sides: Collection[int]) -> set[int] | None:
    """Whom output is shown to: the human sides of an unfinished game; everyone otherwise."""
    if finished or not human_sides:
        return None
    return set(human_sides)


__all__ = ["chance_node_of", "chance_visible", "is_private", "viewers_for"]
