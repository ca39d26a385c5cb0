"""A panel of wrapped text that grows a scroll bar when the text is taller than the panel.

The text is drawn once into an image (a UITextBox costs ~75 ms to lay out, this ~2 ms) inside a
scrolling container, so nothing is ever cut off: the mouse wheel or the bar shows the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pygame
from pygame_gui.elements import UIImage, UIScrollingContainer

from game.ui.draw import Para, text_block, text_height
from game.ui.look import Fonts, Palette

SCROLL_BAR_W = 20
"""The width pygame_gui gives a scrolling container's vertical bar."""


class TextPanel:
    """Wrapped paragraphs in `rect` of `container`; scrolls when they do not fit."""

    def __init__(
        self,
        rect: pygame.Rect,
        paras: Sequence[Para],
        fonts: Fonts,
        pal: Palette,
        manager: Any,
        container: Any,
        pad: int = 8,
    ) -> None:
        self.rect = pygame.Rect(rect)
        self.fonts, self.pal, self.pad = fonts, pal, pad
        self.box = UIScrollingContainer(
            self.rect, manager=manager, container=container, allow_scroll_x=False
        )
        self.img = UIImage(
            pygame.Rect(0, 0, self.rect.width, self.rect.height),
            pygame.Surface(self.rect.size),
            manager=manager,
            container=self.box,
        )
        self.scrolls = False
        self.set(paras)

    @property
    def image(self) -> pygame.Surface:
        """What the panel shows (all of the text)."""
        surface: pygame.Surface = self.img.image
        return surface

    def set(self, paras: Sequence[Para]) -> None:
        """Show `paras` from the top, with a scroll bar if they are taller than the panel."""
        w, h = self.rect.size
        need = text_height(w, paras, self.fonts, self.pal, self.pad)
        self.scrolls = need > h
        if self.scrolls:
            w -= SCROLL_BAR_W
            h = text_height(w, paras, self.fonts, self.pal, self.pad)
        surf = text_block((w, h), paras, self.fonts, self.pal, self.pad)
        self.img.set_dimensions((w, h))
        self.img.set_image(surf)
        self.box.set_scrollable_area_dimensions((w, h))
