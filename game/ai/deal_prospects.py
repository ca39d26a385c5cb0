"""How a rules bot values states and packages for the side deciding: its deal prospects.

`DealProspects` builds a decision's view (`view`: the no-deal score and a shortlist of packages
both home fronts may ratify, best first), values lookahead states on that shortlist (`value`),
and prices accepting or tabling a package (`accept_value`, `table_value`). Deal scores are found
by playing the deal out on the engine's public transitions (`_deal`, `_failure`, `_endings_of`).
It never reads the hidden state: the other side's ratification is averaged over its own belief.
Every cache is keyed by everything its value depends on, so a warm instance values like a fresh one.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Hashable, Sequence
from typing import Any, TypeVar, cast

from game.engine import (
    A_ACCEPT,
    A_END,
    A_REJECT,
    PH_CHANCE,
    PH_TERMINAL,
    Game,
    Observation,
    State,
    decay_step,
    ratification_odds,
)
from game.engine import belief as bayes

__all__ = [
    "A_ACCEPT",
    "A_END",
    "A_REJECT",
    "Candidate",
    "DealProspects",
    "DecisionView",
    "at_least",
    "by_utility",
    "decay_course",
    "decay_courses",
    "decayed",
    "decayed_meters",
]

_T = TypeVar("_T", bound=dict[Any, Any])

CACHE_SIZE = 4096
"""Entries a cache holds before it is emptied."""
SHARED_SIZE = 2 * CACHE_SIZE
"""Entries a cache shared by the bots of a game holds before it is emptied (larger tables read
faster alone, but every full pass of the cycle collector walks them: measured no faster in the
benchmark's process, where hard's search has filled them)."""


class Candidate:
    """A shortlisted package, as seen from the decision state."""

    __slots__ = ("ending", "ev", "fix", "fix_other", "p_other", "pkg")

    def __init__(
        self, pkg: int, ending: int, fix: float, p_other: float, ev: float, fix_other: float = 0.0
    ) -> None:
        self.pkg = pkg
        self.ending = ending
        self.fix = fix
        """Exact deal score minus the ending-expression estimate, at the decision state."""
        self.p_other = p_other
        """Chance the other side agrees to the deal and its home front ratifies it."""
        self.ev = ev
        self.fix_other = fix_other
        """The same correction for the other side's deal score."""


class _Frame:
    """What `DealProspects.value` remembers of one world for one side `s` (see there)."""

    __slots__ = ("base", "keys", "offsets", "reservations", "vectors")

    def __init__(self, base: float, own: Sequence[float]) -> None:
        self.base = base
        """Side `s`'s base reservation."""
        self.vectors: list[Sequence[float] | None] = [own, None]
        """`game.utilities` of side `s`, then of the other side (read once per world)."""
        self.keys: dict[int, Hashable] = {}
        """side -> `game.utility_key`; ~ending - 1 -> `game.score_key` (read once per world)."""
        self.reservations: dict[tuple[float, ...], tuple[tuple[float, float], ...]] = {}
        self.offsets: tuple[dict[int, float], dict[int, float]] = ({}, {})
        """Per side (`s`, then the other): ending -> `DealProspects._offset`."""


class DecisionView:
    """What one decision needs: the side, its belief and the package shortlist."""

    __slots__ = (
        "cands", "flex", "meters", "nd", "other", "prior", "root_signals", "side", "table_ev",
    )  # fmt: skip

    def __init__(self, side: int, flex: float, prior: tuple[float, ...], signals: Any) -> None:
        self.side = side
        self.other = 1 - side
        self.flex = flex
        """Own hidden flexibility value (base reservation minus true reservation)."""
        self.prior = prior
        self.root_signals: tuple[tuple[int, float], ...] = signals
        self.nd = 0.0
        self.cands: list[Candidate] = []
        self.table_ev: dict[int, float] = {}
        self.meters: tuple[int, ...] = ()
        """The meters of the state decided in (the negotiator anchors its projection there)."""


class DealProspects:
    """Values states and packages for the deciding side, with pure caches (see the module).

    Args:
        shortlist: packages whose prospects the lookahead follows.
        window: packages more than `window * softness` below a side's reservation are ignored.
    """

    def __init__(self, shortlist: int, window: float) -> None:
        self.shortlist = shortlist
        self.window = window
        self._game: Game | None = None
        self._views: dict[tuple[Any, ...], DecisionView] = {}
        self._endings: dict[Hashable, tuple[int, ...]] = {}
        self._reps: dict[int, int] = {}
        self._offsets: dict[tuple[Any, ...], float] = {}
        """`_offset` (shared by every bot of the process per game: `_bind`)."""
        self._frames: dict[tuple[Any, ...], _Frame] = {}
        self._deals: dict[tuple[Any, ...], tuple[tuple[float, ...], int] | None] = {}
        """`_deal` (shared by every bot of the process per game: `_bind`)."""
        self._fails: dict[tuple[Any, ...], tuple[float, ...]] = {}
        """`_failure` (shared by every bot of the process per game: `_bind`)."""
        self._nd: dict[tuple[Any, ...], tuple[float, ...]] = {}
        """`no_deal` (shared by every bot of the process per game: `_bind`)."""
        self._bayes: dict[tuple[Any, ...], tuple[float, ...]] = {}
        self.leaves = 0
        """Leaf states valued so far (all decisions)."""

    # --- values -----------------------------------------------------------------------------

    def value(self, game: Game, state: State, view: DecisionView) -> float:
        """Heuristic value of a state for the deciding side: the no-deal score it is heading
        for (`no_deal`) plus its best deal prospect over the shortlist, each prospect weighted
        by both ratification chances and by the chance the other side wants the deal at all
        (its deal score against its own no-deal score, the one ratification formula)."""
        return self.value_on(game, state, view, self.no_deal(game, state))

    def value_on(
        self, game: Game, state: State, view: DecisionView, nds: tuple[float, ...]
    ) -> float:
        """`value`, given the state's no-deal scores (`no_deal`) when the caller has them."""
        self.leaves += 1
        s, o = view.side, view.other
        nd = nds[s]
        if not view.cands:
            return nd
        nd_o = nds[o]
        rules = game.rules
        soft, below = rules.softness, rules.softness_below
        # what this world gives every view of side `s`: its base reservation, the other side's
        # reservations per belief, and the shortlisted packages' utilities and offsets;
        # keyed by everything the reservation expressions and the terms read
        world = (s, state.meters, state.flags, state.statuses, state.turn, state.table,
                 state.refusals)  # fmt: skip
        frame = self._frames.get(world)
        if frame is None:
            if len(self._frames) >= CACHE_SIZE:
                self._frames.clear()
            frame = self._frames[world] = _Frame(
                game.base_reservation(state, s), game.utilities(state, s)
            )
        r_own = frame.base - view.flex
        sigs = state.signals[s]
        if len(sigs) > len(view.root_signals):
            # only signals of accuracy < 1 were drawn by this side's own odds (see _expect)
            sigs = view.root_signals + tuple(x for x in sigs[len(view.root_signals) :] if x[1] < 1)
        key = (view.prior, sigs)
        belief = self._bayes.get(key)
        if belief is None:
            if len(self._bayes) >= CACHE_SIZE:
                self._bayes.clear()
            belief = self._bayes[key] = bayes(view.prior, sigs)
        res_other = frame.reservations.get(belief)
        if res_other is None:
            res_other = frame.reservations[belief] = game.reservations(state, o, belief)
        own_vector = frame.vectors[0]
        assert own_vector is not None
        own_offsets, other_offsets = frame.offsets
        other_vector = frame.vectors[1]
        lo, hi = rules.score_min, rules.score_max
        steep = soft if below is None else below
        exp = math.exp
        best = 0.0
        for cand in view.cands:
            # a package's terms: its utility and estimated deal score (the utility plus the
            # ending's offset, clamped to the scores' range: `_offset`) for each side
            e, pkg = cand.ending, cand.pkg
            off = own_offsets.get(e)
            if off is None:
                off = own_offsets[e] = self._frame_offset(game, state, frame, e, s)
            u_own = own_vector[pkg]
            gain = min(hi, max(lo, u_own + off)) + cand.fix - nd
            if gain <= best:
                continue
            if other_vector is None:
                other_vector = frame.vectors[1] = game.utilities(state, o)
            off = other_offsets.get(e)
            if off is None:
                off = other_offsets[e] = self._frame_offset(game, state, frame, e, o)
            u_other = other_vector[pkg]
            deal_other = min(hi, max(lo, u_other + off)) + cand.fix_other
            # `ratification_odds` of one known level written out (its operations: p * 1.0 is
            # p), for the own home front and the other side's want of the deal
            x = (u_own - r_own) / (soft if u_own >= r_own else steep)
            p_own = 0.0 if x < -700 else 1.0 / (1.0 + exp(-x))
            p_home = ratification_odds(u_other, res_other, soft, below)
            x = (deal_other - nd_o) / (soft if deal_other >= nd_o else steep)
            p_wants = 0.0 if x < -700 else 1.0 / (1.0 + exp(-x))
            gain *= p_own * p_home * p_wants
            if gain > best:
                best = gain
        return nd + best

    def _frame_offset(
        self, game: Game, state: State, frame: _Frame, ending: int, side: int
    ) -> float:
        """`_offset` of a deal reaching `ending` for `side` in the world of `state` (`frame`'s),
        its utility and score keys read once per world."""
        keys = frame.keys
        key = keys.get(side)
        if key is None:
            key = keys[side] = game.utility_key(state, side)
        score_key = keys.get(~ending - 1)
        if score_key is None:
            score_key = keys[~ending - 1] = game.score_key(state, ending)
        return self._offset(game, state, ending, side, key, score_key)

    def view(self, game: Game, state: State, player: int, obs: Observation) -> DecisionView:
        """The decision's view: no-deal score and the shortlist of packages, best first."""
        if self._game is not game:
            self._bind(game)
        prior = self.prior(game, state, player)
        key = (player, obs.own_level, obs.belief, prior, state.meters, state.flags,
               state.statuses, state.turn)  # fmt: skip
        view = self._views.get(key)
        if view is not None:
            return view
        rules = game.rules
        s, o = player, 1 - player
        soft, below = rules.softness, rules.softness_below
        view = DecisionView(
            s, game.base_reservation(state, s) - obs.own_reservation, prior, state.signals[s]
        )
        view.meters = state.meters
        belief = obs.belief if prior == _prior(game, o) else bayes(prior, state.signals[s])
        nds = self.no_deal(game, state)
        nd = view.nd = nds[s]
        nd_other = ((1.0, nds[o]),)
        u_own = game.utilities(state, s)
        u_other = game.utilities(state, o)
        res_own = obs.own_reservation
        res_own_levels = ((1.0, res_own),)
        res_other = [(bl, r) for bl, r in game.reservations(state, o, belief) if bl > 1e-12]
        low_own = res_own - self.window * soft
        low_other = min(r for _, r in res_other) - self.window * soft
        lo, hi = rules.score_min, rules.score_max
        k_own = game.utility_key(state, s)
        k_other = game.utility_key(state, o)
        endings = self._endings_of(game, state)
        offsets: dict[int, tuple[float, float]] = {}
        rough: list[tuple[float, int, int]] = []
        own_odds: dict[float, float] = {}
        other_odds: dict[float, float] = {}
        wants_odds: dict[float, float] = {}
        # only the packages neither side puts below its low mark: those of the side that
        # leaves fewer, found by bisection (the order they are met in does not matter: `rough`
        # is sorted, the odds are remembered by value)
        mine = at_least(u_own, low_own)
        theirs = at_least(u_other, low_other)
        for p in mine if len(mine) <= len(theirs) else theirs:
            us = u_own[p]
            uo = u_other[p]
            if us < low_own or uo < low_other:
                continue
            e = endings[p]
            off = offsets.get(e)
            if off is None:
                off = offsets[e] = (
                    self._offset(game, state, e, s, k_own),
                    self._offset(game, state, e, o, k_other),
                )
            # min(hi, max(lo, x)) and `ratification_odds` written out (the same operations:
            # this loop runs over every package at every decision)
            x = us + off[0]
            x = x if x > lo else lo
            gain = (x if x < hi else hi) - nd
            if gain <= 0.0:
                continue
            # many packages share a utility: each chance is worked out once per value
            p_own = own_odds.get(us)
            if p_own is None:
                p_own = own_odds[us] = ratification_odds(us, ((1.0, res_own),), soft, below)
            p_home = other_odds.get(uo)
            if p_home is None:
                p_home = other_odds[uo] = ratification_odds(uo, res_other, soft, below)
            x = uo + off[1]
            x = x if x > lo else lo
            deal_other = x if x < hi else hi
            p_wants = wants_odds.get(deal_other)
            if p_wants is None:
                p_wants = wants_odds[deal_other] = ratification_odds(
                    deal_other, nd_other, soft, below
                )
            p_other = p_home * p_wants
            rough.append((-gain * p_own * p_other, p, e))
        rough.sort()
        cands = []
        for _, p, e in rough[: self.shortlist]:
            estimate = min(hi, max(lo, u_own[p] + offsets[e][0]))
            estimate_other = min(hi, max(lo, u_other[p] + offsets[e][1]))
            exact = self._deal(game, state, p)
            deal = estimate if exact is None else exact[0][s]
            deal_other = estimate_other if exact is None else exact[0][o]
            p_own = ratification_odds(u_own[p], res_own_levels, soft, below)
            p_other = ratification_odds(u_other[p], res_other, soft, below) * ratification_odds(
                deal_other, nd_other, soft, below
            )
            ev = (deal - nd) * p_own * p_other
            if ev > 0.0:
                cands.append(
                    Candidate(p, e, deal - estimate, p_other, ev, deal_other - estimate_other)
                )
        cands.sort(key=lambda c: (-c.ev, c.pkg))
        view.cands = cands
        if len(self._views) >= CACHE_SIZE:
            self._views.clear()
        self._views[key] = view
        return view

    def no_deal(self, game: Game, state: State) -> tuple[float, ...]:
        """The no-deal scores the talks are heading for: `game.no_deal_returns` read on the
        meters as they will stand at the deadline if nothing more is done (the meters that
        decay back to rest are moved back turn by turn as the engine does), so a gain that
        wears off counts for what is left of it when a no-deal ending is scored."""
        # what the decay and `game.no_deal_returns` read (its ending world: `EndingEnv`)
        key = (state.meters, state.flags, state.statuses, state.turn, state.table)
        out = self._nd.get(key)
        if out is None:
            out = game.no_deal_returns(decayed(game, state, game.rules.num_turns - state.turn))
            if len(self._nd) >= SHARED_SIZE:
                self._nd.clear()
            self._nd[key] = out
        return out

    def prior(self, game: Game, state: State, player: int) -> tuple[float, ...]:
        """The deciding side's belief about the other's level before its signals: the scenario's
        prior here; a bot that reads the public history of offers puts it in."""
        return _prior(game, 1 - player)

    def accept_value(self, game: Game, state: State, view: DecisionView, pkg: int) -> float:
        """Expected score for the deciding side if `pkg` were accepted now: both home fronts
        vote (first side first), a failed vote brings that side's backlash."""
        s, o = view.side, view.other
        soft, below = game.rules.softness, game.rules.softness_below
        u_own = game.utilities(state, s)[pkg]
        p_own = ratification_odds(
            u_own, ((1.0, game.base_reservation(state, s) - view.flex),), soft, below
        )
        if game.refused_before(state, s, pkg):
            p_own = 0.0
        p_other = game.ratify_odds(state, o, pkg, bayes(view.prior, state.signals[s]))
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

    def table_value(self, game: Game, state: State, view: DecisionView, cand: Candidate) -> float:
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
        self,
        game: Game,
        state: State,
        ending: int,
        side: int,
        util_key: Hashable,
        score_key: Hashable = None,
    ) -> float:
        """A deal's score minus the side's utility of the package, for a deal reaching
        `ending` (exact when the ending's score expression is utility plus terms), read on a
        package fixed per game (see `_bind`), so it never depends on what was valued before.
        (`score_key`: `game.score_key(state, ending)`, if the caller has it.)"""
        rep = self._reps.get(ending, 0)
        deadline = state.turn >= game.rules.num_turns
        if score_key is None:
            score_key = game.score_key(state, ending)
        key = (ending, side, rep, score_key, deadline, util_key)
        off = self._offsets.get(key)
        if off is None:
            off = game.ending_score(state, ending, side, rep) - game.utility(state, side, rep)
            if len(self._offsets) >= SHARED_SIZE:
                self._offsets.clear()
            self._offsets[key] = off
        return off

    def _deal(self, game: Game, state: State, pkg: int) -> tuple[tuple[float, ...], int] | None:
        """(returns, ending) of a ratified deal on `pkg` now, played out on the engine; None
        when a home front cannot ratify it at all."""
        # the votes read the home fronts' refusals (their price rises, a package no better
        # than one refused fails at once), so they are in the key with the world
        key = (pkg, state.meters, state.flags, state.statuses, state.turn, state.refusals,
               state.refused)  # fmt: skip
        if key in self._deals:
            return self._deals[key]
        out = None
        deal = game.deal_outcome(state, pkg)
        if deal is not None:
            out = (deal.returns, deal.ending)
        if len(self._deals) >= SHARED_SIZE:
            self._deals.clear()
        self._deals[key] = out
        return out

    def _failure(self, game: Game, state: State, pkg: int, fails: int, side: int) -> float:
        """Side's no-deal score after home front `fails` turned `pkg` down (its backlash
        applied, the talks going on)."""
        # the backlash is applied once for each refusal so far when it grows: refusals in the key;
        # every side's score is kept (both sides price the same failed vote: the one tabling
        # and the one answering)
        key = (pkg, fails, state.meters, state.flags, state.statuses, state.turn,
               state.refusals, state.refused)  # fmt: skip
        out = self._fails.get(key)
        if out is None:
            s = game.settle(state, pkg, refused_by=fails)
            out = game.returns(s) if s.phase == PH_TERMINAL else self.no_deal(game, s)
            if len(self._fails) >= SHARED_SIZE:
                self._fails.clear()
            self._fails[key] = out
        return out[side]

    def _endings_of(self, game: Game, state: State) -> tuple[int, ...]:
        """Ending a deal on each package reaches, played out once per package on the engine
        (cached by the flags the endings read and the territory statuses)."""
        key = game.ending_key(state)
        out = self._endings.get(key)
        if out is None:
            fallback = len(game.rules.endings) - 1
            ends = []
            for p in range(len(game.rules.packages)):
                s = game.settle(state, p)
                e = s.ending if s.phase == PH_TERMINAL and s.table == p else fallback
                ends.append(e)
            out = self._endings[key] = tuple(ends)
        return out

    def _bind(self, game: Game) -> None:
        """Value states of `game` from now on: the utilities and projections are built for it
        and every cache is emptied."""
        self._game = game
        self._endings = _shared_endings(game)
        # pure functions of the game and their keys, whoever asks: shared, so a fresh bot (a
        # batch makes one per side and game; `hard` holds four negotiators) starts warm
        self._offsets = _shared(_OFFSETS, game)
        self._nd = _shared(_NO_DEALS, game)
        # the deals and failed votes played out on the engine, likewise (paired playouts, the
        # two sides of a game and the next decision's lookahead meet the same worlds)
        self._deals = _shared(_DEALS, game)
        self._fails = _shared(_FAILS, game)
        caches = (
            self._views,
            self._reps,
            self._frames,
            self._bayes,
        )
        for cache in caches:
            cache.clear()
        # the package each ending's offset is read on: the first reaching it from the start
        start = game.new_initial_state()
        while start.phase == PH_CHANCE:  # a state a package can be settled on
            start = game.apply(start, game.chance_outcomes(start)[0][0])
        for p, e in enumerate(self._endings_of(game, start)):
            self._reps.setdefault(e, p)


_BY_VALUE: dict[
    int,
    tuple[Sequence[float], tuple[float, ...] | None, tuple[int, ...], dict[Hashable, Any]],
] = {}
"""Utility vector (by identity, held so its id stays its own) -> `by_utility`."""
BY_VALUE_SIZE = 64
"""Vectors `by_utility` remembers before it forgets them all."""


def by_utility(
    utilities: Sequence[float],
) -> tuple[tuple[float, ...] | None, tuple[int, ...], dict[Hashable, Any]]:
    """A utility vector's values in ascending order (None when one is NaN), its packages by
    falling utility (in package order when one is NaN), and a memo kept with them for what a
    caller derives from the vector alone; remembered while the vector is (by identity)."""
    found = _BY_VALUE.get(id(utilities))
    if found is None or found[0] is not utilities:
        if len(_BY_VALUE) >= BY_VALUE_SIZE:
            _BY_VALUE.clear()
        n = len(utilities)
        nan = any(u != u for u in utilities)
        values = None if nan else tuple(sorted(utilities))
        # by falling utility, ties in package order (a sort in reverse stays stable)
        order = (
            tuple(sorted(range(n), key=utilities.__getitem__, reverse=True))
            if not nan
            else tuple(range(n))
        )
        found = _BY_VALUE[id(utilities)] = (utilities, values, order, {})
    return found[1:]


def at_least(utilities: Sequence[float], low: float) -> Sequence[int]:
    """The packages whose utility is not below `low` (every package when a utility is NaN),
    found by bisection over the vector's sorted values."""
    values, order, _ = by_utility(utilities)
    if values is None:
        return order
    return order[: len(order) - bisect_left(values, low)]


def decayed(game: Game, state: State, turns: int) -> State:
    """`state` with the meters that decay back to rest moved back `turns` turns as the engine
    does (a share of the way, rounded, at least one point while away)."""
    found = decayed_meters(game, state.meters, turns)
    return tuple.__new__(State, (found, *state[1:]))  # state._replace(meters=found), faster


def decayed_meters(game: Game, meters: tuple[int, ...], turns: int) -> tuple[int, ...]:
    """The meters of `decayed` (remembered per game by meters and turns)."""
    memo = _shared(_DECAYS, game)
    key = (meters, turns)
    found = memo.get(key)
    if found is None:
        if len(memo) >= CACHE_SIZE:
            memo.clear()
        found = memo[key] = _decay(game, meters, turns)
    return found


def _decay(game: Game, start: tuple[int, ...], turns: int) -> tuple[int, ...]:
    """The meters `start` decayed `turns` turns (see `decayed`): each decaying meter read off
    its course table (`decay_courses`)."""
    meters = list(start)
    for i, lo, _, table in decay_courses(game, turns):
        k = meters[i] - lo
        meters[i] = table[k] if 0 <= k < len(table) else decay_course(game, i, meters[i], turns)
    return tuple(meters)


def decay_courses(game: Game, turns: int) -> tuple[tuple[int, int, int, tuple[int, ...]], ...]:
    """Per meter that decays back to rest: (index, lo, hi, course), where `course[v - lo]` is
    the value `v` decays to in `turns` turns (as the engine decays it); one table per game and
    turns, built once: meters take few values, and the lookahead asks this at every leaf."""
    tables = _shared(_COURSES, game)
    out = tables.get(turns)
    if out is None:
        out = tables[turns] = tuple(
            (i, m.lo, m.hi, tuple(decay_course(game, i, v, turns) for v in range(m.lo, m.hi + 1)))
            for i, m in enumerate(game.rules.meters)
            if m.decay_rate > 0.0
        )
    return out


def decay_course(game: Game, i: int, v: int, turns: int) -> int:
    """Meter `i` at `v` decayed `turns` turns: `rate` of the way back to rest each turn, rounded,
    at least one point while away."""
    m = game.rules.meters[i]
    for _ in range(turns):
        if v == m.decay_toward:
            break
        v = decay_step(v, m.decay_rate, m.decay_toward)
    return v


_COURSES: dict[int, tuple[Game, dict[int, tuple[tuple[int, int, int, tuple[int, ...]], ...]]]] = {}
"""Per game (as `_ENDINGS`): the decaying meters' course tables by turns (`decay_courses`)."""


_ENDINGS: dict[int, tuple[Game, dict[Hashable, tuple[int, ...]]]] = {}
"""Per game (by identity; the game is held so its id stays its own): the endings a deal on
each package reaches, by ending key (`_endings_of`). Shared by every bot of the process: it
depends on nothing but the game and the key, and every new bot (a batch makes one per side and
chunk; `hard` holds four negotiators) would otherwise play all the packages out again."""


_OFFSETS: dict[int, tuple[Game, dict[tuple[Any, ...], float]]] = {}
"""Per game (as `_ENDINGS`): `DealProspects._offset` by its key (everything it reads)."""


_NO_DEALS: dict[int, tuple[Game, dict[tuple[Any, ...], tuple[float, ...]]]] = {}
"""Per game (as `_ENDINGS`): `DealProspects.no_deal` by its key (everything it reads)."""


_DEALS: dict[int, tuple[Game, dict[tuple[Any, ...], tuple[tuple[float, ...], int] | None]]] = {}
"""Per game (as `_ENDINGS`): `DealProspects._deal` by its key (everything it reads)."""


_FAILS: dict[int, tuple[Game, dict[tuple[Any, ...], tuple[float, ...]]]] = {}
"""Per game (as `_ENDINGS`): every side's `DealProspects._failure` by its key (everything it
reads)."""


_DECAYS: dict[int, tuple[Game, dict[tuple[tuple[int, ...], int], tuple[int, ...]]]] = {}
"""Per game (as `_ENDINGS`): the meters `decayed` reaches, by (meters, turns). Pure: the decay
reads nothing else, and bots ask it of the same meters again and again."""


def _shared_endings(game: Game) -> dict[Hashable, tuple[int, ...]]:
    """The endings table of `game` (see `_ENDINGS`); a few games are remembered."""
    return _shared(_ENDINGS, game)


def _shared(tables: dict[int, tuple[Game, _T]], game: Game) -> _T:
    """`game`'s entry of a per-game table shared by every bot of the process (an empty dict the
    first time; a few games are remembered)."""
    found = tables.get(id(game))
    if found is None or found[0] is not game:
        if len(tables) >= 8:
            tables.clear()
        found = tables[id(game)] = (game, cast(_T, {}))
    return found[1]


def _prior(game: Game, side: int) -> tuple[float, ...]:
    """The scenario's prior over `side`'s flexibility levels."""
    return tuple(lv.p for lv in game.rules.sides[side].flex_levels)
