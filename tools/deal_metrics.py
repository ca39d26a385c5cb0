"""How hard a deal is to earn: endings, the turn of the deal, meters (not a test; run by hand).

    .venv/bin/python tools/deal_metrics.py --japan normal --russia normal --games 200
    .venv/bin/python tools/deal_metrics.py --japan line-two --russia normal      # the exploit line

For issue 10's targets on tokyo_2018: ending shares, the share of games with a deal in turns
1-3, the turn of the deal, median meters at the end, and the median of `--meter` at the end of
the turn in which `--event` happened (Putin's approval after the pension reform).

`line-two` is the fixed line "two islands plus talks tabled every turn, every offer accepted";
`line-fixed` the same after the 1956 basis, the no-bases pledge and summits whenever legal.
Seeds: chance draws from `random.Random(seed)`, each bot from its own `random.Random`.
"""

from __future__ import annotations

import argparse
import random
import statistics
from collections import Counter
from typing import Any

from game.ai import make_bot
from game.engine import PH_ANSWER, PH_CHANCE, PH_TERMINAL, Game, State
from game.match import sample_chance
from game.scenario import load_rules

A_END, A_ACCEPT = 0, 1
TWO_PLUS_TALKS = {
    "small_islands": "transfer_after_treaty",
    "large_islands": "talks_continue",
    "security": "no_us_bases",
    "treaty": "after_territory",
    "economy": "joint_projects",
    "legal_frame": "russian_law",
}
FIXED_MOVES = ("j_accept_1956_basis", "j_no_bases_assurance", "summit")


class Line:
    """Its moves whenever legal, then one package tabled every turn; every offer accepted."""

    def __init__(self, game: Game, side: int, moves: tuple[str, ...]) -> None:
        rules = game.rules
        index = tuple(
            [o.id for o in issue.options].index(TWO_PLUS_TALKS[issue.id]) for issue in rules.issues
        )
        self.package = game.package_action(game.package_index(index))
        ids = {m.id: i for i, m in enumerate(rules.moves) if m.side == side}
        probe = range(len(rules.moves) + 8)
        by_move = {game.move_of(a): a for a in probe if game.move_of(a) >= 0}
        self.moves = tuple(by_move[ids[m]] for m in moves if m in ids)

    def choose(self, game: Game, state: State, player: int, rng: random.Random) -> int:
        if state.phase == PH_ANSWER:
            return A_ACCEPT
        legal = game.legal_actions(state)
        for a in self.moves:
            if a in legal:
                return a
        return self.package if self.package in legal else A_END


def player(game: Game, spec: str, side: int) -> Any:
    if spec == "line-two":
        return Line(game, side, ())
    if spec == "line-fixed":
        return Line(game, side, FIXED_MOVES)
    return make_bot(spec)


def play(game: Game, bots: list[Any], seed: int, event: int, meter: int) -> dict[str, Any]:
    world = random.Random(seed)
    rngs = [random.Random(seed * 1_000_003 + 17 * (k + 1)) for k in range(len(bots))]
    s = game.new_initial_state()
    at_event: int | None = None
    event_turn = -1
    while s.phase != PH_TERMINAL:
        if s.phase == PH_CHANCE:
            a = sample_chance(game.chance_outcomes(s), world.random())
        else:
            a = bots[s.actor].choose(game, s, s.actor, rngs[s.actor])
        nxt = game.apply(s, a)
        if event >= 0 and event_turn < 0 and nxt.fired >> event & 1:
            event_turn = nxt.turn
        if event_turn > 0 and at_event is None and (nxt.turn > event_turn or nxt.ending >= 0):
            # the meter as the event's turn closes (before the next turn's drift and news)
            at_event = (s if nxt.turn > event_turn else nxt).meters[meter]
        s = nxt
    return {
        "ending": game.rules.endings[s.ending].id,
        "deal_turn": s.turn if s.table >= 0 else None,  # a finished game keeps its deal's package
        "meters": s.meters,
        "at_event": at_event,
        "returns": game.returns(s),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", default="tokyo_2018")
    ap.add_argument("--games", type=int, default=200)
    ap.add_argument("--japan", default="rules", help="bot spec, line-two or line-fixed")
    ap.add_argument("--russia", default="rules")
    ap.add_argument("--event", default="pension_reform")
    ap.add_argument("--meter", default="putin_approval")
    ap.add_argument("--show", default="trust,momentum,putin_approval,abe_approval,militarisation")
    args = ap.parse_args()
    game = Game(load_rules(args.scenario))
    rules = game.rules
    bots = [player(game, args.japan, 0), player(game, args.russia, 1)]
    event = next((i for i, e in enumerate(rules.events) if e.id == args.event), -1)
    meter = next(i for i, m in enumerate(rules.meters) if m.id == args.meter)
    results = [play(game, bots, seed, event, meter) for seed in range(args.games)]
    n = len(results)
    ends = Counter(r["ending"] for r in results)
    turns = [r["deal_turn"] for r in results if r["deal_turn"] is not None]
    early = sum(1 for t in turns if t <= 3)
    print(
        f"{args.scenario}: japan={args.japan} russia={args.russia}, {n} games; deals "
        f"{len(turns)} ({100 * len(turns) / n:.1f}%), in turns 1-3: {early} "
        f"({100 * early / n:.1f}%); median deal turn "
        f"{statistics.median(turns) if turns else '-'}"
    )
    by_turn = Counter(turns)
    print("  deals by turn: " + " ".join(f"{t}:{by_turn[t]}" for t in sorted(by_turn)))
    for e, k in ends.most_common():
        print(f"  {e:<30} {k:>4} {100 * k / n:5.1f}%")
    ev = [r["at_event"] for r in results if r["at_event"] is not None]
    if ev:
        print(
            f"  median {args.meter} at the end of the {args.event} turn: "
            f"{statistics.median(ev)} (n={len(ev)})"
        )
    names = [m.id for m in rules.meters]
    shown = [x for x in args.show.split(",") if x in names]
    print(
        "  median at the end: "
        + ", ".join(
            f"{x} {statistics.median(r['meters'][names.index(x)] for r in results)}" for x in shown
        )
    )
    means = [statistics.fmean(r["returns"][k] for r in results) for k in range(2)]
    print(f"  mean scores: japan {means[0]:+.2f}, russia {means[1]:+.2f}")


if __name__ == "__main__":
    main()
