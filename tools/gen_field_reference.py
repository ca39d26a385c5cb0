"""Write the field reference into `docs/scenario-authoring.md` from the format's models.

.venv/bin/python tools/gen_field_reference.py          # write
.venv/bin/python tools/gen_field_reference.py --check  # exit 1 if the reference is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.scenario.reference import field_reference, splice  # noqa: E402

TARGET = ROOT / "docs" / "scenario-authoring.md"


def main(argv: list[str]) -> int:
    current = TARGET.read_text(encoding="utf-8")
    text = splice(current, field_reference())
    if "--check" in argv:
        if current != text:
            print(f"{TARGET} has an out-of-date field reference: run tools/gen_field_reference.py")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote the field reference into {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
