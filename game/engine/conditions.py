"""A move's precondition in words: which parts of its `when` fail now, each with the public
values it reads, so a front end can say why a move is not available ("Bilateral trust at least
15 (now 12)") instead of only that it is not."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

from game.engine.expr import (
    Binary,
    BoolOp,
    Builtin,
    Call,
    Compare,
    Const,
    FlagRef,
    Fn,
    Member,
    MeterRef,
    Node,
    Unary,
    walk,
)
from game.engine.rules import Rules
from game.engine.state import State

_WORDS = {
    "==": "is",
    "!=": "is not",
    "<": "below",
    "<=": "at most",
    ">": "above",
    ">=": "at least",
}


def unmet(
    rules: Rules, compile_node: Callable[[Node], Fn], state: State, when: Node
) -> tuple[str, ...]:
    """The parts of `when` (its top-level `and` terms) that are false in `state`, in words."""
    return tuple(
        describe(rules, part, state) for part in _terms(when) if not compile_node(part)(state, None)
    )


_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


def condition_terms(compile_node: Callable[[Node], Fn], when: Node) -> tuple[tuple[Node, Fn], ...]:
    """The top-level `and` terms of `when`, each with its compiled test."""
    return tuple((part, compile_node(part)) for part in _terms(when))


def shortfalls(terms: tuple[tuple[Node, Fn], ...], state: State) -> tuple[tuple[int, int], ...]:
    """For each term (`condition_terms`) false in `state`: (meter, change) when the term
    compares one meter with a number (`trust >= 45`: the meter must rise by `change`, or fall
    by `-change`), else (-1, 0): no change of a meter alone meets it."""
    return tuple(_shortfall(part, state) for part, test in terms if not test(state, None))


def _shortfall(node: Node, state: State) -> tuple[int, int]:
    if not isinstance(node, Compare) or len(node.ops) != 1:
        return (-1, 0)
    left, right = node.operands
    op = node.ops[0]
    if isinstance(right, MeterRef) and isinstance(left, Const):
        left, right, op = right, left, _FLIP[op]
    if not isinstance(left, MeterRef) or not isinstance(right, Const):
        return (-1, 0)
    bound = right.value
    if isinstance(bound, bool) or not isinstance(bound, int | float):
        return (-1, 0)
    now = state.meters[left.index]
    if op == ">=":
        return (left.index, math.ceil(bound - now))
    if op == ">":
        return (left.index, math.floor(bound - now) + 1)
    if op == "<=":
        return (left.index, math.floor(bound - now))
    if op == "<":
        return (left.index, math.ceil(bound - now) - 1)
    return (-1, 0)


def describe(rules: Rules, node: Node, state: State) -> str:
    """`node` in words, followed by the current values of the meters and built-ins it reads."""
    now = []
    for ref in _refs(node):
        if isinstance(ref, MeterRef):
            now.append(str(state.meters[ref.index]))
        elif ref.name == "turn":
            now.append(f"turn {state.turn}")
        elif ref.name == "date" and rules.turn_dates:
            now.append(rules.turn_dates[min(max(state.turn, 1), len(rules.turn_dates)) - 1])
    text = _words(rules, node)
    if isinstance(node, BoolOp):
        text = text[1:-1]  # a whole term needs no brackets
    return f"{text} (now {', '.join(now)})" if now else text


def _terms(node: Node) -> Iterator[Node]:
    if isinstance(node, BoolOp) and node.op == "and":
        for operand in node.operands:
            yield from _terms(operand)
    else:
        yield node


def _refs(node: Node) -> list[MeterRef | Builtin]:
    seen: list[MeterRef | Builtin] = []
    for n in walk(node):
        if isinstance(n, MeterRef | Builtin) and n not in seen:
            seen.append(n)
    return seen


def _words(rules: Rules, node: Node) -> str:
    def w(n: Node) -> str:
        return _words(rules, n)

    if isinstance(node, Const):
        v = node.value
        return ("true" if v else "false") if isinstance(v, bool) else str(v)
    if isinstance(node, MeterRef):
        return rules.meters[node.index].label
    if isinstance(node, FlagRef):
        return rules.flags[node.index].label
    if isinstance(node, Builtin):
        return node.name.replace("_", " ")
    if isinstance(node, Unary):
        return f"not {w(node.operand)}" if node.op == "not" else f"-{w(node.operand)}"
    if isinstance(node, Binary):
        return f"{w(node.left)} {node.op} {w(node.right)}"
    if isinstance(node, Compare):
        out = [w(node.operands[0])]
        for op, operand in zip(node.ops, node.operands[1:], strict=True):
            out += [_WORDS[op], w(operand)]
        return " ".join(out)
    if isinstance(node, BoolOp):
        inner = f" {node.op} ".join(w(o) for o in node.operands)
        return f"({inner})"
    if isinstance(node, Member):
        values = ", ".join(str(v) for v in node.values)
        return f"{w(node.operand)} {'not ' if node.negate else ''}one of {values}"
    if isinstance(node, Call):
        return f"{node.fn}({', '.join(w(a) for a in node.args)})"
    return "a condition on the islands or the package"
