"""A rule-based negotiator that values states by the scenario's own endings.

    bot = RulesBot(margin=1.0, budget=24)
    action = bot.choose(game, state, player, rng)

What it reads: `game.observe(state, player)` (its own true reservation level and its belief about
the other side's flexibility), public information (utilities, meters, the reservation expressions
before the hidden flexibility, the endings' score expressions) and the engine's transitions. It
never reads `state.hidden`: chance draws whose odds depend on a hidden level (intelligence signals,
the other side's ratification) are resolved by its own belief, never by the engine's odds.

**State value** for side s (`value`): the no-deal score, `game.no_deal_returns(state)[s]` (what
the scenario's endings say the relationship is worth if talks ended now), plus the best deal
prospect: over packages p, `(deal score of p - no-deal score) * P(own home front ratifies p) *
P(other ratifies p | belief)`, where a home front ratifies with `logistic((utility - reservation)
/ softness)` and the other side's chance is averaged over the levels of the belief.

The deal score of a package is the score of the ending a deal on it reaches. Per decision the bot
scans every coherent package (`game.utilities`, vectorised and cached), keeps the plausible ones
(both ratification chances not negligible), scores them with their ending's score expression, and
keeps a shortlist of the best `shortlist`, whose deal scores it then computes exactly by playing
the deal out on the engine (on-deal effects included). Lookahead states are valued on the
shortlist only.

**Moves**: one-ply lookahead — each affordable move is applied and its chance draws resolved by
expectation (at most `budget` valued leaf states per decision); it makes the move with the best
value gain per unit of capital if that gain is positive (more than `min_gain` per unit), keeps
`reserve` capital unless a move is worth `splurge` per unit, and makes at most `moves` moves a part.

**Tabling**: the shortlisted package with the best expected value of tabling it — the other side
accepts with its estimated ratification chance, then both home fronts vote (a failed vote's
backlash included) — when that beats the no-deal score by `table_gain`; never the package it
tabled last time if that one was turned down (a small memo of its own last tabling).

**Answering**: accepts when its utility clears its own reservation level by `margin` and the
expected value of accepting (ratification risk and backlash included) beats rejecting (no-deal
score plus `hope` times its best prospect); else counters with its best package when countering
is legal and worth it; else rejects.

Deterministic: it draws no random numbers (the rng is only used at a chance node, which is not a
bot's decision). Caches are pure (keyed by everything the cached value depends on), so a warm bot
plays exactly like a fresh one.
"""

from __future__ import annotations

import math
import random
from dataclasses import fields, is_dataclass
from typing import Any

from game.engine import PH_ACT, PH_ANSWER, PH_CHANCE, PH_TERMINAL, Game, Observation, State
from game.engine.expr import FlagRef, MeterRef, StatusRef, names_used
from game.engine.observation import belief as bayes
from game.engine.transitions import W_RATIFY, W_REVEAL

_A_END, _A_ACCEPT, _A_REJECT = 0, 1, 2
_CACHE = 4096


def _logistic(x: float) -> float:
    if x < -700.0:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))


def _refs(node: Any, out: set[tuple[str, int]]) -> set[tuple[str, int]]:
    """The meters, flags and statuses an expression tree reads, as (kind, index) pairs."""
    if isinstance(node, MeterRef):
        out.add(("meter", node.index))
    elif isinstance(node, FlagRef):
        out.add(("flag", node.index))
    elif isinstance(node, StatusRef):
        out.add(("status", node.index))
    elif isinstance(node, tuple):
        for x in node:
            _refs(x, out)
    elif is_dataclass(node):
        for f in fields(node):
            _refs(getattr(node, f.name), out)
    return out


class _Projection:
    """The part of a world some expressions read: a cache key."""

    __slots__ = ("flag_mask", "meters", "statuses")

    def __init__(self, nodes: Any) -> None:
        refs = _refs(nodes, set())
        self.meters = tuple(sorted(i for k, i in refs if k == "meter"))
        self.flag_mask = sum(1 << i for k, i in refs if k == "flag")
        self.statuses = any(k == "status" for k, _ in refs)

    def key(self, st: Any) -> tuple[Any, ...]:
        m = st.meters
        return (
            tuple([m[i] for i in self.meters]),
            st.flags & self.flag_mask,
            st.statuses if self.statuses else (),
        )


class _Values:
    """One side's utilities (R7.1) computed fast: the option weights are evaluated once per
    world they depend on, the package sums are built issue by issue, and each term's set of
    packages is cached per world it reads. Equal to `game.utilities` (tested)."""

    def __init__(self, game: Game, side: int) -> None:
        m = game.machine
        r = game.rules
        values = r.sides[side].values
        self.game = game
        self.side = side
        self.proj = _Projection((values.weights, tuple((t.when, t.value) for t in values.terms)))
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
            self.terms.append((when, value, static, per_pkg, _Projection(term.when)))
        self.generic = any(
            names_used(node) & {"option", "utility"} for row in values.weights for node in row
        )
        self._weights: dict[tuple[Any, ...], list[list[float]]] = {}
        self._vectors: dict[tuple[Any, ...], tuple[float, ...]] = {}
        self._masks: dict[tuple[Any, ...], tuple[int, ...]] = {}

    def weights(self, st: Any, key: tuple[Any, ...]) -> list[list[float]]:
        w = self._weights.get(key)
        if w is None:
            w = [[float(f(st, None)) for f in row] for row in self.rows]
            if len(self._weights) >= _CACHE:
                self._weights.clear()
            self._weights[key] = w
        return w

    def vector(self, st: Any) -> tuple[float, ...]:
        """Utility of every package in the world of `st`, by package index."""
        if self.generic:
            return self.game.utilities(st, self.side)
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
                    self._masks[mkey] = mask
            if not mask:
                continue
            if per_pkg:
                for p in mask:
                    out[p] += float(value(st, packages[p]))
            else:
                v = float(value(st, packages[mask[0]]))
                for p in mask:
                    out[p] += v
        vec = tuple(out)
        if len(self._vectors) >= _CACHE:
            self._vectors.clear()
        self._vectors[key] = vec
        return vec

    def one(self, st: Any, p: int, key: tuple[Any, ...] | None = None) -> float:
        """Utility of package `p` in the world of `st` (`key`: its projection, if known)."""
        if self.generic:
            return self.game.utility(st, self.side, p)
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


class _DealEnv:
    """The world as an ending's score expression sees it after a deal (before on-deal effects)."""

    __slots__ = ("deadline", "deal", "flags", "meters", "statuses", "table", "turn")

    def __init__(self, s: State, pkg: int, deadline: bool) -> None:
        self.meters = s.meters
        self.flags = s.flags
        self.statuses = s.statuses
        self.turn = s.turn
        self.table = pkg
        self.deal = True
        self.deadline = deadline


class _Cand:
    """A shortlisted package, as seen from the decision state."""

    __slots__ = ("ending", "ev", "fix", "p_other", "pkg")

    def __init__(self, pkg: int, ending: int, fix: float, p_other: float, ev: float) -> None:
        self.pkg = pkg
        self.ending = ending
        self.fix = fix
        """Exact deal score minus the ending-expression estimate, at the decision state."""
        self.p_other = p_other
        self.ev = ev


class _View:
    """What one decision needs: the side, its belief and the package shortlist."""

    __slots__ = ("cands", "flex", "nd", "other", "prior", "root_signals", "side", "table_ev")

    def __init__(self, side: int, flex: float, prior: tuple[float, ...], signals: Any) -> None:
        self.side = side
        self.other = 1 - side
        self.flex = flex
        """Own hidden flexibility value (base reservation minus true reservation)."""
        self.prior = prior
        self.root_signals: tuple[tuple[int, float], ...] = signals
        self.nd = 0.0
        self.cands: list[_Cand] = []
        self.table_ev: dict[int, float] = {}


class RulesBot:
    """Values states by the endings' scores plus its deal prospects; one-ply move lookahead;
    tables and accepts packages both home fronts can likely ratify."""

    name = "rules"

    def __init__(
        self,
        margin: float = 1.0,
        budget: int = 24,
        moves: int = 2,
        reserve: int = 1,
        shortlist: int = 4,
        hope: float = 0.6,
        min_gain: float = 0.02,
        splurge: float = 0.5,
        table_gain: float = 0.1,
        window: float = 3.0,
    ) -> None:
        """Args:
        margin: utility above its own reservation level it asks before accepting.
        budget: valued leaf states per move decision (bounds the lookahead).
        moves: moves it makes at most in one part.
        reserve: capital it keeps unspent (unless a move is worth `splurge` per unit).
        shortlist: packages whose prospects the lookahead follows.
        hope: weight of its future prospects against a package on the table now.
        min_gain: least value gain per unit of capital worth a move.
        splurge: value gain per unit of capital that justifies spending the reserve.
        table_gain: least gain over the no-deal score worth tabling a package.
        window: packages more than `window * softness` below a side's reservation are ignored.
        """
        if budget < 0 or moves < 0 or shortlist < 1 or reserve < 0:
            raise ValueError("budget, moves, reserve >= 0; shortlist >= 1")
        self.margin = float(margin)
        self.budget = int(budget)
        self.moves = int(moves)
        self.reserve = int(reserve)
        self.shortlist = int(shortlist)
        self.hope = float(hope)
        self.min_gain = float(min_gain)
        self.splurge = float(splurge)
        self.table_gain = float(table_gain)
        self.window = float(window)
        self._game: Game | None = None
        self._values: tuple[_Values, ...] = ()
        self._score_proj: tuple[_Projection, ...] = ()
        self._ending_flags = 0
        self._views: dict[tuple[Any, ...], _View] = {}
        self._endings: dict[tuple[Any, ...], tuple[int, ...]] = {}
        self._reps: dict[int, int] = {}
        self._offsets: dict[tuple[Any, ...], float] = {}
        self._deals: dict[tuple[Any, ...], tuple[tuple[float, ...], int] | None] = {}
        self._fails: dict[tuple[Any, ...], float] = {}
        self._tabled: dict[int, dict[int, tuple[int, int, int, int]]] = {}
        self._plans: dict[int, dict[tuple[Any, ...], int]] = {}
        self.leaves = 0
        """Leaf states valued so far (all decisions)."""

    def __repr__(self) -> str:
        return (
            f"RulesBot(margin={self.margin}, budget={self.budget}, moves={self.moves}, "
            f"reserve={self.reserve}, shortlist={self.shortlist}, hope={self.hope})"
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

    def _act(self, game: Game, state: State, player: int, legal: tuple[int, ...]) -> int:
        obs = game.observe(state, player)
        if (
            state.acted < self.moves
            and self.budget > 0
            and len(legal) > 1
            and game.move_of(legal[1]) >= 0
        ):
            plan = self._plans.get(player) if state.acted else None
            planned = plan.get(_plan_key(state)) if plan is not None else None
            if planned is None:
                planned = self._plan(game, state, player, obs, legal)
            if planned >= 0 and planned in legal:
                return planned
        view = self.view(game, state, player, obs)
        if game.package_of(legal[-1]) >= 0:  # tabling is legal
            skip = self._rejected(state, player, obs.own_level)
            best, best_ev = -1, view.nd + self.table_gain
            for cand in view.cands:
                if cand.pkg == skip:
                    continue
                ev = self.table_value(game, state, view, cand)
                if ev > best_ev:
                    best, best_ev = cand.pkg, ev
            if best >= 0:
                memo = self._tabled.setdefault(player, {})
                for turn in [t for t in memo if t > state.turn]:  # another game's
                    del memo[turn]
                memo[state.turn] = (best, obs.own_level, state.used_game, state.fired)
                return game.package_action(best)
        return _A_END

    def _answer(self, game: Game, state: State, player: int, legal: tuple[int, ...]) -> int:
        obs = game.observe(state, player)
        view = self.view(game, state, player, obs)
        table = state.table
        u_own = self._values[player].vector(state)[table]
        ev_accept = -math.inf
        if u_own >= obs.own_reservation + self.margin:
            ev_accept = self.accept_value(game, state, view, table)
        ev_reject = view.nd + self.hope * max([0.0] + [c.ev for c in view.cands if c.pkg != table])
        counter, ev_counter = -1, view.nd + self.table_gain
        if game.package_of(legal[-1]) >= 0:  # a counter is legal
            for cand in view.cands:
                if cand.pkg == table:
                    continue
                ev = self.table_value(game, state, view, cand)
                if ev > ev_counter:
                    counter, ev_counter = cand.pkg, ev
        if ev_accept >= ev_reject and (counter < 0 or ev_accept >= ev_counter):
            return _A_ACCEPT
        if counter >= 0:
            return game.package_action(counter)
        return _A_REJECT

    def _rejected(self, state: State, player: int, own_level: int) -> int:
        """The package this side last tabled at an earlier turn of this game (so it was turned
        down or failed at home), or -1. Entries of other games are recognised and ignored."""
        memo = self._tabled.get(player)
        earlier = [t for t in memo if t < state.turn] if memo else []
        if not earlier:
            return -1
        pkg, level, used, fired = memo[max(earlier)]  # type: ignore[index]
        if level != own_level or used & ~state.used_game or fired & ~state.fired:
            return -1
        return pkg

    # --- moves ------------------------------------------------------------------------------

    def _plan(
        self, game: Game, state: State, player: int, obs: Observation, legal: tuple[int, ...]
    ) -> int:
        """Value every affordable move by one-ply lookahead, and plan the part's moves: the best
        by gain per unit of capital, then the next best that is still affordable, up to
        `moves`. Returns the first (-1: none); the rest is remembered for the states the
        first leads to (keyed by turn, part, moves made), a plan that is re-made at every
        part's first decision, so a warm bot plays like a fresh one."""
        rules = game.rules
        view = self.view(game, state, player, obs)
        cap = rules.sides[player].capital_meter
        capital = state.meters[cap] if cap >= 0 else 1 << 30
        moves = [a for a in legal if game.move_of(a) >= 0]
        base = self.value(game, state, view)
        left = [self.budget]
        scored = []
        start = (state.turn * 7 + state.acted) % len(moves)  # who is cut when the budget is short
        for j in range(len(moves)):
            if left[0] <= 0:
                break
            action = moves[(start + j) % len(moves)]
            cost = rules.moves[game.move_of(action)].cost
            value = self._expect(game, game.apply(state, action), view, left)
            score = (value - base) / max(1, cost)
            if score > self.min_gain:
                scored.append((-score, action, cost))
        scored.sort()
        plan: list[int] = []
        for neg, action, cost in scored:
            if len(plan) >= self.moves - state.acted:
                break
            if capital - cost < self.reserve and -neg < self.splurge:
                continue
            if capital < cost:
                continue
            plan.append(action)
            capital -= cost
        memo: dict[tuple[Any, ...], int] = {}
        key = _plan_key(state)
        used = state.used_turn
        for i, action in enumerate(plan):
            used |= 1 << game.move_of(action)
            key = (key[0], key[1], key[2] + 1, used, key[4], key[5])
            memo[key] = plan[i + 1] if i + 1 < len(plan) else -1
        self._plans[player] = memo
        return plan[0] if plan else -1

    def _expect(self, game: Game, state: State, view: _View, left: list[int]) -> float:
        """Expected value of `state` for the deciding side, chance resolved by expectation."""
        if state.phase == PH_TERMINAL:
            return game.returns(state)[view.side]
        if state.phase != PH_CHANCE or left[0] <= 1:
            left[0] -= 1
            return self.value(game, state, view)
        head = state.queue[0]
        if head[0] == W_REVEAL and head[2] == view.side:
            outcomes = self._signal_odds(game, state, view, head[3])
        elif head[0] in (W_REVEAL, W_RATIFY):  # odds that depend on hidden levels
            left[0] -= 1
            return self.value(game, state, view)
        else:
            outcomes = game.chance_outcomes(state)
        total = 0.0
        for action, p in outcomes:
            if p > 0.0:
                total += p * self._expect(game, game.apply(state, action), view, left)
        return total

    def _signal_odds(
        self, game: Game, state: State, view: _View, accuracy: float
    ) -> tuple[tuple[int, float], ...]:
        """Odds of each signal about the other side under this side's belief (never the truth)."""
        b = bayes(view.prior, state.signals[view.side])
        n = len(b)
        base = game.machine.chance_base
        if n == 1:
            return ((base, 1.0),)
        miss = (1.0 - accuracy) / (n - 1)
        return tuple(
            (base + j, sum(bl * (accuracy if j == lv else miss) for lv, bl in enumerate(b)))
            for j in range(n)
        )

    # --- values -----------------------------------------------------------------------------

    def value(self, game: Game, state: State, view: _View) -> float:
        """Heuristic value of a state for the deciding side: the no-deal score plus its best
        deal prospect over the shortlist."""
        self.leaves += 1
        s, o = view.side, view.other
        nd = game.no_deal_returns(state)[s]
        if not view.cands:
            return nd
        m = game.machine
        rules = game.rules
        soft = rules.softness
        res_own = m.base_reservation(s, state) - view.flex
        base_other = m.base_reservation(o, state)
        sigs = state.signals[s]
        if len(sigs) > len(view.root_signals):
            # only signals of accuracy < 1 were drawn by this side's own odds (see _expect)
            sigs = view.root_signals + tuple(x for x in sigs[len(view.root_signals) :] if x[1] < 1)
        b = bayes(view.prior, sigs)
        levels = rules.sides[o].flex_levels
        res_other = [(bl, base_other - lv.value) for bl, lv in zip(b, levels, strict=True) if bl]
        lo, hi = rules.score_min, rules.score_max
        own, other = self._values[s], self._values[o]
        k_own, k_other = own.proj.key(state), other.proj.key(state)
        offsets: dict[int, float] = {}
        best = 0.0
        for cand in view.cands:
            p = cand.pkg
            u_own = own.one(state, p, k_own)
            off = offsets.get(cand.ending)
            if off is None:
                off = offsets[cand.ending] = self._offset(game, state, cand.ending, s, k_own)
            gain = min(hi, max(lo, u_own + off)) + cand.fix - nd
            if gain <= best:
                continue
            u_other = other.one(state, p, k_other)
            gain *= _logistic((u_own - res_own) / soft) * sum(
                bl * _logistic((u_other - r) / soft) for bl, r in res_other
            )
            if gain > best:
                best = gain
        return nd + best

    def view(self, game: Game, state: State, player: int, obs: Observation) -> _View:
        """The decision's view: no-deal score and the shortlist of packages, best first."""
        if self._game is not game:
            self._bind(game)
        key = (player, obs.own_level, obs.belief, state.meters, state.flags, state.statuses,
               state.turn)  # fmt: skip
        view = self._views.get(key)
        if view is not None:
            return view
        rules = game.rules
        m = game.machine
        s, o = player, 1 - player
        soft = rules.softness
        view = _View(
            s,
            m.base_reservation(s, state) - obs.own_reservation,
            tuple(lv.p for lv in rules.sides[o].flex_levels),
            state.signals[s],
        )
        nd = view.nd = game.no_deal_returns(state)[s]
        u_own = self._values[s].vector(state)
        u_other = self._values[o].vector(state)
        res_own = obs.own_reservation
        base_other = m.base_reservation(o, state)
        res_other = [
            (bl, base_other - lv.value)
            for bl, lv in zip(obs.belief, rules.sides[o].flex_levels, strict=True)
            if bl > 1e-12
        ]
        low_own = res_own - self.window * soft
        low_other = min(r for _, r in res_other) - self.window * soft
        lo, hi = rules.score_min, rules.score_max
        k_own = self._values[s].proj.key(state)
        endings = self._endings_of(game, state)
        offsets: dict[int, float] = {}
        rough: list[tuple[float, int, int]] = []
        for p, (us, uo) in enumerate(zip(u_own, u_other, strict=True)):
            if us < low_own or uo < low_other:
                continue
            e = endings[p]
            off = offsets.get(e)
            if off is None:
                off = offsets[e] = self._offset(game, state, e, s, k_own)
            gain = min(hi, max(lo, us + off)) - nd
            if gain <= 0.0:
                continue
            p_own = _logistic((us - res_own) / soft)
            p_other = sum(bl * _logistic((uo - r) / soft) for bl, r in res_other)
            rough.append((-gain * p_own * p_other, p, e))
        rough.sort()
        cands = []
        for _, p, e in rough[: self.shortlist]:
            estimate = min(hi, max(lo, u_own[p] + offsets[e]))
            exact = self._deal(game, state, p)
            deal = estimate if exact is None else exact[0][s]
            p_own = _logistic((u_own[p] - res_own) / soft)
            p_other = sum(bl * _logistic((u_other[p] - r) / soft) for bl, r in res_other)
            ev = (deal - nd) * p_own * p_other
            if ev > 0.0:
                cands.append(_Cand(p, e, deal - estimate, p_other, ev))
        cands.sort(key=lambda c: (-c.ev, c.pkg))
        view.cands = cands
        if len(self._views) >= _CACHE:
            self._views.clear()
        self._views[key] = view
        return view

    def accept_value(self, game: Game, state: State, view: _View, pkg: int) -> float:
        """Expected score for the deciding side if `pkg` were accepted now: both home fronts
        vote (first side first), a failed vote brings that side's backlash."""
        s, o = view.side, view.other
        soft = game.rules.softness
        m = game.machine
        u_own = self._values[s].vector(state)[pkg]
        u_other = self._values[o].vector(state)[pkg]
        p_own = _logistic((u_own - (m.base_reservation(s, state) - view.flex)) / soft)
        b = bayes(view.prior, state.signals[s])
        base_other = m.base_reservation(o, state)
        levels = game.rules.sides[o].flex_levels
        p_other = sum(
            bl * _logistic((u_other - (base_other - lv.value)) / soft)
            for bl, lv in zip(b, levels, strict=True)
        )
        exact = self._deal(game, state, pkg)
        if exact is None:
            return view.nd
        deal = exact[0][s]
        fail_first = self._failure(game, state, pkg, 0, s)
        fail_second = self._failure(game, state, pkg, 1, s)
        p_first, p_second = (p_own, p_other) if s == 0 else (p_other, p_own)
        return (
            p_first * p_second * deal
            + (1.0 - p_first) * fail_first
            + p_first * (1.0 - p_second) * fail_second
        )

    def table_value(self, game: Game, state: State, view: _View, cand: _Cand) -> float:
        """Expected score of tabling a shortlisted package: the other side accepts with its
        estimated chance of ratifying it, else the talks go on as they are."""
        ev = view.table_ev.get(cand.pkg)
        if ev is None:
            accepted = self.accept_value(game, state, view, cand.pkg)
            ev = cand.p_other * accepted + (1.0 - cand.p_other) * view.nd
            view.table_ev[cand.pkg] = ev
        return ev

    # --- engine helpers (public transitions only) -------------------------------------------

    def _offset(
        self, game: Game, state: State, ending: int, side: int, util_key: tuple[Any, ...]
    ) -> float:
        """A deal's score minus the side's utility of the package, for a deal reaching
        `ending` (exact when the ending's score expression is utility plus terms)."""
        deadline = state.turn >= game.rules.num_turns
        key = (ending, side, self._score_proj[ending].key(state), deadline, util_key)
        off = self._offsets.get(key)
        if off is None:
            rep = self._reps[ending]
            pkg = game.rules.packages[rep]
            fn = game.machine.ending_scores[ending][side]
            off = float(fn(_DealEnv(state, rep, deadline), pkg)) - self._values[side].one(
                state, rep, util_key
            )
            if len(self._offsets) >= _CACHE:
                self._offsets.clear()
            self._offsets[key] = off
        return off

    def _deal(self, game: Game, state: State, pkg: int) -> tuple[tuple[float, ...], int] | None:
        """(returns, ending) of a ratified deal on `pkg` now, played out on the engine; None
        when a home front cannot ratify it at all."""
        key = (pkg, state.meters, state.flags, state.statuses, state.turn)
        if key in self._deals:
            return self._deals[key]
        out = None
        s = self._ratify(game, state, pkg, fail=-1)
        if s.phase == PH_TERMINAL and s.table == pkg:
            out = (game.returns(s), s.ending)
        if len(self._deals) >= _CACHE:
            self._deals.clear()
        self._deals[key] = out
        return out

    def _failure(self, game: Game, state: State, pkg: int, fails: int, side: int) -> float:
        """Side's no-deal score after home front `fails` turned `pkg` down (its backlash
        applied, the talks going on)."""
        key = (pkg, fails, side, state.meters, state.flags, state.statuses, state.turn)
        out = self._fails.get(key)
        if out is None:
            s = self._ratify(game, state, pkg, fail=fails)
            if s.phase == PH_TERMINAL:
                out = game.returns(s)[side]
            else:
                out = game.no_deal_returns(s)[side]
            if len(self._fails) >= _CACHE:
                self._fails.clear()
            self._fails[key] = out
        return out

    def _ratify(self, game: Game, state: State, pkg: int, fail: int) -> State:
        """`pkg` tabled, accepted and voted on with chosen outcomes: side `fail`'s home front
        refuses (-1: both ratify). A vote whose odds are 0 or 1 is no chance node: the engine
        settles it, so the result may differ from the wish (callers check)."""
        base = game.machine.chance_base
        s = game.apply(state, game.package_action(pkg))
        s = game.apply(s, _A_ACCEPT)
        while s.phase == PH_CHANCE and s.queue[0][0] == W_RATIFY:
            # a vote that stops at a chance node can go either way (both odds are positive)
            refuse = s.queue[0][1] == fail
            s = game.apply(s, base + (1 if refuse else 0))
            if refuse:
                break
        return s

    def _endings_of(self, game: Game, state: State) -> tuple[int, ...]:
        """Ending a deal on each package reaches, played out once per package on the engine
        (cached by the flags the endings read and the territory statuses)."""
        key = (state.flags & self._ending_flags, state.statuses)
        out = self._endings.get(key)
        if out is None:
            fallback = len(game.rules.endings) - 1
            ends = []
            for p in range(len(game.rules.packages)):
                s = self._ratify(game, state, p, fail=-1)
                e = s.ending if s.phase == PH_TERMINAL and s.table == p else fallback
                ends.append(e)
                self._reps.setdefault(e, p)
            out = self._endings[key] = tuple(ends)
        return out

    def _bind(self, game: Game) -> None:
        self._game = game
        self._values = tuple(_Values(game, side) for side in range(len(game.rules.sides)))
        self._score_proj = tuple(_Projection(e.scores) for e in game.rules.endings)
        self._ending_flags = _Projection(tuple(e.when for e in game.rules.endings)).flag_mask
        for cache in (self._views, self._endings, self._reps, self._offsets, self._deals,
                      self._fails, self._tabled, self._plans):  # fmt: skip
            cache.clear()


def _plan_key(state: State) -> tuple[Any, ...]:
    """Where in a part a state is: turn, part, moves made, moves made this turn, and marks of
    the game it belongs to."""
    return (state.turn, state.part, state.acted, state.used_turn, state.used_game, state.fired)
