"""What-if replays: a verified record replayed with one decision or one starting assumption changed.

    decisions(session)                                  # the numbered decisions of a game
    result = what_if(record, game, players, decision=7, action="move j_protest")
    result = what_if(record, game, players, sets=["us_pressure=80"])
    result.first_divergence                             # 1-based step, or None when identical

Every chance draw the changed game still asks for is the same: draws are keyed by (seed, node,
turn, occurrence), and a draw the record pinned stays pinned when the same key comes up. Until
the two games differ, the branch follows the record; from there on the bots continue (with
generators keyed by side and decision), and a side the record had a human play needs a bot
(`--player SIDE=BOT`) or the branch stops at its first decision.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from game.ai.base import Bot
from game.engine import CHANCE, Game, State
from game.match.draws import ChanceKey, KeyedDraws
from game.match.record import MatchRecord, RecordError
from game.match.session import IllegalActionError, Session
from game.match.verify import verify


class WhatIfError(Exception):
    """A what-if that cannot be made (bad decision number, illegal action, unknown name)."""


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision of a side in a recorded game."""

    number: int
    """1-based, among decisions only (draws are not numbered)."""
    step: int
    """1-based step of the record."""
    side: int
    turn: int
    text: str


def decisions(session: Session) -> list[Decision]:
    """The decisions of a session's game, numbered from 1."""
    out: list[Decision] = []
    for i, actor in enumerate(session.actors):
        if actor >= 0:
            turn = session.states[i].turn
            out.append(Decision(len(out) + 1, i + 1, actor, turn, session.texts[i]))
    return out


def apply_sets(game: Game, state: State, sets: Sequence[str]) -> State:
    """`state` with meters or flags set (`trust=55`, `talks_suspended=true`); WhatIfError if bad."""
    r = game.rules
    meters = list(state.meters)
    flags = state.flags
    meter_ids = [m.id for m in r.meters]
    flag_ids = [f.id for f in r.flags]
    for item in sets:
        name, eq, value = (x.strip() for x in item.partition("="))
        if not eq or not name or not value:
            raise WhatIfError(f"--set takes NAME=VALUE (a meter or a flag), got {item!r}")
        if name in meter_ids:
            m = r.meters[meter_ids.index(name)]
            try:
                number = int(value)
            except ValueError:
                raise WhatIfError(f"--set {item}: meter {name} takes a whole number") from None
            if not m.lo <= number <= m.hi:
                raise WhatIfError(f"--set {item}: {m.label} runs from {m.lo} to {m.hi}")
            meters[meter_ids.index(name)] = number
        elif name in flag_ids:
            if value.lower() not in ("true", "false"):
                raise WhatIfError(f"--set {item}: flag {name} is true or false")
            bit = 1 << flag_ids.index(name)
            flags = flags | bit if value.lower() == "true" else flags & ~bit
        else:
            close = difflib.get_close_matches(name, meter_ids + flag_ids, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise WhatIfError(f"--set {item}: no meter or flag named {name!r}{hint}")
    return state._replace(meters=tuple(meters), flags=flags)


@dataclass(frozen=True, slots=True)
class WhatIf:
    """Two games side by side: the record's and the one with a change."""

    original: Session
    branch: Session
    change: str
    """The change, in words."""
    first_divergence: int | None
    """1-based step where the two games first take different actions, None if they never do."""
    finished: bool
    """True when the changed game reached an ending."""
    message: str = ""
    """Why the changed game stopped before an ending, if it did."""

    @property
    def identical(self) -> bool:
        """True when both games took the same actions and ended in the same state."""
        return self.first_divergence is None and self.original.state == self.branch.state


def _pins(original: Session) -> dict[ChanceKey, str]:
    """The pinned outcomes of the original game by draw key."""
    game = original.game
    counts = KeyedDraws(game, original.seed)
    out: dict[ChanceKey, str] = {}
    for i, state in enumerate(original.states[:-1]):
        if original.actors[i] == CHANCE:
            if original.pinned[i]:
                out[counts.chance_key(game, state)] = original.texts[i]
            counts.count(game, state)
    return out


def what_if(
    record: MatchRecord,
    game: Game,
    players: Mapping[int, Bot | None],
    decision: int | None = None,
    action: str | None = None,
    sets: Sequence[str] = (),
) -> WhatIf:
    """Replay `record` with decision `decision` made as `action`, or with `sets` at the start.

    RecordError if the record does not verify; WhatIfError if the change cannot be made.
    """
    checked = verify(record, game)
    if not checked.ok or checked.session is None:
        raise RecordError(f"refused: {checked.message}")
    original = checked.session
    if (decision is None) == (not sets):
        raise WhatIfError("a what-if changes one decision (--what-if) or the start (--set)")
    change_at = -1  # 0-based step of the changed decision
    if decision is not None:
        listed = decisions(original)
        if not 1 <= decision <= len(listed):
            raise WhatIfError(
                f"--what-if {decision}: the game has decisions 1 to {len(listed)} "
                "(`replay FILE --list` numbers them)"
            )
        d = listed[decision - 1]
        change_at = d.step - 1
        side_id = game.rules.sides[d.side].id
        change = f"decision {decision} ({side_id}, turn {d.turn}): {action!r} instead of {d.text!r}"
        start = game.new_initial_state()
    else:
        start = apply_sets(game, game.new_initial_state(), sets)
        change = "at the start: " + ", ".join(sets)
    branch = Session(game, record.seed, players, start)
    message = _play_branch(original, branch, change_at, action or "")
    return WhatIf(
        original,
        branch,
        change,
        first_divergence(original, branch),
        branch.is_over(),
        message,
    )


def _play_branch(original: Session, branch: Session, change_at: int, action: str) -> str:
    """Play the branch: follow the record while the games agree, then bots and keyed draws."""
    game = branch.game
    pins = _pins(original)
    draws = branch.draws
    if not isinstance(draws, KeyedDraws):
        raise TypeError("a what-if needs keyed draws")
    while not branch.is_over():
        i = len(branch.actions)
        state = branch.state
        same = i < len(original.actions) and state == original.states[i]
        if same and i == change_at:
            try:
                branch.submit(action)
            except IllegalActionError as exc:
                raise WhatIfError(f"--what-if: {exc}") from None
            continue
        if same:
            branch._apply(original.actions[i], pinned=original.pinned[i])
            continue
        if game.is_chance_node(state):
            pinned = pins.get(draws.chance_key(game, state))
            if pinned is not None and pinned in branch.legal_texts():
                branch.submit(pinned)
            else:
                branch.chance_step()
            continue
        side = game.current_player(state)
        if branch.players.get(side) is None:
            side_id = game.rules.sides[side].id
            return (
                f"stopped at turn {state.turn}: {side_id} was played by a human in the record; "
                f"give --player {side_id}=BOT to let a bot continue"
            )
        branch.bot_step()
    return ""


def first_divergence(a: Session, b: Session) -> int | None:
    """1-based step where two games first take different actions (or one ends), or None."""
    n = min(len(a.actions), len(b.actions))
    for i in range(n):
        if a.actions[i] != b.actions[i]:
            return i + 1
    if len(a.actions) != len(b.actions):
        return n + 1
    return None


__all__ = [
    "Decision",
    "WhatIf",
    "WhatIfError",
    "apply_sets",
    "decisions",
    "first_divergence",
    "what_if",
]
