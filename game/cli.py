"""The `four-islands` command line.

    four-islands validate PATH...    check scenario files (exit 0 valid, 1 invalid, 2 usage)
    four-islands schema              print the JSON Schema of the scenario format
    four-islands list [--json]       list the shipped scenarios, then the user's own
    four-islands new NAME            write a starter scenario into the user's scenario folder
    four-islands [play [SCENARIO]]   the desktop game (needs a display)
    four-islands run/replay ...      terminal play (registered by `game.terminal.commands`)
    four-islands simulate ...        headless analysis (registered by `game.sim.commands`)

No traceback escapes `main` for bad input: scenario problems are diagnostics, file system
problems a one-line message. Exit codes (listed in the README): 0 ok, 1 invalid input or a runtime
problem, 2 usage, 3 a standard stream is closed (stdout closed or its reader gone, stdin closed
where a human side needs it), 130 interrupted. Everything written to stdout and stderr passes
through `game.files.printable`: no escape sequence from a scenario or a save reaches the terminal,
and characters the terminal's encoding lacks are written as escapes instead of failing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from game import __version__
from game.files import PrintableStream
from game.scenario import (
    ScenarioEntry,
    ScenarioError,
    find_scenario,
    list_scenarios,
    list_user_scenarios,
    schema_text,
    validate,
)
from game.scenario.user_folder import ENV_VAR, user_scenarios_dir

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_STREAM = 3
EXIT_INTERRUPTED = 130


def _cmd_validate(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for name in args.paths:
        path = Path(name)
        if not path.exists():
            try:
                path = find_scenario(name)  # a shipped scenario id
            except ScenarioError:
                print(f"{name}: no such file or scenario id", file=sys.stderr)
                status = EXIT_USAGE
                continue
        if path.is_dir():
            print(f"{name}: is a directory, not a scenario file", file=sys.stderr)
            status = EXIT_USAGE
            continue
        from game.sim.testspec import is_test_file, test_file_diagnostics

        if is_test_file(path):  # a scenario test beside the scenarios: check it as one
            diags = test_file_diagnostics(path)
        else:
            diags = validate(path)
        if not any(d.is_error for d in diags) and not is_test_file(path):
            from game.sim.history import history_diagnostics

            diags += history_diagnostics(path)  # the `history` line is played, not only read
        for diag in diags:
            print(diag.render())
        errors = sum(1 for d in diags if d.is_error)
        warnings = len(diags) - errors
        if errors:
            summary = f"{errors} error{'s' if errors != 1 else ''}"
            if status == EXIT_OK:
                status = EXIT_INVALID
        else:
            summary = "ok"
        if warnings:
            summary += f" ({warnings} warning{'s' if warnings != 1 else ''})"
        print(f"{name}: {summary}")
    return status


def _cmd_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_text())
    return EXIT_OK


def _cmd_list(args: argparse.Namespace) -> int:
    entries = list_scenarios()
    own = list_user_scenarios()
    if args.json:
        rows = [
            {
                "id": e.id,
                "title": e.title,
                "path": str(e.path),
                "summary": e.summary,
                "valid": e.valid,
                "origin": e.origin,
                "start_date": e.start_date,
            }
            for e in [*entries, *own]
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    width = max((len(e.id) for e in [*entries, *own]), default=0)
    if not entries:
        print("no scenarios shipped")
    else:
        print("Shipped scenarios:")
        _print_entries(entries, width)
    folder = user_scenarios_dir()
    if own:
        print(f"\nYour scenarios ({folder}):")
        _print_entries(own, width, hidden={e.id for e in entries})
        broken = [e for e in own if not e.valid]
        if broken:
            print(
                f"\n`four-islands validate {broken[0].path}` says what is wrong with a file"
                " marked (has errors), and where."
            )
    else:
        print(f"\nYour scenarios: none yet in {folder} (`four-islands new NAME` writes one)")
    return EXIT_OK


def _print_entries(
    entries: list[ScenarioEntry], width: int, hidden: set[str] | None = None
) -> None:
    for e in entries:
        mark = "" if e.valid else "  (has errors)"
        if hidden and e.id in hidden:  # the shipped file wins when the id is looked up
            mark += "  (hidden by the shipped one: rename it)"
        date = e.start_date.ljust(10)
        print(f"  {e.id.ljust(width)}  {date}  {e.title}{mark}")


def _cmd_new(args: argparse.Namespace) -> int:
    from game.scenario.starter import StarterError, guide_hint, write_starter

    folder = Path(args.dir) if args.dir else user_scenarios_dir()
    try:
        path = write_starter(args.name, folder, force=args.force)
    except StarterError as exc:
        print(f"four-islands new: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {path}")
    print(f"  check it:  four-islands validate {path}")
    print(f"  play it:   four-islands run {args.name} --as north")
    print(f"  guide:     {guide_hint()}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="four-islands", description="Four Islands: a turn-based negotiation game."
    )
    parser.add_argument("--version", action="version", version=f"four-islands {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("validate", help="check scenario files and print their diagnostics")
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or shipped ids")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("schema", help="print the JSON Schema of the scenario format")
    p.set_defaults(func=_cmd_schema)

    p = sub.add_parser("list", help="list the shipped scenarios and your own")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=_cmd_list)

    p = sub.add_parser("play", help="open the desktop game (the default command)")
    p.add_argument("scenario", nargs="?", metavar="SCENARIO", help="a scenario id or YAML path")
    p.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=_cmd_play)

    p = sub.add_parser(
        "new",
        help="write a starter scenario into your scenario folder",
        description=(
            "Write NAME.yaml, a small scenario that validates and plays, into your scenario "
            f"folder ({ENV_VAR} overrides where it is), with schema.json for editors. "
            "Edit it, then `four-islands validate NAME` and `four-islands run NAME`."
        ),
    )
    p.add_argument("name", metavar="NAME", help="the scenario id: lowercase letters, digits, _")
    p.add_argument("--dir", metavar="FOLDER", help="write into FOLDER instead")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(func=_cmd_new)

    from game.terminal import commands

    commands.register(sub)
    from game.sim import commands as analysis

    analysis.register(sub)
    from game.sim import tournament

    tournament.register(sub)
    return parser


@contextlib.contextmanager
def _printable_streams() -> Iterator[None]:
    """Wrap stdout and stderr in `PrintableStream` (escapes, unencodable characters) for a call."""
    saved: list[tuple[str, TextIO]] = []
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None or isinstance(stream, PrintableStream):
            continue
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(Exception):
                reconfigure(errors="backslashreplace")
        saved.append((name, stream))
        setattr(sys, name, PrintableStream(stream))
    try:
        yield
    finally:
        for name, stream in saved:
            setattr(sys, name, stream)


def _stdout_gone() -> None:
    """After a broken pipe: point stdout at the null device so the exit flush cannot fail too."""
    with contextlib.suppress(Exception):
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.__stdout__.fileno() if sys.__stdout__ else 1)
        os.close(fd)


def _say(message: str) -> None:
    if sys.stderr is not None:
        with contextlib.suppress(Exception):
            print(f"four-islands: {message}", file=sys.stderr)


def _cmd_play(args: argparse.Namespace) -> int:
    from game.ui import main as play

    return play(getattr(args, "scenario", None), getattr(args, "trace", False))


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    if sys.stdout is None:
        _say("standard output is closed; nothing can be shown")
        return EXIT_STREAM
    with _printable_streams():
        try:
            code = _main(argv)
            sys.stdout.flush()
            return code
        except BrokenPipeError:
            _stdout_gone()
            _say("the output was closed before everything was written (broken pipe)")
            return EXIT_STREAM


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Any = getattr(args, "func", None)
    if func is None:
        func = _cmd_play
    try:
        return int(func(args))
    except ScenarioError as exc:
        for diag in exc.diagnostics:
            print(diag.render())
        return EXIT_INVALID
    except BrokenPipeError:
        raise
    except OSError as exc:
        print(
            f"four-islands: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "),
            file=sys.stderr,
        )
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
