"""Scenes: one screen each, built inside its own full-window panel, rebuilt on resize.

A scene keeps its state in attributes and creates its pygame_gui elements in `build(rect)`, so a
resize or a text-size change just builds it again. Every button is also in `focusables`: Tab and
Shift+Tab move the keyboard focus, Enter presses the focused button. `draw_over` draws the focus
ring after the UI. Modal scenes cover the one beneath without destroying it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui
from pygame_gui.core import UIContainer
from pygame_gui.elements import UIButton, UILabel, UIPanel

if TYPE_CHECKING:
    from game.ui.app import App


class Scene:
    """A screen of the game."""

    modal = False
    name = "scene"

    def __init__(self, app: App) -> None:
        self.app = app
        self.root: Any = None
        self.focusables: list[Any] = []
        self.focus = -1
        self.rect = pygame.Rect(0, 0, 1, 1)

    # --- lifecycle --------------------------------------------------------------------------

    @property
    def built(self) -> bool:
        """True while the scene's elements exist."""
        return self.root is not None

    def open(self, rect: pygame.Rect) -> None:
        """Create the root panel and the scene's elements."""
        self.rect = rect
        if self.modal:
            # A translucent panel dims the table beneath.
            self.root = UIPanel(
                rect, starting_height=10, manager=self.app.manager, object_id="#modal"
            )
        else:
            # A container draws nothing itself: no full-window blit every frame.
            self.root = UIContainer(rect, manager=self.app.manager)
        self.focusables = []
        self.build(rect)
        if self.focus >= len(self.focusables):
            self.focus = len(self.focusables) - 1

    def close(self) -> None:
        """Kill the scene's elements."""
        if self.root is not None:
            self.root.kill()
            self.root = None
        self.focusables = []

    def build(self, rect: pygame.Rect) -> None:
        """Create the elements (inside `self.root`)."""

    def resume(self) -> None:
        """The scene is on top again (a modal above it closed)."""

    # --- helpers ----------------------------------------------------------------------------

    def button(
        self, text: str, rect: pygame.Rect, tip: str = "", focus: bool = True, oid: str = ""
    ) -> Any:
        """A button in the root panel (in the Tab order when `focus`)."""
        b = UIButton(
            rect,
            text,
            manager=self.app.manager,
            container=self.root,
            tool_tip_text=tip or None,
            object_id=oid or None,
        )
        if focus:
            self.focusables.append(b)
        return b

    def label(self, text: str, rect: pygame.Rect, oid: str = "") -> Any:
        """A one-line label in the root panel, as tall as its font needs at any text size."""
        fonts = self.app.fonts
        font = {"#title": fonts.title, "#heading": fonts.heading, "#small": fonts.small}.get(
            oid, fonts.bold if oid == "#thinking" else fonts.body
        )
        need = font.get_linesize() + 8
        if rect.height < need:
            rect = pygame.Rect(rect.x, rect.y - (need - rect.height) // 2, rect.width, need)
        return UILabel(
            rect, text, manager=self.app.manager, container=self.root, object_id=oid or None
        )

    def text_image(self, paras: list[tuple[str, str]], rect: pygame.Rect, pad: int = 4) -> Any:
        """Wrapped text drawn once into an image (cheaper than a text box, never too small)."""
        from pygame_gui.elements import UIImage

        from game.ui.draw import text_block

        surf = text_block(rect.size, paras, self.app.fonts, self.app.palette, pad)
        return UIImage(rect, surf, manager=self.app.manager, container=self.root)

    def panel(self, rect: pygame.Rect, paras: list[tuple[str, str]]) -> Any:
        """Wrapped text in the root panel that scrolls when it does not fit (a `TextPanel`)."""
        from game.ui.panel import TextPanel

        return TextPanel(rect, paras, self.app.fonts, self.app.palette, self.app.manager, self.root)

    # --- events -----------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> bool:
        """Handle one event (after pygame_gui); True when consumed."""
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element in self.focusables:
                self.focus = self.focusables.index(event.ui_element)
            self.on_button(event.ui_element)
            return True
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_TAB and self.focusables:
                step = -1 if event.mod & pygame.KMOD_SHIFT else 1
                self.move_focus(step)
                return True
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and 0 <= self.focus < len(
                self.focusables
            ):
                b = self.focusables[self.focus]
                if b.is_enabled:
                    self.on_button(b)
                return True
            return self.on_key(event)
        return False

    def move_focus(self, step: int) -> None:
        """Move the keyboard focus to the next enabled button."""
        n = len(self.focusables)
        for _ in range(n):
            self.focus = (self.focus + step) % n
            if self.focusables[self.focus].is_enabled:
                break
        self.on_focus()

    def on_focus(self) -> None:
        """The keyboard focus moved."""

    def on_button(self, element: Any) -> None:
        """A button was pressed (by mouse or by Enter)."""

    def on_key(self, event: pygame.event.Event) -> bool:
        """A key the scene may use; True when consumed."""
        return False

    def update(self, dt: float) -> None:
        """Advance the scene by `dt` seconds."""

    def draw_over(self, surface: pygame.Surface) -> None:
        """Draw the focus ring over the UI."""
        if 0 <= self.focus < len(self.focusables):
            b = self.focusables[self.focus]
            if b.alive() and b.visible:
                pygame.draw.rect(surface, self.app.palette.accent, b.rect.inflate(4, 4), 2)
