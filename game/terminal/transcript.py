"""The transcript of a match in words (and as JSON): turns, actions, the why-log, the ending.

Everything here reads a `Session`; nothing changes it. `viewers` (the sides output is shown to;
None for an onlooker) filters out what they may not see: the other side's hidden draw, signals
they did not receive, and the seed of an unfinished game (it determines every draw).
"""

from __future__ import annotations

from typing import Any

from game.engine import CHANCE, PH_CHANCE, Change, Game
from game.match import Session, describe_change, make_record, state_to_dict, step_visible
from game.match.session import describe_source


def side_label(game: Game, side: int) -> str:
    """`Japan (japan)`."""
    info = game.rules.sides[side]
    return f"{info.name} ({info.id})" if info.name and info.name != info.id else info.id


def turns_left(game: Game, turn: int) -> int:
    """Turns after `turn` until the deadline turn."""
    return max(0, game.rules.num_turns - turn)


def turn_header(game: Game, turn: int) -> str:
    """`== Turn 2 of 6: 2018-02-01 (4 turns to the deadline) ==`."""
    r = game.rules
    date = r.turn_dates[turn - 1] if 0 < turn <= len(r.turn_dates) else ""
    label = r.turn_labels[turn - 1] if 0 < turn <= len(r.turn_labels) else ""
    left = turns_left(game, turn)
    when = "the deadline turn" if left == 0 else f"{left} turn{'s' if left != 1 else ''} to go"
    extra = f" — {label}" if label else ""
    return f"== Turn {turn} of {r.num_turns}: {date}{extra} ({when}) =="


def step_lines(
    session: Session, index: int, viewers: set[int] | None = None, why: bool = True
) -> list[str]:
    """The transcript lines of step `index` (0-based) of the session."""
    game = session.game
    actor = session.actors[index]
    text = session.texts[index]
    out: list[str] = []
    if actor == CHANCE:
        if step_visible(game, session.states[index], viewers):
            out.append(f"  (draw) {text.removeprefix('chance ')}")
    else:
        out.append(f"> {side_label(game, actor)}: {text}")
    first_note = True
    for ch in session.trace[index]:
        if ch.kind == "note":
            if ch.cause.kind == "turn":
                out.append("")
                out.append(turn_header(game, session_turn_of(session, index, ch)))
                continue
            if ch.cause.kind == "setup":
                continue
            if first_note and actor != CHANCE and ch.cause.kind in ("move", "answer"):
                first_note = False
                continue  # repeats the action line
            first_note = False
            out.append(f"  {ch.text}")
        elif why:
            out.append(f"    {describe_change(game, ch)}")
    return out


def session_turn_of(session: Session, index: int, note: Change) -> int:
    """The turn a turn-start note of step `index` opens (the note's text names it)."""
    words = note.text.split()
    if len(words) >= 2 and words[0] == "Turn":
        try:
            return int(words[1].rstrip(":"))
        except ValueError:
            pass
    return session.states[index + 1].turn


def opening_lines(session: Session, viewers: set[int] | None = None) -> list[str]:
    """The title, the sides and, when the game starts at turn 1 without a draw, its header."""
    game = session.game
    r = game.rules
    if viewers is None or session.is_over():
        lines = [f"{r.title} ({r.scenario_id}), seed {session.seed}"]
    else:
        # The seed determines every draw, the other side's hidden limit included.
        lines = [f"{r.title} ({r.scenario_id}), seed shown at the end"]
    for i in range(len(r.sides)):
        bot = session.players.get(i)
        who = "human" if bot is None else f"bot {getattr(bot, 'name', type(bot).__name__)}"
        lines.append(f"  {side_label(game, i)}: {who}")
    if session.states[0].phase != PH_CHANCE:
        # No draw before turn 1: the engine opened the turn before anyone could log it.
        lines += ["", turn_header(game, session.states[0].turn)]
    return lines


def ending_lines(session: Session) -> list[str]:
    """The ending, its epilogue and the scores."""
    game = session.game
    state = session.state
    ending = game.ending(state)
    if ending is None:
        return []
    r = game.rules
    lines = ["", f"== The end: {ending.title} =="]
    if state.table >= 0:
        lines.append(f"Agreement: {game.package_text(state.table)}")
    if ending.epilogue:
        lines.append(ending.epilogue.strip())
    if ending.history_note:
        lines.append(f"History: {ending.history_note.strip()}")
    scores = game.returns(state)
    lines.append(
        "Scores: " + ", ".join(f"{s.name} {v:.1f}" for s, v in zip(r.sides, scores, strict=True))
    )
    # The game is over: what was hidden may be shown, and the seed that drew it.
    limits = [
        f"{side.name}: {side.flex_levels[h].label}"
        for side, h in zip(r.sides, state.hidden, strict=True)
        if h >= 0
    ]
    if limits:
        lines.append(f"Hidden limits: {'; '.join(limits)} (seed {session.seed})")
    return lines


def transcript(session: Session, start: int = 0, viewers: set[int] | None = None) -> list[str]:
    """The whole transcript from step `start`, as `viewers` may see it."""
    lines = opening_lines(session, viewers) if start == 0 else []
    for i in range(start, len(session.actions)):
        lines += step_lines(session, i, viewers)
    return lines + ending_lines(session)


def change_json(game: Game, ch: Change) -> dict[str, Any]:
    """One why-log entry as JSON."""
    r = game.rules
    c = ch.cause
    out: dict[str, Any] = {
        "kind": ch.kind,
        "cause": {"kind": c.kind, "id": c.id, "label": c.label, "source": describe_source(ch)},
    }
    if ch.kind == "note":
        out["text"] = ch.text
    elif ch.kind == "meter":
        out.update(target=r.meters[ch.target].id, before=ch.before, after=ch.after)
    elif ch.kind == "flag":
        out.update(target=r.flags[ch.target].id, before=bool(ch.before), after=bool(ch.after))
    elif ch.kind == "status":
        out.update(
            target=r.territories[ch.target].id,
            before=r.statuses[ch.before].id,
            after=r.statuses[ch.after].id,
        )
    return out


def session_json(
    session: Session,
    players: dict[str, str],
    status: str,
    message: str = "",
    viewers: set[int] | None = None,
) -> dict[str, Any]:
    """The match as one JSON object: ending, scores, turns, final_state, record.

    For `viewers` of an unfinished game, hidden draws they may not see are left out, and so are
    the seed and the record (which would disclose them); the save file keeps them.
    """
    game = session.game
    hide = viewers is not None and not session.is_over()
    r = game.rules
    turns: list[dict[str, Any]] = []
    current: dict[str, Any] = {"turn": session.states[0].turn, "date": _date(game, 1), "steps": []}
    turns.append(current)
    for i in range(len(session.actions)):
        actor = session.actors[i]
        text = session.texts[i]
        if hide and actor == CHANCE and not step_visible(game, session.states[i], viewers):
            text = text.partition("=")[0]  # the node, not its outcome
        step: dict[str, Any] = {
            "step": i + 1,
            "actor": r.sides[actor].id if actor >= 0 else "chance",
            "action": text,
            "changes": [],
        }
        current["steps"].append(step)
        for ch in session.trace[i]:
            if ch.kind == "note" and ch.cause.kind == "turn":
                turn = session_turn_of(session, i, ch)
                if turn != current["turn"]:  # the draws before turn 1 belong to turn 1
                    current = {"turn": turn, "date": _date(game, turn), "steps": []}
                    turns.append(current)
                step = {"step": i + 1, "actor": "calendar", "action": "", "changes": []}
                current["steps"].append(step)
                continue
            step["changes"].append(change_json(game, ch))
    turns = [t for t in turns if t["steps"]]
    ending = game.ending(session.state)
    scores = game.returns(session.state)
    return {
        "scenario": r.scenario_id,
        "seed": None if hide else session.seed,
        "status": status,
        "message": message,
        "players": players,
        "ending": (
            {"id": ending.id, "title": ending.title, "epilogue": ending.epilogue}
            if ending is not None
            else None
        ),
        "scores": (
            {s.id: v for s, v in zip(r.sides, scores, strict=True)} if ending is not None else None
        ),
        "turns": turns,
        "final_state": state_to_dict(game, session.state, viewers if hide else None),
        "record": None if hide else make_record(session).to_dict(),
    }


def _date(game: Game, turn: int) -> str:
    dates = game.rules.turn_dates
    return dates[turn - 1] if 0 < turn <= len(dates) else ""
