"""The headless analysis commands of `four-islands`: simulate (and its options, shared by sweep).

    four-islands simulate tokyo_2018 --games 10000 --workers 2 --plot endings.png
    four-islands simulate tokyo_2018 --player japan=rules --json

Bad input (an unknown scenario, bot, side or option) is one line on stderr and exit 2.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from game.engine import Rules
from game.files import (
    FileError,
    check_writable,
    clean_stale_temps,
    describe_oserror,
    kind_of,
    write_atomic,
)
from game.sim.batch import ChunkResult, check_players, run_batch
from game.sim.executors import Executor, make_executor
from game.sim.report import csv_header, summary, table

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
DEFAULT_BOT = "random"


class UsageError(Exception):
    """Bad input to a command: printed as one line, exit 2."""


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def load(scenario: str) -> Rules:
    """The compiled rules of a scenario id or path (ScenarioError when it does not load)."""
    from game.scenario import load_rules

    return load_rules(scenario)


def parse_players(rules: Rules, given: list[str] | None, default: str = DEFAULT_BOT) -> list[str]:
    """Bot spec per side from `SIDE=BOT` options (the default bot for sides not named)."""
    sides = [s.id for s in rules.sides]
    specs = [default] * len(sides)
    for item in given or []:
        side, eq, bot = item.partition("=")
        side = side.strip()
        if not eq or not side or not bot.strip():
            raise UsageError(f"--player {item!r}: expected SIDE=BOT, e.g. {sides[0]}=random")
        if side not in sides:
            raise UsageError(f"--player {item!r}: no side {side!r}; sides are {', '.join(sides)}")
        specs[sides.index(side)] = bot.strip()
    try:
        check_players(rules, specs)
    except ValueError as exc:
        raise UsageError(str(exc).splitlines()[0]) from None
    return specs


class OutputError(UsageError):
    """An output path that cannot be written (a FIFO, device, directory...): one line, exit 1."""


def check_output_path(option: str, name: str | None) -> None:
    """Refuse, before any game is played, a file whose folder does not exist or that is not a
    new or regular file (`game.files.check_writable`: nothing is touched)."""
    if name is None:
        return
    if not name.strip():
        raise UsageError(f"{option}: no file name given")
    if not Path(name).resolve().parent.is_dir():
        raise UsageError(f"{option} {name}: no folder {Path(name).parent} to write it in")
    try:
        check_writable(name)
    except FileError as exc:
        raise OutputError(f"{option} {name}: {exc.reason}") from None


@contextmanager
def _writing(option: str, name: str) -> Iterator[None]:
    """A `FileError` while writing an output (swapped for a FIFO since the check, disk full...)
    becomes one line naming the option and the file."""
    try:
        yield
    except FileError as exc:
        raise OutputError(f"{option} {name}: {exc.reason}") from None


def check_output_folder(option: str, name: str | None) -> Path | None:
    """The folder `name` (made if missing), refused when it exists and is not a folder."""
    if name is None:
        return None
    if not name.strip():
        raise UsageError(f"{option}: no folder name given")
    path = Path(name)
    try:
        if path.exists() or path.is_symlink():
            st = path.stat()  # follows a symlink; a dangling one raises
            if not stat.S_ISDIR(st.st_mode):
                raise OutputError(f"{option} {name}: not a folder (it is {kind_of(st.st_mode)})")
        else:
            path.mkdir(parents=True)
    except OSError as exc:
        raise OutputError(f"{option} {name}: {describe_oserror(exc)}") from None
    return path


def executor_from(args: argparse.Namespace) -> Executor:
    """The executor that `--workers` / `--dask` name."""
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    try:
        return make_executor(args.workers, getattr(args, "dask", None))
    except (OSError, RuntimeError, ValueError) as exc:
        raise UsageError(f"--dask {args.dask}: cannot reach the scheduler ({exc})") from None


@contextmanager
def progress(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on a terminal (stderr), nothing when piped."""
    if not sys.stderr.isatty() or total <= 0:
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def add_batch_options(p: argparse.ArgumentParser, games_default: int = 1000) -> None:
    """Options shared by simulate and sweep."""
    p.add_argument("scenario", metavar="SCENARIO", help="a shipped scenario id or a file")
    p.add_argument("--games", type=int, default=games_default, metavar="N", help="games to play")
    p.add_argument(
        "--player",
        action="append",
        metavar="SIDE=BOT",
        help=f"bot spec for a side (default {DEFAULT_BOT}); repeat per side",
    )
    p.add_argument("--seed", type=int, default=0, metavar="S", help="base seed (default 0)")
    p.add_argument("--workers", type=int, default=1, metavar="K", help="local worker processes")
    p.add_argument("--dask", metavar="ADDRESS", help="run on a Dask scheduler (tcp://HOST:PORT)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--plot", metavar="FILE.png", help="draw a chart into a PNG file")


def _cmd_simulate(args: argparse.Namespace) -> int:
    if args.games < 1:
        raise UsageError("--games must be at least 1")
    check_output_path("--plot", args.plot)
    check_output_path("--csv", args.csv)
    rules = load(args.scenario)
    players = parse_players(rules, args.player)
    sides = tuple(s.id for s in rules.sides)
    records_dir = check_output_folder("--records", args.records)
    # The CSV is built in memory (a row per game is ~100 bytes: 10,000 games ~1 MB) and written
    # atomically at the end, so a FIFO, a device or a crash can never get a half-written file.
    csv_text = io.StringIO() if args.csv else None
    writer = csv.writer(csv_text) if csv_text is not None else None
    if writer is not None:
        writer.writerow(csv_header(sides))

    if records_dir is not None:
        clean_stale_temps(records_dir)  # once: a sweep per record would scan the folder each time

    def on_chunk(chunk: ChunkResult) -> None:
        if writer is not None:
            writer.writerows(chunk.rows)
        if records_dir is not None:
            for k, rec in enumerate(chunk.records):
                path = records_dir / f"game-{chunk.start + k:06d}.json"
                with _writing("--records", str(path)):
                    # Records can be made again from the seed: atomic, but no fsync per file.
                    data = json.dumps(rec, indent=1) + "\n"
                    write_atomic(path, data, durable=False, sweep=False)

    with executor_from(args) as ex, progress(args.games, "games") as tick:
        result = run_batch(
            rules,
            players,
            args.games,
            args.seed,
            executor=ex,
            on_progress=tick,
            on_chunk=on_chunk,
            rows=writer is not None,
            records=records_dir is not None,
        )
    if csv_text is not None:
        with _writing("--csv", args.csv):
            write_atomic(args.csv, csv_text.getvalue())
    if args.plot and result.games:
        from game.sim.plot import plot_batch

        with _writing("--plot", args.plot):
            plot_batch(result, args.plot)
    if args.json:
        _out(json.dumps(summary(result), indent=2))
    else:
        _out(table(result))
        if args.plot and result.games:
            _out(f"plot: {args.plot}")
    return 130 if result.interrupted else EXIT_OK


def _cmd_sweep(args: argparse.Namespace) -> int:
    from game.sim.sweep import SweepError, grid, sweep_point, with_starts

    if args.games < 1:
        raise UsageError("--games must be at least 1")
    check_output_path("--plot", args.plot)
    rules = load(args.scenario)
    players = parse_players(rules, args.player)
    try:
        settings = grid(rules, args.vary or [], args.set or [])
    except SweepError as exc:
        raise UsageError(str(exc)) from None
    points: list[dict[str, Any]] = []
    interrupted = False
    with executor_from(args) as ex, progress(args.games * len(settings), "games") as tick:
        for label, values in settings:
            result = run_batch(
                with_starts(rules, values),
                players,
                args.games,
                args.seed,
                executor=ex,
                on_progress=tick,
            )
            points.append(sweep_point(label, values, summary(result)))
            if result.interrupted:
                interrupted = True
                break
    axis = ", ".join(v.partition("=")[0] for v in args.vary)
    report = {
        "scenario": rules.scenario_id,
        "players": dict(zip([s.id for s in rules.sides], players, strict=True)),
        "seed": args.seed,
        "games_per_setting": args.games,
        "vary": args.vary,
        "set": args.set or [],
        "interrupted": interrupted,
        "points": points,
    }
    if args.plot and points:
        from game.sim.plot import plot_sweep

        title = f"{rules.scenario_id}: endings as {axis} vary ({args.games} games each)"
        with _writing("--plot", args.plot):
            plot_sweep(points, axis, title, args.plot)
    if args.json:
        _out(json.dumps(report, indent=2))
    else:
        _out(sweep_table(report))
        if args.plot and points:
            _out(f"plot: {args.plot}")
    return 130 if interrupted else EXIT_OK


def sweep_table(report: dict[str, Any]) -> str:
    """Each ending's share (95% interval) at each setting."""
    points = report["points"]
    endings: list[str] = []
    for p in points:
        for r in p["endings"]:
            if r["count"] and r["ending"] not in endings:
                endings.append(r["ending"])
    fixed = f" with {', '.join(report['set'])}" if report["set"] else ""
    lines = [
        f"{report['scenario']}: {report['games_per_setting']} games per setting{fixed},"
        f" seed {report['seed']}",
        "",
    ]
    for p in points:
        lines.append(p["label"])
        for e in endings:
            r = next(r for r in p["endings"] if r["ending"] == e)
            lines.append(
                f"  {e:<30} {100 * r['share']:5.1f}%  ({100 * r['low']:.1f}–{100 * r['high']:.1f})"
            )
    return "\n".join(lines)


def guarded(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn UsageError into one line on stderr and exit 2."""

    def run(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except OutputError as exc:
            _err(f"four-islands {args.command}: {exc}")
            return EXIT_FAILED
        except UsageError as exc:
            _err(f"four-islands {args.command}: {exc}")
            return EXIT_USAGE

    return run


def _cmd_coverage(args: argparse.Namespace) -> int:
    from game.engine import Game
    from game.sim.coverage import (
        coverage_report,
        coverage_table,
        exhaustive,
        history_states,
        random_states,
    )

    if args.games < 0:
        raise UsageError("--games must not be negative")
    rules = load(args.scenario)
    players = parse_players(rules, args.player)
    with executor_from(args) as ex, progress(args.games, "games") as tick:
        result = run_batch(
            rules, players, args.games, args.seed, executor=ex, on_progress=tick, coverage=True
        )
    report = coverage_report(rules, result)
    status = EXIT_OK
    if args.exhaustive:
        game = Game(rules)
        lines = [("history", history_states(game))] if rules.history else []
        lines += [
            (f"random game {i}", random_states(game, args.seed, i))
            for i in range(min(args.games, args.lines))
        ]
        tried, problems = exhaustive(game, lines)
        report["exhaustive"] = {
            "lines": len(lines),
            "actions_tried": tried,
            "problems": [p.render() for p in problems],
        }
        if problems:
            status = EXIT_FAILED
    if args.json:
        _out(json.dumps(report, indent=2))
        return status
    _out(coverage_table(report))
    if args.exhaustive:
        ex_report = report["exhaustive"]
        _out(
            f"\nexhaustive: {ex_report['actions_tried']} actions tried along "
            f"{ex_report['lines']} lines: "
            + (f"{len(ex_report['problems'])} problems" if ex_report["problems"] else "no problem")
        )
        for line in ex_report["problems"]:
            _out("  " + line)
    return status


_SKIP_DIRS = {"node_modules", "__pycache__", "build", "dist"}


def find_test_files(paths: list[str]) -> list[str]:
    """Scenario test files (and `file::name` nodes) named or found under folders."""
    from game.sim.testspec import is_test_file

    out: list[str] = []
    for given in paths:
        node = given.partition("::")[0]
        path = Path(node)
        if not path.exists():
            raise UsageError(f"{node}: no such file or folder")
        if path.is_dir():
            for f in sorted(path.rglob("*.test.y*ml")):
                parts = f.relative_to(path).parts[:-1]
                if any(p.startswith(".") or p in _SKIP_DIRS for p in parts):
                    continue
                if is_test_file(f):
                    out.append(str(f))
        elif is_test_file(path):
            out.append(given)
        else:
            raise UsageError(
                f"{node}: not a scenario test (a *.test.yaml file with `four-islands-test: 1`)"
            )
    return out


def _cmd_test(args: argparse.Namespace) -> int:
    import pytest

    files = find_test_files(args.paths or ["."])
    if not files:
        where = ", ".join(args.paths or ["."])
        raise UsageError(f"no scenario tests (*.test.yaml with `four-islands-test: 1`) in {where}")
    argv = [*files, "-p", "no:cacheprovider", "-q" if not args.verbose else "-v", "-rfE"]
    if args.seed is not None:
        argv += ["--scenario-seed", str(args.seed)]
    if args.k:
        argv += ["-k", args.k]
    code = int(pytest.main(argv))
    if code in (EXIT_OK, EXIT_FAILED):
        return code
    return EXIT_USAGE  # a malformed file (collection error), bad options, or no test selected


def register(sub: Any) -> None:
    """Add the analysis commands to the `four-islands` parser."""
    p = sub.add_parser(
        "sweep", help="run the batch at each setting of some starting values; endings per setting"
    )
    add_batch_options(p, games_default=200)
    p.add_argument(
        "--vary",
        action="append",
        metavar="METER=FROM:TO:STEP",
        help="a meter's starting values to try (TO included); repeat for a grid",
    )
    p.add_argument(
        "--set",
        action="append",
        metavar="NAME=VALUE",
        help="a meter's or flag's starting value for every setting",
    )
    p.set_defaults(func=guarded(_cmd_sweep))

    p = sub.add_parser(
        "coverage",
        help="how often random games reach each move, event, reaction and ending",
    )
    p.add_argument("scenario", metavar="SCENARIO", help="a shipped scenario id or a file")
    p.add_argument("--games", type=int, default=500, metavar="N", help="games to play")
    p.add_argument("--player", action="append", metavar="SIDE=BOT", help="bot spec for a side")
    p.add_argument("--seed", type=int, default=0, metavar="S")
    p.add_argument("--workers", type=int, default=1, metavar="K")
    p.add_argument("--dask", metavar="ADDRESS", help="run on a Dask scheduler")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--exhaustive",
        action="store_true",
        help="also try every legal action at every step of the history and of random lines",
    )
    p.add_argument(
        "--lines", type=int, default=20, metavar="L", help="random lines for --exhaustive"
    )
    p.set_defaults(func=guarded(_cmd_coverage))

    p = sub.add_parser(
        "test",
        help="run scenario tests (*.test.yaml); exit 0 all passed, 1 any failed, 2 bad input",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="test files or folders (default .)")
    p.add_argument("--seed", type=int, help="play seed-range tests with this seed only")
    p.add_argument("-k", metavar="EXPR", help="only tests whose name matches (pytest's -k)")
    p.add_argument("-v", "--verbose", action="store_true", help="one line per test")
    p.set_defaults(func=guarded(_cmd_test))

    p = sub.add_parser(
        "simulate", help="play many bot-vs-bot games and report how likely each ending is"
    )
    add_batch_options(p)
    p.add_argument("--csv", metavar="FILE", help="write one row per game")
    p.add_argument("--records", metavar="DIR", help="write each game's match record as JSON")
    p.set_defaults(func=guarded(_cmd_simulate))


__all__ = ["UsageError", "add_batch_options", "parse_players", "progress", "register"]
