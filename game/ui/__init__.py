"""The desktop game (pygame-ce + pygame_gui), the only package that imports pygame.

four-islands            # or: four-islands play [SCENARIO]
"""

from __future__ import annotations

import os
import sys

NO_DISPLAY = (
    "four-islands: no display to open the game window on; "
    "play in the terminal with `four-islands run <scenario> --as <side>`"
)


def has_display() -> bool:
    """True when a window can be opened (or SDL was told to use a headless driver)."""
    if os.environ.get("SDL_VIDEODRIVER"):
        return True
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def main(scenario: str | None = None, trace: bool = False) -> int:
    """Open the window and play; returns the exit code (1 when there is no display)."""
    if not has_display():
        sys.stderr.write(NO_DISPLAY + "\n")
        return 1
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from game.ui.app import App

    try:
        app = App()
    except pygame.error as exc:
        sys.stderr.write(f"{NO_DISPLAY} ({exc})\n")
        return 1
    if scenario:
        from game.ui.scenes.select import SelectScene

        select = SelectScene(app)
        select.custom = scenario
        select.reload()
        app.push(select)
    if trace:
        app.trace = True
    return app.run(ready=lambda: _say("ready"))


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
