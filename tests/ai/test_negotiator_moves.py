"""How `normal` (the negotiator) values its moves: deal prospects weighed by how the other side
has dealt so far, capital it can carry, and its options' one-line errors."""

from __future__ import annotations

import random

import pytest

from game.ai import make_bot
from game.ai.deal_prospects import decayed
from game.ai.negotiator import NegotiatorBot
from game.engine import A_REJECT, PH_ACT, PH_ANSWER, PH_CHANCE, Game
from game.scenario import load_rules


def _opening(game: Game):
    s = game.new_initial_state()
    while s.phase == PH_CHANCE:
        s = game.apply(s, game.chance_outcomes(s)[0][0])
    return s


def test_deal_prospects_count_fully_only_once_the_other_side_deals():
    game = Game(load_rules("tokyo_2018"))
    s = _opening(game)
    assert s.phase == PH_ACT
    me, other = s.actor, 1 - s.actor
    bot = NegotiatorBot(deal_weight=0.2, engaged=0.6)
    assert bot.engagement(s, me) == pytest.approx(0.2)  # nothing on record yet
    tabled = game.apply(s, game.legal_actions(s)[-1])  # a package on the table
    assert tabled.phase == PH_ANSWER
    assert bot.engagement(tabled, me) == pytest.approx(0.2)  # not answered yet
    assert bot.engagement(tabled, other) == pytest.approx(0.6)  # the other side dealt
    rejected = game.apply(tabled, A_REJECT)
    assert bot.engagement(rejected, me) == pytest.approx(0.1)  # turned down: halved
    assert bot.engagement(rejected, other) == pytest.approx(0.6)
    assert NegotiatorBot().engagement(rejected, other) == pytest.approx(0.3)  # the default
    # a warm bot answers like a fresh one (the cache is keyed by the history)
    fresh = NegotiatorBot(deal_weight=0.2, engaged=0.6)
    assert fresh.engagement(rejected, me) == bot.engagement(rejected, me)


def test_move_value_is_the_no_deal_score_plus_weighted_prospects_plus_capital():
    game = Game(load_rules("tokyo_2018"))
    s = _opening(game)
    side = s.actor
    obs = game.observe(s, side)
    flat = NegotiatorBot(deal_weight=0.0, capital_weight=0.0, anchor=0, horizon=100)
    view = flat.view(game, s, side, obs)
    assert flat.move_value(game, s, view) == pytest.approx(flat.no_deal(game, s)[side])
    raw = NegotiatorBot(deal_weight=0.0, capital_weight=0.0, horizon=0)
    assert raw.move_value(game, s, raw.view(game, s, side, obs)) == pytest.approx(
        game.no_deal_returns(s)[side]
    )
    full = NegotiatorBot(deal_weight=1.0, capital_weight=0.0, anchor=0, horizon=100, engaged=1.0)
    assert full.move_value(game, s, full.view(game, s, side, obs)) == pytest.approx(
        full.value(game, s, full.view(game, s, side, obs))
    )
    info = game.rules.sides[side]
    rich = NegotiatorBot(deal_weight=0.0, capital_weight=0.5, anchor=0, horizon=100)
    carried = min(s.meters[info.capital_meter], info.carry_over)
    assert carried > 0
    assert rich.move_value(game, s, rich.view(game, s, side, obs)) == pytest.approx(
        flat.no_deal(game, s)[side] + 0.5 * carried
    )


def test_anchored_projection_decays_only_what_the_moves_changed():
    game = Game(load_rules("track_1956"))
    root = _opening(game)
    side = root.actor
    bot = NegotiatorBot(deal_weight=0.0, capital_weight=0.0, horizon=4)  # anchor=1
    view = bot.view(game, root, side, game.observe(root, side))
    assert view.meters == root.meters
    # where it decides, the meters count as they stand (both sides keep them there)
    assert bot.move_value(game, root, view) == pytest.approx(game.no_deal_returns(root)[side])
    summit = next(a for a in game.legal_actions(root) if game.move_of(a) >= 0)
    leaf = game.apply(root, summit)
    while leaf.phase == PH_CHANCE:
        leaf = game.apply(leaf, game.chance_outcomes(leaf)[0][0])
    decaying = [i for i, m in enumerate(game.rules.meters) if m.decay_rate > 0.0]
    changed = [i for i in decaying if leaf.meters[i] != root.meters[i]]
    assert changed  # the move moved a meter that wears off
    moved = decayed(game, leaf, 4).meters
    rest = decayed(game, root, 4).meters
    expected = tuple(a + x - r for a, x, r in zip(root.meters, moved, rest, strict=True))
    for i in changed:  # a decaying change keeps only a part of itself after 4 turns
        assert abs(expected[i] - root.meters[i]) < abs(leaf.meters[i] - root.meters[i])
    assert bot.projected(game, leaf, root.meters) == pytest.approx(
        game.no_deal_returns(leaf._replace(meters=expected))
    )
    # without the anchor the whole meter decays toward rest
    loose = NegotiatorBot(anchor=0, horizon=4)
    assert loose.projected(game, leaf, root.meters) == pytest.approx(
        game.no_deal_returns(decayed(game, leaf, 4))
    )


def test_the_steps_a_deal_needs_are_valued_before_the_budget_runs_out():
    """`lasting`: the moves that set a flag or a status come first in the lookahead's order (a
    short budget cut the 1956 basis and the no-bases assurance from most of normal's plans);
    `lasting=0` and greedy keep the legal order rotated."""
    from bisect import bisect_left

    from game.ai.greedy import GreedyBot
    from game.sim.botbench import decision_states

    game = Game(load_rules("nagato_2016"))
    both = 0
    for s in decision_states(game, [make_bot("normal"), make_bot("random")], 3):
        legal = game.legal_actions(s)
        moves = [
            a for a in legal[: bisect_left(legal, game.package_action(0))] if game.move_of(a) >= 0
        ]
        if s.phase != PH_ACT or not moves:
            continue
        rotated = GreedyBot()._order(game, s, moves)
        assert NegotiatorBot(lasting=0)._order(game, s, moves) == rotated
        assert sorted(rotated) == sorted(moves)
        order = NegotiatorBot()._order(game, s, moves)
        assert sorted(order) == sorted(moves)
        sets = []
        for a in order:
            after = game.apply(s, a)
            sets.append(after.flags != s.flags or after.statuses != s.statuses)
        assert sets == sorted(sets, reverse=True)  # every lasting step before any other move
        first = order[: sum(sets)]
        assert first == [a for a in rotated if a in first]  # each group keeps greedy's rotation
        both += 0 < sum(sets) < len(sets)
    assert both


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("negotiator:deal_weight=1.5", "deal_weight=1.5 is out of range 0..1"),
        ("negotiator:capital_weight=-0.1", "capital_weight=-0.1 is out of range 0..1"),
        ("negotiator:horizon=101", "horizon=101 is out of range -1..100"),
        ("normal:deal_weight=nan", "must be a finite number"),
        ("negotiator:anchor=2", "anchor=2 must be 0 or 1"),
        ("negotiator:engaged=2", "engaged=2.0 is out of range 0..1"),
        ("negotiator:lasting=2", "lasting=2 must be 0 or 1"),
        ("negotiator:reach=11", "reach=11.0 is out of range 0..10"),
        ("normal:reach=-0.5", "reach=-0.5 is out of range 0..10"),
    ],
)
def test_the_move_options_are_checked_with_one_line_errors(spec, words):
    with pytest.raises(ValueError) as exc:
        make_bot(spec)
    assert words in str(exc.value) and "\n" not in str(exc.value)


def test_it_reaches_toward_a_step_it_cannot_make_yet_for_want_of_meters():
    # nagato_2016 opens with Japan short of the projects and trust that picking the first joint
    # projects needs
    game = Game(load_rules("nagato_2016"))
    s = _opening(game)
    side = s.actor
    basis = next(
        i for i, m in enumerate(game.rules.moves) if m.id == "j_pick_projects" and m.side == side
    )
    gaps = game.meter_shortfalls(s, basis)
    assert gaps and all(i >= 0 and k > 0 for i, k in gaps)
    bot = NegotiatorBot()
    obs = game.observe(s, side)
    legal = game.legal_actions(s)
    targets = bot.toward(game, s, bot.view(game, s, side, obs), legal)
    assert [g for _, g in targets] == [gaps] and targets[0][0] > 0.0

    def closed_per_capital(action: int) -> float:
        after = game.apply(s, action)
        while after.phase == PH_CHANCE:  # the worst outcome of a chance draw
            after = game.apply(after, game.chance_outcomes(after)[-1][0])
        cost = game.rules.moves[game.move_of(action)].cost
        return sum(min(k, after.meters[i] - s.meters[i]) for i, k in gaps) / max(1, cost)

    plain = NegotiatorBot(reach=0).choose(game, s, side, random.Random(0))
    reaching = bot.choose(game, s, side, random.Random(0))
    assert reaching != plain
    assert closed_per_capital(reaching) > closed_per_capital(plain)
    assert bot._toward is None  # nothing kept after the decision
