"""Checks of what happens in play: moves, events, reactions and endings.

- L009 scheduling of events (date outside the clock: warning; bad `at`; never-happening event);
- L010 a move's side is not a side id or `any`;
- L016 an ending without a score for a side;
- L018 a reaction that answers nothing (warning).
"""

from __future__ import annotations

import datetime

from game.scenario.clock_dates import add_months
from game.scenario.expressions import is_iso_date, suggest
from game.scenario.lint_context import SideMode
from game.scenario.lint_effects import EffectChecks
from game.scenario.symbols import Path

__all__ = ["PlayChecks"]


class PlayChecks(EffectChecks):
    """The items played out during a game and the endings that close it."""

    def moves(self) -> None:
        for i, move in enumerate(self.spec.moves):
            p: Path = ("moves", i)
            sides: SideMode
            if move.side == "any":
                sides = "any"
            elif move.side in self.sym.sides:
                sides = self.sym.sides[move.side]
            else:
                self.report(
                    "L010",
                    (*p, "side"),
                    f"a move's side must be a side id or `any`, not '{move.side}'",
                    suggest(move.side, [*self.sym.sides, "any"]),
                )
                sides = "?"
            if move.when is not None:
                self.expr((*p, "when"), move.when, sides, "bool")
            self.effects((*p, "effects"), move.effects, sides)
            self.outcomes((*p, "outcomes"), move.outcomes, sides)
            self.sources((*p, "source"), move.source, f"move '{move.id}'")

    def clock_range(self) -> tuple[str, str] | None:
        clock = self.spec.clock
        if clock is None or not is_iso_date(clock.start):
            return None
        start = datetime.date.fromisoformat(clock.start)
        try:
            end = add_months(start, clock.months_per_turn * clock.turns)
        except (ValueError, OverflowError):  # past the year 9999: L003 in lint_numbers
            return None
        return clock.start, end.isoformat()

    def events(self) -> None:
        span = self.clock_range()
        turns = self.spec.clock.turns if self.spec.clock else None
        for i, ev in enumerate(self.spec.events):
            p: Path = ("events", i)
            if ev.at is not None:
                if (ev.at.turn is None) == (ev.at.date is None):
                    self.report(
                        "L009", (*p, "at"), "`at` takes either a turn or a date (exactly one)"
                    )
                elif ev.at.date is not None:
                    if not is_iso_date(ev.at.date):
                        self.report("L009", (*p, "at", "date"), f"'{ev.at.date}' is not a date")
                    elif span is not None and not span[0] <= ev.at.date < span[1]:
                        self.report(
                            "L009",
                            (*p, "at", "date"),
                            f"{ev.at.date} is outside the clock ({span[0]} to {span[1]})",
                            "the event fires in turn 1 if earlier, never if later",
                            severity="warning",
                        )
                elif ev.at.turn is not None and turns is not None and ev.at.turn > turns:
                    self.report(
                        "L009",
                        (*p, "at", "turn"),
                        f"turn {ev.at.turn} is after the last turn ({turns}): it never happens",
                        severity="warning",
                    )
            elif ev.when is None and ev.chance is None:
                self.report(
                    "L009", p, f"event '{ev.id}' has no `at`, `when` or `chance`: it never happens"
                )
            self.ref((*p, "actor"), ev.actor, self.actor_set, "actor")
            if ev.when is not None:
                self.expr((*p, "when"), ev.when, None, "bool")
            self.chance((*p, "chance"), ev.chance, None)
            self.effects((*p, "effects"), ev.effects, None)
            self.outcomes((*p, "outcomes"), ev.outcomes, None)
            self.sources((*p, "source"), ev.source, f"event '{ev.id}'")

    def reactions(self) -> None:
        move_ids = [m.id for m in self.spec.moves]
        event_ids = [e.id for e in self.spec.events]
        categories = sorted({m.category for m in self.spec.moves})
        for i, r in enumerate(self.spec.reactions):
            p: Path = ("reactions", i)
            self.ref((*p, "actor"), r.actor, self.actor_set, "actor")
            tp = (*p, "to")
            for j, m in enumerate(r.to.moves):
                self.ref((*tp, "moves", j), m, move_ids, "move")
            for j, c in enumerate(r.to.categories):
                self.ref((*tp, "categories", j), c, categories, "move category")
            for j, e in enumerate(r.to.events):
                self.ref((*tp, "events", j), e, event_ids, "event")
            self.ref((*tp, "side"), r.to.side, self.sym.sides, "side")
            if not (r.to.moves or r.to.categories or r.to.events):
                self.report(
                    "L018",
                    tp,
                    f"reaction '{r.id}' answers no move, category or event",
                    severity="warning",
                )
            if r.when is not None:
                self.expr((*p, "when"), r.when, None, "bool")
            self.chance((*p, "chance"), r.chance, None)
            self.effects((*p, "effects"), r.effects, None)
            self.outcomes((*p, "outcomes"), r.outcomes, None)
            self.sources((*p, "source"), r.source, f"reaction '{r.id}'")

    def endings(self) -> None:
        for i, e in enumerate(self.spec.endings):
            p: Path = ("endings", i)
            if e.when is not None:
                self.expr((*p, "when"), e.when, None, "bool", utility=True)
            for side_id, score in e.score.items():
                sp = (*p, "score", side_id)
                if self.ref(sp, side_id, self.sym.sides, "side", key=True):
                    self.expr(sp, score, None, "num", utility=True)
            for side in self.spec.sides:
                if side.id not in e.score:
                    self.report(
                        "L016", (*p, "score"), f"ending '{e.id}' has no score for '{side.id}'"
                    )
            self.sources((*p, "source"), e.source, f"ending '{e.id}'")
