"""A whole interactive game through a pseudo-terminal: prompts, commands, undo, save, quit.

Reads use `select` with a deadline (no sleeps); every wait names what it was waiting for.
"""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

DRIVER = """
import importlib.util, sys
spec = importlib.util.spec_from_file_location("handmade", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
from game.terminal import commands
commands.load_scenario_rules = lambda scenario: mod.handmade_rules()
from game.cli import main
sys.exit(main(sys.argv[2:]))
"""
TIMEOUT = 60.0


class Terminal:
    """A child process on a pseudo-terminal."""

    def __init__(self, argv: list[str]) -> None:
        master, slave = os.openpty()
        # A wide terminal: the expected lines (a save path) are matched whole, unwrapped.
        env = dict(
            os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1", TERM="dumb", COLUMNS="250"
        )
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env, close_fds=True
        )
        os.close(slave)
        self.fd = master
        self.text = ""
        self.pos = 0
        self.closed = False

    def _read(self, deadline: float) -> bool:
        import time

        left = deadline - time.monotonic()
        if left <= 0:
            return False
        ready, _, _ = select.select([self.fd], [], [], left)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            chunk = b""
        if not chunk:
            self.closed = True
            return False
        self.text += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        return True

    def expect(self, *patterns: str) -> int:
        """Wait for the first of `patterns` (regexes) after the last match; its index."""
        import time

        deadline = time.monotonic() + TIMEOUT
        while True:
            best: tuple[int, int, int] | None = None
            for i, pat in enumerate(patterns):
                m = re.compile(pat).search(self.text, self.pos)
                if m and (best is None or m.start() < best[1]):
                    best = (i, m.start(), m.end())
            if best is not None:
                self.pos = best[2]
                return best[0]
            if self.closed or not self._read(deadline):
                tail = self.text[-2000:]
                raise AssertionError(f"waiting for {patterns}; the terminal shows:\n{tail}")

    def send(self, line: str) -> None:
        os.write(self.fd, (line + "\n").encode())

    def finish(self) -> int:
        import time

        deadline = time.monotonic() + TIMEOUT
        while not self.closed and self._read(deadline):
            pass
        code = self.proc.wait(timeout=TIMEOUT)
        os.close(self.fd)
        assert "Traceback" not in self.text, self.text[-3000:]
        return code


def handmade(*args: str) -> Terminal:
    script = str(ROOT / "tests" / "engine" / "handmade.py")
    return Terminal([sys.executable, "-c", DRIVER, script, "run", "handmade", *args])


def play_to_the_end(t: Terminal, side: str) -> None:
    """Answer every prompt with `1` (end the part, or accept) until the game ends."""
    for _ in range(200):
        k = t.expect(f"\n{side}> ", "package> ", r"== The end: ")
        if k == 2:
            return
        t.send("1" if k == 0 else "cancel")
    raise AssertionError("the game did not end")


def test_full_interactive_game_with_commands(tmp_path: Path) -> None:
    save = tmp_path / "end.json"
    t = handmade("--as", "a", "--seed", "1", "--save", str(save))
    t.expect(r"Alpha \(a\): human", r"Beta \(b\): bot normal")
    t.expect(r"== Briefing for Alpha: ")
    t.expect(r"You play Alpha\. ", r"Scores run from ")
    t.expect(r"turn 1 of 4 \(3 turn\(s\) to the deadline\)")
    t.expect(r"Meters:")
    t.expect(r"Your options:")
    t.expect(r"1\. end your part of the turn")
    t.expect(r"\[move spy\], cost 1\n\s+A capital -1")  # the engine's preview
    t.expect(r"\(`help` for commands", "\na> ")
    t.send("info 3")
    t.expect(r"Spy \[move spy\], ", r"Expected: A capital -1", "\na> ")
    t.send("table land=give")
    t.expect(r"Table: ", r"your utility 20\.0", r"likely answer: ", r"Table it\? \[y/N\] ")
    t.send("n")
    t.expect("Not tabled.", "\na> ")
    t.send("help")
    t.expect("why <meter>", "\na> ")
    t.send("why trust")
    t.expect(r"Why Trust is 39 \(start 40\):")
    t.expect(r"turn 1: Trust: 40 -> 39 \(-1\) by drift every_turn")
    t.expect("\na> ")
    t.send("move flyaway")
    t.expect(r"Not possible: unknown move 'flyaway'.*Legal now: end; move")
    t.expect("\na> ")
    t.send("move spy")
    t.expect(r"Changed since your last decision:")
    t.expect(r"A capital\s+3\s+\(-1 since your last decision\)")
    t.expect(r"News:\n\s+Alpha: Spy\.")
    t.expect("\na> ")
    t.send("undo")
    t.expect("Undone: back to your decision in turn 1")
    t.expect(r"A capital\s+4\n")
    t.expect("\na> ")
    t.send("table")
    t.expect(r"Package builder \(table\):", r"1\. Land: \[1\]\*Keep")
    t.expect("your utility 0.0", "package> ")
    t.send("1 2")
    t.expect(r"1\. Land: \[1\] Keep  \[2\]\*Give")
    t.expect(r"your utility 20\.0")
    t.expect(r"Beta's utility -20\.0 against its reservation ~70\.0")
    t.expect("package> ")
    t.send("ok")
    t.expect(r"Alpha tables a package: ")
    t.expect(r">Beta (rejects|accepts|counters)")
    play_to_the_end(t, "a")
    t.expect(r"Scores: Alpha -?\d+\.\d, Beta -?\d+\.\d")
    t.expect(
        r"Alpha -?\d+\.\d on a scale of -100 to 100 "
        r"\((no deal would give|at the start no deal would have given) -?\d+\.\d"
    )
    t.expect(f"Saved to {re.escape(str(save))}")
    assert t.finish() == 0
    replayed = subprocess.run(
        [sys.executable, "-c", DRIVER, str(ROOT / "tests/engine/handmade.py"), "replay", str(save)],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert replayed.returncode == 0, replayed.stdout + replayed.stderr
    assert "identical" in replayed.stdout


def test_quit_asks_to_save_and_the_save_loads(tmp_path: Path) -> None:
    save = tmp_path / "quit.json"
    t = handmade("--as", "b", "--seed", "3")
    t.expect("\nb> ")
    t.send("quit")
    t.expect(r"Save before quitting\? \[y/N\] ")
    t.send("y")
    t.expect(r"File \[four-islands-save\.json\]: ")
    t.send(str(save))
    t.expect(f"Saved to {re.escape(str(save))}")
    t.expect("Goodbye.")
    assert t.finish() == 0
    assert save.exists()
    t = handmade("--load", str(save))
    t.expect("Resuming at turn")
    t.expect("\nb> ")
    t.send("quit")
    t.expect(r"\[y/N\] ")
    t.send("n")
    t.expect("Goodbye.")
    assert t.finish() == 0


def test_end_of_input_quits_cleanly() -> None:
    t = handmade("--as", "a", "--seed", "2")
    t.expect("\na> ")
    os.write(t.fd, b"\x04")  # Ctrl-D: end of input
    t.expect("Goodbye.")
    assert t.finish() == 0


def test_python_m_game_on_a_scenario_file(tiny_path: Path) -> None:
    from game.scenario import ScenarioError, load_rules

    try:
        rules = load_rules(tiny_path)
    except ScenarioError:
        pytest.skip("tests/data/tiny.yaml does not load yet")
    side = rules.sides[0].id
    t = Terminal([sys.executable, "-m", "game", "run", str(tiny_path), "--as", side, "--seed", "1"])
    play_to_the_end(t, side)
    t.expect("Scores: ")
    assert t.finish() == 0
