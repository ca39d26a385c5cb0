"""`four-islands sweep` on the tiny scenario: settings, same seeds, errors, plot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main
from game.engine import Game
from game.scenario import load_rules
from game.sim.batch import run_batch
from game.sim.report import summary
from game.sim.sweep import SweepError, grid, with_starts

TINY = Path(__file__).parents[1] / "data" / "tiny.yaml"


def test_with_starts_changes_the_starting_values() -> None:
    rules = load_rules(TINY)
    changed = with_starts(rules, {"a_capital": 7, "talks_suspended": True})
    state = Game(changed).new_initial_state()
    assert state.meters[0] == 7 and state.flags & 1
    assert Game(rules).new_initial_state().meters[0] == 2  # the original is untouched


def test_grid_is_the_product_of_the_ranges() -> None:
    rules = load_rules(TINY)
    settings = grid(rules, ["a_capital=0:4:2", "b_capital=1:2"], ["talks_suspended=true"])
    assert [label for label, _ in settings][:3] == [
        "a_capital=0, b_capital=1",
        "a_capital=0, b_capital=2",
        "a_capital=2, b_capital=1",
    ]
    assert len(settings) == 6
    assert all(v["talks_suspended"] is True for _, v in settings)


@pytest.mark.parametrize(
    ("vary", "fixed", "message"),
    [
        (["a_captal=0:2:1"], [], "no meter 'a_captal'; did you mean 'a_capital'?"),
        (["talks_suspended=0:1:1"], [], "a flag: use --set NAME=true|false"),
        (["a_capital=0:20:5"], [], "a_capital runs from 0 to 10"),
        (["a_capital=4:2:1"], [], "FROM must not exceed TO"),
        (["a_capital=0:2"], ["talks_suspended=maybe"], "flag talks_suspended is true or false"),
        ([], [], "give at least one --vary"),
    ],
)
def test_bad_settings(vary: list[str], fixed: list[str], message: str) -> None:
    with pytest.raises(SweepError, match=message.replace("?", r"\?").replace("|", r"\|")):
        grid(load_rules(TINY), vary, fixed)


def test_sweep_plays_the_same_seeds_at_every_setting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    png = tmp_path / "sweep.png"
    argv = ["sweep", str(TINY), "--vary", "b_capital=0:4:2", "--games", "20", "--seed", "4"]
    assert main([*argv, "--json", "--plot", str(png)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [p["label"] for p in report["points"]] == ["b_capital=0", "b_capital=2", "b_capital=4"]
    for p in report["points"]:
        assert sum(e["count"] for e in p["endings"]) == 20
    # b_capital starts at 2 in the scenario: that setting is the plain batch, game for game
    plain = summary(run_batch(load_rules(TINY), ["random", "random"], 20, 4))
    assert report["points"][1]["endings"] == plain["endings"]
    assert report["points"][1]["scores"] == plain["scores"]
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert main(argv) == 0
    assert "b_capital=4" in capsys.readouterr().out


def test_sweep_bad_option_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", str(TINY), "--vary", "nope=1:2:1", "--games", "2"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("four-islands sweep: --vary nope=1:2:1: no meter 'nope'")
    assert "\n" not in err
