"""`four-islands simulate`: table, JSON, CSV, plot, records, and one-line errors."""

from __future__ import annotations

import csv
import json
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
