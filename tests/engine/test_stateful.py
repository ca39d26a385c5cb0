"""Hypothesis state machine over the handmade rules: any sequence of legal actions keeps the
engine's invariants (bounds, turn range, termination, hashable values, coherent table)."""

from __future__ import annotations

import math
import pickle

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from game.engine import CHANCE, PH_ANSWER, PH_TERMINAL, Game, State
from game.engine.state import COUNTER_USED
from tests.engine.handmade import handmade_rules

GAME = Game(handmade_rules(5))
RULES = GAME.rules


class EngineMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.state = GAME.new_initial_state()
        self.steps = 0

    @precondition(lambda self: not GAME.is_terminal(self.state))
    @rule(data=st.data())
    def apply_legal_action(self, data):
        legal = GAME.legal_actions(self.state)
        action = data.draw(st.sampled_from(legal), label="action")
        before = self.state
        self.state = GAME.apply(self.state, action)
        assert GAME.apply(before, action) == self.state, "apply is not a function of its inputs"
        self.steps += 1

    @precondition(lambda self: GAME.is_terminal(self.state))
    @rule()
    def start_again(self):
        self.state = GAME.new_initial_state()
        self.steps = 0

    @invariant()
    def meters_within_bounds(self):
        for meter, value in zip(RULES.meters, self.state.meters, strict=True):
            assert meter.lo <= value <= meter.hi, (meter.id, value)

    @invariant()
    def turn_in_range(self):
        assert 1 <= self.state.turn <= RULES.num_turns

    @invariant()
    def terminal_iff_ending(self):
        s = self.state
        assert (s.phase == PH_TERMINAL) == (s.ending >= 0)
        assert GAME.is_terminal(s) == (s.ending >= 0)

    @invariant()
    def state_is_a_hashable_value(self):
        s = self.state
        rebuilt = State(*tuple(s))
        assert rebuilt == s and hash(rebuilt) == hash(s)
        assert pickle.loads(pickle.dumps(s)) == s
        assert s == State(*list(s))

    @invariant()
    def acted_within_max_actions(self):
        s = self.state
        if s.actor in (0, 1):
            assert 0 <= s.acted <= RULES.sides[s.actor].max_actions

    @invariant()
    def table_is_coherent(self):
        s = self.state
        if s.table >= 0:
            assert s.table < len(RULES.packages)
            assert s.tabled_by in (0, 1)
            assert s.tabled_mask >> s.tabled_by & 1
            if s.phase == PH_ANSWER:
                assert s.actor == 1 - s.tabled_by
        else:
            assert s.tabled_by == -1
            assert s.phase != PH_ANSWER
        assert s.tabled_mask & ~(0b11 | COUNTER_USED) == 0

    @invariant()
    def chance_outcomes_sum_to_one(self):
        s = self.state
        if GAME.current_player(s) == CHANCE:
            outcomes = GAME.chance_outcomes(s)
            assert len(outcomes) >= 2
            assert math.isclose(sum(p for _, p in outcomes), 1.0, abs_tol=1e-9)
            assert all(0.0 < p <= 1.0 for _, p in outcomes)

    @invariant()
    def length_within_info(self):
        assert self.steps <= GAME.info.max_game_length


EngineMachine.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestEngineMachine = EngineMachine.TestCase
