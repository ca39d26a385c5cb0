"""Expression trees of the compiled rules, and their compilation to fast closures.

The scenario layer parses each expression string once (a whitelisted subset of Python's syntax)
and resolves every name to an index, producing the frozen nodes below. The nodes are plain data
(picklable, comparable); `compile_expr` turns a tree into a closure `fn(env, pkg)` where

- `env` has `meters` (sequence of int), `flags` (int bitmask), `statuses` (sequence of int),
  `turn` (1-based int) and `table` (package id or -1); ending checks add `deal` and `deadline`;
- `pkg` is the package in scope, a tuple of option indices (one per issue), or None.

No string is ever given to `eval` or `exec`: the closures are built from the tree.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

Value = float | int | bool | str


class Env(Protocol):
    """What an expression can read: the world part of a state."""

    @property
    def meters(self) -> Sequence[int]: ...
    @property
    def flags(self) -> int: ...
    @property
    def statuses(self) -> Sequence[int]: ...
    @property
    def turn(self) -> int: ...
    @property
    def table(self) -> int: ...


Fn = Callable[[Any, "tuple[int, ...] | None"], Any]
"""A compiled expression: fn(env, pkg) -> value."""

UtilityHook = Callable[[int, Any, "tuple[int, ...] | None"], float]
"""utility(side, env, pkg): the side's utility of the package, used by `utility(side)`."""


@dataclass(frozen=True, slots=True)
class Const:
    """A literal number, boolean or string."""

    value: Value


@dataclass(frozen=True, slots=True)
class MeterRef:
    """The value of meter `index`."""

    index: int


@dataclass(frozen=True, slots=True)
class FlagRef:
    """The truth of flag `index`."""

    index: int


@dataclass(frozen=True, slots=True)
class StatusRef:
    """The status index of territory `index` (compared with status indices)."""

    index: int


@dataclass(frozen=True, slots=True)
class OptionRef:
    """The option index the package in scope picks for issue `index`, or -1 if none."""

    index: int


@dataclass(frozen=True, slots=True)
class SideRef:
    """`self.<ref>` or `other.<ref>` before it is resolved for one side (never compiled)."""

    which: str
    ref: str


@dataclass(frozen=True, slots=True)
class Builtin:
    """A built-in name: `turn`, `turns_left`, `date`, `on_table`, `deal`, `deadline`."""

    name: str


@dataclass(frozen=True, slots=True)
class Unary:
    """`-x` or `not x`."""

    op: str
    operand: Node


@dataclass(frozen=True, slots=True)
class Binary:
    """`a + b`, `a - b`, `a * b`, `a / b` (division by zero gives 0)."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Compare:
    """A chained comparison `a < b <= c`; ops from `== != < <= > >=`."""

    ops: tuple[str, ...]
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class BoolOp:
    """`a and b and ...` or `a or b or ...`."""

    op: str
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Member:
    """`x in (v1, v2)` or `x not in (...)` over literal values."""

    operand: Node
    values: tuple[Value, ...]
    negate: bool


@dataclass(frozen=True, slots=True)
class Call:
    """`min(...)`, `max(...)`, `abs(x)`, `clamp(x, lo, hi)`."""

    fn: str
    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class UtilityOf:
    """`utility("side")`: the side's utility of the package in scope (the deal, or status quo)."""

    side: int


Node = (
    Const
    | MeterRef
    | FlagRef
    | StatusRef
    | OptionRef
    | SideRef
    | Builtin
    | Unary
    | Binary
    | Compare
    | BoolOp
    | Member
    | Call
    | UtilityOf
)

_CMP: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _div(a: float, b: float) -> float:
    return a / b if b else 0.0


_ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": _div,
}


def _clamp(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


def resolve_sides(node: Node, refs: Sequence[dict[str, int]], me: int) -> Node:
    """Return `node` with every `self.x`/`other.x` replaced by the meter of side `me` or the other.

    `refs[side]` maps a side's ref names to meter indices. Raises KeyError for an unknown ref
    (the scenario lint reports those before compilation).
    """
    if isinstance(node, SideRef):
        side = me if node.which == "self" else 1 - me
        return MeterRef(refs[side][node.ref])
    if isinstance(node, Unary):
        return Unary(node.op, resolve_sides(node.operand, refs, me))
    if isinstance(node, Binary):
        return Binary(
            node.op, resolve_sides(node.left, refs, me), resolve_sides(node.right, refs, me)
        )
    if isinstance(node, Compare):
        return Compare(node.ops, tuple(resolve_sides(o, refs, me) for o in node.operands))
    if isinstance(node, BoolOp):
        return BoolOp(node.op, tuple(resolve_sides(o, refs, me) for o in node.operands))
    if isinstance(node, Member):
        return Member(resolve_sides(node.operand, refs, me), node.values, node.negate)
    if isinstance(node, Call):
        return Call(node.fn, tuple(resolve_sides(a, refs, me) for a in node.args))
    return node


def constant_value(node: Node) -> Value | None:
    """The value of a constant tree (a literal or arithmetic on literals), else None."""
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Unary) and node.op == "-":
        inner = constant_value(node.operand)
        if isinstance(inner, int | float) and not isinstance(inner, bool):
            return -inner
    return None


def compile_expr(
    node: Node,
    turn_dates: Sequence[str] = (),
    last_turn: int = 0,
    utility: UtilityHook | None = None,
) -> Fn:
    """Compile an expression tree into a closure fn(env, pkg).

    Args:
        node: the tree, with no unresolved `SideRef`.
        turn_dates: ISO date of each turn, index 0 for turn 1 (for `date`).
        last_turn: the number of the last turn (for `turns_left`).
        utility: evaluates `utility(side)`; required if the tree uses it.
    """

    def c(n: Node) -> Fn:
        return compile_expr(n, turn_dates, last_turn, utility)

    if isinstance(node, Const):
        value = node.value
        return lambda e, p: value
    if isinstance(node, MeterRef):
        i = node.index
        return lambda e, p: e.meters[i]
    if isinstance(node, FlagRef):
        bit = 1 << node.index
        return lambda e, p: (e.flags & bit) != 0
    if isinstance(node, StatusRef):
        t = node.index
        return lambda e, p: e.statuses[t]
    if isinstance(node, OptionRef):
        k = node.index
        return lambda e, p: p[k] if p is not None else -1
    if isinstance(node, Builtin):
        return _builtin(node.name, tuple(turn_dates), last_turn)
    if isinstance(node, Unary):
        if node.op == "not" and isinstance(node.operand, FlagRef):
            bit = 1 << node.operand.index
            return lambda e, p: not e.flags & bit
        linear = _linear(node)
        if linear is not None:
            return _linear_fn(*linear)
        inner = c(node.operand)
        if node.op == "not":
            return lambda e, p: not inner(e, p)
        return lambda e, p: -inner(e, p)
    if isinstance(node, Binary):
        linear = _linear(node)
        if linear is not None:
            return _linear_fn(*linear)
        return _binary(node, c)
    if isinstance(node, Compare):
        return _compare(node, c)
    if isinstance(node, BoolOp):
        # Nested pairs of closures: faster than all()/any() over a generator.
        fn = c(node.operands[-1])
        for operand in reversed(node.operands[:-1]):
            fn = _and(c(operand), fn) if node.op == "and" else _or(c(operand), fn)
        return fn
    if isinstance(node, Member):
        inner = c(node.operand)
        values = frozenset(node.values)
        if node.negate:
            return lambda e, p: inner(e, p) not in values
        return lambda e, p: inner(e, p) in values
    if isinstance(node, Call):
        return _call(node, c)
    if isinstance(node, UtilityOf):
        if utility is None:
            raise ValueError("utility() needs a utility hook")
        side = node.side
        hook = utility
        return lambda e, p: hook(side, e, p)
    raise ValueError(f"cannot compile {node!r}")


def _and(a: Fn, b: Fn) -> Fn:
    return lambda e, p: a(e, p) and b(e, p)


def _or(a: Fn, b: Fn) -> Fn:
    return lambda e, p: a(e, p) or b(e, p)


Linear = tuple[float, tuple[tuple[int, float], ...]]


def _linear(node: Node) -> Linear | None:
    """`node` as constant + sum(coefficient * meter), if it is linear in the meters, else None."""
    if isinstance(node, Const):
        v = node.value
        if isinstance(v, int | float) and not isinstance(v, bool):
            return float(v), ()
        return None
    if isinstance(node, MeterRef):
        return 0.0, ((node.index, 1.0),)
    if isinstance(node, Unary) and node.op == "-":
        inner = _linear(node.operand)
        return None if inner is None else _scale(inner, -1.0)
    if isinstance(node, Binary):
        left, right = _linear(node.left), _linear(node.right)
        if left is None or right is None:
            return None
        if node.op in ("+", "-"):
            sign = 1.0 if node.op == "+" else -1.0
            terms = dict(left[1])
            for i, k in right[1]:
                terms[i] = terms.get(i, 0.0) + sign * k
            return left[0] + sign * right[0], tuple(sorted(terms.items()))
        if node.op == "*":
            if not left[1]:
                return _scale(right, left[0])
            if not right[1]:
                return _scale(left, right[0])
            return None
        if node.op == "/" and not right[1] and right[0]:
            return _scale(left, 1.0 / right[0])
    return None


def _scale(lin: Linear, k: float) -> Linear:
    return lin[0] * k, tuple((i, c * k) for i, c in lin[1])


def _linear_fn(const: float, terms: tuple[tuple[int, float], ...]) -> Fn:
    """One closure for a linear expression (no tree of closures to walk)."""
    if not terms:
        return lambda e, p: const
    if len(terms) == 1:
        ((i, k),) = terms
        return lambda e, p: const + k * e.meters[i]
    if len(terms) == 2:
        (i, k), (j, q) = terms
        return lambda e, p: const + k * e.meters[i] + q * e.meters[j]

    def linear(e: Any, p: tuple[int, ...] | None) -> float:
        m = e.meters
        total = const
        for i, k in terms:
            total += k * m[i]
        return total

    return linear


def requires(node: Node | None, name: str) -> bool:
    """True if `node` can only hold when built-in `name` is true (it is a conjunct)."""
    if isinstance(node, Builtin):
        return node.name == name
    if isinstance(node, BoolOp) and node.op == "and":
        return any(requires(o, name) for o in node.operands)
    return False


def _builtin(name: str, dates: tuple[str, ...], last_turn: int) -> Fn:
    if name == "turn":
        return lambda e, p: e.turn
    if name == "turns_left":
        return lambda e, p: last_turn - e.turn
    if name == "date":
        return lambda e, p: dates[min(max(e.turn, 1), len(dates)) - 1] if dates else ""
    if name == "on_table":
        return lambda e, p: e.table >= 0
    if name == "deal":
        return lambda e, p: bool(getattr(e, "deal", False))
    if name == "deadline":
        return lambda e, p: bool(getattr(e, "deadline", False))
    raise ValueError(f"unknown built-in {name!r}")


def _binary(node: Binary, c: Callable[[Node], Fn]) -> Fn:
    op = _ARITH[node.op]
    left, right = c(node.left), c(node.right)
    rconst = constant_value(node.right)
    if isinstance(node.left, MeterRef) and isinstance(rconst, int | float):
        i, k = node.left.index, rconst
        if node.op == "-":
            return lambda e, p: e.meters[i] - k
        if node.op == "*":
            return lambda e, p: e.meters[i] * k
    # the operator written out (no call through `operator`), a constant operand inlined: the
    # same operation on the same values (ending scores such as `utility(...) + ...` and
    # `min(...) / 5 + ...` are read at every leaf of the bots' lookahead)
    lconst = constant_value(node.left)
    if node.op == "/":
        if rconst is not None and rconst:
            d = rconst
            return lambda e, p: left(e, p) / d
        return lambda e, p: op(left(e, p), right(e, p))
    if node.op == "+":
        if lconst is not None:
            a = lconst
            return lambda e, p: a + right(e, p)
        if rconst is not None:
            b = rconst
            return lambda e, p: left(e, p) + b
        return lambda e, p: left(e, p) + right(e, p)
    if node.op == "-":
        if lconst is not None:
            a = lconst
            return lambda e, p: a - right(e, p)
        if rconst is not None:
            b = rconst
            return lambda e, p: left(e, p) - b
        return lambda e, p: left(e, p) - right(e, p)
    if node.op == "*":
        if lconst is not None:
            a = lconst
            return lambda e, p: a * right(e, p)
        if rconst is not None:
            b = rconst
            return lambda e, p: left(e, p) * b
        return lambda e, p: left(e, p) * right(e, p)
    return lambda e, p: op(left(e, p), right(e, p))


def _compare(node: Compare, c: Callable[[Node], Fn]) -> Fn:
    if len(node.ops) == 1:
        op = _CMP[node.ops[0]]
        a_node, b_node = node.operands
        b_const = constant_value(b_node)
        if b_const is not None:
            k = b_const
            if isinstance(a_node, MeterRef):
                i = a_node.index
                return lambda e, p: op(e.meters[i], k)
            if isinstance(a_node, OptionRef):
                j = a_node.index
                return lambda e, p: op(p[j] if p is not None else -1, k)
            a = c(a_node)
            return lambda e, p: op(a(e, p), k)
        a, b = c(a_node), c(b_node)
        return lambda e, p: op(a(e, p), b(e, p))
    ops = tuple(_CMP[o] for o in node.ops)
    parts = tuple(c(o) for o in node.operands)

    def chained(e: Any, p: tuple[int, ...] | None) -> bool:
        left = parts[0](e, p)
        for op, f in zip(ops, parts[1:], strict=True):
            right = f(e, p)
            if not op(left, right):
                return False
            left = right
        return True

    return chained


def _call(node: Call, c: Callable[[Node], Fn]) -> Fn:
    args = tuple(c(a) for a in node.args)
    if node.fn == "abs":
        (x,) = args
        return lambda e, p: abs(x(e, p))
    if node.fn == "clamp":
        x, lo, hi = args
        return lambda e, p: _clamp(x(e, p), lo(e, p), hi(e, p))
    if len(args) == 2 and node.fn in ("min", "max"):
        # two arguments, passed as such: the same comparison as over the generator
        a, b = args
        if node.fn == "min":
            return lambda e, p: min(a(e, p), b(e, p))
        return lambda e, p: max(a(e, p), b(e, p))
    if node.fn == "min":
        return lambda e, p: min(f(e, p) for f in args)
    if node.fn == "max":
        return lambda e, p: max(f(e, p) for f in args)
    if node.fn == "exp":
        (x,) = args
        return lambda e, p: math.exp(min(700.0, x(e, p)))
    raise ValueError(f"unknown function {node.fn!r}")


def walk(node: Node) -> Iterator[Node]:
    """Every node of a tree, parents before children."""
    stack: list[Node] = [node]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, Unary):
            stack.append(n.operand)
        elif isinstance(n, Binary):
            stack += [n.right, n.left]
        elif isinstance(n, Compare | BoolOp):
            stack += reversed(n.operands)
        elif isinstance(n, Member):
            stack.append(n.operand)
        elif isinstance(n, Call):
            stack += reversed(n.args)


def names_used(node: Node) -> set[str]:
    """Kinds of references a tree uses: 'meter', 'flag', 'status', 'option', 'side', built-ins."""
    out: set[str] = set()
    for n in walk(node):
        if isinstance(n, MeterRef):
            out.add("meter")
        elif isinstance(n, FlagRef):
            out.add("flag")
        elif isinstance(n, StatusRef):
            out.add("status")
        elif isinstance(n, OptionRef):
            out.add("option")
        elif isinstance(n, SideRef):
            out.add("side")
        elif isinstance(n, Builtin):
            out.add(n.name)
        elif isinstance(n, UtilityOf):
            out.add("utility")
    return out
