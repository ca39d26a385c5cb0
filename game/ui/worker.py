"""The computer's decisions off the UI thread, with a cancel flag.

    worker = BotWorker()
    worker.start(lambda cancel: bot.choose(game, state, side, rng))
    ...each frame: if worker.done(): action = worker.result()

The thread is a daemon: closing the window while the computer thinks exits at once; the cancel
flag tells a bot that looks at it to stop, and a cancelled result is thrown away.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class BotWorker:
    """One background decision at a time."""

    def __init__(self) -> None:
        self._job = _Job()
        self.cancel = self._job.cancel
        self._thread: threading.Thread | None = None

    @property
    def busy(self) -> bool:
        """True while a decision is being computed."""
        return self._thread is not None and not self._job.done.is_set()

    def start(self, fn: Callable[[threading.Event], int]) -> None:
        """Compute `fn(cancel_flag)` in a daemon thread."""
        job = _Job()
        self._job = job
        self.cancel = job.cancel
        self._thread = threading.Thread(target=job.run, args=(fn,), name="bot", daemon=True)
        self._thread.start()

    def done(self) -> bool:
        """True when a started decision has finished (or failed)."""
        return self._thread is not None and self._job.done.is_set()

    def result(self) -> int | None:
        """The decision (None if cancelled); re-raises an error of the bot. Resets the worker."""
        self._thread = None
        job = self._job
        if job.error is not None:
            raise job.error
        return None if job.cancel.is_set() else job.result

    def stop(self) -> None:
        """Raise the cancel flag and forget the decision."""
        self.cancel.set()
        self._thread = None


class _Job:
    """One decision: its flags and its outcome (a stale job never touches a newer one)."""

    def __init__(self) -> None:
        self.cancel = threading.Event()
        self.done = threading.Event()
        self.result: int | None = None
        self.error: BaseException | None = None

    def run(self, fn: Callable[[threading.Event], int]) -> None:
        try:
            self.result = fn(self.cancel)
        except Exception as exc:  # reported on the UI thread by BotWorker.result()
            self.error = exc
        finally:
            self.done.set()
