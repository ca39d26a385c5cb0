"""Play a scenario's `history` line and report where it goes wrong, as diagnostics.

    history_diagnostics(path)   # [] when the line is legal and reaches `history.ending`

Every side is driven by the line (chance steps pin draws, other draws come from seed 0). An
illegal step is reported at that step's `file:line:col`, a wrong ending at `history.ending`.
"""

from __future__ import annotations

from pathlib import Path

from game.engine import Game
from game.match import ScriptError, Session, run_script
from game.match.script import step_text
from game.scenario import Diagnostic, ScenarioError, find_scenario, load_rules


def history_diagnostics(path: str | Path) -> list[Diagnostic]:
    """Diagnostics of playing the scenario's historical line (none if it has no line)."""
    try:
        where = find_scenario(path)
        rules = load_rules(where)
    except ScenarioError:
        return []  # the loader's diagnostics say why
    if not rules.history:
        return []
    from game.scenario.loader import load_spec

    positions = load_spec(where).positions
    game = Game(rules)
    session = Session(game, 0)

    def diag(
        code: str, at: tuple[str | int, ...], message: str, hint: str | None = None
    ) -> Diagnostic:
        file, line, col = positions.value_at(at)
        dotted = f"history.steps[{at[2]}]" if len(at) == 3 else ".".join(map(str, at))
        return Diagnostic(code, "error", file, line, col, dotted, message, hint)

    try:
        steps = [step_text(t, i) for i, t in enumerate(rules.history, 1)]
        result = run_script(session, steps)
    except ScriptError as exc:
        text = str(exc)
        number = _step_number(text)
        at: tuple[str | int, ...] = ("history", "steps", number - 1) if number else ("history",)
        return [diag("H001", at, f"the historical line cannot be played: {text}")]
    if not result.finished:
        return [
            diag(
                "H002",
                ("history", "steps", len(rules.history) - 1),
                f"the historical line stops before the game ends: {result.message}",
            )
        ]
    ending = game.ending(session.state)
    reached = ending.id if ending is not None else "(none)"
    if reached != rules.history_ending:
        return [
            diag(
                "H003",
                ("history", "ending"),
                f"the historical line ends in {reached}, not in {rules.history_ending}",
                "fix the line, or the ending it names",
            )
        ]
    return []


def _step_number(message: str) -> int:
    if message.startswith("step "):
        head = message[5:].split(" ", 1)[0].rstrip(":")
        if head.isdigit():
            return int(head)
    return 0


__all__ = ["history_diagnostics"]
