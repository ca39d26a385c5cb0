"""The ending: epilogue, what actually happened, scores against no deal, the meters over the
game, and the deal-space debrief (every package, the Pareto frontier, the Nash point)."""

from __future__ import annotations

from typing import Any

import pygame
from pygame_gui.elements import UIImage

from game.ui.draw import deal_chart, line_chart
from game.ui.scene import Scene
from game.ui.scenes.common import html, text_box
from game.view import EndingView, ending_view


class EndingScene(Scene):
    """The end of the game."""

    name = "ending"

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        assert app.play is not None
        self.play = app.play
        end = ending_view(self.play.session, self.play.viewer)
        assert end is not None
        self.end: EndingView = end

    def text_html(self) -> str:
        e = self.end
        parts = []
        if e.agreement:
            parts += [f"<b>Agreement:</b> {html(e.agreement)}", ""]
        parts += [
            "<b>Scores</b> (the scenario's scale, beside no deal: what it gives now, or gave at "
            "the start when there was no deal)"
        ]
        parts += [html(s.text()) for s in e.scores]
        if e.limits:
            seed = self.play.session.seed
            parts.append(html(f"Hidden limits: {'; '.join(e.limits)} (seed {seed})."))
        if e.epilogue:
            parts += ["", "<b>Epilogue</b>", html(e.epilogue)]
        if e.history_note:
            # The note itself says how close this ending came ("Not quite what happened: ...").
            parts += ["", "<b>Compared with history</b>", html(e.history_note)]
        ds = e.deal_space
        parts += ["", "<b>The deal space</b>"]
        names = [side.name for side in self.play.game.rules.sides]
        if ds.nash >= 0:
            p = ds.points[ds.nash]
            d = ds.disagreement
            parts.append(html(f"Nash bargaining point: {p.text}."))
            parts.append(
                html(
                    f"(The package that makes the product of both sides' gains over no deal "
                    f"largest. Utilities: {names[0]} {p.u[0]:.1f}, {names[1]} {p.u[1]:.1f}; "
                    f"no deal: {names[0]} {d[0]:.1f}, {names[1]} {d[1]:.1f}.)"
                )
            )
        else:
            parts.append("No package beat the status quo for both sides.")
        n = len(ds.tabled)
        parts.append(
            html(
                f"{len(ds.frontier)} of {len(ds.points)} packages are on the Pareto frontier "
                f"(no other package is better for both sides); {n} "
                f"{'was' if n == 1 else 'were'} tabled in this game."
            )
        )
        return "<br>".join(parts)

    def build(self, rect: pygame.Rect) -> None:
        m = 12
        width, height = rect.width, rect.height
        self.label(f"The end: {self.end.title}", pygame.Rect(m, 8, width - 2 * m, 56), "#title")
        left_w = int(width * 0.40)
        text_box(self, self.text_html(), pygame.Rect(m, 70, left_w, height - 140))
        rx = 2 * m + left_w
        rw = width - rx - m
        ch = (height - 150) // 2
        rules = self.play.game.rules
        series = [(mv.label, mv.history, mv.lo, mv.hi) for mv in self.end.meters[:8]]
        fonts, pal = self.app.fonts, self.app.palette
        self.label("Meters over the game", pygame.Rect(rx, 66, rw, 24), "#small")
        UIImage(
            pygame.Rect(rx, 90, rw, ch - 24),
            line_chart((rw, ch - 24), series, fonts, pal),
            manager=self.app.manager,
            container=self.root,
        )
        self.label(
            "Deal space: every package by both sides' utilities",
            pygame.Rect(rx, 70 + ch, rw, 24),
            "#small",
        )
        names = (rules.sides[0].name, rules.sides[1].name)
        UIImage(
            pygame.Rect(rx, 94 + ch, rw, ch - 24),
            deal_chart((rw, ch - 24), self.end.deal_space, names, fonts, pal),
            manager=self.app.manager,
            container=self.root,
        )
        self.title_b = self.button(
            "Back to the title (Enter)", pygame.Rect(m, height - 60, 300, 48)
        )
        self.save_b = self.button(
            "Save the game (Ctrl+S)", pygame.Rect(m + 312, height - 60, 260, 48)
        )
        self.focus = 0

    def on_button(self, element: Any) -> None:
        if element is self.title_b:
            self.to_title()
        elif element is self.save_b:
            path = self.app.folders.data / f"{self.play.game.rules.scenario_id}-ended.json"
            self.save_b.set_text(self.play.save(path)[:40])

    def to_title(self) -> None:
        from game.ui.scenes.title import TitleScene

        self.app.reset(TitleScene(self.app))

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_ESCAPE:
            self.to_title()
            return True
        if event.key == pygame.K_s and event.mod & pygame.KMOD_CTRL:
            self.on_button(self.save_b)
            return True
        return False
