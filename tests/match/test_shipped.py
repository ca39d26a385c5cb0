"""The match layer over every shipped scenario: conformance, determinism, the historical line."""

from __future__ import annotations

import pytest

from game.engine import Game
from game.match import Session, determinism_check, random_sim_check, replay, run_script
from game.match.record import make_record
from game.match.script import step_text
from game.scenario import ScenarioError, list_scenarios, load_rules

IDS = [e.id for e in list_scenarios()]


def _game(scenario_id: str) -> Game:
    try:
        return Game(load_rules(scenario_id))
    except ScenarioError as exc:  # a shipped scenario that does not load fails, never skips
        pytest.fail(f"{scenario_id} does not load: {exc}")


def test_there_are_shipped_scenarios() -> None:
    assert IDS, "no playable shipped scenario found"


@pytest.mark.parametrize("scenario_id", IDS)
def test_random_sim_and_determinism(scenario_id: str) -> None:
    game = _game(scenario_id)
    random_sim_check(game, 30, seed=0)
    determinism_check(game, 1)


@pytest.mark.parametrize("scenario_id", IDS)
def test_historical_line_reaches_its_ending_and_replays(scenario_id: str) -> None:
    game = _game(scenario_id)
    rules = game.rules
    assert rules.history, f"{scenario_id} has no historical line"
    session = Session(game, 0)  # every side human: the line makes every decision
    result = run_script(session, [step_text(t, i) for i, t in enumerate(rules.history, 1)])
    assert result.finished, result.message
    ending = game.ending(session.state)
    assert ending is not None and ending.id == rules.history_ending
    assert replay(make_record(session), game).ok
