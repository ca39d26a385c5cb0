"""The batch on a Dask cluster gives exactly the local numbers (LocalCluster on 127.0.0.1)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import LocalCluster

from game.cli import main
from game.scenario import load_rules
from game.sim import executors
from game.sim.batch import run_batch
from game.sim.executors import DaskExecutor

TINY = str(Path(__file__).parents[1] / "data" / "tiny.yaml")


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(
        host="127.0.0.1",
        dashboard_address=None,
        n_workers=2,
        threads_per_worker=1,
        processes=True,
    ) as c:
        yield c


def _without_timing(report: dict) -> dict:
    return {k: v for k, v in report.items() if k not in ("seconds", "games_per_s")}


def test_dask_results_equal_the_local_run(cluster: LocalCluster) -> None:
    rules = load_rules(TINY)
    local = run_batch(rules, ["random", "rules"], 60, seed=9, chunk=10)
    with DaskExecutor(cluster.scheduler_address) as ex:
        remote = run_batch(rules, ["random", "rules"], 60, seed=9, chunk=10, executor=ex)
    assert remote.tally == local.tally


def test_simulate_with_dask_prints_the_local_numbers(
    cluster: LocalCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["simulate", TINY, "--games", "40", "--seed", "3", "--json"]
    assert main(argv) == 0
    local = json.loads(capsys.readouterr().out)
    assert main([*argv, "--dask", cluster.scheduler_address]) == 0
    remote = json.loads(capsys.readouterr().out)
    assert _without_timing(remote) == _without_timing(local)


def test_an_unreachable_scheduler_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", "1s")
    code = main(["simulate", TINY, "--games", "2", "--dask", "tcp://127.0.0.1:1"])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("four-islands simulate: --dask tcp://127.0.0.1:1: cannot reach")
    assert "\n" not in err
