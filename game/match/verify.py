"""Verifying a record against its scenario, its engine and its own seed; rebuilding its session.

    result = verify(record, game)   # ReplayResult: ok, or the first step or field that differs
    session = session_from_record(record, game, players)   # RecordError with the same message

A record is trusted when it matches its own seed and decisions (docs/records.md): the draw scheme
and engine version are this game's, the scenario's content hash is the record's, every action is
legal with its canonical text, every unpinned chance outcome is the one the seed draws for it,
and every state digest matches. Pinned outcomes (given by a script) are checked to be legal and
reported as scripted. `replay` and `run --load` both go through `verify`, so they refuse the same
records with the same message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from game.ai.base import Bot
from game.engine import ENGINE_VERSION, ActionError, Game, State
from game.files import printable
from game.match.draws import DRAW_SCHEME, KeyedDraws
from game.match.record import MatchRecord, RecordError, SaveFile, read_save
from game.match.session import Session, summarize_legal
from game.match.visibility import chance_node_of, is_private


@dataclass(frozen=True, slots=True)
class ReplayResult:
    """What verifying a record found."""

    ok: bool
    steps: int
    """Steps replayed without divergence."""
    first_divergence: int | None = None
    """1-based step where the record first differs (0: before the first step), or None."""
    message: str = ""
    """`identical`, or what differs, naming the step or the field."""
    final_state: State | None = None
    differs: str = ""
    """The record field that differs (`engine_version`, `actions`, `digests` ...), or ''."""
    drawn: int = 0
    """Chance outcomes re-derived from the seed and found equal."""
    pinned: tuple[int, ...] = ()
    """Steps whose chance outcome was pinned by a script (legal, not checked against the seed)."""
    session: Session | None = field(default=None, repr=False, compare=False)
    """The rebuilt session (when ok)."""


def check_scenario(record: MatchRecord, game: Game) -> None:
    """RecordError unless the record was made with this scenario's content."""
    rules = game.rules
    if record.scenario_digest != rules.digest:
        if record.scenario_id != rules.scenario_id:
            raise RecordError(
                f"`scenario_id`: the record is for scenario {record.scenario_id!r}; "
                f"{rules.scenario_id!r} has other content than the record's; give the scenario "
                "file the record was made with"
            )
        raise RecordError(
            f"`scenario_digest`: scenario {record.scenario_id!r} has other content than the "
            f"record's (content hash {rules.digest[:12]}..., the record's "
            f"{record.scenario_digest[:12]}...); give the scenario file the record was made with"
        )


def _check_header(record: MatchRecord, game: Game) -> tuple[str, str]:
    """(field, message) of the first header field that does not fit, or ('', '')."""
    if record.draws != DRAW_SCHEME:
        return "draws", (
            f"`draws`: the record's draws are derived by {record.draws!r}; this game derives "
            f"them by {DRAW_SCHEME!r}, so its chance outcomes cannot be checked"
        )
    if record.engine_version != ENGINE_VERSION:
        return "engine_version", (
            f"`engine_version`: the record was made with engine version "
            f"{record.engine_version!r}; this is engine version {ENGINE_VERSION!r}, whose rules "
            "may play it differently: replay it with the Four Islands that made it"
        )
    try:
        check_scenario(record, game)
    except RecordError as exc:
        return str(exc).split("`")[1], str(exc)
    return "", ""


def verify(
    record: MatchRecord, game: Game, players: Mapping[int, Bot | None] | None = None
) -> ReplayResult:
    """Re-play the record step by step and check it against the seed; never raises."""
    wrong, message = _check_header(record, game)
    if wrong:
        return ReplayResult(False, 0, 0, message, differs=wrong)
    session = Session(game, record.seed, players)
    if session.initial_digest != record.initial_digest:
        return ReplayResult(
            False,
            0,
            0,
            "`initial_digest`: the initial state differs from the record's",
            session.state,
            "initial_digest",
        )
    keys = KeyedDraws(game, record.seed)  # the seed's draws, whatever the session draws from
    pinned = set(record.pinned)
    drawn = 0
    for step, ((action, text), digest) in enumerate(
        zip(record.actions, record.digests, strict=True), 1
    ):
        state = session.state
        shown = shown_text(text)
        problem = check_action(game, state, step, action, text)
        node = game.chance_node(state)
        if problem and node and is_private(game.pending_chance(state)):
            problem = f"step {step} (chance {node}): not a legal outcome there, or not its text"
        wrong = "actions"
        if not problem and step in pinned and not game.is_chance_node(state):
            problem, wrong = f"step {step} ({shown}): pinned, but it is not a chance draw", "pinned"
        if not problem and game.is_chance_node(state) and step not in pinned:
            problem = _check_draw(keys, game, state, step, action, text)
            drawn += 1
        if problem:
            return ReplayResult(False, step - 1, step, problem, state, wrong, drawn)
        if game.is_chance_node(state):
            keys.count(game, state)
        session._apply(action, pinned=step in pinned)
        if session.digests[-1] != digest:
            return ReplayResult(
                False,
                step - 1,
                step,
                f"step {step} ({shown}): the state after it differs from the record's "
                f"(`digests`, entry {step})",
                session.state,
                "digests",
                drawn,
            )
    return ReplayResult(
        True,
        len(record.actions),
        None,
        "identical",
        session.state,
        drawn=drawn,
        pinned=record.pinned,
        session=session,
    )


def _check_draw(
    keys: KeyedDraws, game: Game, state: State, step: int, action: int, text: str
) -> str:
    expected = keys.peek(game, state)
    if expected == action:
        return ""
    key = keys.chance_key(game, state)
    why = "and does not mark it pinned (the draw, the seed or an earlier step was edited)"
    if is_private(game.pending_chance(state)):
        # Never name the outcomes of a hidden draw: the message may reach the other side.
        return f"step {step} (chance {key.node}): the seed draws another outcome for {key} {why}"
    said = game.action_to_string(state, expected)
    had = game.action_to_string(state, action)
    return (
        f"step {step} ({had}): the seed draws {said.partition('=')[2]!r} for {key}; the record "
        f"has {had.partition('=')[2]!r} {why}"
    )


def shown_text(text: str, limit: int = 80) -> str:
    """Text from a file made safe to print: control characters escaped, long text cut."""
    safe = printable(text, keep_newlines=False)
    return safe if len(safe) <= limit else safe[: limit - 1] + "…"


def check_action(game: Game, state: State, step: int, action: int, text: str) -> str:
    """'' when `action` is legal in `state` with canonical `text`; else what is wrong."""
    shown = shown_text(text)
    if game.is_terminal(state):
        return f"step {step} ({shown}): the game was already over"
    legal = game.legal_actions(state)
    if action not in legal:
        listed = summarize_legal(tuple(game.action_to_string(state, a) for a in legal))
        try:
            named = game.parse_action(state, text)
        except ActionError:
            named = -1
        why = "is not legal" if named < 0 else "does not match its text"
        return f"step {step}: action #{action} ({shown}) {why} there. Legal were: {listed}"
    canonical = game.action_to_string(state, action)
    if canonical != text:
        return (
            f"step {step}: action #{action} is {canonical!r} but the record says {shown!r}"
            " (hand-edited?)"
        )
    return ""


def session_from_record(
    record: MatchRecord,
    game: Game,
    players: Mapping[int, Bot | None] | None = None,
) -> Session:
    """Verify the record and rebuild its session; RecordError naming what differs."""
    result = verify(record, game, players)
    if not result.ok or result.session is None:
        raise RecordError(f"refused: {result.message}")
    return result.session


def load_session(
    path: str | Path,
    game: Game,
    players: Mapping[int, Bot | None] | None = None,
) -> tuple[Session, SaveFile]:
    """Read a save file, verify it and rebuild its session; RecordError if anything is wrong."""
    save = read_save(path)
    try:
        return session_from_record(save.record, game, players), save
    except RecordError as exc:
        raise RecordError(f"{path}: {exc}") from None


def replay(record: MatchRecord, game: Game) -> ReplayResult:
    """Verify a record (the `replay` command): same checks as loading it."""
    return verify(record, game)


def pinned_summary(record: MatchRecord, game: Game) -> str:
    """`2 draws pinned by a script, not drawn from the seed: step 3 (crisis) ...`, or ''."""
    if not record.pinned:
        return ""
    nodes = [
        f"step {k} ({shown_text(chance_node_of(record.actions[k - 1][1]))})" for k in record.pinned
    ]
    n = len(nodes)
    return f"{n} draw{'s' if n != 1 else ''} pinned by a script, not drawn from the seed: " + (
        ", ".join(nodes)
    )


__all__ = [
    "ReplayResult",
    "check_action",
    "check_scenario",
    "load_session",
    "pinned_summary",
    "replay",
    "session_from_record",
    "verify",
]
