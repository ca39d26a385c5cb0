"""The pure rules engine of Four Islands: standard library only, no I/O, no randomness.

    from game.engine import Game
    game = Game(rules)                 # rules: game.scenario.load_rules("tokyo_2018")
    state = game.new_initial_state()   # then legal_actions / chance_outcomes / apply ...

This module is the engine's public face: everything above the engine (bots, front ends,
analysis) imports only what is listed here, never `game.engine.<module>` (an import-linter
contract). See `game.py` for the API and docs/rules.md for the rules it implements.
"""

from game.engine.bounds import max_chance_outcomes, max_game_length
from game.engine.chance import ChanceNode
from game.engine.errors import ActionError
from game.engine.game import DealOutcome, Game
from game.engine.observation import Observation, belief
from game.engine.preview import Preview, PreviewLine, preview
from game.engine.rules import (
    EndingInfo,
    FlexLevelInfo,
    ForbiddenRule,
    GameInfo,
    IssueInfo,
    MeterInfo,
    MoveInfo,
    Rules,
    SideInfo,
    SourceRef,
)
from game.engine.state import (
    CHANCE,
    PH_ACT,
    PH_ANSWER,
    PH_CHANCE,
    PH_TERMINAL,
    PHASE_NAMES,
    TERMINAL,
    Answer,
    Offer,
    Phase,
    State,
    offer_history,
)
from game.engine.trace import Cause, Change
from game.engine.transitions import A_ACCEPT, A_END, A_REJECT
from game.engine.values import decay_step, logistic, ratification_odds, signal_likelihood
from game.engine.work import Work

ENGINE_VERSION = "4"
"""Bumped whenever a rule change can alter the outcome of a recorded game or what a side
observes (2: chance actions are outcome indices; 4: states and observations hold the public
history of offers, `State.offers`)."""

__all__ = [
    "A_ACCEPT",
    "A_END",
    "A_REJECT",
    "CHANCE",
    "ENGINE_VERSION",
    "PHASE_NAMES",
    "PH_ACT",
    "PH_ANSWER",
    "PH_CHANCE",
    "PH_TERMINAL",
    "TERMINAL",
    "ActionError",
    "Answer",
    "Cause",
    "ChanceNode",
    "Change",
    "DealOutcome",
    "EndingInfo",
    "FlexLevelInfo",
    "ForbiddenRule",
    "Game",
    "GameInfo",
    "IssueInfo",
    "MeterInfo",
    "MoveInfo",
    "Observation",
    "Offer",
    "Phase",
    "Preview",
    "PreviewLine",
    "Rules",
    "SideInfo",
    "SourceRef",
    "State",
    "Work",
    "belief",
    "decay_step",
    "logistic",
    "max_chance_outcomes",
    "max_game_length",
    "offer_history",
    "preview",
    "ratification_odds",
    "signal_likelihood",
]
