"""`four-islands simulate`: table, JSON, CSV, plot, records, and one-line errors."""

from __future__ import annotations

import csv
import json
import os
import stat
from pathlib import Path

import pytest

from game.cli import main
from game.engine import Game
from game.match import replay
from game.match.record import MatchRecord
from game.scenario import load_rules

TINY = str(Path(__file__).parents[1] / "data" / "tiny.yaml")


def test_simulate_prints_endings_with_intervals(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", TINY, "--games", "30", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert "30 games (a=random, b=random), seed 2" in out
    assert "95% interval" in out and "mean score a:" in out
    assert "most frequent moves of b" in out


def test_simulate_json_csv_plot_and_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows, png, recs = tmp_path / "g.csv", tmp_path / "p.png", tmp_path / "records"
    argv = ["simulate", TINY, "--games", "12", "--player", "b=rules", "--json"]
    argv += ["--csv", str(rows), "--plot", str(png), "--records", str(recs)]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["games"] == 12 and data["players"] == {"a": "random", "b": "rules"}
    assert sum(e["count"] for e in data["endings"]) == 12
    for e in data["endings"]:
        assert e["low"] <= e["share"] <= e["high"]
    with rows.open() as f:
        table = list(csv.DictReader(f))
    assert [int(r["index"]) for r in table] == list(range(12))
    counts = {e["ending"]: e["count"] for e in data["endings"]}
    for ending, n in counts.items():
        assert sum(1 for r in table if r["ending"] == ending) == n
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    files = sorted(recs.iterdir())
    assert len(files) == 12
    game = Game(load_rules(TINY))
    rec = MatchRecord.from_dict(json.loads(files[3].read_text()))
    assert replay(rec, game).ok


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--player", "a=nobot"], "unknown bot 'nobot'"),
        (["--player", "zz=random"], "no side 'zz'; sides are a, b"),
        (["--player", "a"], "expected SIDE=BOT"),
        (["--games", "0"], "--games must be at least 1"),
        (["--workers", "0"], "--workers must be at least 1"),
        (["--plot", "/nonexistent/x.png"], "--plot /nonexistent/x.png: no folder /nonexistent"),
        (["--csv", ""], "--csv: no file name given"),
        (["--records", " "], "--records: no folder name given"),
    ],
)
def test_bad_options_are_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["simulate", TINY, *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err


def test_unknown_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "no_such_scenario", "--games", "1"]) != 0
    assert (
        "no scenario file or shipped scenario named 'no_such_scenario'" in capsys.readouterr().out
    )


def _hostile(tmp_path: Path, kind: str) -> Path:
    """A symlink to /dev/null, a FIFO or a directory, made in a tmp folder (never /dev itself)."""
    target = tmp_path / f"target-{kind}"
    if kind == "devnull":
        target.symlink_to("/dev/null")
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    return target


def _untouched(tmp_path: Path, target: Path, kind: str) -> None:
    if kind == "devnull":
        assert target.is_symlink() and os.readlink(target) == "/dev/null"
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    elif kind == "fifo":
        assert target.is_fifo()
    else:
        assert target.is_dir() and not any(target.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # no temp left behind


KINDS = ["devnull", "fifo", "dir"]
WORDS = {"devnull": "symbolic link to a character device", "fifo": "FIFO", "dir": "directory"}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("option", ["--csv", "--plot"])
def test_outputs_to_a_device_fifo_or_folder_are_refused(
    option: str, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _hostile(tmp_path, kind)
    assert main(["simulate", TINY, "--games", "2", option, str(target)]) == 1
    out, err = capsys.readouterr()
    assert out == ""  # refused before any game was played
    assert err.startswith(f"four-islands simulate: {option} {target}: ")
    assert WORDS[kind] in err and err.count("\n") == 1
    _untouched(tmp_path, target, kind)


@pytest.mark.parametrize("kind", KINDS)
def test_sweep_plot_to_a_device_fifo_or_folder_is_refused(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _hostile(tmp_path, kind)
    argv = ["sweep", TINY, "--games", "2", "--vary", "b_capital=0:2:2", "--plot", str(target)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert f"--plot {target}: " in err and WORDS[kind] in err and err.count("\n") == 1
    _untouched(tmp_path, target, kind)


@pytest.mark.parametrize("kind", ["devnull", "fifo"])
def test_records_folder_that_is_a_device_or_fifo_is_refused(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _hostile(tmp_path, kind)
    assert main(["simulate", TINY, "--games", "2", "--records", str(target)]) == 1
    err = capsys.readouterr().err
    what = "a character device" if kind == "devnull" else "a FIFO"
    assert f"--records {target}: not a folder (it is {what}" in err and err.count("\n") == 1
    _untouched(tmp_path, target, kind)


@pytest.mark.parametrize("kind", KINDS)
def test_a_record_file_that_is_a_device_fifo_or_folder_is_refused(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recs = tmp_path / "records"
    recs.mkdir()
    target = _hostile(recs, kind).rename(recs / "game-000000.json")
    assert main(["simulate", TINY, "--games", "2", "--records", str(recs)]) == 1
    err = capsys.readouterr().err
    assert f"--records {target}: " in err and WORDS[kind] in err and err.count("\n") == 1
    _untouched(recs, target, kind)


def test_csv_through_a_symlink_writes_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    link = tmp_path / "rows.csv"
    link.symlink_to(real)
    assert main(["simulate", TINY, "--games", "3", "--csv", str(link), "--json"]) == 0
    assert link.is_symlink()
    rows = list(csv.DictReader(real.read_text().splitlines()))
    assert [r["index"] for r in rows] == ["0", "1", "2"]
