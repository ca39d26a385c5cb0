"""Headless SDL for the desktop game's tests, an App in a temporary folder, and input helpers."""

from __future__ import annotations

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pygame
import pytest

from game.engine import Game
from game.match import Session, make_bot
from game.ui.app import App
from game.ui.play import Play, Setup, rules_of, scenario_path
from game.ui.settings import Folders

MAX_FRAMES = 20000


@pytest.fixture(autouse=True)
def _headless_sdl(monkeypatch: pytest.MonkeyPatch) -> None:
    """SDL's dummy drivers for these tests only (SDL reads them when the display starts)."""
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")


@pytest.fixture
def folders(tmp_path: Path) -> Folders:
    return Folders(tmp_path / "config", tmp_path / "data")


@pytest.fixture
def make_app(folders: Folders) -> Iterator[Callable[..., App]]:
    apps: list[App] = []

    def make(size: tuple[int, int] = (1280, 800), **kw: Any) -> App:
        app = App(size=size, folders=kw.pop("folders", folders), **kw)
        apps.append(app)
        return app

    yield make
    for app in apps:
        if app.play is not None:
            app.play.stop()
    pygame.quit()


def press(app: App, key: int, mod: int = 0) -> None:
    """A key press and release, then a frame."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0))
    app.frame()


def click(app: App, element: Any) -> None:
    """A left click on a pygame_gui element: press and release on separate frames, then one
    more frame because pygame_gui queues the button event for the next one."""
    pos = element.rect.center
    pygame.mouse.set_pos(pos)  # pygame_gui reads hovering from the mouse state
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
    )
    app.frame()
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos))
    app.frame()
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=pos))
    app.frame()
    app.frame()


def hover(app: App, pos: tuple[int, int]) -> None:
    """Move the mouse to `pos` and draw a frame."""
    pygame.mouse.set_pos(pos)  # pygame_gui reads hovering from the mouse state
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
    )
    app.frame()


def frames_until(app: App, cond: Callable[[], bool], limit: int = MAX_FRAMES) -> None:
    """Draw frames until `cond()` holds (the computer thinks in a thread meanwhile)."""
    for _ in range(limit):
        if cond():
            return
        app.frame()
    raise AssertionError(f"still waiting after {limit} frames; screen {app.top.name}")


def finished_play(app: App, seed: int = 5) -> Play:
    """A game the rules bot played to the end on both sides (on this thread: fast)."""
    game = Game(rules_of("tokyo_2018"))
    session = Session(game, seed, {0: make_bot("rules"), 1: make_bot("rules")})
    session.step_bots()
    setup = Setup(scenario_path("tokyo_2018"), {"japan": "rules", "russia": "rules"}, "normal")
    return Play(session, setup, app.folders)
