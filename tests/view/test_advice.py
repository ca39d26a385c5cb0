"""The front ends' answer model is the AI's, asked with the viewer's knowledge only."""

from __future__ import annotations

from game.ai.advisors import answer_probability
from game.ai.registry import make_bot
from game.engine import Game, Phase
from game.match import Session
from game.scenario import load_rules
from game.view.advice import advisor_lines, answer_model_for


def _first_decision() -> tuple[Game, Session]:
    session = Session(
        Game(load_rules("tokyo_2018")), seed=5, players={0: None, 1: make_bot("normal")}
    )
    session.step_bots()
    return session.game, session


def test_answer_model_asks_the_opponents_own_bot() -> None:
    game, session = _first_decision()
    state = session.state
    assert game.phase(state) == Phase.ACT and state.actor == 0
    model = answer_model_for(session.players)
    obs = game.observe(state, 0)
    packages = [game.package_of(a) for a in game.legal_actions(state) if game.package_of(a) >= 0]
    for package in packages[:: max(1, len(packages) // 12)]:
        expected = answer_probability(game, state, 0, package, make_bot("normal"))
        assert model(game, state, obs, package) == expected


def test_advisor_lines_name_each_advisor() -> None:
    game, session = _first_decision()
    lines = advisor_lines(game, session.state, 0)
    names = {a.name for a in game.rules.sides[0].advisors}
    assert lines and {name for name, _, _ in lines} == names
    legal = set(game.legal_actions(session.state))
    assert all(action in legal for _, action, _ in lines)
