"""The negotiator's inference (game.ai.beliefs): Bayes' rule over the other side's hidden levels
on the signals and the public history of offers, and nothing the side cannot observe."""

from __future__ import annotations

import pytest

from game.ai.beliefs import history_likelihood, level_odds, public_belief
from game.engine import A_ACCEPT, A_REJECT, PH_ACT, PH_ANSWER, PH_CHANCE, Answer, Game
from game.scenario import load_rules

TOKYO = Game(load_rules("tokyo_2018"))
JAPAN, RUSSIA = 0, 1


def opening(game=TOKYO, japan="pragmatic", russia="moderate"):
    """Tokyo at Japan's first part, levels drawn, no news."""
    s = game.new_initial_state()
    for t in (f"chance flexibility.japan={japan}", f"chance flexibility.russia={russia}"):
        s = game.apply(s, game.parse_action(s, t))
    while s.phase == PH_CHANCE:
        s = game.apply(s, game.legal_actions(s)[-1])
    assert s.phase == PH_ACT and s.actor == JAPAN
    return s


def contested(s, side=RUSSIA):
    """A package that `side`'s home front ratifies under some of its levels and not others."""
    u = TOKYO.utilities(s, side)
    spread = []
    for p in range(len(u)):
        odds = level_odds(TOKYO, s, side, u[p])
        spread.append((-(max(odds) - min(odds)), p))
    return min(spread)[1]


def ratify_mean(s, belief, pkg, side=RUSSIA):
    odds = level_odds(TOKYO, s, side, TOKYO.utilities(s, side)[pkg])
    return sum(b * o for b, o in zip(belief, odds, strict=True))


def history(s):
    return TOKYO.observe(s, JAPAN).offers


def test_the_history_records_tablings_answers_and_votes():
    s = opening()
    p = contested(s)
    s = TOKYO.apply(s, TOKYO.package_action(p))
    first = history(s)[-1]
    assert (first.turn, first.side, first.package, first.answer) == (s.turn, JAPAN, p, Answer.OPEN)
    assert not first.counter
    s = TOKYO.apply(s, A_REJECT)
    assert history(s)[-1].answer == Answer.REJECTED
    assert history(s) == TOKYO.observe(s, RUSSIA).offers
    # Russia's part: it tables, Japan counters, Russia accepts; the votes are recorded
    assert s.phase == PH_ACT and s.actor == RUSSIA
    q = max(range(len(TOKYO.rules.packages)), key=lambda k: TOKYO.utilities(s, RUSSIA)[k])
    s = TOKYO.apply(s, TOKYO.package_action(q))
    s = TOKYO.apply(s, TOKYO.package_action(p))
    assert [o.answer for o in history(s)] == [Answer.REJECTED, Answer.COUNTERED, Answer.OPEN]
    assert [o.counter for o in history(s)] == [False, False, True]
    s = TOKYO.apply(s, A_ACCEPT)
    assert history(s)[-1].answer == Answer.ACCEPTED
    japan_vote = TOKYO.parse_action(s, "chance ratify.japan=yes")
    s = TOKYO.apply(s, japan_vote)
    assert s.phase == PH_CHANCE and history(s)[-1].ratified == 1 << JAPAN
    s = TOKYO.apply(s, TOKYO.parse_action(s, "chance ratify.russia=no"))
    assert history(s)[-1].refused_by == RUSSIA and history(s)[-1].ratified == 1 << JAPAN


def test_a_rejection_shifts_belief_towards_levels_that_make_the_package_unacceptable():
    s = opening()
    p = contested(s)
    before = public_belief(TOKYO, s, JAPAN)
    tabled = TOKYO.apply(s, TOKYO.package_action(p))
    s = TOKYO.apply(tabled, A_REJECT)
    after = public_belief(TOKYO, s, JAPAN)
    odds = level_odds(TOKYO, s, RUSSIA, TOKYO.utilities(s, RUSSIA)[p])
    firmest = min(range(len(odds)), key=odds.__getitem__)
    softest = max(range(len(odds)), key=odds.__getitem__)
    assert after[firmest] > before[firmest] and after[softest] < before[softest]
    assert ratify_mean(s, after, p) < ratify_mean(s, before, p) - 0.01
    # Russia learns of Japan from Japan's tabling, nothing more from its own rejection
    assert history_likelihood(TOKYO, s, RUSSIA) == history_likelihood(TOKYO, tabled, RUSSIA)
    assert history_likelihood(TOKYO, s, RUSSIA) != (1.0,) * 3


def test_votes_acceptances_and_tablings_move_the_belief_their_way():
    s = opening()
    p = contested(s)
    tabled = TOKYO.apply(s, TOKYO.package_action(p))
    rejected = TOKYO.apply(tabled, A_REJECT)
    accepted = TOKYO.apply(tabled, A_ACCEPT)
    voted = accepted
    while voted.phase == PH_CHANCE:  # Japan ratifies, Russia's home front refuses
        name = TOKYO.chance_node(voted)
        verdict = "no" if name.endswith("russia") else "yes"
        voted = TOKYO.apply(voted, TOKYO.parse_action(voted, f"chance {name}={verdict}"))
    assert history(voted)[-1].refused_by == RUSSIA
    prior = public_belief(TOKYO, s, JAPAN)
    m_prior = ratify_mean(s, prior, p)
    m_rejected = ratify_mean(s, public_belief(TOKYO, rejected, JAPAN), p)
    m_accepted = ratify_mean(s, public_belief(TOKYO, accepted, JAPAN), p)
    m_voted = ratify_mean(s, public_belief(TOKYO, voted, JAPAN), p)
    assert m_rejected < m_prior - 0.01 and m_accepted > m_prior + 0.01
    assert m_voted < m_accepted - 0.01  # its home front refused what it had accepted
    # Russia tables the same package in its part: it says its home front would ratify it
    part = TOKYO.apply(s, 0)  # Japan ends its part
    assert part.phase == PH_ACT and part.actor == RUSSIA
    offered = TOKYO.apply(part, TOKYO.package_action(p))
    assert offered.phase == PH_ANSWER
    m_offered = ratify_mean(s, public_belief(TOKYO, offered, JAPAN), p)
    assert m_offered > ratify_mean(s, prior, p) + 0.01


@pytest.mark.parametrize("level", ["hard", "moderate", "wide"])
def test_the_inference_never_reads_the_other_sides_draw_or_private_signals(level):
    s = opening(russia="moderate")
    p = contested(s)
    s = TOKYO.apply(TOKYO.apply(s, TOKYO.package_action(p)), A_REJECT)
    want = public_belief(TOKYO, s, JAPAN)
    k = [lv.id for lv in TOKYO.rules.sides[RUSSIA].flex_levels].index(level)
    hidden = (s.hidden[JAPAN], k)
    signals = (s.signals[JAPAN], ((0, 0.9), (2, 0.7)))
    assert public_belief(TOKYO, s._replace(hidden=hidden, signals=signals), JAPAN) == want
