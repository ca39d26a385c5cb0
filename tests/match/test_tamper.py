"""Tampered records: each forged save or edited field is refused by `replay` and `run --load`
with the same message, naming the step or field that differs (docs/records.md has the table)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from game.cli import main
from game.engine import Game, Rules
from game.match import Session, make_bot, save_game, state_digest
from game.terminal import commands

Edit = Callable[[dict[str, Any]], None]


@pytest.fixture(autouse=True)
def handmade_scenario(monkeypatch: pytest.MonkeyPatch, rules: Rules) -> None:
    real = commands.load_scenario_rules
    monkeypatch.setattr(
        commands, "load_scenario_rules", lambda s: rules if s == "handmade" else real(s)
    )


def _played(game: Game, seed: int = 5) -> Session:
    """A side a (human) that passes against the rules bot, stopped at a's decision in turn 3."""
    s = Session(game, seed, {1: make_bot("rules")})
    s.step_bots()
    while s.state.turn < 3 and not s.is_over():
        s.submit("reject" if "reject" in s.legal_texts() else "end")
        s.step_bots()
    assert not s.is_over()
    return s


@pytest.fixture
def saved(tmp_path: Path, game: Game) -> tuple[Path, Session]:
    s = _played(game)
    path = tmp_path / "save.json"
    save_game(path, s, {"a": "human", "b": "rules"}, "handmade")
    return path, s


def forge_draw(game: Game, data: dict[str, Any], node: str, occurrence: int = 0) -> bool:
    """Change the outcome of a draw of `node`; recompute every text and digest with the engine.

    Returns False (and leaves `data` alone) when the recorded steps after it are no longer legal.
    """
    rec = data["record"]
    actions, digests = [], []
    state = game.new_initial_state()
    seen = 0
    changed = False
    for action, _ in rec["actions"]:
        if game.chance_node(state) == node:
            if seen == occurrence:
                action = next(a for a in game.legal_actions(state) if a != action)
                changed = True
            seen += 1
        if game.is_terminal(state) or action not in game.legal_actions(state):
            return False
        actions.append([action, game.action_to_string(state, action)])
        state = game.apply(state, action)
        digests.append(state_digest(state))
    if changed:
        rec["actions"], rec["digests"] = actions, digests
    return changed


def _both(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[str, str]:
    """The refusal messages of `replay` and `run --load` (both must refuse)."""
    assert main(["replay", str(path)]) == 1
    replay_err = capsys.readouterr().err
    assert main(["run", "handmade", "--load", str(path), "--moves", "end"]) == 1
    load_err = capsys.readouterr().err
    assert "Traceback" not in replay_err + load_err
    return replay_err.strip(), load_err.strip()


def _edit(path: Path, fn: Edit) -> None:
    data = json.loads(path.read_text())
    fn(data)
    path.write_text(json.dumps(data))


def test_untouched_save_replays_and_loads(
    saved: tuple[Path, Session], capsys: pytest.CaptureFixture[str]
) -> None:
    path, s = saved
    assert main(["replay", str(path)]) == 0
    out = capsys.readouterr().out
    drawn = sum(1 for k, a in enumerate(s.actors) if a < 0 and not s.pinned[k])
    assert f"identical ({len(s.actions)} steps" in out
    assert f"{drawn} chance draws re-derived from the seed" in out


def test_consistently_forged_hidden_draw_is_refused(
    saved: tuple[Path, Session], game: Game, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's forged save: the other side's hidden draw changed, every digest recomputed."""
    path, _ = saved
    _edit(path, lambda d: _forged(game, d, "flexibility.b"))
    replay_err, load_err = _both(capsys, path)
    assert replay_err == load_err
    assert "refused: step 2 (chance flexibility.b): the seed draws another outcome" in replay_err
    assert "does not mark it pinned" in replay_err
    # The message names neither the forged outcome nor the seed's: the file's reader may be a side.
    assert not any(
        f"={lv}" in replay_err or f"'{lv}'" in replay_err for lv in ("hard", "mid", "soft")
    )


def test_forged_public_draw_names_both_outcomes(
    saved: tuple[Path, Session], game: Game, capsys: pytest.CaptureFixture[str]
) -> None:
    path, s = saved
    data = json.loads(path.read_text())
    crises = [i for i, t in enumerate(s.texts) if t.startswith("chance crisis=")]
    # The first crisis draw whose other outcome leaves the recorded steps legal.
    k = next(i for n, i in enumerate(crises) if forge_draw(game, data, "crisis", n))
    path.write_text(json.dumps(data))
    replay_err, load_err = _both(capsys, path)
    assert replay_err == load_err
    turn = s.states[k].turn
    assert f"refused: step {k + 1} (chance crisis=" in replay_err
    assert f"the seed draws {s.texts[k].partition('=')[2]!r} for crisis (turn {turn}, #1)" in (
        replay_err
    )


def _forged(game: Game, data: dict[str, Any], node: str) -> None:
    assert forge_draw(game, data, node)


def _seed(d: dict[str, Any]) -> None:
    d["record"]["seed"] += 1


def _engine(d: dict[str, Any]) -> None:
    d["record"]["engine_version"] = "0"


def _scheme(d: dict[str, Any]) -> None:
    d["record"]["draws"] = "world-stream/1"


def _streams(d: dict[str, Any]) -> None:
    d["record"]["streams_now"] = {"world": [3, [0] * 625, None]}


def _old_format(d: dict[str, Any]) -> None:
    d["format_version"] = 1
    d["record"]["format_version"] = 1


def _scenario(d: dict[str, Any]) -> None:
    d["record"]["scenario_digest"] = "f" * 64


def _digest(d: dict[str, Any]) -> None:
    d["record"]["digests"][3] = "0" * 16


def _text(d: dict[str, Any]) -> None:
    k = next(i for i, (_, t) in enumerate(d["record"]["actions"]) if t == "end")
    d["record"]["actions"][k][1] = "move charm"


def _pin_decision(d: dict[str, Any]) -> None:
    k = next(i for i, (_, t) in enumerate(d["record"]["actions"]) if t == "end")
    d["record"]["pinned"] = [k + 1]


def _unpin(d: dict[str, Any]) -> None:
    d["record"]["pinned"] = [0]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (_seed, r"refused: step \d+ \(chance [a-z.]+=?[a-z]*\): the seed draws"),
        (_engine, r"refused: `engine_version`: the record was made with engine version '0'"),
        (_scheme, r"refused: `draws`: the record's draws are derived by 'world-stream/1'"),
        (_streams, r"unknown field `streams_now` in a format 2 record"),
        (_old_format, r"format version 1 \(engine version \d+\), from before keyed draws"),
        (_scenario, r"refused: `scenario_digest`: scenario 'handmade' has other content than the"),
        (_digest, r"refused: step 4 .*the state after it differs from the record's"),
        (_text, r"refused: step \d+: action #0 is 'end' but the record says 'move charm'"),
        (_pin_decision, r"refused: step \d+ \(end\): pinned, but it is not a chance draw"),
        (_unpin, r"`pinned` lists step numbers from 1"),
    ],
    ids=[
        "seed",
        "engine_version",
        "draws",
        "streams",
        "format_v1",
        "scenario_digest",
        "digest",
        "text",
        "pin_decision",
        "pin_zero",
    ],
)
def test_edited_field_is_refused_with_the_same_message(
    saved: tuple[Path, Session], capsys: pytest.CaptureFixture[str], edit: Edit, message: str
) -> None:
    path, _ = saved
    _edit(path, edit)
    replay_err, load_err = _both(capsys, path)
    assert replay_err == load_err
    assert re.search(message, replay_err), replay_err


def test_pinning_a_forged_draw_is_reported_as_scripted(
    saved: tuple[Path, Session], game: Game, capsys: pytest.CaptureFixture[str]
) -> None:
    """A draw marked pinned is not checked against the seed, but every output says so."""
    path, _ = saved

    def pin(d: dict[str, Any]) -> None:
        _forged(game, d, "flexibility.b")
        d["record"]["pinned"] = [2]

    _edit(path, pin)
    assert main(["replay", str(path)]) == 0
    out = capsys.readouterr().out
    assert "1 draw pinned by a script, not drawn from the seed: step 2 (flexibility.b)" in out
    assert main(["run", "handmade", "--load", str(path), "--moves", "end"]) in (0, 1)
    err = capsys.readouterr().err
    assert "note:" in err and "pinned by a script" in err and "step 2 (flexibility.b)" in err


def test_replay_json_names_the_step_and_field(
    saved: tuple[Path, Session], game: Game, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = saved
    _edit(path, lambda d: _forged(game, d, "flexibility.b"))
    assert main(["replay", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["identical"] is False
    assert data["step"] == 2 and data["field"] == "actions"
    assert data["refused"].startswith("step 2 (chance flexibility.b)")
    _edit(path, _engine)
    assert main(["replay", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["step"] == 0 and data["field"] == "engine_version"


def test_control_characters_in_a_record_never_reach_the_terminal(
    saved: tuple[Path, Session], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = saved

    def paint(d: dict[str, Any]) -> None:
        k = next(i for i, (_, t) in enumerate(d["record"]["actions"]) if t == "end")
        d["record"]["actions"][k][1] = "\x1b[2J\x1b[31mend" + "x" * 500

    _edit(path, paint)
    replay_err, load_err = _both(capsys, path)
    assert replay_err == load_err
    assert "\x1b" not in replay_err and "\\x1b[2J" in replay_err
    assert len(replay_err) < 400
