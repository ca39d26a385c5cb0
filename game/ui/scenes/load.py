"""Load a saved game: the newest saves in the per-user data folder, or any file by its path."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pygame
from pygame_gui.elements import UITextEntryLine

from game.ui.scene import Scene
from game.ui.scenes.title import start_game_from

_MAX_SHOWN = 8


class LoadScene(Scene):
    """Pick a save (Tab/Up/Down and Enter) or type a path."""

    name = "load"

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.files = app.folders.saves()[:_MAX_SHOWN]

    def build(self, rect: pygame.Rect) -> None:
        w = rect.width - 80
        self.label("Load a saved game", pygame.Rect(40, 24, w, 56), "#title")
        self.slots: dict[Any, Path] = {}
        y = 96
        for p in self.files:
            when = datetime.datetime.fromtimestamp(p.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            b = self.button(f"{p.name}    ({when})", pygame.Rect(40, y, min(w, 720), 42))
            self.slots[b] = p
            y += 50
        if not self.files:
            self.label("No saves yet.", pygame.Rect(40, y, w, 36))
        self.path = UITextEntryLine(
            pygame.Rect(40, rect.height - 150, min(w, 720) - 180, 40),
            manager=self.app.manager,
            container=self.root,
            placeholder_text="or type the path of a save file",
        )
        self.open_path = self.button(
            "Open path", pygame.Rect(40 + min(w, 720) - 160, rect.height - 150, 160, 40)
        )
        self.back = self.button("Back (Esc)", pygame.Rect(40, rect.height - 90, 200, 44))
        if self.focus < 0:
            self.focus = 0

    def on_button(self, element: Any) -> None:
        if element is self.back:
            self.app.pop()
        elif element in self.slots:
            start_game_from(self.app, str(self.slots[element]))
        elif element is self.open_path:
            text = self.path.get_text().strip()
            if text:
                start_game_from(self.app, text)

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_ESCAPE:
            self.app.pop()
            return True
        if event.key in (pygame.K_UP, pygame.K_DOWN) and self.focusables:
            self.move_focus(-1 if event.key == pygame.K_UP else 1)
            return True
        return False
