"""A batch's results as data (JSON), as a text table, and as CSV rows.

summary(result)          # a JSON-able dict
table(result)            # the text report of `four-islands simulate`
"""

from __future__ import annotations

from typing import Any

from game.sim.batch import BatchResult


def summary(result: BatchResult) -> dict[str, Any]:
    """Everything `simulate --json` prints."""
    t = result.tally
    n = t.games
    return {
        "scenario": result.scenario,
        "players": dict(zip(t.shape.sides, result.players, strict=True)),
        "seed": result.seed,
        "games": n,
        "requested": result.requested,
        "interrupted": result.interrupted,
        "seconds": result.elapsed,
        "games_per_s": n / result.elapsed if result.elapsed > 0 else None,
        "endings": t.ending_shares(),
        "scores": t.scores(),
        "mean_steps": t.length_sum / n if n else None,
        "mean_last_turn": t.turn_sum / n if n else None,
        "first_deal": t.first_deal_turn(),
        "top_moves": {side: t.top_moves(i) for i, side in enumerate(t.shape.sides)},
    }


def _pct(x: float) -> str:
    # Rare endings keep two decimals, so one game in ten thousand does not read as 0.0%.
    return f"{100 * x:5.2f}%" if 0 < x < 0.01 else f"{100 * x:5.1f}%"


def table(result: BatchResult) -> str:
    """The human-readable report: endings with intervals, scores, length, moves, first deal."""
    s = summary(result)
    n = s["games"]
    players = ", ".join(f"{side}={bot}" for side, bot in s["players"].items())
    head = f"{s['scenario']}: {n} games ({players}), seed {s['seed']}"
    if s["interrupted"]:
        head += f" — interrupted after {n} of {s['requested']}"
    lines = [head, ""]
    if not n:
        lines.append("no game finished")
        return "\n".join(lines)
    width = max(len(r["ending"]) for r in s["endings"])
    lines.append(f"{'ending':<{width}}  {'games':>6}  {'share':>6}  95% interval")
    lines.extend(
        f"{r['ending']:<{width}}  {r['count']:>6}  {_pct(r['share'])}  "
        f"{_pct(r['low'])} – {_pct(r['high'])}"
        for r in s["endings"]
    )
    lines.append("")
    lines.extend(
        f"mean score {sc['side']}: {sc['mean']:+.2f} (95% {sc['low']:+.2f} to {sc['high']:+.2f})"
        for sc in s["scores"]
    )
    lines.append(f"mean length: {s['mean_steps']:.1f} steps, last turn {s['mean_last_turn']:.2f}")
    fd = s["first_deal"]
    if fd["games_with_deal"]:
        lines.append(
            f"first accepted package: in {fd['games_with_deal']} games"
            f" ({_pct(fd['games_with_deal'] / n).strip()}), median turn {fd['median_turn']:.0f},"
            f" mean {fd['mean_turn']:.2f}"
        )
    else:
        lines.append("first accepted package: never")
    for side, moves in s["top_moves"].items():
        shown = ", ".join(f"{mid} {count / n:.2f}" for mid, count in moves) or "none"
        lines.append(f"most frequent moves of {side} (per game): {shown}")
    if s["games_per_s"]:
        lines.append(f"{s['games_per_s']:.0f} games/s ({s['seconds']:.1f} s)")
    return "\n".join(lines)


def csv_header(result_sides: tuple[str, ...]) -> list[str]:
    """Columns of `simulate --csv`: one row per game."""
    return [
        "index",
        "seed",
        "ending",
        *(f"score_{s}" for s in result_sides),
        "steps",
        "last_turn",
        "first_deal_turn",
    ]


__all__ = ["csv_header", "summary", "table"]
