"""Every screen of the desktop game built and drawn at three window sizes (SDL dummy driver)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pygame
import pytest

from game.ui.app import App
from game.ui.play import Play
from game.ui.scenes.builder import BuilderScene
from game.ui.scenes.common import HandOverScene, MessageScene
from game.ui.scenes.ending import EndingScene
from game.ui.scenes.load import LoadScene
from game.ui.scenes.report import ReportScene
from game.ui.scenes.select import SelectScene
from game.ui.scenes.settings import SettingsScene
from game.ui.scenes.table import TableScene
from game.ui.scenes.title import TitleScene, start_play
from game.ui.scenes.why import WhyScene
from tests.ui.conftest import finished_play, frames_until, press

pytestmark = pytest.mark.ui

SIZES = [(1024, 640), (1280, 800), (1920, 1080)]


def _drawn(app: App) -> None:
    """Two frames, then the screen must not be blank and every element inside the window."""
    app.frame()
    app.frame()
    surf = app.window
    assert surf.get_size() == app.size
    colours = {
        surf.get_at((x, y))[:3]
        for x in range(0, app.size[0], 13)
        for y in range(0, app.size[1], 11)
    }
    assert len(colours) > 3, f"{app.top.name}: the screen is (nearly) blank"
    win = pygame.Rect((0, 0), app.size)
    top = app.top
    for el in top.focusables:
        if el.visible and el.ui_container in (
            top.root,
            getattr(top.root, "get_container", lambda: None)(),
        ):
            assert win.contains(el.rect), f"{top.name}: {el.text!r} at {el.rect} is off screen"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_at_three_sizes(make_app: Callable[..., App], size: tuple[int, int]) -> None:
    app = make_app(size)
    assert app.top.name == "title"
    _drawn(app)
    for scene in (SelectScene, SettingsScene, LoadScene):
        app.push(scene(app))
        _drawn(app)
        app.pop()
    app.push(MessageScene(app, "A message", "It says what went wrong."))
    _drawn(app)
    app.pop()
    play = Play.new("tokyo_2018", {0}, "normal", app.folders, seed=4)
    start_play(app, play)
    assert app.top.name == "table"
    _drawn(app)
    for modal in (
        lambda: BuilderScene(app, lambda _a: None),
        lambda: WhyScene(app, 0),
        lambda: ReportScene(app),
    ):
        app.push(modal())
        _drawn(app)
        app.pop()
    app.replace(HandOverScene(app, 1))
    _drawn(app)
    app.replace(TableScene(app))
    # The ending: let the computer play both sides to the end.
    app.play = finished_play(app)
    app.reset(TitleScene(app))
    app.push(EndingScene(app))
    _drawn(app)


def test_resizing_lays_the_table_out_again(make_app: Callable[..., App]) -> None:
    app = make_app((1280, 800))
    start_play(app, Play.new("tokyo_2018", {1}, "normal", app.folders, seed=2))
    frames_until(
        app,
        lambda: app.top.name == "table" and app.play is not None and app.play.human_to_move() == 1,
    )
    for w, h in [(1920, 1080), (1024, 640), (800, 500)]:
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=w, h=h, size=(w, h)))
        app.frame()
        assert app.size == (max(1024, w), max(640, h))
        _drawn(app)


def _open_builder(
    make_app: Callable[..., App], size: tuple[int, int] | None = None
) -> tuple[App, Play, BuilderScene, list[int | None]]:
    """tokyo_2018 as Japan against normal (seed 4), the package builder open over the table;
    what it returns goes into the list."""
    app = make_app(size) if size else make_app()
    play = Play.new("tokyo_2018", {0}, "normal", app.folders, seed=4)
    start_play(app, play)
    got: list[int | None] = []
    app.push(BuilderScene(app, got.append))
    scene = app.top
    assert isinstance(scene, BuilderScene)
    return app, play, scene, got


def _index(play: Play, issue: str, option: str) -> tuple[int, int]:
    """(issue index, option index) of an issue and option given by their ids."""
    r = play.game.rules
    k = [i.id for i in r.issues].index(issue)
    return k, [o.id for o in r.issues[k].options].index(option)


def test_the_builder_names_the_rule_that_forbids_a_combination(
    make_app: Callable[..., App],
) -> None:
    app, play, scene, _ = _open_builder(make_app, (1024, 640))
    r = play.game.rules
    for issue, option in (("treaty", "none"), ("small_islands", "transfer_after_treaty")):
        scene.set_option(*_index(play, issue, option))
    _drawn(app)
    rule = next(f for f in r.forbidden if f.id == "transfer_needs_treaty")
    shown = "\n".join(text for _style, text in scene.paras(scene.view()))
    assert f"rule {rule.id}" in shown and rule.text in shown
    assert f"Rule written at {rule.source.file}:{rule.source.line}" in shown
    assert "Drawn from: " in shown and "Allowed with one change:" in shown
    assert not scene.table_b.is_enabled


def test_the_builder_says_when_no_package_is_within_reach(make_app: Callable[..., App]) -> None:
    from game.view import NO_DEAL_IN_REACH, best_joint_odds

    app, play, scene, _ = _open_builder(make_app, (1024, 640))
    best = best_joint_odds(play.game, play.session.state, play.viewer)
    assert best < NO_DEAL_IN_REACH  # tokyo_2018 opens with no deal in reach
    _drawn(app)
    shown = [text for _style, text in scene.paras(scene.view())]
    assert shown[0].startswith("As far as you can tell, no package now passes both home fronts")
    assert f"~{best * 100:.0f}%" in shown[0]
    scene.best = NO_DEAL_IN_REACH  # a package in reach: no notice
    assert not any("no package now passes" in t for _s, t in scene.paras(scene.view()))


def test_the_scenario_screen_lists_your_own_scenarios_after_the_shipped_ones(
    make_app: Callable[..., App], tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.scenario.starter import write_starter

    monkeypatch.setenv("FOUR_ISLANDS_SCENARIOS", str(tmp_path / "mine"))
    write_starter("river_talks", tmp_path / "mine")
    app = make_app()
    scene = SelectScene(app)
    ids = [e[0] for e in scene.entries]
    assert ids[-1] == "river_talks" and "tokyo_2018" in ids[:-1]
    assert "(yours)" in "".join(scene.labels[-1])


def test_every_one_of_your_scenarios_is_listed_marked_and_told_apart(
    make_app: Callable[..., App], tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A playtester's folder: a starter whose title has no "(...)" aside, two copies of a shipped
    # scenario, and a copy with a type error (`turns: eight`), which used to be left out.
    import shutil

    from game.scenario.catalog import scenarios_dir
    from game.scenario.starter import write_starter

    mine = tmp_path / "mine"
    monkeypatch.setenv("FOUR_ISLANDS_SCENARIOS", str(mine))
    write_starter("myscenario", mine)
    sochi = scenarios_dir() / "sochi_2016.yaml"
    shutil.copy(sochi, mine / "sochi_a.yaml")
    shutil.copy(sochi, mine / "sochi_b.yaml")
    text = sochi.read_text(encoding="utf-8")
    assert "  turns: 8\n" in text
    (mine / "sochi_typo.yaml").write_text(text.replace("  turns: 8\n", "  turns: eight\n"))
    app = make_app((1024, 640))
    press(app, pygame.K_n)
    scene = app.top
    assert isinstance(scene, SelectScene)
    paths = [e[2] for e in scene.entries]
    assert {p.name for p in mine.glob("*.yaml")} <= {Path(p).name for p in paths}
    shown = [b.text for b in scene.scen_buttons]
    yours = shown[scene.shipped :]
    assert len(yours) == 4 and all("(yours" in label for label in yours)
    broken = [label for label, p in zip(shown, paths, strict=True) if "broken" in label]
    assert broken == [label for label, p in zip(shown, paths, strict=True) if "typo" in p]
    assert len(set(shown)) == len(shown)  # no two read the same, even cut to the button
    k = next(i for i, p in enumerate(paths) if p.endswith("sochi_typo.yaml"))
    for _ in range(k):
        press(app, pygame.K_DOWN)
    assert scene.index == k
    assert "cannot be played" in scene.briefing_text() and "eight" in scene.error
    assert not scene.start.is_enabled
    _drawn(app)
    for _ in range(len(paths)):  # round the whole list and back: never a crash
        press(app, pygame.K_DOWN)
    assert scene.index == k


def test_enter_tables_a_coherent_package_whatever_has_the_focus(
    make_app: Callable[..., App],
) -> None:
    # The playtester's path: make the package incoherent (the focus jumps to Cancel), make it
    # coherent again by a click, then Enter must table it as its button says.
    from tests.ui.conftest import click, press

    app, play, scene, got = _open_builder(make_app)

    def option(issue: str, opt: str) -> object:
        kj = _index(play, issue, opt)
        return next(b for b, at in scene.option_buttons.items() if at == kj)

    click(app, option("treaty", "none"))
    click(app, option("small_islands", "transfer_after_treaty"))
    assert not scene.table_b.is_enabled
    assert scene.focusables[scene.focus] is scene.cancel
    click(app, option("treaty", "after_territory"))
    assert scene.table_b.is_enabled
    assert scene.focusables[scene.focus] is scene.table_b
    # even with the focus moved to Cancel by hand, Enter tables
    press(app, pygame.K_TAB)
    assert scene.focusables[scene.focus] is scene.cancel
    action = scene.view().action
    press(app, pygame.K_RETURN)
    assert got == [action] and action >= 0
    assert app.top is not scene


def test_enter_does_nothing_on_an_incoherent_package_and_escape_cancels(
    make_app: Callable[..., App],
) -> None:
    from tests.ui.conftest import press

    app, play, scene, got = _open_builder(make_app)
    for issue, opt in (("treaty", "none"), ("small_islands", "transfer_after_treaty")):
        scene.set_option(*_index(play, issue, opt))
    press(app, pygame.K_RETURN)
    assert app.top is scene and got == []
    press(app, pygame.K_ESCAPE)
    assert app.top is not scene and got == [None]


def test_long_words_wrap_inside_the_width(make_app: Callable[..., App]) -> None:
    from game.ui.draw import wrap

    app = make_app()
    font = app.fonts.body
    text = (
        "Saved to /tmp/a-very-long-home/.local/share/four-islands/tokyo_2018-20261201-221500.json"
    )
    lines = wrap(font, text, 200)
    assert all(font.size(line)[0] <= 200 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    japanese = "色丹島と歯舞群島は平和条約の締結後に日本に引き渡される" * 2
    assert all(font.size(line)[0] <= 120 for line in wrap(font, japanese, 120))


def test_the_table_panels_scroll_instead_of_cutting_text(make_app: Callable[..., App]) -> None:
    # At the smallest window the side's knowledge, the advisors and a save message do not fit:
    # the panel grows a scroll bar and keeps all of the text.
    from game.ui.draw import text_height

    app = make_app((1024, 640))
    play = Play.new("tokyo_2018", {0}, "normal", app.folders, seed=4)
    start_play(app, play)
    frames_until(app, lambda: app.top.name == "table" and app.top.current_view().role == "act")
    table = app.top
    assert isinstance(table, TableScene)
    table.do("save")
    _drawn(app)
    panel = table.info_box
    paras = table.info_paras(table.current_view())
    assert any(text.startswith("Saved to ") for _s, text in paras)
    assert panel.scrolls
    assert panel.box.vert_scroll_bar is not None
    assert panel.image.get_height() == text_height(
        panel.image.get_width(), paras, app.fonts, app.palette
    )
    assert panel.image.get_height() > table.info_rect.height


@pytest.mark.parametrize("viewer", [0, 1], ids=["japanese-names", "russian-names"])
def test_island_names_sit_off_the_land(make_app: Callable[..., App], viewer: int) -> None:
    # Names drawn on the small islands hid the land players hover: each name goes where it
    # covers no land and no other name, inside the map, with a leader line when it is away.
    from game.ui.draw import MapProjection, label_spots
    from game.view import table_view

    app = make_app()
    play = Play.new("tokyo_2018", {viewer}, "normal", app.folders, seed=4)
    session = play.session
    rules = play.game.rules
    assert rules.map is not None
    territories = table_view(session, viewer).territories
    for size in ((317, 190), (397, 230), (595, 420)):
        proj = MapProjection(rules.map.bounds, size)
        polys = [[[proj(*p) for p in ring] for ring in t.outline] for t in territories]
        context = [[proj(*p) for p in ring] for s in rules.map.context for ring in s.outline]
        lands = context + [r for rings in polys for r in rings]
        anchors = [proj(*t.label_at) if t.label_at else None for t in territories]
        spots = label_spots(size, lands, polys, territories, anchors, app.fonts)
        assert len(spots) == sum(a is not None for a in anchors) >= 4
        land = pygame.Surface(size)
        land.fill((0, 0, 0))
        land.set_colorkey((0, 0, 0))
        for pts in lands:
            pygame.draw.polygon(land, (255, 255, 255), pts)
        mask = pygame.mask.from_surface(land)
        frame = pygame.Rect((0, 0), size)
        for t, rect, _line in spots:
            assert frame.contains(rect), (size, t.name, rect)
            covered = mask.overlap_area(pygame.Mask(rect.size, fill=True), rect.topleft)
            assert covered == 0, (size, t.name, covered)
        rects = [rect for _t, rect, _l in spots]
        assert not any(a.colliderect(b) for i, a in enumerate(rects) for b in rects[i + 1 :])


def test_the_builder_hides_the_table_beneath(make_app: Callable[..., App]) -> None:
    # The moves list showed through between the option buttons: every point of the builder
    # that no element of its own covers is the plain background.
    app = make_app()
    play = Play.new("tokyo_2018", {0}, "normal", app.folders, seed=4)
    start_play(app, play)
    frames_until(app, lambda: app.top.name == "table" and app.top.current_view().role == "act")
    app.push(BuilderScene(app, lambda _a: None))
    scene = app.top
    assert isinstance(scene, BuilderScene)
    _drawn(app)
    own = [
        el.rect.inflate(4, 4)
        for el in scene.root.get_container().elements
        if el is not getattr(scene, "sheet", None)
    ]
    bg = app.palette.background
    gaps = [
        (x, y)
        for x in range(scene.box.left, scene.box.right, 3)
        for y in range(scene.box.top, scene.box.bottom, 3)
        if not any(r.collidepoint(x, y) for r in own)
    ]
    assert len(gaps) > 1000
    assert {app.window.get_at(p)[:3] for p in gaps} == {bg}


def _japan_ends_turn_one(app: App) -> Play:
    """Japan (at the screen) ends turn 1 at once; Russia's rules bot then plays the rest of
    turn 1 and its part of turn 2, so Japan's turn report spans two turns."""
    from game.engine import Game
    from game.match import Session, make_bot
    from game.ui.play import Setup, rules_of, scenario_path

    game = Game(rules_of("tokyo_2018"))
    session = Session(game, 5, {1: make_bot("rules")})
    session.step_bots()
    session.submit("end")
    session.step_bots()
    setup = Setup(scenario_path("tokyo_2018"), {"japan": "human", "russia": "rules"}, "normal")
    play = Play(session, setup, app.folders)
    app.play = play
    return play


def test_news_headlines_stand_apart_and_results_follow_their_moves(
    make_app: Callable[..., App],
) -> None:
    from game.ui.scenes.common import headline
    from game.view import table_view

    app = make_app()
    play = finished_play(app)
    app.play = play
    rules = play.game.rules
    v = table_view(play.session, 0)
    paras = TableScene(app).news_paras(v)
    texts = [t.removeprefix("▶ ") for _s, t in paras]
    split = [headline(rules, i) for i in v.news if headline(rules, i)[0]]
    assert split, "no event with a headline in the game"
    for title, story in split:
        assert not any(t.startswith(title) and t.endswith(story) for t in texts)  # apart
        k = texts.index(title)
        assert texts[k + 1] == story and paras[k][0] == "bold"
    # the result of a move comes right after the move (the feed is newest first otherwise)
    news = list(v.news)
    pairs = [
        (a.text, b.text)
        for a, b in itertools.pairwise(news)
        if a.kind == "move" and b.kind == "event" and not headline(rules, b)[0]
    ]
    assert pairs, "no move with an outcome in the game"
    # and the result of a world event right after its story
    told = [
        (headline(rules, a)[1], b.text)
        for a, b in itertools.pairwise(news)
        if headline(rules, a)[0] and b.kind == "event" and not headline(rules, b)[0]
    ]
    assert told, "no world event with an outcome in the game"
    for story, result in told:
        assert texts[texts.index(story) + 1] == result
    for move, result in pairs:
        shown = [k for k, t in enumerate(texts) if t == result]
        moves = {m for m, r in pairs if r == result}
        assert shown and all(texts[k - 1] in moves for k in shown), (move, result)


def test_the_turn_report_heads_each_turn_of_what_the_other_side_did(
    make_app: Callable[..., App],
) -> None:
    app = make_app()
    play = _japan_ends_turn_one(app)
    assert play.session.state.turn == 2
    report = ReportScene(app).report_html()
    did = report.split("<b>News</b>")[0]
    dates = play.game.rules.turn_dates
    one, two = did.index(f"Turn 1</b>, {dates[0]}"), did.index(f"Turn 2</b>, {dates[1]}")
    # Russia's end of turn 1 sits under turn 1, its turn-2 moves under turn 2
    assert one < did.index("Russia ends its part of the turn.") < two
    assert "Russia: " in did[two:]
    news = report.split("<b>News</b>")[1]
    assert "<b>Putin re-elected</b><br>Putin wins" in news


@pytest.mark.parametrize("n", [0, 1, 2])
def test_the_ending_counts_tabled_packages_in_good_english(
    make_app: Callable[..., App], n: int
) -> None:
    import dataclasses

    app = make_app()
    app.play = finished_play(app)
    scene = EndingScene(app)
    ds = dataclasses.replace(scene.end.deal_space, tabled=tuple(range(n)))
    scene.end = dataclasses.replace(scene.end, deal_space=ds)
    text = scene.text_html()
    assert f"{n} {'was' if n == 1 else 'were'} tabled in this game" in text
    assert "1 were" not in text
    if scene.end.history_note:
        assert "What actually happened" not in text  # the note may say it is not quite that
    if ds.nash >= 0:
        names = [s.name for s in app.play.game.rules.sides]
        u = ds.points[ds.nash].u
        assert f"Utilities: {names[0]} {u[0]:.1f}, {names[1]} {u[1]:.1f}" in text
        assert "no deal:" in text


def test_the_answer_screen_fits_the_smallest_window(make_app: Callable[..., App]) -> None:
    # Hot-seat, Russia answering a package at 1024x640: the longest header (a label too small
    # for its text warns, and warnings fail the tests) and a knowledge panel that scrolls.
    from game.engine import Game
    from game.match import Session
    from game.ui.play import Setup, rules_of, scenario_path

    app = make_app((1024, 640))
    game = Game(rules_of("tokyo_2018"))
    session = Session(game, 5, {})
    session.step_bots()  # the opening draws
    packages = [a for a in game.legal_actions(session.state) if game.package_of(a) >= 0]
    session.submit(packages[len(packages) // 2])
    session.step_bots()
    setup = Setup(scenario_path("tokyo_2018"), {"japan": "human", "russia": "human"}, "normal")
    play = Play(session, setup, app.folders)
    play.viewer = 1
    app.play = play
    table = TableScene(app)
    app.push(table)
    _drawn(app)
    assert table.current_view().role == "answer"
    assert app.fonts.heading.size(table.header_label.text)[0] <= table.header_label.rect.width
    assert table.info_box.scrolls
