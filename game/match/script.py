"""Scripted lines of play: YAML script files and `--moves` text.

A script is a YAML list of steps, as in a scenario's `history.steps`: each step is a string in
the engine's action grammar (`end`, `accept`, `reject`, `move <id>`, `table <issue>=<option> ...`,
`counter ...`, `chance <node>=<outcome>`, with an optional `side: ` prefix), or a mapping
`{side, move|table|counter|answer|chance|end, note}` where table/counter take `{issue: option}`.
`--moves` is the string form separated by commas or semicolons.

Scripts give the decisions of human sides (bots choose for themselves). Chance steps are
optional: at a chance draw, a chance step naming that draw pins its outcome; otherwise the
session's `world` stream resolves it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.files import MAX_SCRIPT_BYTES, FileError, read_bytes
from game.match.session import IllegalActionError, Session, summarize_legal
from game.scenario.yamlread import read_yaml

_ACTION_KEYS = ("move", "table", "counter", "answer", "chance", "end")
_STEP_KEYS = ("side", "note", *_ACTION_KEYS)


class ScriptError(Exception):
    """A script that cannot be read or played; the message names the step."""


@dataclass(frozen=True, slots=True)
class ScriptStep:
    """One step of a script, as action text."""

    number: int
    """1-based position in the script."""
    text: str
    """Action text, with its `side: ` prefix when one was given."""
    note: str = ""

    @property
    def action(self) -> str:
        """The text without its side prefix."""
        head, colon, rest = self.text.partition(":")
        if colon and " " not in head.strip():
            return rest.strip()
        return self.text

    @property
    def is_chance(self) -> bool:
        """True for a `chance <node>=<outcome>` step."""
        return self.action.split(" ", 1)[0].lower() == "chance"

    @property
    def chance_node(self) -> str:
        """The draw a chance step names, or ''."""
        if not self.is_chance:
            return ""
        rest = self.action.split(" ", 1)[1] if " " in self.action else ""
        return rest.partition("=")[0].strip()


@dataclass(frozen=True, slots=True)
class ScriptResult:
    """How far a script got."""

    finished: bool
    """True when the game ended."""
    used: int
    """Script steps used."""
    message: str = ""
    """Why the script stopped before the end, if it did."""


def step_text(step: Any, number: int) -> ScriptStep:
    """A script step (string or mapping) as a `ScriptStep`; ScriptError if malformed."""
    if isinstance(step, str):
        text = " ".join(step.split())
        if not text:
            raise ScriptError(f"step {number}: empty step")
        return ScriptStep(number, text)
    if not isinstance(step, dict):
        raise ScriptError(
            f"step {number}: a step is an action string or a mapping, got {type(step).__name__}"
        )
    if len(step) == 1:
        ((key, value),) = step.items()
        if key not in _STEP_KEYS and isinstance(key, str) and isinstance(value, str):
            # YAML reads an unquoted `japan: move x` as a mapping: take it as the prefix form.
            return step_text(f"{key}: {value}", number)
    unknown = [str(k) for k in step if k not in _STEP_KEYS]
    if unknown:
        raise ScriptError(
            f"step {number}: unknown key {unknown[0]!r}; keys are {', '.join(_STEP_KEYS)}"
        )
    keys = [k for k in _ACTION_KEYS if k in step]
    if len(keys) != 1:
        raise ScriptError(
            f"step {number}: a step has exactly one of {', '.join(_ACTION_KEYS)}"
            f" (got {', '.join(keys) or 'none'})"
        )
    key = keys[0]
    value = step[key]
    if key == "move":
        if not isinstance(value, str):
            raise ScriptError(f"step {number}: `move` takes a move id")
        text = f"move {value}"
    elif key in ("table", "counter"):
        if not isinstance(value, dict) or not value:
            raise ScriptError(f"step {number}: `{key}` takes a mapping of issue to option")
        text = f"{key} " + " ".join(f"{k}={v}" for k, v in value.items())
    elif key == "answer":
        if value not in ("accept", "reject"):
            raise ScriptError(f"step {number}: `answer` is accept or reject, not {value!r}")
        text = str(value)
    elif key == "chance":
        if isinstance(value, dict) and len(value) == 1:
            ((node, outcome),) = value.items()
            value = f"{node}={outcome}"
        if not isinstance(value, str) or "=" not in value:
            raise ScriptError(f"step {number}: a chance step is `<node>=<outcome>`")
        text = "chance " + value.replace(" ", "")
    else:
        if value is not True:
            raise ScriptError(f"step {number}: `end` takes `true`")
        text = "end"
    side = step.get("side")
    if side is not None:
        if not isinstance(side, str):
            raise ScriptError(f"step {number}: `side` must be a side id")
        text = f"{side}: {text}"
    note = step.get("note", "")
    return ScriptStep(number, text, str(note) if note else "")


def parse_steps(data: Any, origin: str = "script") -> list[ScriptStep]:
    """Steps from a parsed YAML value (a list, or a mapping with `steps`)."""
    if isinstance(data, dict) and "steps" in data:
        data = data["steps"]
    if data is None:
        return []
    if not isinstance(data, list):
        raise ScriptError(f"{origin}: a script is a list of steps")
    return [step_text(s, i) for i, s in enumerate(data, 1)]


def load_script(path: str | Path) -> list[ScriptStep]:
    """Read a YAML script file safely; ScriptError (one line, `file:line:col`) if bad.

    The file is read with `game.files.read_bytes` (regular files only, never blocking, size
    capped) and parsed by the scenario reader (no constructors, depth, alias and number limits).
    """
    p = Path(path)
    try:
        data = read_bytes(p, max_bytes=MAX_SCRIPT_BYTES)
    except FileError as exc:
        raise ScriptError(f"{p}: cannot read: {exc.reason}") from None
    if not data.strip():
        return []
    value, _, diags = read_yaml(data, str(p), mapping=False)
    errors = [d for d in diags if d.is_error]
    if errors:
        d = errors[0]
        message = d.message
        if d.code == "Y010" or d.code.startswith("Y03"):
            message = "not valid YAML: " + message.removeprefix("YAML syntax error: ")
        raise ScriptError(f"{d.file}:{d.line}:{d.col}: {message}") from None
    try:
        return parse_steps(value, str(p))
    except ScriptError as exc:
        text = str(exc)
        raise ScriptError(text if text.startswith(f"{p}: ") else f"{p}: {text}") from None


_SPLIT = re.compile(r"[;,\n]")


def parse_moves(text: str) -> list[ScriptStep]:
    """`--moves` text: action strings separated by commas or semicolons.

    A comma inside a package (`table a=x, b=y`) would split it: write packages with spaces.
    """
    parts = [p.strip() for p in _SPLIT.split(text)]
    return [step_text(p, i) for i, p in enumerate((p for p in parts if p), 1)]


def run_script(
    session: Session,
    steps: list[ScriptStep],
    on_step: Callable[[Session], None] | None = None,
) -> ScriptResult:
    """Play `steps` in `session`: human decisions from the script, bots and chance on their own.

    Raises ScriptError naming the step and the legal actions when a step cannot be played.
    Returns when the game ends, or when the script runs out while a human must act.
    """
    game = session.game
    k = 0

    def applied() -> None:
        if on_step is not None:
            on_step(session)

    while not session.is_over():
        nxt = steps[k] if k < len(steps) else None
        state = session.state
        if game.is_chance_node(state):
            if nxt is not None and nxt.is_chance and nxt.chance_node == game.chance_node(state):
                _submit(session, nxt)
                k += 1
            else:
                session.chance_step()
            applied()
            continue
        player = game.current_player(state)
        if not session.is_human(player):
            session.bot_step()
            applied()
            continue
        side = game.rules.sides[player].id
        if nxt is None:
            return ScriptResult(
                False,
                k,
                f"the script ran out after {len(steps)} step{'s' if len(steps) != 1 else ''}"
                f" while {side} must act (turn {state.turn}). Legal now: "
                + summarize_legal(tuple(session.legal_texts())),
            )
        if nxt.is_chance:
            raise ScriptError(
                f"step {nxt.number} ({nxt.text}): no chance draw named {nxt.chance_node!r} is "
                f"pending; {side} must act. Legal now: "
                + summarize_legal(tuple(session.legal_texts()))
            )
        _submit(session, nxt)
        k += 1
        applied()
    if k < len(steps):
        left = steps[k]
        raise ScriptError(
            f"the game ended before step {left.number} ({left.text}); "
            f"{len(steps) - k} step{'s' if len(steps) - k != 1 else ''} left unused"
        )
    return ScriptResult(True, k)


def _submit(session: Session, step: ScriptStep) -> None:
    try:
        session.submit(step.text)
    except IllegalActionError as exc:
        raise ScriptError(f"step {step.number} ({step.text}): {exc}") from None
