"""Charts of batches, drawn with matplotlib's headless Agg backend into PNG files.

plot_batch(result, "out.png")     # endings with 95% intervals + each meter's median and band
plot_sweep(sweep, "sweep.png")    # how each ending's probability moves with the setting
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.files import write_atomic

if TYPE_CHECKING:
    from game.sim.batch import BatchResult


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _save(plt: Any, fig: Any, path: str | Path) -> Path:
    """Render the PNG into memory, then write it with `write_atomic` (regular files only, never
    half-written); matplotlib's own `savefig(path)` would open a FIFO or a device."""
    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png", dpi=110)
    finally:
        plt.close(fig)
    return write_atomic(path, buf.getvalue())


def _pct(share: float) -> str:
    # Rare endings keep two decimals, so one game in ten thousand does not read as 0.0%.
    return f"{100 * share:.2f}" if 0 < share < 0.01 else f"{100 * share:.1f}"


def plot_batch(result: BatchResult, path: str | Path) -> Path:
    """Endings (share and Wilson 95% interval) over each meter's median trajectory (10–90%)."""
    plt = _pyplot()
    t = result.tally
    rows = [r for r in t.ending_shares() if r["count"]] or t.ending_shares()[:1]
    meters = [i for i in range(len(t.shape.meters)) if t.trajectory(i)]
    cols = 4
    mrows = max(1, math.ceil(len(meters) / cols))
    fig = plt.figure(figsize=(13, 3.2 + 2.3 * mrows), layout="constrained")
    grid = fig.add_gridspec(1 + mrows, cols, height_ratios=[1.4] + [1.0] * mrows)
    ax = fig.add_subplot(grid[0, :])
    names = [r["ending"].replace("_", " ") for r in rows][::-1]
    shares = [100 * r["share"] for r in rows][::-1]
    err = [
        [100 * (r["share"] - r["low"]) for r in rows][::-1],
        [100 * (r["high"] - r["share"]) for r in rows][::-1],
    ]
    bars = ax.barh(names, shares, xerr=err, color="#4c72b0", ecolor="#222222", capsize=4)
    for bar, r in zip(bars, rows[::-1], strict=True):
        ax.text(
            bar.get_width() + 100 * (r["high"] - r["share"]) + 0.8,
            bar.get_y() + bar.get_height() / 2,
            f"{_pct(r['share'])}%  ({_pct(r['low'])}–{_pct(r['high'])})",
            va="center",
            fontsize=9,
        )
    ax.set_xlim(0, min(100, max(100 * r["high"] for r in rows) * 1.35 + 5))
    ax.set_xlabel("share of games (%), bars: Wilson 95% interval")
    players = ", ".join(f"{s}={b}" for s, b in zip(t.shape.sides, result.players, strict=True))
    ax.set_title(f"{result.scenario}: endings of {t.games} games ({players})", loc="left")
    never = [r["ending"].replace("_", " ") for r in t.ending_shares() if not r["count"]]
    if never and t.games:
        ax.text(
            0.99,
            0.04,
            "never reached: " + ", ".join(never),
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=9,
            color="#555555",
        )
    ax.grid(axis="x", alpha=0.3)
    for k, m in enumerate(meters):
        mid, lo, hi = t.shape.meters[m]
        sub = fig.add_subplot(grid[1 + k // cols, k % cols])
        traj = t.trajectory(m)
        turns = [x[0] for x in traj]
        sub.fill_between(
            turns, [x[1] for x in traj], [x[3] for x in traj], color="#dd8452", alpha=0.3
        )
        sub.plot(turns, [x[2] for x in traj], color="#c44e00", linewidth=2)
        sub.set_title(mid.replace("_", " "), fontsize=9, loc="left")
        sub.set_ylim(lo, hi)
        sub.tick_params(labelsize=7)
        sub.grid(alpha=0.3)
        if k // cols == mrows - 1:
            sub.set_xlabel("turn (median, band 10–90%)", fontsize=7)
    return _save(plt, fig, path)


def plot_sweep(points: list[dict[str, Any]], label: str, title: str, path: str | Path) -> Path:
    """Each ending's probability (and 95% band) against the swept setting."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(9, 5), layout="constrained")
    xs = list(range(len(points)))
    endings: list[str] = []
    for p in points:
        for r in p["endings"]:
            if r["count"] and r["ending"] not in endings:
                endings.append(r["ending"])
    for e in endings:
        share, low, high = [], [], []
        for p in points:
            r = next(r for r in p["endings"] if r["ending"] == e)
            share.append(100 * r["share"])
            low.append(100 * r["low"])
            high.append(100 * r["high"])
        (line,) = ax.plot(xs, share, marker="o", label=e.replace("_", " "))
        ax.fill_between(xs, low, high, color=line.get_color(), alpha=0.15)
    labels = [str(p["label"]) for p in points]
    heads = {lab.partition("=")[0] for lab in labels}
    if len(heads) == 1 and "," not in labels[0]:  # one varied meter: its values say enough
        labels = [lab.partition("=")[2] for lab in labels]
    ax.set_xticks(xs, labels, rotation=30 if len(points) > 6 and len(labels[0]) > 4 else 0)
    ax.set_xlabel(label)
    ax.set_ylabel("share of games (%), band: Wilson 95%")
    ax.set_ylim(0, 100)
    ax.set_title(title, loc="left")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    return _save(plt, fig, path)


__all__ = ["plot_batch", "plot_sweep"]
