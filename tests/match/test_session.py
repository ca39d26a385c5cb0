"""Session: keyed draws, checked submit, undo (state and draw counts), the why-log."""

from __future__ import annotations

import pytest

from game.engine import CHANCE, ActionError, Game
from game.match import IllegalActionError, Session, make_bot, make_record
from game.match.draws import ChanceKey, chance_uniform
from game.match.session import sample_chance, state_digest


def test_chance_steps_use_the_keyed_draw_and_submitted_outcomes_are_pinned(game: Game) -> None:
    s = Session(game, 7)
    assert game.is_chance_node(s.state)
    node = game.chance_node(s.state)
    u = chance_uniform(7, ChanceKey(node, s.state.turn, 0))
    expected = sample_chance(game.chance_outcomes(s.state), u)
    s.chance_step()
    assert s.actions == [expected] and s.pinned == [False]
    s.submit(game.action_to_string(s.state, game.legal_actions(s.state)[0]))
    assert s.pinned == [False, True]


def test_sample_chance_uses_cumulative_probabilities() -> None:
    outcomes = ((10, 0.25), (11, 0.5), (12, 0.25))
    assert sample_chance(outcomes, 0.0) == 10
    assert sample_chance(outcomes, 0.2499) == 10
    assert sample_chance(outcomes, 0.25) == 11
    assert sample_chance(outcomes, 0.9999999) == 12
    assert sample_chance(((1, 0.5), (2, 0.4999999)), 0.99999999) == 2  # rounding gap


def test_illegal_action_lists_the_legal_alternatives(game: Game) -> None:
    s = Session(game, 1, {1: make_bot("random")})
    s.step_bots()
    assert s.human_to_move()
    n = len(s.actions)
    with pytest.raises(IllegalActionError) as info:
        s.submit("accept")
    msg = str(info.value)
    assert "'accept' is not legal now" in msg
    assert "Legal now: end; move " in msg
    assert isinstance(info.value, ActionError)
    assert "end" in info.value.legal
    with pytest.raises(IllegalActionError, match="did you mean 'gamble'"):
        s.submit("move gambel")
    with pytest.raises(IllegalActionError, match=r"not legal now. Legal now: end"):
        s.submit(1)  # accept's id, not legal while acting
    assert len(s.actions) == n  # nothing applied


def test_submit_text_and_id_are_the_same(game: Game) -> None:
    a = Session(game, 3, {1: make_bot("random")})
    b = Session(game, 3, {1: make_bot("random")})
    a.step_bots()
    b.step_bots()
    a.submit("move spy")
    b.submit(game.parse_action(b.state, "move spy"))
    assert a.state == b.state
    assert a.texts == b.texts
    assert "move spy" in a.texts


def test_step_bots_stops_at_a_human_and_resolves_chance(game: Game) -> None:
    s = Session(game, 5, {0: None, 1: make_bot("rules")})
    s.step_bots()
    assert game.current_player(s.state) == 0
    assert all(actor == CHANCE for actor in s.actors)  # only draws so far: a opens turn 1
    assert len(s.digests) == len(s.actions) == len(s.trace) == len(s.states) - 1
    assert s.digests[-1] == state_digest(s.state)


def test_undo_restores_state_and_draw_counts(game: Game) -> None:
    s = Session(game, 11, {1: make_bot("random")})
    s.step_bots()
    before_state = s.state
    before_decisions = list(s.decisions)
    n = len(s.actions)
    s.submit("move charm")
    s.step_bots()
    s.submit("end")
    s.step_bots()
    assert len(s.actions) > n + 1
    assert s.undo()  # back to before "end"
    assert s.undo()  # back to before "move charm"
    assert s.state == before_state
    assert s.decisions == before_decisions
    assert len(s.actions) == len(s.trace) == len(s.digests) == len(s.pinned) == n
    assert not s.undo()
    # The same decisions give the same future: the draw counts were restored too.
    s.submit("move charm")
    s.step_bots()
    again = list(s.texts)
    t = Session(game, 11, {1: make_bot("random")})
    t.step_bots()
    t.submit("move charm")
    t.step_bots()
    assert t.texts == again


def test_why_names_the_rules_behind_a_meter(game: Game) -> None:
    s = Session(game, 2, {1: make_bot("random")})
    s.step_bots()
    s.submit("move charm")
    entries = s.why("trust")
    kinds = [(e.change.cause.kind, e.change.cause.id) for e in entries]
    assert ("drift", "every_turn") in kinds
    assert ("move", "charm") in kinds
    charm = next(e for e in entries if e.change.cause.id == "charm")
    assert charm.change.after - charm.change.before == 5
    assert s.why("Trust") == entries == s.why(0)
    with pytest.raises(KeyError, match="meters are trust"):
        s.why("nope")


def test_same_seed_same_record_different_seed_differs(game: Game) -> None:
    def play(seed: int) -> str:
        s = Session(game, seed, {0: make_bot("random"), 1: make_bot("random")})
        s.step_bots()
        assert s.is_over()
        return make_record(s).hash()

    assert play(4) == play(4)
    assert len({play(k) for k in range(6)}) > 1


def test_players_must_name_sides(game: Game) -> None:
    with pytest.raises(ValueError, match="no side 5"):
        Session(game, 1, {5: None})
