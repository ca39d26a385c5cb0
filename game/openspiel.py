"""Four Islands registered with OpenSpiel: `four_islands(scenario=ID_OR_PATH)`.

    import pyspiel
    import game.openspiel  # registers the game

    game = pyspiel.load_game("four_islands(scenario=tokyo_2018)")

Needs the optional extra: `pip install 'four-islands[openspiel]'` (`open_spiel`, never
`open_spiel[full]`). The game itself (states, observer, resampling for ISMCTS) is the adapter core
in `game.ai.spiel_game`, built from a compiled engine so that the `openspiel-ismcts` bot can use
it from the ai layer; this module loads scenarios by id or path and registers the game type.
"""

from __future__ import annotations

from typing import Any

import pyspiel

from game.ai import spiel_game
from game.ai.spiel_game import DEFAULT_SCENARIO, GAME_TYPE, SHORT_NAME, FourIslandsGame
from game.engine import Game
from game.scenario import load_rules

__all__ = ["DEFAULT_SCENARIO", "SHORT_NAME", "ScenarioGame", "engine"]


def engine(scenario: str) -> Game:
    """The compiled engine of a scenario id or path (built once per process)."""
    try:
        return spiel_game.engine(scenario)
    except KeyError:
        return spiel_game.keep(scenario, Game(load_rules(scenario)))


class ScenarioGame(FourIslandsGame):
    """The game `pyspiel.load_game("four_islands(scenario=...)")` builds."""

    def __init__(self, params: dict[str, Any] | None = None) -> None:
        params = dict(params or {})
        scenario = str(params.get("scenario", DEFAULT_SCENARIO))
        params["scenario"] = scenario
        super().__init__(engine(scenario), params, key=scenario)


pyspiel.register_game(GAME_TYPE, ScenarioGame)
