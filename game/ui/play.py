"""One game in the desktop front end: the session, who plays which side, the computer's
decisions off the UI thread, hot-seat hand-overs, undo, saves and the autosave.

It drives a `game.match.Session` (which plays on the one runner of `game.match`): chance draws
and bot decisions come from the runner's own draws, so a game played here replays exactly.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from game.ai.base import Bot
from game.engine import Game, Rules
from game.match import (
    RecordError,
    Session,
    UnknownBotError,
    make_bot,
    read_save,
    save_game,
    session_from_record,
)
from game.scenario import ScenarioError, find_scenario, load_rules
from game.ui.settings import Folders
from game.ui.worker import BotWorker
from game.view import AnswerModel
from game.view.advice import advisor_lines, answer_model_for

DIFFICULTIES = ("easy", "normal", "hard")
FALLBACK_BOT = "rules"
_CHANCE_STEPS_PER_FRAME = 64


class LoadError(Exception):
    """A save or a scenario that cannot be loaded; the message is shown on screen."""


def bot_for(difficulty: str) -> tuple[Bot, str]:
    """The computer opponent of a difficulty, and its spec (falls back to the rules bot)."""
    try:
        return make_bot(difficulty), difficulty
    except UnknownBotError:
        return make_bot(FALLBACK_BOT), FALLBACK_BOT


def scenario_path(ref: str) -> str:
    """The real path of a shipped scenario id or a file."""
    p = Path(ref)
    if p.suffix in (".yaml", ".yml") or p.exists():
        return str(p.resolve())
    try:
        return str(find_scenario(ref).resolve())
    except ScenarioError:
        return ref


_RULES: dict[tuple[str, float], Rules] = {}


def rules_of(ref: str) -> Rules:
    """Load a scenario (cached while the file is unchanged); LoadError when it is broken."""
    path = scenario_path(ref)
    try:
        key = (path, Path(path).stat().st_mtime)
    except OSError:
        key = (path, -1.0)
    cached = _RULES.get(key)
    if cached is not None:
        return cached
    try:
        rules = load_rules(ref)
        _RULES[key] = rules
        return rules
    except ScenarioError as exc:
        lines = [d.render() for d in exc.diagnostics[:6]] or [str(exc)]
        raise LoadError("\n".join(lines)) from None
    except OSError as exc:
        raise LoadError(f"{ref}: {exc.strerror or exc}") from None


@dataclass(frozen=True, slots=True)
class Setup:
    """How a game was set up."""

    scenario: str
    """The scenario's real path (kept in saves so a resume finds it)."""
    players: dict[str, str]
    """Side id -> `human` or a bot spec."""
    difficulty: str


class Play:
    """A game in progress."""

    def __init__(self, session: Session, setup: Setup, folders: Folders) -> None:
        self.session = session
        self.game: Game = session.game
        self.setup = setup
        self.folders = folders
        self.humans = sorted(i for i in session.players if session.is_human(i))
        self.viewer = self.humans[0] if self.humans else 0
        self.worker = BotWorker()
        self.message = ""
        self._saved_steps = -1
        self.reported: dict[int, int] = {}
        """Per human side: the last turn whose report it was shown."""
        self.answer_model: AnswerModel = answer_model_for(session.players)
        """The AI's answer model, as the package builder shows it."""

    # --- making one -------------------------------------------------------------------------

    @classmethod
    def new(
        cls,
        scenario: str,
        humans: set[int],
        difficulty: str,
        folders: Folders,
        seed: int | None = None,
    ) -> Play:
        """A new game: `humans` are the sides people play (both: hot-seat)."""
        rules = rules_of(scenario)
        game = Game(rules)
        players: dict[int, Bot | None] = {}
        spec: dict[str, str] = {}
        for i, side in enumerate(rules.sides):
            if i in humans:
                players[i], spec[side.id] = None, "human"
            else:
                players[i], spec[side.id] = bot_for(difficulty)
        session = Session(game, secrets.randbelow(2**31) if seed is None else seed, players)
        return cls(session, Setup(scenario_path(scenario), spec, difficulty), folders)

    @classmethod
    def load(cls, path: str | Path, folders: Folders) -> Play:
        """A saved game; LoadError (never a traceback) when the file or its scenario is bad."""
        try:
            save = read_save(path)
        except RecordError as exc:
            raise LoadError(str(exc)) from None
        ref = save.scenario or save.record.scenario_id
        rules = rules_of(ref)
        game = Game(rules)
        difficulty = "normal"
        players: dict[int, Bot | None] = {}
        for i, side in enumerate(rules.sides):
            who = save.players.get(side.id, "human")
            if who.lower() == "human":
                players[i] = None
            else:
                if who in DIFFICULTIES:
                    difficulty = who
                players[i] = bot_for(who)[0]
        try:
            session = session_from_record(save.record, game, players)
        except RecordError as exc:
            raise LoadError(f"{path}: {exc}") from None
        setup = Setup(scenario_path(ref), dict(save.players), difficulty)
        return cls(session, setup, folders)

    # --- state ------------------------------------------------------------------------------

    @property
    def hotseat(self) -> bool:
        """True when people play both sides."""
        return len(self.humans) > 1

    @property
    def thinking(self) -> bool:
        """True while the computer is deciding."""
        return self.worker.busy

    def human_to_move(self) -> int:
        """The human side to move now, or -1."""
        s = self.session
        p = s.to_move()
        return p if p >= 0 and s.is_human(p) and not s.is_over() else -1

    def is_over(self) -> bool:
        """True at the end."""
        return self.session.is_over()

    # --- advancing --------------------------------------------------------------------------

    def advance(self) -> bool:
        """Resolve draws and the computer's decisions (off the UI thread); True if it moved."""
        s, game = self.session, self.game
        moved = False
        for _ in range(_CHANCE_STEPS_PER_FRAME):
            if s.is_over():
                break
            if game.is_chance_node(s.state):
                s.chance_step()
                moved = True
                continue
            p = s.to_move()
            if s.is_human(p):
                break
            if self.worker.done():
                action = self.worker.result()
                if action is not None:
                    s.submit(action)
                    moved = True
                continue
            if not self.worker.busy:
                self._think(p)
            break
        if moved and (self.human_to_move() >= 0 or s.is_over()):
            self.autosave()
        return moved

    def _think(self, side: int) -> None:
        s = self.session
        bot = s.players[side]
        assert bot is not None
        state, game = s.state, self.game
        # The generator the runner itself would hand the bot at this decision.
        runner = s.runner
        rng = runner.draws.bot_rng(side, runner.decisions[side])

        def decide(cancel: threading.Event) -> int:
            return bot.choose(game, state, side, rng)

        self.worker.start(decide)

    def submit(self, action: int) -> None:
        """A human decision."""
        self.session.submit(action)
        self.autosave()

    def advice(self) -> list[str]:
        """Each advisor's recommendation for the side at the screen, when it decides now (from
        the AI's advisors, once they exist; empty otherwise)."""
        s = self.session
        if s.to_move() != self.viewer or s.is_over():
            return []
        return [
            f"{name}: {self.action_words(action, text)}"
            for name, action, text in advisor_lines(self.game, s.state, self.viewer)
        ]

    def action_words(self, action: int, text: str) -> str:
        """An action as a player reads it: a move's label, a package's options, end, accept."""
        game = self.game
        move = game.move_of(action)
        if move >= 0:
            return game.rules.moves[move].label
        package = game.package_of(action)
        if package >= 0:
            return f"table {game.package_text(package)}"
        return {"end": "end the turn"}.get(text, text)

    def can_undo(self) -> bool:
        """Undo at every level, as in the terminal: back to the previous human decision (not
        while the computer is deciding)."""
        return self.session.can_undo() and not self.thinking

    def undo(self) -> bool:
        """Back to the previous human decision."""
        if not self.can_undo():
            return False
        return self.session.undo()

    def stop(self) -> None:
        """Cancel the computer's decision (the window is closing)."""
        self.worker.stop()

    # --- saving -----------------------------------------------------------------------------

    def save(self, path: str | Path) -> str:
        """Save atomically; returns a message for the screen."""
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            save_game(path, self.session, self.setup.players, self.setup.scenario)
        except (OSError, RecordError) as exc:
            return f"Could not save to {path}: {exc}"
        return f"Saved to {path}"

    def autosave(self) -> None:
        """Rewrite the autosave (atomic) when the game moved since the last one."""
        steps = len(self.session.actions)
        if steps == self._saved_steps:
            return
        self._saved_steps = steps
        msg = self.save(self.folders.autosave)
        if msg.startswith("Could not"):
            self.message = msg
