"""Match records and save files: versioned JSON, atomic writes, strict loading.

A record (format version 2) holds what reproduces and verifies a match: the scenario id and
content hash, the engine version, the draw scheme and the seed (every unpinned chance outcome is
re-derived from them: `game.match.draws`), every action as (id, text), the digest of the state
after each step, and the steps whose chance outcome was pinned by a script rather than drawn.
A save file wraps a record with who plays which side and where the scenario lives.

Loading is all or nothing: a truncated, corrupt, hand-edited, older- or future-format file raises
`RecordError` and nothing half-loaded is returned. Checking a record against its scenario, its
seed and its engine is `game.match.verify`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine import ENGINE_VERSION, Game, State
from game.files import (
    MAX_SAVE_BYTES,
    FileError,
    JsonLimitError,
    loads,
    read_bytes,
    write_atomic,
)
from game.match.draws import DRAW_SCHEME, KeyedDraws
from game.match.session import Session, state_digest

RECORD_FORMAT = "four-islands-record"
SAVE_FORMAT = "four-islands-save"
FORMAT_VERSION = 2
"""Bumped when the layout of records or save files changes (2: keyed draws, pinned steps)."""

_RECORD_KEYS = frozenset(
    (
        "format",
        "format_version",
        "scenario_id",
        "scenario_digest",
        "engine_version",
        "draws",
        "seed",
        "initial_digest",
        "actions",
        "digests",
        "pinned",
    )
)
_SAVE_KEYS = frozenset(("format", "format_version", "scenario", "players", "record"))


class RecordError(Exception):
    """A record or save file that cannot be used; the message says why (and where)."""


@dataclass(frozen=True, slots=True)
class MatchRecord:
    """Everything that reproduces one match."""

    scenario_id: str
    scenario_digest: str
    engine_version: str
    seed: int
    actions: tuple[tuple[int, str], ...]
    digests: tuple[str, ...]
    initial_digest: str
    pinned: tuple[int, ...] = ()
    """1-based steps whose chance outcome was given by a script, not drawn from the seed."""
    draws: str = DRAW_SCHEME
    format_version: int = FORMAT_VERSION

    def to_dict(self) -> dict[str, Any]:
        """The record as a JSON-able mapping."""
        return {
            "format": RECORD_FORMAT,
            "format_version": self.format_version,
            "scenario_id": self.scenario_id,
            "scenario_digest": self.scenario_digest,
            "engine_version": self.engine_version,
            "draws": self.draws,
            "seed": self.seed,
            "initial_digest": self.initial_digest,
            "actions": [[a, t] for a, t in self.actions],
            "digests": list(self.digests),
            "pinned": list(self.pinned),
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
        version = _check_version(data, data)
        unknown = sorted(str(k) for k in data if k not in _RECORD_KEYS)
        if unknown:
            raise RecordError(
                f"unknown field `{unknown[0]}` in a format {FORMAT_VERSION} record "
                "(hand-edited, or written by another program?)"
            )
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
        pinned = _field(data, "pinned", list)
        if not all(_is_int(k) and 1 <= k <= len(actions) for k in pinned):
            raise RecordError(f"`pinned` lists step numbers from 1 to {len(actions)}")
        if pinned != sorted(set(pinned)):
            raise RecordError("`pinned` lists each step once, in order")
        return MatchRecord(
            scenario_id=_field(data, "scenario_id", str),
            scenario_digest=_field(data, "scenario_digest", str),
            engine_version=_field(data, "engine_version", str),
            seed=seed,
            actions=tuple(actions),
            digests=tuple(digests),
            initial_digest=_field(data, "initial_digest", str),
            pinned=tuple(pinned),
            draws=_field(data, "draws", str),
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
    """The record of a session as it stands (its draws must be keyed: a replay re-derives them)."""
    if not isinstance(session.draws, KeyedDraws):
        raise ValueError("only a session with keyed draws can be recorded")
    rules = session.game.rules
    return MatchRecord(
        scenario_id=rules.scenario_id,
        scenario_digest=rules.digest,
        engine_version=ENGINE_VERSION,
        seed=session.seed,
        actions=tuple(zip(session.actions, session.texts, strict=True)),
        digests=tuple(session.digests),
        initial_digest=session.initial_digest,
        pinned=tuple(k for k, pin in enumerate(session.pinned, 1) if pin),
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
    record = data.get("record")
    _check_version(data, record if isinstance(record, dict) else {})
    unknown = sorted(str(k) for k in data if k not in _SAVE_KEYS)
    if unknown:
        raise RecordError(f"unknown field `{unknown[0]}` in a save file")
    players = data.get("players", {})
    if not isinstance(players, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in players.items()
    ):
        raise RecordError("`players` must map side ids to `human` or a bot name")
    scenario = data.get("scenario", "")
    if not isinstance(scenario, str):
        raise RecordError("`scenario` must be a string")
    return SaveFile(MatchRecord.from_dict(record), dict(players), scenario)


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


def _check_version(data: dict[str, Any], record: dict[str, Any]) -> int:
    version: Any = data.get("format_version")
    if not _is_int(version) or version < 1:
        raise RecordError(f"bad format_version {version!r}")
    if version > FORMAT_VERSION:
        raise RecordError(
            f"the file has format version {version}, newer than this game reads "
            f"({FORMAT_VERSION}); update Four Islands to load it"
        )
    if version < FORMAT_VERSION:
        engine = record.get("engine_version")
        made = f"engine version {engine}" if isinstance(engine, str) else "an unknown engine"
        raise RecordError(
            f"the file has format version {version} ({made}), from before keyed draws; this "
            f"game reads format version {FORMAT_VERSION} with engine version {ENGINE_VERSION}. "
            "Its chance draws cannot be re-derived and checked: replay it with the Four Islands "
            "that wrote it, or start a new game"
        )
    return int(version)


def state_to_dict(
    game: Game, state: State, viewers: Collection[int] | None = None
) -> dict[str, Any]:
    """A readable JSON view of a state (for `--json` output).

    Hidden limits are shown to `viewers` only for their own sides (None: to everyone).
    """
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
            for i, (side, h) in enumerate(zip(r.sides, state.hidden, strict=True))
            if viewers is None or i in viewers
        },
        "ending": ending.id if ending is not None else None,
        "digest": state_digest(state),
    }
