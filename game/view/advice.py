"""The computer's judgement as the front ends show it: the answer model and the advisors.

Both come from `game.ai.advisors` and use only what the viewer may know (its observation and
belief), never the other side's hidden draw.
"""

from __future__ import annotations

from collections.abc import Mapping

from game.ai.advisors import advisor_verdicts, answer_probability
from game.ai.base import Bot
from game.engine import Game, Observation, State
from game.view.packages import AnswerModel


def answer_model_for(players: Mapping[int, Bot | None]) -> AnswerModel:
    """The answer model the package builder shows: the other side's own bot when it is a
    computer (the `normal` rule otherwise), averaged over the viewer's belief."""

    def model(game: Game, state: State, obs: Observation, package: int) -> float:
        return answer_probability(game, state, obs.player, package, players.get(1 - obs.player))

    return model


def advisor_lines(game: Game, state: State, side: int) -> list[tuple[str, int, str]]:
    """Each advisor's recommendation for `side` deciding now: (advisor name, action, text),
    the text saying why when it turns down a package it is for."""
    return [
        (v.name, v.action, f"{v.text} ({v.reason})" if v.reason else v.text)
        for v in advisor_verdicts(game, state, side)
    ]
