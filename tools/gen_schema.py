"""Write `scenarios/schema.json` from the format models (`four-islands schema` prints the same).

.venv/bin/python tools/gen_schema.py          # write
.venv/bin/python tools/gen_schema.py --check  # exit 1 if the file is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.scenario import schema_text  # noqa: E402

TARGET = ROOT / "scenarios" / "schema.json"


def main(argv: list[str]) -> int:
    text = schema_text()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is out of date: run tools/gen_schema.py")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
