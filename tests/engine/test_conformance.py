"""OpenSpiel-style random simulation test over the handmade rules and every shipped scenario.

Each random game must terminate within `info.max_game_length`, offer sorted non-empty legal
actions until the end, keep meters within bounds and returns within the info bounds, print and
parse every action it takes back to the same id, and give the same state with and without a trace.
"""

from __future__ import annotations

import dataclasses
import math
import pickle

import pytest

from game.ai import RandomBot
from game.engine import CHANCE, TERMINAL, Game, Rules
from game.match import Runner
from game.scenario import catalog
from tests.engine.handmade import handmade_rules


def random_sim_check(game: Game, num_sims: int, seed: int) -> dict[str, int]:
    """Play `num_sims` uniformly random games checking the engine's contract at every step.

    The games are played by the match runner (random bots, seeded draws, a trace), and a step
    hook checks each state before its action and the traced apply against a plain one.
    """
    info = game.info
    r = game.rules
    endings: dict[str, int] = {}
    assert info.num_players == len(r.sides) == 2
    for sim in range(num_sims):
        length = 0

        def check(state, action, player, traced, trace, sim=sim):
            nonlocal length
            where = f"game {sim}, step {length}"
            for meter, value in zip(r.meters, state.meters, strict=True):
                assert meter.lo <= value <= meter.hi, f"{where}: {meter.id}={value}"
            assert 1 <= state.turn <= r.num_turns, where
            assert state.ending < 0, where
            legal = game.legal_actions(state)
            assert legal, f"{where}: no legal action before the end"
            assert list(legal) == sorted(set(legal)), f"{where}: legal actions not sorted/unique"
            assert action in legal, where
            if player == CHANCE:
                outcomes = game.chance_outcomes(state)
                assert tuple(a for a, _ in outcomes) == legal, where
                assert all(0 <= a < info.max_chance_outcomes for a in legal), where
                assert all(p > 0 for _, p in outcomes), where
                assert math.isclose(sum(p for _, p in outcomes), 1.0, abs_tol=1e-9), where
                assert len(outcomes) <= info.max_chance_outcomes, where
            else:
                assert player in (0, 1) and player == state.actor, where
                assert all(0 <= a < info.num_distinct_actions for a in legal), where
            # text round-trip for the chosen action and a few others
            for a in {action, legal[0], legal[-1], legal[len(legal) // 2]}:
                text = game.action_to_string(state, a)
                assert game.parse_action(state, text) == a, f"{where}: {text!r}"
            assert trace is not None
            plain = game.apply(state, action)
            assert traced == plain, f"{where}: traced apply differs from untraced"
            assert hash(traced) == hash(plain)
            length += 1
            assert length <= info.max_game_length, f"game {sim} exceeds max_game_length"

        bots = [RandomBot(), RandomBot()]
        state = Runner(game, seed * 100_003 + sim, bots, on_step=check, trace=True).play()
        assert game.current_player(state) == TERMINAL
        assert game.legal_actions(state) == ()
        assert 0 <= state.ending < len(r.endings)
        returns = game.returns(state)
        assert len(returns) == info.num_players
        for v in returns:
            assert info.min_utility <= v <= info.max_utility
        assert pickle.loads(pickle.dumps(state)) == state
        key = r.endings[state.ending].id
        endings[key] = endings.get(key, 0) + 1
    return endings


@pytest.mark.parametrize("turns", [1, 2, 4, 12])
def test_handmade_random_sims(turns):
    endings = random_sim_check(Game(handmade_rules(turns)), 150, seed=turns)
    assert sum(endings.values()) == 150


def test_handmade_fixed_opener_and_table_condition():
    from game.engine.expr import Compare, Const, MeterRef

    rules = dataclasses.replace(
        handmade_rules(6), opens=1, table_when=Compare((">",), (MeterRef(0), Const(30)))
    )
    random_sim_check(Game(rules), 150, seed=7)


def test_handmade_random_sims_reach_several_endings():
    endings = random_sim_check(Game(handmade_rules(4)), 400, seed=11)
    assert len(endings) >= 2, endings


SHIPPED = [pytest.param(p, id=p.stem) for p in catalog.shipped_files()]


def test_shipped_scenarios_are_found():
    assert SHIPPED, "no shipped scenario file found"


@pytest.mark.parametrize("path", SHIPPED)
def test_shipped_scenario_random_sims(path):
    """Every shipped scenario file loads (unless abstract) and passes the random sim check."""
    from game.scenario import list_scenarios, load_rules

    entries = {e.path.resolve(): e for e in list_scenarios()}
    entry = entries.get(path.resolve())
    if entry is None:  # an abstract base: only the playable ones are listed
        from game.scenario.yamlread import read_yaml

        doc, _, _ = read_yaml(path, path.name)
        assert isinstance(doc, dict) and doc.get("abstract") is True, f"{path} is not listed"
        return
    assert entry.valid, f"{entry.id} has errors: run `four-islands validate {path}`"
    rules = load_rules(path)
    assert isinstance(rules, Rules)
    random_sim_check(Game(rules), 100, seed=1)
