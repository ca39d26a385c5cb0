"""The pure rules engine of Four Islands: standard library only, no I/O, no randomness.

    from game.engine import Game
    game = Game(rules)                 # rules: game.scenario.load_rules("tokyo_2018")
    state = game.new_initial_state()   # then legal_actions / chance_outcomes / apply ...

See `game.py` for the API and docs/rules.md for the rules it implements.
"""

from game.engine.bounds import max_chance_outcomes, max_game_length
from game.engine.errors import ActionError
from game.engine.game import Game
from game.engine.observation import Observation, belief
from game.engine.preview import Preview, PreviewLine, preview
from game.engine.rules import GameInfo, Rules, SourceRef
from game.engine.state import (
    CHANCE,
    PH_ACT,
    PH_ANSWER,
    PH_CHANCE,
    PH_TERMINAL,
    PHASE_NAMES,
    TERMINAL,
    State,
)
from game.engine.trace import Cause, Change
from game.engine.transitions import logistic

ENGINE_VERSION = "2"
"""Bumped whenever a rule change can alter the outcome of a recorded game or what a side
observes (2: chance actions are outcome indices)."""

__all__ = [
    "CHANCE",
    "ENGINE_VERSION",
    "PHASE_NAMES",
    "PH_ACT",
    "PH_ANSWER",
    "PH_CHANCE",
    "PH_TERMINAL",
    "TERMINAL",
    "ActionError",
    "Cause",
    "Change",
    "Game",
    "GameInfo",
    "Observation",
    "Preview",
    "PreviewLine",
    "Rules",
    "SourceRef",
    "State",
    "belief",
    "logistic",
    "max_chance_outcomes",
    "max_game_length",
    "preview",
]
