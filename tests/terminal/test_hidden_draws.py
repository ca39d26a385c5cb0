"""The other side's hidden draw (and the seed that determines it) stays out of unfinished games'
transcripts and JSON shown to a human side; at the end, or for onlookers, everything shows."""

from __future__ import annotations

import json

import pytest

from game.cli import main
from game.engine import Rules
from game.terminal import commands


@pytest.fixture(autouse=True)
def handmade_scenario(monkeypatch: pytest.MonkeyPatch, rules: Rules) -> None:
    real = commands.load_scenario_rules
    monkeypatch.setattr(
        commands, "load_scenario_rules", lambda s: rules if s == "handmade" else real(s)
    )


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    main(["run", "handmade", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return out


def test_unfinished_transcript_hides_the_other_sides_draw_and_the_seed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _run(capsys, "--seed", "3", "--as", "a", "--moves", "end")
    assert "(draw) flexibility.a=" in out
    assert "flexibility.b" not in out
    assert "seed 3" not in out and "seed shown at the end" in out


def test_unfinished_json_hides_the_other_sides_draw_the_seed_and_the_record(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = json.loads(_run(capsys, "--seed", "3", "--as", "a", "--moves", "end", "--json"))
    assert data["status"] == "stopped"
    assert data["seed"] is None and data["record"] is None
    assert set(data["final_state"]["flexibility"]) == {"a"}
    actions = [s["action"] for t in data["turns"] for s in t["steps"]]
    assert "chance flexibility.b" in actions  # the node is public, its outcome is not
    assert not any(a.startswith("chance flexibility.b=") for a in actions)
    assert any(a.startswith("chance flexibility.a=") for a in actions)


def test_finished_or_unattended_games_show_everything(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys, "--seed", "3")  # bots on both sides: an onlooker's transcript
    assert "(draw) flexibility.b=" in out and "seed 3" in out
    data = json.loads(_run(capsys, "--seed", "3", "--json"))
    assert data["seed"] == 3 and data["record"] is not None
    assert set(data["final_state"]["flexibility"]) == {"a", "b"}


def test_the_end_shows_the_hidden_limits_and_the_seed(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys, "--seed", "3")
    assert "== The end" in out
    assert "Hidden limits: Alpha: " in out and "; Beta: " in out and "(seed 3)" in out
