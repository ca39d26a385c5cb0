"""The project's own rules, checked by the test command: lint, format, types, layers, packaging."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)


def test_ruff_lint_is_clean():
    result = _run(sys.executable, "-m", "ruff", "check", "game", "tests", "tools")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = _run(sys.executable, "-m", "ruff", "format", "--check", "game", "tests", "tools")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_the_whole_package():
    result = _run(sys.executable, "-m", "mypy", "game")
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_layers_hold():
    exe = BIN / ("lint-imports.exe" if os.name == "nt" else "lint-imports")
    result = _run(str(exe), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_wheel_carries_scenarios_and_runs_outside_the_source_tree(tmp_path):
    wheel_dir = tmp_path / "wheel"
    built = _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        str(wheel_dir),
        ".",
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = wheel_dir.glob("four_islands-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "scenarios/tokyo_2018.yaml" in names
    assert "scenarios/base_world.yaml" in names
    assert "scenarios/schema.json" in names
    target = tmp_path / "site"
    installed = _run(
        sys.executable,
        "-m",
        "pip",
        "install",
        "--no-deps",
        "-q",
        "--target",
        str(target),
        str(wheel),
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    deps = [p for p in sys.path if p.endswith("site-packages")]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(target), *deps]))

    def game(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "game", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    listed = game("list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert str(target) in listed.stdout
    assert '"tokyo_2018"' in listed.stdout
    # `new` points an installed user at the guide the wheel carries, not at a checkout path.
    assert "game/docs/scenario-authoring.md" in names
    env["FOUR_ISLANDS_SCENARIOS"] = str(tmp_path / "own")
    made = game("new", "demo")
    assert made.returncode == 0, made.stderr
    guide = Path(made.stdout.split("guide:", 1)[1].split()[0])
    assert guide.is_file() and guide.is_relative_to(target), made.stdout
    assert f"Both are in {guide.parent}." in (tmp_path / "own" / "demo.yaml").read_text("utf-8")
