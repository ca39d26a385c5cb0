"""Effects compiled to closures over a `Scratch` (docs/rules.md R4.4).

`EffectCompiler(fn, lo, hi, packages).ops(effects)` turns the rules' `Op` trees into closures:
`add` and `set` clamp meters to their bounds and round amounts to integers, `reveal` queues a
signal draw, `when` picks `then` or `else`. Expressions inside see the package on the table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.engine.expr import Fn, Node
from game.engine.rules import AddOp, CondOp, Op, RevealOp, SetFlagOp, SetMeterOp, SetStatusOp
from game.engine.scratch import OpFn, Scratch, flag_setter, round_int, set_meter, set_status
from game.engine.work import W_REVEAL


class EffectCompiler:
    """Compiles effects for one set of rules."""

    def __init__(
        self,
        fn: Callable[[Node], Fn],
        lo: tuple[int, ...],
        hi: tuple[int, ...],
        packages: tuple[tuple[int, ...], ...],
        pivots: tuple[int | None, ...] = (),
    ) -> None:
        self.fn = fn
        self.lo = lo
        self.hi = hi
        self.pivots = pivots
        packages_ = packages

        def pkg(c: Any) -> tuple[int, ...] | None:
            t = c.table
            return packages_[t] if t >= 0 else None

        self.pkg = pkg

    def ops(self, ops: tuple[Op, ...]) -> tuple[OpFn, ...]:
        """Compile effects to closures over a `Scratch`."""
        return tuple(self._op(op) for op in ops)

    def _op(self, op: Op) -> OpFn:
        pkg = self.pkg
        if isinstance(op, AddOp):
            i, lo, hi = op.meter, self.lo[op.meter], self.hi[op.meter]
            pivot = self.pivots[i] if i < len(self.pivots) else None
            if pivot is not None and pivot < hi:
                return self._diminishing(op, pivot)
            const = getattr(op.amount, "value", None)
            if isinstance(const, int) and not isinstance(const, bool):
                k = const
                return lambda c: set_meter(c, i, c.meters[i] + k, lo, hi)
            amount = self.fn(op.amount)
            return lambda c: set_meter(c, i, c.meters[i] + round_int(amount(c, pkg(c))), lo, hi)
        if isinstance(op, SetMeterOp):
            i, lo, hi = op.meter, self.lo[op.meter], self.hi[op.meter]
            value = self.fn(op.value)
            return lambda c: set_meter(c, i, round_int(value(c, pkg(c))), lo, hi)
        if isinstance(op, SetFlagOp):
            return flag_setter(op.flag, op.value)
        if isinstance(op, SetStatusOp):
            t, v = op.territory, op.status
            return lambda c: set_status(c, t, v)
        if isinstance(op, RevealOp):
            item = (W_REVEAL, op.about, op.receiver, op.accuracy)
            return lambda c: c.spawn.append(item)
        if isinstance(op, CondOp):
            cond = self.fn(op.cond)
            then, other = self.ops(op.then), self.ops(op.otherwise)

            def conditional(c: Scratch) -> None:
                for f in then if cond(c, pkg(c)) else other:
                    f(c)

            return conditional
        raise ValueError(f"unknown op {op!r}")

    def _diminishing(self, op: AddOp, pivot: int) -> OpFn:
        """`add` to a meter with diminishing returns (R4.4): a rise that starts above `pivot` is
        scaled by the share of the room left, (max - value) / (max - pivot), then rounded."""
        i, lo, hi = op.meter, self.lo[op.meter], self.hi[op.meter]
        amount, pkg, span = self.fn(op.amount), self.pkg, float(hi - pivot)

        def add(c: Scratch) -> None:
            v = c.meters[i]
            x = amount(c, pkg(c))
            if x > 0 and v > pivot:
                x = x * (hi - v) / span
            set_meter(c, i, v + round_int(x), lo, hi)

        return add
