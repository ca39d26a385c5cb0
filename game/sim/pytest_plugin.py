"""The pytest plugin that collects scenario tests (`*.test.yaml` with the marker key).

Registered only through the `pytest11` entry point of the installed package, so installing
four-islands is enough: `pytest` then makes one item per test case. A malformed file is a
collection error listing its problems at `file:line:col`; a failing case shows the expectation,
what happened, and the seed and command that reproduce it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from game.sim.testrun import CaseResult, run_case
from game.sim.testspec import Case, TestFile, TestFileError, is_test_file, read_test_file


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--scenario-seed S`: run seed-range scenario tests for that one seed."""
    group = parser.getgroup("four-islands")
    group.addoption(
        "--scenario-seed",
        type=int,
        default=None,
        metavar="S",
        help="play scenario tests with this seed only (to reproduce a failure)",
    )


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """A collector for each scenario test file."""
    if is_test_file(file_path):
        collector: pytest.Collector = ScenarioTestFile.from_parent(parent, path=file_path)
        return collector
    return None


class ScenarioTestFile(pytest.File):
    """One `*.test.yaml` file: an item per case."""

    def collect(self) -> Iterator[pytest.Item]:
        """Parse the file (a collection error on any problem) and yield its cases."""
        try:
            tf = read_test_file(self.path)
        except TestFileError as exc:
            raise self.CollectError(str(exc)) from None
        for case in tf.cases:
            yield ScenarioCase.from_parent(self, name=case.name, test_file=tf, case=case)


class ScenarioCaseFailedError(Exception):
    """A scenario test whose expectations did not hold."""

    def __init__(self, result: CaseResult) -> None:
        self.result = result
        super().__init__("\n".join(f.render() for f in result.failures))


class ScenarioCase(pytest.Item):
    """One scenario test case."""

    def __init__(self, *, test_file: TestFile, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.test_file = test_file
        self.case = case

    def runtest(self) -> None:
        """Play the case's seeds and check its expectations."""
        seed = self.config.getoption("scenario_seed", None)
        result = run_case(self.test_file, self.case, seed)
        if result.notes:
            self.add_report_section("call", "shares", "\n".join(result.notes))
        if not result.ok:
            raise ScenarioCaseFailedError(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        """The failures without a Python traceback."""
        if isinstance(excinfo.value, ScenarioCaseFailedError):
            lines = [f.render() for f in excinfo.value.result.failures]
            lines += excinfo.value.result.notes
            return "\n".join(lines)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        """Where the case is written."""
        _, line, _ = self.case.pos
        return self.path, max(0, line - 1), f"scenario test: {self.case.name}"
