"""Every ending of tokyo_2018 has a scripted scenario test that reaches it (issue 10): the cases
of `scenarios/tokyo_2018.test.yaml` with a `line` and an expected ending cover every ending (the
plugin plays them)."""

from __future__ import annotations

from pathlib import Path

from game.scenario import load_rules
from game.sim.testspec import read_test_file

TESTS = Path(__file__).resolve().parents[2] / "scenarios" / "tokyo_2018.test.yaml"


def test_every_ending_has_a_scripted_scenario_test() -> None:
    reached = set()
    for case in read_test_file(TESTS).cases:
        if case.line is not None and case.expect.ending is not None:
            endings, _ = case.expect.ending
            if len(endings) == 1:
                reached.add(endings[0])
    assert reached == {e.id for e in load_rules("tokyo_2018").endings}
