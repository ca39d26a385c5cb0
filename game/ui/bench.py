"""The desktop game's speed: frame times on the negotiation table and the time to the first frame.

    python -m game.ui.bench                  # both figures as JSON (SDL's dummy video driver)

`ui_frame_p95_ms`: the table at 1280x800 over 600 scripted frames (hovering a different move
every frame, then the package builder with an option changed every 10 frames, then the turn
report), CPU time of the process per frame (steady on a shared machine; no other thread runs
meanwhile, so on an idle machine it is the frame's wall time), 95th percentile; the wall-clock
percentile is reported beside it as `ui_frame_p95_wall_ms`. `ui_first_frame_s`: a fresh
process, wall clock, from its start to the first drawn frame of the table with tokyo_2018
loaded; `ui_first_frame_cpu_s` is the CPU time the process spent to get there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

FRAMES = 600
SCENARIO = "tokyo_2018"
TARGET_FRAME_P95_MS = 8.0
TARGET_FIRST_FRAME_S = 1.0


def _headless() -> None:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


def _table(folder: Path) -> Any:
    """An app showing the table of a new tokyo_2018 game as Japan."""
    from game.ui.app import App
    from game.ui.play import Play
    from game.ui.scenes.title import start_play
    from game.ui.settings import Folders

    folders = Folders(folder / "config", folder / "data")
    app = App(size=(1280, 800), folders=folders, first="")
    start_play(app, Play.new(SCENARIO, {0}, "normal", folders, seed=1))
    return app


def frame_p95_ms(frames: int = FRAMES) -> tuple[float, float]:
    """95th percentiles of the frame time (ms), CPU and wall clock, over the scripted frames."""
    _headless()
    import pygame

    from game.ui.scenes.builder import BuilderScene
    from game.ui.scenes.report import ReportScene

    with tempfile.TemporaryDirectory() as tmp:
        app = _table(Path(tmp))
        table = app.top
        buttons = [b for b, _ in table.move_buttons if b.visible]
        times: list[float] = []
        walls: list[float] = []
        hover_frames = frames * 2 // 3
        builder_frames = frames // 6
        for i in range(frames):
            t0 = time.process_time()
            w0 = time.perf_counter()
            if i < hover_frames:
                pos = buttons[i % len(buttons)].rect.center
                pygame.mouse.set_pos(pos)
                ev = pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
                pygame.event.post(ev)
            elif i == hover_frames:
                app.push(BuilderScene(app, lambda _a: None))
            elif i < hover_frames + builder_frames:
                if i % 10 == 0:
                    app.top.set_option(1, app.top.choice[1] + 1)
            elif i == hover_frames + builder_frames:
                app.pop()
                app.push(ReportScene(app))
            app.frame()
            times.append((time.process_time() - t0) * 1000)
            walls.append((time.perf_counter() - w0) * 1000)
        app.quit()
        pygame.quit()
    return _p95(times), _p95(walls)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.95 * (len(ordered) - 1))]


def first_frame_s() -> tuple[float, float]:
    """Wall clock (and the child's CPU time) from starting a fresh process to its first frame."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    env["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
    t0 = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-m", "game.ui.bench", "--first-frame"],
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    ) as proc:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        elapsed = time.perf_counter() - t0
        proc.stdout.read()
        proc.wait(timeout=60)
    word, _, cpu = line.strip().partition(" ")
    if word != "ready":
        raise RuntimeError(f"the game did not draw its first frame: {line!r}")
    return elapsed, float(cpu)


def _first_frame_child() -> int:
    _headless()
    with tempfile.TemporaryDirectory() as tmp:
        app = _table(Path(tmp))
        app.frame()
        sys.stdout.write(f"ready {time.process_time():.4f}\n")
        sys.stdout.flush()
    return 0


def run() -> dict[str, float]:
    """The figures, keyed as in `python -m game.bench --json`."""
    cpu, wall = frame_p95_ms()
    first, first_cpu = first_frame_s()
    return {
        "ui_frame_p95_ms": cpu,
        "ui_frame_p95_wall_ms": wall,
        "ui_first_frame_s": first,
        "ui_first_frame_cpu_s": first_cpu,
    }


def main(argv: list[str] | None = None) -> int:
    """`python -m game.ui.bench [--first-frame]`."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["--first-frame"]:
        return _first_frame_child()
    sys.stdout.write(json.dumps(run(), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
