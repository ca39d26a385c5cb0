"""One test per section of docs/rules.md (DATC style), on the handmade rules and small variants.

The handmade game: sides a (Alpha) and b (Beta); meters trust (40), cap_a, cap_b (2, bounds
0..10, carry-over 3, income 2), opp (70, b's reservation); flag `suspended`; issues land
(keep/give) and money (none/lots); moves charm (a, cost 1, trust +5, not while suspended), spy
(a and b, cost 1, a signal at 80%), gamble (a, cost 2, once: opp -20 or trust -10), drill (b,
cost 1, trust -5); events crisis (25%, suspends the talks) and summit (turn 2, trust +3); the
reaction press (to charm and drill, while trust > 10, 50%: opp +2); endings breakdown
(suspended and trust < 30), land_deal (land=give) and the fallback; drift trust -1 a turn.
"""

from __future__ import annotations

import dataclasses
import math
import random

import pytest

from game.engine import PH_ACT, PH_ANSWER, PH_CHANCE, PH_TERMINAL, ActionError, Game
from game.engine.expr import BoolOp, Compare, Const, MeterRef, OptionRef, UtilityOf
from game.engine.rules import (
    AddOp,
    AdvisorInfo,
    CondOp,
    EndingInfo,
    OutcomeInfo,
    SetMeterOp,
    SourceRef,
    TermInfo,
    ValuesInfo,
)
from tests.engine.handmade import handmade_rules

TRUST, CAP_A, CAP_B, OPP = 0, 1, 2, 3
SUSPENDED = 0


def make(turns: int = 4, **changes) -> Game:
    return Game(dataclasses.replace(handmade_rules(turns), **changes))


GAME = make()


def play(game: Game, state, *texts):
    for text in texts:
        state = game.apply(state, game.parse_action(state, text))
    return state


def start(game: Game = GAME, a: str = "mid", b: str = "mid", crisis: str = "not"):
    """Limits drawn, turn 1's news resolved: side a is to act."""
    s = play(
        game, game.new_initial_state(), f"chance flexibility.a={a}", f"chance flexibility.b={b}"
    )
    return play(game, s, f"chance crisis={crisis}")


def texts(game: Game, state) -> list[str]:
    return [game.action_to_string(state, a) for a in game.legal_actions(state)]


def moves(game: Game, state) -> set[str]:
    return {t.split()[1] for t in texts(game, state) if t.startswith("move ")}


def replace_move(game_rules, move_id: str, side: int, **changes):
    return tuple(
        dataclasses.replace(m, **changes) if m.id == move_id and m.side == side else m
        for m in game_rules.moves
    )


# --- R1 -------------------------------------------------------------------------------------


def test_r1_1_each_side_values_every_package_and_has_a_win_set():
    """R1.1 Two sides negotiate. Each values every possible package (one option for each
    negotiation issue) and has a win-set: the packages its home front will ratify."""
    s = start()
    pkgs = GAME.rules.packages
    assert len(pkgs) == 4
    want_a = {(0, 0): 0, (0, 1): -5, (1, 0): 20, (1, 1): 15}
    want_b = {(0, 0): 0, (0, 1): 15, (1, 0): -20, (1, 1): -5}
    for p, opts in enumerate(pkgs):
        assert GAME.utility(s, 0, p) == want_a[opts]
        assert GAME.utility(s, 1, p) == want_b[opts]
        for side in (0, 1):
            in_win_set = GAME.utility(s, side, p) >= GAME.reservation(s, side)
            assert (GAME.ratify_probability(s, side, p) >= 0.5) == in_win_set


def test_r1_2_every_change_is_logged_with_its_rule_and_file_line():
    """R1.2 The world is a set of meters (integers within bounds), flags and territory statuses.
    Every change to them is logged with the rule that caused it and that rule's file:line."""
    r = handmade_rules()
    game = make(moves=replace_move(r, "charm", 0, source=SourceRef("talks.yaml", 42, 3)))
    s = start(game)
    assert all(isinstance(v, int) for v in s.meters)
    trace: list = []
    game.apply(s, game.parse_action(s, "move charm"), trace)
    changes = [c for c in trace if c.kind == "meter"]
    assert {(c.target, c.before, c.after) for c in changes} == {(TRUST, 39, 44), (CAP_A, 4, 3)}
    for c in changes:
        assert c.cause.kind == "move" and c.cause.id == "charm"
        assert str(c.cause.source) == "talks.yaml:42"
        assert "talks.yaml:42" in c.cause.describe()


def test_r1_3_turns_have_dates_and_the_last_is_the_deadline():
    """R1.3 The game is a sequence of turns, each with a calendar date. The last turn is the
    deadline."""
    game = make(turns=3)
    s = start(game)
    seen = []
    while not game.is_terminal(s):
        if s.phase == PH_CHANCE:
            s = play(game, s, texts(game, s)[-1])  # crisis: not
            continue
        seen.append((s.turn, game.observe(s, 0).date))
        s = play(game, s, "end")
    assert sorted(set(seen)) == [(1, "2018-01-01"), (2, "2018-02-01"), (3, "2018-03-01")]
    assert s.turn == 3 and game.ending(s).id == "fallback"


# --- R2 -------------------------------------------------------------------------------------


def test_r2_1_flexibility_is_drawn_per_side_first_side_first():
    """R2.1 Before the first turn each side's hidden flexibility is drawn from the scenario's
    discrete prior (one chance draw per side, first side first)."""
    s = GAME.new_initial_state()
    assert GAME.chance_node(s) == "flexibility.a"
    assert [p for _, p in GAME.chance_outcomes(s)] == [0.3, 0.4, 0.3]
    s = play(GAME, s, "chance flexibility.a=soft")
    assert GAME.chance_node(s) == "flexibility.b"
    assert s.hidden == (2, -1) and s.meters == (40, 2, 2, 70)  # no turn has begun
    s = play(GAME, s, "chance flexibility.b=hard")
    assert s.hidden == (2, 0)
    assert GAME.observe(s, 0).own_level == 2 and GAME.observe(s, 1).own_level == 0


# --- R3 -------------------------------------------------------------------------------------


def test_r3_1_capital_is_cut_to_carry_over_then_income_is_added():
    """R3.1 Capital: each side's unspent political capital is cut to its carry-over cap, then its
    income for the turn is added (the meter's bounds apply)."""
    s = start()
    assert (s.meters[CAP_A], s.meters[CAP_B]) == (4, 4)  # min(2, 3) + 2
    s = play(GAME, s, "end", "end")  # turn 2: min(4, 3) + 2
    assert s.turn == 2 and (s.meters[CAP_A], s.meters[CAP_B]) == (5, 5)
    rich = handmade_rules()
    sides = tuple(dataclasses.replace(x, income=Const(20)) for x in rich.sides)
    s = start(make(sides=sides))
    assert (s.meters[CAP_A], s.meters[CAP_B]) == (10, 10)  # clamped to the meter's bounds


def test_r3_1_news_order_capital_then_drift_then_events():
    """R3.1 News. The turn opens with, in this order: capital, drift (every_turn), then events in
    file order."""
    s = play(GAME, start(), "end")
    trace: list = []
    s = GAME.apply(s, GAME.parse_action(s, "end"), trace)  # turn 2 opens: crisis is drawn first
    s = GAME.apply(s, GAME.parse_action(s, "chance crisis=not"), trace)
    kinds = [c.cause.kind for c in trace if c.kind == "meter"]
    assert kinds == ["capital", "capital", "drift", "event"]
    summit = [c for c in trace if c.kind == "meter" and c.cause.kind == "event"]
    assert summit[0].cause.id == "summit" and summit[0].after - summit[0].before == 3


def test_r3_2_the_opening_side_alternates_unless_named():
    """R3.2 Then the side that opens acts (the scenario names it, or the sides alternate: the
    first side on odd turns), then the other side."""
    s = start()
    assert (s.turn, s.actor, s.part) == (1, 0, 0)
    s = play(GAME, s, "end")
    assert (s.actor, s.part) == (1, 1)
    s = play(GAME, s, "end", "chance crisis=not")
    assert (s.turn, s.actor, s.part) == (2, 1, 0)
    fixed = make(opens=1)
    s = start(fixed)
    assert (s.turn, s.actor) == (1, 1)
    s = play(fixed, s, "end", "end", "chance crisis=not")
    assert (s.turn, s.actor) == (2, 1)


def test_r3_2_at_most_max_actions_moves_a_part():
    """R3.2 A side's part is a series of actions: make a move, at most max_actions_per_turn moves
    a part; table a package (this ends the part); end its part."""
    s = play(GAME, start(), "move spy", "chance signal.b=mid", "move gamble", "chance gamble=lose")
    assert s.acted == 2 and s.phase == PH_ACT and s.actor == 0
    assert moves(GAME, s) == set()
    assert "end" in texts(GAME, s) and any(t.startswith("table ") for t in texts(GAME, s))
    s = play(GAME, s, "end")
    assert s.actor == 1 and s.acted == 0 and moves(GAME, s) == {"drill", "spy"}


def test_r3_2_tabling_ends_the_part():
    """R3.2 Table a package (R5): this ends the side's part."""
    s = play(GAME, start(), "table land=give money=lots")
    assert s.phase == PH_ANSWER and s.actor == 1
    s = play(GAME, s, "reject")
    assert s.phase == PH_ACT and s.actor == 1 and s.part == 1


def test_r3_3_after_the_deadline_turn_the_game_always_ends():
    """R3.3 End of turn: endings are checked (R8). If none applies the next turn begins; after
    the deadline turn the game always ends."""
    game = make(turns=2)
    s = play(game, start(game), "end", "end")
    assert not game.is_terminal(s) and s.turn == 2
    s = play(game, s, "chance crisis=not", "end", "end")
    assert game.is_terminal(s) and s.turn == 2


# --- R4 -------------------------------------------------------------------------------------


def test_r4_1_move_legality():
    """R4.1 A move is legal when its side is acting, its `when` holds, the side has at least its
    cost in capital, it has not been made this turn, it is not a `once` move already made, and
    the side has moves left this part."""
    s = start()
    assert moves(GAME, s) == {"charm", "spy", "gamble"}
    s = play(GAME, s, "move gamble", "chance gamble=lose")  # cost 2: capital 4 -> 2
    assert moves(GAME, s) == {"charm", "spy"}  # each move at most once a turn
    s = play(GAME, s, "end", "end", "chance crisis=not", "end")
    assert s.turn == 2 and s.actor == 0
    assert moves(GAME, s) == {"charm", "spy"}  # gamble is `once`
    # `when`: charm is not legal while the talks are suspended
    assert "charm" not in moves(GAME, start(crisis="happens"))
    # capital: nothing costing more than the side has
    poor = tuple(dataclasses.replace(x, income=Const(0)) for x in handmade_rules().sides)
    s = start(make(sides=poor))
    assert s.meters[CAP_A] == 2 and moves(make(sides=poor), s) == {"charm", "spy", "gamble"}
    s2 = play(make(sides=poor), s, "move spy", "chance signal.b=mid")
    assert s2.meters[CAP_A] == 1 and moves(make(sides=poor), s2) == {"charm"}


def test_r4_2_cost_then_effects_then_outcomes_then_reactions():
    """R4.2 Making a move pays its cost from the side's capital meter, then applies its certain
    effects, then resolves its outcomes (one chance draw), then its reactions."""
    r = handmade_rules()
    game = make(
        moves=replace_move(r, "gamble", 0, effects=(AddOp(TRUST, Const(1)),)),
        reactions_to_move=((0,), (), (0,), (0,), ()),
    )
    s = start(game)
    trace: list = []
    s = game.apply(s, game.parse_action(s, "move gamble"), trace)
    meter = [(c.target, c.after - c.before, c.cause.kind) for c in trace if c.kind == "meter"]
    assert meter == [(CAP_A, -2, "move"), (TRUST, 1, "move")]
    assert game.chance_node(s) == "gamble"
    assert [p for _, p in game.chance_outcomes(s)] == [0.5, 0.5]
    trace = []
    s = game.apply(s, game.parse_action(s, "chance gamble=win"), trace)
    assert [(c.target, c.after - c.before, c.cause.kind) for c in trace if c.kind == "meter"] == [
        (OPP, -20, "outcome")
    ]
    assert game.chance_node(s) == "press"  # the reaction comes after the outcome
    s = play(game, s, "chance press=happens")
    assert s.phase == PH_ACT and s.actor == 0 and s.meters[OPP] == 70 - 20 + 2


def test_r4_3_a_shared_move_is_instantiated_for_each_side():
    """R4.3 A move written for `side: any` is available to both sides; self.<ref> and other.<ref>
    in it name the mover's and the other side's meters."""
    s = start()
    a_spy = GAME.parse_action(s, "move spy")
    s_a = GAME.apply(s, a_spy)
    assert GAME.chance_node(s_a) == "signal.b" and s_a.meters[CAP_A] == 3
    s = play(GAME, s, "end")
    b_spy = GAME.parse_action(s, "move spy")
    assert b_spy != a_spy
    s_b = GAME.apply(s, b_spy)
    assert GAME.chance_node(s_b) == "signal.a" and s_b.meters[CAP_B] == 3
    with pytest.raises(ActionError):
        GAME.parse_action(s, "move charm")  # a's move, not b's


def test_r4_4_add_is_rounded_and_clamped_and_when_picks_a_branch():
    """R4.4 Effects: add (meters, clamped to their bounds; amounts are rounded to integers),
    set, reveal and when with then/else lists."""
    r = handmade_rules()
    game = make(moves=replace_move(r, "charm", 0, effects=(AddOp(TRUST, Const(2.6)),)))
    assert play(game, start(game), "move charm").meters[TRUST] == 39 + 3
    game = make(moves=replace_move(r, "charm", 0, effects=(AddOp(TRUST, Const(500)),)))
    assert play(game, start(game), "move charm").meters[TRUST] == 100
    game = make(moves=replace_move(r, "charm", 0, effects=(SetMeterOp(OPP, Const(-7)),)))
    assert play(game, start(game), "move charm").meters[OPP] == 0
    cond = CondOp(
        Compare((">",), (MeterRef(TRUST), Const(30))),
        (AddOp(OPP, Const(-1)),),
        (AddOp(OPP, Const(1)),),
    )
    game = make(moves=replace_move(r, "charm", 0, effects=(cond,)))
    assert play(game, start(game), "move charm").meters[OPP] == 69


# --- R5 -------------------------------------------------------------------------------------


def test_r5_1_forbidden_packages_cannot_be_tabled():
    """R5.1 A package picks one option per issue. Packages excluded by forbidden_packages are
    not coherent and cannot be tabled."""
    game = make(packages=((0, 0), (0, 1), (1, 1)))
    s = start(game)
    tables = [t for t in texts(game, s) if t.startswith("table")]
    assert "table land=give money=none" not in tables and len(tables) == 3
    with pytest.raises(ActionError, match="not coherent"):
        game.parse_action(s, "table land=give money=none")


def test_r5_1_tabling_needs_table_when_and_happens_once_a_turn():
    """R5.1 Tabling needs the scenario's tabling.when (if any) to hold, and a side tables at most
    once a turn."""
    game = make(table_when=Compare((">",), (MeterRef(TRUST), Const(42))))
    s = start(game)
    assert not any(t.startswith("table") for t in texts(game, s))
    s = play(game, s, "move charm", "chance press=not")  # trust 39 -> 44
    assert any(t.startswith("table") for t in texts(game, s))
    s = play(GAME, start(), "table land=give money=lots", "reject", "table land=keep money=lots")
    assert s.phase == PH_ANSWER and s.actor == 0
    assert texts(GAME, s) == ["accept", "reject"]  # a tabled this turn: no counter


def test_r5_2_answer_is_accept_reject_or_counter():
    """R5.2 The other side answers at once: accept, reject, or counter with a package of its own."""
    s = play(GAME, start(), "table land=give money=lots")
    assert texts(GAME, s) == [
        "accept",
        "reject",
        "counter land=keep money=none",
        "counter land=keep money=lots",
        "counter land=give money=none",
    ]


def test_r5_2_counter_at_most_once_a_turn():
    """R5.2 A counter is a tabling by the answering side (it uses that side's tabling for the
    turn); there is at most one counter a turn, so a counter can only be accepted or rejected."""
    s = play(GAME, start(), "table land=give money=lots", "counter land=keep money=lots")
    assert s.phase == PH_ANSWER and s.actor == 0 and s.tabled_by == 1
    assert texts(GAME, s) == ["accept", "reject"]
    s = play(GAME, s, "reject")
    assert s.phase == PH_ACT and s.actor == 1  # b's part: its tabling is spent
    assert not any(t.startswith("table") for t in texts(GAME, s))


def test_r5_3_after_a_rejection_the_turn_goes_on():
    """R5.3 After a rejection the turn goes on: if the first part's package was answered, the
    second side's part begins; otherwise the turn ends."""
    s = play(GAME, start(), "table land=give money=lots", "reject")
    assert (s.turn, s.phase, s.actor, s.part, s.table) == (1, PH_ACT, 1, 1, -1)
    s = play(GAME, s, "table land=keep money=lots", "reject")
    assert s.turn == 2 and GAME.chance_node(s) == "crisis"


def test_r5_4_ratification_probability_is_logistic():
    """R5.4 Each home front carries it with probability 1 / (1 + exp(-margin / softness)), where
    the margin is the side's utility of the package minus its reservation level. A bare-margin
    deal is a coin toss. First side first."""
    s = play(GAME, start(a="hard"), "table land=give money=lots", "accept")
    assert GAME.chance_node(s) == "ratify.a"
    margin_a = 15 - (2 + 3)  # utility 15; reservation 2 minus flexibility -3
    p = dict(GAME.chance_outcomes(s))
    assert p[GAME.parse_action(s, "chance ratify.a=yes")] == pytest.approx(
        1 / (1 + math.exp(-margin_a / 4.0))
    )
    s = play(GAME, s, "chance ratify.a=yes")
    assert GAME.chance_node(s) == "ratify.b"
    margin_b = -5 - 70
    yes = dict(GAME.chance_outcomes(s))[GAME.parse_action(s, "chance ratify.b=yes")]
    assert yes == pytest.approx(1 / (1 + math.exp(-margin_b / 4.0)))
    coin = make(
        sides=(GAME.rules.sides[0], dataclasses.replace(GAME.rules.sides[1], reservation=Const(-5)))
    )
    s = play(coin, start(coin), "table land=give money=lots", "accept", "chance ratify.a=yes")
    assert [p for _, p in coin.chance_outcomes(s)] == pytest.approx([0.5, 0.5])


def test_r5_4_both_ratify_then_on_deal_applies_and_the_game_ends():
    """R5.4 If both ratify, the options' on_deal effects apply and the game ends (R8)."""
    r = handmade_rules()
    land = r.issues[0]
    give = dataclasses.replace(land.options[1], on_deal=(AddOp(TRUST, Const(10)),))
    issues = (dataclasses.replace(land, options=(land.options[0], give)), r.issues[1])
    game = make(issues=issues)
    s = play(game, start(game), "table land=give money=lots", "accept")
    s = play(game, s, "chance ratify.a=yes", "chance ratify.b=yes")
    assert game.is_terminal(s) and game.ending(s).id == "land_deal"
    assert s.meters[TRUST] == 39 + 10
    assert game.returns(s) == (30.0, -5.0)
    assert game.package_text(s.table) == "Land: Give; Money: Lots"


def test_r5_4_failed_ratification_backlash_and_withdrawal():
    """R5.4 If one fails, its ratification.on_failure backlash applies to that side, the package
    is withdrawn and the turn goes on as after a rejection."""
    s = play(GAME, start(), "table land=give money=lots", "accept", "chance ratify.a=no")
    assert s.meters[CAP_A] == 4 - 2 and s.meters[CAP_B] == 4
    assert (s.table, s.phase, s.actor, s.part) == (-1, PH_ACT, 1, 1)
    s = play(GAME, start(), "table land=give money=lots", "accept", "chance ratify.a=yes")
    s = play(GAME, s, "chance ratify.b=no")
    assert s.meters[CAP_B] == 4 - 2 and s.meters[CAP_A] == 4 and s.actor == 1 and s.table == -1


# --- R6 -------------------------------------------------------------------------------------


def test_r6_1_scheduled_event_happens_in_its_turn_only():
    """R6.1 An event is eligible when it has not happened (unless repeat), its scheduled turn is
    this turn if given, and its when holds if given."""
    s = start()
    assert s.meters[TRUST] == 39 and not s.fired & 0b10  # turn 1: no summit
    s = play(GAME, s, "end", "end", "chance crisis=not")
    assert s.meters[TRUST] == 39 - 1 + 3 and s.fired & 0b10
    s = play(GAME, s, "end", "end", "chance crisis=not")
    assert s.meters[TRUST] == 41 - 1  # turn 3: drift only


def test_r6_1_random_event_is_a_chance_draw_and_happens_once():
    """R6.1 An eligible event with a chance happens with that probability (a chance draw);
    otherwise it happens. It does not happen again unless it repeats."""
    s = play(GAME, GAME.new_initial_state(), "chance flexibility.a=mid", "chance flexibility.b=mid")
    assert GAME.chance_node(s) == "crisis"
    assert [p for _, p in GAME.chance_outcomes(s)] == [0.25, 0.75]
    s = play(GAME, s, "chance crisis=happens")
    assert s.flags >> SUSPENDED & 1
    s = play(GAME, s, "end", "end")
    assert s.turn == 2 and s.phase == PH_ACT  # no second crisis draw
    r = handmade_rules()
    repeat = make(events=(dataclasses.replace(r.events[0], repeat=True), r.events[1]))
    s = play(repeat, start(repeat, crisis="happens"), "end", "end")
    assert repeat.chance_node(s) == "crisis"


def test_r6_2_event_effects_then_outcomes_then_reactions():
    """R6.2 An event applies its certain effects, then its outcomes (a chance draw), then
    reactions."""
    r = handmade_rules()
    crisis = dataclasses.replace(
        r.events[0],
        outcomes=(
            OutcomeInfo("mild", 0.5, "", (AddOp(TRUST, Const(-1)),)),
            OutcomeInfo("bad", 0.5, "", (AddOp(TRUST, Const(-9)),)),
        ),
    )
    game = make(events=(crisis, r.events[1]), reactions_to_event=((0,), ()))
    s = play(game, game.new_initial_state(), "chance flexibility.a=mid", "chance flexibility.b=mid")
    s = play(game, s, "chance crisis=happens")
    assert s.flags >> SUSPENDED & 1 and s.meters[TRUST] == 39  # certain effects first
    assert [game.action_to_string(s, a) for a in game.legal_actions(s)] == [
        "chance crisis=mild",
        "chance crisis=bad",
    ]
    s = play(game, s, "chance crisis=bad")
    assert s.meters[TRUST] == 30 and game.chance_node(s) == "press"
    s = play(game, s, "chance press=happens")
    assert s.meters[OPP] == 72 and s.phase == PH_ACT


def test_r6_3_reaction_applies_when_its_condition_holds_with_its_chance():
    """R6.3 A reaction answers moves or events. When one happens, each reaction to it, in file
    order, applies if its when holds, with its chance."""
    s = play(GAME, start(), "move charm")  # trust 44 > 10: the press may react
    assert GAME.chance_node(s) == "press" and [p for _, p in GAME.chance_outcomes(s)] == [0.5, 0.5]
    assert play(GAME, s, "chance press=happens").meters[OPP] == 72
    assert play(GAME, s, "chance press=not").meters[OPP] == 70
    low = make(meters=(dataclasses.replace(GAME.rules.meters[0], start=5), *GAME.rules.meters[1:]))
    s = play(low, start(low), "move charm")  # trust 4 + 5 = 9: no reaction
    assert s.phase == PH_ACT and s.meters[OPP] == 70


# --- R7 -------------------------------------------------------------------------------------


def test_r7_1_utility_and_reservation_level():
    """R7.1 A side's utility of a package is the sum of its weights for the chosen options plus
    its conditional terms that hold. Its reservation level is its reservation expression over
    meters minus its hidden flexibility value."""
    r = handmade_rules()
    term = TermInfo("rich", Compare(("==",), (OptionRef(1), Const(1))), MeterRef(TRUST))
    a = dataclasses.replace(r.sides[0], values=ValuesInfo(r.sides[0].values.weights, (term,)))
    game = make(sides=(a, r.sides[1]))
    s = start(game, a="hard", b="soft")
    p = game.package_index((1, 1))
    assert game.utility(s, 0, p) == 20 - 5 + 39
    assert game.utility(s, 0, game.package_index((1, 0))) == 20
    assert game.reservation(s, 0) == 2 - (-3)
    assert game.reservation(s, 1) == 70 - 3  # b's reservation is the opposition meter


def test_r7_2_signal_names_the_true_level_with_its_accuracy():
    """R7.2 A signal names one flexibility level of a side: the true one with the given accuracy,
    otherwise one of the others, each equally likely."""
    s = play(GAME, start(b="hard"), "move spy")
    assert GAME.chance_node(s) == "signal.b"
    assert [p for _, p in GAME.chance_outcomes(s)] == pytest.approx([0.8, 0.1, 0.1])
    s = play(GAME, start(b="soft"), "move spy")
    assert [p for _, p in GAME.chance_outcomes(s)] == pytest.approx([0.1, 0.1, 0.8])


def test_r7_3_advisors_value_packages_by_their_own_weights():
    """R7.3 A side's advisors value packages by their own weights; they advise, they do not
    decide."""
    r = handmade_rules()
    hawk = AdvisorInfo("hawk", "Hawk", ValuesInfo(((Const(0), Const(-50)), (Const(0), Const(1)))))
    a = dataclasses.replace(r.sides[0], advisors=(hawk,))
    game = make(sides=(a, r.sides[1]))
    s = start(game)
    p = game.package_index((1, 1))
    assert game.advisor_utility(s, 0, 0, p) == -49
    assert game.utility(s, 0, p) == 15
    assert game.ratify_probability(s, 0, p) == GAME.ratify_probability(start(), 0, p)


# --- R8 -------------------------------------------------------------------------------------


def test_r8_1_fallback_at_deadline():
    """R8.1 The fallback (no when, last in the list) ends the game after a deal or at the deadline
    when no other ending applies."""
    game = make(turns=1)
    s = play(game, start(game), "end", "end")
    assert game.is_terminal(s) and game.ending(s).id == "fallback" and s.table == -1
    assert game.returns(s) == (0.0, 5.0)


def test_r8_1_first_ending_whose_condition_holds_in_file_order():
    """R8.1 Endings are checked, in file order, after a ratified deal and at the end of every
    turn. The first whose when holds ends the game."""
    low = make(meters=(dataclasses.replace(GAME.rules.meters[0], start=28), *GAME.rules.meters[1:]))
    s = play(low, start(low, crisis="happens"), "end")
    assert not low.is_terminal(s)  # checked at the end of the turn, not mid-turn
    s = play(low, s, "end")
    assert low.is_terminal(s) and low.ending(s).id == "breakdown" and s.turn == 1
    assert low.returns(s) == (-10.0, -10.0)
    s = play(GAME, start(crisis="happens"), "end", "end")  # trust 39 >= 30: the game goes on
    assert not GAME.is_terminal(s) and s.turn == 2


def test_r8_1_deal_checks_endings_with_deal_true():
    """R8.1 After a ratified deal, endings are checked (deal is true); the fallback ends the game
    when no other applies."""
    r = handmade_rules()
    deal_only = EndingInfo(
        "signed", "Signed", BoolOp("and", (Const(True), _deal())), (Const(7), Const(7))
    )
    game = make(endings=(r.endings[0], deal_only, r.endings[2]))
    s = play(game, start(game), "table land=keep money=lots", "accept")
    s = play(game, s, "chance ratify.a=yes", "chance ratify.b=yes")
    assert game.ending(s).id == "signed" and game.returns(s) == (7.0, 7.0)


def _deal():
    from game.engine.expr import Builtin

    return Builtin("deal")


def test_r8_2_scores_use_the_status_quo_without_a_deal_and_are_clamped():
    """R8.2 Each ending scores each side by its expressions; utility("<side>") there is the side's
    utility of the ratified package, or of the status quo package when there was no deal. Scores
    are clamped to the scenario's scoring bounds."""
    r = handmade_rules()
    land = dataclasses.replace(r.issues[0], status_quo=1)  # the status quo gives the land
    fallback = EndingInfo("fallback", "Status quo", None, (UtilityOf(0), Const(500)))
    game = make(turns=1, issues=(land, r.issues[1]), endings=(*r.endings[:2], fallback))
    s = play(game, start(game), "end", "end")
    assert game.ending(s).id == "fallback"
    assert game.returns(s) == (20.0, 100.0)
    assert game.status_quo_utility(s, 0) == 20.0


# --- R9 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_r9_1_a_game_is_reproduced_by_its_list_of_actions(seed):
    """R9.1 The engine has no randomness: every draw is an explicit chance node. A game is
    reproduced exactly by its list of actions, chance outcomes included."""
    rng = random.Random(seed)
    s = GAME.new_initial_state()
    states, actions = [s], []
    while not GAME.is_terminal(s):
        legal = GAME.legal_actions(s)
        a = legal[int(rng.random() * len(legal))]
        s = GAME.apply(s, a)
        actions.append(a)
        states.append(s)
    replay = [GAME.new_initial_state()]
    for a in actions:
        replay.append(Game(GAME.rules).apply(replay[-1], a))
    assert replay == states
    assert states[-1].phase == PH_TERMINAL
