"""Checks of effects, outcomes and values: what a scenario item does and what a side wants.

Effects (`add`, `set`, `reveal`, `when`) must name known meters, flags and territory statuses
(L002) with values that fit them (L008); outcomes need unique ids (L001) and probabilities summing
to 1 (L004); a side's or advisor's values must name known issues and options (L002).
"""

from __future__ import annotations

from collections.abc import Sequence

from game.scenario.expressions import suggest
from game.scenario.lint_context import LintContext, SideMode
from game.scenario.schema import (
    AddEffect,
    Effect,
    Outcome,
    RevealEffect,
    SetEffect,
    Values,
    WhenEffect,
)
from game.scenario.symbols import Path

__all__ = ["EffectChecks"]


class EffectChecks(LintContext):
    """Effects, outcomes and values, wherever they appear."""

    def effects(self, path: Path, effects: Sequence[Effect], sides: SideMode) -> None:
        for k, eff in enumerate(effects):
            p = (*path, k)
            if isinstance(eff, AddEffect):
                self.add_effect((*p, "add"), eff.add, sides)
            elif isinstance(eff, SetEffect):
                self.set_effect((*p, "set"), eff.set, sides)
            elif isinstance(eff, RevealEffect):
                about = eff.reveal.about
                ap = (*p, "reveal", "about")
                if about in ("self", "other"):
                    if sides is None:
                        self.report(
                            "E011",
                            ap,
                            f"`about: {about}` needs a side; here name a side id",
                            suggest(about, list(self.sym.sides)),
                        )
                else:
                    self.ref(ap, about, self.sym.sides, "side")
            elif isinstance(eff, WhenEffect):
                self.expr((*p, "when"), eff.when, sides, "bool")
                self.effects((*p, "then"), eff.then, sides)
                self.effects((*p, "else"), eff.else_, sides)

    def meter_target(self, path: Path, key: str, sides: SideMode) -> bool:
        """Check an add/set key naming a meter (or a self/other ref)."""
        which, _, ref = key.partition(".")
        if which in ("self", "other") and ref:
            return self.side_ref(path, which, ref, sides, key=True)
        if key in self.sym.meters:
            self.used_meters.add(self.sym.meters[key])
            return True
        names = list(self.sym.meters)
        self.report("L002", path, f"unknown meter '{key}'", suggest(key, names), key=True)
        return False

    def add_effect(self, path: Path, add: dict[str, int | float | str], sides: SideMode) -> None:
        for key, amount in add.items():
            p = (*path, key)
            if key in self.sym.flags:
                self.report("L008", p, f"cannot add to flag '{key}'", "use `set`", key=True)
                continue
            if key.endswith(".status") and key[:-7] in self.sym.territories:
                self.report("L008", p, f"cannot add to '{key}'", "use `set`", key=True)
                continue
            self.meter_target(p, key, sides)
            self.expr(p, amount, sides)

    def set_effect(
        self, path: Path, values: dict[str, int | float | bool | str], sides: SideMode
    ) -> None:
        for key, value in values.items():
            p = (*path, key)
            if key.endswith(".status") and "." not in key[:-7]:
                territory = key[:-7]
                if self.ref(p, territory, self.sym.territories, "territory", key=True):
                    if not isinstance(value, str):
                        self.report("L008", p, f"'{key}' takes a status id, not {value!r}")
                    else:
                        self.ref(p, value, self.sym.statuses, "territory status")
                continue
            if key in self.sym.flags:
                self.used_flags.add(self.sym.flags[key])
                if not isinstance(value, bool):
                    self.report("L008", p, f"flag '{key}' takes true or false, not {value!r}")
                continue
            if key in self.sym.meters or key.startswith(("self.", "other.")):
                if self.meter_target(p, key, sides):
                    if isinstance(value, bool):
                        self.report(
                            "L008", p, f"meter '{key}' takes a number or an expression, not {value}"
                        )
                    else:
                        self.expr(p, value, sides)
                continue
            names = [
                *self.sym.meters,
                *self.sym.flags,
                *(f"{t}.status" for t in self.sym.territories),
            ]
            self.report("L002", p, f"unknown meter or flag '{key}'", suggest(key, names), key=True)

    def outcomes(self, path: Path, outcomes: Sequence[Outcome], sides: SideMode) -> None:
        self.unique(path, [o.id for o in outcomes], "outcome")
        self.probabilities(path, [o.p for o in outcomes], "outcomes")
        for j, o in enumerate(outcomes):
            self.effects((*path, j, "effects"), o.effects, sides)

    def values(self, path: Path, values: Values, sides: SideMode) -> None:
        for issue, weights in values.options.items():
            ip = (*path, "options", issue)
            if not self.ref(ip, issue, self.sym.issues, "issue", key=True):
                continue
            options = self.sym.options[self.sym.issues[issue]]
            for option, weight in weights.items():
                op = (*ip, option)
                if self.ref(op, option, options, f"option of issue '{issue}'", key=True):
                    self.expr(op, weight, sides)
        self.unique((*path, "terms"), [t.id for t in values.terms], "term")
        for j, term in enumerate(values.terms):
            self.expr((*path, "terms", j, "when"), term.when, sides, "bool")
            self.expr((*path, "terms", j, "value"), term.value, sides)
