"""Advice for the front ends: what each advisor would do, and how the other side would answer.

    for v in advisor_verdicts(game, state, side):       # one per advisor the scenario defines
        print(v.name, v.stance, v.text)                 # e.g. "MOFA against: table ..."
    p = answer_probability(game, state, viewer, package)  # chance the other side accepts it

**Advisors** (R7.3) are computed by `AdvisorBot`, a bot that judges by one advisor's own
values instead of the side's. On its side's turn to act it advises the move whose capital buys the
most `worth` — the side's no-deal score a few turns on (weighted `no_deal_weight`, the common
ground) plus its best deal prospect by its own values (gain over the status quo times both home
fronts' ratification chances) — so METI presses the moves that make an economic deal ratifiable
while MOFA and the defence circles, whose deals Moscow would not ratify, advise for the status
quo; when no move pays it tables the package it likes best among those both home fronts would
likely ratify, else it ends the turn. Answering, it accepts an offer it values above the status
quo by `margin` when the side's own home front would likely ratify it, else counters with its
favourite, else rejects.

**The answer model** never reads the true draw (that would let a player probe the whole win-set):
it averages the opponent bot's decision rule over the viewer's belief about the other side's
hidden level (the observation's belief, updated on the offer on the table), with the other
side's private signals — which the viewer cannot see — blanked to none.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from game.ai.base import Bot
from game.ai.beliefs import accept_chance, offer_belief
from game.ai.deal_prospects import A_ACCEPT, A_END, A_REJECT
from game.ai.negotiator import NegotiatorBot
from game.engine import (
    PH_ACT,
    PH_ANSWER,
    PH_TERMINAL,
    Game,
    Observation,
    State,
    Work,
    logistic,
    ratification_odds,
)


@dataclass(frozen=True, slots=True)
class Verdict:
    """One advisor's advice at a decision."""

    advisor: str
    """The advisor's id in the scenario."""
    name: str
    action: int
    """The action it recommends (legal in the state)."""
    text: str
    """That action in the game's own words (`Game.action_to_string`)."""
    stance: str
    """On the package on the table: `for`, `against` or `indifferent` ('' when none)."""
    gain: float
    """Its utility of the package on the table minus the status quo's (0 when none)."""
    reason: str = ""
    """Why it does not accept a package it is `for` ('' otherwise): advice that seems to
    contradict its stance says why."""


class AdvisorBot:
    """Plays one side by one advisor's values (a bot of the protocol; no state of its own)."""

    name = "advisor"

    def __init__(
        self,
        advisor: int = 0,
        margin: float = 1.0,
        likely: float = 0.5,
        min_gain: float = 0.05,
        no_deal_weight: float = 0.2,
    ) -> None:
        """Args:
        advisor: index of the advisor in its side's list.
        margin: least gain over the status quo, in the advisor's utility, worth a deal.
        likely: least chance (under the belief) that a home front ratifies a package it backs.
        min_gain: least gain in `worth` per unit of capital worth advising a move.
        no_deal_weight: weight of the side's no-deal score in `worth` (0..1): an advisor presses
            its own agenda, the deal its values favour; the status quo is every advisor's
            common ground (weighted fully, it drowns the agendas and they all advise alike).
        """
        if advisor < 0:
            raise ValueError(f"advisor={advisor} is out of range (>= 0)")
        if not 0.0 <= likely <= 1.0:
            raise ValueError(f"likely={likely} is out of range 0..1")
        self.advisor = int(advisor)
        self.margin = float(margin)
        self.likely = float(likely)
        self.min_gain = float(min_gain)
        if not 0.0 <= no_deal_weight <= 1.0:
            raise ValueError(f"no_deal_weight={no_deal_weight} is out of range 0..1")
        self.no_deal_weight = float(no_deal_weight)

    def gains(self, game: Game, state: State, side: int) -> list[float]:
        """The advisor's utility of every package minus its utility of the status quo."""
        n = len(game.rules.packages)
        values = [game.advisor_utility(state, side, self.advisor, p) for p in range(n)]
        sq = _status_quo(game)
        zero = values[sq] if sq >= 0 else 0.0
        return [v - zero for v in values]

    def favourite(self, game: Game, state: State, side: int, exclude: int = -1) -> int:
        """The package it likes best among those both home fronts would likely ratify (by the
        side's own reservation and its belief about the other's), or -1."""
        obs = game.observe(state, side)
        belief = offer_belief(game, state, side, obs.belief)
        soft = game.rules.softness
        own = game.utilities(state, side)
        other = game.utilities(state, 1 - side)
        best, best_gain = -1, self.margin
        for p, g in enumerate(self.gains(game, state, side)):
            if g <= best_gain or p == exclude:
                continue
            if logistic(own[p] - obs.own_reservation, soft) < self.likely:
                continue
            if accept_chance(game, state, 1 - side, belief, other[p]) < self.likely:
                continue
            best, best_gain = p, g
        return best

    def move_values(self, game: Game, state: State, side: int) -> dict[int, float]:
        """Each legal move's gain in `worth` per unit of capital it costs (what a unit of the
        side's capital buys by the advisor's values), by action. A state's worth to the advisor
        is the side's no-deal score a few turns on (the negotiator's `projected`, from the
        meters as they stand, so every advisor shares it) plus its own best deal `prospect`;
        chance after a move is taken by expectation under the side's belief."""
        obs = game.observe(state, side)
        belief = offer_belief(game, state, side, obs.belief)
        base = self._expect(game, state, side, obs, belief, state.meters, 0)
        out = {}
        for action in game.legal_actions(state):
            move = game.move_of(action)
            if move < 0:
                continue
            after = game.apply(state, action)
            after_v = self._expect(game, after, side, obs, belief, state.meters, 0)
            out[action] = (after_v - base) / max(1, game.rules.moves[move].cost)
        return out

    def prospect(
        self, game: Game, state: State, side: int, obs: Observation, belief: tuple[float, ...]
    ) -> float:
        """The advisor's best deal prospect in `state`: max over packages of its gain over the
        status quo times both home fronts' ratification chances (0 when none gains)."""
        rules = game.rules
        gains = self.gains(game, state, side)
        own = game.utilities(state, side)
        other = game.utilities(state, 1 - side)
        res_own = ((1.0, obs.own_reservation),)
        res_other = game.reservations(state, 1 - side, belief)
        soft, below = rules.softness, rules.softness_below
        best = 0.0
        for p, g in enumerate(gains):
            if g <= best:
                continue
            g *= ratification_odds(own[p], res_own, soft, below)
            if g <= best:
                continue
            g *= ratification_odds(other[p], res_other, soft, below)
            best = max(best, g)
        return best

    def _expect(
        self,
        game: Game,
        state: State,
        side: int,
        obs: Observation,
        belief: tuple[float, ...],
        anchor: tuple[int, ...],
        depth: int,
    ) -> float:
        if state.phase == PH_TERMINAL:
            return game.returns(state)[side]
        node = game.pending_chance(state)
        if node is None or depth >= 4 or node.kind == Work.REVEAL:
            # a signal moves no meter: the state is worth what it is before the draw
            nd = _PROJECTOR.projected(game, state, anchor)[side]
            return self.no_deal_weight * nd + self.prospect(game, state, side, obs, belief)
        return sum(
            p * self._expect(game, game.apply(state, a), side, obs, belief, anchor, depth + 1)
            for a, p in game.believed_chance_outcomes(state, obs, belief)
        )

    def choose(self, game: Game, state: State, player: int, rng: random.Random) -> int:
        """The advisor's recommendation for `player` in `state` (deterministic): on its turn
        to act, the move whose capital buys the most `worth` (when it buys more than
        `min_gain` a unit), else the package it would table, else the end of the turn."""
        legal = game.legal_actions(state)
        if not legal:
            raise ValueError("no legal action: the game is over")
        if state.phase not in (PH_ACT, PH_ANSWER):
            return legal[int(rng.random() * len(legal))]
        can_table = game.package_of(legal[-1]) >= 0
        if state.phase == PH_ANSWER:
            table = state.table
            gain = self.gains(game, state, player)[table]
            obs = game.observe(state, player)
            own = game.utilities(state, player)[table]
            likely = logistic(own - obs.own_reservation, game.rules.softness) >= self.likely
            if gain >= self.margin and likely:
                return A_ACCEPT
            pkg = self.favourite(game, state, player, exclude=table) if can_table else -1
            return game.package_action(pkg) if pkg >= 0 else A_REJECT
        values = self.move_values(game, state, player)
        if values:
            best = min(values, key=lambda a: (-values[a], a))
            if values[best] > self.min_gain:
                return best
        pkg = self.favourite(game, state, player) if can_table else -1
        return game.package_action(pkg) if pkg >= 0 else A_END


def advisor_verdicts(game: Game, state: State, side: int) -> list[Verdict]:
    """Each of `side`'s advisors' advice at a decision of that side (one `Verdict` each, in the
    scenario's order; empty when the side has none or it is not the side's decision)."""
    if state.phase not in (PH_ACT, PH_ANSWER) or state.actor != side:
        return []
    out = []
    for i, adv in enumerate(game.rules.sides[side].advisors):
        bot = AdvisorBot(i, likely=0.35)
        action = bot.choose(game, state, side, random.Random(0))
        gain, stance = 0.0, ""
        if state.table >= 0 and state.phase == PH_ANSWER:
            gain = bot.gains(game, state, side)[state.table]
            stance = "for" if gain > 1 else "against" if gain < -1 else "indifferent"
        text = game.action_to_string(state, action)
        reason = ""
        if stance == "for" and action != A_ACCEPT:
            reason = (
                f"it favours the package ({gain:+.1f}) but doubts our home front would ratify it"
                if gain >= bot.margin
                else f"it favours the package, but by too little ({gain:+.1f}) to settle"
            )
        out.append(Verdict(adv.id, adv.name, action, text, stance, gain, reason))
    return out


def answer_odds(
    game: Game, state: State, viewer: int, package: int, opponent: Bot | None = None
) -> tuple[float, float, float]:
    """(accept, counter, reject) chances of the other side's answer if `viewer` tabled (or
    countered with) `package` now, by the `opponent` bot's rule (default: `normal`) averaged
    over the viewer's belief. Raises ValueError when the viewer cannot table it now."""
    if state.phase not in (PH_ACT, PH_ANSWER) or state.actor != viewer:
        raise ValueError("the viewer is not the side to decide")
    action = game.package_action(package)
    if action not in game.legal_actions(state):
        raise ValueError(f"package {package} cannot be tabled now")
    if opponent is None:
        from game.ai.registry import make_bot  # the registry imports this module's users

        opponent = make_bot("normal")
    other = 1 - viewer
    obs = game.observe(state, viewer)
    belief = offer_belief(game, state, viewer, obs.belief)
    odds = [0.0, 0.0, 0.0]
    for level, weight in enumerate(belief):
        if weight <= 1e-12:
            continue
        hidden = list(state.hidden)
        hidden[other] = level
        signals = list(state.signals)
        signals[other] = ()
        s = state._replace(hidden=tuple(hidden), signals=tuple(signals))
        s = game.apply(s, action)
        if s.phase != PH_ANSWER or s.actor != other:
            continue
        answer = opponent.choose(game, s, other, random.Random(level))
        slot = 0 if answer == A_ACCEPT else 2 if answer == A_REJECT else 1
        odds[slot] += weight
    total = sum(odds)
    if total <= 0.0 or math.isnan(total):
        return (0.0, 0.0, 1.0)
    return (odds[0] / total, odds[1] / total, odds[2] / total)


def answer_probability(
    game: Game, state: State, viewer: int, package: int, opponent: Bot | None = None
) -> float:
    """Chance, as far as `viewer` may know, that the other side accepts `package` if the viewer
    tables it now (see `answer_odds`)."""
    return answer_odds(game, state, viewer, package, opponent)[0]


_PROJECTOR = NegotiatorBot()
"""The negotiator's projection of the no-deal scores (`projected`; pure caches only)."""


def _status_quo(game: Game) -> int:
    return game.status_quo
