"""The step bound (`max_game_length`) and the chance-action range, from the compiled rules."""

from __future__ import annotations

import dataclasses

import pytest

from game.engine import ActionError, Game, max_chance_outcomes, max_game_length
from game.engine.rules import RevealOp
from tests.engine.handmade import handmade_rules


def test_handmade_bound_counted_by_hand():
    # 2 flexibility draws; per turn: the crisis's chance draw (1), each side's two costliest
    # moves (2 steps each: the move and its reaction's or signal's or branch's draw) and its
    # closing step (2 * 5), one answer and two ratification votes per side (2 * 3).
    assert max_game_length(handmade_rules(turns=1)) == 2 + 17
    assert max_game_length(handmade_rules(turns=4)) == 2 + 4 * 17


def test_bound_counts_backlash_signals_and_is_gameinfo():
    rules = handmade_rules(turns=2)
    louder = dataclasses.replace(rules, on_failure=((RevealOp(1, 0, 0.9),), ()))
    # the backlash may draw one signal per accepted package, at most two a turn
    assert max_game_length(louder) == max_game_length(rules) + 2 * 2
    assert Game(rules).info.max_game_length == max_game_length(rules)
    assert Game(rules).info.max_chance_outcomes == max_chance_outcomes(rules) == 3


def test_chance_actions_are_outcome_indices_and_parse_only_as_chance():
    game = Game(handmade_rules())
    state = game.new_initial_state()
    assert game.is_chance_node(state)
    assert game.legal_actions(state) == (0, 1, 2)
    assert game.action_to_string(state, 1) == "chance flexibility.a=mid"
    assert game.parse_action(state, "chance flexibility.a=mid") == 1
    with pytest.raises(ActionError, match="chance draw is pending"):
        game.parse_action(state, "accept")
