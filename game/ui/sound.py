"""A soft click for turn changes; off by default and silent without an audio device."""

from __future__ import annotations

import contextlib
import math
from array import array
from typing import Any

import pygame


class Sound:
    """Plays short tones when enabled; never raises."""

    def __init__(self, enabled: bool) -> None:
        self._tone: Any = None
        self.enabled = False
        self.set_enabled(enabled)

    def set_enabled(self, enabled: bool) -> None:
        """Turn sound on or off (on fails quietly when there is no audio device)."""
        self.enabled = False
        if not enabled:
            return
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(22050, -16, 1, 512)
            init = pygame.mixer.get_init()
            if init is None:
                return
            rate = init[0]
            n = rate // 12
            samples = array(
                "h",
                (
                    int(6000 * math.sin(2 * math.pi * 660 * i / rate) * (1 - i / n))
                    for i in range(n)
                ),
            )
            self._tone = pygame.mixer.Sound(buffer=samples.tobytes())
            self.enabled = True
        except (pygame.error, TypeError, ValueError):
            self.enabled = False

    def click(self) -> None:
        """A short tone."""
        if self.enabled and self._tone is not None:
            with contextlib.suppress(pygame.error):
                self._tone.play()
