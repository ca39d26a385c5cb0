"""A scenario-given personality (`sides[].personality`): validated, compiled, and taken by the
bots that play the side unless their spec names one."""

from __future__ import annotations

import dataclasses
import random

from game.ai import make_bot
from game.engine import Game
from game.scenario import load_rules
from game.sim.botbench import decision_states as game_decision_states

TOKYO_RULES = load_rules("tokyo_2018")


def with_personality(rules, side, personality):
    sides = list(rules.sides)
    sides[side] = dataclasses.replace(sides[side], personality=personality)
    return Game(dataclasses.replace(rules, sides=tuple(sides)))


def choices(game, spec, states):
    bot = make_bot(spec)
    return [bot.choose(game, s, s.actor, random.Random(0)) for s in states]


def test_the_format_compiles_a_personality_and_refuses_an_unknown_one(tmp_path, tiny_path):
    text = tiny_path.read_text(encoding="utf-8")
    good = tmp_path / "hard.yaml"
    good.write_text(
        text.replace("    reservation: 5\n", "    reservation: 5\n    personality: hardliner\n", 1)
    )
    rules = load_rules(str(good))
    assert [s.personality for s in rules.sides] == ["hardliner", ""]
    bad = tmp_path / "hawk.yaml"
    bad.write_text(good.read_text(encoding="utf-8").replace("hardliner", "hawk"))
    from game.scenario import ScenarioError

    try:
        load_rules(str(bad))
    except ScenarioError as exc:
        message = str(exc)
    else:
        raise AssertionError("an unknown personality was accepted")
    assert "sides[0].personality" in message and "'hawk'" in message and "hardliner" in message


def test_a_bot_takes_its_sides_personality_unless_its_spec_names_one():
    # track_1956 against greedy: the negotiators table and answer packages in these games, so
    # some of their decisions depend on each personality (self-play rarely negotiates)
    rules = load_rules("track_1956")
    plain = Game(rules)
    cast = with_personality(rules, 0, "hardliner")  # a hardliner Tokyo
    cast = with_personality(cast.rules, 1, "pragmatist")  # and a pragmatic Kremlin
    japan = [
        s
        for s in game_decision_states(plain, [make_bot("negotiator"), make_bot("greedy")], 0)
        if s.actor == 0
    ]
    russia = [
        s
        for s in game_decision_states(plain, [make_bot("greedy"), make_bot("negotiator")], 0)
        if s.actor == 1
    ]
    hard = choices(plain, "negotiator:personality=hardliner", japan)
    prag = choices(plain, "negotiator:personality=pragmatist", russia)
    assert hard != choices(plain, "negotiator", japan)  # the personality matters here
    assert prag != choices(plain, "negotiator", russia)
    for spec in ("negotiator", "normal"):
        assert choices(cast, spec, japan) == hard
        assert choices(cast, spec, russia) == prag
    # the spec wins over the scenario
    assert choices(cast, "negotiator:personality=pragmatist", japan) == choices(
        plain, "negotiator:personality=pragmatist", japan
    )
