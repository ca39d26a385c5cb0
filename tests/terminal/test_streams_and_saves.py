"""Hostile paths and closed streams on the command line: one line, a documented exit code."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import EXIT_STREAM, main
from game.engine import Game, Rules
from game.match import Session
from game.terminal import commands
from game.terminal.interactive import TerminalGame

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "data" / "tiny.yaml"
LINE = (
    "chance flexibility.a=mid; chance flexibility.b=soft; chance crisis=not; a: move charm;"
    " a: table land=give; b: counter money=lots; a: reject; b: move drill; b: end;"
    " chance crisis=not; b: table land=give money=lots; accept; chance ratify.a=yes;"
    " chance ratify.b=yes"
)


@pytest.fixture(autouse=True)
def handmade_scenario(monkeypatch: pytest.MonkeyPatch, rules: Rules) -> None:
    real = commands.load_scenario_rules

    def load(scenario: str) -> Rules:
        return rules if scenario == "handmade" else real(scenario)

    monkeypatch.setattr(commands, "load_scenario_rules", load)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _save(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    save = tmp_path / "g.json"
    code, _, err = run(
        capsys, "run", "handmade", "--seed", "1", "--moves", LINE, "--save", str(save)
    )
    assert code == 0, err
    return save


def test_empty_save_name_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "run", "handmade", "--moves", LINE, "--save", "")
    assert code == 2 and "--save needs a file name" in err


def test_save_to_a_link_to_dev_null_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "null.json"
    link.symlink_to(os.devnull)
    before = os.stat(os.devnull)
    code, _, err = run(capsys, "run", "handmade", "--moves", LINE, "--save", str(link))
    assert code == 1
    assert "could not save" in err and "character device" in err
    after = os.stat(os.devnull)
    assert (before.st_ino, before.st_rdev) == (after.st_ino, after.st_rdev)
    assert link.is_symlink()


def test_save_to_a_fifo_or_directory_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target in (fifo, tmp_path):
        code, _, err = run(capsys, "run", "handmade", "--moves", LINE, "--save", str(target))
        assert code == 1 and "not a regular file" in err
    assert fifo.is_fifo()


def test_load_and_replay_of_a_fifo_or_device_do_not_hang(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target in (str(fifo), "/dev/zero"):
        code, _, err = run(capsys, "replay", target)
        assert code == 1 and "not a regular file" in err
        code, _, err = run(capsys, "run", "handmade", "--load", target)
        assert code == 1 and "not a regular file" in err
        code, _, err = run(capsys, "run", "handmade", "--script", target)
        assert code == 1 and "not a regular file" in err
        code, out, _ = run(capsys, "validate", target)
        assert code == 1 and "Y000" in out
        code, _, err = run(capsys, "run", target)
        assert code == 1 and "Y000" in err


def test_replay_uses_the_saves_scenario_only_when_its_digest_matches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save = _save(tmp_path, capsys)
    secret = tmp_path / "secret.txt"
    secret.write_text("root:SECRET-LINE:0:0\n")
    data = json.loads(save.read_text())
    data["scenario"] = str(secret)
    data["record"]["scenario_id"] = "nowhere"
    save.write_text(json.dumps(data))
    code, out, err = run(capsys, "replay", str(save))
    assert code == 1
    assert "SECRET" not in out + err
    assert "cannot be loaded" in err and "--scenario PATH" in err
    data["scenario"] = str(TINY)  # a real scenario, but not the record's
    save.write_text(json.dumps(data))
    code, out, err = run(capsys, "replay", str(save))
    assert code == 1 and "other content than the record's" in err
    code, out, err = run(capsys, "replay", str(save), "--scenario", "handmade")
    assert code == 0 and "identical" in out


def test_escape_sequences_from_a_save_are_not_written_raw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save = _save(tmp_path, capsys)
    data = json.loads(save.read_text())
    data["scenario"] = "\x1b]0;owned\x07\x1b[2J"
    data["record"]["scenario_id"] = "\x1b[31mred"
    save.write_text(json.dumps(data))
    code, out, err = run(capsys, "replay", str(save))
    assert code == 1
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "\\x1b]0;owned\\x07" in err


def test_closed_stdout_and_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    code, _, err = run(capsys, "run", "handmade", "--as", "a")
    assert code == EXIT_STREAM
    assert err.count("\n") == 1 and "standard input is closed" in err
    monkeypatch.setattr(sys, "stdout", None)
    assert main(["list"]) == EXIT_STREAM
    assert "standard output is closed" in capsys.readouterr().err


def _cli(*argv: str | bytes) -> list[str | bytes]:
    return [sys.executable, "-m", "game", *argv]


def test_broken_pipe_keeps_the_save_and_says_one_line(tmp_path: Path) -> None:
    save = tmp_path / "g.json"
    proc = subprocess.Popen(
        _cli("run", str(TINY), "--seed", "1", "--save", str(save)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader goes away before anything is read
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait() == EXIT_STREAM
    assert (
        err == "four-islands: the output was closed before everything was written (broken pipe)\n"
    )
    assert json.loads(save.read_text())["format"] == "four-islands-save"


def test_strict_ascii_stdout_and_a_non_utf8_file_name(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/caf\xe9-\x1b[31m.yaml"
    with open(name, "wb") as fh:
        fh.write(TINY.read_bytes())
    env = {**os.environ, "PYTHONIOENCODING": "ascii:strict"}
    proc = subprocess.run(
        _cli("validate", name), capture_output=True, env=env, cwd=ROOT, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert b"Traceback" not in proc.stderr
    assert b"caf\\xe9-\\x1b[31m.yaml: ok" in proc.stdout


def test_in_game_save_refuses_a_link_to_dev_null(tmp_path: Path, game: Game) -> None:
    lines: list[str] = []
    answers = iter(["y", "n", "yes"])
    term = TerminalGame(
        Session(game, 1, {0: None, 1: None}),
        players_spec={"a": "human", "b": "human"},
        scenario="handmade",
        read=lambda prompt: lines.append(prompt) or next(answers),
        write=lines.append,
    )
    link = tmp_path / "null.json"
    link.symlink_to(os.devnull)
    term.save(str(link))
    assert lines == [
        f"{link} exists. Replace it? [y/N] ",
        f"Could not save to {link}: is a symbolic link to a character device, not a regular file",
    ]
    assert link.is_symlink() and stat.S_ISCHR(os.stat(os.devnull).st_mode)
    ok = tmp_path / "ok.json"
    term.save(str(ok))
    assert lines[-1] == f"Saved to {ok}."
    before = ok.read_bytes()
    ok.write_text("another game's save")
    term.save(str(ok))  # asked, and told no: the file is kept
    assert lines[-2:] == [f"{ok} exists. Replace it? [y/N] ", "Not saved."]
    assert ok.read_text() == "another game's save"
    term.save(str(ok))
    assert lines[-1] == f"Saved to {ok}." and ok.read_bytes() == before
