"""Every package's utility for one side, fast (R7.1): what bots and debriefs need.

`PackageUtilities(machine, side).vector(state)` equals the side's utility of every package, one
by one (tested), but evaluates the option weights once per world they depend on, builds the
package sums issue by issue, and caches each term's set of packages per world it reads.
`WorldProjection` is the cache key: only the meters, flags and statuses the expressions read.
Caches are bounded by the floats (or package indices) they hold, not by their entry count, so a
scenario with many packages keeps the same memory as a small one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from game.engine.expr import FlagRef, MeterRef, StatusRef, names_used
from game.engine.memo import remember

if TYPE_CHECKING:
    from game.engine.transitions import Machine

__all__ = ["CACHE_CELLS", "CACHE_SIZE", "PackageUtilities", "WorldProjection"]

CACHE_SIZE = 4096
"""Entries a cache holds before it is emptied."""
CACHE_CELLS = 1 << 20
"""Package values (floats or indices) a per-package cache holds before it is emptied (about
32 MB of tuples); with 486 packages that is over 2,000 vectors, with 52,488 about 20."""


def _world_refs(node: Any, out: set[tuple[str, int]]) -> set[tuple[str, int]]:
    """The meters, flags and statuses an expression tree reads, as (kind, index) pairs."""
    if isinstance(node, MeterRef):
        out.add(("meter", node.index))
    elif isinstance(node, FlagRef):
        out.add(("flag", node.index))
    elif isinstance(node, StatusRef):
        out.add(("status", node.index))
    elif isinstance(node, tuple):
        for x in node:
            _world_refs(x, out)
    elif is_dataclass(node):
        for f in fields(node):
            _world_refs(getattr(node, f.name), out)
    return out


class WorldProjection:
    """The part of a world some expressions read: a cache key."""

    __slots__ = ("flag_mask", "key", "meters", "statuses")

    def __init__(self, nodes: Any) -> None:
        refs = _world_refs(nodes, set())
        self.meters = tuple(sorted(i for k, i in refs if k == "meter"))
        self.flag_mask = sum(1 << i for k, i in refs if k == "flag")
        self.statuses = any(k == "status" for k, _ in refs)
        # the meters read, as a tuple, in one C call (`itemgetter` of one index gives the value)
        read: Callable[[Any], tuple[int, ...]]
        if len(self.meters) >= 2:
            read = itemgetter(*self.meters)
        elif self.meters:
            only = self.meters[0]
            read = lambda m: (m[only],)  # noqa: E731
        else:
            read = lambda m: ()  # noqa: E731
        mask = self.flag_mask
        self.key: Callable[[Any], tuple[Any, ...]]
        """The key of a state (or a `Scratch`, whose statuses are a list): one closure per
        projection, the meters, flags and statuses it reads written in."""
        if self.statuses:
            self.key = lambda st: (read(st.meters), st.flags & mask, tuple(st.statuses))
        else:
            self.key = lambda st: (read(st.meters), st.flags & mask, ())


class PackageUtilities:
    """One side's utilities (R7.1) computed fast: the option weights are evaluated once per
    world they depend on, the package sums are built issue by issue, and each term's set of
    packages is cached per world it reads. Equal to `game.utilities` (tested)."""

    def __init__(self, machine: Machine, side: int) -> None:
        m = machine
        r = m.rules
        values = r.sides[side].values
        self.machine = m
        self.side = side
        self.proj = WorldProjection(
            (values.weights, tuple((t.when, t.value) for t in values.terms))
        )
        self.rows = tuple(tuple(m.fn(node) for node in row) for row in values.weights)
        self.packages = r.packages
        sizes = [len(issue.options) for issue in r.issues]
        index = []
        for pkg in r.packages:
            k = 0
            for size, opt in zip(sizes, pkg, strict=True):
                k = k * size + opt
            index.append(k)
        self.index = tuple(index)
        self.terms = []
        for term in values.terms:
            when, value = m.fn(term.when), m.fn(term.value)
            static = None
            if names_used(term.when) <= {"option"}:
                static = tuple(p for p, pkg in enumerate(r.packages) if when(None, pkg))
            per_pkg = "option" in names_used(term.value)
            self.terms.append((when, value, static, per_pkg, WorldProjection(term.when)))
        self.generic = any(
            names_used(node) & {"option", "utility"} for row in values.weights for node in row
        )
        self._weights: dict[tuple[Any, ...], list[list[float]]] = {}
        self._vectors: dict[tuple[Any, ...], tuple[float, ...]] = {}
        self._masks: dict[tuple[Any, ...], tuple[int, ...]] = {}
        self._mask_cells = 0
        self._max_vectors = max(1, min(CACHE_SIZE, CACHE_CELLS // max(1, len(r.packages))))

    def weights(self, st: Any, key: tuple[Any, ...]) -> list[list[float]]:
        w = self._weights.get(key)
        if w is None:
            w = [[float(f(st, None)) for f in row] for row in self.rows]
            remember(self._weights, key, w, CACHE_SIZE)
        return w

    def vector(self, st: Any) -> tuple[float, ...]:
        """Utility of every package in the world of `st`, by package index."""
        if self.generic:  # weights that read the package: no shortcut
            m = self.machine
            return tuple(m.utility(self.side, st, pkg) for pkg in self.packages)
        key = self.proj.key(st)
        vec = self._vectors.get(key)
        if vec is not None:
            return vec
        sums = [0.0]
        for row in self.weights(st, key):
            sums = [a + b for a in sums for b in row]
        out = [sums[i] for i in self.index]
        packages = self.packages
        for t, (when, value, static, per_pkg, proj) in enumerate(self.terms):
            mask = static
            if mask is None:
                mkey = (t, proj.key(st))
                mask = self._masks.get(mkey)
                if mask is None:
                    mask = tuple(p for p, pkg in enumerate(packages) if when(st, pkg))
                    if self._mask_cells + len(mask) > CACHE_CELLS:
                        self._masks.clear()
                        self._mask_cells = 0
                    self._masks[mkey] = mask
                    self._mask_cells += len(mask)
            if not mask:
                continue
            if per_pkg:
                for p in mask:
                    out[p] += float(value(st, packages[p]))
            else:
                v = float(value(st, packages[mask[0]]))
                for p in mask:
                    out[p] += v
        return remember(self._vectors, key, tuple(out), self._max_vectors)

    def one(self, st: Any, p: int, key: tuple[Any, ...] | None = None) -> float:
        """Utility of package `p` in the world of `st` (`key`: its projection, if known)."""
        if self.generic:
            return self.machine.utility(self.side, st, self.packages[p])
        if key is None:
            key = self.proj.key(st)
        vec = self._vectors.get(key)
        if vec is not None:
            return vec[p]
        pkg = self.packages[p]
        u = 0.0
        for row, opt in zip(self.weights(st, key), pkg, strict=True):
            u += row[opt]
        for when, value, _, _, _ in self.terms:
            if when(st, pkg):
                u += float(value(st, pkg))
        return u
