"""Forge a save file the way a hostile user would, to check that `replay` and `--load` refuse it.

    .venv/bin/python tools/forge_save.py IN OUT --draw flexibility.russia=wide   # a draw changed,
                                                   # every text and state digest recomputed
    .venv/bin/python tools/forge_save.py IN OUT --edit seed=8                    # one record field
    .venv/bin/python tools/forge_save.py IN OUT --draw flexibility.russia=wide --pin

`--edit KEY=JSON` sets a field of the record (`seed=8`, `engine_version="1"`,
`streams_now={}`); `--pin` marks the forged draw as pinned. See docs/records.md for the results.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from game.engine import Game
from game.match import state_digest
from game.scenario import load_rules


def forge_draw(game: Game, record: dict[str, Any], node: str, outcome: str) -> int:
    """Give the first draw of `node` the outcome `outcome`; recompute texts and digests.

    Returns the 1-based step forged.
    """
    state = game.new_initial_state()
    forged = 0
    for i, (action, _) in enumerate(record["actions"]):
        if not forged and game.chance_node(state) == node:
            action = game.parse_action(state, f"chance {node}={outcome}")
            forged = i + 1
        if action not in game.legal_actions(state):
            sys.exit(f"step {i + 1}: the forged game cannot play #{action} any more")
        record["actions"][i] = [action, game.action_to_string(state, action)]
        state = game.apply(state, action)
        record["digests"][i] = state_digest(state)
    if not forged:
        sys.exit(f"no draw named {node!r} in the record")
    return forged


def main() -> int:
    """Read IN, apply the forgeries, write OUT."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("infile")
    ap.add_argument("outfile")
    ap.add_argument("--draw", metavar="NODE=OUTCOME")
    ap.add_argument("--pin", action="store_true", help="mark the forged draw as pinned")
    ap.add_argument("--edit", action="append", default=[], metavar="KEY=JSON")
    args = ap.parse_args()
    data = json.loads(Path(args.infile).read_text(encoding="utf-8"))
    record = data.get("record", data)
    if args.draw:
        node, _, outcome = args.draw.partition("=")
        game = Game(load_rules(data.get("scenario") or record["scenario_id"]))
        step = forge_draw(game, record, node, outcome)
        if args.pin:
            record["pinned"] = sorted({*record.get("pinned", []), step})
    for item in args.edit:
        key, _, value = item.partition("=")
        record[key] = json.loads(value)
    Path(args.outfile).write_text(json.dumps(data, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
