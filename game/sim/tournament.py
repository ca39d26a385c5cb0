"""Strength and exploitability of bots, measured with paired seeds (`four-islands tournament`).

    four-islands tournament tokyo_2018 --bots random,greedy,normal,hard --games 100
    four-islands tournament tokyo_2018 --exploit --games 100

**Strength.** Every ordered pair of the bots plays `--games` seeds (cells with a searching bot
play `--search-games`): the bot in the first seat against the bot in the second, so each bot
meets each (itself included) from both seats on the same seeds. "A beats B in seat s" means A's
score in seat s exceeds B's in seat s against the same opponent on the same seed; the table
gives, per seat, the mean of these paired differences over every opponent and seed with its 95%
interval (normal approximation), and calls it when the interval excludes 0.

**Exploitability.** Each line of `exploits.LINES` (and the scenario's own fixed line, and the
uniformly random player) plays a seat against `normal` on `--games` seeds; on the same seeds
`normal` plays that seat itself. The table gives both means, the share of seeds on which the line
scores more than `normal` did, and the paired difference with its interval. Success means no
line beats `normal` on more than 80% of seeds, and random scores below it in each seat.

Games are played by `game.sim.run_batch` (the match runner, `--workers` processes): game i of
every cell has the same seed, so it draws the same hidden limits whatever the bots. The exploit
lines are bot specs (`line-a` .. `line-e`, `line-fixed`; `game.ai.lines`).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from game.ai import make_bot
from game.ai.lines import LINES, scripted_line
from game.engine import Game, Rules
from game.scenario import ScenarioError, load_rules
from game.sim.batch import run_batch
from game.sim.executors import make_executor

SEARCHING = ("hard", "ismcts", "openspiel")
"""Spec prefixes of searching bots: their cells play `search_games`."""

BASELINES = ("openspiel",)
"""Spec prefixes of outside baselines (OpenSpiel's, slow): their cells play `baseline_games`."""

EXPLOIT_SHARE = 0.8
"""A line that beats `normal` on more than this share of seeds exploits it."""


@dataclass(frozen=True, slots=True)
class Interval:
    """A mean with its 95% interval."""

    mean: float
    low: float
    high: float
    n: int

    @property
    def verdict(self) -> str:
        """`>` when the interval is above 0, `<` below, `~` when it holds 0."""
        return ">" if self.low > 0 else "<" if self.high < 0 else "~"


def interval(values: Sequence[float]) -> Interval:
    """Mean and 95% normal-approximation interval of paired differences."""
    n = len(values)
    if n == 0:
        return Interval(0.0, 0.0, 0.0, 0)
    mean = statistics.fmean(values)
    half = 1.96 * statistics.stdev(values) / math.sqrt(n) if n > 1 else math.inf
    return Interval(mean, mean - half, mean + half, n)


def scores(
    rules: Rules, specs: tuple[str, str], games: int, seed: int, workers: int
) -> list[tuple[float, ...]]:
    """Each game's scores, by index, of `games` paired games of the batch runner (game i of
    every cell with the same seed draws the same hidden limits and chance)."""
    executor = make_executor(workers)
    try:
        result = []
        # small chunks, so that a cell of slow searching games still uses every worker
        chunk = max(1, min(50, -(-games // (2 * workers))))
        batch = run_batch(
            rules, specs, games, seed, executor=executor, rows=True, chunk=chunk,
            on_chunk=lambda done: result.extend(done.rows),
        )  # fmt: skip
    finally:
        executor.close()
    if batch.interrupted:
        raise KeyboardInterrupt
    n = len(rules.sides)
    return [tuple(float(x) for x in row[3 : 3 + n]) for row in sorted(result)]


def run_cells(
    rules: Rules,
    cells: Sequence[tuple[str, str]],
    games: Sequence[int],
    seed: int,
    workers: int,
) -> list[list[tuple[float, ...]]]:
    """Scores of every cell (seat-0 spec, seat-1 spec) on its number of paired games."""
    return [scores(rules, c, n, seed, workers) for c, n in zip(cells, games, strict=True)]


def _games(
    spec_pair: tuple[str, str], games: int, search_games: int, baseline_games: int | None = None
) -> int:
    def kind(prefixes: tuple[str, ...]) -> bool:
        return any(s.split(":")[0].lower().startswith(prefixes) for s in spec_pair)

    if baseline_games is not None and kind(BASELINES):
        return min(games, search_games, baseline_games)
    return min(games, search_games) if kind(SEARCHING) else games


def strength(
    rules: Rules,
    bots: Sequence[str],
    games: int,
    search_games: int,
    seed: int,
    workers: int,
    baseline_games: int | None = None,
) -> tuple[dict[tuple[str, str], list[tuple[float, ...]]], list[tuple[int, str, str, Interval]]]:
    """Every cell's scores and, per seat and pair (A, B), the paired difference A - B."""
    cells = [(a, b) for a in bots for b in bots]
    counts = [_games(c, games, search_games, baseline_games) for c in cells]
    table = dict(zip(cells, run_cells(rules, cells, counts, seed, workers), strict=True))
    rows = []
    for seat in (0, 1):
        for i, a in enumerate(bots):
            for b in bots[i + 1 :]:
                diffs = []
                for opp in bots:
                    ca = (a, opp) if seat == 0 else (opp, a)
                    cb = (b, opp) if seat == 0 else (opp, b)
                    n = min(len(table[ca]), len(table[cb]))
                    diffs += [table[ca][k][seat] - table[cb][k][seat] for k in range(n)]
                rows.append((seat, a, b, interval(diffs)))
    return table, rows


@dataclass(frozen=True, slots=True)
class BaselineRow:
    """`ref` and the baseline in one seat against one opponent (None: every opponent pooled)."""

    seat: int
    opponent: str | None
    ref_mean: float
    base_mean: float
    diff: Interval
    """ref - baseline, paired by seed."""


def baseline(
    rules: Rules,
    ref: str,
    base: str,
    opponents: Sequence[str],
    games: int,
    seed: int,
    workers: int,
) -> list[BaselineRow]:
    """`ref` and `base`, each in each seat against each opponent on the same `games` seeds: per
    seat, ref's score minus base's, per opponent and pooled (the baseline's cells only are
    slow, so this is the cheap way to place an outside baseline)."""
    cells: list[tuple[str, str]] = []
    for opp in opponents:
        for c in ((ref, opp), (base, opp), (opp, ref), (opp, base)):
            if c not in cells:
                cells.append(c)
    table = dict(
        zip(cells, run_cells(rules, cells, [games] * len(cells), seed, workers), strict=True)
    )
    rows = []
    for seat in (0, 1):
        pooled: list[float] = []
        refs: list[float] = []
        bases: list[float] = []
        for opp in opponents:
            r = table[(ref, opp) if seat == 0 else (opp, ref)]
            b = table[(base, opp) if seat == 0 else (opp, base)]
            rs, bs = [x[seat] for x in r], [x[seat] for x in b]
            diffs = [x - y for x, y in zip(rs, bs, strict=True)]
            pooled += diffs
            refs += rs
            bases += bs
            if len(opponents) > 1:
                rows.append(
                    BaselineRow(
                        seat, opp, statistics.fmean(rs), statistics.fmean(bs), interval(diffs)
                    )
                )
        rows.append(
            BaselineRow(
                seat, None, statistics.fmean(refs), statistics.fmean(bases), interval(pooled)
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class ExploitRow:
    """One line in one seat against `normal`."""

    line: str
    seat: int
    line_mean: float
    normal_mean: float
    beats: float
    """Share of seeds on which the line scored more than `normal` in that seat."""
    diff: Interval


def exploits(
    rules: Rules, games: int, seed: int, workers: int, against: str = "normal"
) -> list[ExploitRow]:
    """The lines' figures against `against`, from both seats (the fixed line from its own)."""
    game = Game(rules)
    lines = [f"line-{k}" for k in LINES] + ["random"]
    fixed = scripted_line(game, rules.scenario_id)
    jobs: list[tuple[str, int]] = [(ln, seat) for ln in lines for seat in (0, 1)]
    if fixed is not None:
        jobs.append(("line-fixed", fixed[0]))
    cells = [(against, against)] + [
        (ln, against) if seat == 0 else (against, ln) for ln, seat in jobs
    ]
    results = run_cells(rules, cells, [games] * len(cells), seed, workers)
    base = results[0]
    rows = []
    for (ln, seat), res in zip(jobs, results[1:], strict=True):
        diffs = [r[seat] - b[seat] for r, b in zip(res, base, strict=True)]
        rows.append(
            ExploitRow(
                ln,
                seat,
                statistics.fmean(r[seat] for r in res),
                statistics.fmean(b[seat] for b in base),
                sum(d > 0 for d in diffs) / len(diffs),
                interval(diffs),
            )
        )
    return rows


# --- the command ----------------------------------------------------------------------------

DEFAULT_BOTS = "random,greedy,normal,hard"


def _specs(text: str) -> list[str]:
    return [b.strip() for b in text.split(",") if b.strip()]


def register(subparsers: Any) -> None:
    """Add `tournament` to the `four-islands` parser."""
    p = subparsers.add_parser(
        "tournament",
        help="measure bots' strength and exploitability with paired seeds",
        description=(
            "Every ordered pair of --bots plays --games paired seeds (cells with a searching "
            "bot: --search-games), and the table gives, per seat, each pair's paired score "
            "difference with its 95%% interval. With --exploit, the exploit lines and the "
            "uniformly random player play each seat against `normal` on the same seeds."
        ),
    )
    p.add_argument("scenario", metavar="SCENARIO", help="a shipped scenario id or a YAML path")
    p.add_argument(
        "--bots",
        default=None,
        help=f"comma-separated specs (default {DEFAULT_BOTS}; with --baseline: the opponents, "
        "default the --baseline-ref)",
    )
    p.add_argument("--games", type=int, default=100, help="paired seeds per cell (default 100)")
    p.add_argument(
        "--search-games", type=int, default=40, help="seeds per cell with a searching bot"
    )
    p.add_argument("--seed", type=int, default=0, help="first seed (default 0)")
    p.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    p.add_argument("--exploit", action="store_true", help="the exploit lines against normal")
    p.add_argument(
        "--baseline",
        metavar="SPEC",
        help="an outside baseline (e.g. openspiel-ismcts:iters=100): it and --baseline-ref play "
        "each seat against the same opponents on the same seeds; prints ref - baseline per seat",
    )
    p.add_argument("--baseline-ref", default="hard", metavar="SPEC", help="default: hard")
    p.add_argument(
        "--baseline-games",
        type=int,
        default=20,
        help="seeds per cell with an outside baseline (openspiel-*) bot (default 20)",
    )
    p.set_defaults(func=cmd_tournament)


def cmd_tournament(args: argparse.Namespace) -> int:
    """`four-islands tournament`."""
    if min(args.games, args.search_games, args.workers, args.baseline_games) < 1:
        print("four-islands tournament: --games, --search-games, --baseline-games, --workers "
              "must be >= 1", file=sys.stderr)  # fmt: skip
        return 2
    try:
        rules = load_rules(args.scenario)
    except ScenarioError as exc:
        for diag in exc.diagnostics:
            print(diag.render(), file=sys.stderr)
        return 1
    sides = [s.id for s in rules.sides]
    t0 = time.perf_counter()
    if args.exploit:
        lines = exploits(rules, args.games, args.seed, args.workers)
        print(f"Exploit lines against normal on {args.scenario}, {args.games} paired seeds")
        print(f"{'line':<15}{'seat':<8}{'line':>8}{'normal':>8}{'beats':>7}  diff [95% CI]")
        for r in lines:
            d = r.diff
            flag = "  EXPLOITS" if r.beats > EXPLOIT_SHARE else ""
            print(
                f"{r.line:<15}{sides[r.seat]:<8}{r.line_mean:>8.2f}{r.normal_mean:>8.2f}"
                f"{r.beats:>7.0%}  {d.mean:+.2f} [{d.low:+.2f}, {d.high:+.2f}]{flag}"
            )
        worst = max(lines, key=lambda r: r.beats)
        print(f"worst line: {worst.line} as {sides[worst.seat]} beats normal on {worst.beats:.0%}")
    elif args.baseline:
        return _cmd_baseline(args, rules, sides, t0)
    else:
        bots = _specs(args.bots or DEFAULT_BOTS)
        try:
            for b in bots:
                make_bot(b)
        except ValueError as exc:
            print(f"four-islands tournament: --bots: {exc}", file=sys.stderr)
            return 2
        if len(set(bots)) < 2:
            print("four-islands tournament: --bots needs two bots or more", file=sys.stderr)
            return 2
        table, rows = strength(
            rules, bots, args.games, args.search_games, args.seed, args.workers, args.baseline_games
        )
        print(f"Mean scores on {args.scenario} (row in seat {sides[0]}, column in {sides[1]}):")
        width = max(len(b) for b in bots) + 2
        print(" " * width + "".join(f"{b:>{width + 8}}" for b in bots))
        for a in bots:
            cells = []
            for b in bots:
                res = table[(a, b)]
                m0 = statistics.fmean(r[0] for r in res)
                m1 = statistics.fmean(r[1] for r in res)
                cells.append(f"{m0:+6.1f}/{m1:+6.1f}".rjust(width + 8))
            print(f"{a:<{width}}" + "".join(cells))
        print("Paired differences A - B in each seat, against every opponent (95% CI):")
        for seat, a, b, pd in rows:
            word = {">": "beats", "<": "loses to", "~": "ties"}[pd.verdict]
            print(
                f"  {sides[seat]:<8}{a:>12} {word:<9}{b:<12} {pd.mean:+6.2f} "
                f"[{pd.low:+.2f}, {pd.high:+.2f}]  n={pd.n}"
            )
    print(f"({time.perf_counter() - t0:.0f} s)")
    return 0


def _cmd_baseline(args: argparse.Namespace, rules: Rules, sides: list[str], t0: float) -> int:
    """`tournament --baseline SPEC`: ref - baseline per seat, against the same opponents."""
    ref, base = args.baseline_ref.strip(), args.baseline.strip()
    opponents = _specs(args.bots) if args.bots else [ref]
    try:
        for b in (ref, base, *opponents):
            make_bot(b)
    except ValueError as exc:
        print(f"four-islands tournament: --baseline: {exc}", file=sys.stderr)
        return 2
    n = min(args.games, args.baseline_games)
    rows = baseline(rules, ref, base, opponents, n, args.seed, args.workers)
    print(
        f"{ref} - {base} on {args.scenario}, each in each seat against {', '.join(opponents)}, "
        f"{n} paired seeds a cell (95% CI):"
    )
    print(f"  {'seat':<8}{'against':<14}{ref:>12}{'baseline':>10}  diff [95% CI]")
    pooled = "all" if len(opponents) > 1 else opponents[0]
    for r in rows:
        d = r.diff
        word = {">": "beats", "<": "loses to", "~": "ties"}[d.verdict]
        print(
            f"  {sides[r.seat]:<8}{r.opponent or pooled:<14}{r.ref_mean:>12.2f}{r.base_mean:>10.2f}"
            f"  {d.mean:+.2f} [{d.low:+.2f}, {d.high:+.2f}]  n={d.n}  {ref} {word} the baseline"
        )
    print(f"({time.perf_counter() - t0:.0f} s)")
    return 0
