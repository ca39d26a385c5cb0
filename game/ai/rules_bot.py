"""A rule-based negotiator that uses only what its side can see.

    bot = RulesBot(margin=1.0, budget=12)
    action = bot.choose(game, state, player, rng)

What it reads: `game.observe(state, player)` (its own true reservation level, and the estimate of
the other side's), the public utilities (`game.utility`: only reservation levels are hidden) and
the engine's effect previews (`game.engine.preview`). It never reads `state.hidden`.

How it plays:

- **Answering** a tabled package: accept when the package's utility reaches its own reservation
  level plus `margin` (its win-set, with a safety margin for the ratification coin toss);
  otherwise counter, when a counter is legal, with its best package that the other side likely
  accepts; otherwise reject.
- **Acting**: first up to `moves` moves a part, each the legal move with the best gain per unit
  of capital — the previewed rise of meters that help its side minus the rise of meters that help
  the other, as a share of each meter's range — never a move that hurts it, and never spending
  capital below `reserve`; then it tables its best package that clears its own reservation level
  and the other side's estimated one (plus `other_margin`), if there is one; else it ends its part.

Per-state work is cached (package utilities per world, move values per state); the package scan
is bounded by `max_packages` and the previews by `budget` calls per decision.
"""

from __future__ import annotations

import random
from typing import Any

from game.engine import PH_ACT, PH_ANSWER, Game, Observation, State, preview
from game.engine.rules import CondOp, Op, RevealOp

_A_END, _A_ACCEPT, _A_REJECT = 0, 1, 2


def _reveals_about(ops: tuple[Op, ...], about: int, receiver: int) -> float:
    """Best accuracy of a signal about `about` for `receiver` among `ops` (0 when none)."""
    best = 0.0
    for op in ops:
        if isinstance(op, RevealOp) and op.about == about and op.receiver == receiver:
            best = max(best, op.accuracy)
        elif isinstance(op, CondOp):
            best = max(
                best,
                _reveals_about(op.then, about, receiver),
                _reveals_about(op.otherwise, about, receiver),
            )
    return best


class RulesBot:
    """Answers by its win-set, makes the moves that help it most per unit of capital, tables
    packages both sides can likely ratify."""

    name = "rules"

    def __init__(
        self,
        margin: float = 1.0,
        other_margin: float | None = None,
        budget: int = 12,
        moves: int = 2,
        reserve: int = 0,
        max_packages: int = 1000,
        min_gain: float = 0.5,
        info: float = 0.5,
        cache: int = 4096,
    ) -> None:
        """Args:
        margin: utility above its own reservation level it asks before accepting or tabling.
        other_margin: utility above the other side's estimated level a tabled package must
            give it (default: `margin`).
        budget: preview calls per decision (caps the moves examined).
        moves: moves it makes at most in one part.
        reserve: capital it keeps unspent.
        max_packages: packages scanned at most (evenly spaced when there are more).
        min_gain: least value (in % of meter range per unit of capital) worth a move.
        info: value of a signal about the other side, per unit of the estimate's spread.
        cache: entries kept in each cache before it is cleared.
        """
        if budget < 0 or moves < 0 or max_packages < 1 or cache < 1:
            raise ValueError("budget, moves >= 0; max_packages, cache >= 1")
        self.margin = float(margin)
        self.other_margin = float(margin if other_margin is None else other_margin)
        self.budget = int(budget)
        self.moves = int(moves)
        self.reserve = int(reserve)
        self.max_packages = int(max_packages)
        self.min_gain = float(min_gain)
        self.info = float(info)
        self.cache = int(cache)
        self._game: Game | None = None
        self._scan: tuple[int, ...] = ()
        self._utils: dict[tuple[Any, ...], tuple[float, ...]] = {}
        self._values: dict[tuple[State, int, int], float] = {}
        self._info_acc: dict[tuple[int, int], float] = {}
        self.previews = 0
        """Preview calls made so far (all decisions)."""

    def __repr__(self) -> str:
        return (
            f"RulesBot(margin={self.margin}, other_margin={self.other_margin}, "
            f"budget={self.budget}, moves={self.moves}, reserve={self.reserve})"
        )

    # --- protocol ---------------------------------------------------------------------------

    def choose(self, game: Game, state: State, player: int, rng: random.Random) -> int:
        """A legal action for `player`, who is to act or answer in `state`."""
        legal = game.legal_actions(state)
        if not legal:
            raise ValueError("no legal action: the game is over")
        if self._game is not game:
            self._bind(game)
        if state.phase == PH_ANSWER:
            return self._answer(game, state, player, legal)
        if state.phase == PH_ACT:
            return self._act(game, state, player, legal)
        return legal[int(rng.random() * len(legal))]  # a chance node: not a bot's decision

    # --- decisions --------------------------------------------------------------------------

    def _answer(self, game: Game, state: State, player: int, legal: tuple[int, ...]) -> int:
        obs = game.observe(state, player)
        if game.utility(state, player, state.table) >= obs.own_reservation + self.margin:
            return _A_ACCEPT
        if game.package_of(legal[-1]) >= 0:  # a counter is legal
            pkg = self.best_package(game, state, player, obs, exclude=state.table)
            if pkg >= 0:
                return game.package_action(pkg)
        return _A_REJECT

    def _act(self, game: Game, state: State, player: int, legal: tuple[int, ...]) -> int:
        obs = game.observe(state, player)
        if state.acted < self.moves:
            move = self._best_move(game, state, player, legal, obs)
            if move >= 0:
                return move
        if game.package_of(legal[-1]) >= 0:  # tabling is legal
            pkg = self.best_package(game, state, player, obs)
            if pkg >= 0:
                return game.package_action(pkg)
        return _A_END

    def best_package(
        self, game: Game, state: State, player: int, obs: Observation, exclude: int = -1
    ) -> int:
        """The package with the best own utility among those that clear its own reservation
        level + margin and the other side's estimated level + other_margin; -1 if none."""
        if self._game is not game:
            self._bind(game)
        own = self._utilities(game, state, player)
        need_own = obs.own_reservation + self.margin
        need_other = obs.estimate + self.other_margin
        candidates = sorted(
            ((u, pkg) for u, pkg in zip(own, self._scan, strict=True) if u >= need_own),
            key=lambda x: (-x[0], x[1]),
        )
        # the other side's utility only for the packages it would table, best first
        best, best_u, best_v = -1, 0.0, 0.0
        for u, pkg in candidates:
            if best >= 0 and u < best_u:
                break
            if pkg == exclude:
                continue
            v = game.utility(state, 1 - player, pkg)
            if v >= need_other and (best < 0 or v > best_v):
                best, best_u, best_v = pkg, u, v
        return best

    def _best_move(
        self, game: Game, state: State, player: int, legal: tuple[int, ...], obs: Observation
    ) -> int:
        rules = game.rules
        info = rules.sides[player]
        cap = info.capital_meter
        capital = state.meters[cap] if cap >= 0 else 1 << 30
        candidates = [
            a
            for a in legal
            if (i := game.move_of(a)) >= 0 and capital - rules.moves[i].cost >= self.reserve
        ]
        if not candidates:
            return -1
        start = (state.turn * 7 + state.acted) % len(candidates)  # vary which moves are seen
        calls = 0
        best, best_score = -1, self.min_gain
        for j in range(len(candidates)):
            action = candidates[(start + j) % len(candidates)]
            key = (state, player, action)
            value = self._values.get(key)
            if value is None:
                if calls >= self.budget:
                    continue
                calls += 1
                value = self._move_value(game, state, player, action, obs)
                if len(self._values) >= self.cache:
                    self._values.clear()
                self._values[key] = value
            cost = rules.moves[game.move_of(action)].cost
            score = value / max(1, cost)
            if score > best_score:
                best, best_score = action, score
        return best

    def _move_value(
        self, game: Game, state: State, player: int, action: int, obs: Observation
    ) -> float:
        """Previewed gain of a move for `player`: meters that help it up, the other's down."""
        self.previews += 1
        pv = preview(game, state, action)
        meters = game.rules.meters
        own_cap = game.rules.sides[player].capital_meter
        other = 1 - player
        value = 0.0
        for line in pv.lines:
            if line.kind != "meter" or line.target == own_cap:
                continue
            m = meters[line.target]
            if m.helps == player:
                sign = 1.0
            elif m.helps == other:
                sign = -1.0
            else:
                continue
            value += sign * (line.expected - line.before) * 100.0 / max(1, m.hi - m.lo)
        value -= 100.0 * pv.p_end  # a move is no way to end the game
        acc = self._info_acc.get((player, action))
        if acc is None:
            move = game.rules.moves[game.move_of(action)]
            ops = move.effects + tuple(op for o in move.outcomes for op in o.effects)
            acc = _reveals_about(ops, other, player)
            self._info_acc[(player, action)] = acc
        if acc > 0.0 and len(obs.signals) < 2:
            value += self.info * obs.spread * acc
        return value

    # --- caches -----------------------------------------------------------------------------

    def _bind(self, game: Game) -> None:
        self._game = game
        n = len(game.rules.packages)
        if n <= self.max_packages:
            self._scan = tuple(range(n))
        else:
            self._scan = tuple(
                sorted({k * n // self.max_packages for k in range(self.max_packages)})
            )
        self._utils.clear()
        self._values.clear()
        self._info_acc.clear()

    def _utilities(self, game: Game, state: State, side: int) -> tuple[float, ...]:
        """Side's utility of each scanned package in the world of `state` (cached per world)."""
        key = (side, state.meters, state.flags, state.statuses, state.turn, state.table)
        cached = self._utils.get(key)
        if cached is None:
            utility = game.utility
            cached = tuple(utility(state, side, p) for p in self._scan)
            if len(self._utils) >= self.cache:
                self._utils.clear()
            self._utils[key] = cached
        return cached
