"""Kill writers with SIGKILL in the middle of saves; count unreadable saves and leftover temps.

.venv/bin/python tools/measure_kills.py [KILLS]    (default 200; about 40 s + 11 s)

Each round starts a process that saves a 0.5 MB JSON file in a loop with `game.files.write_atomic`
and kills it after 150-200 ms. After every kill the save must still parse; at the end, after the
stale age, one more save must leave no temp file behind.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.files import write_atomic  # noqa: E402
from game.files.writing import STALE_AFTER_S, TEMP_SUFFIX  # noqa: E402


def _temps(folder: Path) -> int:
    return sum(1 for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX))


def main() -> None:
    kills = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        save = Path(tmp) / "save.json"
        write_atomic(save, json.dumps({"n": -1}))
        child = (
            f"import json, sys\nsys.path.insert(0, {str(ROOT)!r})\n"
            "from game.files import write_atomic\ni = 0\nwhile True:\n"
            f"    write_atomic({str(save)!r}, json.dumps({{'n': i, 'pad': 'x' * 500_000}}))\n"
            "    i += 1\n"
        )
        unreadable = 0
        for _ in range(kills):
            proc = subprocess.Popen([sys.executable, "-c", child])
            time.sleep(0.15 + rng.random() * 0.05)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            try:
                json.loads(save.read_text(encoding="utf-8"))
            except ValueError:
                unreadable += 1
        left = _temps(Path(tmp))
        time.sleep(STALE_AFTER_S + 1)
        write_atomic(save, json.dumps({"n": "final"}))
        after = _temps(Path(tmp))
    print(
        f"kills={kills} unreadable_saves={unreadable} temps_left_after_kills={left} "
        f"temps_after_the_next_save={after}"
    )


if __name__ == "__main__":
    main()
