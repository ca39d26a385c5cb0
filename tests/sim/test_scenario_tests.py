"""YAML scenario tests: collected by the pytest11 plugin, run by `four-islands test`.

The failing and malformed examples are written to temporary folders here (pytester), never
left where the suite collects them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from game.cli import main
from game.scenario import catalog, list_scenarios
from game.sim.commands import find_test_files
from game.sim.testrun import run_case
from game.sim.testspec import is_test_file, read_test_file

TINY = Path(__file__).parents[1] / "data" / "tiny.yaml"
LINE = '["chance flexibility.a=high", "a: table handover=yes_deal", "b: accept", "chance ratify.a=yes", "chance ratify.b=yes"]'  # noqa: E501

PASSING = f"""four-islands-test: 1
scenario: tiny.yaml
tests:
  - name: the deal is signed at once
    line: {LINE}
    expect:
      ending: agreement
      at_end: {{meters: {{a_capital: {{min: 1, max: 10}}}}, flags: {{talks_suspended: false}}}}
      never: [move warm_words]
  - name: warm words are spoken
    seed: 4
    players:
      a: {{turns: {{1: ["move warm_words", "end"]}}}}
      b: rules
    expect:
      happens: [move warm_words, event summit]
      after_turn:
        1: {{meters: {{b_capital: {{min: 5}}}}}}
  - name: random play
    seeds: 0-39
    expect:
      share: {{agreement: [0.0, 1.0]}}
"""

FAILING = f"""four-islands-test: 1
scenario: tiny.yaml
tests:
  - name: wrong ending
    line: {LINE}
    expect:
      ending: nothing
  - name: wrong share
    seeds: 0-59
    players: {{a: random, b: random}}
    expect:
      share:
        nothing: [0.95, 1.0]
"""

MISTAKES = f"""four-islands-test: 1
scenario: tiny.yaml
tests:
  - name: unknown bot
    players: {{a: nobot}}
  - name: illegal scripted action
    players: {{a: {{turns: {{1: ["move nothing"]}}}}}}
  - name: illegal line step
    line: ["chance flexibility.a=high", "b: accept"]
  - name: unknown meter
    line: {LINE}
    expect:
      at_end: {{meters: {{a_capitol: 3}}}}
"""

MALFORMED = """four-islands-test: 1
scenario: tiny.yaml
tests:
  - name: broken
    seeds: lots
    expect:
      endng: agreement
"""


@pytest.fixture
def here(pytester: pytest.Pytester) -> Path:
    shutil.copy(TINY, pytester.path / "tiny.yaml")
    return pytester.path


def test_plugin_collects_one_item_per_case(pytester: pytest.Pytester, here: Path) -> None:
    (here / "tiny.test.yaml").write_text(PASSING)
    result = pytester.runpytest("-v")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["*tiny.test.yaml::the deal is signed at once PASSED*"])


def test_a_failing_case_names_line_expectation_seed_and_command(
    pytester: pytest.Pytester, here: Path
) -> None:
    (here / "tiny.test.yaml").write_text(FAILING)
    result = pytester.runpytest()
    result.assert_outcomes(failed=2)
    out = result.stdout.str()
    assert (
        "tiny.test.yaml:7:15: expected ending nothing; the game ended in agreement at turn 1" in out
    )
    assert (
        "seed 0: reproduce with: four-islands test 'tiny.test.yaml::wrong ending' --seed 0" in out
    )
    assert "tiny.test.yaml:13:9: expected ending nothing in 95%–100% of games" in out
    assert "95% interval" in out and "wholly outside" in out
    assert "Traceback" not in out


def test_mistakes_in_cases_fail_at_their_lines_without_tracebacks(
    pytester: pytest.Pytester, here: Path
) -> None:
    (here / "m.test.yaml").write_text(MISTAKES)
    result = pytester.runpytest()
    result.assert_outcomes(failed=4)
    out = result.stdout.str()
    assert "m.test.yaml:5:18: expected a bot for a; unknown bot 'nobot'" in out
    assert "m.test.yaml:7:18: expected the scripted line to be playable; a, turn 1, action 1" in out
    assert "m.test.yaml:9:41: expected the scripted line to be playable; step 2 (b: accept)" in out
    assert "m.test.yaml:13:36: expected a meter of tiny; there is no meter 'a_capitol'" in out
    assert "Traceback" not in out


def test_a_malformed_file_is_a_collection_error_with_lines(
    pytester: pytest.Pytester, here: Path
) -> None:
    (here / "bad.test.yaml").write_text(MALFORMED)
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.INTERRUPTED
    out = result.stdout.str()
    assert "bad.test.yaml:5:12: error[T005] tests[0].seeds:" in out
    assert "bad.test.yaml:7:7: error[T003] tests[0].expect.endng: unknown key 'endng'" in out
    assert "Traceback" not in out


def test_yaml_without_the_marker_is_not_collected(pytester: pytest.Pytester, here: Path) -> None:
    (here / "other.test.yaml").write_text("tests: [{name: x}]\n")
    (here / "plain.yaml").write_text("four-islands-test: 1\n")
    assert pytester.runpytest().ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_four_islands_test_exit_codes(
    here: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(here)
    (here / "good.test.yaml").write_text(PASSING)
    assert main(["test", "good.test.yaml"]) == 0
    assert main(["test", "good.test.yaml::warm words are spoken", "--seed", "4"]) == 0
    (here / "fail.test.yaml").write_text(FAILING)
    assert main(["test", "fail.test.yaml::wrong ending", "--seed", "0"]) == 1
    assert main(["test", "."]) == 1
    (here / "fail.test.yaml").unlink()
    (here / "bad.test.yaml").write_text(MALFORMED)
    assert main(["test", "bad.test.yaml"]) == 2
    capsys.readouterr()
    assert main(["test", "tiny.yaml"]) == 2
    assert "not a scenario test" in capsys.readouterr().err
    assert main(["test", "missing.test.yaml"]) == 2


def test_shipped_test_files_are_not_scenarios(capsys: pytest.CaptureFixture[str]) -> None:
    assert all(not p.name.endswith(".test.yaml") for p in catalog.shipped_files())
    shipped = [p for p in catalog.scenarios_dir().iterdir() if p.name.endswith(".test.yaml")]
    assert shipped
    assert main(["validate", *map(str, shipped)]) == 0  # checked as test files, not scenarios
    capsys.readouterr()
    assert main(["list"]) == 0
    assert ".test" not in capsys.readouterr().out


@pytest.mark.parametrize("scenario_id", [e.id for e in list_scenarios()])
def test_every_shipped_history_runs_as_a_scenario_test(scenario_id: str, tmp_path: Path) -> None:
    path = tmp_path / f"{scenario_id}.test.yaml"
    head = f"four-islands-test: 1\nscenario: {scenario_id}\n"
    path.write_text(head + "tests:\n  - {name: history, history: true}\n")
    tf = read_test_file(path)
    result = run_case(tf, tf.cases[0])
    assert result.ok, "\n".join(f.render() for f in result.failures)
    assert result.games == 1


def test_a_fifo_named_like_a_test_file_is_skipped_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "trap.test.yaml"
    os.mkfifo(fifo)  # opening it to read would block until a writer came
    real = tmp_path / "real.test.yaml"
    real.write_text(PASSING)
    assert not is_test_file(fifo)
    assert find_test_files([str(tmp_path)]) == [str(real)]
    assert fifo.is_fifo()
