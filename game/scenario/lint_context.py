"""What every scenario check shares: the spec, its symbols, positions and the diagnostics.

`LintContext` reports a problem at the position of the offending field, parses an expression once
(recording it in `ParsedExprs` for the compiler, and the meters and flags it reads), checks a
`self.ref`/`other.ref` where a side is known (E011, L002, L007) and offers the generic checks the
sections build on: duplicate ids (L001), unknown references (L002), source ids (L002, L020),
probabilities and constant chances (L004).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

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
    walk,
)
from game.files import MAX_SCENARIO_BYTES, FileError, read_bytes
from game.scenario.diagnostics import Diagnostic, Severity, format_path
from game.scenario.expressions import ExprContext, Where, parse_value, suggest
from game.scenario.schema import ScenarioSpec
from game.scenario.symbols import ParsedExprs, Path, PositionLookup, SymbolTable

__all__ = ["PROB_TOLERANCE", "LintContext", "SideMode"]

PROB_TOLERANCE = 1e-6

_WORLD = (MeterRef, FlagRef, StatusRef, OptionRef, SideRef, Builtin, UtilityOf)


SideMode = int | str | None
"""Where a side is known: None (nowhere), a side index, "any" (each side in turn) or "?" (the
move's side is itself unknown: refs are checked leniently)."""


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


class LintContext:
    """The state of one scenario check and the helpers every section check uses."""

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
                data = read_bytes(file, max_bytes=MAX_SCENARIO_BYTES)
                lines = data.decode("utf-8", errors="replace").splitlines()
            except FileError:
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
        total = math.fsum(ps)
        if ps and abs(total - 1.0) > PROB_TOLERANCE:
            self.report(
                "L004",
                path,
                f"the probabilities of the {what} sum to {total:.12g}, not 1 "
                f"(allowed: within {PROB_TOLERANCE:g} of 1)",
            )

    def chance(self, path: Path, value: int | float | str | None, sides: SideMode) -> None:
        if value is None:
            return
        node = self.expr(path, value, sides)
        if node is not None:
            v = _constant(node)
            if isinstance(v, int | float) and not 0 <= v <= 1:
                self.report("L004", path, f"a chance must be within [0, 1], not {v:g}")
