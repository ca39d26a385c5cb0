"""The turn report: what happened since your last decision, the other side's moves first."""

from __future__ import annotations

from typing import Any

import pygame

from game.ui.scene import Scene
from game.ui.scenes.common import headline, html, text_box
from game.view import NewsItem, last_decision, meter_views, news


class ReportScene(Scene):
    """A modal; Enter or Esc closes it."""

    modal = True
    name = "report"

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        assert app.play is not None
        self.play = app.play

    def report_html(self) -> str:
        s = self.play.session
        viewer = self.play.viewer
        start = max(0, last_decision(s, viewer))
        items = news(s, viewer, start)
        other = [i for i in items if i.side >= 0 and i.side != viewer]
        rules = self.play.game.rules
        parts = [f"<b>What {html(rules.sides[1 - viewer].name)} did</b>"]
        # A heading for each turn (the report can span two). An item's own turn is the one
        # after its step, so "ends its part of the turn" would land in the next one: the turn
        # changes at the news of its start instead.
        turn, headed = s.states[start].turn, -1
        for i in items:
            if i.kind == "turn":
                turn = i.turn
            if i not in other:
                continue
            if turn != headed:
                headed = turn
                date = rules.turn_dates[turn - 1] if 0 < turn <= len(rules.turn_dates) else ""
                parts.append(f"<b>Turn {turn}</b>{html(', ' + date) if date else ''}")
            parts.append(self.item_html(i, "• "))
        if not other:
            parts.append("Nothing.")
        parts += ["", "<b>News</b>"]
        shown = [i for i in items if i not in other]
        for i in shown:
            parts.append(f"<b>{html(i.text)}</b>" if i.kind == "turn" else self.item_html(i))
            parts += [f"    source: {html(c)}" for c in i.cites[:1]]
        if not shown:
            parts.append("Nothing.")
        changed = [m for m in meter_views(s, viewer) if m.last_change]
        if changed:
            parts += ["", "<b>Meters that changed</b>"]
            parts += [html(f"{m.label}: {m.value} ({m.last_change:+d})") for m in changed]
        return "<br>".join(parts)

    def item_html(self, item: NewsItem, bullet: str = "") -> str:
        """One news item; an event's headline in bold on its own line."""
        title, text = headline(self.play.game.rules, item)
        if title:
            return f"{bullet}<b>{html(title)}</b><br>{html(text)}"
        return html(f"{bullet}{text}")

    def build(self, rect: pygame.Rect) -> None:
        w, h = min(900, rect.width - 80), min(620, rect.height - 60)
        box = pygame.Rect((rect.width - w) // 2, (rect.height - h) // 2, w, h)
        self.label("Turn report", pygame.Rect(box.x, box.y, w, 40), "#heading")
        text_box(self, self.report_html(), pygame.Rect(box.x, box.y + 44, w, h - 104))
        self.ok = self.button(
            "Back to the table (Enter)", pygame.Rect(box.right - 280, box.bottom - 52, 280, 46)
        )
        self.focus = 0

    def on_button(self, element: Any) -> None:
        if element is self.ok:
            self.app.pop()

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key in (pygame.K_ESCAPE, pygame.K_r):
            self.app.pop()
            return True
        return False
