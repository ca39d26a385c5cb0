"""Players that are not bots: a scripted line per turn.

    japan = ScriptedTurns({1: ["move summit", "end"], 2: ["table habomai=transfer ..."]},
                          then=make_bot("random"))
    Runner(game, seed, [japan, make_bot("rules")]).play()

At each of its decisions in turn t the player makes the next action listed for turn t. When the
turn's list is used up it asks `then` (a bot), or else ends its part (`end`) or, when answering,
rejects. A scripted line keeps a cursor per turn, so make one per game.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from game.ai.base import Bot
from game.engine import ActionError, Game, State


class ScriptedLineError(ValueError):
    """A scripted action that is not legal where the line plays it."""


class ScriptedTurns:
    """Plays listed actions per turn, then a fallback bot (or `end` / `reject`)."""

    name = "script"

    def __init__(self, turns: Mapping[int, Sequence[str]], then: Bot | None = None) -> None:
        self.turns = {int(t): list(actions) for t, actions in turns.items()}
        self.then = then
        self._used: dict[int, int] = {}

    def choose(self, game: Game, state: State, player: int, rng: random.Random) -> int:
        """The next scripted action of this turn, or the fallback."""
        turn = state.turn
        listed = self.turns.get(turn, [])
        k = self._used.get(turn, 0)
        if k < len(listed):
            self._used[turn] = k + 1
            text = listed[k]
            try:
                return game.parse_action(state, text)
            except ActionError as exc:
                side = game.rules.sides[player].id
                raise ScriptedLineError(
                    f"{side}, turn {turn}, action {k + 1} ({text!r}): {exc}"
                ) from None
        if self.then is not None:
            return self.then.choose(game, state, player, rng)
        legal = game.legal_actions(state)
        for text in ("end", "reject"):
            try:
                action = game.parse_action(state, text)
            except ActionError:
                continue
            if action in legal:
                return action
        return legal[0]


__all__ = ["ScriptedLineError", "ScriptedTurns"]
