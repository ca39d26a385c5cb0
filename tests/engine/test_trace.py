"""The why-log (R1.2) and previews: every change has a cause; previews match applies."""

from __future__ import annotations

import dataclasses
import random

import pytest

from game.engine import PH_CHANCE, PH_TERMINAL, Game, preview
from tests.engine.handmade import handmade_rules

GAME = Game(handmade_rules(4))
KINDS = {"move", "outcome", "event", "reaction", "drift", "capital", "ratification", "deal",
         "answer", "table", "ending", "turn", "setup"}  # fmt: skip


def play(game, state, *texts):
    for text in texts:
        state = game.apply(state, game.parse_action(state, text))
    return state


def opening(game):
    """Both limits drawn 'mid', no crisis: side a acts in turn 1."""
    s = game.new_initial_state()
    return play(
        game, s, "chance flexibility.a=mid", "chance flexibility.b=mid", "chance crisis=not"
    )


@pytest.mark.parametrize("seed", range(8))
def test_every_change_in_a_random_game_has_a_cause(seed):
    rng = random.Random(seed)
    s = GAME.new_initial_state()
    changes = 0
    while s.phase != PH_TERMINAL:
        legal = GAME.legal_actions(s)
        a = legal[int(rng.random() * len(legal))]
        trace: list = []
        nxt = GAME.apply(s, a, trace)
        meters = list(s.meters)
        flags = s.flags
        for ch in trace:
            assert ch.cause.kind in KINDS, ch
            assert ch.cause.id, ch
            if ch.kind == "meter":
                assert ch.before == meters[ch.target] and ch.before != ch.after
                meters[ch.target] = ch.after
                changes += 1
            elif ch.kind == "flag":
                assert ch.before == (flags >> ch.target & 1)
                flags ^= 1 << ch.target
            elif ch.kind == "note":
                assert ch.text
        # replaying the log on the old state gives the new one: nothing changes unlogged
        assert tuple(meters) == nxt.meters
        assert flags == nxt.flags
        s = nxt
    assert changes > 0


def test_move_change_names_the_move_and_its_source():
    s = opening(GAME)
    trace: list = []
    GAME.apply(s, GAME.parse_action(s, "move charm"), trace)
    meter_changes = [c for c in trace if c.kind == "meter"]
    assert {(c.target, c.after - c.before) for c in meter_changes} == {(0, 5), (1, -1)}
    assert all(c.cause.kind == "move" and c.cause.id == "charm" and c.cause.side == 0
               for c in meter_changes)  # fmt: skip


def test_preview_of_a_certain_move_matches_the_applied_change():
    rules = dataclasses.replace(GAME.rules, reactions_to_move=((),) * len(GAME.rules.moves))
    game = Game(rules)
    s = opening(game)
    action = game.parse_action(s, "move charm")
    pv = preview(game, s, action)
    after = game.apply(s, action)
    assert after.phase != PH_CHANCE and pv.complete and pv.branches == 1
    changed = {i for i, (x, y) in enumerate(zip(s.meters, after.meters, strict=True)) if x != y}
    assert {ln.target for ln in pv.lines if ln.kind == "meter"} == changed == {0, 1}
    for ln in pv.lines:
        assert ln.certain and ln.p_change == 1.0
        assert ln.before == s.meters[ln.target]
        assert ln.expected == ln.low == ln.high == after.meters[ln.target]
    assert pv.p_end == 0.0


def test_preview_of_a_chancy_move_gives_expected_value_and_range():
    s = opening(GAME)
    action = GAME.parse_action(s, "move gamble")  # 50%: opposition -20; 50%: trust -10
    pv = preview(GAME, s, action)
    lines = {GAME.rules.meters[ln.target].id: ln for ln in pv.lines if ln.kind == "meter"}
    win = play(GAME, GAME.apply(s, action), "chance gamble=win")
    lose = play(GAME, GAME.apply(s, action), "chance gamble=lose")
    opp, trust, cap = lines["opp"], lines["trust"], lines["cap_a"]
    assert opp.low == win.meters[3] == s.meters[3] - 20 and opp.high == s.meters[3]
    assert opp.expected == pytest.approx(s.meters[3] - 10)
    assert not opp.certain and opp.p_change == pytest.approx(0.5)
    assert trust.low == lose.meters[0] == s.meters[0] - 10
    assert trust.expected == pytest.approx(s.meters[0] - 5)
    assert cap.certain and cap.expected == s.meters[1] - 2
    assert pv.branches == 2 and pv.complete


def test_preview_weights_a_chancy_reaction():
    """charm triggers 'press' (50%, opposition +2) while trust > 10."""
    s = opening(GAME)
    pv = preview(GAME, s, GAME.parse_action(s, "move charm"))
    opp = next(ln for ln in pv.lines if ln.kind == "meter" and ln.target == 3)
    assert opp.expected == pytest.approx(s.meters[3] + 1)
    assert (opp.low, opp.high) == (s.meters[3], s.meters[3] + 2)
