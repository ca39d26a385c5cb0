"""Interactive play in a terminal: plain `input()` and `print`, no colours needed.

At each of your decisions you see the date and the turns left, the meters (with their change
since your last decision), the territories, your numbered legal moves with their cost and the
engine's preview, and the package on the table. Type a number, an action in the grammar
(`move <id>`, `table <issue>=<option> ...`), or a command: `table` (the package builder),
`why <meter>`, `undo`, `save [FILE]`, `help`, `quit`. End of input quits cleanly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from game.engine import PH_ANSWER, Game, Observation
from game.files import printable
from game.match import IllegalActionError, RecordError, Session, describe_change, save_game
from game.terminal.textmap import TextMap
from game.terminal.transcript import (
    ending_lines,
    opening_lines,
    side_label,
    step_lines,
    turns_left,
)

HELP = """\
Commands:
  <number>            choose a numbered item of the menu
  move <id>, end      act in words (as in scripts); accept, reject when answering
  table [issue=option ...]   open the package builder (or table a package at once)
  counter [...]       the same when answering a package
  why <meter>         every change of a meter so far, with the rule that caused it
  meters, map, status show the world again
  undo                go back to your previous decision
  save [FILE]         save the game
  help                this text
  quit                leave (asks whether to save)"""


class QuitGameError(Exception):
    """The player leaves."""


class TerminalGame:
    """One interactive match on a text terminal."""

    def __init__(
        self,
        session: Session,
        *,
        players_spec: dict[str, str],
        scenario: str,
        save_path: str | None = None,
        read: Callable[[str], str] = input,
        write: Callable[[str], None] = print,
    ) -> None:
        self.session = session
        self.game: Game = session.game
        self.players_spec = players_spec
        self.scenario = scenario
        self.save_path = save_path
        self._read = read
        self.write = write
        self.humans = {i for i in session.players if session.is_human(i)}
        self.printed = len(session.actions)
        self.last_seen: dict[int, tuple[int, ...]] = {}
        self._seen_stack: list[tuple[int, tuple[int, ...] | None]] = []
        self._map: TextMap | None = None
        self._map_shown: tuple[int, tuple[int, ...]] | None = None

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
        for line in opening_lines(s, self.humans or None) if not s.actions else []:
            self.write(line)
        if s.actions:
            self.write(f"Resuming at turn {s.state.turn} after {len(s.actions)} steps.")
        try:
            while True:
                s.step_bots()
                self.flush_transcript()
                if s.is_over():
                    for line in ending_lines(s):
                        self.write(line)
                    if self.save_path:
                        self.save(self.save_path)
                    return 0
                self.decide()
        except QuitGameError:
            self.write("Goodbye.")
            return 0

    def flush_transcript(self) -> None:
        """Print the steps not yet shown."""
        s = self.session
        for i in range(self.printed, len(s.actions)):
            for line in step_lines(s, i, self.humans):
                self.write(line)
        self.printed = len(s.actions)

    def decide(self) -> None:
        """Show the position and handle commands until the player to move has acted."""
        side = self.game.current_player(self.session.state)
        self.show(side)
        while True:
            raw = self.read(f"{self.game.rules.sides[side].id}> ").strip()
            if not raw:
                self.show_menu(side)
                continue
            if self.command(side, raw):
                return

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
            self.show(side)
        elif word == "map":
            self.show_map(side)
        elif word == "save":
            self.save(rest or self.save_path or "four-islands-save.json")
        elif word == "undo":
            if s.undo():
                side_back, seen = self._seen_stack.pop() if self._seen_stack else (side, None)
                if seen is None:
                    self.last_seen.pop(side_back, None)
                else:
                    self.last_seen[side_back] = seen
                self.printed = min(self.printed, len(s.actions))
                self.write(f"Undone: back to your decision in turn {s.state.turn}.")
                return True
            self.write("Nothing to undo.")
        elif word in ("table", "counter", "package", "build") and not rest:
            return self.builder(side)
        elif raw.isdigit():
            return self.choose_number(side, int(raw))
        else:
            return self.act(side, raw)
        return False

    def act(self, side: int, action: int | str) -> bool:
        """Submit an action for `side`; prints the problem and returns False if illegal."""
        s = self.session
        before = s.state.meters
        try:
            s.submit(action)
        except IllegalActionError as exc:
            self.write(f"Not possible: {exc}")
            return False
        self._seen_stack.append((side, self.last_seen.get(side)))
        self.last_seen[side] = before
        return True

    def menu(self, side: int) -> list[tuple[str, int | None]]:
        """Numbered menu items: (text, action) with None for the package builder."""
        game, state = self.game, self.session.state
        legal = game.legal_actions(state)
        items: list[tuple[str, int | None]] = []
        pkg_actions = [a for a in legal if game.package_of(a) >= 0]
        for a in legal:
            if game.package_of(a) >= 0:
                continue
            items.append((self.describe_action(side, a), a))
        if pkg_actions:
            verb = "counter with a package" if state.phase == PH_ANSWER else "table a package"
            items.append((f"{verb} (the package builder)", None))
        return items

    def describe_action(self, side: int, action: int) -> str:
        """A menu line: the action, its cost and the engine's preview of its effects."""
        game, state = self.game, self.session.state
        text = game.action_to_string(state, action)
        m = game.move_of(action)
        if m < 0:
            return {"end": "end your part of the turn"}.get(text, text)
        move = game.rules.moves[m]
        parts = [f"{move.label} [{text}]"]
        if move.cost:
            parts.append(f"cost {move.cost}")
        if move.once:
            parts.append("once a game")
        line = ", ".join(parts)
        effects = self.preview_text(action)
        return f"{line}\n        {effects}" if effects else line

    def preview_text(self, action: int) -> str:
        """The engine's expected effects of an action, in one line."""
        game = self.game
        p = game.preview(self.session.state, action)
        out = []
        for ln in p.lines:
            if ln.kind == "meter":
                if ln.certain:
                    out.append(f"{ln.label} {ln.high - ln.before:+d}")
                else:
                    out.append(
                        f"{ln.label} {ln.expected - ln.before:+.1f} "
                        f"({ln.low - ln.before:+d}..{ln.high - ln.before:+d})"
                    )
            elif ln.kind == "flag":
                state = "on" if ln.before == 0 else "off"
                chance = "" if ln.certain else f" ({round(ln.p_change * 100)}%)"
                out.append(f"{ln.label}: {state}{chance}")
            else:
                statuses = game.rules.statuses
                viewer = game.current_player(self.session.state)
                key = game.rules.sides[viewer].id if viewer >= 0 else "en"
                name = game.rules.territories[ln.target].name(key)
                chance = "" if ln.certain else f" ({round(ln.p_change * 100)}%)"
                out.append(f"{name}: {statuses[ln.high].label}{chance}")
        for side, p_signal in enumerate(p.p_signal):
            if p_signal > 0:
                who = game.rules.sides[side].name
                pct = "" if p_signal >= 0.999 else f" ({round(p_signal * 100)}%)"
                out.append(f"{who} learns about the other side's limits{pct}")
        if p.p_end > 0:
            out.append(f"ends the game {round(p.p_end * 100)}%")
        return "; ".join(out) if out else "no visible effect"

    def choose_number(self, side: int, n: int) -> bool:
        items = self.menu(side)
        if not 1 <= n <= len(items):
            self.write(f"Choose 1 to {len(items)} (or type `help`).")
            return False
        _, action = items[n - 1]
        if action is None:
            return self.builder(side)
        return self.act(side, action)

    # --- display ----------------------------------------------------------------------------

    def show(self, side: int) -> None:
        """The whole position for `side`: header, meters, map, table, menu."""
        game, state = self.game, self.session.state
        obs = game.observe(state, side)
        self.write("")
        left = turns_left(game, state.turn)
        deadline = "this is the deadline turn" if not left else f"{left} turn(s) to the deadline"
        role = "answer the package" if state.phase == PH_ANSWER else "act"
        self.write(
            f"-- {obs.date or 'turn ' + str(state.turn)}, turn {state.turn} of "
            f"{game.rules.num_turns} ({deadline}): {side_label(game, side)}, you {role} --"
        )
        self.show_meters(side)
        self.show_map(side, brief=True)
        self.show_limits(side, obs)
        if state.phase == PH_ANSWER and state.table >= 0:
            self.write("")
            who = side_label(game, state.tabled_by)
            self.write(f"On the table, from {who}: {game.package_text(state.table)}")
            for line in self.package_analysis(side, obs, state.table):
                self.write(f"  {line}")
        self.show_menu(side)

    def show_meters(self, side: int) -> None:
        game, state = self.game, self.session.state
        r = game.rules
        seen = self.last_seen.get(side)
        self.write("Meters:")
        width = max((len(m.label) for m in r.meters), default=0)
        for i, m in enumerate(r.meters):
            if not m.show:
                continue
            v = state.meters[i]
            delta = ""
            if seen is not None and seen[i] != v:
                delta = f"  ({v - seen[i]:+d} since your last decision)"
            self.write(f"  {m.label.ljust(width)}  {v:>4} {m.unit}".rstrip() + delta)
        on = [f.label for i, f in enumerate(r.flags) if state.flags >> i & 1]
        if on:
            self.write("  Now: " + "; ".join(on))

    def show_map(self, side: int, brief: bool = False) -> None:
        """The map with its legend; with `brief`, one line unless the turn or a status changed."""
        game, state = self.game, self.session.state
        r = game.rules
        if not r.territories:
            return
        key = r.sides[side].id
        if brief and self._map_shown == (state.turn, state.statuses):
            names = [
                f"{t.name(key)}: {r.statuses[st].label}"
                for t, st in zip(r.territories, state.statuses, strict=True)
            ]
            self.write("Islands: " + "; ".join(names) + " (`map` draws them)")
            return
        if self._map is None:
            self._map = TextMap(r)
        self._map_shown = (state.turn, state.statuses)
        self.write("The islands:")
        for line in self._map.render(state.statuses, key):
            self.write(line)

    def show_limits(self, side: int, obs: Observation) -> None:
        game = self.game
        r = game.rules
        info = r.sides[side]
        if obs.own_level >= 0:
            level = info.flex_levels[obs.own_level]
            self.write(
                f"{info.flex_label[:1].upper()}{info.flex_label[1:]} (only you know it): "
                f"{level.label}; your reservation level {obs.own_reservation:.1f}"
            )
        other = r.sides[1 - side]
        self.write(
            f"{other.name}'s reservation level: about {obs.estimate:.1f} ± {obs.spread:.1f} "
            f"({obs.low:.1f}..{obs.high:.1f})"
        )

    def show_menu(self, side: int) -> None:
        self.write("")
        self.write("Your options:")
        for n, (text, _) in enumerate(self.menu(side), 1):
            self.write(f"  {n}. {text}")
        self.write("(`help` for commands, `why <meter>` for causes)")

    # --- packages ---------------------------------------------------------------------------

    def package_analysis(self, side: int, obs: Observation, package: int) -> list[str]:
        """Your utility and margin, and the other side's likely answer (no hidden values)."""
        game, state = self.game, self.session.state
        r = game.rules
        other = 1 - side
        mine = game.utility(state, side, package)
        margin = mine - obs.own_reservation
        own_ratify = game.ratify_odds(state, side, package, game.levels_belief(obs, side))
        theirs = game.utility(state, other, package)
        p_accept = sum(b for b, res in game.reservations(state, other, obs.belief) if theirs >= res)
        p_ratify = game.ratify_odds(state, other, package, obs.belief)
        lines = [
            f"your utility {mine:.1f} (reservation {obs.own_reservation:.1f}, margin "
            f"{margin:+.1f}): your home front ratifies ~{round(own_ratify * 100)}%",
            f"{r.sides[other].name}'s utility {theirs:.1f} against its reservation "
            f"~{obs.estimate:.1f} ± {obs.spread:.1f}: within its limits ~{round(p_accept * 100)}%, "
            f"its home front ratifies ~{round(p_ratify * 100)}%",
        ]
        advice = self.advice(side, package)
        if advice:
            lines.append("your advisors: " + "; ".join(advice))
        return lines

    def advice(self, side: int, package: int) -> list[str]:
        """Each advisor's view of a package against the status quo, by its own values (R7.3)."""
        game, state = self.game, self.session.state
        out = []
        status_quo = game.status_quo
        for i, adv in enumerate(game.rules.sides[side].advisors):
            gain = game.advisor_utility(state, side, i, package)
            if status_quo >= 0:
                gain -= game.advisor_utility(state, side, i, status_quo)
            verdict = "for" if gain > 1 else "against" if gain < -1 else "indifferent"
            out.append(f"{adv.name} {verdict} ({gain:+.1f})")
        return out

    def builder(self, side: int) -> bool:
        """Pick an option per issue, see the numbers, then table (or counter) the package."""
        game, state = self.game, self.session.state
        r = game.rules
        legal = game.legal_actions(state)
        if not any(game.package_of(a) >= 0 for a in legal):
            if state.phase == PH_ANSWER and game.counter_used(state):
                self.write("No counter is possible: there was one already this turn.")
            else:
                self.write("You cannot table a package now.")
            return False
        verb = "counter" if state.phase == PH_ANSWER else "table"
        start = state.table if state.table >= 0 else -1
        choice = list(r.packages[start]) if start >= 0 else [i.status_quo for i in r.issues]
        obs = game.observe(state, side)
        while True:
            self.write("")
            self.write(f"Package builder ({verb}):")
            for k, issue in enumerate(r.issues):
                opts = "  ".join(
                    f"[{j + 1}]{'*' if j == choice[k] else ' '}{o.label}"
                    for j, o in enumerate(issue.options)
                )
                self.write(f"  {k + 1}. {issue.label}: {opts}")
            pkg = game.package_index(tuple(choice))
            if pkg < 0:
                self.write("  This combination is not coherent (forbidden); change it.")
            else:
                for line in self.package_analysis(side, obs, pkg):
                    self.write(f"  {line}")
            self.write(
                "  `<issue#> <option#>` or `issue=option` to change, `ok` to "
                f"{verb} it, `cancel` to go back"
            )
            raw = self.read("package> ").strip()
            low = raw.lower()
            if low in ("cancel", "back", "c"):
                self.show_menu(side)
                return False
            if low in ("ok", "y", "yes", verb, "done"):
                if pkg < 0:
                    self.write("Not coherent: change it first.")
                    continue
                action = game.package_action(pkg)
                if action not in legal:
                    self.write("You cannot table that package now (it is the one on the table).")
                    continue
                return self.act(side, action)
            if not self._edit_choice(raw, choice):
                self.write("Say e.g. `1 2` (issue 1, option 2), `issue=option`, `ok` or `cancel`.")

    def _edit_choice(self, raw: str, choice: list[int]) -> bool:
        r = self.game.rules
        parts = raw.replace(",", " ").split()
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            k, j = int(parts[0]) - 1, int(parts[1]) - 1
            if 0 <= k < len(r.issues) and 0 <= j < len(r.issues[k].options):
                choice[k] = j
                return True
            return False
        changed = False
        for part in parts:
            key, eq, value = part.partition("=")
            if not eq:
                return changed
            for k, issue in enumerate(r.issues):
                if issue.id == key:
                    ids = [o.id for o in issue.options]
                    if value in ids:
                        choice[k] = ids.index(value)
                        changed = True
        return changed

    # --- why, save, quit --------------------------------------------------------------------

    def why(self, meter: str) -> None:
        s = self.session
        r = self.game.rules
        if not meter:
            self.write("why <meter>: meters are " + ", ".join(m.id for m in r.meters))
            return
        if meter.isdigit():
            shown = [i for i, m in enumerate(r.meters) if m.show]
            k = int(meter) - 1
            meter = r.meters[shown[k]].id if 0 <= k < len(shown) else meter
        try:
            entries = s.why(meter)
            i = s.meter_index(meter)
        except KeyError as exc:
            self.write(str(exc).strip("\"'"))
            return
        m = r.meters[i]
        self.write(f"Why {m.label} is {s.state.meters[i]} (start {m.start}):")
        if not entries:
            self.write("  it has not changed.")
        for e in entries:
            self.write(f"  turn {e.turn}: {describe_change(self.game, e.change)}")

    def save(self, path: str) -> None:
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
