"""`replay --list`, `--what-if` and `--set` in words and as JSON: decisions, two games side by side.

Everything here reads sessions; nothing changes them. `viewers` (the human sides of an unfinished
recorded game; None for an onlooker) hides the draws they may not see, as in transcripts.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from itertools import zip_longest
from typing import Any

from game.engine import Game
from game.match import Session, step_visible
from game.match.whatif import WhatIf, decisions

_COL = 48


def _actor(game: Game, actor: int) -> str:
    return game.rules.sides[actor].id if actor >= 0 else "chance"


def step_text(session: Session, i: int, viewers: set[int] | None) -> str:
    """Step `i` (0-based) in one short line: `> japan: end` or `(draw) summit=productive`."""
    game = session.game
    actor = session.actors[i]
    text = session.texts[i]
    if actor >= 0:
        return f"> {_actor(game, actor)}: {text}"
    body = text.removeprefix("chance ")
    if not step_visible(game, session.states[i], viewers):
        body = body.partition("=")[0] + " (hidden)"
    pin = " [pinned]" if session.pinned[i] else ""
    return f"(draw) {body}{pin}"


def _json_step(session: Session, i: int, viewers: set[int] | None) -> dict[str, Any]:
    game = session.game
    text = session.texts[i]
    hidden = session.actors[i] < 0 and not step_visible(game, session.states[i], viewers)
    return {
        "step": i + 1,
        "turn": session.states[i].turn,
        "actor": _actor(game, session.actors[i]),
        "action": text.partition("=")[0] if hidden else text,
        "pinned": session.pinned[i],
        **({"hidden": True} if hidden else {}),
    }


def ending_text(session: Session) -> str:
    """`Land deal: a 30.0, b -5.0`, or how far the game got."""
    game = session.game
    ending = game.ending(session.state)
    if ending is None:
        return f"unfinished (turn {session.state.turn})"
    scores = game.returns(session.state)
    parts = ", ".join(f"{s.id} {v:.1f}" for s, v in zip(game.rules.sides, scores, strict=True))
    return f"{ending.title}: {parts}"


def _game_json(session: Session, viewers: set[int] | None, start: int = 0) -> dict[str, Any]:
    game = session.game
    ending = game.ending(session.state)
    scores = game.returns(session.state)
    return {
        "ending": ending.id if ending is not None else None,
        "scores": (
            {s.id: v for s, v in zip(game.rules.sides, scores, strict=True)}
            if ending is not None
            else None
        ),
        "steps_total": len(session.actions),
        "steps": [_json_step(session, i, viewers) for i in range(start, len(session.actions))],
    }


# --- --list ----------------------------------------------------------------------------------


def list_lines(session: Session, viewers: set[int] | None) -> list[str]:
    """The numbered decisions of a game, with the draws between them (unnumbered)."""
    game = session.game
    listed = {d.step - 1: d for d in decisions(session)}
    lines = [f"{'#':>4} {'step':>5} {'turn':>4}  decision"]
    for i in range(len(session.actions)):
        d = listed.get(i)
        if d is None:
            turn = session.states[i].turn
            lines.append(f"{'':>4} {i + 1:>5} {turn:>4}    {step_text(session, i, viewers)}")
        else:
            lines.append(f"{d.number:>4} {d.step:>5} {d.turn:>4}  {_actor(game, d.side)}: {d.text}")
    lines.append(f"Ending: {ending_text(session)}")
    return lines


def list_json(session: Session, viewers: set[int] | None) -> dict[str, Any]:
    """The numbered decisions as JSON."""
    game = session.game
    return {
        "decisions": [
            {
                "number": d.number,
                "step": d.step,
                "turn": d.turn,
                "side": _actor(game, d.side),
                "action": d.text,
            }
            for d in decisions(session)
        ],
        "game": _game_json(session, viewers),
    }


# --- --what-if -------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text if len(text) <= _COL else text[: _COL - 1] + "…"


def _aligned(
    a: Session, b: Session, first: int, viewers: set[int] | None
) -> list[tuple[str, str, bool]]:
    """Rows (left, right, differ) of both games from step `first`, turn by turn.

    Within a turn, runs of equal steps are put side by side (difflib); steps never pair across
    turns, so a decision that comes later in one game is not matched with an early one.
    """

    def by_turn(s: Session) -> dict[int, list[tuple[str, str]]]:
        out: dict[int, list[tuple[str, str]]] = {}
        for i in range(first, len(s.actions)):
            text = step_text(s, i, viewers)
            turn = s.states[i].turn
            out.setdefault(turn, []).append((text, f"{i + 1:>3} {turn:>2} {text}"))
        return out

    left_turns, right_turns = by_turn(a), by_turn(b)
    rows: list[tuple[str, str, bool]] = []
    for turn in sorted(set(left_turns) | set(right_turns)):
        left, right = left_turns.get(turn, []), right_turns.get(turn, [])
        matcher = SequenceMatcher(None, [t for t, _ in left], [t for t, _ in right], False)
        for _, i1, i2, j1, j2 in matcher.get_opcodes():
            for x, y in zip_longest(left[i1:i2], right[j1:j2]):
                differ = x is None or y is None or x[0] != y[0]
                rows.append((x[1] if x else "", y[1] if y else "", differ))
    return rows


def whatif_lines(result: WhatIf, viewers: set[int] | None, context: int = 2) -> list[str]:
    """The two games side by side from just before they diverge, and how each ended."""
    a, b = result.original, result.branch
    lines = [f"What if: {result.change}"]
    lines.append("Chance draws come from the seed, keyed by node, turn and occurrence: the same.")
    d = result.first_divergence
    if result.identical:
        lines.append(f"No difference: the same {len(a.actions)} steps and the same final state.")
    elif d is None:
        lines.append(f"The same {len(a.actions)} actions; the final states differ.")
    else:
        turn = b.states[min(d - 1, len(b.states) - 1)].turn
        lines.append(
            f"The games take the same {d - 1} steps and diverge at step {d} (turn {turn})."
        )
    if d is not None:
        lines.append("")
        lines.append(f"  {'original (step turn action)':<{_COL}} | what-if")
        for left, right, differ in _aligned(a, b, max(0, d - 1 - context), viewers):
            mark = "*" if differ else " "
            lines.append(f"{mark} {_cell(left):<{_COL}} | {_cell(right)}")
    lines.append("")
    lines.append(f"  {'Ending, original':<{_COL}} | what-if")
    lines.append(f"  {_cell(ending_text(a)):<{_COL}} | {ending_text(b)}")
    game = a.game
    for i, m in enumerate(game.rules.meters):
        x, y = a.state.meters[i], b.state.meters[i]
        if x != y:
            lines.append(f"  {_cell(f'{m.label}: {x}'):<{_COL}} | {y}")
    if result.message:
        lines.append(f"The what-if {result.message}.")
    return lines


def whatif_json(result: WhatIf, viewers: set[int] | None) -> dict[str, Any]:
    """The what-if as one JSON object: the change, the first divergence, both games."""
    a, b = result.original, result.branch
    d = result.first_divergence
    start = 0 if d is None else max(0, d - 1)
    game = a.game
    divergence = None
    if d is not None:
        divergence = {
            "step": d,
            "original": _json_step(a, d - 1, viewers) if d <= len(a.actions) else None,
            "what_if": _json_step(b, d - 1, viewers) if d <= len(b.actions) else None,
        }
    return {
        "change": result.change,
        "identical": result.identical,
        "first_divergence": divergence,
        "status": "finished" if result.finished else "stopped",
        "message": result.message,
        "original": _game_json(a, viewers, start),
        "what_if": _game_json(b, viewers, start),
        "meters": {
            m.id: {"original": a.state.meters[i], "what_if": b.state.meters[i]}
            for i, m in enumerate(game.rules.meters)
            if a.state.meters[i] != b.state.meters[i]
        },
    }
