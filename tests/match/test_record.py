"""Records and save files: round trips, strict loading, replay, determinism across processes."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine import ENGINE_VERSION, PH_ANSWER, Game
from game.match import (
    DRAW_SCHEME,
    FORMAT_VERSION,
    RecordError,
    Session,
    load_session,
    make_bot,
    make_record,
    read_save,
    replay,
    save_game,
)

ROOT = Path(__file__).resolve().parents[2]


def _pass(s: Session) -> None:
    """The human side passes: ends its part, or rejects a package it must answer."""
    s.submit("reject" if s.state.phase == PH_ANSWER else "end")


def _played(game: Game, seed: int = 9, moves: int = 3) -> Session:
    """A session where side a (human) ended its part a few times against a random bot."""
    s = Session(game, seed, {1: make_bot("random")})
    for _ in range(moves):
        s.step_bots()
        if s.is_over():
            break
        _pass(s)
    s.step_bots()
    return s


def _save(tmp_path: Path, game: Game) -> tuple[Path, Session]:
    s = _played(game)
    path = tmp_path / "game.json"
    save_game(path, s, {"a": "human", "b": "random"}, "handmade")
    return path, s


def test_record_fields(game: Game) -> None:
    s = _played(game)
    rec = make_record(s).to_dict()
    assert rec["format_version"] == FORMAT_VERSION
    assert rec["scenario_id"] == "handmade"
    assert rec["scenario_digest"] == game.rules.digest
    assert rec["engine_version"] == ENGINE_VERSION
    assert rec["seed"] == 9
    assert rec["draws"] == DRAW_SCHEME
    assert "streams_start" not in rec and "streams_now" not in rec  # keyed draws: no streams
    assert rec["pinned"] == []  # every draw came from the seed
    assert [a for a, _ in rec["actions"]] == s.actions
    assert [t for _, t in rec["actions"]] == s.texts
    assert all(len(d) == 16 for d in rec["digests"])
    json.dumps(rec)  # JSON-able


def test_save_load_round_trip_gives_an_equal_session(tmp_path: Path, game: Game) -> None:
    path, s = _save(tmp_path, game)
    loaded, save = load_session(path, game, {1: make_bot("random")})
    assert loaded.state == s.state
    assert loaded.actions == s.actions
    assert loaded.digests == s.digests
    assert loaded.decisions == s.decisions
    assert loaded.draws.snapshot() == s.draws.snapshot()
    assert save.players == {"a": "human", "b": "random"}
    assert save.scenario == "handmade"
    # Continuing both gives the same game: the draw counts were restored.
    for x in (s, loaded):
        while not x.is_over():
            _pass(x)
            x.step_bots()
    assert loaded.texts == s.texts
    assert make_record(loaded).hash() == make_record(s).hash()


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path: Path, game: Game) -> None:
    path, _ = _save(tmp_path, game)
    save_game(path, _played(game, seed=10), {}, "handmade")  # overwrite
    assert sorted(p.name for p in tmp_path.iterdir()) == ["game.json"]
    assert read_save(path).record.seed == 10


def _mutate(path: Path, fn) -> None:
    data = json.loads(path.read_text())
    fn(data)
    path.write_text(json.dumps(data))


def test_truncated_file(tmp_path: Path, game: Game) -> None:
    path, _ = _save(tmp_path, game)
    text = path.read_text()
    path.write_text(text[: len(text) // 2])
    with pytest.raises(RecordError, match="truncated or corrupt"):
        load_session(path, game)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[1, 2, 3]", "not a JSON object"),
        (b'{"format": "something-else"}', "not a Four Islands save"),
        (b"", "truncated or corrupt"),
    ],
)
def test_corrupt_files(tmp_path: Path, game: Game, content: bytes, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(RecordError, match=message):
        load_session(path, game)


def test_missing_file(tmp_path: Path, game: Game) -> None:
    with pytest.raises(RecordError, match="cannot read"):
        load_session(tmp_path / "nope.json", game)


def test_future_version(tmp_path: Path, game: Game) -> None:
    path, _ = _save(tmp_path, game)
    _mutate(path, lambda d: d.update(format_version=FORMAT_VERSION + 1))
    with pytest.raises(RecordError, match="newer than this game reads"):
        load_session(path, game)
    path2, _ = _save(tmp_path, game)
    _mutate(path2, lambda d: d["record"].update(format_version=99))
    with pytest.raises(RecordError, match="format version 99"):
        load_session(path2, game)


def test_other_scenario(tmp_path: Path, game: Game) -> None:
    path, _ = _save(tmp_path, game)
    other = Game(dataclasses.replace(game.rules, digest="1" * 64))
    with pytest.raises(
        RecordError, match="scenario 'handmade' has other content than the record's"
    ):
        load_session(path, other)
    renamed = Game(dataclasses.replace(game.rules, digest="2" * 64, scenario_id="elsewhere"))
    with pytest.raises(RecordError, match="is for scenario 'handmade'; 'elsewhere' has other"):
        load_session(path, renamed)


def test_hand_edited_illegal_action(tmp_path: Path, game: Game) -> None:
    path, s = _save(tmp_path, game)
    k = s.texts.index("end")

    def edit(d):
        d["record"]["actions"][k] = [1, "accept"]  # accept while acting: illegal

    _mutate(path, edit)
    with pytest.raises(RecordError, match=rf"step {k + 1}: action #1 \(accept\) is not legal"):
        load_session(path, game)


def test_hand_edited_text_mismatch(tmp_path: Path, game: Game) -> None:
    path, s = _save(tmp_path, game)
    k = s.texts.index("end")
    _mutate(path, lambda d: d["record"]["actions"][k].__setitem__(1, "move spy"))
    with pytest.raises(RecordError, match=f"step {k + 1}: action #0 is 'end'"):
        load_session(path, game)


def test_wrong_types_and_unknown_fields(tmp_path: Path, game: Game) -> None:
    path, _ = _save(tmp_path, game)
    _mutate(path, lambda d: d["record"].update(seed="nine"))
    with pytest.raises(RecordError, match="`seed` must be int"):
        load_session(path, game)
    path, _ = _save(tmp_path, game)
    _mutate(path, lambda d: d["record"].update(streams_now={"world": [3, [1, 2], None]}))
    with pytest.raises(RecordError, match="unknown field `streams_now` in a format 2 record"):
        load_session(path, game)
    path, _ = _save(tmp_path, game)
    _mutate(path, lambda d: d["record"]["digests"].pop())
    with pytest.raises(RecordError, match="actions but"):
        load_session(path, game)


def test_tampered_digest_is_named(tmp_path: Path, game: Game) -> None:
    path, _ = _save(tmp_path, game)
    _mutate(path, lambda d: d["record"]["digests"].__setitem__(4, "0" * 16))
    with pytest.raises(RecordError, match=r"step 5 .*: the state after it differs"):
        load_session(path, game)


def test_replay_identical_and_tampered(game: Game) -> None:
    s = _played(game)
    rec = make_record(s)
    ok = replay(rec, game)
    assert ok.ok and ok.first_divergence is None and ok.steps == len(s.actions)
    assert ok.final_state == s.state
    # Change one chance outcome to another legal one: the states diverge from that step.
    k = next(i for i, t in enumerate(s.texts) if t.startswith("chance flexibility.a="))
    state = s.states[k]
    other = next(a for a in game.legal_actions(state) if a != s.actions[k])
    actions = list(rec.actions)
    actions[k] = (other, game.action_to_string(state, other))
    bad = replay(dataclasses.replace(rec, actions=tuple(actions)), game)
    assert not bad.ok
    assert bad.first_divergence == k + 1
    assert f"step {k + 1}" in bad.message
    # A record of another scenario version diverges at step 0 with the reason.
    other_game = Game(dataclasses.replace(game.rules, digest="f" * 64))
    res = replay(rec, other_game)
    assert not res.ok and res.first_divergence == 0 and "other content" in res.message


_PROBE = """
import importlib.util, sys
spec = importlib.util.spec_from_file_location("h", sys.argv[1])
mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
from game.engine import Game
from game.match import Session, make_bot, make_record
from game.match.checks import determinism_check
game = Game(mod.handmade_rules())
s = Session(game, 42, {0: make_bot("random"), 1: make_bot("rules")})
s.step_bots()
print(make_record(s).hash(), determinism_check(game, 42))
"""


def test_same_seed_same_hash_across_processes_and_hash_seeds(game: Game) -> None:
    hashes = set()
    for hashseed in ("0", "1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=hashseed, PYTHONPATH=str(ROOT))
        out = subprocess.run(
            [sys.executable, "-c", _PROBE, str(ROOT / "tests" / "engine" / "handmade.py")],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=120,
            check=True,
        )
        hashes.add(out.stdout.strip())
    assert len(hashes) == 1
    s = Session(game, 42, {0: make_bot("random"), 1: make_bot("rules")})
    s.step_bots()
    assert hashes.pop().split()[0] == make_record(s).hash()
