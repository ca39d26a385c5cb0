"""Choose a scenario (shipped or a file), read its briefing, pick a side, difficulty, hot-seat."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pygame
from pygame_gui.elements import UIButton, UIScrollingContainer, UITextEntryLine

from game.engine import Game, Rules
from game.scenario import ScenarioEntry, list_scenarios, list_user_scenarios
from game.ui.draw import fit
from game.ui.play import DIFFICULTIES, LoadError, Play, rules_of
from game.ui.scene import Scene
from game.ui.scenes.common import html, text_box
from game.ui.scenes.title import start_play
from game.view import briefing_view

HOTSEAT = -1


class SelectScene(Scene):
    """The scenario screen."""

    name = "select"

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        shipped = [e for e in list_scenarios() if e.valid]
        # The user's own scenarios (`four-islands new`), after the shipped ones and marked apart;
        # a broken one too: choosing it shows its diagnostics (and Start stays off).
        mine = list_user_scenarios()
        self.entries = [(e.id, e.title, str(e.path)) for e in (*shipped, *mine)]
        """(id, title, path) of each scenario in the list."""
        self.labels = list_labels(shipped, mine)
        """The list buttons' texts, one per entry."""
        self.shipped = len(shipped)
        """Entries before this one are shipped; the rest are the user's."""
        self.index = 0
        self.custom: str | None = None
        self.side = 0
        self.difficulty = "normal"
        self.rules: Rules | None = None
        self.error = ""
        self._load()

    def reload(self) -> None:
        """Load the chosen scenario again (after `custom` changed)."""
        self._load()

    def _ref(self) -> str:
        if self.custom is not None:
            return self.custom
        return self.entries[self.index][2] if self.entries else ""

    def _load(self) -> None:
        self.rules, self.error = None, ""
        ref = self._ref()
        if not ref:
            self.error = "No scenario found."
            return
        try:
            self.rules = rules_of(ref)
        except LoadError as exc:
            self.error = str(exc)

    def briefing_text(self) -> str:
        """The briefing of the chosen scenario for the chosen side (or the diagnostics)."""
        if self.rules is None:
            return "<b>This scenario cannot be played.</b><br><br>" + html(self.error)
        game = Game(self.rules)
        side = 0 if self.side == HOTSEAT else self.side
        b = briefing_view(game, game.new_initial_state(), side)
        parts = [f"<b>{html(b.title)}</b>", html(b.dates), "", html(b.summary)]
        if b.situation:
            parts += ["", html(b.situation)]
        sides = [0, 1] if self.side == HOTSEAT else [side]
        for k in sides:
            bk = briefing_view(game, game.new_initial_state(), k)
            parts += ["", f"<b>{html(bk.side_name)}</b>: {html(bk.side_briefing)}"]
        parts += ["", f"<b>Goal.</b> {html(b.goal)}", "", html(b.scoring)]
        if b.actors:
            parts += ["", "<b>Actors</b>"]
            parts += [
                html(f"{a.name}: {a.role}" + (f" ({a.side})" if a.side else "")) for a in b.actors
            ]
        if b.sources:
            parts += ["", "<b>Sources</b>"]
            parts += [html(f"• {s}") for s in b.sources]
        return "<br>".join(parts)

    def build(self, rect: pygame.Rect) -> None:
        m = 16
        left_w = int(rect.width * 0.27)
        right_w = int(rect.width * 0.24)
        mid_w = rect.width - left_w - right_w - 4 * m
        self.label("Choose a scenario", pygame.Rect(m, 8, rect.width - 2 * m, 50), "#title")
        y = 70
        self.label("Scenarios (Up/Down)", pygame.Rect(m, y, left_w, 30), "#heading")
        y += 34
        self.scen_buttons: list[Any] = []
        # The list scrolls when there are more scenarios than room (the user's own can be many).
        list_h = rect.height - 140 - y
        scrolls = len(self.entries) * 50 > list_h
        bw = left_w - 20 if scrolls else left_w
        self.scen_list = UIScrollingContainer(
            pygame.Rect(m, y, left_w, list_h),
            manager=self.app.manager,
            container=self.root,
            allow_scroll_x=False,
        )
        for k, (_sid, title, path) in enumerate(self.entries):
            b: Any = UIButton(
                pygame.Rect(0, k * 50, bw, 44),
                fit_label(self.app.fonts.body, self.labels[k], bw - 16),
                manager=self.app.manager,
                container=self.scen_list,
                tool_tip_text=f"{title} ({path})" if k >= self.shipped else title,
            )
            self.focusables.append(b)
            if k == self.index and self.custom is None:
                b.select()
            self.scen_buttons.append(b)
        self.scen_list.set_scrollable_area_dimensions((bw, max(1, len(self.entries) * 50 - 6)))
        if scrolls and self.custom is None:
            top = max(0, self.index * 50 - list_h // 2)
            span = max(1, len(self.entries) * 50 - 6)
            bar = self.scen_list.vert_scroll_bar
            if bar is not None:
                bar.set_scroll_from_start_percentage(top / span)
        y += list_h
        self.label("Or open a scenario file:", pygame.Rect(m, y, left_w, 30), "#small")
        self.path = UITextEntryLine(
            pygame.Rect(m, y + 32, left_w, 40),
            manager=self.app.manager,
            container=self.root,
            placeholder_text="path/to/scenario.yaml",
        )
        if self.custom:
            self.path.set_text(self.custom)
        self.open_b = self.button("Open the file", pygame.Rect(m, y + 78, left_w, 40))
        bx = 2 * m + left_w
        self.briefing = text_box(
            self, self.briefing_text(), pygame.Rect(bx, 70, mid_w, rect.height - 90)
        )
        rx = bx + mid_w + m
        y = 70
        self.label("You play", pygame.Rect(rx, y, right_w, 30), "#heading")
        y += 34
        self.side_buttons: dict[Any, int] = {}
        sides = self.rules.sides if self.rules is not None else ()
        for k, s in enumerate(sides):
            b = self.button(f"{s.name} ({k + 1})", pygame.Rect(rx, y, right_w, 42))
            self.side_buttons[b] = k
            y += 48
        b = self.button(
            "Hot-seat: two players (3)",
            pygame.Rect(rx, y, right_w, 42),
            tip="Two people, one screen: a hand-over screen hides each side's private figures",
        )
        self.side_buttons[b] = HOTSEAT
        y += 62
        self.label("The computer plays", pygame.Rect(rx, y, right_w, 30), "#heading")
        y += 34
        self.diff_buttons: dict[Any, str] = {}
        for d in DIFFICULTIES:
            b = self.button(f"{d} ({d[0].upper()})", pygame.Rect(rx, y, right_w, 42))
            self.diff_buttons[b] = d
            y += 48
        self.start = self.button("Start (Enter)", pygame.Rect(rx, rect.height - 130, right_w, 50))
        self.back = self.button("Back (Esc)", pygame.Rect(rx, rect.height - 70, right_w, 44))
        for b, k in self.side_buttons.items():
            if k == self.side:
                b.select()
        for b, d in self.diff_buttons.items():
            if d == self.difficulty:
                b.select()
            if self.side == HOTSEAT:
                b.disable()
        if self.rules is None:
            self.start.disable()
        if not 0 <= self.focus < len(self.focusables) or not self.focusables[self.focus].is_enabled:
            self.focus = self.focusables.index(self.start) if self.rules else 0

    def refresh(self) -> None:
        """Build again after a choice (keeps the focus on the same button)."""
        focus = self.focus
        self.close()
        self.open(self.rect)
        self.focus = min(focus, len(self.focusables) - 1)

    def choose_scenario(self, k: int) -> None:
        """Show scenario `k`."""
        if not self.entries:
            return
        self.index = k % len(self.entries)
        self.custom = None
        self._load()
        self.side = min(self.side, len(self.rules.sides) - 1) if self.rules else 0
        self.refresh()

    def on_button(self, element: Any) -> None:
        if element in self.scen_buttons:
            self.choose_scenario(self.scen_buttons.index(element))
        elif element is self.open_b:
            text = self.path.get_text().strip()
            if text:
                self.custom = text
                self._load()
                self.refresh()
        elif element in self.side_buttons:
            self.side = self.side_buttons[element]
            self.refresh()
        elif element in self.diff_buttons:
            self.difficulty = self.diff_buttons[element]
            self.refresh()
        elif element is self.back:
            self.app.pop()
        elif element is self.start:
            self.begin()

    def begin(self) -> None:
        """Start the game."""
        if self.rules is None:
            return
        humans = {0, 1} if self.side == HOTSEAT else {self.side}
        try:
            play = Play.new(self._ref(), humans, self.difficulty, self.app.folders)
        except LoadError as exc:
            self.error = str(exc)
            self.refresh()
            return
        start_play(self.app, play)

    def on_key(self, event: pygame.event.Event) -> bool:
        k = event.key
        if k == pygame.K_ESCAPE:
            self.app.pop()
        elif k in (pygame.K_UP, pygame.K_DOWN):
            self.choose_scenario(self.index + (-1 if k == pygame.K_UP else 1))
        elif k in (pygame.K_1, pygame.K_2) and self.rules is not None:
            self.side = min(k - pygame.K_1, len(self.rules.sides) - 1)
            self.refresh()
        elif k == pygame.K_3:
            self.side = HOTSEAT
            self.refresh()
        elif k in (pygame.K_e, pygame.K_n, pygame.K_h):
            self.difficulty = {pygame.K_e: "easy", pygame.K_n: "normal", pygame.K_h: "hard"}[k]
            self.refresh()
        else:
            return False
        return True


def short_title(title: str, tail: str, mark: str = "") -> tuple[str, str]:
    """A list button's text as (name, rest): the title without its place-and-date aside, then
    `mark` and `tail` (the start month; the whole title is the button's tooltip and heads the
    briefing). A button too narrow cuts the name, never the rest."""
    head, paren, _rest = title.partition(" (")
    head = head if paren else title
    rest = f" {mark}" if mark else ""
    return head, f"{rest} · {tail}" if tail else rest


def list_labels(shipped: list[ScenarioEntry], mine: list[ScenarioEntry]) -> list[tuple[str, str]]:
    """The scenario list's texts: each of the user's marked "(yours)", or "(yours, broken)" when
    it fails a check (choosing it shows the diagnostics); where two would read the same, the
    file's name instead of the month."""
    marks = [""] * len(shipped) + ["(yours)" if e.valid else "(yours, broken)" for e in mine]
    everyone = [*shipped, *mine]
    labels = [
        short_title(e.title, e.start_date[:7], m) for e, m in zip(everyone, marks, strict=True)
    ]
    seen = Counter(labels)
    return [
        short_title(e.title, e.path.name, m) if seen[text] > 1 else text
        for text, e, m in zip(labels, everyone, marks, strict=True)
    ]


def fit_label(font: pygame.font.Font, label: tuple[str, str], width: int) -> str:
    """A (name, rest) label in `width` pixels: the name cut first."""
    name, rest = label
    room = width - font.size(rest)[0]
    if font.size(name + rest)[0] <= width or room < font.size("Ab…")[0]:
        return fit(font, name + rest, width)
    return fit(font, name, room) + rest
