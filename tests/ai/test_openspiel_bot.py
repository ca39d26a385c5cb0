"""The `openspiel-ismcts` bot: OpenSpiel's own ISMCTS on the adapter core, started at a bare
decision state (blindness itself is checked with every bot in test_protocol.py)."""

from __future__ import annotations

import random
import sys

import pytest

from game.ai import make_bot
from game.ai.spiel_game import FourIslandsGame
from tests.ai.test_protocol import TOKYO, decision_states

STATES = decision_states(TOKYO, "negotiator", 3, limit=30)[::5]


def test_it_is_openspiels_ismcts_and_picks_legal_actions_reproducibly(monkeypatch):
    from open_spiel.python.algorithms import ismcts

    runs = []
    real = ismcts.ISMCTSBot.run_search

    def counting(self, state):
        runs.append(self._max_simulations)
        return real(self, state)

    monkeypatch.setattr(ismcts.ISMCTSBot, "run_search", counting)
    bot = make_bot("openspiel-ismcts:iters=6,policy=mixed,selection=puct,worlds=2")
    for s in STATES:
        a = bot.choose(TOKYO, s, s.actor, random.Random(4))
        assert a in TOKYO.legal_actions(s)
        assert a == make_bot(
            "openspiel-ismcts:iters=6,policy=mixed,selection=puct,worlds=2"
        ).choose(TOKYO, s, s.actor, random.Random(4))
    assert runs and set(runs) == {6}


def test_a_bare_start_resamples_the_other_sides_level_and_keeps_the_players_view():
    spiel = FourIslandsGame.of(TOKYO)
    gen = random.Random(9)
    for s in STATES:
        p, other = s.actor, 1 - s.actor
        root = spiel.state_at(s)
        key = root.information_state_string(p)
        levels = set()
        for _ in range(30):
            world = root.resample_from_infostate(p, gen.random)
            assert world.information_state_string(p) == key
            ws = world.engine_state
            assert ws.hidden[p] == s.hidden[p] and ws.signals[p] == s.signals[p]
            assert ws.signals[other] == ()  # what only the other side heard is not known
            levels.add(ws.hidden[other])
        belief = TOKYO.observe(s, p).belief
        assert levels <= {k for k, b in enumerate(belief) if b > 0}
        if sum(b > 0.2 for b in belief) > 1:
            assert len(levels) > 1


def test_without_the_extra_the_spec_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspiel", None)  # `import pyspiel` now raises ImportError
    with pytest.raises(ValueError) as info:
        make_bot("openspiel-ismcts:iters=100")
    text = str(info.value)
    assert "pip install 'four-islands[openspiel]'" in text and "\n" not in text


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("openspiel-ismcts:iters=0", "iters=0 is out of range"),
        ("openspiel-ismcts:policy=best", "policy='best' is not one of visits, value, mixed"),
        ("openspiel-ismcts:selection=ucb", "selection='ucb' is not one of uct, puct"),
        ("openspiel-ismcts:c=nan", "option 'c' must be a finite number"),
    ],
)
def test_bad_options_get_one_line_errors(spec, message):
    with pytest.raises(ValueError, match=message):
        make_bot(spec)
