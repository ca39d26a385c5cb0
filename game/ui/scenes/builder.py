"""The package builder: one option per issue, the predicted answer, both ratification chances.

Up/Down pick an issue, Left/Right (or a number) pick its option, Enter tables (whatever has the
focus), Esc cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame
from pygame_gui.elements import UIImage

from game.ui.draw import Para
from game.ui.scene import Scene
from game.view import BuilderView, best_joint_odds, builder_view, reach_notice, start_choice


class BuilderScene(Scene):
    """A modal over the table; returns the action that tables the package, or None."""

    modal = True
    name = "builder"

    def __init__(self, app: Any, done: Callable[[int | None], None]) -> None:
        super().__init__(app)
        assert app.play is not None
        self.play = app.play
        self.done = done
        self.choice = start_choice(self.play.game, self.play.session.state)
        self.issue = 0
        self._view: BuilderView | None = None
        self._auto_cancel = -1
        self.best = best_joint_odds(self.play.game, self.play.session.state, self.play.viewer)
        """The best chance any package passes both home fronts, as far as the player can tell."""
        """The focus index when it was moved to Cancel because the package could not be tabled
        (it goes back to "Table it" once the package can be tabled again)."""

    def view(self) -> BuilderView:
        """The figures for the current choice."""
        p = self.play
        if (
            self._view is None
            or self._view.issues[0].chosen != self.choice[0]
            or tuple(i.chosen for i in self._view.issues) != tuple(self.choice)
        ):
            self._view = builder_view(
                p.game, p.session.state, p.viewer, tuple(self.choice), p.answer_model
            )
        return self._view

    def build(self, rect: pygame.Rect) -> None:
        b = self.view()
        m = 24
        box = rect.inflate(-2 * m, -2 * m)
        self.box = box
        # An opaque sheet under the options: the table's text must not show between the buttons.
        sheet_rect = rect.inflate(-8, -8)
        sheet = pygame.Surface(sheet_rect.size)
        sheet.fill(self.app.palette.background)
        self.sheet = UIImage(sheet_rect, sheet, manager=self.app.manager, container=self.root)
        verb = "Counter with a package" if b.verb == "counter" else "Table a package"
        self.label(
            f"{verb}: one option per issue", pygame.Rect(box.x, box.y, box.width, 40), "#heading"
        )
        rules = self.play.game.rules
        issues_w = int(box.width * 0.64)
        label_w = min(200, box.width // 6)
        # Two options a line: option names are long ("Treaty without preconditions").
        lines = [max(1, (len(i.options) + 1) // 2) for i in b.issues]
        line_h = max(26, min(40, (box.height - 130) // max(1, sum(lines)) - 2))
        y = box.y + 48
        self.option_buttons: dict[Any, tuple[int, int]] = {}
        ow = (issues_w - label_w - 8) // 2
        for k, issue in enumerate(b.issues):
            mark = "▶ " if k == self.issue else ""
            row_h = max(lines[k] * line_h, 2 * self.app.fonts.body.get_linesize() + 8)
            self.text_image(
                [("bold" if k == self.issue else "body", f"{mark}{k + 1}. {issue.label}")],
                pygame.Rect(box.x, y, label_w, row_h - 2),
            )
            for j, text in enumerate(issue.options):
                btn = self.button(
                    f"{j + 1}. {text}",
                    pygame.Rect(
                        box.x + label_w + 8 + (j % 2) * ow,
                        y + (j // 2) * line_h,
                        ow - 4,
                        line_h - 4,
                    ),
                    tip=rules.issues[k].options[j].description or text,
                    focus=False,
                    oid="#option",
                )
                if j == issue.chosen:
                    btn.select()
                self.option_buttons[btn] = (k, j)
            y += row_h + 6
        fx = box.x + issues_w + 12
        self.fig_rect = pygame.Rect(fx, box.y + 48, box.right - fx, box.height - 120)
        self.fig_img = self.panel(self.fig_rect, self.paras(b))
        can = b.action >= 0
        self.table_b = self.button(
            f"{'Counter' if b.verb == 'counter' else 'Table'} it (Enter)",
            pygame.Rect(fx, box.bottom - 60, (box.right - fx) // 2 - 6, 48),
        )
        if not can:
            self.table_b.disable()
        half = (box.right - fx) // 2
        self.cancel = self.button(
            "Cancel (Esc)", pygame.Rect(fx + half + 6, box.bottom - 60, half - 6, 48)
        )
        self.focus = 0 if can else 1

    def paras(self, b: BuilderView) -> list[Para]:
        """The figures as styled paragraphs (what `figures` draws)."""
        paras: list[Para] = []
        if b.analysis is None:
            paras.append(("heading", "Not a coherent package"))
            if b.rule is None:
                paras.append(("body", b.forbidden))
            else:
                paras.append(("bold", f"Forbidden by the scenario's rule {b.rule.id}:"))
                paras.append(("body", b.rule.text))
                if b.rule.source.where:
                    paras.append(("small", f"Rule written at {b.rule.source.where}"))
                if b.rule.source.cites:
                    cites = [c if len(c) <= 90 else c[:89] + "…" for c in b.rule.source.cites]
                    paras.append(("small", "Drawn from: " + "; ".join(cites)))
                if b.fixes:
                    paras.append(("bold", "Allowed with one change:"))
                    paras += [("body", f"• {fix}") for fix in b.fixes[:4]]
        else:
            a = b.analysis
            notice = reach_notice(self.best)
            if notice:
                paras.append(("bold", notice))
            paras.append(("heading", "What it would do"))
            paras.append(
                (
                    "bold",
                    f"Likely answer: {a.answer.likely} (accept ~{round(a.answer.p_accept * 100)}%,"
                    f" {a.answer.model})",
                )
            )
            if a.answer.reason:
                paras.append(("body", f"Why: {a.answer.reason}."))
            paras.append(
                (
                    "body",
                    f"Your utility {a.my_utility:.1f}, your reservation {a.my_reservation:.1f}: "
                    f"margin {a.margin:+.1f}. Your home front ratifies "
                    f"~{round(a.my_ratify * 100)}%.",
                )
            )
            paras.append(("body", f"{a.their_text()}."))
            if a.if_ratified:
                paras.append(("body", f"If both home fronts ratified it now: {a.if_ratified}."))
            if a.advisors:
                paras.append(("heading", "Your advisors"))
                paras += [("body", f"{v.name}: {v.verdict} ({v.gain:+.1f})") for v in a.advisors]
            if b.forbidden:
                paras.append(("bold", f"Cannot {b.verb} it now: {b.forbidden}."))
        return paras

    def set_option(self, issue: int, option: int) -> None:
        """Choose an option and show the new figures."""
        rules = self.play.game.rules
        n = len(rules.issues[issue].options)
        self.issue = issue
        self.choice[issue] = option % n
        focus = self.focus
        self.close()
        self.open(self.rect)
        self.focus = min(focus, len(self.focusables) - 1)
        # The focus follows the package: on "Table it" whenever it can be tabled, else Cancel.
        can = self.table_b.is_enabled
        if can and self.focusables[self.focus] is self.cancel and focus == self._auto_cancel:
            self.focus = self.focusables.index(self.table_b)
        if not self.focusables[self.focus].is_enabled:
            self.focus = self.focusables.index(self.cancel)
        self._auto_cancel = self.focus if not can else -1

    def on_button(self, element: Any) -> None:
        if element in self.option_buttons:
            self.set_option(*self.option_buttons[element])
        elif element is self.table_b:
            self.finish(self.view().action)
        elif element is self.cancel:
            self.finish(None)

    def finish(self, action: int | None) -> None:
        """Close the builder and hand the result to the table."""
        if action is not None and action < 0:
            return
        done = self.done
        self.app.pop()
        done(action)

    def handle(self, event: pygame.event.Event) -> bool:
        # Enter does what the button says, "Table it (Enter)", whatever has the focus; while the
        # package cannot be tabled it does nothing (Esc cancels).
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.finish(self.view().action)
            return True
        return super().handle(event)

    def on_key(self, event: pygame.event.Event) -> bool:
        k = event.key
        n_issues = len(self.choice)
        if k == pygame.K_ESCAPE:
            self.finish(None)
        elif k in (pygame.K_UP, pygame.K_DOWN):
            self.issue = (self.issue + (-1 if k == pygame.K_UP else 1)) % n_issues
            self.set_option(self.issue, self.choice[self.issue])
        elif k in (pygame.K_LEFT, pygame.K_RIGHT):
            self.set_option(self.issue, self.choice[self.issue] + (-1 if k == pygame.K_LEFT else 1))
        elif pygame.K_1 <= k <= pygame.K_9:
            j = k - pygame.K_1
            if j < len(self.play.game.rules.issues[self.issue].options):
                self.set_option(self.issue, j)
        else:
            return False
        return True
