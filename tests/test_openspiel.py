"""The OpenSpiel adapter: OpenSpiel's own random-simulation test on every shipped scenario (each in
its own process: a failure there can crash the interpreter), and resampling from an information
state that keeps what the player saw without handing it the other side's truth."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from game.scenario import list_scenarios

SHIPPED = [e.id for e in list_scenarios()]
SIM = """
import pyspiel
import game.openspiel
game = pyspiel.load_game("four_islands(scenario={sid})")
pyspiel.random_sim_test(game, num_sims=8, serialize=True, verbose=False)
print("passed")
"""


def test_every_shipped_scenario_is_checked():
    assert "tokyo_2018" in SHIPPED


@pytest.mark.parametrize("sid", SHIPPED)
def test_openspiel_random_sim_test_passes(sid):
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", SIM.format(sid=sid)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0 and "passed" in done.stdout, done.stderr[-2000:]


def _random_play(state, rng):
    if state.is_chance_node():
        u, total = rng.random(), 0.0
        for a, p in state.chance_outcomes():
            total += p
            if u < total:
                return a
        return state.chance_outcomes()[-1][0]
    legal = state.legal_actions()
    return legal[rng.randrange(len(legal))]


def test_game_type_and_info_match_the_engine():
    import pyspiel

    import game.openspiel as adapter

    game = pyspiel.load_game("four_islands(scenario=tokyo_2018)")
    gt = game.get_type()
    assert gt.chance_mode == pyspiel.GameType.ChanceMode.EXPLICIT_STOCHASTIC
    assert gt.information == pyspiel.GameType.Information.IMPERFECT_INFORMATION
    assert gt.utility == pyspiel.GameType.Utility.GENERAL_SUM
    info = adapter.engine("tokyo_2018").info
    assert game.max_chance_outcomes() == info.max_chance_outcomes
    assert game.num_distinct_actions() == info.num_distinct_actions
    assert game.max_game_length() == info.max_game_length


def test_resampling_keeps_the_infostate_and_does_not_leak_the_truth():
    import pyspiel

    import game.openspiel  # registers four_islands

    game = pyspiel.load_game("four_islands(scenario=tokyo_2018)")
    sampler = pyspiel.UniformProbabilitySampler(0.0, 1.0)
    rng = random.Random(5)
    resampled = other_truth_differs = 0
    for _ in range(3):
        state = game.new_initial_state()
        while not state.is_terminal():
            if not state.is_chance_node():
                p = state.current_player()
                world = state.resample_from_infostate(p, sampler)
                assert world.information_state_string(p) == state.information_state_string(p)
                assert world.observation_string(p) == state.observation_string(p)
                mine, theirs = state.engine_state.hidden, world.engine_state.hidden
                assert mine[p] == theirs[p]
                resampled += 1
                other_truth_differs += mine[1 - p] != theirs[1 - p]
            state.apply_action(_random_play(state, rng))
    assert resampled > 20
    assert 0 < other_truth_differs < resampled
