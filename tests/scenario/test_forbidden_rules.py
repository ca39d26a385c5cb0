"""Forbidden-package rules carried into the compiled rules and named by `Game.forbidding_rule`."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from game.engine import ForbiddenRule, Game
from game.scenario import load_rules
from game.scenario.symbols import StartEnv, coherent_packages
from tests.engine.handmade import handmade_rules

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def tokyo() -> Game:
    return Game(load_rules("tokyo_2018"))


def test_each_rule_keeps_its_id_text_condition_and_place_in_the_file(tokyo: Game) -> None:
    rules = tokyo.rules.forbidden
    assert [r.id for r in rules][:3] == [
        "transfer_needs_treaty",
        "settlement_needs_territory",
        "frame_needs_joint_activity",
    ]
    ids = {s for s, _ in tokyo.rules.sources}
    for r in rules:
        assert isinstance(r, ForbiddenRule) and r.text and r.condition
        lines = (ROOT / r.source.file).read_text(encoding="utf-8").splitlines()
        assert lines[r.source.line - 1].strip() == f"- id: {r.id}"  # file:line is the rule
        assert r.sources and set(r.sources) <= ids
    first = rules[0]
    assert first.condition == 'small_islands == "transfer_after_treaty" and treaty == "none"'
    assert first.sources == ("external_facts", "nikkei_2018_12")


def test_the_first_rule_that_hits_is_named_for_every_forbidden_combination(tokyo: Game) -> None:
    r = tokyo.rules
    counts = [len(i.options) for i in r.issues]
    start = tokyo.new_initial_state()
    env = StartEnv(start.meters, start.flags, start.statuses)
    # Computed apart from the engine: what each rule alone forbids, by the scenario compiler.
    everything = set(itertools.product(*(range(n) for n in counts)))
    hit = [everything - set(coherent_packages(counts, [rule.when], env)) for rule in r.forbidden]
    assert all(hit)  # every rule forbids something
    named = 0
    for combo in sorted(everything):
        rule = tokyo.forbidding_rule(combo)
        first = next((k for k, h in enumerate(hit) if combo in h), None)
        if first is None:
            assert rule is None and tokyo.package_index(combo) >= 0
        else:
            assert rule is r.forbidden[first] and tokyo.package_index(combo) == -1
            named += 1
    assert named == len(everything) - len(r.packages) > 0


def test_no_rule_for_a_coherent_package_a_wrong_length_or_index_or_no_rules() -> None:
    game = Game(load_rules("tokyo_2018"))
    assert game.forbidding_rule(game.rules.packages[0]) is None
    assert game.forbidding_rule((0,)) is None
    assert game.forbidding_rule(tuple(99 for _ in game.rules.issues)) is None
    plain = Game(handmade_rules(4))
    assert plain.rules.forbidden == ()
    assert plain.forbidding_rule(tuple(0 for _ in plain.rules.issues)) is None
