"""Engine speed on one core: random playouts, apply and legal_actions timings, a bare-Python floor.

    python -m game.bench                     # every shipped scenario and scale_10_issues
    python -m game.bench --json --games 2000 --scenario tokyo_2018

For each scenario it plays `--games` full random games (uniformly random legal actions on every
side, chance outcomes by their probabilities, one `Random.random()` per draw) and reports games
per second and actions per game; then it replays a batch of the recorded (state, action) pairs
timing only `Game.apply` (µs per apply) and `Game.legal_actions` on the recorded decision
states. In the same run a floor loop does comparable bare-Python work (24 turns × 20 meter
updates and 30 comparisons per game, on lists and tuples of ints): the ratio says how far the
engine is from what plain Python can do. `apply_us_cold` and `legal_actions_us_cold` time one
pass over the same batch on a fresh `Game` (empty caches). `runner_ratio` is the time of the same
number of random-vs-random games played through `game.match`'s runner (RandomBot per side,
seeded draws) over the bare engine loop's: what the one runner costs over hand-written code.

Each scenario is measured in a fresh process (`peak_rss_mb` is that process's peak resident
memory), the shipped ones and `scale_10_issues`, a generated 10-issue variant of tokyo_2018 with
52,488 packages (`game.scenario.scale`): the cost of a big scenario against a small one.

Times are CPU time of this process (`time.process_time`): one core, and steady on a shared
machine where wall-clock timings swing by ±30%.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from game.ai.random_bot import RandomBot
from game.engine import PH_CHANCE, PH_TERMINAL, Game, Rules, State
from game.match import play_game, sample_chance

TARGET_GAMES_PER_S = 1000.0
TARGET_APPLY_US = 5.0
TARGET_RUNNER_RATIO = 1.3
_RECORD_GAMES = 200
_MIN_TIMED_S = 0.2


def random_game(
    game: Game, rng: random.Random, pairs: list[tuple[State, int]] | None = None
) -> int:
    """Play one uniformly random game to the end; return the number of actions applied.

    With `pairs`, every (state, action) applied is appended to it (the batch `apply_us` times).
    """
    apply = game.apply
    legal_actions = game.legal_actions
    chance_outcomes = game.chance_outcomes
    state = game.new_initial_state()
    n = 0
    while state.phase != PH_TERMINAL:
        if state.phase == PH_CHANCE:
            action = sample_chance(chance_outcomes(state), rng.random())
        else:
            legal = legal_actions(state)
            action = legal[int(rng.random() * len(legal))]
        if pairs is not None:
            pairs.append((state, action))
        state = apply(state, action)
        n += 1
    return n


def record_pairs(game: Game, games: int, seed: int) -> list[tuple[State, int]]:
    """(state, action) pairs of `games` random games (the batch that `apply_us` times)."""
    rng = random.Random(seed)
    pairs: list[tuple[State, int]] = []
    for _ in range(games):
        random_game(game, rng, pairs)
    return pairs


def _time_apply(game: Game, pairs: list[tuple[State, int]]) -> float:
    apply = game.apply
    reps, elapsed = 0, 0.0
    while elapsed < _MIN_TIMED_S:
        t0 = time.process_time()
        for s, a in pairs:
            apply(s, a)
        elapsed += time.process_time() - t0
        reps += 1
    return elapsed / (reps * len(pairs)) * 1e6


def _time_legal(game: Game, states: list[State]) -> float:
    legal_actions = game.legal_actions
    reps, elapsed = 0, 0.0
    while elapsed < _MIN_TIMED_S and states:
        t0 = time.process_time()
        for s in states:
            legal_actions(s)
        elapsed += time.process_time() - t0
        reps += 1
    return elapsed / (reps * len(states)) * 1e6 if states else 0.0


def _time_once(fn: Any, calls: list[tuple[Any, ...]]) -> float:
    """µs per call of one pass over the argument tuples (cold caches: no warm-up, no repeat)."""
    t0 = time.process_time()
    for args in calls:
        fn(*args)
    return (time.process_time() - t0) / max(1, len(calls)) * 1e6


def runner_games_per_s(game: Game, games: int, seed: int) -> float:
    """Random-vs-random games per second through the match runner (`RandomBot` on each side)."""
    bots = [RandomBot() for _ in game.rules.sides]
    play_game(game, seed, bots)  # warm up
    t0 = time.process_time()
    for k in range(games):
        play_game(game, seed + k, bots)
    return games / (time.process_time() - t0)


def bench_game(game: Game, games: int = 1000, seed: int = 0) -> dict[str, float]:
    """Timings of one compiled scenario (see the module docstring)."""
    rng = random.Random(seed)
    random_game(game, rng)  # warm the legal-action cache and the closures
    actions = 0
    t0 = time.process_time()
    for _ in range(games):
        actions += random_game(game, rng)
    elapsed = time.process_time() - t0
    bare = games / elapsed
    runner = runner_games_per_s(game, games, seed)
    pairs = record_pairs(game, min(games, _RECORD_GAMES), seed + 1)
    decisions = [s for s, _ in pairs if s.phase != PH_CHANCE]
    apply_cold = _time_once(Game(game.rules).apply, list(pairs))
    legal_cold = _time_once(Game(game.rules).legal_actions, [(s,) for s in decisions])
    return {
        "random_games_per_s": bare,
        "runner_games_per_s": runner,
        "runner_ratio": bare / runner,
        "apply_us": _time_apply(game, pairs),
        "legal_actions_us": _time_legal(game, decisions),
        "apply_us_cold": apply_cold,
        "legal_actions_us_cold": legal_cold,
        "actions_per_game": actions / games,
        "us_per_action": elapsed / actions * 1e6,
        "games": float(games),
        "packages": float(len(game.rules.packages)),
        "moves": float(len(game.rules.moves)),
    }


def _floor_game(seed: int) -> int:
    meters = [50 + (seed + i) % 7 for i in range(20)]
    state: tuple[int, ...] = tuple(meters)
    hits = 0
    for turn in range(24):
        meters = list(state)
        for i in range(20):
            v = meters[i] + (turn + i) % 5 - 2
            meters[i] = 0 if v < 0 else 100 if v > 100 else v
        state = tuple(meters)
        for j in range(30):
            if state[j % 20] > 50:
                hits += 1
    return hits


def floor_games_per_s(games: int = 5000) -> float:
    """Games per second of the bare-Python floor loop."""
    _floor_game(0)
    t0 = time.process_time()
    for k in range(games):
        _floor_game(k)
    return games / (time.process_time() - t0)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (0 where the OS does not say)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0.0
    peak = float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


def _targets(scenario: str | None, tmp: Path) -> list[tuple[str, str]]:
    """(id, path) of the scenarios to bench: the one named, or every shipped one and the
    generated `scale_10_issues` (written to `tmp`)."""
    from game.scenario import list_scenarios
    from game.scenario.scale import SCALE_ID, scale_scenario_text

    def scale() -> tuple[str, str]:
        path = tmp / f"{SCALE_ID}.yaml"
        path.write_text(scale_scenario_text(), encoding="utf-8")
        return (SCALE_ID, str(path))

    if scenario == SCALE_ID:
        return [scale()]
    if scenario:
        return [(scenario, scenario)]
    return [(e.id, str(e.path)) for e in list_scenarios()] + [scale()]


def measure(where: str, games: int, seed: int) -> dict[str, Any]:
    """Bench one scenario file in this process: its row, or an error."""
    from game.scenario import ScenarioError, load_rules

    try:
        rules: Rules = load_rules(where)
    except ScenarioError as exc:
        return {"error": str(exc).splitlines()[0] if str(exc) else "does not load"}
    row: dict[str, Any] = bench_game(Game(rules), games, seed)
    row["peak_rss_mb"] = peak_rss_mb()
    return {"id": rules.scenario_id, "row": row}


def bot_keys(scenario: str | None, seed: int) -> dict[str, Any]:
    """`decision_ms.<difficulty>`, `mcts_sims_per_s` and `normal_vs_normal_games_per_s`, on
    the states of every shipped scenario (or the one named): see `game.sim.botbench`."""
    from game.scenario import ScenarioError, list_scenarios, load_rules
    from game.sim.botbench import bot_timings

    where = [scenario] if scenario else [str(e.path) for e in list_scenarios()]
    games: dict[str, Game] = {}
    for w in where:
        try:
            rules = load_rules(w)
        except ScenarioError:
            continue
        games[rules.scenario_id] = Game(rules)
    return dict(bot_timings(games, seed)) if games else {}


def run(
    scenario: str | None, games: int, seed: int, ui: bool = True, bots: bool = True
) -> dict[str, Any]:
    """Bench every shipped scenario and scale_10_issues (or the one named), each in a fresh
    process, and the floor loop."""
    out: dict[str, Any] = {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "machine": f"{platform.machine()} {platform.processor() or platform.system()}".strip(),
        "games": games,
        "seed": seed,
        "scenarios": {},
        "errors": {},
    }
    with tempfile.TemporaryDirectory(prefix="four-islands-bench-") as tmp:
        for sid, where in _targets(scenario, Path(tmp)):
            cmd = [sys.executable, "-m", "game.bench", "--one", where]
            cmd += ["--games", str(games), "--seed", str(seed)]
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
            try:
                got = json.loads(done.stdout)
            except ValueError:
                lines = (done.stderr or done.stdout or "no output").strip().splitlines()
                out["errors"][sid] = f"the bench process failed: {lines[-1] if lines else ''}"
                continue
            if "error" in got:
                out["errors"][sid] = got["error"]
            else:
                out["scenarios"][got["id"]] = got["row"]
    floor = floor_games_per_s()
    out["floor_games_per_s"] = floor
    if bots:
        out.update(bot_keys(scenario, seed))
    if ui:
        from game.ui.bench import run as ui_run

        out.update(ui_run())
    for row in out["scenarios"].values():
        row["floor_ratio"] = floor / row["random_games_per_s"]
    return out


def format_table(result: dict[str, Any]) -> str:
    """The human-readable report."""
    lines = [
        f"Python {result['python']} ({result['implementation']}) on {result['machine']}, "
        f"one core, {result['games']} random games per scenario",
        "",
        f"{'scenario':<24} {'games/s':>9} {'µs/step':>8} {'apply µs':>9} {'legal µs':>9} "
        f"{'actions/game':>13} {'floor ×':>8} {'runner ×':>9} {'peak MB':>8}",
    ]
    for sid, row in result["scenarios"].items():
        lines.append(
            f"{sid:<24} {row['random_games_per_s']:>9.0f} {row['us_per_action']:>8.2f} "
            f"{row['apply_us']:>9.2f} {row['legal_actions_us']:>9.2f} "
            f"{row['actions_per_game']:>13.1f} {row['floor_ratio']:>8.1f} "
            f"{row['runner_ratio']:>9.2f} {row['peak_rss_mb']:>8.0f}"
        )
    for sid, err in result["errors"].items():
        lines.append(f"{sid:<24} does not load: {err}")
    if not result["scenarios"] and not result["errors"]:
        lines.append("(no shipped scenario)")
    lines += [
        "",
        f"floor loop: {result['floor_games_per_s']:.0f} games/s "
        "(24 turns × 20 meter updates + 30 comparisons, bare Python)",
        f"targets: ≥ {TARGET_GAMES_PER_S:.0f} random games/s, ≤ {TARGET_APPLY_US:.0f} µs per apply,"
        f" runner ≤ {TARGET_RUNNER_RATIO}× the bare loop",
    ]
    if "decision_ms" in result:
        for name, row in result["decision_ms"].items():
            lines.append(
                f"decision ms, {name}: median {row['median']:.2f}, p95 {row['p95']:.2f} "
                f"({row['states']:.0f} states)"
            )
        lines.append(
            f"hard: {result['mcts_sims_per_s']:.0f} simulations/s; normal vs normal: "
            f"{result.get('normal_vs_normal_games_per_s', 0.0):.1f} games/s "
            "(targets: normal p95 ≤ 100 ms, hard median ≤ 1000 ms, ≥ 5000 sims/s, ≥ 10 games/s)"
        )
    if "ui_frame_p95_ms" in result:
        lines.append(
            f"desktop game: frame p95 {result['ui_frame_p95_ms']:.1f} ms CPU "
            f"({result['ui_frame_p95_wall_ms']:.1f} ms wall), first frame "
            f"{result['ui_first_frame_s']:.2f} s wall "
            f"({result['ui_first_frame_cpu_s']:.2f} s CPU); targets ≤ 8 ms, ≤ 1 s"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python -m game.bench [--json] [--games N] [--scenario ID] [--seed S]`."""
    parser = argparse.ArgumentParser(
        prog="python -m game.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--games", type=int, default=1000, help="random games per scenario")
    parser.add_argument("--scenario", help="one scenario id or path (default: every shipped one)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--one", metavar="FILE", help=argparse.SUPPRESS)  # a child process
    parser.add_argument("--no-ui", action="store_true", help="skip the desktop game's figures")
    parser.add_argument("--no-bots", action="store_true", help="skip the bots' decision timings")
    args = parser.parse_args(argv)
    if args.games < 1:
        parser.error("--games must be at least 1")
    if args.one:
        print(json.dumps(measure(args.one, args.games, args.seed)))
        return 0
    result = run(args.scenario, args.games, args.seed, ui=not args.no_ui, bots=not args.no_bots)
    print(json.dumps(result, indent=2) if args.json else format_table(result))
    return 1 if result["errors"] and not result["scenarios"] else 0


if __name__ == "__main__":
    sys.exit(main())
