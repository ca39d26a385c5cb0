"""`four-islands run` and `replay` in-process: scripts, JSON, saves, replays and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main
from game.engine import Rules
from game.terminal import commands

LINE = (
    "chance flexibility.a=mid; chance flexibility.b=soft; chance crisis=not; a: move charm;"
    " a: table land=give; b: counter money=lots; a: reject; b: move drill; b: end;"
    " chance crisis=not; b: table land=give money=lots; accept; chance ratify.a=yes;"
    " chance ratify.b=yes"
)
SCRIPT = """\
- chance flexibility.a=mid
- {chance: {flexibility.b: soft}}
- chance crisis=not
- {side: a, move: charm}
- {side: a, table: {land: give}}
- {side: b, counter: {money: lots}}
- {side: a, answer: reject}
- {side: b, move: drill}
- {side: b, end: true}
- chance crisis=not
- "b: table land=give money=lots"
- accept
- chance ratify.a=yes
- {chance: ratify.b=yes}
"""


@pytest.fixture(autouse=True)
def handmade_scenario(monkeypatch: pytest.MonkeyPatch, rules: Rules) -> None:
    """`handmade` names the hand-built rules; other names go to the real loader."""
    real = commands.load_scenario_rules

    def load(scenario: str) -> Rules:
        return rules if scenario == "handmade" else real(scenario)

    monkeypatch.setattr(commands, "load_scenario_rules", load)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_moves_print_the_transcript(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "run", "handmade", "--seed", "1", "--moves", LINE)
    assert code == 0, err
    assert "== Turn 1 of 4: 2018-01-01 (3 turns to go) ==" in out
    assert "== Turn 2 of 4: 2018-02-01" in out
    assert "> Alpha (a): move charm" in out
    assert "Trust: 39 -> 44 (+5) by move charm" in out
    assert "> Beta (b): counter land=keep money=lots" in out
    assert "A summit" in out  # news
    assert "Alpha's home front ratifies the package." in out
    assert "== The end: Land deal ==" in out
    assert "Scores: Alpha 30.0, Beta -5.0" in out


def test_script_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "line.yaml"
    path.write_text(SCRIPT)
    code, out, err = run(capsys, "run", "handmade", "--seed", "1", "--script", str(path), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["ending"]["id"] == "land_deal"
    assert data["scores"] == {"a": 30.0, "b": -5.0}
    assert [t["turn"] for t in data["turns"]] == [1, 2]
    assert data["turns"][1]["date"] == "2018-02-01"
    assert data["final_state"]["ending"] == "land_deal"
    assert data["final_state"]["table"] == {"land": "give", "money": "lots"}
    assert data["record"]["scenario_id"] == "handmade"
    texts = [t for _, t in data["record"]["actions"]]
    assert "counter land=keep money=lots" in texts
    changes = [c for t in data["turns"] for s in t["steps"] for c in s["changes"]]
    charm = [c for c in changes if c["kind"] == "meter" and c["cause"]["id"] == "charm"]
    assert {"target": "trust", "before": 39, "after": 44}.items() <= charm[-1].items()
    # the same line as --moves gives the same record
    code, out2, _ = run(capsys, "run", "handmade", "--seed", "1", "--moves", LINE, "--json")
    assert json.loads(out2)["record"] == data["record"]


def test_save_replay_and_tamper(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save = tmp_path / "g.json"
    code, out, _ = run(
        capsys, "run", "handmade", "--seed", "1", "--moves", LINE, "--save", str(save)
    )
    assert code == 0 and f"Saved to {save}." in out
    code, out, _ = run(capsys, "replay", str(save))
    assert code == 0 and "identical" in out
    # Every draw of LINE is given by the script: pinned, legal, reported as scripted.
    assert "2 chance draws re-derived from the seed" in out  # the press reactions
    assert "6 draws pinned by a script, not drawn from the seed: step 1 (flexibility.a)" in out
    data = json.loads(save.read_text())
    data["record"]["digests"][6] = "0123456789abcdef"
    save.write_text(json.dumps(data))
    code, out, err = run(capsys, "replay", str(save))
    assert code == 1
    assert "refused: step 7" in err
    save.write_text(save.read_text()[:100])
    code, _, err = run(capsys, "replay", str(save))
    assert code == 1 and "truncated or corrupt" in err


def test_stop_save_and_load_to_continue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    steps = [s.strip() for s in LINE.split(";")]
    first, rest = "; ".join(steps[:6]), "; ".join(steps[6:])
    save = tmp_path / "half.json"
    code, out, err = run(
        capsys, "run", "handmade", "--seed", "1", "--moves", first, "--save", str(save)
    )
    assert code == 1
    assert "the script ran out after 6 steps while a must act" in err
    assert "Legal now: accept; reject" in err
    assert save.exists()
    code, out, err = run(capsys, "run", "handmade", "--load", str(save), "--moves", rest, "--json")
    assert code == 0, err
    resumed = json.loads(out)
    code, out, _ = run(capsys, "run", "handmade", "--seed", "1", "--moves", LINE, "--json")
    whole = json.loads(out)
    assert resumed["final_state"] == whole["final_state"]
    assert resumed["record"]["actions"] == whole["record"]["actions"]
    assert resumed["players"] == {"a": "human", "b": "human"}
    # the save names its scenario: `run --load FILE` needs no other
    code, out, err = run(capsys, "run", "--load", str(save), "--moves", rest, "--json")
    assert code == 0, err
    assert json.loads(out)["record"]["actions"] == whole["record"]["actions"]
    code, _, err = run(capsys, "run", "--moves", rest)
    assert (
        code == 2 and err.startswith("four-islands: run needs a SCENARIO") and err.count("\n") == 1
    )


def test_load_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "four-islands-save", "format_version": 7}')
    code, _, err = run(capsys, "run", "handmade", "--load", str(bad))
    assert code == 1 and "newer than this game reads" in err


def test_bots_on_every_side_play_unattended(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "run", "handmade", "--seed", "4")
    assert code == 0, err
    assert "Alpha (a): bot normal" in out and "Beta (b): bot normal" in out
    assert "== The end:" in out and "Scores:" in out
    code, out2, _ = run(capsys, "run", "handmade", "--seed", "4")
    assert out2 == out  # seeded: the same game


def test_players_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "run", "handmade", "--seed", "2", "--player", "a=random", "--player", "b=rules"
    )
    assert code == 0, err
    assert "Alpha (a): bot random" in out


def test_as_side_with_moves_lets_the_bot_play_the_other(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "run", "handmade", "--seed", "2", "--as", "b", "--moves", "end")
    assert code == 1  # the script runs out at b's next decision (or the game ends first)
    assert "Alpha (a): bot normal" in out and "Beta (b): human" in out
    assert "while b must act" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--as", "japan"), "unknown side 'japan' for --as; sides are a, b"),
        (("--player", "a=deep_blue"), "unknown bot 'deep_blue'"),
        (("--player", "a"), "--player takes SIDE=human or SIDE=BOT"),
        (("--player", "zz=human"), "unknown side 'zz' in --player"),
    ],
)
def test_usage_errors(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    code, _, err = run(capsys, "run", "handmade", *argv)
    assert code == 2
    assert message in err


def test_unknown_scenario_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "run", "no_such_scenario")
    assert code == 2 and "no_such_scenario" in err


def test_bad_script_step_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "run", "handmade", "--seed", "1", "--moves", "move fly")
    assert code == 1
    assert "step 1 (move fly): unknown move 'fly'" in err


def test_bad_script_file_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("- {side: a, jump: high}\n")
    code, _, err = run(capsys, "run", "handmade", "--script", str(path))
    assert code == 1 and "step 1: unknown key 'jump'" in err


def test_tiny_scenario_file_if_it_loads(
    capsys: pytest.CaptureFixture[str], tiny_path: Path
) -> None:
    from game.scenario import ScenarioError, load_rules

    try:
        load_rules(tiny_path)
    except ScenarioError:
        pytest.skip("tests/data/tiny.yaml does not load yet")
    code, out, err = run(capsys, "run", str(tiny_path), "--seed", "3", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["scenario"] == "tiny" and data["ending"] is not None
    assert set(data["scores"]) == {"a", "b"}
