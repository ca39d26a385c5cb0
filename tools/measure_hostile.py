"""Print wall time and peak traced memory of `validate()` for each hostile input.

.venv/bin/python tools/measure_hostile.py
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hostile_inputs import hostile_inputs

from game.scenario import validate


def main() -> None:
    validate(Path(__file__).resolve().parents[1] / "tests" / "data" / "tiny.yaml")  # warm up
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = {name: data for name, (data, _) in hostile_inputs().items()}
        huge = folder / "huge_50mb.yaml"
        with huge.open("wb") as fh:
            fh.write(b"a: " + b"x" * (50 * 1024 * 1024) + b"\n")
        print(f"{'input':28} {'size':>10} {'code':>5} {'time ms':>9} {'peak KiB':>9}")
        for name, data in [*cases.items(), ("huge_50mb", None)]:
            if data is None:
                path = huge
            else:
                path = folder / f"{name}.yaml"
                path.write_bytes(data)
            start = time.perf_counter()
            diags = validate(path)
            elapsed = (time.perf_counter() - start) * 1000  # timed without tracemalloc
            tracemalloc.start()
            validate(path)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            code = diags[0].code if diags else "-"
            size = path.stat().st_size
            print(f"{name:28} {size:>10} {code:>5} {elapsed:>9.1f} {peak / 1024:>9.0f}")


if __name__ == "__main__":
    main()
