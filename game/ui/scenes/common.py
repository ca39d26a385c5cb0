"""Small screens and helpers shared by the others: a message box, the hand-over, layout."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pygame
from pygame_gui.elements import UITextBox

from game.engine import Rules
from game.ui.scene import Scene
from game.view import NewsItem


def html(text: str) -> str:
    """Plain text made safe for pygame_gui's HTML subset (new lines become <br>)."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
    )


def headline(rules: Rules, item: NewsItem) -> tuple[str, str]:
    """An event's or a reaction's news as (headline, story); ("", text) for other news. The
    engine's note is one line, the title then the text after a separator (a dash), so they are
    told apart by the scenario's own title and text, whatever the separator."""
    if item.kind in ("event", "reaction"):
        told = [(e.title, e.text) for e in rules.events] + [
            (x.title, x.text) for x in rules.reactions
        ]
        line = item.text
        for title, text in told:
            if (
                text
                and len(line) > len(title) + len(text)
                and line.startswith(title)
                and line.endswith(text)
                and len(line[len(title) : -len(text)].strip()) <= 1
            ):
                return title, text
    return "", item.text


def news_groups(rules: Rules, items: Sequence[NewsItem]) -> list[list[NewsItem]]:
    """The news cut into what happened together, in order: a turn's start, a side's move (or
    package, or answer), or a world event, each with the outcomes and reactions it set off,
    which stay after it even when the news is shown newest first."""
    titles = {e.title for e in rules.events}
    groups: list[list[NewsItem]] = []
    for item in items:
        # A world event has a title (outcomes have none); a reaction follows what it answers.
        starts = item.kind not in ("event", "reaction") or (
            item.kind == "event" and (item.text in titles or bool(headline(rules, item)[0]))
        )
        if groups and not starts:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def text_box(scene: Scene, text: str, rect: pygame.Rect) -> Any:
    """A scrolling text box (HTML subset) in the scene's root panel."""
    return UITextBox(text, rect, manager=scene.app.manager, container=scene.root)


class MessageScene(Scene):
    """A message over the current screen (a corrupt save, a broken scenario); Enter closes it."""

    modal = True
    name = "message"

    def __init__(self, app: Any, title: str, text: str) -> None:
        super().__init__(app)
        self.title = title
        self.text = text

    def build(self, rect: pygame.Rect) -> None:
        w, h = min(760, rect.width - 80), min(420, rect.height - 80)
        box = pygame.Rect((rect.width - w) // 2, (rect.height - h) // 2, w, h)
        self.label(self.title, pygame.Rect(box.x + 16, box.y, w - 32, 44), "#heading")
        text_box(self, html(self.text), pygame.Rect(box.x + 16, box.y + 48, w - 32, h - 110))
        self.ok = self.button("OK (Enter)", pygame.Rect(box.right - 176, box.bottom - 52, 160, 40))
        self.focus = 0

    def on_button(self, element: Any) -> None:
        if element is self.ok:
            self.app.pop()

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_ESCAPE:
            self.app.pop()
            return True
        return False


class HandOverScene(Scene):
    """Hot-seat: hides the table until the next player is at the screen."""

    name = "handover"

    def __init__(self, app: Any, side: int) -> None:
        super().__init__(app)
        self.side = side

    def build(self, rect: pygame.Rect) -> None:
        assert self.app.play is not None
        name = self.app.play.game.rules.sides[self.side].name
        cx, cy = rect.width // 2, rect.height // 2
        self.label("Hand over", pygame.Rect(cx - 300, cy - 120, 600, 60), "#title")
        self.label(
            f"Pass the screen to {name}'s player. The other side's figures are hidden.",
            pygame.Rect(cx - 420, cy - 50, 840, 40),
        )
        self.ready = self.button(
            f"I play {name}: show the table (Enter)", pygame.Rect(cx - 200, cy + 10, 400, 48)
        )
        self.focus = 0

    def on_button(self, element: Any) -> None:
        if element is self.ready and self.app.play is not None:
            self.app.play.viewer = self.side
            from game.ui.scenes.table import TableScene

            table = TableScene(self.app)
            self.app.replace(table)
            table.maybe_report()
