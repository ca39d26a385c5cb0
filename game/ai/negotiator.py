"""The negotiator: a bot that bargains in the deal space, after the time-dependent agents of
automated negotiation (Faratin, Sierra and Jennings' Boulware and Conceder tactics).

    bot = NegotiatorBot(boulware=0.5)          # `normal`; `negotiator:personality=hardliner`
    action = bot.choose(game, state, player, rng)

**Values.** A package is worth to its side the score of the ending a deal on it reaches (the
scenario's endings, see `deal_prospects`), against the no-deal score `game.no_deal_returns`; its
*gain* is the difference. The bot never tables or accepts a package whose utility is below its
own reservation level plus what it asks (`asked`: `margin`, conceded along its curve like the
aspiration, so none at the deadline; it knows its own level; no package outside its win-set).

**Concession.** Its aspiration is a gain that falls from the best gain it can hope for (over the
packages the other side would ratify with at least `floor` chance) towards zero at the deadline:
`aspiration = best * (1 - f)`, `f = (elapsed share of the turns) ** (1 / boulware)`. Below 1 the
curve is Boulware (firm until late), above 1 Conceder. It tables, among the packages at or above
its aspiration, the one with the best expected gain (gain x both ratification chances), priced
on its belief given the other side accepts it (`accepted_belief`: a side accepts what its home
front would ratify, so the other's vote is not counted twice: counted twice, a package only a
flexible Kremlin could ratify looked like a near-certain backlash and was never tabled), and
accepts an offer only when its gain reaches the aspiration and accepting beats the counter it
would make.

**Inference.** The other side's limits come from public play only (`beliefs`): Bayes' rule over
its hidden levels on the intelligence signals this side received and on the public history of
offers — the packages it tabled or accepted (its home front would likely ratify them), those it
rejected or countered (it likely would not), and how its home front voted. The valuation of
lookahead states starts from the same history-updated prior (`prior`).

**Moves.** One ply of lookahead over every affordable move, chance by expectation under its own
belief (at most `iters` valued states a decision; the moves that set a flag or a status valued
first, `lasting`: in the legal order, rotated, 16 leaves reached about half of nagato_2016's moves,
so the steps a deal needs — the 1956 basis, the no-bases assurance — went unseen in most of its
plans and came turns after greedy's or never), each move ranked by its gain (not per unit of
capital), at most `moves` a part. Its move valuation (`move_value`) is the no-deal score the moves
buy (`projected`): the meters as they stand when it decides, plus what the moves changed decayed
`horizon` (4) turns as the engine decays it (`anchor`: as if both sides kept the meters where they
stand, which they do with summits and talks every turn; so a gain past a score's cap is worth
nothing, and a gain that wears off counts for what is left of it), plus its best deal prospect
weighted by `engagement` — `deal_weight` (0.1) until the other side has tabled, countered or
accepted a package, halved for each of its own packages turned down, `engaged` (0.3) once the other
side deals (a side that tables is not yet a side that ratifies: weighted fully, it spent against
`random` and `greedy` on deals that never came) — plus `capital_weight` per unit of capital it can
carry to the next turn. Deals are rare (a few percent of games between two negotiators), so moves
bought for a deal that never comes are lost no-deal score: weighting prospects fully let a line
that only farms its no-deal score beat it on 85-95% of seeds; projecting the meters decayed to the
deadline from where the moves leave them (`anchor=0`) read a meter that both sides keep above a
score's cap as falling below it and spent on it for nothing (the farmer beat it on 90% of
track_1956 seeds as Japan). It still drills, rearms, warns or offers a treaty when that pays, and
makes the moves a deal needs once the other side shows it deals.

**Reaching.** A step it cannot make yet because meters stand below its threshold (nagato_2016's
1956 basis needs trust and momentum at 45; they start at 34 and 35) is valued as if they stood
there (`toward`, the `REACHED` best that set a flag or a status), and a move is worth `reach`
times that value times the share of the shortfall it closes per unit of capital: without it the
one-ply lookahead saw no reason to build toward the step, spent on summits and took the basis
turns after greedy, whose cheap talks and signals got there by turn 4 (as Japan on nagato_2016:
+0.50 [+0.25, +0.75] over `reach=0` in 300 paired games).

**Personality.** `hardliner` asks more (margin 3, Boulware 0.3), `pragmatist` less (margin 0,
Conceder 1.5). The side's personality comes from the scenario (`sides[].personality`) unless the
spec names one (`negotiator:personality=...`); an explicit `boulware` or `margin` wins over both.

Stateless (pure caches only) and deterministic: the rng is never drawn at its own decisions.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import compress
from operator import not_
from typing import Any

from game.ai.beliefs import (
    accept_chance,
    history_prior,
    level_odds,
    level_reservations,
    offer_belief,
    reweigh,
)
from game.ai.deal_prospects import (
    A_ACCEPT,
    A_END,
    A_REJECT,
    DecisionView,
    at_least,
    by_utility,
    decay_course,
    decay_courses,
    decayed,
)
from game.ai.greedy import GreedyBot
from game.engine import Answer, Game, Observation, State, offer_history

PERSONALITIES: dict[str, dict[str, float]] = {
    "": {},
    "hardliner": {"margin": 3.0, "boulware": 0.3},
    "pragmatist": {"margin": 0.0, "boulware": 1.5},
}
"""Personality -> the options it sets (an explicit option wins)."""


class NegotiatorBot(GreedyBot):
    """Reservation-respecting, conceding along a Boulware curve, inferring from public play."""

    name = "negotiator"

    def __init__(
        self,
        iters: int = 16,
        boulware: float = -1.0,
        margin: float = -1.0,
        floor: float = 0.1,
        hope: float = 0.6,
        moves: int = 3,
        reserve: int = 0,
        personality: str = "",
        exact: int = 12,
        deal_weight: float = 0.1,
        capital_weight: float = 0.03,
        horizon: int = 4,
        anchor: int = 1,
        engaged: float = 0.3,
        concede_margin: int = 1,
        conditioned: int = 1,
        lasting: int = 1,
        reach: float = 6.0,
    ) -> None:
        """Args:
        iters: valued leaf states per move decision (0: makes no moves).
        boulware: concession exponent, 0.05..20 (below 1 firm until late; default 0.5).
        margin: utility above its own reservation it asks of any package (default 1).
        floor: least chance the other side ratifies a package it considers (0..1; 0.3 lowered
            its aspiration so far that two negotiators settled on turn 1 of the starter).
        hope: weight of its prospects against an offer on the table (0..1).
        moves: moves it makes at most in one part (default 3: capital left unspent is lost
            at the carry-over cap, and the no-deal meters it buys are what most games score).
        reserve: capital it keeps unspent unless a move is clearly worth it (default 0).
        personality: `hardliner`, `pragmatist` or empty (a scenario's character for the side).
        exact: packages (best estimates first) whose deal it plays out exactly (1..486).
        deal_weight: weight of deal prospects in its move valuation until the other side has
            tabled or accepted a package (0..1; halved for each of its packages turned down).
        capital_weight: value of a unit of capital it can carry to the next turn, in its move
            valuation (0..1).
        horizon: turns of meter decay its move valuation projects (0..100, to the deadline at
            most; 0 values the meters as they stand, like the farming line; default 4; -1: half
            the talks' turns, rounded up — 6 of tokyo_2018's 11, 3 of eef_2018's 6).
        anchor: 1 (default): decay only what the moves change, from the meters as they stand
            when it decides; 0: decay the whole meter toward its rest value.
        engaged: weight of deal prospects in its move valuation once the other side has tabled,
            countered or accepted a package (0..1, default 0.3).
        concede_margin: 1 (default): the margin it asks concedes along its curve with the
            aspiration (`asked`: the full margin at the start, none at the deadline); 0: the
            full margin to the end.
        conditioned: 1 (default): price a package it tables with its belief conditioned on the
            other side accepting it (`accepted_belief`); 0: with its belief as it stands.
        lasting: 1 (default): its lookahead values first the moves that set a flag or a status
            (the steps a deal may need), so a short budget never cuts them; 0: the legal order
            rotated, as greedy values them (with 16 leaves it saw a deal's step now and then).
        reach: weight of the steps it cannot make yet for want of meters (0..10; 0: none,
            default 6): a move is worth `reach` times the value of each of the `REACHED` most
            valuable such steps (valued as if their meters were met) times the share of their
            shortfall it closes per unit of capital spent (`toward`).
        """
        if personality not in PERSONALITIES:
            known = ", ".join(p for p in PERSONALITIES if p)
            raise ValueError(f"personality={personality!r} is not one of {known}")
        if boulware != -1.0 and not 0.05 <= boulware <= 20.0:
            raise ValueError(f"boulware={boulware} is out of range 0.05..20")
        if margin != -1.0 and not -50.0 <= margin <= 50.0:
            raise ValueError(f"margin={margin} is out of range -50..50")
        self._options = (personality, float(boulware), float(margin))
        """The options as given (-1: unset), resolved against a side's personality by `adopt`."""
        personality, boulware, margin = _traits(personality, boulware, margin)
        if not 1 <= exact <= 100_000:
            raise ValueError(f"exact={exact} is out of range 1..100000")
        if not 0.0 <= floor <= 1.0:
            raise ValueError(f"floor={floor} is out of range 0..1")
        if not 0.0 <= deal_weight <= 1.0:
            raise ValueError(f"deal_weight={deal_weight} is out of range 0..1")
        if not -1 <= horizon <= 100:
            raise ValueError(f"horizon={horizon} is out of range -1..100")
        if not 0.0 <= engaged <= 1.0:
            raise ValueError(f"engaged={engaged} is out of range 0..1")
        if anchor not in (0, 1):
            raise ValueError(f"anchor={anchor} must be 0 or 1")
        if not 0.0 <= capital_weight <= 1.0:
            raise ValueError(f"capital_weight={capital_weight} is out of range 0..1")
        super().__init__(iters=iters, margin=margin, moves=moves, reserve=reserve, hope=hope)
        self.boulware = float(boulware)
        self.floor = float(floor)
        self.personality = personality
        self.exact = int(exact)
        self.deal_weight = float(deal_weight)
        self.capital_weight = float(capital_weight)
        self.horizon = int(horizon)
        self.anchor = int(anchor)
        self.engaged = float(engaged)
        if concede_margin not in (0, 1):
            raise ValueError(f"concede_margin={concede_margin} must be 0 or 1")
        self.concede_margin = int(concede_margin)
        if conditioned not in (0, 1):
            raise ValueError(f"conditioned={conditioned} must be 0 or 1")
        self.conditioned = int(conditioned)
        if lasting not in (0, 1):
            raise ValueError(f"lasting={lasting} must be 0 or 1")
        self.lasting = int(lasting)
        if not 0.0 <= reach <= 10.0:
            raise ValueError(f"reach={reach} is out of range 0..10")
        self.reach = float(reach)
        self._toward: tuple[int, tuple[tuple[float, tuple[tuple[int, int], ...]], ...]] | None
        self._toward = None
        """The side deciding and its `toward` targets, set for one `_plan` call only."""
        self._conditional: dict[int, tuple[int, ...]] = {}
        """A side's moves with a condition (`toward`; the game's: `_bind`)."""
        self.per_capital = False  # a move is worth its gain: capital left over is valued apart
        self._engaged: dict[tuple[Any, ...], float] = {}
        self._last_engaged: tuple[Any, int, int, float] = (None, -1, -1, 0.0)
        self._anchored: dict[tuple[Any, ...], tuple[float, ...]] = {}
        self._beliefs: dict[tuple[Any, ...], tuple[float, ...]] = {}
        self._applied: tuple[State | None, dict[int, State]] = (None, {})
        """The states the moves of the last state ordered lead to (a pure cache: `_after`)."""

    def __repr__(self) -> str:
        return (
            f"NegotiatorBot(iters={self.budget}, boulware={self.boulware}, margin={self.margin}, "
            f"floor={self.floor}, personality={self.personality!r})"
        )

    def choose(self, game: Game, state: State, player: int, rng: random.Random) -> int:
        """A legal action for `player`, in the character the scenario gives its side unless
        the spec named one (see `adopt`)."""
        self.adopt(game, player)
        return super().choose(game, state, player, rng)

    def adopt(self, game: Game, player: int) -> None:
        """Take the personality of `player`'s side from the scenario (`sides[].personality`)
        unless the spec set one; explicit `boulware`/`margin` options still win. Derived from
        the game and the side alone, so nothing is carried between decisions."""
        given, boulware, margin = self._options
        personality = given or game.rules.sides[player].personality
        if personality not in PERSONALITIES:
            personality = ""
        self.personality, self.boulware, self.margin = _traits(personality, boulware, margin)

    # --- inference (beliefs.py; cached per world and history) -------------------------------

    def prior(self, game: Game, state: State, player: int) -> tuple[float, ...]:
        """The prior over the other side's levels updated on the public history of offers (the
        valuation adds the signals of each state it values). Only the move lookahead values
        states on it: a negotiator that makes no moves (`iters=0`, e.g. `hard`'s model of the
        other side) keeps the scenario's prior there, so its views stay shared across histories."""
        if self.budget == 0:
            return super().prior(game, state, player)
        return self._cached(game, state, player, None)

    def belief(self, game: Game, state: State, player: int, obs: Observation) -> tuple[float, ...]:
        """Its belief about the other side's level: signals and the public history of offers."""
        return self._cached(game, state, player, obs.belief)

    def _cached(
        self, game: Game, state: State, player: int, signalled: tuple[float, ...] | None
    ) -> tuple[float, ...]:
        key = (player, signalled, state.offers, state.meters, state.flags, state.statuses,
               state.turn)  # fmt: skip
        out = self._beliefs.get(key)
        if out is None:
            if signalled is None:
                out = history_prior(game, state, player)
            else:
                out = offer_belief(game, state, player, signalled)
            if len(self._beliefs) >= 4096:
                self._beliefs.clear()
            self._beliefs[key] = out
        return out

    def _bind(self, game: Game) -> None:
        super()._bind(game)
        self._beliefs.clear()
        self._conditional.clear()

    # --- the deal space ---------------------------------------------------------------------

    def concession(self, game: Game, state: State) -> float:
        """Share of its hoped-for gain it has given up by this turn (0 at the start, 1 at the
        deadline)."""
        last = max(1, game.rules.num_turns - 1)
        elapsed = min(1.0, max(0.0, (state.turn - 1) / last))
        return float(elapsed ** (1.0 / self.boulware))

    def asked(self, game: Game, state: State) -> float:
        """Utility above its own reservation it asks of a package it tables or accepts now:
        `margin`, conceded along the curve like the aspiration (option `concede_margin`), so at
        the deadline it takes any package its home front would ratify that beats no deal."""
        if not self.concede_margin or self.margin <= 0.0:
            return self.margin
        return self.margin * (1.0 - self.concession(game, state))

    def scan(
        self, game: Game, state: State, player: int, obs: Observation, belief: tuple[float, ...]
    ) -> list[tuple[float, float, float, int]]:
        """Packages inside its own win-set (utility >= reservation + margin) that the other
        side ratifies with at least `floor` chance under `belief` and that beat no deal, as
        (gain, own ratification chance, other's ratification chance, package), best gain
        first. Gains are estimated from the endings' score expressions for every package, then
        played out exactly on the engine for the `exact` best estimates (the ones returned)."""
        s, o = player, 1 - player
        soft = game.rules.softness
        view = self.view(game, state, player, obs)
        nd = view.nd
        u_own = game.utilities(state, s)
        u_other = game.utilities(state, o)
        res_own = obs.own_reservation
        need = res_own + self.asked(game, state)
        k_own = game.utility_key(state, s)
        endings = self._endings_of(game, state)
        lo, hi = game.rules.score_min, game.rules.score_max
        offsets: dict[int, float] = {}
        chance: dict[float, float] = {}
        levels = [(b, r) for b, r in zip(belief, level_reservations(game, state, o), strict=True)]
        levels = [(b, r) for b, r in levels if b > 1e-12]
        floor, window = self.floor, self.window
        # only the packages whose chance is not surely below `floor` (see `_below_floor`); the
        # order they are met in does not matter (`out` is sorted: by falling gain, then package)
        likely = _below_floor(u_other, levels, soft, floor)
        # and of those only the ones whose own utility is not below `need` (a few in a hundred
        # pass): `not need > us`, the test as it was written out, over the smaller of the two
        # sets (the packages at or above `need`, found by bisection, are often a handful)
        mine: Iterable[int]
        own = at_least(u_own, need)
        if len(own) < len(likely):
            mine = [p for p in own if not need > u_own[p]]
            if len(likely) < len(u_other):  # `likely`: every package at or above its least
                values = by_utility(u_other)[0]
                assert values is not None  # else `likely` would be every package
                least = values[len(values) - len(likely)]
                mine = [p for p in mine if u_other[p] >= least]
        else:
            mine = compress(likely, map(not_, map(need.__gt__, map(u_own.__getitem__, likely))))
        out = []
        for p in mine:
            us = u_own[p]
            uo = u_other[p]
            po = chance.get(uo)
            if po is None:
                po = chance[uo] = _scan_chance(uo, levels, soft)
            if po < floor:
                continue
            e = endings[p]
            off = offsets.get(e)
            if off is None:
                off = offsets[e] = self._offset(game, state, e, s, k_own)
            gain = min(hi, max(lo, us + off)) - nd
            if gain > -window:
                out.append((-gain, p, po))
        out.sort()
        # the estimate reads the ending's score off one package: play the best out exactly
        exact = []
        for _, p, po in out[: self.exact]:
            deal = self._deal(game, state, p)
            if deal is not None and deal[0][s] > nd:
                p_own = _scan_chance(u_own[p], [(1.0, res_own)], soft)
                exact.append((deal[0][s] - nd, p_own, po, p))
        exact.sort(key=lambda x: (-x[0], x[3]))
        return exact

    def offer(
        self, game: Game, state: State, player: int, obs: Observation, belief: tuple[float, ...]
    ) -> tuple[int, float]:
        """The package it would table now and the expected score of tabling it (-1 and the
        no-deal score when no package is worth tabling)."""
        view = self.view(game, state, player, obs)
        found = self.scan(game, state, player, obs, belief)
        if not found:
            return -1, view.nd
        aspiration = found[0][0] * (1.0 - self.concession(game, state))
        ranked = sorted(
            (x for x in found if x[0] >= aspiration), key=lambda x: (-x[0] * x[1] * x[2], x[3])
        )
        best, best_ev = -1, view.nd + self.table_gain
        for _, _, p_other, pkg in ranked[:3]:
            ev = self.table_ev(game, state, view, belief, pkg, p_other)
            if ev > best_ev:
                best, best_ev = pkg, ev
        return best, best_ev

    def table_ev(
        self,
        game: Game,
        state: State,
        view: DecisionView,
        belief: tuple[float, ...],
        pkg: int,
        p_other: float,
    ) -> float:
        """Expected score of tabling `pkg`, which the other side accepts with chance `p_other`
        (else no deal for now)."""
        given = self.accepted_belief(game, state, view.side, belief, pkg)
        return p_other * self.accept_ev(game, state, view, pkg, given) + (1 - p_other) * view.nd

    def accepted_belief(
        self, game: Game, state: State, player: int, belief: tuple[float, ...], pkg: int
    ) -> tuple[float, ...]:
        """Its belief about the other side's level should the other side accept `pkg`: a side
        accepts what its home front would ratify, so each level weighs by its chance of
        ratifying `pkg` (option `conditioned`; 0: `belief` as it is, which counts the other's
        ratification twice — once for its acceptance, once for its vote)."""
        if not self.conditioned:
            return belief
        return reweigh(
            belief, level_odds(game, state, 1 - player, game.utilities(state, 1 - player)[pkg])
        )

    def accept_ev(
        self, game: Game, state: State, view: DecisionView, pkg: int, belief: tuple[float, ...]
    ) -> float:
        """Expected score of a deal on `pkg` agreed now: both home fronts vote (first side
        first), a failed vote brings that side's backlash; the other's vote under `belief`."""
        s, o = view.side, view.other
        exact = self._deal(game, state, pkg)
        if exact is None:
            return view.nd
        soft = game.rules.softness
        u_own = game.utilities(state, s)[pkg]
        p_own = 1.0 / (1.0 + math.exp(-(u_own - (self._own_res(game, state, view))) / soft))
        p_other = accept_chance(game, state, o, belief, game.utilities(state, o)[pkg])
        fail_first = self._failure(game, state, pkg, 0, s)
        fail_second = self._failure(game, state, pkg, 1, s)
        p1, p2 = (p_own, p_other) if s == 0 else (p_other, p_own)
        return p1 * p2 * exact[0][s] + (1 - p1) * fail_first + p1 * (1 - p2) * fail_second

    def _own_res(self, game: Game, state: State, view: DecisionView) -> float:
        return float(game.base_reservation(state, view.side) - view.flex)

    # --- moves ------------------------------------------------------------------------------

    def _plan(
        self, game: Game, state: State, player: int, obs: Observation, legal: Sequence[int]
    ) -> int:
        """Plan the part's moves (`RulesBot._plan`), each valued with what it closes of the
        shortfall of the moves it cannot make yet (`toward`; option `reach`)."""
        if self.reach <= 0.0:
            return super()._plan(game, state, player, obs, legal)
        view = self.view(game, state, player, obs)
        targets = self.toward(game, state, view, legal)
        self._toward = (player, targets) if targets else None
        try:
            return super()._plan(game, state, player, obs, legal)
        finally:
            self._toward = None

    def toward(
        self, game: Game, state: State, view: DecisionView, legal: Sequence[int]
    ) -> tuple[tuple[float, tuple[tuple[int, int], ...]], ...]:
        """The `REACHED` most valuable moves of its side it cannot make now only for meters
        below a threshold (`Game.meter_shortfalls`) that set a flag or a status, each as (its
        value, its shortfalls): the value its move valuation puts on it in the state where
        those meters (and its capital, for its cost) stand where it needs them, when positive."""
        rules = game.rules
        side = view.side
        cap = rules.sides[side].capital_meter
        found = []
        now = set(legal[: bisect_left(legal, game.package_action(0))])
        conditional = self._conditional.get(side)
        if conditional is None:
            conditional = self._conditional[side] = tuple(
                m
                for m, info in enumerate(rules.moves)
                if info.side == side and info.when is not None
            )
        for m in conditional:
            info = rules.moves[m]
            action = game.move_action(m)
            if action in now:
                continue
            gaps = game.meter_shortfalls(state, m)
            if not gaps or any(i < 0 or k <= 0 for i, k in gaps):
                continue  # only thresholds to reach (`trust >= 45`): a ceiling (`trust <= 25`,
                # `militarisation < 80`) is a limit or a crisis, reached by undoing progress
            meters = list(state.meters)
            for i, k in gaps:
                meters[i] = min(rules.meters[i].hi, max(rules.meters[i].lo, meters[i] + k))
            if cap >= 0:
                meters[cap] = max(meters[cap], info.cost)
            met = state._replace(meters=tuple(meters))
            if not _holds(game.legal_actions(met), action):
                continue  # used up, or wanting more than meters
            after = game.apply(met, action)
            if not is_lasting(met, after) or any(after.meters[i] < met.meters[i] for i, _ in gaps):
                continue  # a step (it sets a flag or a status) that keeps its way
            value = self._expect(game, after, view, [REACH_LEAVES])
            value -= self.move_value(game, met, view)
            if value > 0.0:
                found.append((value, gaps))
        found.sort(key=lambda x: -x[0])
        return tuple(found[:REACHED])

    def _order(self, game: Game, state: State, moves: Sequence[int]) -> list[int]:
        """The order its lookahead values the moves in (option `lasting`): the moves that set
        a flag or a status first, each group in the legal order rotated as greedy rotates it."""
        order = super()._order(game, state, moves)
        if not self.lasting:
            return order
        first: list[int] = []
        rest: list[int] = []
        applied: dict[int, State] = {}
        for action in order:
            after = applied[action] = game.apply(state, action)
            (first if is_lasting(state, after) else rest).append(action)
        self._applied = (state, applied)
        return first + rest

    def _after(self, game: Game, state: State, action: int) -> State:
        """The state a move leads to: the one `_order` made for this state, if it made it."""
        at, applied = self._applied
        after = applied.get(action) if at is state else None
        return game.apply(state, action) if after is None else after

    def move_value(self, game: Game, state: State, view: DecisionView) -> float:
        """What its move lookahead puts on a state: the no-deal score the moves bought (meters
        decayed `horizon` turns, `projected`; chance by expectation in `_expect`), plus its
        best deal prospect weighted by `engagement`, plus `capital_weight` per unit of capital
        it can carry over."""
        side = view.side
        nds = self.no_deal(game, state)
        prospect = self.value_on(game, state, view, nds) - nds[side]
        out = self.projected(game, state, view.meters)[side]
        out += self.engagement(state, side) * prospect
        info = game.rules.sides[side]
        toward = self._toward
        if toward is not None and toward[0] == side:
            bonus = 0.0
            for value, gaps in toward[1]:
                bonus += self.reach * value * _closed(gaps, view.meters, state.meters)
            if info.capital_meter >= 0:  # per unit of capital spent: the cheapest way there
                bonus /= max(1, view.meters[info.capital_meter] - state.meters[info.capital_meter])
            out += bonus
        if info.capital_meter >= 0 and state.turn < game.rules.num_turns:
            out += self.capital_weight * min(state.meters[info.capital_meter], info.carry_over)
        return out

    def projected(
        self, game: Game, state: State, anchor: tuple[int, ...] = ()
    ) -> tuple[float, ...]:
        """The no-deal scores with the meters decayed for `horizon` more turns (to the deadline
        at most: then the shared projection `no_deal`; 0: the meters as they stand). With
        `anchor` (the meters of the state decided in, option `anchor`), only what the moves
        changed decays: the meters are read at the anchor plus the decayed change, as if
        both sides kept the meters where they stand."""
        horizon = self.turns_ahead(game)
        turns = min(horizon, game.rules.num_turns - state.turn)
        if self.anchor and anchor and turns > 0:
            # what the decay and `game.no_deal_returns` read (its ending world)
            key = (state.meters, state.flags, state.statuses, state.turn, state.table, anchor,
                   turns)  # fmt: skip
            out = self._anchored.get(key)
            if out is None:
                # each meter at the anchor plus its decayed change: a meter that does not
                # decay keeps its value (anchor + value - anchor, in bounds), so only the
                # decaying ones are worked out, off their course tables
                meters = list(state.meters)
                for i, lo, hi, course in decay_courses(game, turns):
                    a, x = anchor[i], meters[i]
                    if lo <= x <= hi and lo <= a <= hi:
                        x = a + course[x - lo] - course[a - lo]
                    else:  # out of bounds (never in play): the course worked out
                        x = a + decay_course(game, i, x, turns) - decay_course(game, i, a, turns)
                    meters[i] = min(hi, max(lo, x))
                # state._replace(meters=meters), faster
                out = game.no_deal_returns(tuple.__new__(State, (tuple(meters), *state[1:])))
                if len(self._anchored) >= 4096:
                    self._anchored.clear()
                self._anchored[key] = out
            return out
        if horizon >= game.rules.num_turns - state.turn:
            return self.no_deal(game, state)
        if horizon == 0:
            return game.no_deal_returns(state)
        return game.no_deal_returns(decayed(game, state, horizon))

    def turns_ahead(self, game: Game) -> int:
        """Turns its move valuation decays a change over: `horizon`, or half the talks' turns
        (rounded up) when it is -1."""
        if self.horizon < 0:
            return (game.rules.num_turns + 1) // 2
        return self.horizon

    def engagement(self, state: State, player: int) -> float:
        """Weight of deal prospects in its move valuation, from the public history of offers:
        `engaged` once the other side has tabled, countered or accepted a package (it deals);
        until then `deal_weight`, halved for each of this side's packages it turned down (deals
        are rare: moves bought for a deal that never comes are lost no-deal score)."""
        offers = state.offers
        last = self._last_engaged
        if last[0] is offers and last[1] == player and last[2] == state.phase:
            return last[3]  # the same history as the last call (states share it): no hashing
        key = (player, offers, state.phase)
        w = self._engaged.get(key)
        if w is None:
            w = self.deal_weight
            for offer in offer_history(state):
                if offer.side != player or offer.answer == Answer.ACCEPTED:
                    w = self.engaged
                    break
                if offer.answer == Answer.REJECTED:
                    w *= 0.5
            if len(self._engaged) >= 4096:
                self._engaged.clear()
            self._engaged[key] = w
        self._last_engaged = (offers, player, state.phase, w)
        return w

    # --- decisions --------------------------------------------------------------------------

    def _act(self, game: Game, state: State, player: int, legal: Sequence[int]) -> int:
        obs = game.observe(state, player)
        if (
            state.acted < self.moves
            and self.budget > 0
            and len(legal) > 1
            and game.move_of(legal[1]) >= 0
        ):
            planned = self._plan(game, state, player, obs, legal)
            if planned >= 0 and planned in legal:
                return planned
        if game.package_of(legal[-1]) >= 0:
            pkg, _ = self.offer(game, state, player, obs, self.belief(game, state, player, obs))
            if pkg >= 0:
                return game.package_action(pkg)
        return A_END

    def _answer(self, game: Game, state: State, player: int, legal: Sequence[int]) -> int:
        obs = game.observe(state, player)
        view = self.view(game, state, player, obs)
        belief = self.belief(game, state, player, obs)
        table = state.table
        ev_accept = -math.inf
        if game.utilities(state, player)[table] >= obs.own_reservation + self.asked(game, state):
            exact = self._deal(game, state, table)
            gain = (exact[0][player] if exact is not None else view.nd) - view.nd
            found = self.scan(game, state, player, obs, belief)
            best = found[0][0] if found else 0.0
            if gain > 0.0 and gain >= best * (1.0 - self.concession(game, state)):
                ev_accept = self.accept_ev(game, state, view, table, belief)
        counter, ev_counter = -1, -math.inf
        if game.package_of(legal[-1]) >= 0:
            counter, ev_counter = self.offer(game, state, player, obs, belief)
            if counter == table:
                counter = -1
        if ev_accept > view.nd and (counter < 0 or ev_accept >= ev_counter):
            return A_ACCEPT
        if counter >= 0:
            return game.package_action(counter)
        return A_REJECT


def _below_floor(
    utilities: Sequence[float], levels: list[tuple[float, float]], soft: float, floor: float
) -> tuple[int, ...]:
    """The packages, by falling `utilities`, but for those whose chance that the other side
    ratifies (the scan's `po`, `_scan_chance`) is surely below `floor`, found by bisection over
    the vector's sorted utilities (`by_utility`): the scan skips those without computing it.
    Exact: the chance is increasing in the utility up to the rounding of a few terms (far under
    1e-12), and only utilities below one whose chance is under `floor` by 1e-9 are cut. With a
    NaN utility nothing is cut."""
    values, order, memo = by_utility(utilities)
    if values is None:
        return order
    # the cut is a function of the vector and these arguments alone: remembered with the vector
    # (a search asks it again and again of the same side's utilities and levels)
    key = ("floor cut", *levels, soft, floor)
    out: tuple[int, ...] | None = memo.get(key)
    if out is None:
        if len(memo) >= 256:
            memo.clear()
        out = memo[key] = _cut(values, order, levels, soft, floor)
    return out


def _cut(
    values: tuple[float, ...],
    order: tuple[int, ...],
    levels: list[tuple[float, float]],
    soft: float,
    floor: float,
) -> tuple[int, ...]:
    """`_below_floor` worked out: `order` (packages by falling utility, `values` the sorted
    utilities) but for those surely below `floor`."""
    lo, hi = -1, len(values)  # chance(values[lo]) < floor - 1e-9 <= chance(values[hi])
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _scan_chance(values[mid], levels, soft) < floor - 1e-9:
            lo = mid
        else:
            hi = mid
    if lo < 0:
        return order
    cut = values[lo]  # this utility and those below it are out
    return order[: len(order) - bisect_right(values, cut)]


def _scan_chance(u: float, levels: list[tuple[float, float]], soft: float) -> float:
    """The scan's estimate of the chance that the other side ratifies a package worth `u` to
    it: the logistic of the margin at one softness, summed over `levels` (belief, reservation);
    a term beyond exp's range (below 1e-300) counts as 0."""
    return sum(b / (1.0 + math.exp(x)) for b, r in levels if (x := -(u - r) / soft) < 700.0)


REACHED = 2
"""Moves it cannot make yet that its move valuation reaches toward (`toward`)."""
REACH_LEAVES = 4
"""Valued states a move it cannot make yet is worth at most (chance by expectation)."""


def _holds(legal: Sequence[int], action: int) -> bool:
    """Whether the ascending `legal` holds `action`."""
    i = bisect_left(legal, action)
    return i < len(legal) and legal[i] == action


def _closed(gaps: tuple[tuple[int, int], ...], start: Sequence[int], now: Sequence[int]) -> float:
    """Share of `gaps` (meter, rise needed from `start`: `toward` keeps only thresholds to
    reach) that the meters `now` have closed."""
    total = left = 0
    for i, k in gaps:
        total += k
        left += max(0, k - (now[i] - start[i]))
    return (total - left) / total if total else 0.0


def is_lasting(before: State, after: State) -> bool:
    """Whether a move from `before` to `after` set a flag or a status: a lasting step, such as
    one a deal needs (`lasting`; hard's `keep=2`)."""
    return after.flags != before.flags or after.statuses != before.statuses


def _traits(personality: str, boulware: float, margin: float) -> tuple[str, float, float]:
    """(personality, boulware, margin) with the personality's values for unset (-1) options."""
    traits = PERSONALITIES[personality]
    if boulware == -1.0:
        boulware = traits.get("boulware", 0.5)
    if margin == -1.0:
        margin = traits.get("margin", 1.0)
    return personality, float(boulware), float(margin)
