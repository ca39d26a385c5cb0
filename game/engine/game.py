"""The public face of the engine, in OpenSpiel's vocabulary; every method is a pure function.

The usage pattern:

    game = Game(rules)                       # rules from game.scenario.load_rules(...)
    state = game.new_initial_state()
    while not game.is_terminal(state):
        if game.current_player(state) == CHANCE:
            action = sample(game.chance_outcomes(state))      # the driver owns randomness
        else:
            action = choose(game.legal_actions(state))
        state = game.apply(state, action)
    game.returns(state)

Player actions are ints in `[0, info.num_distinct_actions)`: 0 end the part, 1 accept, 2 reject,
then one id per move instance, then one per coherent package (table, or counter when answering).
At a chance node the action is the outcome index, in `[0, info.max_chance_outcomes)`.
`apply` is the unchecked hot path (the action must be legal); `game.match.Session` checks.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from game.engine.actions import action_to_string, chance_node_name, parse_action
from game.engine.bounds import max_chance_outcomes, max_game_length
from game.engine.chance import ChanceNode
from game.engine.chance import describe as describe_chance
from game.engine.conditions import condition_terms, shortfalls, unmet
from game.engine.expr import Fn, Node, compile_expr
from game.engine.legal import LegalActions
from game.engine.memo import remember
from game.engine.observation import Observation, observe
from game.engine.preview import Preview, preview
from game.engine.rules import EndingInfo, ForbiddenRule, GameInfo, Rules
from game.engine.state import (
    CHANCE,
    COUNTER_USED,
    PH_CHANCE,
    PH_TERMINAL,
    TERMINAL,
    Phase,
    State,
)
from game.engine.trace import Change
from game.engine.transitions import MOVE_BASE, Machine
from game.engine.utilities import PackageUtilities, WorldProjection
from game.engine.values import ratification_odds, signal_likelihood
from game.engine.work import Work

NO_DEAL_CACHE = 4096
"""Worlds whose no-deal scores a game remembers before it forgets them all."""


class EndingEnv:
    """The world as ending expressions see it: a state plus `deal` and `deadline`.

    `table` is the package the endings judge (the state's own by default).
    """

    __slots__ = ("deadline", "deal", "flags", "meters", "statuses", "table", "turn")

    def __init__(self, s: State, deal: bool, deadline: bool, table: int | None = None) -> None:
        self.meters = s.meters
        self.flags = s.flags
        self.statuses = s.statuses
        self.turn = s.turn
        self.table = s.table if table is None else table
        self.deal = deal
        self.deadline = deadline


class Game:
    """The rules of one compiled scenario: create states, query and advance them."""

    __slots__ = (
        "_ending_flags",
        "_flex",
        "_forbidden",
        "_legal",
        "_m",
        "_no_deal",
        "_no_deal_proj",
        "_score_proj",
        "_scored",
        "_terms",
        "_utilities",
        "info",
        "rules",
    )

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self._m = Machine(rules)
        self._legal = LegalActions(self._m)
        self._utilities = tuple(PackageUtilities(self._m, side) for side in range(len(rules.sides)))
        self._score_proj = tuple(WorldProjection(e.scores) for e in rules.endings)
        self._scored = tuple(
            WorldProjection(tuple(e.scores[side] for e in rules.endings)).meters
            for side in range(len(rules.sides))
        )
        self._flex = tuple(tuple(lv.value for lv in s.flex_levels) for s in rules.sides)
        """Per side: the value of each of its flexibility levels (`reservations`)."""
        self._ending_flags = WorldProjection(tuple(e.when for e in rules.endings)).flag_mask
        self._forbidden = tuple(compile_expr(f.when) for f in rules.forbidden)
        self._no_deal: dict[tuple[Any, ...], tuple[float, ...]] = {}
        """`no_deal_returns` by what it reads (bots ask it of the same worlds again and again)."""
        self._no_deal_proj = WorldProjection(
            (
                tuple(e.when for e in rules.endings),
                tuple(e.scores for e in rules.endings),
                tuple(s.values for s in rules.sides),
            )
        )
        """What the no-deal endings read of the meters, flags and statuses: the endings'
        conditions and scores, and the sides' utilities (`utility(...)` in a score); with the
        turn and the table (the only other things an ending expression reads), its cache key."""
        self._terms: dict[int, tuple[tuple[Node, Fn], ...]] = {}
        """A move's condition split into its compiled `and` terms (`meter_shortfalls`)."""
        self.info = self._game_info()

    def _game_info(self) -> GameInfo:
        r = self.rules
        return GameInfo(
            num_players=len(r.sides),
            num_distinct_actions=self._m.num_actions,
            max_chance_outcomes=max_chance_outcomes(r),
            max_game_length=max_game_length(r),
            min_utility=r.score_min,
            max_utility=r.score_max,
        )

    # --- OpenSpiel API ----------------------------------------------------------------------

    def new_initial_state(self) -> State:
        """The state at the start: the hidden-limit draws (chance), then turn 1."""
        return self._m.initial()

    def current_player(self, state: State) -> int:
        """Side to act or answer; CHANCE at a draw; TERMINAL at the end."""
        phase = state.phase
        if phase == PH_CHANCE:
            return CHANCE
        if phase == PH_TERMINAL:
            return TERMINAL
        return state.actor

    def is_terminal(self, state: State) -> bool:
        """True when the game is over."""
        return state.phase == PH_TERMINAL

    def is_chance_node(self, state: State) -> bool:
        """True when the next action is a chance outcome."""
        return state.phase == PH_CHANCE

    def legal_actions(self, state: State) -> Sequence[int]:
        """Legal action ids for the player (or chance) to move, sorted ascending.

        A tuple, or for tabling and countering an `ActionList` (an immutable sequence holding
        the package ids as a range, equal to the tuple of its items): do not build a list of it
        in a hot loop, index it. Chance nodes give their outcome indices; the end gives ().
        """
        if state.phase == PH_CHANCE:
            return tuple(k for k, _ in self.chance_outcomes(state))
        return self._legal(state)

    def chance_outcomes(self, state: State) -> tuple[tuple[int, float], ...]:
        """(outcome index, probability) pairs at a chance node; raises ValueError elsewhere.

        A chance action is the outcome index, in `[0, info.max_chance_outcomes)` (OpenSpiel's
        definition); zero-probability outcomes are left out.
        """
        if state.phase != PH_CHANCE:
            raise ValueError("not a chance node")
        last, outs = self._m.last_chance
        if last is state:
            return outs
        return self._m.outcomes_of(state, state.queue[0])

    def apply(self, state: State, action: int, trace: list[Change] | None = None) -> State:
        """The successor state. Precondition: `action` is in `legal_actions(state)`.

        When `trace` is a list, every change and narrative note is appended to it (the why-log).
        """
        return self._m.apply(state, action, trace)

    def returns(self, state: State) -> tuple[float, ...]:
        """Score per side at the end (clamped to the scenario's bounds); zeros before."""
        n = len(self.rules.sides)
        if state.phase != PH_TERMINAL or state.ending < 0:
            return (0.0,) * n
        env = EndingEnv(state, state.table >= 0, state.turn >= self.rules.num_turns)
        pkg = self.rules.packages[state.table] if state.table >= 0 else None
        lo, hi = self.rules.score_min, self.rules.score_max
        scores = self._m.ending_scores[state.ending]
        return tuple(bounded_score(f(env, pkg), lo, hi) for f in scores)

    def observe(self, state: State, player: int) -> Observation:
        """What side `player` can see: the world, its own limits, a belief about the other's."""
        return observe(self._m, state, player)

    def action_to_string(self, state: State, action: int) -> str:
        """Canonical text of an action in `state` (parse_action reads it back)."""
        return action_to_string(self._m, state, action)

    def parse_action(self, state: State, text: str) -> int:
        """The action id that `text` names in `state`; raises ActionError if it names none."""
        return parse_action(self._m, state, text, self.legal_actions(state))

    # --- the public face for front ends and bots ---------------------------------------------
    #
    # Queries about what a side may know take that side's belief (a distribution over the
    # other side's flexibility levels, e.g. `Observation.belief`, or `levels_belief`) and never
    # read the hidden draws. The referee queries at the end read them: for tests and analysis,
    # never for a side's decision.

    def phase(self, state: State) -> Phase:
        """What the state waits for."""
        return Phase(state.phase)

    def ending(self, state: State) -> EndingInfo | None:
        """The ending reached, or None."""
        return self.rules.endings[state.ending] if state.ending >= 0 else None

    def preview(self, state: State, action: int) -> Preview:
        """Expected changes of a legal `action` in `state`, from a dry run (see preview.py)."""
        return preview(self, state, action)

    def unmet_conditions(self, state: State, move: int) -> tuple[str, ...]:
        """The parts of move instance `move`'s precondition that are false in `state`, in words
        with the public values they read (empty when its condition holds or it has none)."""
        when = self.rules.moves[move].when
        return () if when is None else unmet(self.rules, self._m.fn, state, when)

    def meter_shortfalls(self, state: State, move: int) -> tuple[tuple[int, int], ...]:
        """The parts of move instance `move`'s precondition that are false in `state`, each as
        (meter index, the change of that meter that meets it: +k to rise by k, -k to fall by k),
        or (-1, 0) for a part no change of one meter meets (empty when the condition holds)."""
        terms = self._terms.get(move)
        if terms is None:
            when = self.rules.moves[move].when
            terms = self._terms[move] = () if when is None else condition_terms(self._m.fn, when)
        return shortfalls(terms, state)

    def chance_node(self, state: State) -> str:
        """Name of the pending chance draw (e.g. `ratify.japan`), or '' when none."""
        if state.phase != PH_CHANCE:
            return ""
        return chance_node_name(self._m, state.queue[0])

    def pending_chance(self, state: State) -> ChanceNode | None:
        """The pending chance draw (what it draws, whose hidden level it involves), or None."""
        if state.phase != PH_CHANCE:
            return None
        return describe_chance(self._m, state.queue[0])

    def believed_chance_outcomes(
        self, state: State, obs: Observation, belief: Sequence[float] | None = None
    ) -> tuple[tuple[int, float], ...]:
        """(outcome index, probability) pairs of the pending draw as side `obs.player` sees it.

        Draws whose odds are public, or depend on the player's own level, keep the engine's odds;
        a draw of the other side's level, a signal about it and its home front's vote are priced
        under `belief` (over the other side's levels; default `obs.belief`). Zero odds left out.
        """
        node = self.pending_chance(state)
        if node is None:
            raise ValueError("not a chance node")
        other = node.hidden_side
        if other < 0 or other == obs.player:
            return self.chance_outcomes(state)
        b = tuple(obs.belief if belief is None else belief)
        if node.kind == Work.FLEX:
            probs: Sequence[float] = b
        elif node.kind == Work.REVEAL:
            n = len(b)
            likely = [signal_likelihood(n, lv, node.accuracy) for lv in range(n)]
            probs = [sum(bl * likely[lv][j] for lv, bl in enumerate(b)) for j in range(n)]
        else:  # RATIFY
            p = self.ratify_odds(state, other, state.table, b)
            probs = (p, 1.0 - p)
        return tuple((k, p) for k, p in enumerate(probs) if p > 0.0)

    def levels_belief(self, obs: Observation, side: int) -> tuple[float, ...]:
        """What `obs.player` believes of `side`'s flexibility levels: its own level for certain
        (when drawn), the belief of its observation for the other side."""
        if side != obs.player:
            return obs.belief
        levels = self.rules.sides[side].flex_levels
        if obs.own_level < 0:
            return tuple(lv.p for lv in levels)
        return tuple(1.0 if i == obs.own_level else 0.0 for i in range(len(levels)))

    def base_reservation(self, state: State, side: int) -> float:
        """Side's public reservation expression, before its hidden flexibility (R7.1)."""
        return self._m.values.base_reservation(side, state)

    def reservations(
        self, state: State, side: int, belief: Sequence[float]
    ) -> tuple[tuple[float, float], ...]:
        """(probability, reservation level) of each of `side`'s flexibility levels that
        `belief` (a distribution over them) gives a positive probability."""
        base = self._m.values.base_reservation(side, state)
        return tuple(
            [(p, base - v) for p, v in zip(belief, self._flex[side], strict=True) if p > 0.0]
        )

    def ratify_odds(self, state: State, side: int, package: int, belief: Sequence[float]) -> float:
        """Chance that `side`'s home front ratifies `package` now, its level distributed as
        `belief` (R5.4; `ratification_odds` is the formula, for callers with the utilities), or
        0 when its home front already refused a package at least as good for it (R5.5)."""
        if self.refused_before(state, side, package):
            return 0.0
        return ratification_odds(
            self.utility(state, side, package),
            self.reservations(state, side, belief),
            self.rules.softness,
            self.rules.softness_below,
        )

    def refused_before(self, state: State, side: int, package: int) -> bool:
        """Whether `side`'s home front has refused a package at least as good for it as
        `package`, so that it would refuse this one at once (R5.5; public knowledge)."""
        return self._m.values.refused_before(side, state, self.rules.packages[package])

    def settle(self, state: State, package: int, refused_by: int = -1) -> State:
        """The state if `package` were tabled and accepted now and the home fronts voted in side
        order, every one ratifying, or side `refused_by` refusing (later sides then do not vote).

        A vote whose odds are 0 or 1 is no draw: the engine settles it, so the result may differ
        from the wish; callers check the state (a deal ends the game with `table == package`).
        `state` must be a decision (a side to act or answer).
        """
        return self._m.settle(state, package, refused_by)

    def deal_outcome(self, state: State, package: int) -> DealOutcome | None:
        """The ending and scores a ratified deal on `package` would reach now (on-deal effects
        included), or None when a home front cannot ratify it at all."""
        s = self.settle(state, package)
        if s.phase == PH_TERMINAL and s.table == package:
            return DealOutcome(s.ending, self.returns(s), s)
        return None

    def ending_score(self, state: State, ending: int, side: int, package: int) -> float:
        """Side's score expression of `ending` (unclamped) as if a deal on `package` reached it
        in the world of `state`, before the deal's effects: a fast estimate of `deal_outcome`."""
        env = EndingEnv(state, True, state.turn >= self.rules.num_turns, package)
        return float(self._m.ending_scores[ending][side](env, self.rules.packages[package]))

    def scored_meters(self, side: int) -> tuple[int, ...]:
        """The meters some ending's score for `side` reads (ascending): what it is scored on."""
        return self._scored[side]

    def no_deal_returns(self, state: State) -> tuple[float, ...]:
        """Scores if the talks ended now without a deal, as at the deadline (a bot heuristic)."""
        # a pure cache keyed by everything of the ending world (`EndingEnv`) it reads
        key = (state.turn, state.table, self._no_deal_proj.key(state))
        out = self._no_deal.get(key)
        if out is None:
            out = remember(self._no_deal, key, self._no_deal_returns(state), NO_DEAL_CACHE)
        return out

    def _no_deal_returns(self, state: State) -> tuple[float, ...]:
        env = EndingEnv(state, False, True)
        ending = self._m.pick_ending(env, deal=False, deadline=True)
        if ending < 0:
            return (0.0,) * len(self.rules.sides)
        lo, hi = self.rules.score_min, self.rules.score_max
        return tuple(bounded_score(f(env, None), lo, hi) for f in self._m.ending_scores[ending])

    # packages and utilities

    def package_of(self, action: int) -> int:
        """Package index of a table/counter action, or -1."""
        p = action - self._m.pkg_base
        return p if 0 <= p < len(self.rules.packages) else -1

    def package_action(self, package: int) -> int:
        """The table/counter action id of a package index."""
        return self._m.pkg_base + package

    def move_of(self, action: int) -> int:
        """Move instance index of a move action, or -1."""
        i = action - MOVE_BASE
        return i if 0 <= i < len(self.rules.moves) else -1

    def move_action(self, move: int) -> int:
        """The action id of a move instance index."""
        return MOVE_BASE + move

    def package_index(self, options: tuple[int, ...]) -> int:
        """Index of the package with these option indices, or -1 if it is not coherent."""
        return self._m.package_lookup.get(options, -1)

    def forbidding_rule(self, options: tuple[int, ...]) -> ForbiddenRule | None:
        """The first rule (in file order) that forbids this combination of option indices, or
        None when it is a coherent package (or no rule names it: a wrong length or index)."""
        if self.package_index(options) >= 0:
            return None
        issues = self.rules.issues
        if len(options) != len(issues) or any(
            not 0 <= o < len(i.options) for o, i in zip(options, issues, strict=True)
        ):
            return None
        start = self._m.initial()  # rules over options only: judged as at the start (L015)
        for rule, when in zip(self.rules.forbidden, self._forbidden, strict=True):
            if when(start, options):
                return rule
        return None

    @property
    def status_quo(self) -> int:
        """Index of the status-quo package (every issue at its no-change option), or -1."""
        return self.package_index(self._m.status_quo)

    def package_text(self, package: int) -> str:
        """The options of a package, in words."""
        return self._m.package_text(package)

    def counter_used(self, state: State) -> bool:
        """True when a package was already countered this turn (at most one counter a turn)."""
        return bool(state.tabled_mask & COUNTER_USED)

    def utility(self, state: State, side: int, package: int) -> float:
        """Side's utility of a package in the world of `state` (R7.1)."""
        return self._utilities[side].one(state, package)

    def utilities(self, state: State, side: int) -> Sequence[float]:
        """Side's utility of every coherent package in the world of `state`, by package index.

        Utilities are public (only reservation levels are hidden); cached per world they read
        (the cache is shared: do not mutate the result).
        """
        return self._utilities[side].vector(state)

    def utility_key(self, state: State, side: int) -> Hashable:
        """The part of the world side's utilities read: equal keys, equal utilities."""
        return self._utilities[side].proj.key(state)

    def score_key(self, state: State, ending: int) -> Hashable:
        """The part of the world `ending`'s score expressions read (besides the package)."""
        return self._score_proj[ending].key(state)

    def ending_key(self, state: State) -> Hashable:
        """The flags the endings' conditions read and the territory statuses."""
        return (state.flags & self._ending_flags, state.statuses)

    def status_quo_utility(self, state: State, side: int) -> float:
        """Side's utility of the status quo package."""
        return self._m.utility(side, state, self._m.status_quo)

    def advisor_utility(self, state: State, side: int, advisor: int, package: int) -> float:
        """An advisor's utility of a package (R7.3)."""
        return self._m.values.advisor_utility(side, advisor, state, self.rules.packages[package])

    # --- referee queries: they read the hidden draws (tests, analysis; never a side's choice) -

    def reservation(self, state: State, side: int) -> float:
        """Side's true reservation level (it uses hidden information)."""
        return self._m.reservation(side, state, state.hidden[side])

    def ratify_probability(self, state: State, side: int, package: int) -> float:
        """Chance that side's home front ratifies the package now (uses hidden information)."""
        return self._m.ratify_p(side, state, self.rules.packages[package], state.hidden[side])


@dataclass(frozen=True, slots=True)
class DealOutcome:
    """What a ratified deal would reach: `Game.deal_outcome`."""

    ending: int
    """Index of the ending reached."""
    returns: tuple[float, ...]
    """Score per side."""
    state: State
    """The final state."""


def bounded_score(x: float, lo: float, hi: float) -> float:
    """A score clamped to [lo, hi]; NaN (only from a scenario that failed validation) is 0."""
    v = float(x)
    if v != v:
        v = 0.0
    return min(hi, max(lo, v))
