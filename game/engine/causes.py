"""The causes the why-log names: one `Cause` per rule, built once per game.

Every change the engine records points at one of these (docs/rules.md R1.2): the move, event or
reaction that made it, a side's capital income, the per-turn drift, a ratification, the options
of a ratified deal, or a side's answer, each with its source `file:line` where the scenario has
one.
"""

from __future__ import annotations

from game.engine.rules import Rules, SourceRef
from game.engine.trace import Cause
from game.engine.work import SRC_EVENT, SRC_MOVE


class Causes:
    """The cause records of one compiled scenario."""

    def __init__(self, r: Rules) -> None:
        src = SourceRef(r.source_file, 0, 0)
        sides = range(len(r.sides))
        self.moves = tuple(Cause("move", m.id, m.label, m.source, m.side) for m in r.moves)
        self.events = tuple(Cause("event", e.id, e.title, e.source) for e in r.events)
        self.reactions = tuple(Cause("reaction", x.id, x.title, x.source) for x in r.reactions)
        self.capital = tuple(
            Cause("capital", f"{x.id}.capital", f"{x.name}'s capital income", x.capital_source, i)
            for i, x in enumerate(r.sides)
        )
        self.drift = Cause("drift", "every_turn", "time and the status quo", r.every_turn_source)
        self.ratify = tuple(
            Cause("ratification", s.id, f"{s.name} ratification", r.ratification_source, i)
            for i, s in enumerate(r.sides)
        )
        self.deal = Cause("deal", "deal", "the agreement takes effect", src)
        self.option = tuple(
            tuple(
                Cause("deal", f"{issue.id}.{o.id}", f"{issue.label}: {o.label}", o.source)
                for o in issue.options
            )
            for issue in r.issues
        )
        self.turn = Cause("turn", "turn", "the calendar", src)
        self.end = tuple(Cause("answer", "end", "ends its part", side=i) for i in sides)
        self.accept = tuple(Cause("answer", "accept", "accepts", side=i) for i in sides)
        self.reject = tuple(Cause("answer", "reject", "rejects", side=i) for i in sides)
        self.table = tuple(Cause("table", "table", "tables", side=i) for i in sides)
        self.counter = tuple(Cause("table", "counter", "counters with", side=i) for i in sides)

    def of(self, src: int, index: int) -> Cause:
        """The cause of a move, event or reaction (`src` is a `work.SRC_*`)."""
        if src == SRC_MOVE:
            return self.moves[index]
        if src == SRC_EVENT:
            return self.events[index]
        return self.reactions[index]
