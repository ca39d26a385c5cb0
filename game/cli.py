"""The `four-islands` command line.

    four-islands validate PATH...    check scenario files (exit 0 valid, 1 invalid, 2 usage)
    four-islands schema              print the JSON Schema of the scenario format
    four-islands list [--json]       list the shipped scenarios
    four-islands run/replay ...      terminal play (registered by `game.terminal.commands`)

No traceback escapes `main` for bad input: scenario problems are diagnostics, file system
problems a one-line message.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from game import __version__
from game.scenario import ScenarioError, find_scenario, list_scenarios, schema_text, validate

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


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
        diags = validate(path)
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
    if args.json:
        rows = [
            {
                "id": e.id,
                "title": e.title,
                "path": str(e.path),
                "summary": e.summary,
                "valid": e.valid,
            }
            for e in entries
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not entries:
        print("no scenarios shipped")
    width = max((len(e.id) for e in entries), default=0)
    for e in entries:
        mark = "" if e.valid else "  (has errors)"
        print(f"{e.id.ljust(width)}  {e.title}{mark}")
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

    p = sub.add_parser("list", help="list the shipped scenarios")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=_cmd_list)

    from game.terminal import commands

    commands.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Any = getattr(args, "func", None)
    if func is None:
        print(
            "Four Islands: the desktop game is coming.\n"
            "Play in the terminal: four-islands run <scenario> --as <side>\n"
            "See `four-islands --help` for the other commands."
        )
        return EXIT_OK
    try:
        return int(func(args))
    except ScenarioError as exc:
        for diag in exc.diagnostics:
            print(diag.render())
        return EXIT_INVALID
    except OSError as exc:
        print(
            f"four-islands: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "),
            file=sys.stderr,
        )
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
