"""Why a meter has its value: every change since the start, with the rule and its source."""

from __future__ import annotations

from typing import Any

import pygame

from game.ui.scene import Scene
from game.ui.scenes.common import html, text_box
from game.view import meter_views, why_meter


class WhyScene(Scene):
    """A modal: the meters on the left (Up/Down), the causes of the chosen one on the right."""

    modal = True
    name = "why"

    def __init__(self, app: Any, meter: int = 0) -> None:
        super().__init__(app)
        assert app.play is not None
        self.play = app.play
        self.meters = meter_views(self.play.session, self.play.viewer)
        self.index = max(0, min(meter, len(self.meters) - 1))

    def build(self, rect: pygame.Rect) -> None:
        box = rect.inflate(-48, -48)
        self.label(
            "Why? Every change and its cause", pygame.Rect(box.x, box.y, box.width, 40), "#heading"
        )
        lw = int(box.width * 0.30)
        row = max(28, min(40, (box.height - 120) // max(1, len(self.meters))))
        self.meter_buttons: list[Any] = []
        for k, m in enumerate(self.meters):
            b = self.button(
                f"{m.label}: {m.value}", pygame.Rect(box.x, box.y + 48 + k * row, lw, row - 4)
            )
            if k == self.index:
                b.select()
            self.meter_buttons.append(b)
        self.box_text = text_box(
            self,
            self.why_html(),
            pygame.Rect(box.x + lw + 12, box.y + 48, box.width - lw - 12, box.height - 110),
        )
        self.close_b = self.button(
            "Close (Esc)", pygame.Rect(box.right - 180, box.bottom - 52, 180, 46)
        )
        self.focus = self.index

    def why_html(self) -> str:
        if not self.meters:
            return "No meters."
        w = why_meter(self.play.session, self.meters[self.index].index)
        parts = [f"<b>{html(w.label)} is {w.value}</b> (it started at {w.start})"]
        if w.description:
            parts.append(html(w.description))
        if w.source.where:
            parts.append(f"Defined at {html(w.source.where)}")
        parts.append("")
        if not w.lines:
            parts.append("It has not changed.")
        for ln in reversed(w.lines):
            where = f" [{html(ln.source.where)}]" if ln.source.where else ""
            parts.append(
                f"Turn {ln.turn}: {ln.before} → {ln.after} (<b>{ln.after - ln.before:+d}</b>) "
                f"by {html(ln.cause)}{where}"
            )
            parts += [f"    source: {html(c)}" for c in ln.source.cites[:1]]
        return "<br>".join(parts)

    def choose(self, k: int) -> None:
        self.index = k % max(1, len(self.meters))
        self.close()
        self.open(self.rect)

    def on_button(self, element: Any) -> None:
        if element in self.meter_buttons:
            self.choose(self.meter_buttons.index(element))
        elif element is self.close_b:
            self.app.pop()

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key in (pygame.K_ESCAPE, pygame.K_w):
            self.app.pop()
        elif event.key in (pygame.K_UP, pygame.K_DOWN):
            self.choose(self.index + (-1 if event.key == pygame.K_UP else 1))
        else:
            return False
        return True
