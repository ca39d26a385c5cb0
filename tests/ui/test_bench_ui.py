"""The desktop game's benchmark figures are measured (their targets live in the benchmark)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.ui import bench

pytestmark = pytest.mark.ui
ROOT = Path(__file__).resolve().parents[2]


def test_frame_percentiles_come_from_the_scripted_frames():
    cpu, wall = bench.frame_p95_ms(frames=36)
    assert 0 < cpu < 10_000
    assert 0 < wall < 10_000


def test_first_frame_is_timed_in_a_fresh_process():
    wall, cpu = bench.first_frame_s()
    assert cpu > 0
    assert wall > 0


def test_the_readme_shows_screenshots_that_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shots = re.findall(r"\((docs/screenshots/[a-z_]+\.png)\)", readme)
    assert len(shots) >= 10
    for shot in shots:
        assert (ROOT / shot).is_file(), shot
