"""The view both front ends show, tested without pygame."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pytest

from game.engine import PH_ACT, Change, Game, Observation, State
from game.match import Session, make_bot
from game.scenario import load_rules
from game.view import (
    BOTH,
    briefing_view,
    builder_view,
    ending_view,
    move_views,
    nash_point,
    news,
    pareto_frontier,
    place_name,
    start_choice,
    table_view,
    why_meter,
)


@pytest.fixture(scope="module")
def tokyo() -> Game:
    return Game(load_rules("tokyo_2018"))


@dataclass
class Log:
    """A hand-made match log (the view reads any object with these attributes)."""

    game: Game
    states: Sequence[State]
    actions: Sequence[int]
    actors: Sequence[int]
    texts: Sequence[str]
    trace: Sequence[Sequence[Change]]


def _played(game: Game, steps: int = 40, seed: int = 5) -> Session:
    """Both sides human, driven by the rules bot so that the log is long and varied."""
    s = Session(game, seed, {0: None, 1: None})
    bot = make_bot("rules")
    import random

    rng = random.Random(seed)
    while len(s.actions) < steps and not s.is_over():
        if game.is_chance_node(s.state):
            s.chance_step()
        else:
            s.submit(bot.choose(game, s.state, s.to_move(), rng))
    return s


def _with_other_private(log: Session, viewer: int, level: int, signals: tuple) -> Log:
    """The same match, but the other side drew `level` and received `signals`."""
    game = log.game
    other = 1 - viewer
    other_id = game.rules.sides[other].id
    viewer_id = game.rules.sides[viewer].id
    states = []
    for st in log.states:
        hidden = list(st.hidden)
        if hidden[other] >= 0:
            hidden[other] = level
        sig = list(st.signals)
        sig[other] = signals if st.signals[other] else ()
        states.append(st._replace(hidden=tuple(hidden), signals=tuple(sig)))
    texts = []
    for t in log.texts:
        if t.startswith(f"chance flexibility.{other_id}="):
            t = f"chance flexibility.{other_id}=something_else"
        if t.startswith(f"chance signal.{viewer_id}="):
            t = f"chance signal.{viewer_id}=something_else"
        texts.append(t)
    return Log(game, states, log.actions, log.actors, texts, log.trace)


@pytest.mark.parametrize("viewer", [0, 1])
def test_the_other_sides_draw_and_signals_leave_the_view_unchanged(tokyo: Game, viewer: int):
    s = _played(tokyo)
    other = 1 - viewer
    first = next(st for st in s.states if st.hidden[other] >= 0)
    levels = len(tokyo.rules.sides[other].flex_levels)
    new_level = (first.hidden[other] + 1) % levels
    twin = _with_other_private(s, viewer, new_level, ((0, 0.9), (1, 0.8)))
    assert twin.states[-1] != s.states[-1]  # the two matches really differ
    for verbose in (False, True):
        a = table_view(s, viewer, verbose=verbose)
        b = table_view(twin, viewer, verbose=verbose)
        assert a == b
    # ...while the other side's own view does see its draw: the test can tell views apart.
    assert table_view(s, other).limits != table_view(twin, other).limits


def test_draws_show_only_in_verbose_and_never_the_other_sides(tokyo: Game):
    s = _played(tokyo, steps=10)
    quiet = news(s, 0)
    loud = news(s, 0, verbose=True)
    assert not any(n.kind == "draw" for n in quiet)
    draws = [n.text for n in loud if n.kind == "draw"]
    assert any(t.startswith("(draw) flexibility.japan=") for t in draws)
    assert not any("flexibility.russia" in t for t in draws)
    assert any(n.source.startswith("scenarios/") or ".yaml:" in n.source for n in loud)
    assert all(not n.source for n in quiet)


def test_briefing_tells_the_goal_and_the_scale(tokyo: Game):
    s = Session(tokyo, 1, {0: None, 1: None})
    s.resolve_chance()
    b = briefing_view(tokyo, s.state, 1)
    assert b.side_name == "Russia"
    assert "You speak for Moscow" in b.side_briefing
    assert "-100 to 100" in b.scoring and "without a deal" in b.scoring
    assert b.actors and b.sources
    assert "2018-02-06" in b.dates


def test_unavailable_moves_say_why(tokyo: Game):
    s = Session(tokyo, 2, {0: None, 1: None})
    s.resolve_chance()
    side = s.to_move()
    moves = move_views(tokyo, s.state, side)
    assert any(m.available and m.preview for m in moves)
    capital = s.state.meters[tokyo.rules.sides[side].capital_meter]
    costly = [m for m in moves if m.cost > capital]
    for m in costly:
        assert m.why_not == f"costs {m.cost}, you have {capital}"
    other = move_views(tokyo, s.state, 1 - side)
    assert all(not m.available and m.why_not for m in other)


def test_the_builder_explains_a_forbidden_combination_and_predicts_the_answer(tokyo: Game):
    s = Session(tokyo, 3, {0: None, 1: None})
    s.resolve_chance()
    side = s.to_move()
    r = tokyo.rules
    ids = [i.id for i in r.issues]
    choice = start_choice(tokyo, s.state)
    k = ids.index("small_islands")
    choice[k] = [o.id for o in r.issues[k].options].index("transfer_after_treaty")
    choice[ids.index("treaty")] = [o.id for o in r.issues[ids.index("treaty")].options].index(
        "none"
    )
    b = builder_view(tokyo, s.state, side, tuple(choice))
    assert b.package == -1 and b.action == -1
    assert "forbids" in b.forbidden and "allowed with" in b.forbidden
    rule = next(f for f in r.forbidden if f.id == "transfer_needs_treaty")
    assert b.rule is not None and b.rule.id == rule.id and b.rule.text == rule.text
    assert b.rule.source.where == f"{rule.source.file}:{rule.source.line}"
    assert f"rule transfer_needs_treaty ({b.rule.source.where}) forbids it" in b.forbidden
    cites = dict(r.sources)
    assert b.rule.source.cites == tuple(cites[i] for i in rule.sources if i in cites)
    assert b.rule.source.cites and b.fixes and all(f in b.forbidden for f in b.fixes[:4])
    # Another rule names itself: a settlement treaty with no territorial settlement.
    other = list(start_choice(tokyo, s.state))
    other[ids.index("treaty")] = [o.id for o in r.issues[ids.index("treaty")].options].index(
        "after_territory"
    )
    for issue in ("small_islands", "large_islands"):
        other[ids.index(issue)] = 0  # Russian administration stays
    ob = builder_view(tokyo, s.state, side, tuple(other))
    assert ob.rule is not None and ob.rule.id == "settlement_needs_territory"
    seen: list[Observation] = []

    def model(game: Game, state: State, obs: Observation, package: int) -> float:
        seen.append(obs)
        return 0.75

    ok = builder_view(tokyo, s.state, side, tuple(start_choice(tokyo, s.state)), model)
    assert ok.package >= 0 and ok.analysis is not None
    assert ok.analysis.answer.p_accept == 0.75 and ok.analysis.answer.likely == "accept"
    assert seen and seen[0].player == side
    fallback = builder_view(tokyo, s.state, side, tuple(start_choice(tokyo, s.state)))
    assert fallback.analysis is not None
    assert fallback.analysis.answer.model == "from its limits alone"
    assert len(fallback.analysis.advisors) == len(r.sides[side].advisors)
    assert 0.0 <= fallback.analysis.my_ratify <= 1.0
    assert 0.0 <= fallback.analysis.their_ratify <= 1.0


def test_why_names_each_change_with_its_source(tokyo: Game):
    s = _played(tokyo, steps=12)
    i = next(k for k, m in enumerate(tokyo.rules.meters) if m.id == "trust")
    w = why_meter(s, i)
    assert w.lines
    value = w.start
    for ln in w.lines:
        assert ln.before == value
        value = ln.after
    assert value == w.value
    assert any(".yaml:" in ln.source.where for ln in w.lines)


def test_meters_carry_their_history_and_last_change(tokyo: Game):
    s = _played(tokyo, steps=60)
    v = table_view(s, 0)
    for m in v.meters:
        assert m.history[-1] == m.value
        assert (
            len(m.history)
            == sum(1 for k in range(1, len(s.states)) if s.states[k].turn != s.states[k - 1].turn)
            + 1
        )


def test_the_ending_shows_scores_beside_no_deal_and_the_deal_space(tokyo: Game):
    s = Session(tokyo, 11, {0: make_bot("rules"), 1: make_bot("rules")})
    s.step_bots()
    end = ending_view(s, 0)
    assert end is not None
    scores = tokyo.returns(s.state)
    assert [round(x.score, 6) for x in end.scores] == [round(x, 6) for x in scores]
    assert "on a scale of -100 to 100" in end.scores[0].text()
    if s.state.table >= 0:
        assert "no deal would give" in end.scores[0].text()
    else:  # beside no deal it would always read +0.0: beside the start instead
        first = next(st for st in s.states if st.phase == PH_ACT)
        start = tokyo.no_deal_returns(first)[0]
        since = scores[0] - start
        assert (
            end.scores[0]
            .text()
            .endswith(f"(at the start no deal would have given {start:.1f}; {since:+.1f} since)")
        )
    ds = end.deal_space
    assert len(ds.points) == len(tokyo.rules.packages)
    pts = [p.u for p in ds.points]
    for i in ds.frontier:
        assert not any(q[0] >= pts[i][0] and q[1] >= pts[i][1] and q != pts[i] for q in pts)


def test_pareto_and_nash_on_a_small_example():
    pts = [(0.0, 0.0), (1.0, 3.0), (2.0, 2.0), (3.0, 1.0), (1.0, 1.0), (2.5, 0.5)]
    assert pareto_frontier(pts) == (1, 2, 3)
    assert nash_point(pts, (0.0, 0.0)) == 2
    assert nash_point(pts, (5.0, 5.0)) == -1


def test_place_names_follow_the_setting():
    names = (("japan", "Etorofu"), ("russia", "Iturup"), ("en", "Etorofu / Iturup"))
    assert place_name(names, "auto", "japan") == "Etorofu"
    assert place_name(names, "auto", "russia") == "Iturup"
    assert place_name(names, "russia", "japan") == "Iturup"
    assert place_name(names, BOTH, "japan") == "Etorofu / Iturup"
    assert place_name(names, "en", "japan") == "Etorofu / Iturup"
    assert place_name((("japan", "Shikotan"), ("russia", "Shikotan")), BOTH, "x") == "Shikotan"
    native = (("japan", "択捉島"), ("russia", "Итуруп"))
    assert place_name(names, "auto", "japan", native) == "択捉島"
    assert place_name(names, "auto/latin", "japan", native) == "Etorofu"
    assert place_name(names, "russia", "japan", native) == "Итуруп"
    assert place_name(names, BOTH, "japan", native) == "択捉島 / Итуруп"
    assert place_name(names, "both/latin", "japan", native) == "Etorofu / Iturup"
    assert place_name(names, "en", "japan", native) == "Etorofu / Iturup"


def test_an_answer_model_without_an_answer_falls_back_to_the_limits(tokyo: Game):
    s = Session(tokyo, 3, {0: None, 1: None})
    s.resolve_chance()
    side = s.to_move()

    def no_answer(game: Game, state: State, obs: Observation, package: int) -> float:
        raise ValueError("cannot table it now")

    b = builder_view(tokyo, s.state, side, tuple(start_choice(tokyo, s.state)), no_answer)
    assert b.analysis is not None
    assert b.analysis.answer.model == "from its limits alone"
    assert b.analysis.answer.p_accept == b.analysis.within_limits


def test_news_of_events_cite_their_articles(tokyo: Game):
    s = _played(tokyo, steps=10)
    events = [n for n in news(s, 0) if n.kind == "event"]
    assert events and any(n.cites for n in events)


def test_the_map_names_follow_the_side_in_its_own_script(tokyo: Game):
    s = Session(tokyo, 1, {0: None, 1: None})
    s.resolve_chance()
    japan = [t.name for t in table_view(s, 0).territories]
    russia = [t.name for t in table_view(s, 1).territories]
    latin = [t.name for t in table_view(s, 0, names="auto/latin").territories]
    assert japan[0] == "択捉島" and russia[0] == "Итуруп" and latin[0] == "Etorofu"


def test_the_builder_says_why_the_other_side_would_not_accept(tokyo: Game):
    from game.view.advice import answer_model_for

    s = Session(tokyo, 3, {0: None, 1: None})
    s.resolve_chance()
    side = s.to_move()
    other = 1 - side
    model = answer_model_for({other: make_bot("normal")})
    # The status quo on every issue changes nothing: said so, not "an unusual settlement".
    sq = builder_view(tokyo, s.state, side, tuple(start_choice(tokyo, s.state)), model)
    assert sq.analysis is not None and sq.analysis.if_ratified.startswith("no change")
    assert sq.analysis.answer.likely == "reject" and "changes nothing" in sq.analysis.answer.reason
    # The package best for the other side: inside its limits, but the viewer's own home
    # front refuses it, which is why the bot (whose answer the model gives) turns it down.
    theirs = tokyo.utilities(s.state, other)
    best = max(range(len(theirs)), key=lambda p: (theirs[p], -p))
    b = builder_view(tokyo, s.state, side, tokyo.rules.packages[best], model)
    a = b.analysis
    assert a is not None and a.within_limits > 0.9 and a.my_ratify < 0.05
    assert a.answer.likely == "reject" and a.answer.p_accept < 0.05
    assert a.answer.reason.startswith("your own home front would likely refuse it")
    assert any(line.startswith("  why: your own home front") for line in a.lines())


def test_a_move_whose_condition_fails_names_the_failing_part_and_its_value(tokyo: Game):
    # a month after a summit the leaders are still waiting: the summit says so, with the value
    s = Session(tokyo, 2, {0: None, 1: None})
    s.resolve_chance()
    side = s.to_move()
    wait = [m.id for m in tokyo.rules.meters].index("summit_wait")
    label = tokyo.rules.meters[wait].label
    meters = list(s.state.meters)
    meters[wait] = 1
    state = s.state._replace(meters=tuple(meters))
    views = {m.id: m for m in move_views(tokyo, state, side)}
    assert not views["summit"].available
    assert views["summit"].why_not == f"needs {label} is 0 (now {state.meters[wait]})"
    # a condition on a meter and the turn names both, with their values; passing parts are left out
    trust = [m.id for m in tokyo.rules.meters].index("trust")
    basis = views["j_accept_1956_basis"]
    assert basis.why_not.startswith("needs turn at least ")
    assert f"(now turn {state.turn})" in basis.why_not
    assert tokyo.rules.meters[trust].label not in basis.why_not


def test_best_joint_odds_is_the_best_package_for_both_home_fronts(tmp_path):
    """The viewer's estimate only (its own level, its belief of the other's): equal to the best
    product over every package, and above the 'no package within reach' bar in the starter
    scenario, where deals are made, while tokyo_2018 opens below it."""
    from game.scenario.starter import write_starter
    from game.view import NO_DEAL_IN_REACH, best_joint_odds

    game = Game(load_rules(write_starter("river", tmp_path)))
    s = game.new_initial_state()
    while game.is_chance_node(s):
        s = game.apply(s, game.chance_outcomes(s)[0][0])
    for viewer in (0, 1):
        obs = game.observe(s, viewer)
        mine = game.levels_belief(obs, viewer)
        brute = max(
            game.ratify_odds(s, viewer, p, mine) * game.ratify_odds(s, 1 - viewer, p, obs.belief)
            for p in range(len(game.rules.packages))
        )
        assert best_joint_odds(game, s, viewer) == pytest.approx(brute)
        assert brute >= NO_DEAL_IN_REACH
        hidden = list(s.hidden)  # the other side's true level is never read
        hidden[1 - viewer] = (hidden[1 - viewer] + 1) % 2
        assert best_joint_odds(game, s._replace(hidden=tuple(hidden)), viewer) == pytest.approx(
            brute
        )


@pytest.mark.parametrize("viewer", [0, 1])
def test_the_meters_a_side_is_scored_on_come_first_and_are_marked(tokyo: Game, viewer: int):
    v = table_view(_played(tokyo, steps=10), viewer)
    scored = set(tokyo.scored_meters(viewer))
    marks = [m.scored for m in v.meters]
    assert marks == [m.index in scored for m in v.meters]
    assert marks == sorted(marks, reverse=True) and any(marks) and not all(marks)
    # otherwise in the scenario's order
    assert [m.index for m in v.meters if m.scored] == sorted(scored)
    assert [m.index for m in v.meters] != sorted(m.index for m in v.meters)


def _turn_news(game: Game, meters: dict[str, int]) -> list[str]:
    """The news of one turn of track_1956 from its first decision with `meters` set: both
    sides end their parts, chance takes its first outcome."""
    from game.engine import CHANCE

    s = game.new_initial_state()
    while game.is_chance_node(s):
        s = game.apply(s, game.chance_outcomes(s)[0][0])
    ids = [m.id for m in game.rules.meters]
    values = list(s.meters)
    for k, v in meters.items():
        values[ids.index(k)] = v
    s = s._replace(meters=tuple(values))
    states, actions, actors, texts, trace = [s], [], [], [], []
    turn = s.turn
    while s.turn == turn or game.is_chance_node(s):
        chance = game.is_chance_node(s)
        a = game.chance_outcomes(s)[0][0] if chance else game.parse_action(s, "end")
        texts.append(game.action_to_string(s, a))
        actors.append(CHANCE if chance else s.actor)
        changes: list[Change] = []
        s = game.apply(s, a, trace=changes)
        states.append(s)
        actions.append(a)
        trace.append(changes)
    return [n.text for n in news(Log(game, states, actions, actors, texts, trace), None)]


def test_an_event_that_changes_nothing_is_not_news():
    """track_1956's joint projects advance a step a month from trust 58: news while the meter
    has room, none at its maximum (10), where the step changes nothing."""
    game = Game(load_rules("track_1956"))
    text = next(e.text for e in game.rules.events if e.id == "joint_projects_advance")
    assert any(text in n for n in _turn_news(game, {"trust": 70, "joint_progress": 5}))
    assert not any(text in n for n in _turn_news(game, {"trust": 70, "joint_progress": 10}))


def test_a_scored_meter_says_which_way_the_score_goes_with_it():
    """sochi_2016's Moscow gains with Japanese money and loses with the economy's need; a
    meter that counts only past a level (track_1956: US pressure above 55) has no sign."""
    for scenario, side, want in (
        ("sochi_2016", 1, {"far_east_money": 1, "ru_economic_need": -1, "putin_approval": 1}),
        ("track_1956", 0, {"joint_progress": 1, "us_alliance_pressure": 0}),
    ):
        game = Game(load_rules(scenario))
        s = Session(game, 3, {0: None, 1: None})
        while game.is_chance_node(s.state):
            s.chance_step()
        signs = {m.id: m.score_sign for m in table_view(s, side).meters if m.scored}
        assert {k: signs[k] for k in want} == want
        assert all(m.score_sign == 0 for m in table_view(s, side).meters if not m.scored)


def test_the_briefing_names_the_meters_the_side_is_scored_on_and_which_way(tokyo: Game):
    s = tokyo.new_initial_state()
    while tokyo.is_chance_node(s):
        s = tokyo.apply(s, tokyo.chance_outcomes(s)[0][0])
    text = briefing_view(tokyo, s, 1).scoring
    assert "The meters Russia's score counts (starred where the meters are shown): " in text
    assert "Russian economic need, the lower the better" in text
    labels = {m.label for m in tokyo.rules.meters}
    named = {m for m in labels if f"{m}, the " in text}
    assert named == {tokyo.rules.meters[i].label for i in tokyo.scored_meters(1)}


def test_the_other_sides_figures_explain_a_vote_that_may_pass_below_its_limits(tokyo: Game):
    """'within its limits ~0%' beside 'its home front ratifies ~17%' read as a contradiction:
    the line says a vote can pass below the reservation exactly when that is the case."""
    import itertools

    s = Session(tokyo, 3, {0: None, 1: None})
    s.resolve_chance()
    side = s.to_move()
    seen = {True: 0, False: 0}
    sizes = [len(i.options) for i in tokyo.rules.issues]
    for choice in itertools.islice(itertools.product(*map(range, sizes)), 0, None, 7):
        a = builder_view(tokyo, s.state, side, choice).analysis
        if a is None:
            continue
        gap = a.their_ratify > a.within_limits + 0.05
        assert ("a vote can pass below the reservation level" in a.their_text()) == gap
        assert a.their_text() in a.lines()
        seen[gap] += 1
    assert seen[True] and seen[False]
