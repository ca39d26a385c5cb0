"""Effect previews computed by the engine: what an action is expected to change.

`preview(game, state, action)` applies the action to the state (states are immutable, so this is
a dry run) and follows the chance draws it leads to, weighting each branch by its probability,
until every branch reaches a player's decision or the end (bounded in depth and branches). Each
meter, flag and status that can change gets a line: exact when every branch agrees, otherwise
the expected value and the range. No hand-written text can drift from the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.engine.state import PH_CHANCE, PH_TERMINAL, State

if TYPE_CHECKING:
    from game.engine.game import Game

_MAX_BRANCHES = 256
_MAX_DEPTH = 8


@dataclass(frozen=True, slots=True)
class PreviewLine:
    """The expected change of one meter, flag or territory status."""

    kind: str
    """'meter', 'flag' or 'status'."""
    target: int
    label: str
    before: int
    expected: float
    """Expected value after the action (for flags: the probability it is true)."""
    low: int
    high: int
    certain: bool
    """True when every branch gives the same value."""
    p_change: float
    """Probability that the value changes at all."""


@dataclass(frozen=True, slots=True)
class Preview:
    """What an action is expected to do."""

    action: int
    text: str
    lines: tuple[PreviewLine, ...]
    branches: int
    """Number of chance branches followed."""
    p_end: float
    """Probability that the game ends as a result."""
    complete: bool
    """False when the branch bound cut the enumeration short."""
    p_signal: tuple[float, ...] = ()
    """Per side: probability that it receives an intelligence signal (R7.2)."""


def preview(game: Game, state: State, action: int) -> Preview:
    """Expected changes of `action` in `state` (the action must be legal)."""
    frontier: list[tuple[float, State, int]] = [(1.0, game.apply(state, action), 0)]
    leaves: list[tuple[float, State]] = []
    complete = True
    while frontier:
        p, s, depth = frontier.pop()
        if s.phase != PH_CHANCE:
            leaves.append((p, s))
            continue
        outcomes = game.chance_outcomes(s)
        if depth >= _MAX_DEPTH or len(leaves) + len(frontier) + len(outcomes) > _MAX_BRANCHES:
            complete = False
            leaves.append((p, s))
            continue
        frontier.extend((p * q, game.apply(s, a), depth + 1) for a, q in outcomes)
    r = game.rules
    lines: list[PreviewLine] = []
    for i, meter in enumerate(r.meters):
        lines += _line(
            "meter", i, meter.label, state.meters[i], [(p, s.meters[i]) for p, s in leaves]
        )
    for i, flag in enumerate(r.flags):
        before = state.flags >> i & 1
        lines += _line("flag", i, flag.label, before, [(p, s.flags >> i & 1) for p, s in leaves])
    for i, terr in enumerate(r.territories):
        values = [(p, s.statuses[i]) for p, s in leaves]
        lines += _line("status", i, terr.id, state.statuses[i], values)
    p_end = sum(p for p, s in leaves if s.phase == PH_TERMINAL)
    p_signal = tuple(
        sum(p for p, s in leaves if len(s.signals[side]) > len(state.signals[side]))
        for side in range(len(r.sides))
    )
    return Preview(
        action,
        game.action_to_string(state, action),
        tuple(lines),
        len(leaves),
        p_end,
        complete,
        p_signal,
    )


def _line(
    kind: str, target: int, label: str, before: int, values: list[tuple[float, int]]
) -> list[PreviewLine]:
    if all(v == before for _, v in values):
        return []
    total = sum(p for p, _ in values) or 1.0
    expected = sum(p * v for p, v in values) / total
    p_change = sum(p for p, v in values if v != before) / total
    low = min(v for _, v in values)
    high = max(v for _, v in values)
    return [PreviewLine(kind, target, label, before, expected, low, high, low == high, p_change)]
