"""Shared fixtures: paths of the test data, the hand-built rules and their game.

Before anything else, every per-user folder (data, config, state, the scenario folder) is pointed
at a fresh temporary folder, in the environment (for subprocesses; platformdirs reads the XDG
variables on Linux) and in platformdirs itself (for any platform), so that nothing on the machine
running the tests (one's own scenarios, settings, saves) leaks into a run.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import platformdirs
import pytest

from game.engine import Game, Rules
from tests.engine.handmade import handmade_rules

pytest_plugins = ["pytester"]  # scenario-test plugin tests run pytest on temporary files

USER_ROOT = Path(tempfile.mkdtemp(prefix="four-islands-tests-"))
atexit.register(shutil.rmtree, USER_ROOT, ignore_errors=True)
_KINDS = {"data": "XDG_DATA_HOME", "config": "XDG_CONFIG_HOME", "state": "XDG_STATE_HOME"}
for _kind, _var in _KINDS.items():
    os.environ[_var] = str(USER_ROOT / _kind)
os.environ["FOUR_ISLANDS_SCENARIOS"] = str(USER_ROOT / "scenarios")


def _user_path(kind: str) -> Any:
    def where(appname: str | None = None, *args: Any, **kwargs: Any) -> Path:
        return USER_ROOT / kind / (appname or "")

    return where


for _kind in _KINDS:
    _path = _user_path(_kind)
    setattr(platformdirs, f"user_{_kind}_path", _path)
    setattr(platformdirs, f"user_{_kind}_dir", lambda *a, _p=_path, **k: str(_p(*a, **k)))

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def bad_dir() -> Path:
    return DATA / "bad"


@pytest.fixture
def tiny_path() -> Path:
    return DATA / "tiny.yaml"


@pytest.fixture
def rules() -> Rules:
    """The hand-built rules of tests/engine/handmade.py (no loader needed)."""
    return handmade_rules()


@pytest.fixture
def game(rules: Rules) -> Game:
    return Game(rules)
