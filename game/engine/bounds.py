"""How long a game can last and how wide a chance node can be, from the compiled rules alone.

`max_game_length(rules)` is the one step bound of the engine: `GameInfo.max_game_length` is it,
and scenario validation reuses it to reject runaway scenarios. A *step* is one applied action,
a player's or a chance outcome. The bound follows the turn structure (docs/rules.md R3–R5):

- the hidden-limit draws: one chance step per side with more than one flexibility level;
- per turn, the news: every event that can be considered that turn (scheduled for it, or
  unscheduled with a condition or a chance) costs its `chance` draw, and when it happens its
  certain effects' signal draws, its branch draw, the largest signal count of a branch and its
  reactions (each: its chance draw, signals, branch draw and branch signals). An unscheduled
  event that cannot repeat happens once a game, so its happening is counted once, not per turn;
- per turn, each side's part: at most `min(max_actions, its move count)` moves (a move is made
  at most once a turn), the costliest ones (one step plus its signal, branch and reaction
  draws), then one closing step (end, or tabling);
- per turn, the answers: each side tables at most once a turn (a counter is a tabling), so at
  most one answer per side; each accepted package costs one ratification draw per side plus the
  signals its failure backlash may draw;
- the deadline: the game ends at the end of the last turn at the latest.

A signal draw counts only when the side it is about has more than one flexibility level, a
branch draw only when it has more than one branch: otherwise the engine settles it without a
step. The bound is an upper bound that a game can come close to, not a guess.
"""

from __future__ import annotations

from game.engine.rules import CondOp, Op, OutcomeInfo, RevealOp, Rules

__all__ = ["max_chance_outcomes", "max_game_length"]


def max_chance_outcomes(rules: Rules) -> int:
    """The widest chance node: chance actions are outcome indices in `[0, this)`."""
    return max(
        [2]
        + [len(s.flex_levels) for s in rules.sides]
        + [len(m.outcomes) for m in rules.moves]
        + [len(e.outcomes) for e in rules.events]
        + [len(x.outcomes) for x in rules.reactions]
    )


def max_game_length(rules: Rules) -> int:
    """The most steps (actions, chance outcomes included) any game of `rules` can take."""
    b = _Bound(rules)
    n_turns = max(1, rules.num_turns)
    steps = sum(1 for s in rules.sides if len(s.flex_levels) > 1)
    once = 0
    for turn in range(1, n_turns + 1):
        steps += b.turn_steps(turn)
    for j, e in enumerate(rules.events):
        if not e.turn and not e.repeat and (e.when is not None or e.chance is not None):
            once += b.event_happens(j)
    return steps + once


class _Bound:
    """Per-rule step costs of one compiled scenario."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.chancy_levels = tuple(len(s.flex_levels) > 1 for s in rules.sides)
        self.move_cost = tuple(
            1 + self._happens(m.effects, m.outcomes) + sum(self.reaction(x) for x in react)
            for m, react in zip(rules.moves, rules.reactions_to_move, strict=True)
        )

    def reveals(self, ops: tuple[Op, ...]) -> int:
        """Signal draws a list of effects can queue (the costlier branch of a `when`)."""
        n = 0
        for op in ops:
            if isinstance(op, RevealOp):
                n += 1 if self.chancy_levels[op.about] else 0
            elif isinstance(op, CondOp):
                n += max(self.reveals(op.then), self.reveals(op.otherwise))
        return n

    def _happens(self, effects: tuple[Op, ...], outcomes: tuple[OutcomeInfo, ...]) -> int:
        """Chance steps when a rule happens: its signals, its branch draw, a branch's signals."""
        branch = 1 if len(outcomes) > 1 else 0
        return (
            self.reveals(effects) + branch + max([0] + [self.reveals(o.effects) for o in outcomes])
        )

    def reaction(self, index: int) -> int:
        x = self.rules.reactions[index]
        return (1 if x.chance is not None else 0) + self._happens(x.effects, x.outcomes)

    def event_happens(self, index: int) -> int:
        e = self.rules.events[index]
        reacts = self.rules.reactions_to_event[index]
        return self._happens(e.effects, e.outcomes) + sum(self.reaction(x) for x in reacts)

    def turn_steps(self, turn: int) -> int:
        r = self.rules
        steps = 0
        for j, e in enumerate(r.events):
            if e.turn and e.turn != turn:
                continue
            if not e.turn and e.when is None and e.chance is None:
                continue
            steps += 1 if e.chance is not None else 0
            if e.turn or e.repeat:
                steps += self.event_happens(j)
        for side, info in enumerate(r.sides):
            costs = sorted((self.move_cost[i] for i, m in enumerate(r.moves) if m.side == side),
                           reverse=True)  # fmt: skip
            steps += sum(costs[: info.max_actions]) + 1
        backlash = max([0] + [self.reveals(ops) for ops in r.on_failure])
        sides = len(r.sides)
        # one answer per tabling, one tabling per side; each accepted one goes to every side's vote
        steps += sides * (1 + sides + backlash)
        return steps
