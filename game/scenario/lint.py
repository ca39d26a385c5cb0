"""Meaning checks of a scenario: references, bounds, probabilities, expressions, structure.

`check` runs every check and reports every problem in one run, each as a `Diagnostic` at the
position of the offending field; it also parses every expression once (`ParsedExprs`) for the
compiler. The checks live in `lint_context.py` (shared helpers), `lint_effects.py`,
`lint_definitions.py`, `lint_play.py` and `lint_history.py`; this module runs them in order and
checks the overall structure. The codes (E0xx come from `expressions.py`):

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
- L021 a meter or flag nothing uses (warning);
- L022 a number that can grow beyond 1e15 in play (`lint_numbers.py`, which also checks the
  scoring bounds and the clock's last date, L003);
- L023 a game longer than `MAX_GAME_STEPS` steps (checked on the compiled rules, `loader.py`).
"""

from __future__ import annotations

from pathlib import Path as FsPath

from game.scenario.clock_dates import add_months, turn_dates
from game.scenario.diagnostics import Diagnostic
from game.scenario.lint_definitions import DefinitionChecks
from game.scenario.lint_history import HistoryChecks
from game.scenario.lint_numbers import NumberChecks
from game.scenario.lint_play import PlayChecks
from game.scenario.schema import ScenarioSpec
from game.scenario.symbols import ParsedExprs, PositionLookup

__all__ = ["ParsedExprs", "PositionLookup", "add_months", "check", "turn_dates"]


class _Linter(DefinitionChecks, PlayChecks, HistoryChecks, NumberChecks):
    """Every check of a scenario, run in a fixed order, plus its overall structure."""

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
        self.numbers()
        self.structure()
        self.unused()

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
