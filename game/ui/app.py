"""The desktop game's application: the window, one pygame_gui manager, the scene stack, the loop.

    app = App(size=(1280, 800), folders=Folders.default())
    app.run()                 # or, in tests: app.frame() after posting events

The frame follows pygame_gui's contract: events (pygame_gui first, then the top scene), update,
draw. Nothing here blocks: the computer's decisions run in a worker thread.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import pygame
import pygame_gui

from game.ui.look import Fonts, palette, preload, theme
from game.ui.play import Play
from game.ui.scene import Scene
from game.ui.settings import Folders, Settings
from game.ui.sound import Sound

MIN_SIZE = (1024, 640)
DEFAULT_SIZE = (1280, 800)


class App:
    """The running game."""

    def __init__(
        self,
        size: tuple[int, int] = DEFAULT_SIZE,
        folders: Folders | None = None,
        first: str = "title",
    ) -> None:
        pygame.display.init()
        pygame.font.init()
        pygame.key.set_repeat(400, 40)
        self.folders = folders or Folders.default()
        self.settings = Settings.load(self.folders)
        pygame.display.set_caption("Four Islands")
        self.size = self._clamp(size)
        self.window = pygame.display.set_mode(self.size, pygame.RESIZABLE)
        self.manager: Any = pygame_gui.UIManager(self.size, theme(self.settings))
        preload(self.manager, self.settings)
        self.fonts = Fonts(self.settings)
        self.palette = palette(self.settings)
        self.sound = Sound(self.settings.sound)
        self.clock = pygame.time.Clock()
        self.stack: list[Scene] = []
        self.play: Play | None = None
        self.running = True
        self.frames = 0
        self.fullscreen = False
        self.trace = False
        """Print each screen's name as it opens (for driving the game from scripts)."""
        if first == "title":
            from game.ui.scenes.title import TitleScene

            self.push(TitleScene(self))
        if self.settings.fullscreen:
            self.toggle_fullscreen()

    # --- scenes -----------------------------------------------------------------------------

    @property
    def top(self) -> Scene:
        """The scene on top."""
        return self.stack[-1]

    def _rect(self) -> pygame.Rect:
        return pygame.Rect((0, 0), self.size)

    def push(self, scene: Scene) -> None:
        """Show `scene` on top (a non-modal scene replaces the one beneath on screen)."""
        if self.stack and not scene.modal:
            self.top.close()
        self.stack.append(scene)
        scene.open(self._rect())
        self.say(f"scene {scene.name}")

    def pop(self) -> None:
        """Close the top scene and uncover the one beneath."""
        self.stack.pop().close()
        if self.stack:
            if not self.top.built:
                self.top.open(self._rect())
            self.top.resume()
            self.say(f"scene {self.top.name}")

    def replace(self, scene: Scene) -> None:
        """Put `scene` in place of the top scene."""
        self.stack.pop().close()
        self.push(scene)

    def reset(self, scene: Scene) -> None:
        """Close every scene and show `scene` alone."""
        while self.stack:
            self.stack.pop().close()
        self.push(scene)

    def rebuild(self) -> None:
        """Build every shown scene again (after a resize or a style change)."""
        shown = [s for s in self.stack if s.built]
        for s in shown:
            s.close()
        for s in shown:
            s.open(self._rect())

    # --- window -----------------------------------------------------------------------------

    @staticmethod
    def _clamp(size: tuple[int, int]) -> tuple[int, int]:
        return (max(MIN_SIZE[0], size[0]), max(MIN_SIZE[1], size[1]))

    def resize(self, w: int, h: int) -> None:
        """Lay every scene out for a new window size."""
        size = self._clamp((w, h))
        if size == self.size and self.window.get_size() == size:
            return
        self.size = size
        if self.window.get_size() != size and not self.fullscreen:
            self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.manager.set_window_resolution(size)
        self.rebuild()

    def toggle_fullscreen(self) -> None:
        """Between a window and the full screen."""
        self.fullscreen = not self.fullscreen
        try:
            if self.fullscreen:
                self.window = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
            else:
                self.window = pygame.display.set_mode(DEFAULT_SIZE, pygame.RESIZABLE)
        except pygame.error:
            self.fullscreen = False
            self.window = pygame.display.set_mode(self.size, pygame.RESIZABLE)
        w, h = self.window.get_size()
        self.size = (0, 0)
        self.resize(w, h)

    def apply_settings(self, new: Settings) -> None:
        """Keep new settings (persisted) and restyle when the look changed."""
        old, self.settings = self.settings, new
        new.save(self.folders)
        if new.sound != old.sound:
            self.sound.set_enabled(new.sound)
        if (new.text_size, new.palette) != (old.text_size, old.palette):
            self.manager.get_theme().load_theme(theme(new))
            preload(self.manager, new)
            self.fonts = Fonts(new)
            self.palette = palette(new)
        if new.fullscreen != self.fullscreen:
            self.toggle_fullscreen()
        self.rebuild()

    # --- the loop ---------------------------------------------------------------------------

    def say(self, text: str) -> None:
        """One line on stdout when tracing."""
        if self.trace:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()

    def quit(self) -> None:
        """Leave at once (a decision the computer is computing is cancelled)."""
        if self.play is not None:
            self.play.stop()
        self.running = False

    def dispatch(self, event: pygame.event.Event) -> None:
        """One event: window events, then pygame_gui, then the top scene."""
        if event.type == pygame.QUIT:
            self.quit()
            return
        if event.type == pygame.VIDEORESIZE:
            self.resize(event.w, event.h)
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.toggle_fullscreen()
            return
        consumed = self.manager.process_events(event)
        if not self.stack:
            return
        if consumed and event.type not in (pygame.KEYDOWN,):
            return
        if event.type == pygame.KEYDOWN and self._typing():
            return
        self.top.handle(event)

    def _typing(self) -> bool:
        focused = self.manager.get_focus_set()
        return any(isinstance(e, pygame_gui.elements.UITextEntryLine) for e in focused or ())

    def frame(self, dt: float = 1 / 60) -> None:
        """Handle the pending events, update and draw one frame."""
        for event in pygame.event.get():
            self.dispatch(event)
            if not self.running:
                return
        if self.stack:
            self.top.update(dt)
        self.manager.update(dt)
        self.window.fill(self.palette.background)
        self.manager.draw_ui(self.window)
        if self.stack:
            self.top.draw_over(self.window)
        pygame.display.flip()
        self.frames += 1

    def run(self, ready: Any = None) -> int:
        """The main loop; returns the exit code."""
        last = time.perf_counter()
        while self.running:
            now = time.perf_counter()
            self.frame(min(0.1, now - last))
            last = now
            if self.frames == 1 and ready is not None:
                ready()
            self.clock.tick(60)
        pygame.quit()
        return 0
