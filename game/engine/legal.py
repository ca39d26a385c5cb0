"""Legal actions, cheap and flat in scenario size (docs/rules.md R3).

`LegalActions(machine)(state)` is `Game.legal_actions`. Two things keep it cheap:

- **A precondition memo.** Which of a side's moves it may make and whether it may table depend on
  the few meters, flags and statuses (and perhaps the turn) their conditions read, and on its
  capital: the mask of those moves is memoised under exactly that key, so a decision re-checks no
  condition it has seen in the same world.
- **No per-state package tuple.** Tabling or countering offers every coherent package (but the one
  on the table): an `ActionList` holds the few other actions and the run of package ids as a
  range, so a scenario with 50,000 packages costs what one with 500 does.

Every cache is bounded (emptied when full) and pure: keyed by everything its value depends on.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from operator import itemgetter
from typing import Any, overload

from game.engine.expr import Node, names_used
from game.engine.memo import remember
from game.engine.state import COUNTER_USED, PH_ACT, PH_ANSWER, State
from game.engine.transitions import A_ACCEPT, A_END, A_REJECT, MOVE_BASE, Machine
from game.engine.utilities import _world_refs

_NO_CAPITAL = 1 << 30
CACHE_SIZE = 1 << 16
"""Entries a cache holds before it is emptied: entries are small (an int, a short tuple), and
the worlds a scenario's preconditions tell apart are many (flags times meters times capital)."""


class ActionList(Sequence[int]):
    """Sorted action ids: a few listed ids (`head`), then the ids `lo..hi-1` but `skip`.

    An immutable sequence that compares equal to the tuple of its items; `in`, `len` and
    indexing take constant time.
    """

    __slots__ = ("_head", "_hi", "_len", "_lo", "_n", "_skip")

    def __init__(self, head: tuple[int, ...], lo: int, hi: int, skip: int = -1) -> None:
        self._head = head
        self._n = len(head)
        self._lo = lo
        self._hi = hi
        self._skip = skip if lo <= skip < hi else -1
        self._len = self._n + (hi - lo) - (1 if self._skip >= 0 else 0)

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, i: int) -> int: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[int, ...]: ...
    def __getitem__(self, i: int | slice) -> int | tuple[int, ...]:
        if isinstance(i, slice):
            return tuple(self[j] for j in range(*i.indices(self._len)))
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError("action index out of range")
        n = self._n
        if i < n:
            return self._head[i]
        a = self._lo + i - n
        return a + 1 if 0 <= self._skip <= a else a

    def __contains__(self, a: object) -> bool:
        if type(a) is not int:
            return False
        if self._lo <= a < self._hi:
            return a != self._skip
        return a in self._head

    def __iter__(self) -> Iterator[int]:
        yield from self._head
        if self._skip >= 0:
            yield from range(self._lo, self._skip)
            yield from range(self._skip + 1, self._hi)
        else:
            yield from range(self._lo, self._hi)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ActionList | tuple | list):
            return len(other) == self._len and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"ActionList({self._head}, {self._lo}, {self._hi}, skip={self._skip})"


def world_key(nodes: Sequence[Node]) -> Callable[[Any], Hashable]:
    """A function of a state giving the part of the world that `nodes` read: equal keys, equal
    values of every node (evaluated without a package)."""
    names: set[str] = set()
    for node in nodes:
        names |= names_used(node)
    if names & {"utility", "option"}:  # reads the values' own inputs: the whole world
        return lambda s: (s.meters, s.flags, s.statuses, s.turn, s.table >= 0)
    refs = _world_refs(tuple(nodes), set())
    meters = sorted(i for k, i in refs if k == "meter")
    flag_mask = sum(1 << i for k, i in refs if k == "flag")
    statuses = any(k == "status" for k, _ in refs)
    turn = bool(names & {"turn", "turns_left", "date"})
    table = "on_table" in names
    pick: Callable[[Any], Any] = itemgetter(*meters) if meters else (lambda m: ())
    if not (statuses or turn or table):
        return lambda s: (pick(s.meters), s.flags & flag_mask)
    return lambda s: (
        pick(s.meters),
        s.flags & flag_mask,
        s.statuses if statuses else (),
        s.turn if turn else 0,
        s.table >= 0 if table else False,
    )


class LegalActions:
    """`Game.legal_actions` for one compiled scenario (see the module)."""

    def __init__(self, m: Machine) -> None:
        r = m.rules
        self.m = m
        self.pkg_lo = m.pkg_base
        self.pkg_hi = m.num_actions
        self.max_actions = tuple(s.max_actions for s in r.sides)
        self.capital = tuple(s.capital_meter for s in r.sides)
        # Per side: (bit, cost, precondition) of each move, in action order.
        self.checks = tuple(
            tuple((1 << i, r.moves[i].cost, m.move_when[i]) for i in moves)
            for moves in m.moves_of_side
        )
        table_when = () if r.table_when is None else (r.table_when,)
        self.keys = tuple(
            world_key(tuple(w for i in moves if (w := r.moves[i].when) is not None))
            for moves in m.moves_of_side
        )
        self.table_key = world_key(table_when)
        self._moves: dict[tuple[Any, ...], int] = {}
        self._table: dict[Hashable, bool] = {}
        self._act: dict[tuple[int, bool], Sequence[int]] = {}
        self._answer: dict[int, ActionList] = {}

    def __call__(self, state: State) -> Sequence[int]:
        phase = state.phase
        if phase == PH_ACT:
            side = state.actor
            tabled = state.tabled_mask >> side & 1
            mask = 0
            if state.acted < self.max_actions[side]:
                cap = self.capital[side]
                capital = state.meters[cap] if cap >= 0 else _NO_CAPITAL
                mkey = (side, capital, self.keys[side](state))
                ok = self._moves.get(mkey)
                if ok is None:
                    ok = remember(
                        self._moves, mkey, self._moves_ok(side, state, capital), CACHE_SIZE
                    )
                mask = ok & ~(state.used_turn | state.used_game)
            key = (mask, not tabled and self._can_table(state))
            out = self._act.get(key)
            if out is None:
                out = remember(self._act, key, self._build_act(mask, key[1]), CACHE_SIZE)
            return out
        if phase == PH_ANSWER:
            side = state.actor
            if (
                state.tabled_mask & COUNTER_USED
                or state.tabled_mask >> side & 1
                or not self._can_table(state)
            ):
                return (A_ACCEPT, A_REJECT)
            table = state.table
            answers = self._answer.get(table)
            if answers is None:
                lo, hi = self.pkg_lo, self.pkg_hi
                answers = ActionList((A_ACCEPT, A_REJECT), lo, hi, lo + table)
                remember(self._answer, table, answers, CACHE_SIZE)
            return answers
        return ()

    def _can_table(self, state: State) -> bool:
        when = self.m.table_when
        if when is None:
            return True
        key = self.table_key(state)
        ok = self._table.get(key)
        if ok is None:
            ok = remember(self._table, key, bool(when(state, None)), CACHE_SIZE)
        return ok

    def _moves_ok(self, side: int, state: State, capital: int) -> int:
        """Bits of the side's moves it can afford and whose condition holds in `state`."""
        mask = 0
        for bit, cost, when in self.checks[side]:
            if cost > capital:
                continue
            if when is not None and not when(state, None):
                continue
            mask |= bit
        return mask

    def _build_act(self, mask: int, can_table: bool) -> Sequence[int]:
        n = len(self.m.rules.moves)
        head = (A_END, *(MOVE_BASE + i for i in range(n) if mask >> i & 1))
        if can_table:
            return ActionList(head, self.pkg_lo, self.pkg_hi)
        return head
