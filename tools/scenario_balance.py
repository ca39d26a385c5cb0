"""Balance figures of a scenario (not a test; run it by hand): for each pairing of bots, the
share of each ending, the turn of the first deal (and the share of deals in turns 1-3, the
"early lottery"), the decisions per side per game, mean scores.

    .venv/bin/python tools/scenario_balance.py sochi_2016 --games 200
    .venv/bin/python tools/scenario_balance.py PATH.yaml --pairs normal-normal,random-normal

Each game is seeded (`random.Random(seed)` drives the chance draws and the bots), so the figures
replay exactly. A pair `A-B` puts bot A in the first side's seat and B in the second's.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter

from game.ai import make_bot
from game.engine import PH_CHANCE, PH_TERMINAL, Game, State
from game.match import sample_chance
from game.scenario import load_rules

PAIRS = "random-random,greedy-greedy,normal-normal,normal-random,random-normal"
EARLY = 3  # a deal in turns 1..EARLY is an early one


def play(game: Game, bots: list, seed: int) -> tuple[State, list[int]]:
    """One seeded game: the final state and the number of decisions each side made."""
    rng = random.Random(seed)
    state = game.new_initial_state()
    decisions = [0] * len(game.rules.sides)
    while state.phase != PH_TERMINAL:
        if state.phase == PH_CHANCE:
            action = sample_chance(game.chance_outcomes(state), rng.random())
        else:
            decisions[state.actor] += 1
            action = bots[state.actor].choose(game, state, state.actor, rng)
        state = game.apply(state, action)
    return state, decisions


def report(game: Game, pair: list[str], games: int) -> str:
    bots = [make_bot(spec) for spec in pair]
    sides = [s.id for s in game.rules.sides]
    endings: Counter[str] = Counter()
    first_deal: Counter[int] = Counter()
    decisions = [0, 0]
    scores = [0.0, 0.0]
    for seed in range(games):
        state, made = play(game, bots, seed)
        endings[game.rules.endings[state.ending].id] += 1
        if state.table >= 0:  # a ratified package stays on the table at the end
            first_deal[state.turn] += 1
        returns = game.returns(state)
        for i in (0, 1):
            decisions[i] += made[i]
            scores[i] += returns[i]
    deals = sum(first_deal.values())
    early = sum(n for t, n in first_deal.items() if t <= EARLY)
    turns = ", ".join(f"t{t}: {n}" for t, n in sorted(first_deal.items())) or "none"
    lines = [
        f"{sides[0]}={pair[0]} vs {sides[1]}={pair[1]}, {games} games: "
        f"mean score {sides[0]} {scores[0] / games:+.1f}, {sides[1]} {scores[1] / games:+.1f}; "
        f"decisions per game {sides[0]} {decisions[0] / games:.1f}, "
        f"{sides[1]} {decisions[1] / games:.1f}",
        f"  deals {deals} ({100 * deals / games:.0f}%), in turns 1-{EARLY}: {early} "
        f"({100 * early / games:.0f}%), by turn: {turns}",
    ]
    lines += [f"  {e:<30} {n:>5}  {100 * n / games:5.1f}%" for e, n in endings.most_common()]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", help="a shipped id, an id of yours, or a path")
    ap.add_argument("--games", type=int, default=200)
    ap.add_argument("--pairs", default=PAIRS, help=f"comma-separated A-B bot pairs ({PAIRS})")
    args = ap.parse_args()
    game = Game(load_rules(args.scenario))
    print(f"== {args.scenario}: {game.rules.num_turns} turns")
    for pair in args.pairs.split(","):
        print(report(game, pair.split("-", 1), args.games))


if __name__ == "__main__":
    main()
