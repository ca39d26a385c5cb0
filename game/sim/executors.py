"""Where a batch's chunks run: this process, local worker processes, or a Dask cluster.

    with make_executor(workers=2) as ex:              # or dask="tcp://host:8786"
        for index, result in ex.run(play_chunk, tasks):   # as they complete, any order
            ...

Every executor takes module-level functions and picklable tasks, so nothing relies on `fork`:
local workers are started with `spawn` and ignore Ctrl-C (the main process stops them and still
reports what finished).
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from multiprocessing import get_context
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs `fn` over tasks and yields (task index, result) as each completes."""

    def run(self, fn: Callable[[T], R], tasks: Sequence[T]) -> Iterator[tuple[int, R]]:
        """Results as they complete (any order)."""
        ...

    def close(self) -> None:
        """Stop: cancel what has not started, release workers."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class _Closing:
    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to release."""


class InProcess(_Closing):
    """Runs every task here, one after the other (the reference for every other executor)."""

    name = "in-process"

    def run(self, fn: Callable[[T], R], tasks: Sequence[T]) -> Iterator[tuple[int, R]]:
        """Each task's result in order."""
        for i, task in enumerate(tasks):
            yield i, fn(task)


def _ignore_sigint() -> None:
    # Ctrl-C reaches the whole process group: the main process handles it, workers go on
    # until they are told to stop, so no worker dies half-way with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Processes(_Closing):
    """Local worker processes started with `spawn` (never `fork`), ignoring Ctrl-C."""

    name = "processes"

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def run(self, fn: Callable[[T], R], tasks: Sequence[T]) -> Iterator[tuple[int, R]]:
        """Results as workers finish them; at most `2 × workers` tasks queued at a time.

        The workers are started on the first run and kept for the next ones (a sweep's
        settings) until `close`.
        """
        pool = self._pool
        if pool is None:
            pool = self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=get_context("spawn"),
                initializer=_ignore_sigint,
            )
        pending: dict[Future[R], int] = {}
        todo = iter(enumerate(tasks))
        limit = 2 * self.workers

        def fill() -> None:
            while len(pending) < limit:
                nxt = next(todo, None)
                if nxt is None:
                    return
                pending[pool.submit(fn, nxt[1])] = nxt[0]

        fill()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in sorted(done, key=lambda f: pending[f]):
                index = pending.pop(fut)
                yield index, fut.result()
            fill()

    def close(self) -> None:
        """Cancel queued tasks and let the workers exit."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


CONNECT_TIMEOUT = "10s"
"""How long to try to reach a Dask scheduler before giving up."""


class DaskExecutor(_Closing):
    """Tasks on a Dask distributed cluster (`pip install 'four-islands[dask]'`)."""

    name = "dask"

    def __init__(self, address: str | None = None, client: Any = None) -> None:
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - the extra is installed by the tests
            raise RuntimeError("Dask is not installed: pip install 'four-islands[dask]'") from exc
        self._own = client is None
        self.client = client if client is not None else Client(address, timeout=CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]

    def run(self, fn: Callable[[T], R], tasks: Sequence[T]) -> Iterator[tuple[int, R]]:
        """Results as the cluster finishes them."""
        from distributed import as_completed

        futures = [self.client.submit(fn, task, pure=False) for task in tasks]
        index = {f.key: i for i, f in enumerate(futures)}
        try:
            for fut in as_completed(futures):  # type: ignore[no-untyped-call]
                yield index[fut.key], fut.result()
        finally:
            self.client.cancel([f for f in futures if not f.done()])

    def close(self) -> None:
        """Close the client when this executor opened it."""
        if self._own:
            self.client.close()


def make_executor(workers: int = 1, dask: str | None = None) -> Executor:
    """The executor the options name: Dask at an address, worker processes, or this process."""
    if dask:
        return DaskExecutor(dask)
    if workers > 1:
        return Processes(workers)
    return InProcess()


__all__ = ["DaskExecutor", "Executor", "InProcess", "Processes", "make_executor"]
