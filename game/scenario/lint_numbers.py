"""Numbers that stay finite and bounded in play: checks made when a scenario is validated.

- L003 `scoring.min` above `scoring.max`; a clock whose last turn falls after year 9999;
- L022 a numeric expression (an amount, `income`, a weight, a score, a chance...) that can reach
  a magnitude above `MAX_MAGNITUDE` (1e15) given the meters' bounds: `30 factors of 1e12` would
  overflow to infinity in play, and infinity minus infinity is NaN.

The bound is computed on the expression tree by interval arithmetic on magnitudes:
|a + b| <= |a| + |b|, |a * b| <= |a| |b|, a division by a constant k divides by |k|, a division by
a whole-number expression (meters, turns, whole constants) does not grow (a division by zero
gives 0), and a division by any other expression is unbounded. `utility("side")` is bounded by
the sum of the side's weights and terms. The engine also keeps every number finite at run time
(see docs/format.md), so this check is about telling the author, not about safety alone.
"""

from __future__ import annotations

import datetime
import math

from game.engine.expr import (
    Binary,
    BoolOp,
    Builtin,
    Call,
    Compare,
    Const,
    FlagRef,
    Member,
    MeterRef,
    Node,
    OptionRef,
    SideRef,
    StatusRef,
    Unary,
    UtilityOf,
)
from game.scenario.clock_dates import add_months
from game.scenario.lint_context import LintContext
from game.scenario.symbols import Path

MAX_MAGNITUDE = 1e15
"""The largest magnitude a number may reach in play (exact in a float's 53 bits)."""


class NumberChecks(LintContext):
    """Scoring bounds, the clock's last date and the magnitude of every numeric expression."""

    def numbers(self) -> None:
        spec = self.spec
        if spec.scoring.min > spec.scoring.max:
            self.report(
                "L003",
                ("scoring", "min"),
                f"scoring min {spec.scoring.min:g} is above max {spec.scoring.max:g}",
            )
        self._clock_end()
        self._magnitudes()

    def _clock_end(self) -> None:
        clock = self.spec.clock
        if clock is None:
            return
        try:
            start = datetime.date.fromisoformat(clock.start)
        except ValueError:
            return  # reported by the clock check
        months = clock.months_per_turn * clock.turns  # the end date, after the last turn
        if start.year * 12 + start.month - 1 + months > 9999 * 12 + 11:
            self.report(
                "L003",
                ("clock", "turns"),
                f"the clock runs past the year 9999 ({clock.turns} turns of "
                f"{clock.months_per_turn} months from {clock.start})",
            )
            return
        add_months(start, months)  # cannot fail now

    def _magnitudes(self) -> None:
        meters = [float(max(abs(m.min), abs(m.max))) for m in self.spec.meters]
        turns = float(self.spec.clock.turns) if self.spec.clock is not None else 1.0
        any_meter = max(meters, default=0.0)
        bounds = _Bounds(meters, any_meter, turns, [])
        # utility("side") is at most the sum of the side's own weights and terms
        utilities: list[float] = []
        for i in range(len(self.spec.sides)):
            total = 0.0
            for path, node in self.parsed.nodes.items():
                if path[:3] == ("sides", i, "values"):
                    total += bounds.of(node) or 0.0
            utilities.append(total)
        bounds.utilities = utilities
        for path, node in sorted(self.parsed.nodes.items(), key=lambda kv: str(kv[0])):
            reach = bounds.of(node)
            if reach is not None and not reach <= MAX_MAGNITUDE:
                self._too_big(path, reach)

    def _too_big(self, path: Path, reach: float) -> None:
        shown = "an unbounded value" if not math.isfinite(reach) else f"{reach:.3g}"
        self.report(
            "L022",
            path,
            f"this number can reach {shown} in play (the limit is {MAX_MAGNITUDE:g})",
            "keep products small, and divide only by constants or whole numbers",
        )


class _Bounds:
    def __init__(
        self, meters: list[float], any_meter: float, turns: float, utilities: list[float]
    ) -> None:
        self.meters = meters
        self.any_meter = any_meter
        self.turns = turns
        self.utilities = utilities

    def of(self, node: Node) -> float | None:
        """The largest magnitude a numeric tree can take (inf if unbounded); None if not numeric."""
        try:
            return self._of(node)
        except RecursionError:  # pragma: no cover - expressions are at most 500 nodes
            return math.inf

    def _of(self, node: Node) -> float | None:
        if isinstance(node, Const):
            v = node.value
            if isinstance(v, bool) or not isinstance(v, int | float):
                return None
            return abs(float(v))
        if isinstance(node, MeterRef):
            return self.meters[node.index] if node.index < len(self.meters) else self.any_meter
        if isinstance(node, SideRef):
            return self.any_meter
        if isinstance(node, Builtin):
            return self.turns if node.name in ("turn", "turns_left") else None
        if isinstance(node, UtilityOf):
            u = self.utilities
            return u[node.side] if 0 <= node.side < len(u) else max(u, default=0.0)
        if isinstance(node, FlagRef | StatusRef | OptionRef | Compare | BoolOp | Member):
            return None
        if isinstance(node, Unary):
            return self._of(node.operand) if node.op == "-" else None
        if isinstance(node, Binary):
            a, b = self._of(node.left), self._of(node.right)
            if a is None or b is None:
                return None
            if node.op in ("+", "-"):
                return a + b
            if node.op == "*":
                return a * b if a and b else 0.0
            return self._divide(a, node.right)
        if isinstance(node, Call):
            args = [self._of(x) for x in node.args]
            nums = [x for x in args if x is not None]
            if not nums:
                return None
            if node.fn == "clamp" and len(nums) == 3:
                return max(nums[1], nums[2])
            if node.fn == "exp":
                return math.exp(min(700.0, nums[0]))
            return max(nums)
        return None

    def _divide(self, a: float, divisor: Node) -> float:
        if isinstance(divisor, Const) and isinstance(divisor.value, int | float):
            k = abs(float(divisor.value))
            return a / k if k else 0.0
        if _whole(divisor):
            return a  # |b| >= 1 whenever b != 0, and x / 0 is 0
        return math.inf if a else 0.0


def _whole(node: Node) -> bool:
    """True when a numeric tree only takes whole-number values."""
    if isinstance(node, Const):
        return isinstance(node.value, int) and not isinstance(node.value, bool)
    if isinstance(node, MeterRef | SideRef):
        return True
    if isinstance(node, Builtin):
        return node.name in ("turn", "turns_left")
    if isinstance(node, Unary):
        return node.op == "-" and _whole(node.operand)
    if isinstance(node, Binary):
        return node.op in ("+", "-", "*") and _whole(node.left) and _whole(node.right)
    if isinstance(node, Call):
        return node.fn in ("min", "max", "abs", "clamp") and all(_whole(a) for a in node.args)
    return False
