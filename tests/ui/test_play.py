"""Whole games through posted UI events (keys and clicks), from each side and hot-seat; saves,
resume, settings, broken files, and closing the window while the computer thinks."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pygame
import pytest

from game.ai.base import Bot
from game.engine import Game, State
from game.ui import NO_DISPLAY, has_display, main
from game.ui.app import App
from game.ui.draw import inside
from game.ui.play import Play
from game.ui.settings import Folders, Settings
from tests.ui.conftest import click, frames_until, hover, press

pytestmark = pytest.mark.ui


def _button(app: App, text: str) -> Any:
    """The top scene's button whose text starts with `text`."""
    for b in app.top.focusables:
        if b.text.startswith(text):
            return b
    raise AssertionError(
        f"no button {text!r} on {app.top.name}: {[b.text for b in app.top.focusables]}"
    )


def _new_game(app: App, side_key: int, difficulty_key: int = pygame.K_n) -> None:
    """Title -> scenario select -> side and difficulty by keys -> the game."""
    assert app.top.name == "title"
    press(app, pygame.K_n)
    assert app.top.name == "select"
    press(app, side_key)
    if side_key != pygame.K_3:
        press(app, difficulty_key)
    click(app, _button(app, "Start"))
    assert app.play is not None


def _play_to_the_end(app: App, table_once: bool = True) -> dict[str, int]:
    """Answer every screen by keys until the ending: end turns, reject, table a package once."""
    seen: dict[str, int] = {}
    tabled = not table_once
    for _ in range(3000):
        name = app.top.name
        seen[name] = seen.get(name, 0) + 1
        if name == "ending":
            return seen
        if name in ("report", "message"):
            press(app, pygame.K_ESCAPE)
        elif name == "handover":
            press(app, pygame.K_RETURN)
        elif name == "builder":
            press(app, pygame.K_DOWN)
            press(app, pygame.K_RIGHT)
            b = app.top.view()
            if b.action >= 0:
                press(app, pygame.K_RETURN)
            else:
                press(app, pygame.K_ESCAPE)
        elif name == "table":
            view = app.top.current_view()
            if view.role == "act":
                if not tabled and view.can_table:
                    tabled = True
                    press(app, pygame.K_t)
                elif view.moves_left and any(m.available for m in view.moves) and view.turn == 2:
                    k = next(i for i, m in enumerate(view.moves) if m.available)
                    press(app, pygame.K_DOWN)
                    for _ in range(k):
                        press(app, pygame.K_DOWN)
                    press(app, pygame.K_RETURN)
                else:
                    press(app, pygame.K_e)
            elif view.role == "answer":
                press(app, pygame.K_x)
            else:
                app.frame()
        else:
            raise AssertionError(f"unexpected screen {name}")
    raise AssertionError("the game did not end")


@pytest.mark.parametrize("side_key", [pygame.K_1, pygame.K_2], ids=["japan", "russia"])
def test_a_whole_game_by_keyboard_from_each_side(make_app: Callable[..., App], side_key: int):
    app = make_app()
    _new_game(app, side_key)
    frames_until(app, lambda: app.top.name in ("table", "report"))
    assert app.play is not None
    assert app.play.humans == [side_key - pygame.K_1]
    seen = _play_to_the_end(app)
    assert seen.get("builder", 0) >= 1
    assert seen.get("report", 0) >= 1
    assert app.play.is_over()
    # the ending names the scores beside no deal (at the start, when there was none)
    assert "no deal would" in app.top.text_html()
    assert app.folders.autosave.is_file()
    press(app, pygame.K_ESCAPE)
    assert app.top.name == "title"


def test_hot_seat_hands_over_between_the_two_players(make_app: Callable[..., App]):
    app = make_app()
    _new_game(app, pygame.K_3)
    assert app.play is not None and app.play.hotseat
    seen = _play_to_the_end(app, table_once=False)
    assert seen.get("handover", 0) >= 2
    assert app.play.is_over()


def test_the_table_by_mouse_hover_preview_why_and_builder(make_app: Callable[..., App]):
    app = make_app()
    _new_game(app, pygame.K_1)
    frames_until(app, lambda: app.top.name == "table" and app.top.current_view().role == "act")
    table = app.top
    assert table.preview_img is not None
    before = table.preview_img.image.copy()
    button, _move = table.move_buttons[0]
    hover(app, button.rect.center)
    frames_until(app, lambda: table.hover_move == 0, limit=20)
    assert pygame.image.tobytes(table.preview_img.image, "RGB") != pygame.image.tobytes(
        before, "RGB"
    )
    # hovering an island shows its details
    t = table.current_view().territories[0]
    assert t.label_at is not None
    ring = table.polys[0][0]
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    spot = next(
        (x, y)
        for x in range(int(min(xs)), int(max(xs)) + 1)
        for y in range(int(min(ys)), int(max(ys)) + 1)
        if inside((x, y), ring)
    )
    hover(app, (table.map_rect.x + spot[0], table.map_rect.y + spot[1]))
    assert table.hover_terr == 0
    # a click on a meter opens why
    _, row = table.meter_rows[0]
    pos = (table.meters_rect.x + row.centerx, table.meters_rect.y + row.centery)
    hover(app, pos)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos))
    app.frame()
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=pos))
    app.frame()
    assert app.top.name == "why"
    assert "is" in app.top.why_html()
    click(app, _button(app, "Close"))
    assert app.top.name == "table"
    click(app, _button(app, "Table"))
    assert app.top.name == "builder"
    click(app, _button(app, "Cancel"))
    assert app.top.name == "table"
    # an unavailable move explains itself instead of acting
    table = app.top
    steps = len(app.play.session.actions)
    for k, (b, mv) in enumerate(table.move_buttons):
        if not mv.available:
            click(app, b)
            assert table.hover_move == k
            assert len(app.play.session.actions) == steps
            break


def test_save_resume_after_a_crash_and_undo_against_normal(
    make_app: Callable[..., App], folders: Folders
):
    # Undo works at every level, as in the terminal (a playtester found it greyed against normal).
    app = make_app()
    _new_game(app, pygame.K_1, pygame.K_n)
    frames_until(app, lambda: app.top.name == "table" and app.top.current_view().role == "act")
    assert app.play is not None
    steps = len(app.play.session.actions)
    view = app.top.current_view()
    mv = next(m for m in view.moves if m.available)
    app.top.submit(mv.action)
    frames_until(app, lambda: app.top.name == "table")
    assert len(app.play.session.actions) > steps
    undo = _button(app, "Undo")
    assert undo.is_enabled
    press(app, pygame.K_z, pygame.KMOD_CTRL)
    assert len(app.play.session.actions) == steps
    app.top.submit(mv.action)
    press(app, pygame.K_s, pygame.KMOD_CTRL)
    saves = [p for p in folders.saves() if p.name != "autosave.json"]
    assert saves
    made = len(app.play.session.actions)
    # "crash": a new process starts from the autosave
    app2 = make_app()
    press(app2, pygame.K_r)
    frames_until(app2, lambda: app2.top.name in ("table", "report"))
    assert app2.play is not None
    assert app2.play.session.actions[:made] == app.play.session.actions[:made]
    # and the explicit save loads from the load screen
    app2.reset(type(app2.stack[0])(app2))
    press(app2, pygame.K_l)
    assert app2.top.name == "load"
    click(app2, _button(app2, saves[0].name))
    frames_until(app2, lambda: app2.top.name in ("table", "report"))


def test_a_corrupt_save_and_a_broken_scenario_show_a_message(
    make_app: Callable[..., App], folders: Folders, bad_dir: Path
):
    folders.data.mkdir(parents=True)
    folders.autosave.write_text('{"format": "four-islands-save", "record": {', encoding="utf-8")
    app = make_app()
    press(app, pygame.K_r)
    assert app.top.name == "message"
    assert "corrupt" in app.top.text or "not a valid" in app.top.text
    press(app, pygame.K_RETURN)
    assert app.top.name == "title"
    press(app, pygame.K_n)
    select = app.top
    bad = bad_dir / "duplicate_key.yaml"
    select.path.set_text(str(bad))
    click(app, _button(app, "Open the file"))
    select = app.top
    assert select.rules is None and "duplicate key 'title'" in select.error
    assert "duplicate_key.yaml:5:1" in select.briefing_text()
    assert not _button(app, "Start").is_enabled


def test_settings_are_kept_per_user(make_app: Callable[..., App], folders: Folders):
    app = make_app()
    assert Settings.load(folders).sound is False  # sound is off by default
    press(app, pygame.K_s)
    assert app.top.name == "settings"
    click(app, _button(app, "Text size"))
    click(app, _button(app, "Colours"))
    assert app.settings.text_size == "large" and app.settings.palette != "standard"
    saved = json.loads(folders.settings_file.read_text(encoding="utf-8"))
    assert saved["text_size"] == "large"
    click(app, _button(app, "Sound"))
    assert app.settings.sound is True  # silent without an audio device, and no error
    assert Settings.load(folders) == app.settings


class _SlowBot:
    """A bot that thinks until it is told to stop."""

    name = "slow"

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()

    def choose(self, game: Game, state: State, player: int, rng: Any) -> int:
        self.started.set()
        self.release.wait()
        return game.legal_actions(state)[0]


def test_closing_while_the_computer_thinks_exits_at_once(make_app: Callable[..., App]):
    app = make_app()
    play = Play.new("tokyo_2018", {0}, "normal", app.folders, seed=1)
    slow = _SlowBot()
    bot: Bot = slow
    play.session.players[1] = bot
    play.session.players[0] = None
    # Japan ends its part at once so that Russia's bot has to think.
    from game.ui.scenes.title import start_play

    start_play(app, play)
    try:
        frames_until(app, lambda: app.top.name == "table" and play.human_to_move() == 0)
        end = app.top.named_action("end")
        app.top.submit(end)
        frames_until(app, slow.started.is_set)
        app.frame()
        assert play.thinking
        assert "deliberating" in app.top.thinking.text
        pygame.event.post(pygame.event.Event(pygame.QUIT))
        app.frame()
        assert not app.running
        assert play.worker.cancel.is_set()
    finally:
        slow.release.set()


def test_no_display_says_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.delenv("SDL_VIDEODRIVER", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert not has_display()
    assert main() == 1
    err = capsys.readouterr().err
    assert err.strip() == NO_DISPLAY
    assert "four-islands run" in err and len(err.strip().splitlines()) == 1


def test_the_computer_thinking_off_the_ui_thread_plays_as_the_runner_would(
    make_app: Callable[..., App],
):
    """Bots deciding in the worker draw from the runner's own generators: same game, same seed."""
    from game.match import Session, make_bot
    from game.ui.scenes.title import start_play

    app = make_app((1024, 640))
    play = Play.new("tokyo_2018", set(), "normal", app.folders, seed=9)
    start_play(app, play)
    frames_until(app, play.is_over)
    spec = play.setup.players
    bots = {i: make_bot(spec[s.id]) for i, s in enumerate(play.game.rules.sides)}
    headless = Session(play.game, 9, bots)
    headless.step_bots()
    assert play.session.actions == headless.actions


def test_advice_is_put_in_words(folders: Folders):
    play = Play.new("tokyo_2018", {0}, "normal", folders, seed=2)
    game, s = play.game, play.session
    s.resolve_chance()
    words = {
        play.action_words(a, game.action_to_string(s.state, a)) for a in game.legal_actions(s.state)
    }
    assert "end the turn" in words
    assert any(w == m.label for w in words for m in game.rules.moves)
    assert any(w.startswith("table The small islands") for w in words)
