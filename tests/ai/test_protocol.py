"""The bot protocol: specs with one-line errors, difficulties, and bots that see only their side.

The central property (issue 9): a bot's choice never changes when only what its side cannot
observe changes — the other side's hidden draw, or the signals only the other side received.
"""

from __future__ import annotations

import random

import pytest

from game.ai import BOTS, make_bot
from game.ai.registry import DEFAULT_OPPONENT, DIFFICULTIES
from game.engine import Game
from game.sim.botbench import decision_states as game_decision_states
from tests.engine.handmade import handmade_rules

SPECS = [
    "random",
    "greedy",
    "negotiator",
    "negotiator:personality=hardliner",
    "ismcts:iters=40",
    "openspiel-ismcts:iters=12",
    "ismcts:iters=20,c=0.1,edge=0,verify=1",
]


def _tokyo():
    from game.scenario import load_rules

    return Game(load_rules("tokyo_2018"))


TOKYO = _tokyo()


def decision_states(game, spec, seed, limit=40):
    """Decision states of one seeded game between two bots of `spec`."""
    return game_decision_states(game, [make_bot(spec), make_bot(spec)], seed)[:limit]


def variants(game, s):
    """`s` with the other side's hidden level and private signals changed every way we can."""
    other = 1 - s.actor
    levels = len(game.rules.sides[other].flex_levels)
    own_levels = len(game.rules.sides[s.actor].flex_levels)
    fake = (((0, 0.9), (own_levels - 1, 0.6)), ())
    for level in range(levels):
        for sig in fake:
            hidden = list(s.hidden)
            hidden[other] = level
            signals = list(s.signals)
            signals[other] = sig
            yield s._replace(hidden=tuple(hidden), signals=tuple(signals))


def blind(game, factory, states, seed):
    """True when every choice on `states` survives every change of what the side can't see."""
    for s in states:
        want = factory().choose(game, s, s.actor, random.Random(seed))
        for v in variants(game, s):
            if factory().choose(game, v, s.actor, random.Random(seed)) != want:
                return False
    return True


@pytest.mark.parametrize("spec", SPECS)
def test_choice_ignores_what_the_side_cannot_observe(spec):
    for game, seeds in ((Game(handmade_rules(6)), (0, 1)), (TOKYO, (0,))):
        for seed in seeds:
            states = decision_states(game, spec, seed, limit=24)
            assert states
            assert blind(
                game, lambda: make_bot(spec), states[:: 3 if "ismcts" in spec else 1], seed
            )


class Peeker:
    """A cheat: tables by the other side's true level."""

    name = "peeker"

    def choose(self, game, state, player, rng):
        legal = game.legal_actions(state)
        return legal[(state.hidden[1 - player] + len(state.signals[1 - player])) % len(legal)]


def test_the_blindness_check_catches_a_bot_that_peeks():
    states = decision_states(TOKYO, "greedy", 0, limit=10)
    assert not blind(TOKYO, Peeker, states, 0)


@pytest.mark.parametrize(
    "spec", ["greedy", "negotiator", "ismcts:iters=40", "openspiel-ismcts:iters=8"]
)
def test_bots_keep_nothing_between_decisions(spec):
    """A bot that has played a whole game decides like a fresh one, on every state."""
    warm = make_bot(spec)
    for s in decision_states(TOKYO, spec, 5, limit=30):
        warm.choose(TOKYO, s, s.actor, random.Random(1))
    for s in decision_states(TOKYO, spec, 6, limit=30)[::3]:
        fresh = make_bot(spec).choose(TOKYO, s, s.actor, random.Random(2))
        assert warm.choose(TOKYO, s, s.actor, random.Random(2)) == fresh


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("chess", "unknown bot 'chess'; known bots: greedy, ismcts, negotiator, openspiel-ismcts, "
         "random, rules, easy, normal, hard"),
        ("negotiator:depth=3", "'negotiator' has no option 'depth'; its options: iters,"),
        ("ismcts:iters=inf", "option 'iters' must be a finite number, got 'inf'"),
        ("ismcts:c=nan", "option 'c' must be a finite number, got 'nan'"),
        ("negotiator:boulware=-inf", "must be a finite number"),
        ("ismcts:iters=2.5", "option 'iters' takes a whole number, got '2.5'"),
        ("ismcts:iters=lots", "option 'iters' takes a number, got 'lots'"),
        ("ismcts:iters=-5", "iters=-5 is out of range"),
        ("negotiator:boulware=0", "boulware=0.0 is out of range 0.05..20"),
        ("negotiator:personality=angry", "personality='angry' is not one of hardliner, pragmatist"),
        ("hard:c=99", "c=99.0 is out of range"),
        ("greedy:iters", "expected key=value"),
    ],
)  # fmt: skip
def test_bad_specs_get_one_line_errors(spec, message):
    with pytest.raises(ValueError) as info:
        make_bot(spec)
    text = str(info.value)
    assert message in text
    assert "\n" not in text and spec.split(":")[0] in text


def test_difficulties_are_specs_of_registered_bots_without_bonuses():
    assert list(DIFFICULTIES) == ["easy", "normal", "hard"]
    assert DEFAULT_OPPONENT == "normal"
    for name, spec in DIFFICULTIES.items():
        bot = make_bot(name)
        assert bot.name == name
        assert type(bot) is type(make_bot(spec))
        assert spec.split(":")[0] in BOTS
    assert make_bot("hard:iters=77").iters == 77
    # every searching bot counts its budget in `iters`
    for name in ("greedy", "negotiator", "ismcts", "openspiel-ismcts"):
        make_bot(f"{name}:iters=3")


def test_ismcts_spends_exactly_its_iterations_and_stays_legal():
    bot = make_bot("ismcts:iters=25")
    states = decision_states(TOKYO, "negotiator", 2, limit=12)
    searched = 0
    for s in states:
        before = bot.sims
        a = bot.choose(TOKYO, s, s.actor, random.Random(0))
        assert a in TOKYO.legal_actions(s)
        assert bot.sims - before in (0, 25)  # no search when one action is worth considering
        searched += bot.sims > before
    assert searched
