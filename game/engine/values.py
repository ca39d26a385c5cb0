"""How each side values packages: utilities, reservation levels, ratification (R5.4, R7).

`Valuation` holds each side's weights and terms compiled to closures, and answers: a side's
utility of one package or of all of them at once, an advisor's utility, the reservation level
(the public expression minus the hidden flexibility), and the chance a home front ratifies.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

from game.engine.expr import Fn, Node, names_used
from game.engine.memo import remember
from game.engine.rules import Rules, ValuesInfo
from game.engine.state import State
from game.engine.utilities import WorldProjection

Weights = tuple[tuple[float | Fn, ...], ...]

UTILITY_CACHE = 1 << 14
"""Utilities a `Valuation` remembers before it forgets them all."""
Terms = tuple[tuple[Fn, Fn], ...]


def logistic(margin: float, softness: float) -> float:
    """Chance that a home front ratifies a package with this utility margin (R5.4)."""
    x = margin / softness
    if x < -700:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))


def decay_step(v: int, rate: float, toward: int) -> int:
    """A meter at `v` one turn later: `rate` of the way back to `toward`, rounded, and at least
    one point while away (R3.1)."""
    if v == toward:
        return v
    step = max(1, round(abs(toward - v) * rate))
    return min(toward, v + step) if v < toward else max(toward, v - step)


def ratification_odds(
    utility: float,
    reservations: Iterable[tuple[float, float]],
    softness: float,
    below: float | None,
) -> float:
    """Chance that a home front ratifies a package of this utility when its reservation level
    is `r` with probability `p`, over the `(p, r)` pairs (one pair `(1.0, r)` when it is known):
    the logistic of the margin, with softness `below` (None: `softness`) for margins under zero,
    averaged (R5.4). The one ratification formula."""
    steep = softness if below is None else below
    # the logistic written out (the same operations as `logistic`: bots call this millions of
    # times a game); one term needs no sum (0 + x is x for these non-negative terms), more are
    # summed by `sum` as before (its rounding is the formula's)
    exp = math.exp
    terms = []
    for p, r in reservations:
        x = (utility - r) / (softness if utility >= r else steep)
        terms.append(p * (0.0 if x < -700 else 1.0 / (1.0 + exp(-x))))
    return terms[0] if len(terms) == 1 else sum(terms)


def signal_likelihood(levels: int, true_level: int, accuracy: float) -> tuple[float, ...]:
    """Chance of each signalled level when the true level is `true_level` (R7.2): the truth
    with `accuracy`, each other level with an equal share of the rest. The one signal formula."""
    if levels == 1:
        return (1.0,)
    miss = (1.0 - accuracy) / (levels - 1)
    return tuple(accuracy if j == true_level else miss for j in range(levels))


class Valuation:
    """The sides' values of packages, compiled once per game."""

    def __init__(self, rules: Rules, fn: Callable[[Node], Fn]) -> None:
        self.rules = rules
        self.fn = fn
        self.softness = rules.softness
        self.below = rules.softness_below
        self.drift = tuple(s.reservation_drift for s in rules.sides)
        self.utility_fns = [self._compile_values(s.values) for s in rules.sides]
        self.advisor_fns = [
            [self._compile_values(a.values) for a in s.advisors] for s in rules.sides
        ]
        self.reservation_fns = [fn(s.reservation) for s in rules.sides]
        self._reads = tuple(_world_reads(s.values) for s in rules.sides)
        self._last_base: list[tuple[State | None, float]] = [(None, 0.0) for _ in rules.sides]
        """Per side: the last state `base_reservation` was read on, and its value."""
        self._utilities: dict[tuple[Any, ...], float] = {}
        """`utility` by side, package and the part of the world it reads (a pure cache: the
        ending scores' `utility(...)` and the ratification odds ask it of the same worlds)."""

    def _compile_values(
        self, values: ValuesInfo
    ) -> tuple[tuple[tuple[float | Fn, ...], ...], tuple[tuple[Fn, Fn], ...]]:
        weights = []
        for per_issue in values.weights:
            row: list[float | Fn] = []
            for node in per_issue:
                const = getattr(node, "value", None)
                if isinstance(const, int | float) and not isinstance(const, bool):
                    row.append(float(const))
                else:
                    row.append(self.fn(node))
            weights.append(tuple(row))
        terms = tuple((self.fn(t.when), self.fn(t.value)) for t in values.terms)
        return tuple(weights), terms

    def utility(self, side: int, env: Any, pkg: tuple[int, ...]) -> float:
        """Side's utility of a package in the world `env` (R7.1)."""
        reads = self._reads[side]
        if reads is None:
            weights, terms = self.utility_fns[side]
            return _value(weights, terms, env, pkg)
        key = (side, pkg, reads.key(env))
        u = self._utilities.get(key)
        if u is None:
            weights, terms = self.utility_fns[side]
            u = remember(self._utilities, key, _value(weights, terms, env, pkg), UTILITY_CACHE)
        return u

    def advisor_utility(self, side: int, advisor: int, env: Any, pkg: tuple[int, ...]) -> float:
        """An advisor's utility of a package (R7.3)."""
        weights, terms = self.advisor_fns[side][advisor]
        return _value(weights, terms, env, pkg)

    def base_reservation(self, side: int, env: Any) -> float:
        """The side's public reservation level, before its hidden flexibility: its expression,
        its drift for every turn after the first, and the rise its home front's refusals brought
        (R7.1, R5.5)."""
        # the last state asked, per side (a state is immutable; a bot asks of the same state
        # again and again within a decision: its own, the other's, each level's reservation)
        last = self._last_base[side]
        if last[0] is env:
            return last[1]
        out = (
            float(self.reservation_fns[side](env, None))
            + self.drift[side] * float(env.turn - 1)
            + self.rules.refusal_step * float(env.refusals[side])
        )
        if type(env) is State:  # not a `Scratch`: the engine's own, changed as it goes
            self._last_base[side] = (env, out)
        return out

    def refused_before(self, side: int, env: Any, pkg: tuple[int, ...]) -> bool:
        """Whether the side's home front has refused a package at least as good for it as `pkg`
        (it then refuses `pkg` at once, when the scenario says so: R5.5)."""
        best = env.refused[side]
        if best < 0 or not self.rules.retry_fails:
            return False
        return self.utility(side, env, pkg) <= self.utility(side, env, self.rules.packages[best])

    def reservation(self, side: int, env: Any, level: int) -> float:
        """True reservation level: the expression minus the drawn flexibility (R7.1)."""
        levels = self.rules.sides[side].flex_levels
        flex = levels[level].value if 0 <= level < len(levels) else 0.0
        return self.base_reservation(side, env) - flex

    def ratify_p(self, side: int, env: Any, pkg: tuple[int, ...], level: int) -> float:
        """Chance that the side's home front ratifies `pkg` (R5.4, R5.5)."""
        if self.refused_before(side, env, pkg):
            return 0.0
        res = self.reservation(side, env, level)
        return ratification_odds(
            self.utility(side, env, pkg), ((1.0, res),), self.softness, self.below
        )


def _world_reads(values: ValuesInfo) -> WorldProjection | None:
    """What a side's utility reads of the world (None when it reads anything else of it: a
    built-in such as `turn`, the side, or another utility)."""
    nodes = [n for row in values.weights for n in row]
    nodes += [x for t in values.terms for x in (t.when, t.value)]
    if any(names_used(n) - _WORLD_KINDS for n in nodes):
        return None
    return WorldProjection(tuple(nodes))


_WORLD_KINDS = {"meter", "flag", "status", "option"}
"""What a utility may read and still be cached by the world it reads (an option is the
package's, which is in the key)."""


def _value(
    weights: tuple[tuple[float | Fn, ...], ...],
    terms: tuple[tuple[Fn, Fn], ...],
    env: Any,
    pkg: tuple[int, ...],
) -> float:
    u = 0.0
    for row, opt in zip(weights, pkg, strict=True):
        w = row[opt]
        u += w if type(w) is float else float(w(env, pkg))  # type: ignore[operator]
    for cond, value in terms:
        if cond(env, pkg):
            u += float(value(env, pkg))
    return u
