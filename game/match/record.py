"""Match records and save files: versioned JSON, atomic writes, strict loading, replay.

A record holds what reproduces a match exactly: the scenario id and content hash, the engine
version, the seed, the state of every random stream at the start and now, every action as
(id, text) and the digest of the state after each step. A save file wraps a record with who plays
which side and where the scenario lives.

Loading is all or nothing: a truncated, corrupt, hand-edited, future-version or other-scenario
file raises `RecordError` and nothing half-loaded is returned.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.ai.base import Bot
from game.engine import ENGINE_VERSION, ActionError, Game, State
from game.files import (
    MAX_SAVE_BYTES,
    FileError,
    JsonLimitError,
    loads,
    read_bytes,
    write_atomic,
)
from game.match.session import (
    Session,
    rng_state_from_json,
    rng_state_to_json,
    state_digest,
    stream_names,
    summarize_legal,
)

RECORD_FORMAT = "four-islands-record"
SAVE_FORMAT = "four-islands-save"
FORMAT_VERSION = 1
"""Bumped when the layout of records or save files changes."""


class RecordError(Exception):
    """A record or save file that cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class MatchRecord:
    """Everything that reproduces one match."""

    scenario_id: str
    scenario_digest: str
    engine_version: str
    seed: int
    streams_start: dict[str, list[Any]]
    streams_now: dict[str, list[Any]]
    actions: tuple[tuple[int, str], ...]
    digests: tuple[str, ...]
    initial_digest: str
    format_version: int = FORMAT_VERSION

    def to_dict(self) -> dict[str, Any]:
        """The record as a JSON-able mapping."""
        return {
            "format": RECORD_FORMAT,
            "format_version": self.format_version,
            "scenario_id": self.scenario_id,
            "scenario_digest": self.scenario_digest,
            "engine_version": self.engine_version,
            "seed": self.seed,
            "streams_start": self.streams_start,
            "streams_now": self.streams_now,
            "initial_digest": self.initial_digest,
            "actions": [[a, t] for a, t in self.actions],
            "digests": list(self.digests),
        }

    def hash(self) -> str:
        """sha256 of the canonical JSON of the record."""
        text = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    @staticmethod
    def from_dict(data: Any) -> MatchRecord:
        """Read a record mapping; RecordError on anything malformed."""
        if not isinstance(data, dict):
            raise RecordError("a record is a JSON object")
        fmt = data.get("format")
        if fmt != RECORD_FORMAT:
            raise RecordError(f"not a Four Islands record (format is {fmt!r})")
        version = _check_version(data)
        seed = _field(data, "seed", int)
        actions_raw = _field(data, "actions", list)
        actions: list[tuple[int, str]] = []
        for i, item in enumerate(actions_raw, 1):
            if (
                not isinstance(item, list)
                or len(item) != 2
                or not _is_int(item[0])
                or not isinstance(item[1], str)
            ):
                raise RecordError(f"step {i}: an action is [id, text], got {item!r:.60}")
            actions.append((item[0], item[1]))
        digests = _field(data, "digests", list)
        if not all(isinstance(d, str) for d in digests):
            raise RecordError("digests must be strings")
        if len(digests) != len(actions):
            raise RecordError(
                f"the record has {len(actions)} actions but {len(digests)} state digests"
            )
        starts = _streams(data, "streams_start")
        nows = _streams(data, "streams_now")
        return MatchRecord(
            scenario_id=_field(data, "scenario_id", str),
            scenario_digest=_field(data, "scenario_digest", str),
            engine_version=_field(data, "engine_version", str),
            seed=seed,
            streams_start=starts,
            streams_now=nows,
            actions=tuple(actions),
            digests=tuple(digests),
            initial_digest=_field(data, "initial_digest", str),
            format_version=version,
        )


@dataclass(frozen=True, slots=True)
class SaveFile:
    """A save file: a record, who plays which side, and where the scenario is."""

    record: MatchRecord
    players: dict[str, str] = field(default_factory=dict)
    """Side id -> `human` or a bot spec."""
    scenario: str = ""
    """The scenario as the player named it (a shipped id or a path)."""

    def to_dict(self) -> dict[str, Any]:
        """The save file as a JSON-able mapping."""
        return {
            "format": SAVE_FORMAT,
            "format_version": FORMAT_VERSION,
            "scenario": self.scenario,
            "players": dict(self.players),
            "record": self.record.to_dict(),
        }


def make_record(session: Session) -> MatchRecord:
    """The record of a session as it stands."""
    rules = session.game.rules
    return MatchRecord(
        scenario_id=rules.scenario_id,
        scenario_digest=rules.digest,
        engine_version=ENGINE_VERSION,
        seed=session.seed,
        streams_start={n: rng_state_to_json(s) for n, s in session.start_streams.items()},
        streams_now={n: rng_state_to_json(s) for n, s in session.rng_states().items()},
        actions=tuple(zip(session.actions, session.texts, strict=True)),
        digests=tuple(session.digests),
        initial_digest=session.initial_digest,
    )


# --- files -----------------------------------------------------------------------------------


def write_json_atomic(path: str | Path, data: Any) -> None:
    """Write JSON to `path` atomically and only to a regular file (`game.files.write_atomic`)."""
    write_atomic(path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def save_game(
    path: str | Path,
    session: Session,
    players: Mapping[str, str] | None = None,
    scenario: str = "",
) -> SaveFile:
    """Save a session (with who plays which side) atomically; returns what was written."""
    save = SaveFile(make_record(session), dict(players or {}), scenario)
    write_json_atomic(path, save.to_dict())
    return save


def read_save(path: str | Path) -> SaveFile:
    """Read a save or record file (not yet checked against a scenario); RecordError if bad."""
    p = Path(path)
    try:
        raw = read_bytes(p, max_bytes=MAX_SAVE_BYTES)
    except FileError as exc:
        raise RecordError(f"{p}: cannot read: {exc.reason}") from None
    try:
        data = loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise RecordError(f"{p}: not a save file (not UTF-8 text)") from None
    except JsonLimitError as exc:
        raise RecordError(
            f"{p}:{exc.line}:{exc.col}: not a valid save file, truncated or corrupt ({exc.message})"
        ) from None
    try:
        return parse_save(data)
    except RecordError as exc:
        raise RecordError(f"{p}: {exc}") from None


def parse_save(data: Any) -> SaveFile:
    """A save (or bare record) from its JSON value; RecordError if malformed."""
    if not isinstance(data, dict):
        raise RecordError("not a save file (the top level is not a JSON object)")
    fmt = data.get("format")
    if fmt == RECORD_FORMAT:
        return SaveFile(MatchRecord.from_dict(data), {}, "")
    if fmt != SAVE_FORMAT:
        raise RecordError(f"not a Four Islands save file (format is {fmt!r})")
    _check_version(data)
    players = data.get("players", {})
    if not isinstance(players, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in players.items()
    ):
        raise RecordError("`players` must map side ids to `human` or a bot name")
    scenario = data.get("scenario", "")
    if not isinstance(scenario, str):
        raise RecordError("`scenario` must be a string")
    return SaveFile(MatchRecord.from_dict(data.get("record")), dict(players), scenario)


# --- rebuilding and replaying ------------------------------------------------------------------


def check_scenario(record: MatchRecord, game: Game) -> None:
    """RecordError unless the record was made with this scenario's content."""
    rules = game.rules
    if record.scenario_digest != rules.digest:
        if record.scenario_id != rules.scenario_id:
            raise RecordError(
                f"the record is for scenario {record.scenario_id!r}, not {rules.scenario_id!r}"
            )
        raise RecordError(
            f"the record was made with another version of scenario {record.scenario_id!r} "
            f"(content hash {record.scenario_digest[:12]}..., this file has "
            f"{rules.digest[:12]}...)"
        )


def session_from_record(
    record: MatchRecord,
    game: Game,
    players: Mapping[int, Bot | None] | None = None,
) -> Session:
    """Rebuild a session by re-applying every action (checked); RecordError on any mismatch."""
    check_scenario(record, game)
    names = stream_names(game)
    for key in ("streams_start", "streams_now"):
        have = getattr(record, key)
        if sorted(have) != sorted(names):
            raise RecordError(
                f"{key} names streams {sorted(have)}, this scenario has {sorted(names)}"
            )
    session = Session(game, record.seed, players)
    _set_streams(session, record.streams_start, "streams_start")
    session.start_streams = session.rng_states()
    if session.initial_digest != record.initial_digest:
        raise RecordError(_engine_hint(record, "the initial state differs from the record's"))
    for step, ((action, text), digest) in enumerate(
        zip(record.actions, record.digests, strict=True), 1
    ):
        _reapply(session, step, action, text)
        if session.digests[-1] != digest:
            raise RecordError(
                _engine_hint(record, f"step {step} ({text}): the state differs from the record's")
            )
    _set_streams(session, record.streams_now, "streams_now")
    return session


def load_session(
    path: str | Path,
    game: Game,
    players: Mapping[int, Bot | None] | None = None,
) -> tuple[Session, SaveFile]:
    """Read a save file and rebuild its session; RecordError if anything is wrong."""
    save = read_save(path)
    try:
        return session_from_record(save.record, game, players), save
    except RecordError as exc:
        raise RecordError(f"{path}: {exc}") from None


@dataclass(frozen=True, slots=True)
class ReplayResult:
    """What replaying a record found."""

    ok: bool
    steps: int
    """Steps replayed without divergence."""
    first_divergence: int | None = None
    """1-based step where the replay first diverged (0: the initial state), or None."""
    message: str = ""
    final_state: State | None = None


def replay(record: MatchRecord, game: Game) -> ReplayResult:
    """Re-apply every action of the record and compare state digests step by step."""
    try:
        check_scenario(record, game)
    except RecordError as exc:
        return ReplayResult(False, 0, 0, str(exc))
    state = game.new_initial_state()
    if state_digest(state) != record.initial_digest:
        return ReplayResult(
            False, 0, 0, _engine_hint(record, "the initial state differs from the record's")
        )
    for step, ((action, text), digest) in enumerate(
        zip(record.actions, record.digests, strict=True), 1
    ):
        problem = _check_action(game, state, step, action, text)
        if problem:
            return ReplayResult(False, step - 1, step, problem, state)
        state = game.apply(state, action)
        if state_digest(state) != digest:
            msg = f"step {step} ({text}): the state differs from the record's"
            return ReplayResult(False, step - 1, step, _engine_hint(record, msg), state)
    return ReplayResult(True, len(record.actions), None, "identical", state)


def _reapply(session: Session, step: int, action: int, text: str) -> None:
    problem = _check_action(session.game, session.state, step, action, text)
    if problem:
        raise RecordError(problem)
    session._apply(action)


def _check_action(game: Game, state: State, step: int, action: int, text: str) -> str:
    if game.is_terminal(state):
        return f"step {step} ({text}): the game was already over"
    legal = game.legal_actions(state)
    if action not in legal:
        listed = summarize_legal(tuple(game.action_to_string(state, a) for a in legal))
        try:
            named = game.parse_action(state, text)
        except ActionError:
            named = -1
        why = "is not legal" if named < 0 else "does not match its text"
        return f"step {step}: action #{action} ({text}) {why} there. Legal were: {listed}"
    canonical = game.action_to_string(state, action)
    if canonical != text:
        return (
            f"step {step}: action #{action} is {canonical!r} but the record says {text!r}"
            " (hand-edited?)"
        )
    return ""


def _engine_hint(record: MatchRecord, message: str) -> str:
    if record.engine_version != ENGINE_VERSION:
        return (
            f"{message} (recorded with engine version {record.engine_version}, "
            f"this is {ENGINE_VERSION})"
        )
    return message


def _set_streams(session: Session, states: dict[str, list[Any]], key: str) -> None:
    for name, value in states.items():
        try:
            session.streams[name].setstate(rng_state_from_json(value))
        except (ValueError, TypeError, OverflowError) as exc:
            raise RecordError(f"{key}.{name}: not a generator state ({exc})") from None


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _field(data: dict[str, Any], key: str, kind: type) -> Any:
    if key not in data:
        raise RecordError(f"the record has no `{key}`")
    value = data[key]
    if kind is int:
        ok = _is_int(value)
    else:
        ok = isinstance(value, kind)
    if not ok:
        raise RecordError(f"`{key}` must be {kind.__name__}, got {type(value).__name__}")
    return value


def _check_version(data: dict[str, Any]) -> int:
    version: Any = data.get("format_version")
    if not _is_int(version) or version < 1:
        raise RecordError(f"bad format_version {version!r}")
    if version > FORMAT_VERSION:
        raise RecordError(
            f"the file has format version {version}, newer than this game reads "
            f"({FORMAT_VERSION}); update Four Islands to load it"
        )
    return int(version)


def _streams(data: dict[str, Any], key: str) -> dict[str, list[Any]]:
    value = _field(data, key, dict)
    out: dict[str, list[Any]] = {}
    for name, st in value.items():
        try:
            rng_state_from_json(st)
        except ValueError as exc:
            raise RecordError(f"{key}.{name}: {exc}") from None
        out[str(name)] = st
    return out


def state_to_dict(game: Game, state: State) -> dict[str, Any]:
    """A readable JSON view of a state (for `--json` output), hidden draws included."""
    r = game.rules
    ending = game.ending(state)
    return {
        "turn": state.turn,
        "date": r.turn_dates[min(state.turn, len(r.turn_dates)) - 1] if r.turn_dates else "",
        "phase": ("chance", "act", "answer", "terminal")[state.phase],
        "to_move": r.sides[state.actor].id if state.actor >= 0 else None,
        "meters": {m.id: state.meters[i] for i, m in enumerate(r.meters)},
        "flags": {f.id: bool(state.flags >> i & 1) for i, f in enumerate(r.flags)},
        "territories": {
            t.id: r.statuses[state.statuses[i]].id for i, t in enumerate(r.territories)
        },
        "table": (
            {
                r.issues[k].id: r.issues[k].options[o].id
                for k, o in enumerate(r.packages[state.table])
            }
            if state.table >= 0
            else None
        ),
        "flexibility": {
            side.id: (side.flex_levels[h].id if h >= 0 else None)
            for side, h in zip(r.sides, state.hidden, strict=True)
        },
        "ending": ending.id if ending is not None else None,
        "digest": state_digest(state),
    }
