"""Bots: always legal, seeded-reproducible, and the rules bot answers by its win-set."""

from __future__ import annotations

import dataclasses
import random

import pytest

from game.ai import BOTS, RandomBot, RulesBot, make_bot
from game.engine import PH_ANSWER, PH_CHANCE, PH_TERMINAL, Game
from game.engine.expr import Const, MeterRef
from game.match import Runner
from tests.engine.handmade import handmade_rules

GAME = Game(handmade_rules(4))
A_ACCEPT, A_REJECT = 1, 2


def play(game, bots, seed, check_legal=True):
    """A whole game through the match runner. Returns (final state, actions)."""
    actions = []

    def log(before, action, actor, after, changes):
        actions.append(action)

    runner = Runner(game, seed, bots, on_step=log, check=check_legal)
    return runner.play(), actions


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
    s = apply_texts(game, s, "table land=give money=lots")
    assert s.phase == PH_ANSWER and s.actor == 0
    obs = game.observe(s, 0)
    assert game.utility(s, 0, s.table) >= obs.own_reservation + 10  # 15 vs 2
    # (and b's home front likely ratifies it: -5 against -10, so no counter does better)
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
    """b can ratify 'give the land, pay lots', and the land deal now scores better for both
    than no deal (30 and 10 against 0 and 5)."""
    base = dealable().rules
    land = dataclasses.replace(base.endings[1], scores=(Const(30), Const(10)))
    game = Game(dataclasses.replace(base, endings=(base.endings[0], land, base.endings[2])))
    deals = sum(play(game, [RulesBot(), RulesBot()], seed)[0].table >= 0 for seed in range(40))
    assert deals >= 30


def test_rules_bot_makes_helpful_moves_and_respects_its_budget():
    r = handmade_rules(4)
    meters = (dataclasses.replace(r.meters[0], helps=0), *r.meters[1:3],
              dataclasses.replace(r.meters[3], helps=0))  # fmt: skip
    game = Game(dataclasses.replace(r, meters=meters))
    s = opening(game)
    blind = RulesBot(budget=0)
    assert game.move_of(blind.choose(game, s, 0, random.Random(0))) < 0
    assert blind.leaves == 0
    capped = RulesBot(budget=3)
    capped.choose(game, s, 0, random.Random(0))
    assert capped.leaves <= 3 + 1  # the budget, plus the decision state itself


def _trust_game(breakdown_score=-10.0):
    """Handmade rules where trust is worth a point per unit to a at the end (no-deal ending)."""
    r = handmade_rules(4)
    endings = (
        r.endings[0],
        r.endings[1],
        dataclasses.replace(r.endings[2], scores=(MeterRef(0), Const(5))),
    )
    return Game(dataclasses.replace(r, endings=endings))


def test_rules_bot_makes_a_move_that_raises_its_no_deal_score():
    game = _trust_game()
    s = opening(game)
    action = RulesBot(reserve=0).choose(game, s, 0, random.Random(0))
    # charm: trust +5 (a's score +5 per capital); gamble risks trust -10; spy only informs
    assert game.action_to_string(s, action) == "move charm"


def test_rules_bot_never_makes_a_clearly_bad_move_when_it_can_end():
    """b's only move (drill: trust -5) costs it 5 points when b's score is trust: it ends."""
    r = handmade_rules(4)
    endings = (r.endings[0], r.endings[1],
               dataclasses.replace(r.endings[2], scores=(Const(0), MeterRef(0))))  # fmt: skip
    game = Game(dataclasses.replace(r, endings=endings))
    s = apply_texts(game, opening(game), "end")
    assert s.actor == 1 and game.move_of(game.legal_actions(s)[1]) >= 0
    action = RulesBot(reserve=0).choose(game, s, 1, random.Random(0))
    assert game.move_of(action) < 0 or game.action_to_string(s, action) == "move spy"
    for seed in range(20):  # and over whole games, b never drills
        _, actions = play(game, [RulesBot(), RulesBot()], seed)
        drill = game.rules.moves.index(next(m for m in game.rules.moves if m.id == "drill"))
        assert 3 + drill not in actions


TOKYO = None


def tokyo():
    global TOKYO
    if TOKYO is None:
        from game.scenario import load_rules

        TOKYO = Game(load_rules("tokyo_2018"))
    return TOKYO


@pytest.mark.parametrize("pair", [("rules", "rules"), ("rules", "random"), ("random", "rules")])
def test_bots_play_legally_on_tokyo_2018(pair):
    game = tokyo()
    bots = [make_bot(pair[0]), make_bot(pair[1])]
    for seed in range(8):
        play(game, bots, seed)


def test_rules_bot_replays_exactly_on_tokyo_2018():
    game = tokyo()
    warm = [RulesBot(), RulesBot()]
    for seed in (3, 4):
        first = play(game, [RulesBot(), RulesBot()], seed)
        assert play(game, warm, seed) == first
        assert play(game, [RulesBot(), RulesBot()], seed) == first


def _table(small, large, security, treaty="after_territory", economy="none"):
    return (
        f"table small_islands={small} large_islands={large} security={security} "
        f"treaty={treaty} economy={economy} legal_frame=russian_law"
    )


def test_rules_bot_accepts_and_rejects_by_its_win_set_on_tokyo_2018():
    game = tokyo()
    s = game.new_initial_state()
    for text in ("chance flexibility.japan=pragmatic", "chance flexibility.russia=moderate",
                 "chance north_korea_escalation=not", "chance china_arctic_push=not",
                 "end", "end", "chance russian_election=no_change",
                 "chance north_korea_escalation=not", "chance china_arctic_push=not"):  # fmt: skip
        s = game.apply(s, game.parse_action(s, text))
    assert s.actor == 1  # Russia opens turn 2
    # Russia tables economy only: Japan's utility -7 against a reservation near 2: reject/counter
    s1 = apply_texts(game, s, _table("russian", "russian", "no_terms", "none", "large_package"))
    obs = game.observe(s1, 0)
    assert game.utility(s1, 0, s1.table) < obs.own_reservation - 5
    assert RulesBot().choose(game, s1, 0, random.Random(0)) != A_ACCEPT
    # Japan tables two islands now and talks on the rest, for nothing: Russia's utility is far
    # below its reservation level; it never accepts
    s2 = apply_texts(game, s, "end")
    s2 = apply_texts(game, s2, _table("transfer_now", "talks_continue", "no_us_bases"))
    assert s2.actor == 1
    assert game.utility(s2, 1, s2.table) < game.observe(s2, 1).own_reservation - 10
    assert RulesBot().choose(game, s2, 1, random.Random(0)) != A_ACCEPT
    # four islands for Japan: far inside Japan's win-set, but Moscow's home front would
    # never ratify it (utility about -75): Japan does not accept a deal bound to fail at home
    # (it counters, or rejects when no package it could table is likely to pass both votes)
    s3 = apply_texts(game, s, _table("transfer_now", "transfer", "no_us_bases"))
    assert game.utility(s3, 0, s3.table) > game.observe(s3, 0).own_reservation + 20
    assert RulesBot().choose(game, s3, 0, random.Random(0)) != A_ACCEPT


def test_rules_bot_beats_random_on_tokyo_2018():
    """Mean score of the side the rules bot plays, against random, versus random in its seat."""
    game = tokyo()
    seeds = range(50)
    for side in (0, 1):
        rules_seat = [make_bot("random"), make_bot("random")]
        rules_seat[side] = make_bot("rules")
        with_rules = sum(game.returns(play(game, rules_seat, seed)[0])[side] for seed in seeds)
        baseline = sum(
            game.returns(play(game, [make_bot("random"), make_bot("random")], seed)[0])[side]
            for seed in seeds
        )
        assert with_rules / len(seeds) > baseline / len(seeds) + 3.0, (side, with_rules, baseline)


def test_registry_parses_specs():
    assert {"random", "rules", "greedy", "negotiator", "ismcts"} <= set(BOTS)
    bot = make_bot("rules:margin=2.5,budget=3,moves=1")
    assert isinstance(bot, RulesBot)
    assert (bot.margin, bot.budget, bot.moves) == (2.5, 3, 1)
    assert isinstance(make_bot(" Random "), RandomBot)
    with pytest.raises(
        ValueError, match="known bots: greedy, ismcts, negotiator, openspiel-ismcts, random, rules"
    ):
        make_bot("mcts")
    with pytest.raises(ValueError, match="no option 'x'"):
        make_bot("rules:x=1")
    with pytest.raises(ValueError, match="expected key=value"):
        make_bot("rules:margin")
    with pytest.raises(ValueError, match="bad options"):
        make_bot("rules:budget=-2")
    with pytest.raises(ValueError, match="no option"):
        make_bot("random:seed=1")
