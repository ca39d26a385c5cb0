"""Bots: always legal, seeded-reproducible, and the rules bot answers by its win-set."""

from __future__ import annotations

import dataclasses
import random

import pytest

from game.ai import BOTS, RandomBot, RulesBot, make_bot
from game.engine import PH_ANSWER, PH_CHANCE, PH_TERMINAL, Game
from game.engine.expr import Const
from tests.engine.handmade import handmade_rules

GAME = Game(handmade_rules(4))
A_ACCEPT, A_REJECT = 1, 2


def play(game, bots, seed, check_legal=True):
    """A whole game; chance by its probabilities. Returns (final state, actions)."""
    rng = random.Random(seed)
    s = game.new_initial_state()
    actions = []
    while s.phase != PH_TERMINAL:
        if s.phase == PH_CHANCE:
            x, acc, a = rng.random(), 0.0, None
            outcomes = game.chance_outcomes(s)
            for b, p in outcomes:
                acc += p
                if x < acc:
                    a = b
                    break
            a = outcomes[-1][0] if a is None else a
        else:
            a = bots[s.actor].choose(game, s, s.actor, rng)
            if check_legal:
                assert a in game.legal_actions(s), game.action_to_string(s, a)
        actions.append(a)
        s = game.apply(s, a)
    return s, actions


def dealable():
    """b can live with 'give the land, pay lots' (-5 >= -10): a deal both sides can ratify."""
    r = handmade_rules(6)
    b = dataclasses.replace(r.sides[1], reservation=Const(-10))
    return Game(dataclasses.replace(r, sides=(r.sides[0], b)))


def opening(game, a="mid", b="mid"):
    s = game.new_initial_state()
    for t in (f"chance flexibility.a={a}", f"chance flexibility.b={b}", "chance crisis=not"):
        s = game.apply(s, game.parse_action(s, t))
    return s


def apply_texts(game, s, *texts):
    for t in texts:
        s = game.apply(s, game.parse_action(s, t))
    return s


@pytest.mark.parametrize("pair", [("random", "random"), ("rules", "rules"), ("rules", "random"),
                                  ("random", "rules")])  # fmt: skip
def test_bots_always_return_legal_actions(pair):
    for game in (GAME, dealable(), Game(handmade_rules(12))):
        bots = [make_bot(pair[0]), make_bot(pair[1])]
        for seed in range(60):
            play(game, bots, seed)


@pytest.mark.parametrize("spec", ["random", "rules", "rules:margin=0,budget=1,moves=3"])
def test_seeded_games_replay_exactly(spec):
    for seed in range(10):
        first = play(GAME, [make_bot(spec), make_bot(spec)], seed)
        again = play(GAME, [make_bot(spec), make_bot(spec)], seed)
        assert first == again
    # a reused bot (warm caches) plays the same as a fresh one
    bots = [make_bot(spec), make_bot(spec)]
    for seed in range(10):
        assert play(GAME, bots, seed) == play(GAME, [make_bot(spec), make_bot(spec)], seed)


def test_random_bot_is_uniform_and_uses_only_the_given_rng():
    s = opening(GAME)
    legal = GAME.legal_actions(s)
    rng = random.Random(5)
    counts = dict.fromkeys(legal, 0)
    random.seed(0)
    state_before = random.getstate()
    for _ in range(4000):
        counts[RandomBot().choose(GAME, s, 0, rng)] += 1
    assert random.getstate() == state_before
    expected = 4000 / len(legal)
    assert all(abs(c - expected) < 0.25 * expected for c in counts.values()), counts


def test_rules_bot_accepts_a_package_clearly_in_its_win_set():
    game = dealable()
    bot = RulesBot()
    # turn 2: b opens; a answers b's package
    s = apply_texts(game, opening(game), "end", "end", "chance crisis=not")
    s = apply_texts(game, s, "table land=give money=none")
    assert s.phase == PH_ANSWER and s.actor == 0
    obs = game.observe(s, 0)
    assert game.utility(s, 0, s.table) >= obs.own_reservation + 10  # 20 vs 2
    assert bot.choose(game, s, 0, random.Random(0)) == A_ACCEPT


def test_rules_bot_rejects_a_package_clearly_outside_its_win_set():
    bot = RulesBot()
    s = apply_texts(GAME, opening(GAME), "end", "end", "chance crisis=not")
    s = apply_texts(GAME, s, "table land=keep money=lots")  # a: -5 against a reservation of 2
    assert s.phase == PH_ANSWER and s.actor == 0
    # no package clears b's estimated reservation (~70), so no counter either
    assert bot.choose(GAME, s, 0, random.Random(0)) == A_REJECT
    # after a counter, a counter's answer is accept or reject only
    s2 = apply_texts(
        GAME, opening(GAME), "table land=give money=lots", "counter land=keep money=lots"
    )
    assert bot.choose(GAME, s2, 0, random.Random(0)) == A_REJECT


def test_rules_bot_counters_with_a_package_both_can_ratify():
    game = dealable()
    s = apply_texts(game, opening(game), "end", "end", "chance crisis=not")
    s = apply_texts(game, s, "table land=keep money=lots")  # bad for a
    action = RulesBot().choose(game, s, 0, random.Random(0))
    assert game.action_to_string(s, action) == "counter land=give money=lots"


def test_rules_bot_does_not_peek_at_the_other_sides_limit():
    """Its choice is a function of what it observes: the other side's draw changes nothing."""
    game = dealable()
    bot = RulesBot()
    for seed in range(20):
        _, actions = play(game, [RulesBot(), RulesBot()], seed)
        s = game.new_initial_state()
        for a in actions:
            if s.phase not in (PH_CHANCE, PH_TERMINAL):
                for level in range(3):
                    hidden = list(s.hidden)
                    hidden[1 - s.actor] = level
                    variant = s._replace(hidden=tuple(hidden))
                    assert bot.choose(game, variant, s.actor, random.Random(0)) == a
            s = game.apply(s, a)


def test_rules_bots_reach_deals_when_a_zone_of_agreement_exists():
    game = dealable()
    deals = sum(play(game, [RulesBot(), RulesBot()], seed)[0].table >= 0 for seed in range(40))
    assert deals >= 30


def test_rules_bot_makes_helpful_moves_and_respects_its_budget():
    r = handmade_rules(4)
    meters = (dataclasses.replace(r.meters[0], helps=0), *r.meters[1:3],
              dataclasses.replace(r.meters[3], helps=0))  # fmt: skip
    game = Game(dataclasses.replace(r, meters=meters))
    s = opening(game)
    bot = RulesBot()
    action = bot.choose(game, s, 0, random.Random(0))
    # trust and opp both help a: charm (trust +5, maybe opp +2) gains, gamble (opp -20 or
    # trust -10) hurts, spy only informs
    assert game.action_to_string(s, action) == "move charm"
    thrifty = RulesBot(reserve=s.meters[1])  # keeps all its capital
    assert game.move_of(thrifty.choose(game, s, 0, random.Random(0))) < 0
    hurt = dataclasses.replace(r, meters=(dataclasses.replace(r.meters[0], helps=1), *r.meters[1:]))
    hurt_game = Game(hurt)
    s_hurt = opening(hurt_game)
    assert (
        hurt_game.action_to_string(
            s_hurt, RulesBot().choose(hurt_game, s_hurt, 0, random.Random(0))
        )
        != "move charm"
    )
    blind = RulesBot(budget=0)
    assert game.move_of(blind.choose(game, s, 0, random.Random(0))) < 0
    assert blind.previews == 0
    capped = RulesBot(budget=1)
    capped.choose(game, s, 0, random.Random(0))
    assert capped.previews == 1


def test_registry_parses_specs():
    assert set(BOTS) == {"random", "rules"}
    bot = make_bot("rules:margin=2.5,budget=3,moves=1")
    assert isinstance(bot, RulesBot)
    assert (bot.margin, bot.budget, bot.moves) == (2.5, 3, 1)
    assert isinstance(make_bot(" Random "), RandomBot)
    with pytest.raises(ValueError, match="known bots: random, rules"):
        make_bot("mcts")
    with pytest.raises(ValueError, match="no option 'x'"):
        make_bot("rules:x=1")
    with pytest.raises(ValueError, match="expected key=value"):
        make_bot("rules:margin")
    with pytest.raises(ValueError, match="bad options"):
        make_bot("rules:budget=-2")
    with pytest.raises(ValueError, match="no option"):
        make_bot("random:seed=1")
