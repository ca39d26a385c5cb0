"""The rules that make a deal earned (docs/rules.md R3.1 decay, R4.4 diminishing returns, R5.4
steep odds below the reservation, R5.5 refusals remembered, R7.1 reservation drift), on the
handmade game of `test_rules_sections` (see its docstring) with the new numbers switched on.

Side b's reservation is set to the constant -3 here, so that 'give the land, pay lots' (b's
utility -5) sits 2 below it at b's middle level, and 'keep the land, pay lots' (15) far above.
"""

from __future__ import annotations

import dataclasses
import math

import pytest

from game.engine import PH_ACT, PH_CHANCE, Game
from game.engine.expr import Const
from game.engine.rules import AddOp, MeterInfo
from tests.engine.handmade import handmade_rules
from tests.engine.test_rules_sections import TRUST, play, start

GIVE_LOTS = "table land=give money=lots"  # b's utility -5
KEEP_LOTS = "table land=keep money=lots"  # b's utility 15


def earned(**changes) -> Game:
    """The handmade game with b's reservation -3, a trust backlash for b, and `changes`."""
    r = handmade_rules()
    b = dataclasses.replace(r.sides[1], reservation=Const(-3))
    base = {
        "sides": (r.sides[0], b),
        "on_failure": ((), (AddOp(TRUST, Const(-3)),)),
        "softness_below": 1.0,
        "refusal_step": 1.5,
        "backlash_grows": True,
        "retry_fails": True,
    }
    base.update(changes)
    return Game(dataclasses.replace(r, **base))


def b_yes(game: Game, s) -> float:
    assert game.chance_node(s) == "ratify.b"
    return dict(game.chance_outcomes(s))[game.parse_action(s, "chance ratify.b=yes")]


def test_r5_4_odds_fall_steeply_below_the_reservation():
    """R5.4 softness for a margin of zero or more, softness_below for a negative one."""
    game = earned()
    s = play(game, start(game), GIVE_LOTS, "accept", "chance ratify.a=yes")
    assert b_yes(game, s) == pytest.approx(1 / (1 + math.exp(2 / 1.0)))  # margin -2, steep
    plain = earned(softness_below=None)
    s = play(plain, start(plain), GIVE_LOTS, "accept", "chance ratify.a=yes")
    assert b_yes(plain, s) == pytest.approx(1 / (1 + math.exp(2 / 4.0)))
    # above the reservation both curves agree: a's margin 15 - 2 = 13
    for g in (game, plain):
        s = play(g, start(g), GIVE_LOTS, "accept")
        yes = dict(g.chance_outcomes(s))[g.parse_action(s, "chance ratify.a=yes")]
        assert yes == pytest.approx(1 / (1 + math.exp(-13 / 4.0)))


def test_r5_5_a_refusal_raises_the_price_and_the_same_package_then_fails_at_once():
    """R5.5 The backlash applies, the reservation rises by refusal_step for good, and a package
    no better for the refusing side fails at once (no draw) with the backlash again, doubled."""
    game = earned()
    s0 = start(game)
    before = game.base_reservation(s0, 1)
    s = play(game, s0, GIVE_LOTS, "accept", "chance ratify.a=yes", "chance ratify.b=no")
    assert s.meters[TRUST] == 39 - 3
    assert (s.refusals, s.refused[0]) == ((0, 1), -1)
    assert game.package_text(s.refused[1]) == "Land: Give; Money: Lots"
    assert game.base_reservation(s, 1) == pytest.approx(before + 1.5)
    assert game.refused_before(s, 1, s.refused[1]) and not game.refused_before(s, 0, s.refused[1])
    assert game.ratify_odds(s, 1, s.refused[1], (0.3, 0.4, 0.3)) == 0.0
    assert game.observe(s, 0).refusals == (0, 1)
    # b's own part: it tables the very package again and a accepts; legal, but b's vote is no
    # draw: its home front refuses at once, and the second refusal costs twice the first
    assert (s.phase, s.actor) == (PH_ACT, 1)
    s = play(game, s, GIVE_LOTS, "accept", "chance ratify.a=yes")
    assert s.refusals == (0, 2)
    assert s.meters[TRUST] == 39 - 3 - 6 - 1  # and turn 2's drift
    assert s.turn == 2 and game.chance_node(s) == "crisis"  # the turn went on and ended


def test_r5_5_a_better_package_gets_a_vote():
    """R5.5 Only packages no better for the refusing side fail at once."""
    game = earned()
    s = play(game, start(game), GIVE_LOTS, "accept", "chance ratify.a=yes", "chance ratify.b=no")
    s = play(game, s, KEEP_LOTS, "accept")
    assert s.phase == PH_CHANCE and game.chance_node(s) == "ratify.a"
    # a's margin for keep/lots is -5 - 2 below its reservation: a real (steep) draw
    s = play(game, s, "chance ratify.a=yes")
    assert 0.0 < b_yes(game, s) < 1.0


def test_r5_5_plain_rules_keep_the_old_lottery():
    """R5.5 backlash once and retry allowed: the same package votes again, the same cost."""
    game = earned(backlash_grows=False, retry_fails=False, refusal_step=0.0)
    s = play(game, start(game), GIVE_LOTS, "accept", "chance ratify.a=yes", "chance ratify.b=no")
    s = play(game, s, GIVE_LOTS, "accept", "chance ratify.a=yes")
    assert 0.0 < b_yes(game, s) < 1.0
    s = play(game, s, "chance ratify.b=no")
    assert s.meters[TRUST] == 39 - 3 - 3 - 1 and s.refusals == (0, 2)  # turn 2: drift -1


def test_r3_1_decay_moves_back_part_of_the_way_and_at_least_one_point():
    """R3.1 Decay before drift: `rate` of the distance, rounded, at least one point, no
    overshoot."""
    r = handmade_rules()

    def with_trust(**kw) -> Game:
        meters = (dataclasses.replace(r.meters[0], **kw), *r.meters[1:])
        return Game(dataclasses.replace(r, meters=meters))

    g = with_trust(decay_rate=0.25, decay_toward=52)
    assert start(g).meters[TRUST] == 40 + 3 - 1  # 12 * 0.25 = 3, then drift -1
    g = with_trust(decay_rate=0.1, decay_toward=41)
    assert start(g).meters[TRUST] == 40 + 1 - 1  # at least one point, never past 41
    g = with_trust(decay_rate=0.1, decay_toward=20)
    assert start(g).meters[TRUST] == 40 - 2 - 1


def test_r4_4_rises_above_the_pivot_shrink_with_the_room_left():
    """R4.4 A rise that starts above diminishing_above is scaled by (max - v) / (max - pivot)."""
    r = handmade_rules()
    meters = (MeterInfo("trust", "Trust", 0, 100, 40, diminishing_above=20), *r.meters[1:])
    g = Game(dataclasses.replace(r, meters=meters))
    s = play(g, start(g), "move charm")  # trust 39: +5 * 61 / 80 = 3.8 -> 4
    assert s.meters[TRUST] == 39 + 4
    s = play(g, start(g), "move gamble", "chance gamble=lose")  # falls are not scaled
    assert s.meters[TRUST] == 39 - 10


def test_r7_1_reservation_drift_per_turn():
    """R7.1 reservation_drift is added for every turn after the first."""
    r = handmade_rules()
    b = dataclasses.replace(r.sides[1], reservation_drift=0.5)
    g = Game(dataclasses.replace(r, sides=(r.sides[0], b)))
    s = start(g)
    assert g.base_reservation(s, 1) == pytest.approx(70.0)
    s = play(g, s, "end", "end", "chance crisis=not")
    assert s.turn == 2 and g.base_reservation(s, 1) == pytest.approx(70.5)
    assert g.base_reservation(s, 0) == pytest.approx(2.0)


def test_r5_5_the_why_log_says_why_a_vote_failed_at_once():
    """R5.5 The refusal without a draw is logged with its reason."""
    game = earned()
    s = play(game, start(game), GIVE_LOTS, "accept", "chance ratify.a=yes", "chance ratify.b=no")
    s = play(game, s, GIVE_LOTS, "accept")
    trace: list = []
    game.apply(s, game.parse_action(s, "chance ratify.a=yes"), trace)
    notes = [c.text for c in trace if c.kind == "note"]
    assert "Beta's home front refuses to ratify the package, no better for it than one it " in (
        " ".join(notes)
    )
