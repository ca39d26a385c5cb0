"""The title screen: new game, resume the autosave, load, settings, quit."""

from __future__ import annotations

from typing import Any

import pygame

from game.ui.play import LoadError, Play
from game.ui.scene import Scene
from game.ui.scenes.common import MessageScene


class TitleScene(Scene):
    """Four Islands."""

    name = "title"

    def build(self, rect: pygame.Rect) -> None:
        cx = rect.width // 2
        top = max(60, rect.height // 6)
        self.label("Four Islands", pygame.Rect(cx - 400, top, 800, 70), "#title")
        self.label(
            "北方領土 · Южные Курилы · Japan and Russia at the table",
            pygame.Rect(cx - 400, top + 70, 800, 36),
        )
        self.label(
            "Etorofu / Iturup · Kunashiri / Kunashir · Shikotan · Habomai",
            pygame.Rect(cx - 400, top + 104, 800, 30),
            "#small",
        )
        y = top + 170
        bw, bh = 340, 48
        resume_ok = self.app.folders.autosave.is_file()
        self.new = self.button("New game (N)", pygame.Rect(cx - bw // 2, y, bw, bh))
        self.resume_b = self.button(
            "Resume the last game (R)", pygame.Rect(cx - bw // 2, y + 58, bw, bh)
        )
        if not resume_ok:
            self.resume_b.disable()
        self.load = self.button("Load a saved game (L)", pygame.Rect(cx - bw // 2, y + 116, bw, bh))
        self.settings = self.button("Settings (S)", pygame.Rect(cx - bw // 2, y + 174, bw, bh))
        self.quit_b = self.button("Quit (Q)", pygame.Rect(cx - bw // 2, y + 232, bw, bh))
        self.label(
            "Keys: Tab and Enter everywhere, Esc goes back, F11 full screen",
            pygame.Rect(cx - 400, rect.height - 50, 800, 30),
            "#small",
        )
        if self.focus < 0:
            self.focus = 0

    def on_button(self, element: Any) -> None:
        if element is self.new:
            from game.ui.scenes.select import SelectScene

            self.app.push(SelectScene(self.app))
        elif element is self.resume_b:
            self.resume_game()
        elif element is self.load:
            from game.ui.scenes.load import LoadScene

            self.app.push(LoadScene(self.app))
        elif element is self.settings:
            from game.ui.scenes.settings import SettingsScene

            self.app.push(SettingsScene(self.app))
        elif element is self.quit_b:
            self.app.quit()

    def resume_game(self) -> None:
        """Continue from the autosave."""
        start_game_from(self.app, str(self.app.folders.autosave))

    def on_key(self, event: pygame.event.Event) -> bool:
        keys = {
            pygame.K_n: self.new,
            pygame.K_r: self.resume_b,
            pygame.K_l: self.load,
            pygame.K_s: self.settings,
            pygame.K_q: self.quit_b,
            pygame.K_ESCAPE: self.quit_b,
        }
        b = keys.get(event.key)
        if b is not None and b.is_enabled:
            self.on_button(b)
            return True
        return False


def start_game_from(app: Any, path: str) -> None:
    """Load a save and go to the table, or show why it cannot be loaded."""
    try:
        play = Play.load(path, app.folders)
    except LoadError as exc:
        app.push(MessageScene(app, "This save cannot be loaded", str(exc)))
        return
    start_play(app, play)


def start_play(app: Any, play: Play) -> None:
    """Show the table for a game (the hand-over first in hot-seat)."""
    from game.ui.scenes.table import TableScene

    if app.play is not None:
        app.play.stop()
    app.play = play
    play.advance()
    from game.ui.scenes.title import TitleScene

    app.reset(TitleScene(app))
    side = play.human_to_move()
    if play.is_over():
        from game.ui.scenes.ending import EndingScene

        app.push(EndingScene(app))
    elif play.hotseat and side >= 0:
        from game.ui.scenes.common import HandOverScene

        app.push(HandOverScene(app, side))
    else:
        app.push(TableScene(app))
