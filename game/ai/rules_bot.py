"""A rule-based negotiator that values states by the scenario's own endings.

    bot = RulesBot(margin=1.0, budget=24)
    action = bot.choose(game, state, player, rng)

What it reads: `game.observe(state, player)` (its own true reservation level and its belief about
the other side's flexibility), public information (utilities, meters, the reservation expressions
before the hidden flexibility, the endings' score expressions) and the engine's transitions. It
never reads `state.hidden`: chance draws whose odds depend on a hidden level (intelligence signals,
the other side's ratification) are resolved by its own belief, never by the engine's odds.

**State value** for side s (`value`): the no-deal score the talks are heading for
(`DealProspects.no_deal`: `game.no_deal_returns` read on the meters as they will have decayed
by the deadline, so a boost that wears off counts for what is left of it), plus the best deal
prospect: over packages p, `(deal score of p - no-deal score) * P(own home front ratifies p) *
P(other ratifies p | belief) * P(other wants p)`, where a home front ratifies with
`logistic((utility - reservation) / softness)` (the other side's chance averaged over the levels
of the belief) and the other side wants a deal as far as its own deal score beats its own
no-deal score (the same logistic, with its no-deal score as the level): a deal the other side
would rather not make is no prospect.

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

This module holds the decisions; the valuation (view, state value, accept and tabling values,
deals played out on the engine) is `deal_prospects.DealProspects`, which the bot extends, and the
fast per-package utilities are the engine's `Game.utilities`.

Deterministic: it draws no random numbers (the rng is only used at a chance node, which is not a
bot's decision). Caches are pure (keyed by everything the cached value depends on), so a warm bot
plays exactly like a fresh one.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from game.ai.deal_prospects import A_ACCEPT, A_END, A_REJECT, DealProspects, DecisionView
from game.engine import (
    PH_ACT,
    PH_ANSWER,
    PH_CHANCE,
    PH_TERMINAL,
    Game,
    Observation,
    State,
    Work,
)
from game.engine import belief as bayes


class RulesBot(DealProspects):
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
        super().__init__(shortlist=int(shortlist), window=float(window))
        self.margin = float(margin)
        self.budget = int(budget)
        self.moves = int(moves)
        self.reserve = int(reserve)
        self.hope = float(hope)
        self.min_gain = float(min_gain)
        self.splurge = float(splurge)
        self.table_gain = float(table_gain)
        self.per_capital = True
        """Rank moves by value gain per unit of capital (False: by gain; the negotiator's)."""
        self._tabled: dict[int, dict[int, tuple[int, int, int, int]]] = {}
        self._plans: dict[int, dict[tuple[Any, ...], int]] = {}

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

    def _act(self, game: Game, state: State, player: int, legal: Sequence[int]) -> int:
        obs = game.observe(state, player)
        if (
            state.acted < self.moves
            and self.budget > 0
            and len(legal) > 1
            and game.move_of(legal[1]) >= 0
        ):
            plan = self._plans.get(player) if state.acted else None
            planned = plan.get(plan_key(state)) if plan is not None else None
            if planned is None:
                planned = self._plan(game, state, player, obs, legal)
            if planned >= 0 and planned in legal:
                return planned
        view = self.view(game, state, player, obs)
        if game.package_of(legal[-1]) >= 0:  # tabling is legal
            skip = self._rejected(state, player, obs.own_level)
            best, _ = self._best_tabling(game, state, view, skip)
            if best >= 0:
                memo = self._tabled.setdefault(player, {})
                for turn in [t for t in memo if t > state.turn]:  # another game's
                    del memo[turn]
                memo[state.turn] = (best, obs.own_level, state.used_game, state.fired)
                return game.package_action(best)
        return A_END

    def _best_tabling(
        self, game: Game, state: State, view: DecisionView, exclude: int
    ) -> tuple[int, float]:
        """The shortlisted package worth tabling most (not `exclude`), if it beats no deal."""
        best, best_ev = -1, view.nd + self.table_gain
        for cand in view.cands:
            if cand.pkg == exclude:
                continue
            ev = self.table_value(game, state, view, cand)
            if ev > best_ev:
                best, best_ev = cand.pkg, ev
        return best, best_ev

    def _answer(self, game: Game, state: State, player: int, legal: Sequence[int]) -> int:
        obs = game.observe(state, player)
        view = self.view(game, state, player, obs)
        table = state.table
        u_own = game.utilities(state, player)[table]
        ev_accept = -math.inf
        if u_own >= obs.own_reservation + self.margin:
            ev_accept = self.accept_value(game, state, view, table)
        ev_reject = view.nd + self.hope * max([0.0] + [c.ev for c in view.cands if c.pkg != table])
        counter, ev_counter = -1, view.nd + self.table_gain
        if game.package_of(legal[-1]) >= 0:  # a counter is legal
            counter, ev_counter = self._best_tabling(game, state, view, table)
        if ev_accept >= ev_reject and (counter < 0 or ev_accept >= ev_counter):
            return A_ACCEPT
        if counter >= 0:
            return game.package_action(counter)
        return A_REJECT

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
        self, game: Game, state: State, player: int, obs: Observation, legal: Sequence[int]
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
        # legal actions ascend: end, accept, reject, moves, then the packages
        moves = [
            a for a in legal[: bisect_left(legal, game.package_action(0))] if game.move_of(a) >= 0
        ]
        base = self.move_value(game, state, view)
        left = [self.budget]
        scored = []
        for action in self._order(game, state, moves):
            if left[0] <= 0:
                break
            cost = rules.moves[game.move_of(action)].cost
            value = self._expect(game, self._after(game, state, action), view, left)
            score = (value - base) / (max(1, cost) if self.per_capital else 1)
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
        key = plan_key(state)
        used = state.used_turn
        for i, action in enumerate(plan):
            used |= 1 << game.move_of(action)
            key = (key[0], key[1], key[2] + 1, used, key[4], key[5])
            memo[key] = plan[i + 1] if i + 1 < len(plan) else -1
        self._plans[player] = memo
        return plan[0] if plan else -1

    def _order(self, game: Game, state: State, moves: Sequence[int]) -> list[int]:
        """The order its lookahead values the affordable moves in (who is cut when the budget
        is short): the legal order rotated by turn and moves made."""
        start = (state.turn * 7 + state.acted) % len(moves)
        return [moves[(start + j) % len(moves)] for j in range(len(moves))]

    def _after(self, game: Game, state: State, action: int) -> State:
        """The state a move leads to (a subclass may have it at hand)."""
        return game.apply(state, action)

    def _expect(self, game: Game, state: State, view: DecisionView, left: list[int]) -> float:
        """Expected value of `state` for the deciding side, chance resolved by expectation."""
        if state.phase == PH_TERMINAL:
            return game.returns(state)[view.side]
        if state.phase != PH_CHANCE or left[0] <= 1:
            left[0] -= 1
            return self.move_value(game, state, view)
        node = game.pending_chance(state)
        assert node is not None
        if node.kind == Work.REVEAL and node.receiver == view.side:
            outcomes = self._signal_odds(game, state, view)
        elif node.kind in (Work.REVEAL, Work.RATIFY):  # odds that depend on hidden levels
            left[0] -= 1
            return self.move_value(game, state, view)
        else:
            outcomes = game.chance_outcomes(state)
        total = 0.0
        for action, p in outcomes:
            if p > 0.0:
                total += p * self._expect(game, game.apply(state, action), view, left)
        return total

    def move_value(self, game: Game, state: State, view: DecisionView) -> float:
        """The value its move lookahead puts on a state: `value` here (a subclass may weigh
        the parts differently)."""
        return self.value(game, state, view)

    def _signal_odds(
        self, game: Game, state: State, view: DecisionView
    ) -> tuple[tuple[int, float], ...]:
        """Odds of each signal about the other side under this side's belief (never the truth)."""
        obs = game.observe(state, view.side)
        return game.believed_chance_outcomes(
            state, obs, bayes(view.prior, state.signals[view.side])
        )

    def _bind(self, game: Game) -> None:
        """Play `game` from now on: the valuation is rebuilt and the memos of tablings and plans
        are forgotten."""
        super()._bind(game)
        self._tabled.clear()
        self._plans.clear()


def plan_key(state: State) -> tuple[Any, ...]:
    """Where in a part a state is: turn, part, moves made, moves made this turn, and marks of
    the game it belongs to."""
    return (state.turn, state.part, state.acted, state.used_turn, state.used_game, state.fired)
