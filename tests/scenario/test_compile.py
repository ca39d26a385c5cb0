"""Compilation of a checked scenario into the engine's `Rules`."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
import yaml
from test_lint import MINI, Pos  # the shared in-memory scenario (tests/scenario is on sys.path)

from game.engine.expr import Binary, Builtin, Compare, Const, MeterRef, OptionRef, UtilityOf
from game.engine.rules import (
    AddOp,
    CondOp,
    RevealOp,
    Rules,
    SetFlagOp,
    SetMeterOp,
    SetStatusOp,
)
from game.scenario.compile import build_rules, citation, date_to_turn, history_action
from game.scenario.lint import check
from game.scenario.schema import ScenarioSpec, Source
from game.scenario.symbols import SymbolTable

# meters: jp_capital 0, ru_capital 1, jp_public 2, ru_public 3, trust 4


def compile_doc(doc: dict[str, Any]) -> Rules:
    spec = ScenarioSpec.model_validate(doc)
    diags, parsed = check(spec, Pos(), "mini.yaml")
    assert not [d for d in diags if d.is_error], [d.render() for d in diags]
    return build_rules(spec, Pos(), parsed, "abc123", "mini.yaml")


@pytest.fixture
def rules() -> Rules:
    return compile_doc(yaml.safe_load(MINI))


def test_basics(rules: Rules) -> None:
    assert rules.scenario_id == "test_mini"
    assert rules.digest == "abc123"
    assert [s.id for s in rules.sides] == ["japan", "russia"]
    assert rules.sides[0].capital_meter == 0
    assert rules.sides[1].income == Binary("+", Const(1), Binary("/", MeterRef(4), Const(50)))
    assert rules.sides[0].reservation == Binary("-", Const(10), Binary("/", MeterRef(2), Const(10)))
    assert [lv.id for lv in rules.sides[0].flex_levels] == ["low", "high"]
    assert [lv.id for lv in rules.sides[1].flex_levels] == ["none"]
    assert rules.meters[4].helps == 0
    assert rules.territories[0].status == 0
    assert rules.territories[0].outline == (((146.6, 43.8), (146.9, 43.8), (146.9, 43.9)),)
    assert rules.issues[1].status_quo == 0
    assert rules.issues[1].options[2].on_deal == (SetStatusOp(0, 1),)
    assert rules.table_when is not None
    assert rules.opens == -1
    assert rules.turn_labels == ("February", "", "", "")
    assert rules.sources == (("src", "Made up for the tests."),)
    assert rules.source_file == "mini.yaml"
    assert rules.moves[0].source.file == "mini.yaml"
    assert [a.side for a in rules.actors] == [1, -1]
    assert rules.every_turn == (AddOp(3, Const(1)),)
    hash(rules)
    assert pickle.loads(pickle.dumps(rules)) == rules


def test_values(rules: Rules) -> None:
    japan = rules.sides[0].values
    assert japan.weights[0] == (Const(0), Const(-5))
    assert japan.weights[1] == (
        Const(0),
        Const(20),
        Binary("+", Const(30), Binary("/", MeterRef(2), Const(10))),
    )
    (term,) = japan.terms
    assert term.value == Const(3)
    assert rules.sides[1].values.weights[0] == (Const(0), Const(6))


def test_packages_respect_forbidden_rules(rules: Rules) -> None:
    # security (2 options) x islands (3); (no_terms, four) is forbidden.
    assert rules.packages == ((0, 0), (0, 1), (1, 0), (1, 1), (1, 2))


def test_packages_without_rules() -> None:
    doc = yaml.safe_load(MINI)
    doc["forbidden_packages"] = []
    assert len(compile_doc(doc).packages) == 6


def test_shared_moves_per_side(rules: Rules) -> None:
    assert [(m.id, m.side) for m in rules.moves] == [
        ("invest", 0),
        ("back_channel", 0),
        ("back_channel", 1),
    ]
    invest = rules.moves[0]
    assert invest.effects == (AddOp(4, Const(5)), AddOp(0, Const(-1)))
    assert [o.id for o in invest.outcomes] == ["welcomed", "trojan_horse"]
    jp, ru = rules.moves[1], rules.moves[2]
    assert jp.when == Compare((">",), (MeterRef(2), Const(10)))
    assert ru.when == Compare((">",), (MeterRef(3), Const(10)))
    assert jp.effects[0] == AddOp(3, Const(2))  # other.public for japan = russia's
    assert ru.effects[0] == AddOp(2, Const(2))
    assert jp.effects[1] == RevealOp(about=1, receiver=0, accuracy=0.7)
    assert ru.effects[1] == RevealOp(about=0, receiver=1, accuracy=0.7)
    cond = jp.effects[2]
    assert isinstance(cond, CondOp)
    assert cond.then == (SetMeterOp(0, Const(3)),)
    assert ru.effects[2] == CondOp(
        Compare((">",), (MeterRef(4), Const(50))),
        (SetMeterOp(1, Const(3)),),
        (AddOp(4, Const(1)),),
    )


def test_on_failure_per_side(rules: Rules) -> None:
    assert rules.on_failure == ((AddOp(2, Const(-5)),), (AddOp(3, Const(-5)),))


def test_events_and_reactions(rules: Rules) -> None:
    summit, sanctions = rules.events
    assert rules.turn_dates == ("2018-01-31", "2018-02-28", "2018-03-31", "2018-04-30")
    assert summit.turn == 2  # 2018-03-15 falls in [02-28, 03-31)
    assert summit.actor == "putin"
    assert sanctions.turn == 0 and sanctions.chance == Const(0.5)
    assert sanctions.effects == (SetFlagOp(0, True), RevealOp(1, 0, 0.6))
    assert [r.id for r in rules.reactions] == ["us_warns", "putin_welcomes"]
    # us_warns answers signal moves by japan; putin_welcomes answers invest and the summit.
    assert rules.reactions_to_move == ((1,), (0,), ())
    assert rules.reactions_to_event == ((1,), ())


def test_date_to_turn() -> None:
    dates = ("2018-01-31", "2018-02-28", "2018-03-31")
    end = "2018-04-30"
    assert date_to_turn("2018-01-31", dates, end) == 1
    assert date_to_turn("2018-02-27", dates, end) == 1
    assert date_to_turn("2018-02-28", dates, end) == 2
    assert date_to_turn("2018-04-29", dates, end) == 3
    assert date_to_turn("2017-12-01", dates, end) == 1
    assert date_to_turn("2018-04-30", dates, end) == 4  # after the last turn: never


def test_event_after_the_clock_never_fires() -> None:
    doc = yaml.safe_load(MINI)
    doc["events"][0]["at"] = {"date": "2019-01-01"}
    assert compile_doc(doc).events[0].turn == 5


def test_endings(rules: Rules) -> None:
    treaty, stalemate = rules.endings
    assert treaty.scores == (UtilityOf(0), Binary("-", UtilityOf(1), Const(1)))
    assert isinstance(treaty.when, type(treaty.when))
    assert treaty.when is not None and Builtin("deal") in treaty.when.operands  # type: ignore[union-attr]
    assert stalemate.when is None
    assert stalemate.scores == (Binary("/", MeterRef(4), Const(10)), Const(0))


def test_history(rules: Rules) -> None:
    assert rules.history == (
        "move invest",
        "chance invest=welcomed",
        "japan: table security=no_us_bases islands=two",
        "russia: accept",
        "japan: end",
        "russia: counter security=no_terms islands=four",
        "chance ratify.japan=yes",
        "end",
    )
    assert rules.history_ending == "treaty"


def test_history_action_strings() -> None:
    spec = ScenarioSpec.model_validate(yaml.safe_load(MINI))
    sym = SymbolTable.from_spec(spec)
    assert history_action("table islands=two", spec, sym) == "table security=no_terms islands=two"
    assert history_action("russia:  move  invest", spec, sym) == "russia: move invest"
    assert history_action({"side": "japan", "move": "invest", "note": "x"}, spec, sym) == (
        "japan: move invest"
    )
    assert history_action({"chance": "a = b"}, spec, sym) == "chance a=b"


def test_opens_side() -> None:
    doc = yaml.safe_load(MINI)
    doc["clock"]["opens"] = "russia"
    assert compile_doc(doc).opens == 1


def test_option_refs_in_terms(rules: Rules) -> None:
    (term,) = rules.sides[0].values.terms
    assert OptionRef(1) in term.when.operands[0].operands  # type: ignore[union-attr]


def test_citation() -> None:
    s = Source(id="a", kind="article", title="T", publication="P", date="2018")
    assert citation(s) == "T — P, 2018"
    assert citation(Source(id="b", kind="design")) == "b"


def test_map() -> None:
    doc = yaml.safe_load(MINI)
    doc["map"] = {
        "bounds": [145, 43, 149, 46],
        "context": [{"id": "hokkaido", "outline": [[[145, 43], [145.5, 43.5], [145, 44]]]}],
        "attribution": "NE",
    }
    m = compile_doc(doc).map
    assert m is not None and m.bounds == (145, 43, 149, 46)
    assert m.context[0].outline[0][1] == (145.5, 43.5)


def test_tiny_file_loads(tiny_path: Any) -> None:
    from game.scenario.loader import load_rules

    rules = load_rules(tiny_path)
    assert rules.packages == ((0,), (1,))
    assert rules.moves[0].source.line > 0
