"""The why-log: every change to the world with the rule that caused it.

`Game.apply(state, action, trace)` appends `Change` records to `trace` (a list) when one is given;
search passes none and pays nothing. Each record names its `Cause`: the kind of rule (move, event,
reaction, outcome, drift, capital, ratification, deal, answer, ending), its id and its source
`file:line`, so any number on screen can answer "why".
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.rules import NO_SOURCE, SourceRef


@dataclass(frozen=True, slots=True)
class Cause:
    """A rule that changed the world."""

    kind: str
    """move, outcome, event, reaction, drift, capital, ratification, deal, answer, table, ending."""
    id: str
    label: str
    source: SourceRef = NO_SOURCE
    side: int = -1
    """The side whose action it was, or -1."""

    def describe(self) -> str:
        """`move j_protest (Formal protest) at scenarios/tokyo_2018.yaml:120`."""
        where = f" at {self.source}" if self.source.line else ""
        return f"{self.kind} {self.id} ({self.label}){where}"


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of the why-log: a change, or a narrative note when `kind` is 'note'."""

    kind: str
    """'meter', 'flag', 'status' or 'note'."""
    target: int
    """Index of the meter, flag or territory (-1 for notes)."""
    before: int
    after: int
    cause: Cause
    text: str = ""
    """For notes: what happened, in words."""
