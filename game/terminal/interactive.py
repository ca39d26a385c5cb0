"""Interactive play in a terminal: plain `input()` and `print`, no colours needed.

Everything shown comes from `game.view`, the view the desktop game shows too. At the start you read
the briefing and the goal. At each decision you see the date, the meters that changed since your
last decision, your numbered moves under their categories with the engine's preview, the package on
the table and, just above the prompt, the news of the turn and the other side's moves. `status`
shows every meter, `map` the islands, `why <meter>` the causes (with `file:line`), `info N` a
move's description; `table issue=option ...` previews a package and asks before tabling it. Chance
draws and `file:line` appear only with `why` or `--verbose`. End of input quits cleanly.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from game.engine import PH_ACT, PH_ANSWER, Game
from game.files import printable
from game.match import IllegalActionError, RecordError, Session, save_game
from game.terminal.textmap import TextMap
from game.terminal.transcript import side_label
from game.view import (
    BuilderView,
    LimitsView,
    MoveView,
    TableView,
    best_joint_odds,
    briefing_view,
    builder_view,
    by_category,
    ending_view,
    first_decision,
    meter_views,
    news,
    reach_notice,
    start_choice,
    table_view,
    why_meter,
)
from game.view.advice import advisor_lines, answer_model_for

HELP = """\
Commands:
  <number>            choose a numbered item of the menu (numbers shift after each move)
  info <number>       what a move does, in the scenario's words, and its sources
  move <id>, end      act by the move's id, which never shifts (`move j_eight_point_plan`);
                      accept, reject when answering
  table [issue=option ...]   open the package builder (or preview a package, then confirm)
  counter [...]       the same when answering a package
  why <meter>         every change of a meter so far, with the rule and its file:line
  status              every meter, the flags, both sides' limits
  map                 the islands and their status
  moves               every move of your side, with why the others are not available
  advice              what each of your advisors would do now, by its own values
  undo                go back to your previous decision
  save [FILE]         save the game
  help                this text
  quit                leave (asks whether to save)

Words (docs/rules.md has them in full):
  utility             what a package is worth to a side: the sum of its weights for the options
  reservation level   the least utility a side's home front ratifies; it moves with the meters
  margin              your utility minus your reservation: below 0 your home front likely refuses
  within its limits   the chance, as far as you can tell, that it clears the other's reservation
  win-set             the packages a side's home front would ratify
  frontier            the packages no other package beats for both sides at once
  Nash point          the package with the largest product of both sides' gains over no change"""


def wrapped_print(text: str) -> None:
    """Print, each line wider than the terminal broken at spaces, an indented line's
    continuation indented under its text (the game's briefings and news are long single
    lines; a paragraph's continuation stays flush left)."""
    width = max(40, shutil.get_terminal_size().columns - 1)
    for line in text.split("\n"):
        if len(line) <= width:
            print(line)
            continue
        body = line.lstrip()
        indent = line[: len(line) - len(body)]
        print(
            textwrap.fill(
                body,
                width,
                initial_indent=indent,
                subsequent_indent=indent + "  " if indent else "",  # prose: flush left
                break_on_hyphens=False,
                break_long_words=False,
            )
        )


def line_editing() -> None:
    """Arrow keys, history and Ctrl-L at the prompt: importing readline gives `input()` them
    where the platform has it (not on Windows, where the console has its own)."""
    with contextlib.suppress(ImportError):  # a platform without readline
        import readline  # noqa: F401


def _short(cite: str, limit: int = 140) -> str:
    """A citation cut to its first `limit` characters at a space (a source's note can be a
    paragraph: the builder names it, it does not recite it)."""
    if len(cite) <= limit:
        return cite
    return cite[: cite.rfind(" ", 0, limit)].rstrip(" ,;:") + "…"


CLEAR = "\x1b[2J\x1b[H"
"""Clears a terminal's screen (ANSI), so the side handing over leaves nothing to read."""


class QuitGameError(Exception):
    """The player leaves."""


class MenuItem(NamedTuple):
    """One numbered line of the menu: its text, its action (None: the package builder) and the
    heading it is listed under (a move's category; "" for end, accept and reject)."""

    text: str
    action: int | None
    group: str = ""


class TerminalGame:
    """One interactive match on a text terminal."""

    def __init__(
        self,
        session: Session,
        *,
        players_spec: dict[str, str],
        scenario: str,
        save_path: str | None = None,
        verbose: bool = False,
        read: Callable[[str], str] = input,
        write: Callable[[str], None] = wrapped_print,
    ) -> None:
        self.session = session
        self.game: Game = session.game
        self.players_spec = players_spec
        self.scenario = scenario
        self.save_path = save_path
        self.verbose = verbose
        self._read = read
        self.write = write
        self.humans = {i for i in session.players if session.is_human(i)}
        self.shown = len(session.actions)
        """First step whose news has not been shown yet."""
        self._map: TextMap | None = None
        self.answer_model = answer_model_for(session.players)
        """The other side's likely answer, as far as the player may know it."""
        self.known_limits: dict[int, LimitsView] = {}
        """What each human side was last shown of the other's limits (to say what it learned)."""
        self.at_keyboard: int | None = None
        """With two human sides (hot seat), the side last handed the keyboard."""
        self.clear_screen = (
            write is wrapped_print and sys.stdout is not None and sys.stdout.isatty()
        )
        """Whether a hand-over clears the screen (a terminal), or only leaves a blank line."""
        if read is input and sys.stdin is not None and sys.stdin.isatty():
            line_editing()

    # --- input ------------------------------------------------------------------------------

    def read(self, prompt: str) -> str:
        """One line of input; QuitGameError at end of input."""
        try:
            return self._read(printable(prompt))  # input() may write it past sys.stdout
        except EOFError:
            self.write("")
            raise QuitGameError from None

    # --- main loop --------------------------------------------------------------------------

    def run(self) -> int:
        """Play until the end or until the player quits; returns the exit code."""
        s = self.session
        if s.actions:
            self.write(f"Resuming at turn {s.state.turn} after {len(s.actions)} steps.")
            self.shown = 0 if self.verbose else self.shown
        else:
            self.opening()
        try:
            while True:
                s.step_bots()
                if s.is_over():
                    self.show_news(self.viewer())
                    self.show_ending()
                    if self.save_path:
                        self.save(self.save_path)
                    return 0
                self.decide()
        except QuitGameError:
            self.write("Goodbye.")
            return 0
        except KeyboardInterrupt:
            return self.interrupted()

    def interrupted(self) -> int:
        """Ctrl-C: offer to save as `quit` does (a second Ctrl-C leaves at once); exit code
        130, as for any interrupted program."""
        self.write("")
        self.write("Interrupted.")
        with contextlib.suppress(QuitGameError, KeyboardInterrupt):
            self.quit()
        self.write("")
        self.write("Goodbye.")
        return 130

    def viewer(self) -> int:
        """The side whose eyes the screen is: the human to move, else the first human."""
        p = self.session.to_move()
        if p >= 0 and p in self.humans:
            return p
        return min(self.humans) if self.humans else 0

    def opening(self) -> None:
        """The title, who plays whom, the briefing and the goal for each human side."""
        s = self.session
        r = self.game.rules
        # The seed determines every draw, the other side's hidden limit included: shown at the end.
        self.write(f"{r.title} ({r.scenario_id}), seed shown at the end")
        for i in range(len(r.sides)):
            bot = s.players.get(i)
            who = "human" if bot is None else f"bot {getattr(bot, 'name', type(bot).__name__)}"
            self.write(f"  {side_label(self.game, i)}: {who}")
        while self.game.is_chance_node(s.state):  # the opening draws and news (the seed's)
            s.chance_step()  # first, so the briefing's "no deal now" is the ending's "start"
        for side in sorted(self.humans) or [0]:
            self.hand_over(side)
            b = briefing_view(self.game, s.state, side)
            self.write("")
            self.write(f"== Briefing for {b.side_name}: {b.dates} ==")
            for text in (b.situation or b.summary, b.side_briefing, b.goal, b.scoring):
                if text:
                    self.write(text)
                    self.write("")

    def decide(self) -> None:
        """Show the position and handle commands until the player to move has acted."""
        side = self.game.current_player(self.session.state)
        self.hand_over(side)
        self.show(side)
        while True:
            raw = self.read(f"{self.game.rules.sides[side].id}> ").strip()
            if not raw:
                self.show_menu(side, self.view(side))
                continue
            if self.command(side, raw):
                return

    def hand_over(self, side: int) -> None:
        """In a hot-seat game, clear the screen and wait for `side` to take the keyboard before
        showing what only it may see (its room at home, its advisors, its private signals)."""
        if len(self.humans) < 2 or self.at_keyboard == side:
            return
        name = self.game.rules.sides[side].name
        if self.at_keyboard is not None:
            self.write(CLEAR if self.clear_screen else "")
        self.read(f"Hand the keyboard to {name}, then press Enter. ")
        self.at_keyboard = side

    def view(self, side: int, news_from: int | None = None) -> TableView:
        """The view of the table for `side`."""
        return table_view(
            self.session,
            side,
            self.shown if news_from is None else news_from,
            verbose=self.verbose,
            answer_model=self.answer_model,
        )

    # --- commands ---------------------------------------------------------------------------

    def command(self, side: int, raw: str) -> bool:
        """Handle one command; True when an action was made (or undone)."""
        s = self.session
        word, _, rest = raw.partition(" ")
        word = word.lower()
        rest = rest.strip()
        if word in ("help", "?", "h"):
            self.write(HELP)
        elif word in ("quit", "exit", "q"):
            self.quit()
        elif word == "why":
            self.why(rest)
        elif word in ("meters", "status"):
            self.show_status(side, self.view(side))
        elif word == "map":
            self.show_map(side)
        elif word == "info":
            self.info(side, rest)
        elif word == "moves":
            self.show_all_moves(side)
        elif word == "advice":
            self.show_advice(side)
        elif word == "save":
            self.save(rest or self.save_path or "four-islands-save.json")
        elif word == "undo":
            if s.undo():
                self.shown = min(self.shown, len(s.actions))
                self.write(f"Undone: back to your decision in turn {s.state.turn}.")
                self.show_status(side, self.view(side))
                return True
            self.write("Nothing to undo.")
        elif word in ("table", "counter", "package", "build"):
            return self.builder(side) if not rest else self.table_directly(side, raw)
        elif raw.isdigit():
            return self.choose_number(side, int(raw))
        else:
            return self.act(side, raw)
        return False

    def act(self, side: int, action: int | str) -> bool:
        """Submit an action for `side`; prints the problem and returns False if illegal."""
        try:
            self.session.submit(action)
        except IllegalActionError as exc:
            self.write(f"Not possible: {exc}")
            if isinstance(action, str):  # `move X`: say why the move is not open now
                word, _, name = action.strip().partition(" ")
                found = [m for m in self.view(side).moves if m.id == name.strip()]
                if word.lower() == "move" and found and found[0].why_not:
                    self.write(f"  {found[0].label}: {found[0].why_not}.")
            return False
        return True

    def menu(self, side: int, view: TableView) -> list[MenuItem]:
        """Numbered menu items: end/accept/reject first, then the available moves grouped by
        category (in the order the scenario first uses each), then the package builder."""
        game, state = self.game, self.session.state
        words = {
            "end": "end your part of the turn",
            "accept": "accept the package",
            "reject": "reject the package",
        }
        items: list[MenuItem] = []
        for a in game.legal_actions(state):
            if game.move_of(a) < 0 and game.package_of(a) < 0:
                text = game.action_to_string(state, a)
                items.append(MenuItem(words.get(text, text), a))
        for group, moves in by_category(view.moves).items():
            items += [
                MenuItem(self.describe_move(m), m.action, group) for m in moves if m.available
            ]
        if view.can_table:
            verb = "counter with a package" if state.phase == PH_ANSWER else "table a package"
            items.append(MenuItem(f"{verb} (the package builder)", None, "package"))
        return items

    def describe_move(self, m: MoveView) -> str:
        """A menu line: the move, its cost and the engine's preview of its effects."""
        text = f"move {m.id}"
        parts = [f"{m.label} [{text}]"]
        if m.cost:
            parts.append(f"cost {m.cost}")
        if m.once:
            parts.append("once a game")
        line = ", ".join(parts)
        return f"{line}\n        {m.preview}" if m.preview else line

    def choose_number(self, side: int, n: int) -> bool:
        items = self.menu(side, self.view(side))
        if not 1 <= n <= len(items):
            self.write(f"Choose 1 to {len(items)} (or type `help`).")
            return False
        action = items[n - 1].action
        if action is None:
            return self.builder(side)
        return self.act(side, action)

    def info(self, side: int, rest: str) -> None:
        """`info N`: the description and sources of menu item N (or of a move id)."""
        view = self.view(side)
        moves = {m.id: m for m in view.moves}
        target: MoveView | None = moves.get(rest)
        if target is None and rest.isdigit():
            items = self.menu(side, view)
            n = int(rest)
            if 1 <= n <= len(items):
                action = items[n - 1].action
                target = next((m for m in view.moves if m.action == action), None)
                if target is None:
                    self.write(f"{n}. {items[n - 1].text.splitlines()[0]}: no move description.")
                    return
        if target is None:
            if rest.isdigit():
                n = len(self.menu(side, view))
                self.write(f"There is no item {rest}: the menu has items 1 to {n}.")
                return
            self.write("info <number> or info <move id>: a move's description.")
            return
        self.write(f"{target.label} [move {target.id}], {target.category}, cost {target.cost}")
        self.write(f"  {target.description or 'No description in the scenario.'}")
        if target.available:
            self.write(f"  Expected: {target.preview}")
        else:
            self.write(f"  Not available now: {target.why_not}")
        for cite in target.source.cites:
            self.write(f"  Source: {cite}")
        if target.source.where and self.verbose:
            self.write(f"  Written at {target.source.where}")

    # --- display ----------------------------------------------------------------------------

    def show(self, side: int) -> None:
        """The decision screen: header, what changed, the menu, then the news above the prompt."""
        view = self.view(side)
        first = not any(a == side for a in self.session.actors)
        self.write("")
        self.write(self.header(view))
        if first:
            self.known_limits[side] = view.limits
            self.show_status(side, view, menu=False)
        else:
            self.show_changes(view)
        self.show_menu(side, view)
        self.show_news(side, view)
        self.write("(`help` for commands, `info N` about a move, `status`, `map`, `why <meter>`)")

    def header(self, view: TableView) -> str:
        left = view.turns_left
        deadline = "this is the deadline turn" if not left else f"{left} turn(s) to the deadline"
        role = "answer the package" if view.role == "answer" else "act"
        side = side_label(self.game, view.viewer)
        cap = f"; capital {view.capital}" if view.capital >= 0 and view.role == "act" else ""
        return (
            f"-- {view.date or 'turn ' + str(view.turn)}, turn {view.turn} of {view.num_turns} "
            f"({deadline}): {side}, you {role}{cap} --"
        )

    def show_changes(self, view: TableView) -> None:
        """Only the meters that changed since the viewer's last decision, and what it learned of
        the other side's limits (a back channel, a signal: the estimate's spread narrows)."""
        known = self.known_limits.get(view.viewer)
        lim = view.limits
        self.known_limits[view.viewer] = lim
        if known is not None and abs(known.spread - lim.spread) > 1e-9:
            self.write(
                f"You learned more of {lim.other_name}'s limits: reservation level about "
                f"{lim.estimate:.1f} ± {lim.spread:.1f} (was {known.estimate:.1f} ± "
                f"{known.spread:.1f})"
            )
        changed = [m for m in view.meters if m.last_change]
        if not changed:
            return
        width = max(len(m.label) for m in changed)
        self.write("Changed since your last decision:")
        for m in changed:
            self.write(
                f"  {m.label.ljust(width)}  {m.value:>4} {m.unit}".rstrip()
                + f"  ({m.last_change:+d} since your last decision)"
            )

    def show_status(self, side: int, view: TableView, menu: bool = False) -> None:
        """Every meter, the flags, the islands in one line and both sides' limits."""
        width = max((len(m.label) for m in view.meters), default=0)
        scored = any(m.scored for m in view.meters)
        legend = "(+ / - your score rises / falls with it now; * it counts, not at this level)"
        self.write(f"Meters: {legend}" if scored else "Meters:")
        for m in view.meters:
            delta = f"  ({m.last_change:+d} since your last decision)" if m.last_change else ""
            mark = {1: "+", -1: "-", 0: "*"}[m.score_sign] if m.scored else " "
            self.write(f" {mark}{m.label.ljust(width)}  {m.value:>4} {m.unit}".rstrip() + delta)
        if view.flags:
            self.write("  Now: " + "; ".join(view.flags))
        if view.territories:
            names = [f"{t.name}: {t.status}" for t in view.territories]
            self.write("Islands: " + "; ".join(names) + " (`map` draws them)")
        for line in view.limits.lines():
            self.write(line)
        if menu:
            self.show_menu(side, view)

    def show_menu(self, side: int, view: TableView) -> None:
        if view.on_table is not None and view.role == "answer":
            self.write("")
            self.write(f"On the table, from {view.tabled_by}: {view.on_table.text}")
            for line in view.on_table.lines():
                self.write(f"  {line}")
        self.write("")
        self.write("Your options:")
        group = ""
        for n, item in enumerate(self.menu(side, view), 1):
            if item.group != group:
                # A heading per category, so a newcomer finds the kind of move they want; the
                # numbers run on across headings, and `move <id>` works as before.
                group = item.group
                self.write(f"  {group.capitalize()}:")
            self.write(f"{'    ' if group else '  '}{n}. {item.text}")

    def show_news(self, side: int, view: TableView | None = None) -> None:
        """The news since it was last shown, just above the prompt."""
        items = (
            view.news if view is not None else news(self.session, side, self.shown, self.verbose)
        )
        self.shown = len(self.session.actions)
        if not items:
            return
        self.write("")
        self.write("News:")
        for item in items:
            if item.kind == "turn":
                self.write(f"  == {item.text} ==")
                continue
            mark = ">" if item.side >= 0 and item.side != side else " "
            where = f"  [{item.source}]" if item.source else ""
            indent = "    " if item.kind == "change" else "  "
            self.write(f"{indent[:-1]}{mark}{item.text}{where}")
            if self.verbose:
                for cite in item.cites[:1]:
                    self.write(f"      source: {cite}")

    def show_map(self, side: int) -> None:
        """The map with its legend."""
        r = self.game.rules
        if not r.territories:
            self.write("This scenario has no map.")
            return
        if self._map is None:
            self._map = TextMap(r)
        self.write("The islands:")
        for line in self._map.render(self.session.state.statuses, r.sides[side].id):
            self.write(line)

    def show_advice(self, side: int) -> None:
        """Each advisor's recommendation for `side` now (the scenario's advisors, R7.3)."""
        lines = advisor_lines(self.game, self.session.state, side)
        if not lines:
            self.write("Your side has no advisors in this scenario.")
        for name, action, text in lines:
            move = self.game.move_of(action)
            if move >= 0:  # a move by its label, with the id that acts it
                text = f"{self.game.rules.moves[move].label} [{text}]"
            self.write(f"  {name} would: {text}")

    def show_all_moves(self, side: int) -> None:
        """Every move of the side, grouped by category, with why the others are unavailable."""
        view = self.view(side)
        by_cat: dict[str, list[MoveView]] = {}
        for m in view.moves:
            by_cat.setdefault(m.category or "other", []).append(m)
        for cat, moves in by_cat.items():
            self.write(f"{cat}:")
            for m in moves:
                state = "available" if m.available else f"not now: {m.why_not}"
                self.write(f"  {m.label} [move {m.id}], cost {m.cost}: {state}")

    def show_ending(self) -> None:
        """The ending, its epilogue, what happened, and the scores beside no deal."""
        end = ending_view(self.session, self.viewer())
        if end is None:
            return
        self.write("")
        self.write(f"== The end: {end.title} ==")
        if end.agreement:
            self.write(f"Agreement: {end.agreement}")
        if end.epilogue:
            self.write(end.epilogue)
        if end.history_note:
            self.write(f"History: {end.history_note}")
        self.write("Scores: " + ", ".join(f"{s.side} {s.score:.1f}" for s in end.scores))
        if end.limits:
            self.write(f"Hidden limits: {'; '.join(end.limits)} (seed {self.session.seed})")
        for s in end.scores:
            self.write(f"  {s.text()}")
        counted = [m for m in end.meters if m.scored]
        first = first_decision(self.session)
        if counted and first is not None:
            moved = [f"{m.label} {first.meters[m.index]} -> {m.value}" for m in counted]
            self.write(
                f"What {end.scores[self.viewer()].side}'s score counted, from the start: "
                + "; ".join(moved)
            )
        ds = end.deal_space
        if ds.nash >= 0:
            p = ds.points[ds.nash]
            names = [s.name for s in self.game.rules.sides]
            self.write(
                f"The Nash bargaining point was: {p.text} ({names[0]} {p.u[0]:.1f} / "
                f"{names[1]} {p.u[1]:.1f}); {len(ds.frontier)} packages on the frontier."
            )

    # --- packages ---------------------------------------------------------------------------

    def builder(self, side: int, choice: list[int] | None = None) -> bool:
        """Pick an option per issue, see the numbers, then table (or counter) the package."""
        game, state = self.game, self.session.state
        view = self.view(side)
        if not view.can_table:
            if state.phase == PH_ANSWER:
                self.write("No counter is possible: there was one already this turn.")
            else:
                self.write("You cannot table a package now.")
            return False
        choice = choice if choice is not None else start_choice(game, state)
        notice = reach_notice(best_joint_odds(game, state, side))
        if notice:
            self.write(notice)
        while True:
            b = builder_view(game, state, side, tuple(choice), self.answer_model)
            self.write("")
            self.write(f"Package builder ({b.verb}):")
            for issue in b.issues:
                opts = "  ".join(
                    f"[{j + 1}]{'*' if j == issue.chosen else ' '}{o}"
                    for j, o in enumerate(issue.options)
                )
                self.write(f"  {issue.index + 1}. {issue.label}: {opts}")
            self.show_builder_figures(b)
            ids = " ".join(
                f"{game.rules.issues[i.index].id}={game.rules.issues[i.index].options[i.chosen].id}"
                for i in b.issues
            )
            self.write(f"  As one command: {b.verb} {ids}")
            end_part = " (that ends your part of the turn)" if state.phase == PH_ACT else ""
            self.write(
                "  `<issue#> <option#>` or `issue=option` to change, `ok` to "
                f"{b.verb} it{end_part}, `cancel` to go back"
            )
            raw = self.read("package> ").strip()
            low = raw.lower()
            if low in ("cancel", "back", "c"):
                self.show_menu(side, view)
                return False
            if low in ("ok", "y", "yes", b.verb, "done"):
                if b.action < 0:
                    self.write(f"Cannot {b.verb} it: {b.forbidden}.")
                    continue
                return self.act(side, b.action)
            problem = self._edit_choice(raw, choice)
            if problem:
                self.write(problem)

    def show_builder_figures(self, b: BuilderView) -> None:
        if b.analysis is None:
            self.write(f"  Not coherent: {b.forbidden}.")
            if b.rule is not None and b.rule.source.cites:
                cites = "; ".join(_short(c) for c in b.rule.source.cites)
                self.write(f"  The rule draws on: {cites}")
            return
        for line in b.analysis.lines():
            self.write(f"  {line}")
        if b.forbidden:
            self.write(f"  Cannot {b.verb} it now: {b.forbidden}.")

    def table_directly(self, side: int, raw: str) -> bool:
        """`table issue=option ...`: preview the package, then ask before tabling it."""
        game, state = self.game, self.session.state
        choice = start_choice(game, state)
        _, _, rest = raw.partition(" ")
        problem = self._edit_choice(rest, choice)
        if problem:
            self.write(f"Not possible: {problem}")
            return False
        b = builder_view(game, state, side, tuple(choice), self.answer_model)
        pkg_text = game.package_text(b.package) if b.package >= 0 else "this combination"
        self.write(f"{b.verb.capitalize()}: {pkg_text}")
        self.show_builder_figures(b)
        if b.action < 0:
            return False
        if state.phase == PH_ACT:
            self.write("(That ends your part of the turn.)")
        answer = self.read(f"{b.verb.capitalize()} it? [y/N] ").strip().lower()
        if answer in ("y", "yes"):
            return self.act(side, b.action)
        self.write("Not tabled.")
        return False

    def _edit_choice(self, raw: str, choice: list[int]) -> str:
        """Apply `<issue#> <option#>` or `issue=option ...` (a leading `table`/`counter` is
        allowed) to `choice`: all of it, or nothing with what is wrong ('' when applied)."""
        r = self.game.rules
        parts = raw.replace(",", " ").split()
        if parts and parts[0].lower() in ("table", "counter"):
            parts = parts[1:]
        if not parts:
            return "Say e.g. `1 2` (issue 1, option 2), `issue=option`, `ok` or `cancel`."
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            k, j = int(parts[0]) - 1, int(parts[1]) - 1
            if not 0 <= k < len(r.issues):
                return f"There is no issue {k + 1}: the issues are numbered 1 to {len(r.issues)}."
            if not 0 <= j < len(r.issues[k].options):
                n = len(r.issues[k].options)
                return f"Issue {k + 1} ({r.issues[k].label}) has options 1 to {n}."
            choice[k] = j
            return ""
        edits: dict[int, int] = {}
        by_id = {issue.id: k for k, issue in enumerate(r.issues)}
        for part in parts:
            key, eq, value = part.partition("=")
            if not eq:
                return f"`{part}` is not `issue=option` (or say `1 2`, `ok`, `cancel`)."
            k = by_id.get(key, -1)
            if k < 0:
                return f"There is no issue `{key}`; the issues are: {', '.join(by_id)}."
            ids = [o.id for o in r.issues[k].options]
            if value not in ids:
                return f"Issue `{key}` has no option `{value}`; its options are: {', '.join(ids)}."
            edits[k] = ids.index(value)
        for k, j in edits.items():
            choice[k] = j
        return ""

    # --- why, save, quit --------------------------------------------------------------------

    def why(self, meter: str) -> None:
        s = self.session
        r = self.game.rules
        if not meter:
            self.write("why <meter>: meters are " + ", ".join(m.id for m in r.meters))
            return
        if meter.isdigit():  # the k-th meter as `status` lists them
            shown = meter_views(s, self.viewer())
            k = int(meter) - 1
            meter = shown[k].id if 0 <= k < len(shown) else meter
        try:
            i = s.meter_index(meter)
        except KeyError as exc:
            self.write(str(exc).strip("\"'"))
            return
        w = why_meter(s, i)
        self.write(f"Why {w.label} is {w.value} (start {w.start}):")
        if w.description:
            self.write(f"  {w.description}")
        if not w.lines:
            self.write("  it has not changed.")
        for ln in w.lines:
            where = f" ({ln.source.where})" if ln.source.where else ""
            self.write(
                f"  turn {ln.turn}: {w.label}: {ln.before} -> {ln.after} "
                f"({ln.after - ln.before:+d}) by {ln.cause}{where}"
            )
            for cite in ln.source.cites:
                self.write(f"      source: {cite}")

    def save(self, path: str) -> None:
        if path != self.save_path and Path(path).exists():  # another game's save, perhaps
            answer = self.read(f"{path} exists. Replace it? [y/N] ").strip().lower()
            if answer not in ("y", "yes"):
                self.write("Not saved.")
                return
        try:
            save_game(path, self.session, self.players_spec, self.scenario)
        except (OSError, RecordError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            self.write(f"Could not save to {path}: {reason}")
            return
        self.write(f"Saved to {Path(path)}.")

    def quit(self) -> None:
        answer = self.read("Save before quitting? [y/N] ").strip().lower()
        if answer in ("y", "yes"):
            default = self.save_path or "four-islands-save.json"
            path = self.read(f"File [{default}]: ").strip() or default
            self.save(path)
        raise QuitGameError
