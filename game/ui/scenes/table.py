"""The negotiation table: map, meters, moves with previews, the news, the package on the table.

Layout (any window from 1024x640 to 1920x1080): a header; on the left the map (hover an island)
and the meters (hover or click for why); in the middle your moves by category (hover, Tab or a
number for the preview; Enter or a click to make one); on the right the news and what you know
of both sides' limits; at the bottom the actions. The computer decides in a worker thread while
an indicator runs; the window stays responsive.
"""

from __future__ import annotations

from typing import Any

import pygame
import pygame_gui
from pygame_gui.elements import UIImage, UIScrollingContainer

from game.ui.draw import (
    Para,
    fit,
    inside,
    island_map,
    legend,
    meters_panel,
    meters_row_height,
    text_block,
)
from game.ui.play import Play
from game.ui.scene import Scene
from game.ui.scenes.common import headline, news_groups
from game.view import MoveView, TableView, by_category, last_decision, table_view

_SCORE_NOTES = {
    1: "★+ Your score rises with it now.",
    -1: "★− Your score falls as it rises now.",
    0: "★ Your score counts it, not at this level.",
}

_LIGHT_EVERY = 0.3
"""Seconds between refreshes of the news while the other side plays."""
_KEYS_ACT = {pygame.K_t: "table", pygame.K_e: "end", pygame.K_w: "why", pygame.K_r: "report"}
_KEYS_ANSWER = {
    pygame.K_a: "accept",
    pygame.K_x: "reject",
    pygame.K_t: "table",
    pygame.K_w: "why",
    pygame.K_r: "report",
}


class TableScene(Scene):
    """One side at the table."""

    name = "table"

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        assert app.play is not None
        self.play: Play = app.play
        self.view: TableView | None = None
        self._key: tuple[int, int, str] | None = None
        self.hover_move = -1
        self.hover_terr = -1
        self.hover_meter = -1
        self.think_t = 0.0
        self.status = ""
        self.stale = False
        self.since_light = 0.0
        self.meter_start = 0
        """First meter shown (the meters scroll when the window or the text size leaves too
        little room)."""

    # --- the view ---------------------------------------------------------------------------

    def current_view(self) -> TableView:
        """The view for the side at the screen (rebuilt only when the game moved)."""
        p = self.play
        key = (len(p.session.actions), p.viewer, self.app.settings.names)
        if self.view is None or key != self._key:
            s = p.session
            start = self._news_start()
            self.view = table_view(
                s, p.viewer, start, names=self.app.settings.names, answer_model=p.answer_model
            )
            self._key = key
        return self.view

    def _news_start(self) -> int:
        """News from the start of the previous turn."""
        states = self.play.session.states
        turn = states[-1].turn
        for k in range(len(states) - 1, 0, -1):
            if states[k - 1].turn < turn - 1:
                return k - 1
        return 0

    # --- layout -----------------------------------------------------------------------------

    def build(self, rect: pygame.Rect) -> None:
        v = self.current_view()
        app = self.app
        pal, fonts = app.palette, app.fonts
        m = 8
        width, height = rect.width, rect.height
        head_h = 40
        foot_h = 52
        body_top = head_h + m
        body_h = height - head_h - foot_h - 3 * m
        left_w = int(width * 0.31)
        right_w = int(width * 0.30)
        mid_w = width - left_w - right_w - 4 * m
        self.header_label = self.label(
            self.header_fit(v), pygame.Rect(m, 4, width - 2 * m, head_h - 4), "#heading"
        )
        # left: map, legend, hover line, meters
        # The meters get the rows they need; the map takes what is left (at least a third).
        leg_h = fonts.small.get_linesize() + 8
        hover_h = fonts.small.get_linesize() * 2 + 10
        meters_need = len(v.meters) * meters_row_height(fonts) + 2
        map_h = max(
            body_h // 3, min(int(body_h * 0.45), body_h - leg_h - hover_h - meters_need - m)
        )
        self.map_rect = pygame.Rect(m, body_top, left_w, map_h)
        surf, self.polys = island_map(
            self.map_rect.size, self.play.game.rules, v.territories, fonts, pal, self.hover_terr
        )
        self.map_img = UIImage(self.map_rect, surf, manager=app.manager, container=self.root)
        statuses = self.play.game.rules.statuses
        used = sorted({t.status_index for t in v.territories})
        self.legend_img = UIImage(
            pygame.Rect(m, self.map_rect.bottom, left_w, leg_h),
            legend(
                (left_w, leg_h),
                [(statuses[i].label, pal.statuses[i % len(pal.statuses)]) for i in used],
                fonts,
                pal,
            ),
            manager=app.manager,
            container=self.root,
        )
        self.hover_rect = pygame.Rect(m, self.legend_img.rect.bottom, left_w, hover_h)
        self.hover_img = UIImage(
            self.hover_rect, self._hover_surface(), manager=app.manager, container=self.root
        )
        meters_top = self.hover_rect.bottom + m
        self.meters_rect = pygame.Rect(m, meters_top, left_w, body_top + body_h - meters_top)
        surf, self.meter_rows = meters_panel(
            self.meters_rect.size,
            v.meters,
            fonts,
            pal,
            self.hover_meter,
            viewer=v.side_name,
            start=self.meter_start,
        )
        self.meters_img = UIImage(self.meters_rect, surf, manager=app.manager, container=self.root)
        # middle: moves and the preview
        mx = 2 * m + left_w
        prev_h = int(body_h * 0.30)
        self.label(self.moves_title(v), pygame.Rect(mx, body_top, mid_w, 28))
        list_rect = pygame.Rect(mx, body_top + 30, mid_w, body_h - prev_h - 38)
        self.moves_box = UIScrollingContainer(
            list_rect, manager=app.manager, container=self.root, allow_scroll_x=False
        )
        self.move_buttons: list[tuple[Any, MoveView]] = []
        self._build_moves(v, list_rect.width - 20)
        self.preview_rect = pygame.Rect(mx, list_rect.bottom + 8, mid_w, prev_h)
        self.preview_img = self.panel(self.preview_rect, self._preview_paras())
        # right: news and what you know
        rx = mx + mid_w + m
        news_h = int(body_h * 0.55)
        self.news_rect = pygame.Rect(rx, body_top, right_w, news_h)
        self.news_box = self.panel(self.news_rect, self.news_paras(v))
        self.info_rect = pygame.Rect(rx, body_top + news_h + m, right_w, body_h - news_h - m)
        self.info_box = self.panel(self.info_rect, self.info_paras(v))
        # bottom: actions
        self._build_actions(v, pygame.Rect(m, height - foot_h - m, width - 2 * m, foot_h))

    def header_fit(self, v: TableView) -> str:
        """The header, shorter when the window is narrow: without the turn's name and the turns
        left, then cut (a one-line label must not run off the window)."""
        font, room = self.app.fonts.heading, self.rect.width - 32
        text = self.header(v)
        if font.size(text)[0] > room:
            text = fit(font, self.header(v, compact=True), room)
        return text

    def header(self, v: TableView, compact: bool = False) -> str:
        left = "deadline turn" if not v.turns_left else f"{v.turns_left} turns to the deadline"
        label = f" — {v.turn_label}" if v.turn_label else ""
        if compact:
            left, label = ("deadline turn" if not v.turns_left else f"{v.turns_left} left"), ""
        role = {
            "act": "your move",
            "answer": f"{v.tabled_by} tabled a package: answer it",
            "wait": f"{v.to_move or 'the world'} to move",
            "over": "the end",
        }[v.role]
        hot = " · hot-seat" if self.play.hotseat else ""
        return (
            f"{v.side_name} · {v.date} · turn {v.turn} of {v.num_turns}{label} ({left}) · "
            f"{role}{hot}"
        )

    def moves_title(self, v: TableView) -> str:
        if v.role == "act":
            return f"Your moves: capital {v.capital}, {v.moves_left} moves left this turn"
        return "Your moves (when it is your part of the turn)"

    def _build_moves(self, v: TableView, width: int) -> None:
        fonts = self.app.fonts
        row = fonts.body.get_linesize() + 10
        head = fonts.small.get_linesize() + 4
        y = 0
        n = 0
        for cat, moves in by_category(v.moves).items():
            self._box_label(cat.capitalize(), pygame.Rect(0, y, width, head))
            y += head + 2
            for mv in moves:
                n += 1
                key = f"{n}. " if n <= 9 else ""
                cost = f"  ·  cost {mv.cost}" if mv.cost else ""
                mark = "" if mv.available else "  (not now)"
                text = f"{key}{mv.label}{cost}{mark}"
                if fonts.body.size(text)[0] > width - 16:  # the preview has the details
                    text = fit(fonts.body, f"{key}{mv.label}", width - 16)
                b = pygame_gui.elements.UIButton(
                    pygame.Rect(0, y, width, row),
                    text,
                    manager=self.app.manager,
                    container=self.moves_box,
                    object_id="#unavailable" if not mv.available else None,
                )
                self.focusables.append(b)
                self.move_buttons.append((b, mv))
                y += row + 4
        self.moves_box.set_scrollable_area_dimensions((width, max(y, 10)))

    def _box_label(self, text: str, rect: pygame.Rect) -> None:
        pygame_gui.elements.UILabel(
            rect, text, manager=self.app.manager, container=self.moves_box, object_id="#small"
        )

    def _build_actions(self, v: TableView, bar: pygame.Rect) -> None:
        specs: list[tuple[str, str, bool]] = []
        acting = v.role == "act"
        answering = v.role == "answer"
        if answering:
            specs += [("accept", "Accept (A)", True), ("reject", "Reject (X)", True)]
            specs.append(("table", "Counter… (T)", v.can_table))
        else:
            specs.append(("table", "Table… (T)", acting and v.can_table))
            specs.append(("end", "End turn (E)", acting))
        specs += [
            ("why", "Why? (W)", True),
            ("report", "Report (R)", True),
            ("save", "Save (Ctrl+S)", True),
            ("undo", "Undo (Ctrl+Z)", self.play.can_undo()),
            ("menu", "Menu (Esc)", True),
        ]
        n = len(specs)
        think_w = 230
        bw = (bar.width - think_w - 8 * n) // n
        self.actions: dict[Any, str] = {}
        for k, (key, text, ok) in enumerate(specs):
            if self.app.fonts.body.size(text)[0] > bw - 12:
                text = text.split(" (")[0]  # the key stays in the tool tip
            b = self.button(
                text,
                pygame.Rect(bar.x + k * (bw + 8), bar.y, bw, bar.height),
                tip=f"key: {specs[k][1].rpartition('(')[2].rstrip(')')}",
            )
            if not ok:
                b.disable()
            self.actions[b] = key
        self.thinking = self.label(
            "", pygame.Rect(bar.right - think_w, bar.y, think_w, bar.height), "#thinking"
        )

    # --- text -------------------------------------------------------------------------------

    def news_paras(self, v: TableView) -> list[Para]:
        """The news, newest first; the other side's actions marked."""
        paras: list[Para] = [("heading", "News (newest first; R for the turn report)")]
        rules = self.play.game.rules
        for group in reversed(news_groups(rules, v.news)):
            for item in group:
                title, text = headline(rules, item)
                if item.kind == "turn":
                    paras.append(("dim", item.text))
                    continue
                theirs = item.side >= 0 and item.side != v.viewer
                mark = "▶ " if theirs else ""
                if title:
                    paras.append(("bold", f"{mark}{title}"))
                    paras.append(("body", text))
                else:
                    paras.append(("bold" if theirs else "body", f"{mark}{text}"))
        if len(paras) == 1:
            paras.append(("dim", "Nothing yet."))
        return paras

    def info_paras(self, v: TableView) -> list[Para]:
        """What the side knows of both sides' limits, the package on the table, the flags."""
        paras: list[Para] = [("heading", f"What {v.side_name} knows")]
        paras += [("body", line) for line in v.limits.lines()]
        if v.on_table is not None:
            paras.append(("bold", f"The package on the table, from {v.tabled_by}:"))
            paras += [("body", line) for line in v.on_table.lines()]
        advice = self.play.advice()
        if advice:
            paras.append(("bold", "Your advisors would: " + "; ".join(advice)))
        if self.status:
            paras.append(("bold", self.status))
        if self.play.message:
            paras.append(("bold", self.play.message))
        if v.flags:
            paras.append(("dim", "Now: " + "; ".join(v.flags)))
        return paras

    def _preview_paras(self) -> list[Para]:
        paras: list[Para] = []
        mv = (
            self.move_buttons[self.hover_move][1]
            if 0 <= self.hover_move < len(self.move_buttons)
            else None
        )
        v = self.current_view()
        if mv is None and v.on_table is not None and v.role == "answer":
            a = v.on_table
            paras = [
                ("heading", f"{v.tabled_by} proposes"),
                ("body", a.text),
                ("bold", "A to accept, X to reject, T to counter with your own package."),
            ]
        elif mv is None:
            paras = [
                ("heading", "Preview"),
                ("dim", "Hover a move, Tab to it or press its number to see what it does."),
            ]
        else:
            paras.append(("heading", mv.label))
            once = ", once a game" if mv.once else ""
            paras.append(("dim", f"{mv.category} · cost {mv.cost}{once}"))
            if mv.available:
                paras.append(("bold", f"Expected: {mv.preview}"))
            else:
                paras.append(("bold", f"Not available: {mv.why_not}"))
            if mv.description:
                paras.append(("body", mv.description))
            for cite in mv.source.cites[:2]:
                paras.append(("dim", f"Source: {cite}"))
            if mv.source.where:
                paras.append(("dim", f"Rule: {mv.source.where}"))
        return paras

    def _hover_surface(self) -> pygame.Surface:
        v = self.current_view()
        paras: list[Para]
        if 0 <= self.hover_terr < len(v.territories):
            t = v.territories[self.hover_terr]
            paras = [
                ("bold", f"{t.name}: {t.status}"),
                ("dim", f"{t.area_km2:g} km², population {t.population:,}. {t.description}"),
            ]
        elif 0 <= self.hover_meter < len(v.meters):
            mt = v.meters[self.hover_meter]
            paras = [
                # the box has two small lines: a scored meter's note takes the second
                (
                    "small" if mt.scored else "bold",
                    f"{mt.label}: {mt.value} (range {mt.lo}..{mt.hi})",
                ),
                *([("small", _SCORE_NOTES[mt.score_sign])] if mt.scored else []),
                ("dim", (mt.description or "") + " Click for why."),
            ]
        else:
            paras = [("dim", "Hover an island or a meter; click a meter to see why it moved.")]
        return text_block(self.hover_rect.size, paras, self.app.fonts, self.app.palette, pad=4)

    # --- events -----------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_ON_HOVERED:
            for k, (b, _) in enumerate(self.move_buttons):
                if b is event.ui_element:
                    self.set_hover_move(k)
                    return True
        if event.type == pygame.MOUSEMOTION:
            self.mouse_at(event.pos)
        if event.type == pygame.MOUSEWHEEL and self.meters_rect.collidepoint(
            pygame.mouse.get_pos()
        ):
            self.scroll_meters(-event.y)
            return True
        if (
            event.type == pygame.MOUSEBUTTONUP
            and event.button == 1
            and self.meters_rect.collidepoint(event.pos)
            and self.hover_meter >= 0
        ):
            self.open_why(self.hover_meter)
            return True
        return super().handle(event)

    def scroll_meters(self, step: int) -> None:
        """Show the meters from another row."""
        shown = len(self.meter_rows)
        total = len(self.current_view().meters)
        start = max(0, min(total - shown, self.meter_start + step))
        if start != self.meter_start:
            self.meter_start = start
            self.hover_meter = -2  # force a redraw
            self.mouse_at((-1, -1))

    def set_hover_move(self, k: int) -> None:
        """Show the preview of move button `k`."""
        if k != self.hover_move:
            self.hover_move = k
            self.preview_img.set(self._preview_paras())

    def mouse_at(self, pos: tuple[int, int]) -> None:
        """Hover details for the map and the meters."""
        terr = -1
        if self.map_rect.collidepoint(pos):
            p = (pos[0] - self.map_rect.x, pos[1] - self.map_rect.y)
            for k, rings in enumerate(self.polys):
                if any(inside(p, ring) for ring in rings):
                    terr = k
                    break
        meter = -1
        if self.meters_rect.collidepoint(pos):
            p = (pos[0] - self.meters_rect.x, pos[1] - self.meters_rect.y)
            meter = next((k for k, r in self.meter_rows if r.collidepoint(p)), -1)
        if terr != self.hover_terr:
            self.hover_terr = terr
            v = self.current_view()
            surf, self.polys = island_map(
                self.map_rect.size,
                self.play.game.rules,
                v.territories,
                self.app.fonts,
                self.app.palette,
                terr,
            )
            self.map_img.set_image(surf)
            self.hover_img.set_image(self._hover_surface())
        if meter != self.hover_meter:
            self.hover_meter = meter
            surf, self.meter_rows = meters_panel(
                self.meters_rect.size,
                self.current_view().meters,
                self.app.fonts,
                self.app.palette,
                meter,
                viewer=self.current_view().side_name,
                start=self.meter_start,
            )
            self.meters_img.set_image(surf)
            self.hover_img.set_image(self._hover_surface())

    def on_focus(self) -> None:
        b = self.focusables[self.focus]
        for k, (mb, _) in enumerate(self.move_buttons):
            if mb is b:
                self.set_hover_move(k)

    def on_button(self, element: Any) -> None:
        for k, (b, mv) in enumerate(self.move_buttons):
            if b is element:
                self.set_hover_move(k)
                if mv.available and self.current_view().role == "act":
                    self.submit(mv.action)
                return
        key = self.actions.get(element)
        if key is not None:
            self.do(key)

    def do(self, key: str) -> None:
        """One of the bottom-bar actions."""
        v = self.current_view()
        if key in ("end", "accept", "reject"):
            allowed = v.role == ("act" if key == "end" else "answer")
            action = self.named_action(key) if allowed else -1
            if action >= 0:
                self.submit(action)
        elif key == "table":
            if v.can_table:
                from game.ui.scenes.builder import BuilderScene

                self.app.push(BuilderScene(self.app, self.on_built))
        elif key == "why":
            self.open_why(max(0, self.hover_meter))
        elif key == "report":
            self.open_report()
        elif key == "save":
            self.save()
        elif key == "undo":
            if self.play.undo():
                self.status = "Undone: back to your previous decision."
                self.app.rebuild()
        elif key == "menu":
            self.app.pop()

    def named_action(self, word: str) -> int:
        """The legal action whose text is `word` (end, accept, reject), or -1."""
        game, state = self.play.game, self.play.session.state
        for a in game.legal_actions(state):
            if game.action_to_string(state, a) == word:
                return a
        return -1

    def on_built(self, action: int | None) -> None:
        """The package builder closed: table the package if one was chosen."""
        if action is not None:
            self.submit(action)

    def submit(self, action: int) -> None:
        """A decision of the side at the screen."""
        self.status = ""
        self.play.submit(action)
        self.app.sound.click()
        self.after_change()

    def save(self) -> None:
        import datetime

        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        rules = self.play.game.rules
        path = self.app.folders.data / f"{rules.scenario_id}-{stamp}.json"
        self.status = self.play.save(path)
        self.info_box.set(self.info_paras(self.current_view()))

    def open_why(self, meter: int) -> None:
        from game.ui.scenes.why import WhyScene

        self.app.push(WhyScene(self.app, meter))

    def open_report(self) -> None:
        from game.ui.scenes.report import ReportScene

        self.app.push(ReportScene(self.app))

    def on_key(self, event: pygame.event.Event) -> bool:
        k = event.key
        ctrl = event.mod & pygame.KMOD_CTRL
        if k == pygame.K_ESCAPE:
            self.do("menu")
            return True
        if ctrl and k == pygame.K_s:
            self.do("save")
            return True
        if ctrl and k == pygame.K_z:
            self.do("undo")
            return True
        if pygame.K_1 <= k <= pygame.K_9:
            n = k - pygame.K_1
            if n < len(self.move_buttons):
                b = self.move_buttons[n][0]
                self.focus = self.focusables.index(b)
                self.set_hover_move(n)
            return True
        if k in (pygame.K_UP, pygame.K_DOWN) and self.move_buttons:
            n = self.hover_move + (-1 if k == pygame.K_UP else 1)
            n %= len(self.move_buttons)
            self.focus = self.focusables.index(self.move_buttons[n][0])
            self.set_hover_move(n)
            return True
        keys = _KEYS_ANSWER if self.current_view().role == "answer" else _KEYS_ACT
        if k in keys:
            self.do(keys[k])
            return True
        return False

    # --- time -------------------------------------------------------------------------------

    def update(self, dt: float) -> None:
        play = self.play
        self.since_light += dt
        if play.advance():
            if play.human_to_move() >= 0 or play.is_over():
                self.after_change()
                return
            self.stale = True
        if self.stale and self.since_light >= _LIGHT_EVERY:
            self.refresh_light()
        if play.thinking:
            self.think_t += dt
            dots = "." * (1 + int(self.think_t * 3) % 3)
            who = play.game.rules.sides[play.session.to_move()].name
            text = f"{who} is deliberating{dots}"
            if self.thinking.text != text:
                self.thinking.set_text(text)
        elif self.thinking.text:
            self.thinking.set_text("")

    def refresh_light(self) -> None:
        """While the other side plays: only the header and the news (no full rebuild)."""
        self.stale = False
        self.since_light = 0.0
        self.meter_start = 0
        """First meter shown (the meters scroll when the window or the text size leaves too
        little room)."""
        v = self.current_view()
        self.header_label.set_text(self.header_fit(v))
        self.news_box.set(self.news_paras(v))

    def after_change(self) -> None:
        """The game moved: the ending, a hand-over, a turn report, or the table again."""
        play = self.play
        if play.is_over():
            from game.ui.scenes.ending import EndingScene

            self.app.replace(EndingScene(self.app))
            return
        side = play.human_to_move()
        if play.hotseat and side >= 0 and side != play.viewer:
            from game.ui.scenes.common import HandOverScene

            self.app.replace(HandOverScene(self.app, side))
            return
        self.close()
        self.open(self.rect)
        if side >= 0 and side == play.viewer:
            self.maybe_report()

    def maybe_report(self) -> None:
        """Open the turn report when a new turn begins for the side at the screen."""
        play = self.play
        s = play.session
        turn = s.state.turn
        if play.reported.get(play.viewer, 1) >= turn:
            return
        play.reported[play.viewer] = turn
        if last_decision(s, play.viewer) >= 0:
            self.open_report()
