"""Meaning checks of a scenario: references, bounds, probabilities, expressions, structure.

`check` runs every check and reports every problem in one run, each as a `Diagnostic` at the
position of the offending field; it also parses every expression once (`ParsedExprs`) for the
compiler. The codes (E0xx come from `expressions.py`):

- L001 an id defined twice within a kind, or clashing in the expression namespace;
- L002 unknown reference (side, actor, meter, flag, territory, status, issue, option, source,
  ending, move, event, category, ref);
- L003 impossible bounds (min > max, start outside [min, max], turn label outside the clock);
- L004 probabilities (outcomes, flexibility levels sum to 1; constant chances within [0, 1]);
- L005 a playable scenario's structure (two sides, a clock, issues, endings, one fallback last);
- L006 more than one `status_quo` option in an issue;
- L007 a `side: any` move (or backlash) uses a ref one side does not define;
- L008 a `set` or `add` value that does not fit its target;
- L009 scheduling of events (date outside the clock: warning; bad `at`; never-happening event);
- L010 a move's side is not a side id or `any`;
- L011 a malformed history step;
- L012 `clock.opens` is not a side id or `alternate`;
- L013 too many packages (more than 100,000 combinations);
- L014 no coherent package (every combination is forbidden);
- L015 a forbidden-package rule that depends on more than the options;
- L016 an ending without a score for a side;
- L018 a reaction that answers nothing (warning);
- L020 an item without a `source` in a non-test scenario (warning);
- L021 a meter or flag nothing uses (warning).
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path as FsPath
from typing import Any

from game.engine.expr import (
    Builtin,
    FlagRef,
    MeterRef,
    Node,
    OptionRef,
    SideRef,
    StatusRef,
    UtilityOf,
    Value,
    compile_expr,
)
from game.scenario.diagnostics import Diagnostic, Severity, format_path
from game.scenario.expressions import (
    ExprContext,
    Where,
    is_iso_date,
    parse_value,
    suggest,
    walk,
)
from game.scenario.schema import (
    AddEffect,
    Effect,
    Outcome,
    RevealEffect,
    ScenarioSpec,
    SetEffect,
    Values,
    WhenEffect,
)
from game.scenario.symbols import (
    FUNCTIONS,
    RESERVED,
    ParsedExprs,
    Path,
    PositionLookup,
    SymbolTable,
    coherent_packages,
    start_env,
)

__all__ = ["ParsedExprs", "PositionLookup", "add_months", "check", "turn_dates"]

MAX_PACKAGES = 100_000
PROB_TOLERANCE = 1e-6
_CHANCE_RE = re.compile(r"^([a-z0-9_.:\-]+)=([a-z0-9_.:\-]+)$")
_SIDE_STEP_RE = re.compile(r"^([a-z][a-z0-9_]*):\s*(.+)$")

_WORLD = (MeterRef, FlagRef, StatusRef, OptionRef, SideRef, Builtin, UtilityOf)

SideMode = int | str | None
"""Where a side is known: None (nowhere), a side index, "any" (each side in turn) or "?" (the
move's side is itself unknown: refs are checked leniently)."""


def add_months(start: datetime.date, months: int) -> datetime.date:
    """`start` plus `months` calendar months, keeping the day (clamped to the month's length)."""
    total = start.month - 1 + months
    year, month = start.year + total // 12, total % 12 + 1
    if month == 12:
        days = 31
    else:
        days = (datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(start.day, days))


def turn_dates(start: str, months_per_turn: int, turns: int) -> tuple[str, ...]:
    """ISO date of each turn (index 0 is turn 1)."""
    d0 = datetime.date.fromisoformat(start)
    return tuple(add_months(d0, t * months_per_turn).isoformat() for t in range(turns))


def _constant(node: Node) -> Value | None:
    """The value of a tree that reads nothing from the world (constant folding), else None."""
    if any(isinstance(n, _WORLD) for n in walk(node)):
        return None
    try:
        value: Value = compile_expr(node)(None, None)
    except Exception:
        return None
    return value


def _source_ids(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


class _Linter:
    def __init__(
        self,
        spec: ScenarioSpec,
        positions: PositionLookup,
        source_file: str,
        require_sources: bool,
    ) -> None:
        self.spec = spec
        self.positions = positions
        self.source_file = source_file
        self.require_sources = require_sources
        self.sym = SymbolTable.from_spec(spec)
        self.parsed = ParsedExprs(self.sym)
        self.diags: list[Diagnostic] = []
        self.used_meters: set[int] = set()
        self.used_flags: set[int] = set()
        self._files: dict[str, list[str] | None] = {}
        self.source_set = {s.id for s in spec.sources}
        self.actor_set = {a.id for a in spec.actors}

    # --- positions and reporting -----------------------------------------------------------

    def pos(self, path: Path, key: bool = False) -> tuple[str, int, int]:
        try:
            if key:
                return self.positions.key_at(path)
            return self.positions.value_at(path)
        except Exception:
            return (self.source_file, 0, 0)

    def report(
        self,
        code: str,
        path: Path,
        message: str,
        hint: str | None = None,
        severity: Severity = "error",
        key: bool = False,
    ) -> None:
        file, line, col = self.pos(path, key)
        self.diags.append(
            Diagnostic(code, severity, file, line, col, format_path(path), message, hint)
        )

    def _lines(self, file: str) -> list[str] | None:
        if file not in self._files:
            lines: list[str] | None = None
            try:
                fs = FsPath(file)
                if fs.is_file() and fs.stat().st_size < 16_000_000:
                    lines = fs.read_text(encoding="utf-8", errors="replace").splitlines()
            except (OSError, ValueError):
                lines = None
            self._files[file] = lines
        return self._files[file]

    def _shift(self, file: str, line: int, col: int, text: str) -> int | None:
        """Columns from the scalar's position to its text: 0 plain, 1 quoted, None unknown."""
        if "\n" in text:
            return None
        lines = self._lines(file)
        if lines is None or not 1 <= line <= len(lines) or col < 1:
            return 0
        raw = lines[line - 1]
        i = col - 1
        ch = raw[i : i + 1]
        if ch in ('"', "'"):
            return 1 if raw[i + 1 :].startswith(text) else None
        if raw[i:].startswith(text):
            return 0
        return None

    # --- expressions -----------------------------------------------------------------------

    def expr(
        self,
        path: Path,
        value: int | float | str | bool,
        sides: SideMode = None,
        expect: str = "num",
        utility: bool = False,
    ) -> Node | None:
        file, line, col = self.pos(path)
        shift = self._shift(file, line, col, value) if isinstance(value, str) else 0
        where = Where(file, line, col, format_path(path), shift)
        ctx = ExprContext(sides=sides is not None, utility=utility)
        result = parse_value(value, self.sym, ctx, where, expect)
        self.diags.extend(result.diagnostics)
        node = result.node
        if node is None:
            return None
        self.parsed.nodes[path] = node
        for n in walk(node):
            if isinstance(n, MeterRef):
                self.used_meters.add(n.index)
            elif isinstance(n, FlagRef):
                self.used_flags.add(n.index)
            elif isinstance(n, SideRef):
                self.side_ref(path, n.which, n.ref, sides, key=False)
        return node

    def side_ref(self, path: Path, which: str, ref: str, sides: SideMode, key: bool) -> bool:
        """Check `self.ref`/`other.ref` where `sides` is known; True if it can be resolved."""
        name = f"{which}.{ref}"
        if sides is None:
            self.report("E011", path, f"`{name}` is only allowed where a side is known", key=key)
            return False
        refs = self.sym.side_refs
        if ref not in self.sym.all_refs:
            self.report(
                "E011", path, f"unknown ref '{ref}'", suggest(ref, self.sym.all_refs), key=key
            )
            return False
        if sides == "any":
            missing = [self.spec.sides[i].id for i, r in enumerate(refs) if ref not in r]
            if missing:
                self.report(
                    "L007",
                    path,
                    f"`{name}` is used by both sides but side '{missing[0]}' has no ref '{ref}'",
                    f"add '{ref}' to the refs of side '{missing[0]}'",
                    key=key,
                )
                return False
        elif isinstance(sides, int) and len(refs) == 2:
            side = sides if which == "self" else 1 - sides
            if ref not in refs[side]:
                sid = self.spec.sides[side].id
                self.report("L002", path, f"side '{sid}' has no ref '{ref}'", key=key)
                return False
        for r in refs:
            if ref in r and r[ref] in self.sym.meters:
                self.used_meters.add(self.sym.meters[r[ref]])
        return True

    # --- generic helpers -------------------------------------------------------------------

    def unique(self, section: Path, ids: Sequence[str], kind: str) -> None:
        seen: set[str] = set()
        for i, item_id in enumerate(ids):
            if item_id in seen:
                self.report("L001", (*section, i, "id"), f"{kind} '{item_id}' is defined twice")
            seen.add(item_id)

    def ref(
        self, path: Path, value: str | None, known: Iterable[str], kind: str, key: bool = False
    ) -> bool:
        if value is None:
            return True
        names = list(known)
        if value in names:
            return True
        self.report("L002", path, f"unknown {kind} '{value}'", suggest(value, names), key=key)
        return False

    def sources(self, path: Path, value: str | list[str] | None, item: str | None = None) -> None:
        """Check source ids; `item` names an item that should have a source (L020)."""
        ids = _source_ids(value)
        if not ids and item is not None and self.require_sources:
            self.report("L020", path[:-1], f"{item} has no source", severity="warning")
        for j, sid in enumerate(ids):
            p = path if isinstance(value, str) else (*path, j)
            self.ref(p, sid, self.source_set, "source")

    def probabilities(self, path: Path, ps: Sequence[float], what: str) -> None:
        if ps and abs(sum(ps) - 1.0) > PROB_TOLERANCE:
            self.report("L004", path, f"the probabilities of the {what} sum to {sum(ps):g}, not 1")

    def chance(self, path: Path, value: int | float | str | None, sides: SideMode) -> None:
        if value is None:
            return
        node = self.expr(path, value, sides)
        if node is not None:
            v = _constant(node)
            if isinstance(v, int | float) and not 0 <= v <= 1:
                self.report("L004", path, f"a chance must be within [0, 1], not {v:g}")

    # --- effects ---------------------------------------------------------------------------

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

    # --- sections --------------------------------------------------------------------------

    def run(self) -> None:
        spec = self.spec
        self.namespace()
        self.unique(("sources",), [s.id for s in spec.sources], "source")
        self.unique(("sides",), [s.id for s in spec.sides], "side")
        self.unique(("actors",), [a.id for a in spec.actors], "actor")
        self.unique(("territory_statuses",), [s.id for s in spec.territory_statuses], "status")
        self.unique(("territories",), [t.id for t in spec.territories], "territory")
        self.unique(("issues",), [i.id for i in spec.issues], "issue")
        self.unique(("forbidden_packages",), [r.id for r in spec.forbidden_packages], "rule")
        self.unique(("moves",), [m.id for m in spec.moves], "move")
        self.unique(("events",), [e.id for e in spec.events], "event")
        self.unique(("reactions",), [r.id for r in spec.reactions], "reaction")
        self.unique(("endings",), [e.id for e in spec.endings], "ending")
        self.meters()
        self.actors_and_sides()
        self.world()
        self.negotiation()
        self.clock()
        self.moves()
        self.events()
        self.reactions()
        self.endings()
        self.history()
        self.structure()
        self.unused()

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

    def meters(self) -> None:
        for i, m in enumerate(self.spec.meters):
            p: Path = ("meters", i)
            if m.min > m.max:
                self.report("L003", (*p, "min"), f"min {m.min} is above max {m.max}")
            elif not m.min <= m.start <= m.max:
                self.report("L003", (*p, "start"), f"start {m.start} is outside [{m.min}, {m.max}]")
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
            if t.source is not None:
                self.sources((*p, "source"), t.source)
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
        if spec.table_when is not None:
            self.expr(("table_when",), spec.table_when, None, "bool")
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
        end = add_months(start, clock.months_per_turn * clock.turns)
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

    def structure(self) -> None:
        spec = self.spec
        if spec.abstract:
            return
        if len(spec.sides) != 2:
            self.report(
                "L005", ("sides",), f"a scenario needs exactly two sides, not {len(spec.sides)}"
            )
        if spec.clock is None:
            self.report("L005", (), "a playable scenario needs a `clock`")
        if not spec.issues:
            self.report("L005", (), "a playable scenario needs at least one issue")
        if not spec.endings:
            self.report("L005", (), "a playable scenario needs at least one ending")
            return
        fallbacks = [i for i, e in enumerate(spec.endings) if e.when is None]
        if not fallbacks:
            self.report(
                "L005",
                ("endings",),
                "no fallback ending (one without `when`)",
                "add a last ending without `when`",
            )
        for i in fallbacks[1:]:
            self.report("L005", ("endings", i), "more than one fallback ending (without `when`)")
        if fallbacks and fallbacks[0] != len(spec.endings) - 1:
            self.report(
                "L005",
                ("endings", fallbacks[0]),
                "the fallback ending (without `when`) must come last",
            )

    def unused(self) -> None:
        for i, m in enumerate(self.spec.meters):
            if i not in self.used_meters and self.sym.meters.get(m.id) == i:
                self.report(
                    "L021",
                    ("meters", i, "id"),
                    f"meter '{m.id}' is never used",
                    severity="warning",
                )
        for i, f in enumerate(self.spec.flags):
            if i not in self.used_flags and self.sym.flags.get(f.id) == i:
                self.report(
                    "L021", ("flags", i, "id"), f"flag '{f.id}' is never used", severity="warning"
                )

    # --- history ---------------------------------------------------------------------------

    def history(self) -> None:
        h = self.spec.history
        if h is None:
            return
        self.ref(("history", "ending"), h.ending, [e.id for e in self.spec.endings], "ending")
        if h.source is not None:
            self.sources(("history", "source"), h.source)
        for i, step in enumerate(h.steps):
            self.history_step(("history", "steps", i), step)

    def history_step(self, path: Path, step: str | dict[str, Any]) -> None:
        if isinstance(step, str):
            m = _SIDE_STEP_RE.match(step.strip())
            text = step.strip()
            if m and m.group(1) in self.sym.sides:
                text = m.group(2).strip()
            self.action_text(path, text)
            return
        actions = [k for k in ("move", "table", "counter", "answer", "chance", "end") if k in step]
        unknown = [k for k in step if k not in ("side", "note", *actions)]
        for k in unknown:
            self.report(
                "L011",
                (*path, k),
                f"unknown key '{k}' in a history step",
                suggest(k, ["side", "move", "table", "counter", "answer", "chance", "end", "note"]),
                key=True,
            )
        if len(actions) != 1:
            self.report(
                "L011",
                path,
                "a history step has exactly one of move, table, counter, answer, chance, end",
            )
            return
        if "side" in step:
            side = step["side"]
            if not isinstance(side, str):
                self.report("L011", (*path, "side"), "`side` must be a side id")
            else:
                self.ref((*path, "side"), side, self.sym.sides, "side")
        action = actions[0]
        value = step[action]
        vp = (*path, action)
        if action == "move":
            if not isinstance(value, str):
                self.report("L011", vp, "`move` takes a move id")
            else:
                self.ref(vp, value, [m.id for m in self.spec.moves], "move")
        elif action in ("table", "counter"):
            if not isinstance(value, dict):
                self.report("L011", vp, f"`{action}` takes a mapping of issue to option")
            else:
                self.package_mapping(vp, value)
        elif action == "answer":
            if value not in ("accept", "reject"):
                self.report("L011", vp, f"`answer` is accept or reject, not {value!r}")
        elif action == "chance":
            self.chance_step(vp, value)
        elif action == "end" and value is not True:
            self.report("L011", vp, "`end` takes `true`")

    def package_mapping(self, path: Path, value: dict[Any, Any]) -> None:
        for issue, option in value.items():
            ip = (*path, str(issue))
            if not isinstance(issue, str) or not self.ref(
                ip, issue, self.sym.issues, "issue", key=True
            ):
                continue
            options = self.sym.options[self.sym.issues[issue]]
            if not isinstance(option, str):
                self.report("L011", ip, f"issue '{issue}' takes an option id, not {option!r}")
            else:
                self.ref(ip, option, options, f"option of issue '{issue}'")

    def chance_step(self, path: Path, value: Any) -> None:
        """`<node>=<outcome>` with the engine's node names (see `game.engine.actions`)."""
        if isinstance(value, dict) and len(value) == 1:
            ((node, outcome),) = value.items()
            value = f"{node}={outcome}"
        m = _CHANCE_RE.match(value.replace(" ", "")) if isinstance(value, str) else None
        if m is None:
            self.report("L011", path, "a chance step is `<node>=<outcome>`", f"got {value!r}")
            return
        node, outcome = m.group(1), m.group(2)
        outcomes = self.chance_outcomes().get(node)
        if outcomes is None:
            self.report(
                "L011",
                path,
                f"no chance node '{node}'",
                suggest(node, list(self.chance_outcomes())),
            )
        elif outcome not in outcomes:
            self.report(
                "L011",
                path,
                f"chance node '{node}' has no outcome '{outcome}'",
                suggest(outcome, outcomes) or f"outcomes: {', '.join(outcomes)}",
            )

    def chance_outcomes(self) -> dict[str, list[str]]:
        """Chance node name -> outcome names, as the engine names them."""
        out: dict[str, list[str]] = {}
        for side in self.spec.sides:
            levels = [lv.id for lv in side.flexibility.levels] if side.flexibility else ["none"]
            out[f"flexibility.{side.id}"] = levels
            out[f"signal.{side.id}"] = levels
            out[f"ratify.{side.id}"] = ["yes", "no"]
        items: list[Any] = [*self.spec.moves, *self.spec.events, *self.spec.reactions]
        for item in items:
            names = out.setdefault(item.id, [])
            names += [o.id for o in item.outcomes]
            if getattr(item, "chance", None) is not None:
                names += ["happens", "not"]
        return out

    def action_text(self, path: Path, text: str) -> None:
        word, _, rest = text.partition(" ")
        rest = rest.strip()
        if word in ("end", "accept", "reject") and not rest:
            return
        if word == "move" and rest:
            self.ref(path, rest, [m.id for m in self.spec.moves], "move")
            return
        if word == "chance" and rest:
            self.chance_step(path, rest)
            return
        if word in ("table", "counter") and rest:
            mapping: dict[str, str] = {}
            for part in rest.split():
                issue, eq, option = part.partition("=")
                if not eq:
                    self.report("L011", path, f"`{word}` takes issue=option pairs, got '{part}'")
                    return
                mapping[issue] = option
            self.package_mapping(path, mapping)
            return
        self.report(
            "L011",
            path,
            f"unknown history step '{text}'",
            "steps are end, accept, reject, move <id>, chance <node>=<outcome>, or mappings "
            "{side, move|table|counter|answer|chance|end}",
        )


def is_test_scenario(spec: ScenarioSpec, source_file: str) -> bool:
    """Test scenarios (id `test...` or a file under a `tests` folder) need no sources."""
    return spec.id.startswith("test") or "tests" in FsPath(source_file).parts


def check(
    spec: ScenarioSpec,
    positions: PositionLookup,
    source_file: str,
    require_sources: bool | None = None,
) -> tuple[list[Diagnostic], ParsedExprs]:
    """Check the meaning of a scenario; return every problem and the parsed expressions.

    Args:
        spec: the merged, shape-valid scenario.
        positions: where each document path is written.
        source_file: the scenario's file (for problems without a position).
        require_sources: warn (L020) about items without `source`; by default for every scenario
            but test scenarios.
    """
    if require_sources is None:
        require_sources = not is_test_scenario(spec, source_file)
    linter = _Linter(spec, positions, source_file, require_sources)
    linter.run()
    seen: set[Diagnostic] = set()
    unique: list[Diagnostic] = []
    for d in linter.diags:
        if d not in seen:
            unique.append(d)
            seen.add(d)
    unique.sort(key=lambda d: (d.file, d.line, d.col))
    return unique, linter.parsed
