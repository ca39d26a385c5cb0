"""What a batch of games adds up to, in memory that does not grow with the number of games.

    tally = Tally.empty(shape)          # shape: meters' bounds, turns, sides, endings, moves
    tally.add_game(result)              # one game's summary (game.sim.batch.GameSummary)
    tally.merge(other)                  # chunks are merged in index order: identical sums
    wilson(k, n)                        # 95% interval of a share
    mean_interval(total, squares, n)    # 95% interval of a mean

Meter trajectories are kept as per-meter, per-turn histograms (counts per value), so medians
and 10-90% bands come out exactly without keeping any game.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

Z95 = 1.959963984540054
"""The standard normal quantile of a two-sided 95% interval."""


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of the share k/n (0..1); (0, 1) when n is 0."""
    if n <= 0:
        return (0.0, 1.0)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def mean_interval(
    total: float, squares: float, n: int, z: float = Z95
) -> tuple[float, float, float]:
    """(mean, low, high): the mean and its normal-approximation 95% interval."""
    if n <= 0:
        return (math.nan, math.nan, math.nan)
    mean = total / n
    if n == 1:
        return (mean, mean, mean)
    var = max(0.0, (squares - n * mean * mean) / (n - 1))
    half = z * math.sqrt(var / n)
    return (mean, mean - half, mean + half)


def histogram_quantile(counts: list[int], lo: int, q: float) -> float:
    """The q-quantile (lower) of values lo, lo+1, ... with these counts; NaN when empty."""
    n = sum(counts)
    if n == 0:
        return math.nan
    rank = q * (n - 1)
    seen = 0
    for i, c in enumerate(counts):
        seen += c
        if seen > rank:
            return float(lo + i)
    return float(lo + len(counts) - 1)


@dataclass(frozen=True, slots=True)
class Shape:
    """What a tally counts: from the compiled rules, the same in every worker."""

    sides: tuple[str, ...]
    endings: tuple[str, ...]
    moves: tuple[tuple[str, int], ...]
    """(move id, side index) of every move instance, by move index."""
    meters: tuple[tuple[str, int, int], ...]
    """(meter id, lo, hi) of every meter."""
    turns: int


@dataclass(slots=True)
class Tally:
    """Sums and histograms over a batch of games (merge-able, flat in the number of games)."""

    shape: Shape
    games: int = 0
    endings: list[int] = field(default_factory=list)
    score_sum: list[float] = field(default_factory=list)
    score_sq: list[float] = field(default_factory=list)
    length_sum: int = 0
    turn_sum: int = 0
    moves: list[int] = field(default_factory=list)
    """Times each move instance was made."""
    first_deal: list[int] = field(default_factory=list)
    """Games whose first accepted package was at turn t (index t); index 0: no deal."""
    meter_hist: list[list[list[int]]] = field(default_factory=list)
    """[meter][turn][value - lo]: games with that value at the start of that turn (turn 0 is
    the game's end)."""
    reached: dict[str, int] = field(default_factory=dict)
    """Coverage runs only: games in which each `kind id` (move, event, reaction) happened."""

    @classmethod
    def empty(cls, shape: Shape) -> Tally:
        """A tally of no game."""
        n = len(shape.sides)
        return cls(
            shape,
            endings=[0] * len(shape.endings),
            score_sum=[0.0] * n,
            score_sq=[0.0] * n,
            moves=[0] * len(shape.moves),
            first_deal=[0] * (shape.turns + 2),
            meter_hist=[
                [[0] * (hi - lo + 1) for _ in range(shape.turns + 1)] for _, lo, hi in shape.meters
            ],
        )

    def merge(self, other: Tally) -> None:
        """Add another tally's games to this one."""
        self.games += other.games
        _add(self.endings, other.endings)
        for i, v in enumerate(other.score_sum):
            self.score_sum[i] += v
        for i, v in enumerate(other.score_sq):
            self.score_sq[i] += v
        self.length_sum += other.length_sum
        self.turn_sum += other.turn_sum
        _add(self.moves, other.moves)
        _add(self.first_deal, other.first_deal)
        for mine, theirs in zip(self.meter_hist, other.meter_hist, strict=True):
            for row, add in zip(mine, theirs, strict=True):
                _add(row, add)
        for key, n in other.reached.items():
            self.reached[key] = self.reached.get(key, 0) + n

    # --- reading --------------------------------------------------------------------------

    def ending_shares(self) -> list[dict[str, Any]]:
        """Each ending with its count, share and 95% Wilson interval, most frequent first."""
        rows: list[dict[str, Any]] = []
        for i, e in enumerate(self.shape.endings):
            k = self.endings[i]
            lo, hi = wilson(k, self.games)
            share = k / self.games if self.games else 0.0
            rows.append({"ending": e, "count": k, "share": share, "low": lo, "high": hi})
        rows.sort(key=lambda r: (-int(r["count"]), str(r["ending"])))
        return rows

    def scores(self) -> list[dict[str, Any]]:
        """Mean score per side with its 95% interval."""
        out = []
        for i, side in enumerate(self.shape.sides):
            mean, lo, hi = mean_interval(self.score_sum[i], self.score_sq[i], self.games)
            out.append({"side": side, "mean": mean, "low": lo, "high": hi})
        return out

    def top_moves(self, side: int, k: int = 5) -> list[tuple[str, int]]:
        """The side's `k` most frequent moves, with their counts."""
        mine = [
            (mid, self.moves[i])
            for i, (mid, s) in enumerate(self.shape.moves)
            if s == side and self.moves[i]
        ]
        mine.sort(key=lambda x: (-x[1], x[0]))
        return mine[:k]

    def first_deal_turn(self) -> dict[str, Any]:
        """Games with a deal, and the median and mean turn of the first accepted package."""
        counts = self.first_deal[1:]
        deals = sum(counts)
        if not deals:
            return {"games_with_deal": 0, "median_turn": None, "mean_turn": None}
        mean = sum((t + 1) * c for t, c in enumerate(counts)) / deals
        return {
            "games_with_deal": deals,
            "median_turn": histogram_quantile(counts, 1, 0.5),
            "mean_turn": mean,
        }

    def trajectory(self, meter: int) -> list[tuple[int, float, float, float]]:
        """(turn, 10%, median, 90%) of a meter at the start of each turn that games reached."""
        _, lo, _ = self.shape.meters[meter]
        rows = []
        for turn in range(1, self.shape.turns + 1):
            counts = self.meter_hist[meter][turn]
            if sum(counts):
                rows.append(
                    (
                        turn,
                        histogram_quantile(counts, lo, 0.1),
                        histogram_quantile(counts, lo, 0.5),
                        histogram_quantile(counts, lo, 0.9),
                    )
                )
        return rows


def _add(into: list[int], more: list[int]) -> None:
    for i, v in enumerate(more):
        into[i] += v


__all__ = ["Z95", "Shape", "Tally", "histogram_quantile", "mean_interval", "wilson"]
