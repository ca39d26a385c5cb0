"""Information-set Monte Carlo tree search over the negotiator's candidate moves (`hard`).

    bot = IsmctsBot(iters=400, c=1.4)
    action = bot.choose(game, state, player, rng)

**Determinization.** Each iteration samples the other side's hidden flexibility level from the
searching side's belief (the observation's belief, updated on the offer on the table) and blanks
the signals only the other side received; everything else in the state is public. The tree is
shared by all determinizations (single-observer ISMCTS): a node is the sequence of actions from
the decision, chance outcomes included.

**Chance nodes.** Sampled by the engine's odds in the determinized world, with the injected rng.

**Actions.** ~500 legal actions a decision (one per package) would swamp the search, so a node
offers end/accept/reject, the affordable moves, and `widen` candidate packages: the ones the
negotiator ranks best for this side, and the ones best for the other side inside this side's
win-set (never a package below its own reservation). Progressive widening opens a node's
actions in that order, `ceil(2 * visits ** 0.5)` at a time; at the root the negotiator's own
choice comes first.

**The other side.** With `model` (the default) the other side plays the negotiator's rule (no
moves) in each determinization — its own sampled level, no signals — so the search is a best
reply to a negotiator; without it the other side searches its own best reply by UCB1. The model
(`ModelNegotiator`) decides exactly as `NegotiatorBot(iters=0)` but skips the package shortlist
that rule never reads and scans the packages once per answer, and its choices are remembered
per determinized state (a pure cache, kept across the decisions of a game: the next decision's
tree covers much of this one's).

**Leaves.** A simulation descends (UCB1, each side maximising its own value) until it opens a
new node, reaches the end, or leaves the search `horizon` (turns ahead); the leaf is valued by
the heuristic of the `greedy` valuation (endings' scores plus deal prospects) for the searching
side and the no-deal score for the other: rollouts are cut at once. With `leaf=1` the searching
side's leaf is valued as `normal` ranks its moves (`NegotiatorBot.move_value`: the meters'
change since the decision, decayed, plus deal prospects weighted by engagement and carried
capital), so the tree proposes the rivals the final score is likelier to bear out. (The tree's
`horizon` is kept as `depth`: the negotiator's own `horizon`, its move valuation's, stays
`normal`'s, so the choice the search starts from is `normal`'s.)

**Choice.** The most visited root action; the negotiator's choice is kept unless another root
action is better by `edge` points with at least a quarter of the visits (search only overrides
the negotiator on evidence).

**Verification** (`verify=N`, off by default). The tree's leaves are heuristic and two turns
deep, so its preferences among moves are often noise or bias (measured: letting it override the
negotiator more freely loses points). With `verify`, the `rivals` best root actions by the
tree's mean (those above the choice's) are each compared with the negotiator's choice over N
paired playouts — the same determinization and the same chance draws (one stream per turn) for
both, both sides then playing the negotiator's rule with its moves for `tail` turns (0: to the
end) and by the model's rule (no moves, remembered) after that to the end of the game — and a
rival replaces the choice only when its mean gain exceeds `edge` plus `z` standard errors. A
rival with no gain over the first half of its playouts is dropped there (the second half would
have to be far better to clear a standard error), and the playouts' choices are remembered per
state as the deciding side sees it (paired playouts and successive decisions pass through many
of the same states): pure caches. `hard` verifies with `tail=4`: about half the cost of
playouts with moves to the end and as strong in the seats measured (`tail=2` is cheaper still
but measured weaker as Russia on tokyo_2018 and eef_2018; docs/bots.md); the tree alone ties
`normal`.

**Lasting moves** (`keep`). The playouts' later turns play the negotiator's rule, which makes
the negotiator's move a turn later if the search puts it off: postponing looks free to them, and
looks free again at the next decision. For a move that only buys meters that costs little; for
a lasting step (one that sets a flag or a status, e.g. the assurances and bases a deal needs)
it meant deals put off turn after turn and lost (seen on nagato_2016 and track_1956: the rare
late deals it opens are beyond 8 playouts of 4 turns). With `keep=2` (`hard`) such a move
stands unsearched; `keep=1` keeps every move (and loses what the search gains on moves).

**Cost.** Every iteration replays its path from the root in its determinization, so a
decision's transitions, chance odds and leaf values are remembered for that decision.

The rng is the only source of randomness, and only public information decides what it draws,
so a seeded decision replays exactly.
"""

from __future__ import annotations

import gc
import math
import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import takewhile
from typing import Any

from game.ai.beliefs import offer_belief
from game.ai.deal_prospects import A_ACCEPT, A_END, A_REJECT, DecisionView
from game.ai.negotiator import NegotiatorBot, is_lasting
from game.ai.rules_bot import plan_key
from game.engine import PH_ACT, PH_ANSWER, PH_CHANCE, PH_TERMINAL, Game, Observation, State

_EPS = 1e-9
"""Gains this small are rounding, not evidence (equal playouts differ by float noise)."""

MODEL_CACHE = 20_000
"""Determinized states whose modelled choice the search remembers (across decisions of a game)."""


class ModelNegotiator(NegotiatorBot):
    """The negotiator's rule without moves, as the tree models the other side: the same
    decisions as `NegotiatorBot(iters=0)`, faster. Without moves the rule reads only the
    view's no-deal score and flexibility, never its package shortlist, so the view here skips
    the shortlist (which costs a pass over every package and a few deals played out)."""

    name = "negotiator-model"

    def __init__(self, boulware: float = -1.0, personality: str = "") -> None:
        super().__init__(iters=0, boulware=boulware, personality=personality)
        self._scans: dict[tuple[Any, ...], list[tuple[float, float, float, int]]] = {}
        self._last_view: tuple[State | None, int, float, DecisionView] = (
            None, -1, 0.0, DecisionView(0, 0.0, (), ()),
        )  # fmt: skip

    def scan(
        self, game: Game, state: State, player: int, obs: Observation, belief: tuple[float, ...]
    ) -> list[tuple[float, float, float, int]]:
        """The negotiator's scan, remembered per state, side and belief (an answer scans twice:
        for its aspiration and for its counter)."""
        key = (state, player, belief)
        found = self._scans.get(key)
        if found is None:
            if len(self._scans) >= 4096:
                self._scans.clear()
            found = self._scans[key] = super().scan(game, state, player, obs, belief)
        return list(found)

    def view(self, game: Game, state: State, player: int, obs: Observation) -> DecisionView:
        """The decision's view without its shortlist (`cands` stays empty); the last one is
        kept (a decision asks for it two or three times)."""
        if self._game is not game:
            self._bind(game)
        last = self._last_view
        if last[0] is state and last[1] == player and last[2] == obs.own_reservation:
            return last[3]
        view = DecisionView(
            player,
            game.base_reservation(state, player) - obs.own_reservation,
            self.prior(game, state, player),
            state.signals[player],
        )
        view.nd = self.no_deal(game, state)[player]
        self._last_view = (state, player, obs.own_reservation, view)
        return view

    def _bind(self, game: Game) -> None:
        super()._bind(game)
        self._last_view = (None, -1, 0.0, DecisionView(0, 0.0, (), ()))


class PlayoutNegotiator(NegotiatorBot):
    """The negotiator (with its moves) as the verification playouts play it, its choices
    remembered per state: paired playouts and the playouts of successive decisions pass through
    many of the same states (measured: a third of a game's playout decisions repeat). A pure
    cache — the rule draws no random numbers and reads only what `player` observes, so the key
    blanks the other side's hidden level and private signals, which it never reads."""

    name = "negotiator-playout"

    def __init__(self, boulware: float = -1.0, personality: str = "") -> None:
        super().__init__(boulware=boulware, personality=personality)
        self._choices: dict[tuple[int, State], tuple[int, dict[Any, int] | None]] = {}
        self._choices_game: Game | None = None

    def choose(self, game: Game, state: State, player: int, rng: random.Random) -> int:
        """The negotiator's choice, remembered per state as `player` sees it."""
        return self.planned(game, state, player, rng)[0]

    def planned(
        self, game: Game, state: State, player: int, rng: random.Random
    ) -> tuple[int, dict[Any, int] | None]:
        """The negotiator's choice and, when it planned its part's moves, the plan's later
        steps (`RulesBot._plan`'s memo: by `plan_key` of the states they are made in; -1: the
        plan is done), remembered per state as `player` sees it."""
        if self._choices_game is not game or len(self._choices) >= MODEL_CACHE:
            self._choices.clear()
            self._choices_game = game
        key = (player, _as_if(state, 1 - player, -1))
        found = self._choices.get(key)
        if found is None:
            a = super().choose(game, state, player, rng)  # clears the memo, then plans
            found = self._choices[key] = (a, self._plans.get(player))
        return found


class _Node:
    """A node's opened actions' visits and summed values for the side to move, in the order
    progressive widening opens them (lists, not a dict: the descent reads them at every
    step)."""

    __slots__ = ("actions", "n", "sums", "visits")

    def __init__(self, actions: tuple[int, ...]) -> None:
        self.actions = actions
        self.n = 0
        self.visits: list[int] = []
        self.sums: list[float] = []

    @property
    def stats(self) -> dict[int, tuple[int, float]]:
        """Opened action -> (visits, summed value for the side to move)."""
        return {a: (v, w) for a, v, w in zip(self.actions, self.visits, self.sums, strict=False)}


class _Memo:
    """One decision's pure caches. Every iteration replays its path from the root, so the nodes
    of the paths are numbered (`node`: a path's number, from its parent's and the action) and a
    state of one determinization is found by its path's number and the hidden level (`at`):
    two small ints, where keying by the state would hash the whole state at every step. The
    leaves' values are also kept by the state as the searching side sees it (`seen`), which
    different hidden levels share."""

    __slots__ = ("at", "kids", "levels", "model", "odds", "seen", "stride", "values")

    def __init__(self, game: Game, levels: int) -> None:
        self.stride = max(game.info.num_distinct_actions, game.info.max_chance_outcomes)
        """Actions (and chance outcomes) are below this: a child's key is parent*stride+action."""
        self.levels = max(1, levels)
        self.kids: dict[int, int] = {}
        """parent's number * stride + action -> the child's number (the root is 0)."""
        self.at: dict[int, State] = {}
        """path's number * levels + hidden level -> the state there."""
        self.odds: dict[int, tuple[tuple[int, float], ...]] = {}
        self.model: dict[int, int] = {}
        self.values: dict[int, tuple[float, float]] = {}
        self.seen: dict[State, tuple[float, float]] = {}

    def node(self, parent: int, action: int) -> int:
        """The number of the path `parent` then `action`."""
        key = parent * self.stride + action
        found = self.kids.get(key)
        if found is None:
            found = self.kids[key] = len(self.kids) + 1
        return found


class IsmctsBot(NegotiatorBot):
    """Single-observer ISMCTS with determinization, chance nodes and heuristic leaves."""

    name = "ismcts"

    def __init__(
        self,
        iters: int = 400,
        c: float = 1.4,
        widen: int = 8,
        horizon: int = 2,
        edge: float = 0.5,
        z: float = 1.0,
        leaf_hope: float = 1.0,
        leaf: int = 0,
        model: bool = True,
        verify: int = 0,
        rivals: int = 2,
        tail: int = 0,
        keep: int = 0,
        stakes: int = 0,
        sound: int = 0,
        replan: int = 1,
        boulware: float = -1.0,
        personality: str = "",
    ) -> None:
        """Args:
        iters: simulations per decision (1..1000000).
        c: UCB1 exploration constant, in points of score (0..50; scaled by the score range).
        widen: candidate packages a node may table (1..64).
        horizon: turns ahead a simulation may look (1..24).
        edge: points by which a searched action must beat the negotiator's choice (0..100).
        z: with `verify`, standard errors of the paired difference a rival must also clear (0..10).
        leaf_hope: weight of a leaf's deal prospects over its no-deal score (0..1).
        leaf: 0: a leaf is valued by the greedy heuristic (`leaf_hope`); 1: by the negotiator's
            move valuation (`move_value`: what `normal` ranks its moves by).
        model: the other side plays the negotiator's rule in the tree (without moves) instead
            of searching its own best reply.
        verify: paired playouts to the end that check the tree's rivals (0: off; 0..1000).
        rivals: root actions verified against the negotiator's choice (1..16).
        tail: turns a playout plays with moves before both sides play the model's rule (no
            moves) to the end (0: moves to the end; 0..24).
        keep: 1: a move the negotiator makes stands, unsearched (the playouts' later turns
            play the negotiator's rule, which makes the move a turn later: postponing it looks
            free to them, and would be chosen again at the next decision); 2: only a move that
            sets a flag or status (a lasting step, e.g. one a deal needs) stands; 0: none.
        stakes: with `verify`, paired playouts for a rival when it or the choice accepts the
            offer on the table (at least `verify`): one ratification vote decides the game, so
            a few playouts are a lottery.
        sound: 1: a package the search would table or counter with must be one the
            negotiator prices above no deal (`table_ev`, the other side's acceptance read from
            its belief): the model of the other side accepts only what its home front would
            ratify, so against a side that accepts blind a few lucky playouts made hard table
            lotteries that failed the vote (measured on eef_2018 against `random`); 0: any.
        replan: with `verify`, 1: the playouts' negotiator plans its moves at each of its
            decisions, as `normal` does; 0: it makes the moves it planned at its part's first
            decision (while they stay legal and its part goes as planned), planning again only
            when that plan is done (a third less of the playouts' planning; measured weaker
            as Russia on eef_2018, so `hard` keeps 1: docs/bots.md).
        boulware: the negotiator's concession exponent (its candidates and prior).
        personality: the negotiator's personality.
        """
        if not 1 <= iters <= 1_000_000:
            raise ValueError(f"iters={iters} is out of range 1..1000000")
        if not 0.0 <= c <= 50.0:
            raise ValueError(f"c={c} is out of range 0..50")
        if not 1 <= widen <= 64:
            raise ValueError(f"widen={widen} is out of range 1..64")
        if not 1 <= horizon <= 24:
            raise ValueError(f"horizon={horizon} is out of range 1..24")
        if not 0.0 <= edge <= 100.0:
            raise ValueError(f"edge={edge} is out of range 0..100")
        if not 0 <= verify <= 1000:
            raise ValueError(f"verify={verify} is out of range 0..1000")
        if not 1 <= rivals <= 16:
            raise ValueError(f"rivals={rivals} is out of range 1..16")
        if not 0 <= tail <= 24:
            raise ValueError(f"tail={tail} is out of range 0..24")
        if not 0 <= stakes <= 1000:
            raise ValueError(f"stakes={stakes} is out of range 0..1000")
        if sound not in (0, 1):
            raise ValueError(f"sound={sound} must be 0 or 1")
        if replan not in (0, 1):
            raise ValueError(f"replan={replan} must be 0 or 1")
        if keep not in (0, 1, 2):
            raise ValueError(f"keep={keep} must be 0, 1 or 2")
        if not 0.0 <= z <= 10.0:
            raise ValueError(f"z={z} is out of range 0..10")
        if not 0.0 <= leaf_hope <= 1.0:
            raise ValueError(f"leaf_hope={leaf_hope} is out of range 0..1")
        if leaf not in (0, 1):
            raise ValueError(f"leaf={leaf} must be 0 or 1")
        super().__init__(boulware=boulware, personality=personality)
        self.leaf_hope = float(leaf_hope)
        self.leaf = int(leaf)
        self.model = bool(model)
        self._model = ModelNegotiator(boulware=boulware, personality=personality)
        self._model_cache: dict[State, int] = {}
        self._model_game: Game | None = None
        self.verify = int(verify)
        self.rivals = int(rivals)
        self.tail = int(tail)
        self.keep = int(keep)
        self.stakes = int(stakes)
        self.sound = int(sound)
        self.replan = int(replan)
        self._mine = PlayoutNegotiator(boulware=boulware, personality=personality)
        self._theirs = PlayoutNegotiator()
        self.iters = int(iters)
        self.c = float(c)
        self.widen = int(widen)
        self.depth = int(horizon)
        """The tree's `horizon` (`self.horizon` is the negotiator's move-valuation horizon, which
        the prior and `leaf=1` read: `normal`'s)."""
        self.edge = float(edge)
        self.z = float(z)
        self.sims = 0
        """Simulations run so far (all decisions; for the benchmark)."""

    def __repr__(self) -> str:
        return (
            f"IsmctsBot(iters={self.iters}, c={self.c}, widen={self.widen}, "
            f"horizon={self.depth}, edge={self.edge}, verify={self.verify})"
        )

    def choose(self, game: Game, state: State, player: int, rng: random.Random) -> int:
        """A legal action for `player`: the negotiator's, unless the search finds better."""
        with _no_cycle_collection():
            return self._choose(game, state, player, rng)

    def _choose(self, game: Game, state: State, player: int, rng: random.Random) -> int:
        prior = super().choose(game, state, player, rng)
        if state.phase not in (PH_ACT, PH_ANSWER) or self._kept(game, state, player, prior):
            return prior
        legal = game.legal_actions(state)
        obs = game.observe(state, player)
        belief = offer_belief(game, state, player, obs.belief)
        cands = self._candidates(game, state, player, obs, belief)
        root_actions = self._actions(game, legal, cands, prior)
        if len(root_actions) < 2:
            return prior
        view = self.view(game, state, player, obs)
        tree: dict[int, _Node] = {}
        memo = _Memo(game, len(belief))
        if self._model_game is not game or len(self._model_cache) >= MODEL_CACHE:
            self._model_cache.clear()
            self._model_game = game
        other = 1 - player
        scale = self.c * max(1.0, (game.rules.score_max - game.rules.score_min) / 20.0)
        for _ in range(self.iters):
            level = _pick(belief, rng.random())
            if level not in memo.at:  # the root's number is 0
                memo.at[level] = _as_if(state, other, level)
            self._simulate(game, level, player, view, cands, prior, tree, scale, rng, memo)
            self.sims += 1
        root = tree.get(0)
        if root is None:
            return prior
        if self.verify:
            return self._verified(game, state, player, belief, root, prior, rng)
        return self._verdict(root, prior)

    def _kept(self, game: Game, state: State, player: int, prior: int) -> bool:
        """Whether the negotiator's choice stands unsearched (`keep`): a move (1), or a move that
        sets a flag or a status (2)."""
        if not self.keep or game.move_of(prior) < 0:
            return False
        if self.keep == 1:
            return True
        return is_lasting(state, self._after(game, state, prior))

    def _verified(
        self,
        game: Game,
        state: State,
        player: int,
        belief: tuple[float, ...],
        root: _Node,
        prior: int,
        rng: random.Random,
    ) -> int:
        """The tree's best rivals of the negotiator's choice, each compared with it over
        `verify` paired playouts to the end (same determinization and chance draws; both sides
        then play the negotiator's rule): a rival wins on evidence (`edge` + `z` errors)."""
        stats = root.stats
        base = stats.get(prior)
        if base is None or base[0] == 0:
            return prior
        mean_p = base[1] / base[0]
        ranked = sorted(
            (a for a, st in stats.items() if a != prior and st[0] >= 4),
            key=lambda a: -stats[a][1] / stats[a][0],
        )
        if self.sound and any(game.package_of(a) >= 0 for a in ranked):
            sound = self._sound_packages(game, state, player, belief)
            ranked = [a for a in ranked if game.package_of(a) < 0 or game.package_of(a) in sound]
        rivals = [a for a in ranked[: self.rivals] if stats[a][1] / stats[a][0] > mean_p]
        if not rivals:
            return prior
        other = 1 - player
        samples: list[tuple[State, int]] = []
        base_v: list[float | None] = []

        def gain(a: int, i: int) -> float:
            while len(samples) <= i:  # drawn in order: the same samples whoever asks first
                s = _as_if(state, other, _pick(belief, rng.random()))
                samples.append((s, rng.getrandbits(32)))
                base_v.append(None)
            s, seed = samples[i]
            b = base_v[i]
            if b is None:
                b = base_v[i] = self._playout(game, game.apply(s, prior), player, seed)
            return self._playout(game, game.apply(s, a), player, seed) - b

        best, best_low = prior, _EPS
        for a in rivals:
            count = self.verify
            if A_ACCEPT in (a, prior):  # a deal's vote, won or lost, is the game
                count = max(count, self.stakes)
            half = (count + 1) // 2
            diffs = [gain(a, i) for i in range(half)]
            if sum(diffs) / half <= self.edge + _EPS:
                continue  # no gain on the first half: the rest cannot make it a clear one
            diffs += [gain(a, i) for i in range(half, count)]
            n = len(diffs)
            mean = sum(diffs) / n
            var = sum((d - mean) ** 2 for d in diffs) / max(1, n - 1)
            low = mean - self.edge - self.z * math.sqrt(var / n)
            if low > best_low:
                best, best_low = a, low
        return best

    def _sound_packages(
        self, game: Game, state: State, player: int, belief: tuple[float, ...]
    ) -> set[int]:
        """The packages the search may table or counter with under option `sound`: those the
        negotiator prices above no deal."""
        obs = game.observe(state, player)
        view = self.view(game, state, player, obs)
        return {
            p
            for _, _, p_other, p in self.scan(game, state, player, obs, belief)
            if self.table_ev(game, state, view, belief, p, p_other) > view.nd + self.table_gain
        }

    def _playout(self, game: Game, s: State, me: int, seed: int) -> float:
        """Side `me`'s score at the end of a game both sides play out by the negotiator's rule
        (chance drawn from a stream per turn, so paired playouts share their draws)."""
        turn, draws = -1, random.Random(0)
        last = s.turn + self.tail - 1 if self.tail else game.rules.num_turns
        plans: dict[int, dict[Any, int] | None] = {}
        """Side -> the later steps of the plan its negotiator made last (option `replan`)."""
        while s.phase != PH_TERMINAL:
            if s.phase == PH_CHANCE:
                if s.turn != turn:
                    turn, draws = s.turn, random.Random(seed * 64 + s.turn)
                a = _draw(game.chance_outcomes(s), draws.random())
            elif s.turn > last:
                a = self._model_choice(game, s, draws)
            else:
                a = -1
                plan = plans.get(s.actor)
                if plan is not None and s.phase == PH_ACT and s.acted:
                    a = plan.get(plan_key(s), -1)
                    if a >= 0 and a not in game.legal_actions(s):
                        a = -1
                if a < 0:
                    bot = self._mine if s.actor == me else self._theirs
                    a, plan = bot.planned(game, s, s.actor, draws)
                    if not self.replan:
                        plans[s.actor] = plan
            s = game.apply(s, a)
        return game.returns(s)[me]

    def _verdict(self, root: _Node, prior: int) -> int:
        """The most visited root action that beats the negotiator's choice by `edge` points
        with at least a quarter of the root's visits; else the negotiator's choice."""
        stats = root.stats
        base = stats.get(prior)
        if base is None or base[0] == 0:
            return prior
        base_mean = base[1] / base[0]
        best, best_key = prior, (base[0], base_mean)
        for a, (n, w) in stats.items():
            if a == prior or n < root.n / 4:
                continue
            if w / n > base_mean + self.edge and (n, w / n) > best_key:
                best, best_key = a, (n, w / n)
        return best

    # --- the search -------------------------------------------------------------------------

    def _candidates(
        self, game: Game, state: State, player: int, obs: Any, belief: tuple[float, ...]
    ) -> tuple[int, ...]:
        """Packages the tree may table: best for this side, then best for the other side among
        those inside this side's win-set (`widen` in all)."""
        found = self.scan(game, state, player, obs, belief)
        mine = [p for _, _, _, p in sorted(found, key=lambda x: (-x[0] * x[1] * x[2], x[3]))]
        u_other = game.utilities(state, 1 - player)
        theirs = sorted((x[3] for x in found), key=lambda p: (-u_other[p], p))
        out: list[int] = []
        for a, b in zip(mine, theirs, strict=True):
            for p in (a, b):
                if p not in out and len(out) < self.widen:
                    out.append(p)
        return tuple(out)

    def _actions(
        self, game: Game, legal: Sequence[int], cands: tuple[int, ...], first: int
    ) -> tuple[int, ...]:
        """A node's actions in the order progressive widening opens them."""
        # ascending: end, accept, reject, moves, then the packages (the last actions)
        plain = list(takewhile(game.package_action(0).__gt__, legal))
        can_table = len(legal) > len(plain)
        tabling = [game.package_action(p) for p in cands if can_table]
        tabling = [a for a in tabling if a in legal]
        order = [a for a in (A_ACCEPT, A_END, A_REJECT) if a in plain]
        order += tabling + [a for a in plain if a not in order]
        if first in order:
            order.remove(first)
        if first in legal:
            order.insert(0, first)
        return tuple(order)

    def _simulate(
        self,
        game: Game,
        level: int,
        me: int,
        view: Any,
        cands: tuple[int, ...],
        prior: int,
        tree: dict[int, _Node],
        scale: float,
        rng: random.Random,
        memo: _Memo,
    ) -> None:
        """One iteration in the determinization where the other side's level is `level`: a
        descent from the root (path number 0) to a new node, the horizon or the end, then a
        backup of the leaf's value."""
        path: list[tuple[_Node, int, int]] = []
        num = 0
        here = level  # the key of the state at path `num` in this determinization
        levels = memo.levels
        at = memo.at
        s = at[here]
        last_turn = s.turn + self.depth
        value: tuple[float, float] | None = None
        while True:
            if s.phase == PH_TERMINAL:
                r = game.returns(s)
                value = (r[0], r[1])
                break
            if s.phase == PH_CHANCE:
                odds = memo.odds.get(here)
                if odds is None:
                    odds = memo.odds[here] = game.chance_outcomes(s)
                a = _draw(odds, rng.random())
            elif s.turn > last_turn:
                break
            elif self.model and s.actor != me:
                # the other side plays the negotiator's rule in this determinization
                found = memo.model.get(here)
                if found is None:
                    found = memo.model[here] = self._model_choice(game, s, rng)
                a = found
            else:
                node = tree.get(num)
                if node is None:
                    first = prior if not num else -1
                    tree[num] = _Node(self._actions(game, game.legal_actions(s), cands, first))
                    break
                i = _select(node, scale)
                a = node.actions[i]
                path.append((node, i, s.actor))
            num = memo.node(num, a)
            here = num * levels + level
            nxt = at.get(here)
            if nxt is None:
                nxt = at[here] = game.apply(s, a)
            s = nxt
        if value is None:
            value = memo.values.get(here)
            if value is None:
                value = memo.values[here] = self._leaf(game, s, me, view, memo)
        for node, i, mover in path:
            node.n += 1
            node.visits[i] += 1
            node.sums[i] += value[mover]

    def _leaf(self, game: Game, s: State, me: int, view: Any, memo: _Memo) -> tuple[float, float]:
        """A leaf's value for both sides; it reads neither the other side's hidden level nor its
        signals, so it is kept by the state as the searching side sees it."""
        seen = _as_if(s, 1 - me, -1)
        value = memo.seen.get(seen)
        if value is None:
            nd = game.no_deal_returns(s)
            mine = nd[me]
            if self.leaf:
                mine = self.move_value(game, s, view)
            elif s.phase != PH_TERMINAL:
                mine += self.leaf_hope * (self.value(game, s, view) - nd[me])
            value = memo.seen[seen] = (mine, nd[1]) if me == 0 else (nd[0], mine)
        return value

    def _model_choice(self, game: Game, s: State, rng: random.Random) -> int:
        """The modelled other side's choice in a determinized state. A pure cache: the rule
        draws no random numbers and reads nothing but the state, so a choice remembered from an
        earlier decision's tree (the next decision's tree covers much of it) is the same."""
        a = self._model_cache.get(s)
        if a is None:
            a = self._model.choose(game, s, s.actor, rng)
            self._model_cache[s] = a
        return a


def _select(node: _Node, scale: float) -> int:
    """UCB1 over the actions progressive widening has opened (the next one first, in order):
    the index of the action chosen in `node.actions`. Every opened action has been visited:
    a backup follows each selection."""
    opened = min(len(node.actions), max(1, math.ceil(2.0 * math.sqrt(node.n + 1))))
    visits, sums = node.visits, node.sums
    made = len(visits)
    if made < opened:
        visits.append(0)
        sums.append(0.0)
        return made
    best, best_u = 0, -math.inf
    log_n = math.log(node.n + 1)
    for i in range(opened):
        v = visits[i]
        u = sums[i] / v + scale * math.sqrt(log_n / v)
        if u > best_u:
            best, best_u = i, u
    return best


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused (and resumed as it was): a search allocates millions of
    short-lived tuples and its caches hold millions more, so the collector ran dozens of full
    passes a decision over objects that reference counting frees anyway (measured: a sixth of
    `hard`'s time, and nothing collected). Cycles made meanwhile wait for the next pass.

    On resuming, what the decision left alive (its cache entries, mostly) is moved to the oldest
    generation (`gc.freeze` then `gc.unfreeze`, as documented: both take constant time) instead
    of being scanned by the young generations' next passes (another twelfth of its time,
    measured: nothing collected there either); the next full pass looks at it. Not when the
    process keeps objects frozen itself (`gc.get_freeze_count`): they stay frozen."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
        gc.enable()


_HIDDEN = State._fields.index("hidden")
assert State._fields[_HIDDEN + 1] == "signals"


def _as_if(state: State, other: int, level: int) -> State:
    """`state` with side `other`'s hidden level set to `level` (-1: unknown) and the signals
    only it received blanked: a determinization, or a key that reads neither (built directly,
    not by `_replace`: once a simulation)."""
    hidden = list(state.hidden)
    hidden[other] = level
    signals = list(state.signals)
    signals[other] = ()
    return tuple.__new__(
        State, (*state[:_HIDDEN], tuple(hidden), tuple(signals), *state[_HIDDEN + 2 :])
    )


def _pick(weights: tuple[float, ...], x: float) -> int:
    """Index drawn from `weights` (summing to about 1) by the uniform number `x`."""
    acc = 0.0
    for i, w in enumerate(weights):
        acc += w
        if x < acc:
            return i
    return len(weights) - 1


def _draw(outcomes: tuple[tuple[int, float], ...], x: float) -> int:
    """The chance outcome the uniform number `x` picks."""
    acc = 0.0
    for a, p in outcomes:
        acc += p
        if x < acc:
            return a
    return outcomes[-1][0]
