"""The names a scenario defines, as index tables: what expressions and effects can refer to.

Built once from a `ScenarioSpec`; when an id is defined twice the first definition wins (the lint
reports the duplicate as L001), so the table is always usable.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from game.engine.expr import Node, compile_expr
from game.scenario.schema import ScenarioSpec

Path = tuple[str | int, ...]
"""A document path: ('moves', 3, 'effects', 0, 'add', 'trust')."""

BUILTINS: dict[str, str] = {
    "turn": "num",
    "turns_left": "num",
    "date": "date",
    "on_table": "bool",
    "deal": "bool",
    "deadline": "bool",
}
"""Built-in names and their types."""

FUNCTIONS = ("min", "max", "abs", "clamp", "utility")
RESERVED = frozenset({"self", "other", "true", "false", "True", "False", *BUILTINS})
"""Names that scenario ids in the expression namespace (meters, flags, issues) may not take."""


class PositionLookup(Protocol):
    """Where a document path is written (the loader's `yamlread.Positions` satisfies this)."""

    def value_at(self, path: Path) -> tuple[str, int, int]:
        """(file, 1-based line, 1-based col) of the value at `path` (or its nearest ancestor)."""
        ...

    def key_at(self, path: Path) -> tuple[str, int, int]:
        """(file, line, col) of the mapping key that ends `path` (or its nearest ancestor)."""
        ...


def _index(ids: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, name in enumerate(ids):
        out.setdefault(name, i)
    return out


@dataclass(frozen=True)
class SymbolTable:
    """Id -> index tables for every kind an expression or effect can name."""

    meters: dict[str, int] = field(default_factory=dict)
    flags: dict[str, int] = field(default_factory=dict)
    issues: dict[str, int] = field(default_factory=dict)
    options: tuple[dict[str, int], ...] = ()
    """Per issue index: option id -> option index."""
    territories: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    sides: dict[str, int] = field(default_factory=dict)
    side_refs: tuple[dict[str, str], ...] = ()
    """Per side index: ref name -> meter id."""

    @property
    def all_refs(self) -> frozenset[str]:
        """Every ref name any side defines (what `self.<ref>`/`other.<ref>` may name)."""
        return frozenset(r for refs in self.side_refs for r in refs)

    def names(self) -> list[str]:
        """Every bare name an expression may use (for did-you-mean hints)."""
        return [
            *self.meters,
            *self.flags,
            *self.issues,
            *BUILTINS,
            "true",
            "false",
            *(f"{t}.status" for t in self.territories),
        ]

    @classmethod
    def from_spec(cls, spec: ScenarioSpec) -> SymbolTable:
        """Build the tables from a scenario (first definition of an id wins)."""
        return cls(
            meters=_index([m.id for m in spec.meters]),
            flags=_index([f.id for f in spec.flags]),
            issues=_index([i.id for i in spec.issues]),
            options=tuple(_index([o.id for o in i.options]) for i in spec.issues),
            territories=_index([t.id for t in spec.territories]),
            statuses=_index([s.id for s in spec.territory_statuses]),
            sides=_index([s.id for s in spec.sides]),
            side_refs=tuple(dict(s.refs) for s in spec.sides),
        )


@dataclass
class ParsedExprs:
    """Every expression of a scenario, parsed once by the lint, keyed by document path.

    NumOrExpr fields given as YAML numbers are stored as `Const` too, so the compiler looks every
    expression up here.
    """

    symbols: SymbolTable
    nodes: dict[Path, Node] = field(default_factory=dict)
    packages: tuple[tuple[int, ...], ...] | None = None
    """The coherent packages, when the lint enumerated them (None if it could not)."""

    def __getitem__(self, path: Path) -> Node:
        return self.nodes[path]

    def get(self, path: Path) -> Node | None:
        """The tree at `path`, or None."""
        return self.nodes.get(path)


@dataclass(frozen=True)
class StartEnv:
    """An expression environment at the scenario's start (for forbidden-package rules)."""

    meters: tuple[int, ...]
    flags: int
    statuses: tuple[int, ...]
    turn: int = 1
    table: int = -1


def start_env(spec: ScenarioSpec, symbols: SymbolTable) -> StartEnv:
    """The world at the start of the scenario."""
    bits = 0
    for i, f in enumerate(spec.flags):
        if f.start:
            bits |= 1 << i
    return StartEnv(
        meters=tuple(m.start for m in spec.meters),
        flags=bits,
        statuses=tuple(symbols.statuses.get(t.status, 0) for t in spec.territories),
    )


def coherent_packages(
    option_counts: Sequence[int], forbidden: Sequence[Node], env: StartEnv
) -> tuple[tuple[int, ...], ...]:
    """Every package (one option index per issue, lexicographic order) no forbidden rule hits."""
    rules = [compile_expr(node) for node in forbidden]
    return tuple(
        pkg
        for pkg in itertools.product(*(range(n) for n in option_counts))
        if not any(rule(env, pkg) for rule in rules)
    )
