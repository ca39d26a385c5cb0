"""Outcome tables and speed of the bots (not a test; run it by hand).

    .venv/bin/python tools/bot_outcomes.py --games 200             # tokyo_2018
    .venv/bin/python tools/bot_outcomes.py --scenario tests/data/tiny.yaml
    .venv/bin/python tools/bot_outcomes.py --speed 200             # rules-vs-rules games/s

Each game is played by the match runner from its seed (the game's index), so the tables replay
exactly. `four-islands simulate` gives the same tables with intervals, for any bots.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

from game.ai import make_bot
from game.engine import Game, State
from game.match import play_game

PAIRS = (("rules", "rules"), ("rules", "random"), ("random", "rules"), ("random", "random"))


def play(game: Game, bots: list, seed: int) -> State:
    """One seeded game through the match runner; returns the final state."""
    return play_game(game, seed, bots)


def table(game: Game, pair: tuple[str, str], games: int) -> str:
    bots = [make_bot(pair[0]), make_bot(pair[1])]
    ends: Counter[str] = Counter()
    totals = [0.0, 0.0]
    turns = 0
    for seed in range(games):
        s = play(game, bots, seed)
        ends[game.rules.endings[s.ending].id] += 1
        r = game.returns(s)
        totals[0] += r[0]
        totals[1] += r[1]
        turns += s.turn
    sides = game.rules.sides
    head = (
        f"{sides[0].id}={pair[0]} vs {sides[1].id}={pair[1]} ({games} games): mean returns "
        f"{sides[0].id} {totals[0] / games:+.2f}, {sides[1].id} {totals[1] / games:+.2f}; "
        f"mean last turn {turns / games:.1f}"
    )
    rows = [f"  {e:<28} {n:>4}  {100 * n / games:5.1f}%" for e, n in ends.most_common()]
    return "\n".join([head, *rows])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--games", type=int, default=200)
    ap.add_argument("--speed", type=int, default=0, help="time N rules-vs-rules games only")
    ap.add_argument("--scenario", default="tokyo_2018")
    ap.add_argument("--bot", default="rules", help="bot spec for the `rules` seat")
    args = ap.parse_args()
    from game.scenario import load_rules

    game = Game(load_rules(args.scenario))
    if args.speed:
        bots = [make_bot(args.bot), make_bot(args.bot)]
        t = time.process_time()
        for seed in range(args.speed):
            play(game, bots, seed)
        dt = time.process_time() - t
        print(f"{args.bot} vs {args.bot} on {args.scenario}: {args.speed / dt:.1f} games/s (CPU)")
        return
    print(f"== {args.scenario}")
    for pair in PAIRS:
        spec = [args.bot if x == "rules" else x for x in pair]
        print(table(game, (spec[0], spec[1]), args.games))


if __name__ == "__main__":
    main()
