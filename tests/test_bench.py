"""The benchmark's report: its keys, per scenario, from a child process; the generated scale
scenario. (Speed targets live in the benchmark itself, never in a timed test.)"""

from __future__ import annotations

import json
from pathlib import Path

from game import bench
from game.engine import Game
from game.scenario import list_scenarios, load_rules
from game.scenario.scale import SCALE_ID, scale_scenario_text

TINY = Path(__file__).parent / "data" / "tiny.yaml"


def test_bench_game_reports_warm_and_cold_timings():
    row = bench.bench_game(Game(load_rules(TINY)), games=3, seed=1)
    for key in ("us_per_action", "apply_us", "legal_actions_us", "apply_us_cold"):
        assert row[key] > 0, key
    assert row["legal_actions_us_cold"] >= 0 and row["games"] == 3


def test_the_child_process_reports_one_scenario(capsys):
    assert bench.main(["--one", str(TINY), "--games", "2"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["id"] == load_rules(TINY).scenario_id
    assert got["row"]["peak_rss_mb"] > 0
    bad = bench.measure(str(TINY.parent / "bad" / "nope.yaml"), 1, 0)
    assert "error" in bad


def test_scale_scenario_has_52488_packages_and_is_not_listed(tmp_path):
    path = tmp_path / f"{SCALE_ID}.yaml"
    path.write_text(scale_scenario_text(), encoding="utf-8")
    rules = load_rules(path)
    assert rules.scenario_id == SCALE_ID and len(rules.packages) == 52_488
    assert SCALE_ID not in {e.id for e in list_scenarios()}
    game = Game(rules)
    state = game.new_initial_state()
    while game.is_chance_node(state):
        state = game.apply(state, game.legal_actions(state)[0])
    legal = game.legal_actions(state)
    assert game.package_of(legal[-1]) == len(rules.packages) - 1
    assert len(legal) > len(rules.packages)
