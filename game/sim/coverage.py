"""Coverage for scenario authors, after ChoiceScript's randomtest and quicktest.

    report = coverage_report(rules, batch_result)   # how often each item was reached
    problems = exhaustive(game, lines)              # every legal action at every step of lines

`coverage_report` reads a batch played with `coverage=True`: the games in which each move,
event and reaction happened (from the why-log) and each ending's count; what was never reached
is listed. `exhaustive` tries every legal action in every state along the given lines and
reports any action that crashes the engine or leaves the side to move with nothing legal.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass
from typing import Any

from game.ai.random_bot import RandomBot
from game.engine import Game, Rules, State
from game.match import Runner, ScriptError, Session, run_script
from game.match.script import step_text
from game.sim.batch import BatchResult, game_seed

MAX_PROBLEMS = 50
"""Problems reported at most (the same fault tends to repeat along every line)."""


def coverage_report(rules: Rules, result: BatchResult) -> dict[str, Any]:
    """Each move, event, reaction and ending with the share of games that reached it."""
    t = result.tally
    n = t.games
    out: dict[str, Any] = {"scenario": rules.scenario_id, "games": n}
    kinds = {
        "move": sorted({m.id for m in rules.moves}),
        "event": [e.id for e in rules.events],
        "reaction": [x.id for x in rules.reactions],
    }
    for kind, ids in kinds.items():
        rows = [{"id": i, "games": t.reached.get(f"{kind} {i}", 0)} for i in ids]
        out[f"{kind}s"] = rows
    out["endings"] = [{"id": e, "games": t.endings[i]} for i, e in enumerate(t.shape.endings)]
    out["never"] = [
        f"{kind} {row['id']}"
        for kind in ("move", "event", "reaction", "ending")
        for row in out[f"{kind}s"]
        if not row["games"]
    ]
    return out


def coverage_table(report: dict[str, Any]) -> str:
    """The text form of a coverage report."""
    n = report["games"]
    lines = [f"{report['scenario']}: coverage over {n} games", ""]
    for kind in ("move", "event", "reaction", "ending"):
        rows = report[f"{kind}s"]
        if not rows:
            continue
        reached = sum(1 for r in rows if r["games"])
        lines.append(f"{kind}s: {reached} of {len(rows)} reached")
        width = max(len(r["id"]) for r in rows)
        for r in sorted(rows, key=lambda r: (-int(r["games"]), str(r["id"]))):
            share = 100 * r["games"] / n if n else math.nan
            lines.append(f"  {r['id']:<{width}}  {r['games']:>6}  {share:5.1f}%")
        lines.append("")
    never = report["never"]
    lines.append("never reached: " + (", ".join(never) if never else "nothing — all reached"))
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Problem:
    """An action that breaks the game somewhere along a line."""

    line: str
    """Which line: `history`, or `random game i`."""
    step: int
    """0-based step of the line where the action was tried."""
    turn: int
    action: str
    what: str

    def render(self) -> str:
        """One line: where, which action, what went wrong."""
        return f"{self.line}, step {self.step} (turn {self.turn}): {self.action!r} {self.what}"


def history_states(game: Game) -> list[State]:
    """The states along the scenario's historical line (empty if it has none or breaks)."""
    if not game.rules.history:
        return []
    session = Session(game, 0)
    with contextlib.suppress(ScriptError):  # `validate` reports where the line breaks
        run_script(session, [step_text(t, i) for i, t in enumerate(game.rules.history, 1)])
    return list(session.states)


def random_states(game: Game, seed: int, index: int) -> list[State]:
    """The states of random game `index` (random bots on every side)."""
    states: list[State] = []

    def keep(before: State, action: int, actor: int, after: State, _: Any) -> None:
        states.append(before)

    runner = Runner(
        game, game_seed(seed, index), [RandomBot() for _ in game.rules.sides], on_step=keep
    )
    states.append(runner.play())
    return states


def exhaustive(game: Game, lines: list[tuple[str, list[State]]]) -> tuple[int, list[Problem]]:
    """Try every legal action in every state of the lines; (actions tried, problems found)."""
    problems: list[Problem] = []
    tried = 0
    for name, states in lines:
        for step, state in enumerate(states):
            if game.is_terminal(state):
                continue
            for action in game.legal_actions(state):
                tried += 1
                what = _try(game, state, action)
                if what:
                    text = _text(game, state, action)
                    problems.append(Problem(name, step, state.turn, text, what))
                    if len(problems) >= MAX_PROBLEMS:
                        return tried, problems
    return tried, problems


def _try(game: Game, state: State, action: int) -> str:
    try:
        after = game.apply(state, action)
        if game.is_terminal(after):
            game.returns(after)
            return ""
        if not game.legal_actions(after):
            who = game.current_player(after)
            side = game.rules.sides[who].id if who >= 0 else "chance"
            return f"leaves {side} with nothing legal to do"
        if game.is_chance_node(after):
            total = sum(p for _, p in game.chance_outcomes(after))
            if not math.isclose(total, 1.0, abs_tol=1e-6):
                return f"leads to a draw whose chances sum to {total:g}"
    except Exception as exc:  # what we look for: any crash of the engine
        return f"crashes: {type(exc).__name__}: {exc}"
    return ""


def _text(game: Game, state: State, action: int) -> str:
    try:
        return game.action_to_string(state, action)
    except Exception:  # the crash is reported already; name the action by its id
        return f"#{action}"


__all__ = [
    "Problem",
    "coverage_report",
    "coverage_table",
    "exhaustive",
    "history_states",
    "random_states",
]
