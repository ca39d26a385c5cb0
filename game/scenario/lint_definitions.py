"""Checks of what a scenario defines: meters, actors, sides, the world, the negotiation, the clock.

- L001 meters, flags and issues clashing in the expression namespace;
- L003 impossible bounds (meters, map bounds, clock dates and turn labels);
- L006 more than one `status_quo` option in an issue;
- L012 `clock.opens` is not a side id or `alternate`;
- L013 too many packages, L014 no coherent package, L015 a forbidden-package rule that depends
  on more than the options (the coherent packages are kept for the compiler).
"""

from __future__ import annotations

import keyword
import math
import re
from typing import Any

from game.engine.expr import Builtin, FlagRef, MeterRef, Node, StatusRef, UtilityOf, walk
from game.scenario.expressions import is_iso_date, suggest
from game.scenario.lint_effects import EffectChecks
from game.scenario.symbols import FUNCTIONS, RESERVED, Path, coherent_packages, start_env

__all__ = ["MAX_PACKAGES", "DefinitionChecks"]

MAX_PACKAGES = 100_000


_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")


class DefinitionChecks(EffectChecks):
    """The sections that define the scenario's world and its negotiation."""

    def namespace(self) -> None:
        """Meters, flags and issues share the expression namespace with the built-ins."""
        seen: dict[str, str] = {}
        kinds = (("meters", "meter"), ("flags", "flag"), ("issues", "issue"))
        for section, kind in kinds:
            items: list[Any] = getattr(self.spec, section)
            for i, item in enumerate(items):
                p = (section, i, "id")
                if item.id in RESERVED or item.id in FUNCTIONS:
                    self.report("L001", p, f"{kind} '{item.id}' clashes with a built-in name")
                elif keyword.iskeyword(item.id):
                    self.report(
                        "L001",
                        p,
                        f"{kind} '{item.id}' is a keyword of the expression language",
                        "expressions could not name it; rename it",
                    )
                elif item.id in seen and seen[item.id] != kind:
                    self.report(
                        "L001",
                        p,
                        f"{kind} '{item.id}' has the name of a {seen[item.id]}",
                        "meters, flags and issues share one namespace in expressions",
                    )
                elif item.id in seen:
                    self.report("L001", p, f"{kind} '{item.id}' is defined twice")
                seen.setdefault(item.id, kind)
        for i, t in enumerate(self.spec.territories):
            if keyword.iskeyword(t.id):
                self.report(
                    "L001",
                    ("territories", i, "id"),
                    f"territory '{t.id}' is a keyword of the expression language",
                    "expressions could not name its status; rename it",
                )
        for i, side in enumerate(self.spec.sides):
            for name in side.refs:
                if not _NAME.match(name) or keyword.iskeyword(name) or name in RESERVED:
                    self.report(
                        "L001",
                        ("sides", i, "refs", name),
                        f"ref name {name!r} is not a usable name",
                        "a ref name uses lowercase ASCII letters, digits and underscores, "
                        "starts with a letter and is not a keyword or built-in",
                        key=True,
                    )

    def meters(self) -> None:
        for i, m in enumerate(self.spec.meters):
            p: Path = ("meters", i)
            if m.min > m.max:
                self.report("L003", (*p, "min"), f"min {m.min} is above max {m.max}")
            elif not m.min <= m.start <= m.max:
                self.report("L003", (*p, "start"), f"start {m.start} is outside [{m.min}, {m.max}]")
            if m.decay and not m.min <= m.decay.toward <= m.max:
                self.report(
                    "L003",
                    (*p, "decay", "toward"),
                    f"decay toward {m.decay.toward} is outside [{m.min}, {m.max}]",
                )
            if m.diminishing_above is not None and not m.min <= m.diminishing_above < m.max:
                self.report(
                    "L003",
                    (*p, "diminishing_above"),
                    f"diminishing_above {m.diminishing_above} is outside [{m.min}, {m.max})",
                )
            self.ref((*p, "helps"), m.helps, self.sym.sides, "side")
            self.sources((*p, "source"), m.source, f"meter '{m.id}'")

    def actors_and_sides(self) -> None:
        spec = self.spec
        for i, a in enumerate(spec.actors):
            self.ref(("actors", i, "side"), a.side, self.sym.sides, "side")
            self.sources(("actors", i, "source"), a.source)
        for i, side in enumerate(spec.sides):
            p: Path = ("sides", i)
            self.ref((*p, "leader"), side.leader, self.actor_set, "actor")
            if side.capital is not None:
                cp = (*p, "capital")
                if self.ref((*cp, "meter"), side.capital.meter, self.sym.meters, "meter"):
                    self.used_meters.add(self.sym.meters[side.capital.meter])
                self.expr((*cp, "income"), side.capital.income, i)
            for ref, meter in side.refs.items():
                if self.ref((*p, "refs", ref), meter, self.sym.meters, "meter"):
                    self.used_meters.add(self.sym.meters[meter])
            self.values((*p, "values"), side.values, i)
            self.expr((*p, "reservation"), side.reservation, i)
            if side.flexibility is not None:
                fp = (*p, "flexibility", "levels")
                levels = side.flexibility.levels
                self.unique(fp, [lv.id for lv in levels], "flexibility level")
                self.probabilities(fp, [lv.p for lv in levels], "flexibility levels")
            self.unique((*p, "advisors"), [a.id for a in side.advisors], "advisor")
            for j, adv in enumerate(side.advisors):
                self.values((*p, "advisors", j, "values"), adv.values, i)
                self.sources((*p, "advisors", j, "source"), adv.source)
            self.sources((*p, "source"), side.source, f"side '{side.id}'")
        for side_id in self.spec.ui.side_briefings:
            self.ref(("ui", "side_briefings", side_id), side_id, self.sym.sides, "side", key=True)

    def world(self) -> None:
        spec = self.spec
        names_ok = [*self.sym.sides, "en"]
        for i, t in enumerate(spec.territories):
            p: Path = ("territories", i)
            self.ref((*p, "status"), t.status, self.sym.statuses, "territory status")
            for key in t.names:
                self.ref((*p, "names", key), key, names_ok, "side (or 'en')", key=True)
            for key in t.native_names:
                self.ref((*p, "native_names", key), key, self.sym.sides, "side", key=True)
            if t.source is not None:
                self.sources((*p, "source"), t.source)
            self.unique((*p, "islets"), [a.id for a in t.islets], "islet")
            for j, islet in enumerate(t.islets):
                ip: Path = (*p, "islets", j)
                for key in islet.names:
                    self.ref((*ip, "names", key), key, names_ok, "side (or 'en')", key=True)
                for key in islet.native_names:
                    self.ref((*ip, "native_names", key), key, self.sym.sides, "side", key=True)
                if islet.source is not None:
                    self.sources((*ip, "source"), islet.source)
        for i, status in enumerate(spec.territory_statuses):
            if status.source is not None:
                self.sources(("territory_statuses", i, "source"), status.source)
        if spec.map is not None:
            b = spec.map.bounds
            if b[0] >= b[2] or b[1] >= b[3]:
                self.report(
                    "L003",
                    ("map", "bounds"),
                    "map bounds must be [min_lon, min_lat, max_lon, max_lat] with min < max",
                )
            self.unique(("map", "context"), [c.id for c in spec.map.context], "context shape")
        self.effects(("every_turn",), spec.every_turn, None)
        self.effects(("ratification", "on_failure"), spec.ratification.on_failure, "any")
        if spec.tabling is not None:
            self.expr(("tabling", "when"), spec.tabling.when, None, "bool")
        for i, s in enumerate(spec.sources):
            if not (s.title or s.note):
                self.report(
                    "L002",
                    ("sources", i),
                    f"source '{s.id}' needs a title or a note",
                    severity="warning",
                )

    def negotiation(self) -> None:
        spec = self.spec
        for i, issue in enumerate(spec.issues):
            p: Path = ("issues", i)
            self.unique((*p, "options"), [o.id for o in issue.options], "option")
            sq = [j for j, o in enumerate(issue.options) if o.status_quo]
            for j in sq[1:]:
                self.report(
                    "L006",
                    (*p, "options", j, "status_quo"),
                    f"issue '{issue.id}' has more than one status quo option",
                )
            for j, option in enumerate(issue.options):
                self.effects((*p, "options", j, "on_deal"), option.on_deal, None)
                if option.source is not None:
                    self.sources((*p, "options", j, "source"), option.source)
            if issue.source is not None:
                self.sources((*p, "source"), issue.source)
        rules: list[Node] = []
        for i, rule in enumerate(spec.forbidden_packages):
            if rule.source is not None:
                self.sources(("forbidden_packages", i, "source"), rule.source)
            path: Path = ("forbidden_packages", i, "when")
            node = self.expr(path, rule.when, None, "bool")
            if node is None:
                continue
            bad = sorted(
                {
                    type(n).__name__
                    for n in walk(node)
                    if isinstance(n, MeterRef | FlagRef | StatusRef | Builtin | UtilityOf)
                }
            )
            if bad:
                self.report(
                    "L015",
                    path,
                    "a forbidden-package rule may only depend on the options",
                    f"it uses {', '.join(bad)}; packages are fixed when the scenario loads",
                )
                continue
            rules.append(node)
        counts = [len(i.options) for i in spec.issues]
        total = math.prod(counts) if counts else 0
        if total > MAX_PACKAGES:
            self.report(
                "L013",
                ("issues",),
                f"{total:,} combinations of options (at most {MAX_PACKAGES:,})",
                "merge or drop options, or split the issues",
            )
        elif counts:
            packages = coherent_packages(counts, rules, start_env(spec, self.sym))
            if len(rules) == len(spec.forbidden_packages):
                self.parsed.packages = packages
            if not packages:
                self.report(
                    "L014",
                    ("forbidden_packages",),
                    f"all {total} packages are forbidden: no package can be tabled",
                )

    def clock(self) -> None:
        clock = self.spec.clock
        if clock is None:
            return
        if clock.opens != "alternate" and clock.opens not in self.sym.sides:
            self.report(
                "L012",
                ("clock", "opens"),
                f"`opens` must be a side id or `alternate`, not '{clock.opens}'",
                suggest(clock.opens, [*self.sym.sides, "alternate"]),
            )
        if not is_iso_date(clock.start):
            self.report("L003", ("clock", "start"), f"'{clock.start}' is not a valid date")
        for turn in clock.turn_labels:
            if not 1 <= turn <= clock.turns:
                self.report(
                    "L003",
                    ("clock", "turn_labels", turn),
                    f"turn label for turn {turn}, but turns are 1..{clock.turns}",
                    key=True,
                )
