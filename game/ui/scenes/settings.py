"""Settings: place names, text size, palette, sound, full screen (kept per user)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pygame

from game.ui.scene import Scene
from game.ui.settings import PALETTES, TEXT_SIZES, Settings
from game.view import name_modes

_NAME_LABELS = {
    "auto": "the side you play, own script",
    "auto/latin": "the side you play, Latin letters",
    "both": "both sides', own script",
    "both/latin": "both sides', Latin letters",
    "en": "neutral (Latin)",
}


def _cycle(values: list[Any], now: Any) -> Any:
    return values[(values.index(now) + 1) % len(values)] if now in values else values[0]


class SettingsScene(Scene):
    """Each button cycles one setting; changes apply and are saved at once."""

    name = "settings"

    def name_values(self) -> list[tuple[str, str]]:
        """Place-name settings: from the game's scenario when one is loaded."""
        play = self.app.play
        if play is not None:
            return list(name_modes(play.game.rules))
        return list(_NAME_LABELS.items())

    def build(self, rect: pygame.Rect) -> None:
        s: Settings = self.app.settings
        cx = rect.width // 2
        self.label("Settings", pygame.Rect(cx - 300, 50, 600, 60), "#title")
        names = dict(self.name_values())
        rows = [
            ("names", f"Place names: {names.get(s.names, s.names)}"),
            ("text_size", f"Text size: {s.text_size}"),
            ("palette", f"Colours: {s.palette}"),
            ("sound", f"Sound: {'on' if s.sound else 'off'}"),
            ("fullscreen", f"Full screen: {'on' if s.fullscreen else 'off'} (F11)"),
        ]
        self.rows: dict[Any, str] = {}
        for k, (key, text) in enumerate(rows):
            b = self.button(text, pygame.Rect(cx - 240, 140 + k * 58, 480, 48))
            self.rows[b] = key
        self.back = self.button(
            "Back (Esc)", pygame.Rect(cx - 240, 140 + len(rows) * 58 + 20, 480, 48)
        )
        self.label(
            f"Saved in {self.app.folders.settings_file}",
            pygame.Rect(40, rect.height - 44, rect.width - 80, 30),
            "#small",
        )
        if self.focus < 0:
            self.focus = 0

    def on_button(self, element: Any) -> None:
        if element is self.back:
            self.app.pop()
            return
        key = self.rows.get(element)
        if key is None:
            return
        s: Settings = self.app.settings
        if key == "names":
            new = dataclasses.replace(s, names=_cycle([v for v, _ in self.name_values()], s.names))
        elif key == "text_size":
            new = dataclasses.replace(s, text_size=_cycle(list(TEXT_SIZES), s.text_size))
        elif key == "palette":
            new = dataclasses.replace(s, palette=_cycle(list(PALETTES), s.palette))
        elif key == "sound":
            new = dataclasses.replace(s, sound=not s.sound)
        else:
            new = dataclasses.replace(s, fullscreen=not s.fullscreen)
        self.app.apply_settings(new)

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_ESCAPE:
            self.app.pop()
            return True
        return False
