"""A small game built directly as compiled `Rules`, so engine tests do not need the loader."""

from __future__ import annotations

from game.engine.expr import BoolOp, Compare, Const, FlagRef, MeterRef, OptionRef, Unary
from game.engine.rules import (
    AddOp,
    EndingInfo,
    EventInfo,
    FlagInfo,
    FlexLevelInfo,
    IssueInfo,
    MeterInfo,
    MoveInfo,
    OptionInfo,
    OutcomeInfo,
    ReactionInfo,
    RevealOp,
    Rules,
    SetFlagOp,
    SideInfo,
    ValuesInfo,
)


def c(x):
    return Const(x)


def handmade_rules(turns: int = 4) -> Rules:
    meters = (
        MeterInfo("trust", "Trust", 0, 100, 40),
        MeterInfo("cap_a", "A capital", 0, 10, 2),
        MeterInfo("cap_b", "B capital", 0, 10, 2),
        MeterInfo("opp", "B opposition", 0, 100, 70),
    )
    flags = (FlagInfo("suspended", "Talks suspended", False),)
    issues = (
        IssueInfo("land", "Land", (OptionInfo("keep", "Keep"), OptionInfo("give", "Give"))),
        IssueInfo("money", "Money", (OptionInfo("none", "None"), OptionInfo("lots", "Lots"))),
    )
    packages = ((0, 0), (0, 1), (1, 0), (1, 1))
    va = ValuesInfo(((c(0), c(20)), (c(0), c(-5))))
    vb = ValuesInfo(((c(0), c(-20)), (c(0), c(15))))
    flex = (
        FlexLevelInfo("hard", "hard", -3.0, 0.3),
        FlexLevelInfo("mid", "mid", 0.0, 0.4),
        FlexLevelInfo("soft", "soft", 3.0, 0.3),
    )
    sides = (
        SideInfo("a", "Alpha", 1, c(2), 3, 2, va, c(2), "flex", flex),
        SideInfo(
            "b",
            "Beta",
            2,
            c(2),
            3,
            2,
            vb,
            Compare((">",), (MeterRef(3), c(50))) if False else MeterRef(3),
            "flex",
            flex,
        ),
    )
    moves = (
        MoveInfo(
            "charm", 0, "Charm", "signal", 1, Unary("not", FlagRef(0)), False, (AddOp(0, c(5)),)
        ),
        MoveInfo("spy", 0, "Spy", "intel", 1, None, False, (RevealOp(1, 0, 0.8),)),
        MoveInfo(
            "gamble",
            0,
            "Gamble",
            "economy",
            2,
            None,
            True,
            (),
            (
                OutcomeInfo("win", 0.5, "It works.", (AddOp(3, c(-20)),)),
                OutcomeInfo("lose", 0.5, "It fails.", (AddOp(0, c(-10)),)),
            ),
        ),
        MoveInfo("drill", 1, "Drill", "security", 1, None, False, (AddOp(0, c(-5)),)),
        MoveInfo("spy", 1, "Spy", "intel", 1, None, False, (RevealOp(0, 1, 0.8),)),
    )
    events = (
        EventInfo("crisis", "A crisis", 0, None, c(0.25), False, (SetFlagOp(0, True),)),
        EventInfo("summit", "A summit", 2, None, None, False, (AddOp(0, c(3)),)),
    )
    reactions = (
        ReactionInfo(
            "press",
            "press",
            "The press reacts",
            Compare((">",), (MeterRef(0), c(10))),
            c(0.5),
            (AddOp(3, c(2)),),
        ),
    )
    endings = (
        EndingInfo(
            "breakdown",
            "Breakdown",
            BoolOp("and", (FlagRef(0), Compare(("<",), (MeterRef(0), c(30))))),
            (c(-10), c(-10)),
        ),
        EndingInfo(
            "land_deal", "Land deal", Compare(("==",), (OptionRef(0), c(1))), (c(30), c(-5))
        ),
        EndingInfo("fallback", "Status quo", None, (c(0), c(5))),
    )
    dates = tuple(f"2018-{m:02d}-01" for m in range(1, turns + 1))
    return Rules(
        scenario_id="handmade",
        title="Handmade",
        digest="0" * 64,
        sides=sides,
        meters=meters,
        flags=flags,
        statuses=(),
        territories=(),
        issues=issues,
        packages=packages,
        moves=moves,
        events=events,
        reactions=reactions,
        reactions_to_move=((0,), (), (), (0,), ()),
        reactions_to_event=((), ()),
        endings=endings,
        turn_dates=dates,
        opens=-1,
        every_turn=(AddOp(0, c(-1)),),
        softness=4.0,
        on_failure=((AddOp(1, c(-2)),), (AddOp(2, c(-2)),)),
        table_when=None,
        score_min=-100,
        score_max=100,
    )
