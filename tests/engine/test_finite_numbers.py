"""In play, numbers stay finite: an infinite change is clamped, NaN counts as 0."""

from __future__ import annotations

import math

import pytest

from game.engine.game import bounded_score
from game.engine.scratch import round_int


@pytest.mark.parametrize(
    ("x", "want"),
    [(2.5, 2), (3.5, 4), (-7, -7), (math.inf, 2**63), (-math.inf, -(2**63)), (math.nan, 0)],
)
def test_round_int_never_raises(x: float, want: int) -> None:
    assert round_int(x) == want


@pytest.mark.parametrize(
    ("x", "want"),
    [(5.0, 5.0), (1e300, 100.0), (-math.inf, -100.0), (math.inf, 100.0), (math.nan, 0.0)],
)
def test_scores_are_clamped_and_nan_is_zero(x: float, want: float) -> None:
    assert bounded_score(x, -100.0, 100.0) == want


def test_nan_score_is_clamped_into_a_range_without_zero() -> None:
    assert bounded_score(math.nan, 10.0, 20.0) == 10.0
