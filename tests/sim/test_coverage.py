"""`four-islands coverage`: reach counts, what was never reached, the exhaustive check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main
from game.engine import Game, State
from game.scenario import load_rules
from game.sim.coverage import exhaustive, random_states

TINY = str(Path(__file__).parents[1] / "data" / "tiny.yaml")


def test_coverage_counts_what_was_reached(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", TINY, "--games", "30", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["games"] == 30
    (warm,) = report["moves"]
    (summit,) = report["events"]
    assert 0 < warm["games"] < 30  # a random side A says warm words in some games only
    assert 0 < summit["games"] <= 30  # the turn-2 summit happens whenever turn 2 comes
    assert sum(e["games"] for e in report["endings"]) == 30
    never = {f"ending {e['id']}" for e in report["endings"] if not e["games"]}
    assert set(report["never"]) == never


def test_coverage_lists_what_a_bot_never_does(capsys: pytest.CaptureFixture[str]) -> None:
    # the rules bot on side a tables at once in tiny: warm words are never said
    assert main(["coverage", TINY, "--games", "10", "--player", "a=rules"]) == 0
    out = capsys.readouterr().out
    assert "never reached:" in out
    assert "moves: " in out and "endings: " in out


class Broken(Game):
    """An engine that crashes on every move action."""

    __slots__ = ()

    def apply(self, state: State, action: int, trace: list | None = None) -> State:
        if self.move_of(action) >= 0:
            raise ZeroDivisionError("boom")
        return super().apply(state, action, trace)


def test_exhaustive_reports_crashing_actions() -> None:
    rules = load_rules(TINY)
    good = Game(rules)
    lines = [("random game 0", random_states(good, 0, 0))]
    tried, problems = exhaustive(good, lines)
    assert tried > 0 and problems == []
    tried_again, problems = exhaustive(Broken(rules), lines)
    assert tried_again == tried
    assert problems
    assert all("'move warm_words' crashes: ZeroDivisionError: boom" in p.render() for p in problems)


def test_exhaustive_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", TINY, "--games", "5", "--exhaustive", "--lines", "3"]) == 0
    assert "exhaustive:" in capsys.readouterr().out
