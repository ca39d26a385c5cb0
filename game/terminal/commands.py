"""CLI commands of the terminal front end: `run` and `replay`.

    four-islands run SCENARIO [--as SIDE] [--player SIDE=human|BOT ...] [--seed N]
                     [--script FILE | --moves TEXT] [--json] [--save FILE] [--load FILE]
    four-islands replay FILE [--list | --what-if N="ACTION" | --set NAME=VALUE ...]
                        [--player SIDE=BOT ...] [--json]

Contract with `game.cli`: `register` adds subparsers to the `four-islands` parser; each sets
`func=handler` with `set_defaults`, where `handler(args: argparse.Namespace) -> int` returns the
exit code: 0 ok, 1 a runtime problem (bad script step, bad save file), 2 a usage problem
(unknown side or bot, bad --player syntax, an empty --save name), 3 stdin closed with a human side.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
from typing import Any

from game.ai.base import Bot
from game.engine import Game, Rules
from game.match import (
    RecordError,
    ScriptError,
    Session,
    UnknownBotError,
    load_script,
    make_bot,
    parse_moves,
    pinned_summary,
    read_save,
    replay,
    run_script,
    save_game,
    session_from_record,
    viewers_for,
)
from game.match.script import ScriptStep
from game.scenario import ScenarioError, load_rules

EXIT_OK = 0
EXIT_RUNTIME = 1
EXIT_USAGE = 2
EXIT_STREAM = 3
DEFAULT_BOT = "normal"  # the negotiator (game.ai.registry.DIFFICULTIES)


class UsageError(Exception):
    """A bad command line (exit code 2)."""


def register(subparsers: Any) -> None:
    """Add `run` and `replay` to the `four-islands` parser."""
    p = subparsers.add_parser(
        "run",
        help="play a scenario in the terminal (or let bots / a script play it)",
        description=(
            "Play SCENARIO in the terminal. With --as SIDE you play SIDE and the `normal` bot the "
            "others; with a bot on every side the game plays itself. Given --script or --moves, "
            "the script makes the human sides' decisions (every side, when no side is named) and "
            "the transcript is printed."
        ),
    )
    p.add_argument(
        "scenario",
        nargs="?",
        metavar="SCENARIO",
        help="a shipped scenario id or a YAML path (with --load: the save's own, if left out)",
    )
    p.add_argument("--as", dest="as_side", metavar="SIDE", help="play SIDE yourself")
    p.add_argument(
        "--player",
        action="append",
        default=[],
        metavar="SIDE=WHO",
        help=(
            "who plays SIDE: `human`, a difficulty (`easy`, `normal`, `hard`) or a bot spec "
            "(`negotiator:boulware=0.3`); repeatable"
        ),
    )
    p.add_argument("--seed", type=int, default=None, help="seed of the match (default: random)")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--script", metavar="FILE", help="a YAML script of the human decisions")
    src.add_argument(
        "--moves", metavar="TEXT", help="the human decisions, separated by commas or semicolons"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    p.add_argument("--save", metavar="FILE", help="save the game to FILE at the end")
    p.add_argument("--load", metavar="FILE", help="continue a saved game")
    p.add_argument(
        "--verbose",
        action="store_true",
        help="interactive play: show chance draws and every change with its file:line",
    )
    p.set_defaults(func=cmd_run)

    p = subparsers.add_parser(
        "replay",
        help="re-run a saved game or record and check it reproduces exactly",
        description="Exit 0 when every step reproduces, 1 naming the first step that diverges.",
    )
    p.add_argument("file", metavar="FILE", help="a save file or record (JSON)")
    p.add_argument(
        "--scenario",
        metavar="PATH",
        help="the scenario file (or shipped id) the record was made with; by default the save's "
        "own scenario, used only when its content hash matches the record's",
    )
    what = p.add_mutually_exclusive_group()
    what.add_argument("--list", action="store_true", help="number the decisions of the game")
    what.add_argument(
        "--what-if",
        metavar='N="ACTION"',
        help="replay with decision N made as ACTION (numbers from --list)",
    )
    what.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="replay with a meter or flag set at the start; repeatable",
    )
    p.add_argument(
        "--player",
        action="append",
        default=[],
        metavar="SIDE=BOT",
        help="a bot to continue a side the record had a human play; repeatable",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    p.set_defaults(func=cmd_replay)


# --- helpers ---------------------------------------------------------------------------------


def _err(message: str) -> None:
    print(f"four-islands: {message}", file=sys.stderr)


def load_scenario_rules(scenario: str) -> Rules:
    """The rules of a scenario id or path (tests replace this to use hand-built rules)."""
    return load_rules(scenario)


def _rules_or_exit(scenario: str) -> Rules | int:
    try:
        return load_scenario_rules(scenario)
    except ScenarioError as exc:
        if exc.diagnostics and all(d.code == "X011" and not d.line for d in exc.diagnostics):
            for d in exc.diagnostics:
                _err(d.message + (f" ({d.hint})" if d.hint else ""))
            return EXIT_USAGE
        for d in exc.diagnostics:
            print(d.render(), file=sys.stderr)
        return EXIT_RUNTIME


def _note_own_scenario(scenario: str) -> None:
    """Say so when SCENARIO is one of the user's own, not a shipped one."""
    from game.scenario import find_scenario
    from game.scenario.catalog import user_files

    try:
        path = find_scenario(scenario).resolve()
    except ScenarioError:
        return
    if path in {p.resolve() for p in user_files()}:
        print(f"four-islands: your scenario, from {path}", file=sys.stderr)


def parse_players(
    rules: Rules,
    as_side: str | None,
    player_args: list[str],
    base: dict[str, str] | None = None,
    scripted: bool = False,
) -> dict[str, str]:
    """Side id -> `human` or bot spec; UsageError on unknown sides or bad syntax."""
    ids = [s.id for s in rules.sides]
    known = ", ".join(ids)
    given: dict[str, str] = {}
    if as_side is not None:
        if as_side not in ids:
            raise UsageError(f"unknown side {as_side!r} for --as; sides are {known}")
        given[as_side] = "human"
    for arg in player_args:
        side, eq, who = arg.partition("=")
        side, who = side.strip(), who.strip()
        if not eq or not side or not who:
            raise UsageError(f"--player takes SIDE=human or SIDE=BOT, got {arg!r}")
        if side not in ids:
            raise UsageError(f"unknown side {side!r} in --player {arg}; sides are {known}")
        given[side] = who
    if as_side is not None:
        out = dict.fromkeys(ids, DEFAULT_BOT)
    elif given or base:
        out = {i: (base or {}).get(i, DEFAULT_BOT) for i in ids}
    else:
        # No side named: a script plays every side; otherwise bots do.
        out = dict.fromkeys(ids, "human" if scripted else DEFAULT_BOT)
    out.update(given)
    return out


def build_players(rules: Rules, spec: dict[str, str]) -> dict[int, Bot | None]:
    """Bots for the sides; UsageError for an unknown bot."""
    out: dict[int, Bot | None] = {}
    for i, side in enumerate(rules.sides):
        who = spec[side.id]
        if who.lower() == "human":
            out[i] = None
            continue
        try:
            out[i] = make_bot(who)
        except UnknownBotError as exc:
            raise UsageError(f"--player {side.id}={who}: {exc}") from None
    return out


# --- run -------------------------------------------------------------------------------------


def cmd_run(args: argparse.Namespace) -> int:
    """`four-islands run`."""
    if args.save is not None and not args.save.strip():
        _err("--save needs a file name")
        return EXIT_USAGE
    if args.scenario is None and not args.load:
        _err("run needs a SCENARIO (`four-islands list` shows them), or --load FILE")
        return EXIT_USAGE
    save = None
    if args.load:
        try:
            save = read_save(args.load)
        except RecordError as exc:
            _err(str(exc))
            return EXIT_RUNTIME
    if args.scenario is None and save is not None:  # `run --load FILE`: the save's scenario
        args.scenario = save.scenario or save.record.scenario_id
    rules = _rules_or_exit(args.scenario)
    if isinstance(rules, int):
        return rules
    if not args.json:
        _note_own_scenario(args.scenario)
    game = Game(rules)
    steps: list[ScriptStep] | None = None
    try:
        if args.script is not None:
            steps = load_script(args.script)
        elif args.moves is not None:
            steps = parse_moves(args.moves)
    except ScriptError as exc:
        _err(str(exc))
        return EXIT_RUNTIME

    try:
        spec = parse_players(
            rules,
            args.as_side,
            args.player,
            base=save.players if save else None,
            scripted=steps is not None,
        )
        players = build_players(rules, spec)
    except UsageError as exc:
        _err(str(exc))
        return EXIT_USAGE

    if save is not None:
        try:
            session = session_from_record(save.record, game, players)
        except RecordError as exc:
            _err(f"{args.load}: {exc}")
            return EXIT_RUNTIME
        if save.record.pinned:
            _err(f"note: {args.load}: {pinned_summary(save.record, game)}")
    else:
        seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
        session = Session(game, seed, players)

    humans = [s for s, who in spec.items() if who.lower() == "human"]
    scenario_ref = args.scenario
    if steps is None and humans and sys.stdin is None:
        _err(
            "standard input is closed, so nobody can play "
            + ", ".join(humans)
            + ": give --script or --moves, or let bots play"
        )
        return EXIT_STREAM
    if steps is None and humans and sys.stdin.isatty() and not args.json:
        from game.terminal.interactive import TerminalGame

        return TerminalGame(
            session,
            players_spec=spec,
            scenario=scenario_ref,
            save_path=args.save,
            verbose=args.verbose,
        ).run()
    return _run_line(args, session, spec, steps or [], humans, scenario_ref)


def _run_line(
    args: argparse.Namespace,
    session: Session,
    spec: dict[str, str],
    steps: list[ScriptStep],
    humans: list[str],
    scenario_ref: str,
) -> int:
    from game.terminal.transcript import session_json, transcript

    start = len(session.actions)
    status, message, code = "finished", "", EXIT_OK
    human_sides = {i for i, s in enumerate(session.game.rules.sides) if s.id in humans}
    try:
        result = run_script(session, steps)
        if not result.finished:
            status, code = "stopped", EXIT_RUNTIME
            message = result.message
            if not steps:
                _, _, legal = message.partition("Legal now: ")
                message = (
                    f"no moves given for the human side{'s' if len(humans) > 1 else ''} "
                    f"{', '.join(humans)}, and standard input is not a terminal to type them "
                    f'in: play in a terminal, or give --script FILE or --moves "..."'
                    f" (turn {session.state.turn}; legal now: {legal})"
                )
    except ScriptError as exc:
        status, code, message = "error", EXIT_RUNTIME, str(exc)
    # Save before printing: if the reader of stdout goes away (`| head -1`), the game is kept.
    saved = ""
    if args.save:
        try:
            save_game(args.save, session, spec, scenario_ref)
        except OSError as exc:
            _err(f"could not save to {args.save}: {exc.strerror or exc}")
            code = EXIT_RUNTIME
        else:
            saved = args.save
    viewers = viewers_for(session.is_over(), human_sides)
    if args.json:
        data = session_json(session, spec, status, message, viewers)
        print(json.dumps(data, ensure_ascii=False))
    else:
        for line in transcript(session, 0 if start == 0 else start, viewers):
            print(line)
    if message:
        _err(message)
    if saved and not args.json:
        print(f"Saved to {saved}.")
    return code


# --- replay ----------------------------------------------------------------------------------


def _recorded_scenario(named: str, scenario_id: str, digest: str) -> Rules | str:
    """The rules a save names (its path, then its id) whose content hash is the record's.

    A save comes from someone else: what it names is loaded quietly (no diagnostic, so nothing
    of that file is shown) and played only when its digest matches; a scenario with other content
    is returned for verification to refuse; when none loads, the reason in words.
    """
    reasons: list[str] = []
    other: Rules | None = None
    for source in dict.fromkeys(s for s in (named, scenario_id) if s):
        try:
            rules = load_scenario_rules(source)
        except ScenarioError:
            reasons.append(f"its scenario {source!r} cannot be loaded")
            continue
        if rules.digest == digest:
            return rules
        other = other or rules
    if other is not None:
        return other  # verification refuses it, naming the digests (as `run --load` does)
    return "; ".join(reasons) or "it names no scenario"


def cmd_replay(args: argparse.Namespace) -> int:
    """`four-islands replay FILE [--list | --what-if N=ACTION | --set NAME=VALUE ...]`."""
    try:
        save = read_save(args.file)
    except RecordError as exc:
        _err(str(exc))
        return EXIT_RUNTIME
    record = save.record
    if args.scenario:
        rules = _rules_or_exit(args.scenario)  # the user's own choice: its diagnostics shown
        if isinstance(rules, int):
            return rules
    else:
        found = _recorded_scenario(save.scenario, record.scenario_id, record.scenario_digest)
        if isinstance(found, str):
            _err(f"{args.file}: {found}; give the scenario file with --scenario PATH")
            return EXIT_RUNTIME
        rules = found
    game = Game(rules)
    result = replay(record, game)
    if not result.ok or result.session is None:
        _err(f"{args.file}: refused: {result.message}")
        if args.json:
            refused = {
                "file": args.file,
                "identical": False,
                "refused": result.message,
                "step": result.first_divergence,
                "field": result.differs,
            }
            print(json.dumps(refused, ensure_ascii=False))
        return EXIT_RUNTIME
    session = result.session
    human_sides = {
        i for i, s in enumerate(rules.sides) if save.players.get(s.id, "human").lower() == "human"
    }
    viewers = viewers_for(session.is_over(), human_sides)
    if args.list:
        return _replay_list(args, session, viewers)
    if args.what_if is not None or args.set:
        return _replay_what_if(args, save, game, viewers)
    drawn = f"{result.drawn} chance draw{'s' if result.drawn != 1 else ''} re-derived from the seed"
    if args.json:
        out = {
            "file": args.file,
            "identical": True,
            "steps": result.steps,
            "scenario": record.scenario_id,
            "engine_version": record.engine_version,
            "drawn": result.drawn,
            "pinned": list(record.pinned),
        }
        print(json.dumps(out, ensure_ascii=False))
        return EXIT_OK
    print(
        f"{args.file}: identical ({result.steps} steps, scenario {record.scenario_id}, "
        f"engine version {record.engine_version}; {drawn})"
    )
    if record.pinned:
        print(f"  {pinned_summary(record, game)}")
    return EXIT_OK


def _replay_list(args: argparse.Namespace, session: Session, viewers: set[int] | None) -> int:
    from game.terminal.replay_view import list_json, list_lines

    if args.json:
        print(json.dumps(list_json(session, viewers), ensure_ascii=False))
    else:
        for line in list_lines(session, viewers):
            print(line)
    return EXIT_OK


def _replay_what_if(
    args: argparse.Namespace, save: Any, game: Game, viewers: set[int] | None
) -> int:
    from game.match.whatif import WhatIfError, what_if
    from game.terminal.replay_view import whatif_json, whatif_lines

    rules = game.rules
    decision: int | None = None
    action: str | None = None
    if args.what_if is not None:
        number, eq, action = args.what_if.partition("=")
        try:
            decision = int(number.strip())
        except ValueError:
            decision = None
        if not eq or decision is None or not action.strip():
            _err(f'--what-if takes N="ACTION TEXT" (N from --list), got {args.what_if!r}')
            return EXIT_USAGE
    try:
        base = {s.id: save.players.get(s.id, "human") for s in rules.sides}
        spec = parse_players(rules, None, args.player, base=base)
        players = build_players(rules, spec)
    except UsageError as exc:
        _err(str(exc))
        return EXIT_USAGE
    try:
        result = what_if(save.record, game, players, decision, action, args.set)
    except (WhatIfError, RecordError) as exc:
        _err(f"{args.file}: {exc}")
        return EXIT_RUNTIME
    if args.json:
        print(json.dumps(whatif_json(result, viewers), ensure_ascii=False))
    else:
        for line in whatif_lines(result, viewers):
            print(line)
    return EXIT_OK
