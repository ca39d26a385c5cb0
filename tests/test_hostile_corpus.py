"""The hostile-input corpus (tests/hostile/): every file gives its clean error, never a crash.

`tests/hostile/expected.yaml` says what each file must give; this test runs all of them through
the command line in-process and fails on a traceback, a raw escape character, a missing file in
the manifest or a file the manifest names that is not there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from game.cli import main
from game.scenario import validate

CORPUS = Path(__file__).parent / "hostile"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(
    (CORPUS / "expected.yaml").read_text(encoding="utf-8")
)
BASE = CORPUS / "scenarios" / "_base.yaml"


def _cases(kind: str) -> list[str]:
    return sorted(EXPECTED[kind])


def test_the_manifest_names_every_file_of_the_corpus() -> None:
    for kind in ("scenarios", "saves", "scripts"):
        files = {p.name for p in (CORPUS / kind).iterdir() if not p.name.startswith("_")}
        assert files == set(EXPECTED[kind]), kind


def _clean(text: str) -> None:
    assert "Traceback" not in text
    assert "\x1b" not in text and "\x07" not in text


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    _clean(out + err)
    return code, out, err


@pytest.mark.parametrize("name", _cases("scenarios"))
def test_hostile_scenario(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    want = EXPECTED["scenarios"][name]
    path = CORPUS / "scenarios" / name
    errors = [d for d in validate(path) if d.is_error]
    assert sorted({d.code for d in errors}) == sorted(want["codes"]), [d.render() for d in errors]
    for d in errors:
        assert d.line == want["line"], d.render()
        _clean(d.render())
        if "says" in want:
            assert want["says"] in d.message
    code, out, err = _cli(capsys, "run", str(path), "--seed", "1")
    assert code == (1 if want["codes"] else 0), out + err
    if not want["codes"]:
        assert "== The end" in out


@pytest.mark.parametrize("name", _cases("saves"))
def test_hostile_save(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = CORPUS / "saves" / name
    for argv in (["replay", str(path)], ["run", str(BASE), "--load", str(path)]):
        code, out, err = _cli(capsys, *argv)
        assert code == 1 or (argv[0] == "run" and code == 2), (argv, out, err)
        assert err.count("\n") == 1
        if argv[0] == "replay":
            assert EXPECTED["saves"][name]["says"] in err


@pytest.mark.parametrize("name", _cases("scripts"))
def test_hostile_script(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = CORPUS / "scripts" / name
    code, out, err = _cli(capsys, "run", str(BASE), "--seed", "1", "--script", str(path))
    assert code == 1, out + err
    assert err.count("\n") == 1
    assert EXPECTED["scripts"][name]["says"] in err
