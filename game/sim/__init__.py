"""Headless analysis: batches of seeded games anywhere, statistics, sweeps, coverage, tests.

    from game.sim import run_batch, Processes
    result = run_batch(rules, ["random", "rules"], games=1000, seed=7, executor=Processes(2))
    result.tally.ending_shares()        # each ending with its Wilson 95% interval

Modules: `batch` (chunks of games played by the match runner, reduced in index order),
`executors` (this process, local `spawn` workers, Dask), `stats` (tallies flat in the number of
games), `report` and `plot` (tables, JSON, charts), `sweep`, `coverage`, `history` (plays a
scenario's history line), `testspec`/`testrun`/`pytest_plugin` (YAML scenario tests) and
`commands` (`four-islands simulate | sweep | coverage | test`).
"""

from game.sim.batch import BatchResult, ChunkResult, game_seed, run_batch
from game.sim.executors import DaskExecutor, Executor, InProcess, Processes, make_executor
from game.sim.stats import Tally, wilson

__all__ = [
    "BatchResult",
    "ChunkResult",
    "DaskExecutor",
    "Executor",
    "InProcess",
    "Processes",
    "Tally",
    "game_seed",
    "make_executor",
    "run_batch",
    "wilson",
]
