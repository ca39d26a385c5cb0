"""Advisors disagree by their own values; the answer model uses only what the viewer may know."""

from __future__ import annotations

import dataclasses

import pytest

from game.ai.advisors import AdvisorBot, advisor_verdicts, answer_odds, answer_probability
from game.engine import A_END, PH_ACT, PH_ANSWER, Game
from game.engine.expr import Const
from game.scenario import load_rules
from tests.ai.test_bots import dealable, opening

GAME = Game(load_rules("tokyo_2018"))
OPENING = ("chance flexibility.japan=pragmatic", "chance flexibility.russia=moderate",
           "chance north_korea_escalation=not", "chance china_arctic_push=not")  # fmt: skip


def at_start():
    s = GAME.new_initial_state()
    for text in OPENING:
        s = GAME.apply(s, GAME.parse_action(s, text))
    return s


def pkg(small, large, security, treaty, economy):
    text = (f"table small_islands={small} large_islands={large} security={security} "
            f"treaty={treaty} economy={economy} legal_frame=russian_law")  # fmt: skip
    return GAME.package_of(GAME.parse_action(at_start(), text))


MONEY = pkg("transfer_after_treaty", "russian", "no_us_bases", "after_territory", "large_package")
GENEROUS = pkg("joint_activity", "joint_activity", "no_terms", "none", "large_package")
STINGY = pkg("transfer_now", "transfer", "no_terms", "after_territory", "none")


def test_each_advisor_gives_a_legal_verdict_and_they_conflict():
    s = GAME.apply(at_start(), GAME.package_action(MONEY))
    assert s.phase == PH_ANSWER and s.actor == 1
    verdicts = advisor_verdicts(GAME, s, 1)
    assert [v.advisor for v in verdicts] == [a.id for a in GAME.rules.sides[1].advisors]
    legal = GAME.legal_actions(s)
    assert all(v.action in legal and v.text for v in verdicts)
    stances = {v.advisor: v.stance for v in verdicts}
    assert stances["mfa"] == "against" and stances["far_east_lobby"] == "for"
    assert advisor_verdicts(GAME, s, 0) == []  # not Japan's decision


def test_an_advisor_bot_backs_only_what_its_values_prefer():
    s = GAME.apply(at_start(), GAME.package_action(MONEY))
    bot = AdvisorBot(0)
    gains = bot.gains(GAME, s, 1)
    assert gains[MONEY] < 0  # the Lavrov line does not sell the islands' future for money
    assert bot.choose(GAME, s, 1, None) != 1  # so it does not advise accepting
    with pytest.raises(ValueError, match="out of range"):
        AdvisorBot(likely=2.0)


def test_answer_model_follows_the_opponents_rule():
    """Handmade rules where a land deal scores 30 for a and 10 for b (no deal: 0 and 5): b
    accepts the land deal that pays it, and counters the ones that do not."""
    base = dealable().rules
    land = dataclasses.replace(base.endings[1], scores=(Const(30), Const(10)))
    game = Game(dataclasses.replace(base, endings=(base.endings[0], land, base.endings[2])))
    s = opening(game)

    def odds(text):
        return answer_odds(game, s, 0, game.package_of(game.parse_action(s, "table " + text)))

    assert odds("land=give money=lots") == (1.0, 0.0, 0.0)
    assert odds("land=keep money=none")[0] == 0.0
    assert answer_probability(game, s, 0, 0) <= answer_probability(game, s, 0, 3)
    with pytest.raises(ValueError, match="not the side to decide"):
        answer_probability(game, s, 1, 0)


def test_answer_model_never_reads_the_true_draw_or_the_other_sides_signals():
    s = at_start()
    base = [answer_odds(GAME, s, 0, p) for p in (GENEROUS, STINGY, MONEY)]
    for level in range(len(GAME.rules.sides[1].flex_levels)):
        for signals in ((), ((0, 0.9),), ((2, 0.7), (2, 0.7))):
            v = s._replace(hidden=(s.hidden[0], level), signals=(s.signals[0], signals))
            assert [answer_odds(GAME, v, 0, p) for p in (GENEROUS, STINGY, MONEY)] == base


def test_tokyo_advisors_advise_different_moves_at_turn_one():
    """Each advisor recommends the move its own values favour (R7.3): at tokyo's first decision
    METI's economic agenda and MOFA's legal one do not buy the same move, and each pick is the
    best by its own advisor's valuation (the others' picks are worth less to it)."""
    s = at_start()
    assert s.phase == PH_ACT and s.actor == 0
    verdicts = advisor_verdicts(GAME, s, 0)
    actions = [v.action for v in verdicts]
    assert len(set(actions)) > 1, [v.text for v in verdicts]
    for i, action in enumerate(actions):
        values = AdvisorBot(i, likely=0.35).move_values(GAME, s, 0)
        assert action in values and values[action] > 0.0
        assert all(values[action] >= v for v in values.values())
        assert all(values[action] > values[other] for other in actions if other != action)


def test_an_advisor_ends_the_turn_when_no_move_pays_for_it():
    s = at_start()
    picky = AdvisorBot(1, likely=0.35, min_gain=50.0)
    action = picky.choose(GAME, s, 0, None)
    assert action == A_END or GAME.package_of(action) >= 0
    with pytest.raises(ValueError, match="out of range"):
        AdvisorBot(no_deal_weight=1.5)


def test_an_advisor_that_turns_down_a_package_it_favours_says_why():
    """'for (+16.0)' beside 'would: reject' read as a contradiction: the advice says why (the
    home front would likely refuse it), and an advisor that accepts or is not for says nothing."""
    from game.view.advice import advisor_lines

    s = at_start()
    s = GAME.apply(s, GAME.parse_action(s, "end"))  # Japan passes; Russia tables a rich deal
    s = GAME.apply(s, GAME.package_action(MONEY))
    assert s.phase == PH_ANSWER and s.actor == 0
    verdicts = advisor_verdicts(GAME, s, 0)
    explained = [v for v in verdicts if v.reason]
    assert explained, [(v.name, v.stance, v.gain, v.text) for v in verdicts]
    for v in verdicts:
        declines = v.stance == "for" and GAME.parse_action(s, v.text) != GAME.parse_action(
            s, "accept"
        )
        assert bool(v.reason) == declines
    lines = {name: text for name, _, text in advisor_lines(GAME, s, 0)}
    for v in explained:
        assert lines[v.name] == f"{v.text} ({v.reason})" and f"{v.gain:+.1f}" in v.reason
