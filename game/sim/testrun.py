"""Running scenario test cases: play each seed through the match runner, check expectations.

    tf = read_test_file(path)
    result = run_case(tf, tf.cases[0])
    for f in result.failures:
        print(f.render())      # file:line: what was expected; what happened; seed; command

A failure names where the expectation is written (`file:line:col`), the expectation, what
happened, and the seed and command that reproduce it. Statistical expectations (`share`) fail
when the Wilson 95% interval of the observed share lies wholly outside the expected range; the
interval is always reported.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.ai.base import Bot
from game.engine import Game, Rules, State
from game.match import ScriptError, Session, make_bot, run_script
from game.match.players import ScriptedLineError, ScriptedTurns
from game.match.script import parse_steps
from game.scenario import ScenarioError, load_rules
from game.sim.stats import wilson
from game.sim.testspec import Bound, Case, Pos, StateCheck, TestFile

_GAMES: dict[str, Game] = {}


@dataclass(frozen=True, slots=True)
class Failure:
    """One broken expectation."""

    pos: Pos
    expectation: str
    happened: str
    seed: int | None = None
    reproduce: str = ""

    def render(self) -> str:
        """`file:line:col: expected …; … happened` and a reproduce line."""
        file, line, col = self.pos
        text = f"{file}:{line}:{col}: expected {self.expectation}; {self.happened}"
        if self.reproduce:
            seed = f"seed {self.seed}: " if self.seed is not None else ""
            text += f"\n  {seed}reproduce with: {self.reproduce}"
        return text


@dataclass(slots=True)
class CaseResult:
    """What running a case found."""

    games: int = 0
    failures: list[Failure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Lines worth showing even when the case passes (statistical intervals)."""

    @property
    def ok(self) -> bool:
        """True when every expectation held."""
        return not self.failures


@dataclass(slots=True)
class _Played:
    final: State
    states: list[State]
    happened: set[str]


def game_of(scenario: str) -> Game:
    """The game of a scenario id or path (built once per process)."""
    game = _GAMES.get(scenario)
    if game is None:
        game = _GAMES[scenario] = Game(load_rules(scenario))
    return game


def reproduce_command(tf: TestFile, case: Case, seed: int | None) -> str:
    """The command that runs this case again (for one seed)."""
    node = shlex.quote(f"{_rel(tf.path)}::{case.name}")
    return f"four-islands test {node}" + (f" --seed {seed}" if seed is not None else "")


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _names(rules: Rules) -> dict[str, set[str]]:
    return {
        "side": {s.id for s in rules.sides},
        "ending": {e.id for e in rules.endings},
        "meter": {m.id for m in rules.meters},
        "flag": {f.id for f in rules.flags},
        "territory": {t.id for t in rules.territories},
        "status": {s.id for s in rules.statuses},
        "move": {m.id for m in rules.moves},
        "event": {e.id for e in rules.events},
        "reaction": {x.id for x in rules.reactions},
    }


def _check_names(rules: Rules, case: Case) -> list[Failure]:
    names = _names(rules)
    out: list[Failure] = []

    def need(kind: str, name: str, pos: Pos) -> None:
        if name not in names[kind]:
            known = ", ".join(sorted(names[kind])[:12])
            out.append(
                Failure(
                    pos,
                    f"a {kind} of {rules.scenario_id}",
                    f"there is no {kind} {name!r} (known: {known})",
                )
            )

    for side, ps in case.players.items():
        need("side", side, case.pos)
        for spec in (ps.bot, ps.then):
            if spec is None:
                continue
            try:
                make_bot(spec)
            except ValueError as exc:
                out.append(Failure(ps.pos, f"a bot for {side}", str(exc).splitlines()[0]))
    e = case.expect
    if e.ending:
        for name in e.ending[0]:
            need("ending", name, e.ending[1])
    checks = [sc for sc, _ in e.after_turn.values()] + ([e.at_end] if e.at_end else [])
    for sc in checks:
        for m, b in sc.meters.items():
            need("meter", m, b.pos)
        for f, b in sc.flags.items():
            need("flag", f, b.pos)
        for t, b in sc.territories.items():
            need("territory", t, b.pos)
            need("status", str(b.exact), b.pos)
    for item, pos in [*e.happens, *e.never]:
        kind, name = item.split()
        need(kind, name, pos)
    for name, (_, _, pos) in e.share.items():
        need("ending", name, pos)
    return out


def _players(game: Game, case: Case, scripted: bool) -> dict[int, Bot | None]:
    out: dict[int, Bot | None] = {}
    for i, side in enumerate(game.rules.sides):
        ps = case.players.get(side.id)
        if ps is None:
            out[i] = None if scripted else make_bot("random")
        elif ps.bot is not None:
            out[i] = make_bot(ps.bot)
        else:
            then = make_bot(ps.then) if ps.then else None
            out[i] = ScriptedTurns(ps.turns or {}, then)
    return out


def _happenings(session: Session) -> set[str]:
    out: set[str] = set()
    for changes in session.trace:
        for ch in changes:
            kind = ch.cause.kind
            if kind in ("move", "event", "reaction"):
                out.add(f"{kind} {ch.cause.id}")
    return out


def _state_problems(game: Game, state: State, check: StateCheck) -> list[tuple[Bound, str, str]]:
    r = game.rules
    out: list[tuple[Bound, str, str]] = []
    meters = {m.id: i for i, m in enumerate(r.meters)}
    flags = {f.id: i for i, f in enumerate(r.flags)}
    terr = {t.id: i for i, t in enumerate(r.territories)}
    for name, b in check.meters.items():
        v = state.meters[meters[name]]
        if not b.holds(v):
            out.append((b, f"meter {name} {b.describe()}", f"it was {v}"))
    for name, b in check.flags.items():
        v = bool(state.flags >> flags[name] & 1)
        if not b.holds(v):
            out.append((b, f"flag {name} {str(b.exact).lower()}", f"it was {str(v).lower()}"))
    for name, b in check.territories.items():
        status = r.statuses[state.statuses[terr[name]]].id
        if status != b.exact:
            out.append((b, f"{name} under {b.exact}", f"it was {status}"))
    return out


def _play(game: Game, case: Case, seed: int, line: list[Any] | None) -> _Played:
    session = Session(game, seed, _players(game, case, line is not None))
    if line is not None:
        result = run_script(session, parse_steps(line, "line"))
        if not result.finished:
            raise ScriptError(result.message)
    else:
        session.step_bots()
    want = case.expect.happens or case.expect.never
    return _Played(session.state, session.states, _happenings(session) if want else set())


def _check_game(game: Game, case: Case, played: _Played, ending_expect: Any) -> list[Failure]:
    r = game.rules
    out: list[Failure] = []
    final = played.final
    ended = r.endings[final.ending].id if final.ending >= 0 else "(no ending)"
    e = case.expect
    if ending_expect is not None:
        names, pos = ending_expect
        if ended not in names:
            want = names[0] if len(names) == 1 else "one of " + ", ".join(names)
            out.append(
                Failure(pos, f"ending {want}", f"the game ended in {ended} at turn {final.turn}")
            )
    for turn, (check, pos) in sorted(e.after_turn.items()):
        at = [s for s in played.states if s.turn == turn]
        if not at:
            out.append(
                Failure(pos, f"a state after turn {turn}", f"the game ended at turn {final.turn}")
            )
            continue
        for b, what, was in _state_problems(game, at[-1], check):
            out.append(Failure(b.pos, f"{what} after turn {turn}", was))
    if e.at_end is not None:
        for b, what, was in _state_problems(game, final, e.at_end):
            out.append(Failure(b.pos, f"{what} at the end", was))
    for item, pos in e.happens:
        if item not in played.happened:
            out.append(Failure(pos, f"{item} to happen", "it never did"))
    for item, pos in e.never:
        if item in played.happened:
            out.append(Failure(pos, f"{item} never to happen", "it did"))
    return out


def run_case(tf: TestFile, case: Case, only_seed: int | None = None) -> CaseResult:
    """Play every seed of the case and check its expectations."""
    result = CaseResult()
    try:
        game = game_of(tf.scenario)
    except ScenarioError as exc:
        first = exc.diagnostics[0].render() if exc.diagnostics else "it does not load"
        result.failures.append(Failure(tf.scenario_pos, f"scenario {tf.scenario} to load", first))
        return result
    rules = game.rules
    result.failures.extend(_check_names(rules, case))
    if result.failures:
        return result
    line = case.line
    ending_expect = case.expect.ending
    if case.history:
        if not rules.history:
            result.failures.append(
                Failure(case.pos, "a history line in the scenario", f"{rules.scenario_id} has none")
            )
            return result
        line = list(rules.history)
        if ending_expect is None:
            ending_expect = ((rules.history_ending,), case.pos)
    seeds = case.seeds if only_seed is None else (only_seed,)
    counts: dict[str, int] = {}
    for seed in seeds:
        try:
            played = _play(game, case, seed, line)
        except (ScriptError, ScriptedLineError) as exc:
            where = _line_pos(case, str(exc))
            if isinstance(exc, ScriptedLineError):
                side = str(exc).partition(",")[0]
                where = case.players[side].pos if side in case.players else case.pos
            result.failures.append(
                Failure(
                    where,
                    "the scripted line to be playable",
                    str(exc),
                    seed,
                    reproduce_command(tf, case, seed),
                )
            )
            return result
        result.games += 1
        name = rules.endings[played.final.ending].id if played.final.ending >= 0 else ""
        counts[name] = counts.get(name, 0) + 1
        problems = _check_game(game, case, played, ending_expect)
        if problems:
            cmd = reproduce_command(
                tf, case, seed if len(case.seeds) > 1 or only_seed is not None else case.seeds[0]
            )
            result.failures.extend(
                Failure(f.pos, f.expectation, f.happened, seed, cmd) for f in problems
            )
            return result
    n = result.games
    for name, (lo, hi, pos) in case.expect.share.items():
        k = counts.get(name, 0)
        low, high = wilson(k, n)
        observed = (
            f"{name}: {k}/{n} = {100 * k / n:.1f}%"
            f" (95% interval {100 * low:.1f}%–{100 * high:.1f}%)"
        )
        result.notes.append(f"{observed}; expected {100 * lo:g}%–{100 * hi:g}%")
        if high < lo or low > hi:
            result.failures.append(
                Failure(
                    pos,
                    f"ending {name} in {100 * lo:g}%–{100 * hi:g}% of games",
                    f"observed {observed}, wholly outside",
                    None,
                    reproduce_command(tf, case, None),
                )
            )
    return result


def _line_pos(case: Case, message: str) -> Pos:
    # "step 3 (…)": point at the line's third step when the line is the case's own.
    if case.line is not None and message.startswith("step "):
        num = message[5:].split(" ", 1)[0].rstrip(":")
        if num.isdigit() and 0 < int(num) <= len(case.line_pos):
            return case.line_pos[int(num) - 1]
    return case.pos


__all__ = ["CaseResult", "Failure", "game_of", "reproduce_command", "run_case"]
