"""The rule functions: how an action turns one state into the next (docs/rules.md R3–R8).

`Machine` holds the rules compiled to closures (expressions, effects) and the lookup tables
derived from them. `Machine.apply` copies the state into a mutable `Scratch`, handles the action,
then drains the work queue (news, reactions, the next part of the turn...) until it reaches a
decision — a player's or a chance draw with more than one possible outcome — or an ending, and
freezes the result into a new `State`.
"""

from __future__ import annotations

from typing import Any

from game.engine.causes import Causes
from game.engine.effects import EffectCompiler
from game.engine.expr import Fn, Node, compile_expr, names_used, requires
from game.engine.memo import remember
from game.engine.rules import Op, OutcomeInfo, Rules
from game.engine.scratch import OpFn, Scratch, round_int, set_meter
from game.engine.state import (
    COUNTER_USED,
    PH_ACT,
    PH_ANSWER,
    PH_CHANCE,
    PH_TERMINAL,
    REC_ACCEPTED,
    REC_COUNTER,
    State,
)
from game.engine.trace import Cause, Change
from game.engine.utilities import WorldProjection
from game.engine.values import Valuation, decay_step, logistic, signal_likelihood
from game.engine.work import (
    CHANCY,
    SRC_EVENT,
    SRC_MOVE,
    SRC_REACTION,
    W_APPLY,
    W_DEAL,
    W_END_TURN,
    W_FIRE,
    W_FLEX,
    W_NEWS,
    W_NEXT,
    W_OUTCOMES,
    W_RATIFY,
    W_REACT,
    W_RESUME,
    W_REVEAL,
    W_START_PART,
    W_TURN_START,
)

A_END, A_ACCEPT, A_REJECT = 0, 1, 2
# Field positions in State, for the fast path
_PHASE, _ACTOR, _PART, _ACTED, _TABLE, _TABLED_BY, _TABLED_MASK, _OFFERS = (
    State._fields.index(name)
    for name in ("phase", "actor", "part", "acted", "table", "tabled_by", "tabled_mask", "offers")
)
MOVE_BASE = 3
PICKED_CACHE = 4096
"""Worlds whose ending `pick_ending` remembers before it forgets them all."""


class Machine:
    """Compiled rules: closures and tables derived once per `Game`."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        r = rules
        self.n_sides = len(r.sides)
        self.last_turn = len(r.turn_dates)
        self.pkg_base = MOVE_BASE + len(r.moves)
        self.num_actions = self.pkg_base + len(r.packages)
        # The outcomes of the chance node `apply` last stopped at, for `chance_outcomes`.
        self.last_chance: tuple[State | None, tuple[tuple[int, float], ...]] = (None, ())
        self.observed: dict[
            tuple[int, float, tuple[tuple[int, float], ...]],
            tuple[tuple[float, ...], float, float, float, float],
        ] = {}
        """What an observer sees of the other side, by side, base reservation and signals
        (`observation.observe`'s pure cache)."""
        self.lo = tuple(m.lo for m in r.meters)
        self.hi = tuple(m.hi for m in r.meters)
        self.status_quo = tuple(i.status_quo for i in r.issues)
        self.decaying = tuple(
            (i, m.decay_rate, m.decay_toward) for i, m in enumerate(r.meters) if m.decay_rate > 0
        )
        self.values = Valuation(r, self.fn)
        self.effects = EffectCompiler(
            self.fn, self.lo, self.hi, r.packages, tuple(m.diminishing_above for m in r.meters)
        )
        self.income_fns = [self.fn(s.income) for s in r.sides]
        self.move_when = tuple(self.fn(m.when) if m.when is not None else None for m in r.moves)
        self.move_ops = tuple(self.ops(m.effects) for m in r.moves)
        self.moves_of_side = tuple(
            tuple(i for i, m in enumerate(r.moves) if m.side == s) for s in range(self.n_sides)
        )
        self.event_when = tuple(self.fn(e.when) if e.when is not None else None for e in r.events)
        self.event_chance = tuple(
            self.fn(e.chance) if e.chance is not None else None for e in r.events
        )
        self.event_ops = tuple(self.ops(e.effects) for e in r.events)
        self.reaction_when = tuple(
            self.fn(x.when) if x.when is not None else None for x in r.reactions
        )
        self.reaction_chance = tuple(
            self.fn(x.chance) if x.chance is not None else None for x in r.reactions
        )
        self.reaction_ops = tuple(self.ops(x.effects) for x in r.reactions)
        self.outcome_ops = {
            (SRC_MOVE, i): tuple(self.ops(o.effects) for o in m.outcomes)
            for i, m in enumerate(r.moves)
        }
        self.outcome_ops.update(
            {
                (SRC_EVENT, i): tuple(self.ops(o.effects) for o in e.outcomes)
                for i, e in enumerate(r.events)
            }
        )
        self.outcome_ops.update(
            {
                (SRC_REACTION, i): tuple(self.ops(o.effects) for o in x.outcomes)
                for i, x in enumerate(r.reactions)
            }
        )
        self.every_turn_ops = self.ops(r.every_turn)
        self.on_failure_ops = tuple(self.ops(ops) for ops in r.on_failure)
        self.on_deal_ops = tuple(tuple(self.ops(o.on_deal) for o in i.options) for i in r.issues)
        self.table_when = self.fn(r.table_when) if r.table_when is not None else None
        self.ending_when = tuple(self.fn(e.when) if e.when is not None else None for e in r.endings)
        self.ending_needs_deal = tuple(requires(e.when, "deal") for e in r.endings)
        whens = tuple(e.when for e in r.endings if e.when is not None)
        if any("utility" in names_used(w) for w in whens):
            self._ending_reads = WorldProjection((whens, tuple(s.values for s in r.sides)))
        else:
            self._ending_reads = WorldProjection(whens)
        """What the endings' conditions read of the meters, flags and statuses (with the
        sides' utilities when a condition reads one): with the turn, the table and the deal
        and deadline marks, the key of `pick_ending`'s cache."""
        self._picked: dict[tuple[Any, ...], int] = {}
        self.ending_scores = tuple(tuple(self.fn(x) for x in e.scores) for e in r.endings)
        self.causes = Causes(r)
        self.package_lookup = {pkg: i for i, pkg in enumerate(r.packages)}
        # Draws whose probabilities never change, looked up instead of recomputed.
        static: dict[tuple[Any, ...], tuple[tuple[int, float], ...]] = {}
        for side, info in enumerate(r.sides):
            static[(W_FLEX, side)] = tuple(
                (i, lv.p) for i, lv in enumerate(info.flex_levels) if lv.p > 0
            )
        for origin, count in (
            (SRC_MOVE, len(r.moves)),
            (SRC_EVENT, len(r.events)),
            (SRC_REACTION, len(r.reactions)),
        ):
            for index in range(count):
                static[(W_OUTCOMES, origin, index)] = tuple(
                    (i, o.p) for i, o in enumerate(self.outcome_infos(origin, index)) if o.p > 0
                )
        self.static_outcomes = static

    # --- compilation ------------------------------------------------------------------------

    def fn(self, node: Node) -> Fn:
        """Compile an expression of these rules."""
        return compile_expr(node, self.rules.turn_dates, len(self.rules.turn_dates), self._util)

    def _util(self, side: int, env: Any, pkg: tuple[int, ...] | None) -> float:
        return self.values.utility(side, env, pkg if pkg is not None else self.status_quo)

    def ops(self, ops: tuple[Op, ...]) -> tuple[OpFn, ...]:
        """Compile effects to closures over a `Scratch`."""
        return self.effects.ops(ops)

    # --- values (see values.py) -------------------------------------------------------------

    def utility(self, side: int, env: Any, pkg: tuple[int, ...]) -> float:
        """Side's utility of a package in the world `env` (R7.1)."""
        return self.values.utility(side, env, pkg)

    def base_reservation(self, side: int, env: Any) -> float:
        """The side's reservation expression, before its hidden flexibility."""
        return self.values.base_reservation(side, env)

    def reservation(self, side: int, env: Any, level: int) -> float:
        """True reservation level: the expression minus the drawn flexibility (R7.1)."""
        return self.values.reservation(side, env, level)

    def ratify_p(self, side: int, env: Any, pkg: tuple[int, ...], level: int) -> float:
        """Chance that the side's home front ratifies `pkg` (R5.4)."""
        return self.values.ratify_p(side, env, pkg, level)

    # --- chance -----------------------------------------------------------------------------

    def outcomes_of(self, c: Any, item: tuple[Any, ...]) -> tuple[tuple[int, float], ...]:
        """(outcome index, probability) pairs of a chancy work item, zero-probability excluded."""
        static = self.static_outcomes.get(item)
        if static is not None:
            return static
        kind = item[0]
        r = self.rules
        if kind == W_FLEX:
            probs = [lv.p for lv in r.sides[item[1]].flex_levels]
        elif kind == W_FIRE:
            fn = (
                self.event_chance[item[2]]
                if item[1] == SRC_EVENT
                else self.reaction_chance[item[2]]
            )
            assert fn is not None
            p = min(1.0, max(0.0, float(fn(c, _pkg(self, c)))))
            probs = [p, 1.0 - p]
        elif kind == W_OUTCOMES:
            probs = [o.p for o in self.outcome_infos(item[1], item[2])]
        elif kind == W_REVEAL:
            n = len(r.sides[item[1]].flex_levels)
            probs = list(signal_likelihood(n, c.hidden[item[1]], item[3]))
        elif kind == W_RATIFY:
            side = item[1]
            p = self.ratify_p(side, c, r.packages[c.table], c.hidden[side])
            probs = [p, 1.0 - p]
        else:
            raise ValueError(f"not a chance item: {item!r}")
        return tuple((i, p) for i, p in enumerate(probs) if p > 0.0)

    def outcome_infos(self, src: int, index: int) -> tuple[OutcomeInfo, ...]:
        """The branches of a move, event or reaction."""
        r = self.rules
        if src == SRC_MOVE:
            return r.moves[index].outcomes
        if src == SRC_EVENT:
            return r.events[index].outcomes
        return r.reactions[index].outcomes

    def cause_of(self, src: int, index: int) -> Cause:
        """The cause record of a move, event or reaction."""
        return self.causes.of(src, index)

    def initial(self) -> State:
        """The state before any draw: flexibility draws, then turn 1 (R2.1)."""
        r = self.rules
        flags = 0
        for i, f in enumerate(r.flags):
            if f.start:
                flags |= 1 << i
        s = State(
            tuple(m.start for m in r.meters),
            flags,
            tuple(t.status for t in r.territories),
            1,
            PH_CHANCE,
            -1,
            0,
            0,
            0,
            0,
            0,
            -1,
            -1,
            0,
            tuple(-1 for _ in r.sides),
            tuple(() for _ in r.sides),
            (*((W_FLEX, i) for i in range(self.n_sides)), (W_TURN_START,)),
            -1,
            tuple(0 for _ in r.sides),
            tuple(-1 for _ in r.sides),
            (),
        )
        c = Scratch(s, None)
        outs = self.run(c)
        out = c.freeze()
        if outs is not None:
            self.last_chance = (out, outs)
        return out

    def apply(self, s: State, action: int, trace: list[Change] | None) -> State:
        """The successor state. Precondition: `action` is legal in `s`."""
        phase = s.phase
        if trace is None and action >= self.pkg_base and phase != PH_CHANCE:
            # Fast path for the commonest action of search and random play: tabling or
            # countering touches five fields and no effects. Checked against the general path
            # by the traced/untraced differential test.
            side = s.actor
            fields = list(s)
            pkg = action - self.pkg_base
            counter = REC_COUNTER if phase == PH_ANSWER else 0
            fields[_OFFERS] = s.offers + ((s.turn, side, pkg, counter, 0, -1),)  # noqa: RUF005
            fields[_TABLE] = pkg
            fields[_TABLED_BY] = side
            fields[_TABLED_MASK] = (
                s.tabled_mask | (1 << side) | (COUNTER_USED if phase == PH_ANSWER else 0)
            )
            fields[_PHASE] = PH_ANSWER
            fields[_ACTOR] = 1 - side
            return tuple.__new__(State, fields)
        if (
            trace is None
            and s.part == 0
            and (
                (phase == PH_ACT and action == A_END) or (phase == PH_ANSWER and action == A_REJECT)
            )
        ):
            # Fast path: the first part ends (or its package is rejected) and the second side's
            # part begins; no effects, no news. Same differential test.
            fields = list(s)
            fields[_TABLE] = -1
            fields[_TABLED_BY] = -1
            fields[_PART] = 1
            fields[_ACTED] = 0
            fields[_PHASE] = PH_ACT
            fields[_ACTOR] = 1 - self.opener(s.turn)
            return tuple.__new__(State, fields)
        c = Scratch(s, trace)
        if phase == PH_CHANCE:
            item = c.queue.pop(0)
            self.resolve(c, item, action)
        elif phase == PH_ACT:
            self.act(c, action)
        elif phase == PH_ANSWER:
            self.answer(c, action)
        else:
            raise ValueError("the game is over")
        outs = self.run(c)
        out = c.freeze()
        if outs is not None:
            self.last_chance = (out, outs)
        return out

    def settle(self, s: State, package: int, refused_by: int) -> State:
        """`Game.settle`: the package tabled, accepted and voted on in one scratch state, the
        same steps as applying those actions and votes one by one (tested) without a state
        built after each."""
        s = self.apply(s, self.pkg_base + package, None)
        c = Scratch(s, None)
        self.answer(c, A_ACCEPT)
        outs = self.run(c)
        while outs is not None and c.queue[0][0] == W_RATIFY:
            refuse = c.queue[0][1] == refused_by
            # what `apply` starts a chance draw with: a fresh scratch's marks
            c.spawn, c.cause, c.deal, c.deadline = [], None, False, False
            item = c.queue.pop(0)
            self.resolve(c, item, 1 if refuse else 0)
            outs = self.run(c)
            if refuse:
                break
        out = c.freeze()
        if outs is not None:
            self.last_chance = (out, outs)
        return out

    def act(self, c: Scratch, action: int) -> None:
        side = c.actor
        r = self.rules
        if action == A_END:
            c.cause = self.causes.end[side]
            if c.trace is not None:
                c.note(f"{r.sides[side].name} ends its part of the turn.")
            c.queue.insert(0, (W_START_PART, 1) if c.part == 0 else (W_END_TURN,))
        elif action < self.pkg_base:
            i = action - MOVE_BASE
            move = r.moves[i]
            c.cause = self.causes.moves[i]
            if c.trace is not None:
                c.note(f"{r.sides[side].name}: {move.label}.")
            cap = r.sides[side].capital_meter
            if cap >= 0 and move.cost:
                set_meter(c, cap, c.meters[cap] - move.cost, self.lo[cap], self.hi[cap])
            c.used_turn |= 1 << i
            if move.once:
                c.used_game |= 1 << i
            c.acted += 1
            self._happen(c, SRC_MOVE, i, self.move_ops[i], r.reactions_to_move[i])
            if c.queue:
                c.queue.append((W_RESUME, PH_ACT, side))
        else:
            self._table(c, action - self.pkg_base, counter=False)

    def answer(self, c: Scratch, action: int) -> None:
        side = c.actor
        name = self.rules.sides[side].name
        if action == A_ACCEPT:
            c.cause = self.causes.accept[side]
            if c.trace is not None:
                c.note(f"{name} accepts the package; it goes home for ratification.")
            c.recorded(REC_ACCEPTED, 0, -1)
            c.phase = PH_CHANCE
            c.queue[0:0] = [(W_RATIFY, s) for s in range(self.n_sides)] + [(W_DEAL,)]
        elif action == A_REJECT:
            c.cause = self.causes.reject[side]
            if c.trace is not None:
                c.note(f"{name} rejects the package.")
            c.table = -1
            c.tabled_by = -1
            c.queue.insert(0, (W_NEXT,))
        else:
            self._table(c, action - self.pkg_base, counter=True)

    def _table(self, c: Scratch, pkg: int, counter: bool) -> None:
        side = c.actor
        name = self.rules.sides[side].name
        verb = "counters with" if counter else "tables"
        c.cause = (self.causes.counter if counter else self.causes.table)[side]
        if c.trace is not None:
            c.note(f"{name} {verb} a package: {self.package_text(pkg)}.")
        c.offers = (*c.offers, (c.turn, side, pkg, REC_COUNTER if counter else 0, 0, -1))
        c.table = pkg
        c.tabled_by = side
        c.tabled_mask |= (1 << side) | (COUNTER_USED if counter else 0)
        c.phase = PH_ANSWER
        c.actor = 1 - side

    def package_text(self, pkg: int) -> str:
        """The options of a package, in words."""
        r = self.rules
        return "; ".join(
            f"{issue.label}: {issue.options[o].label}"
            for issue, o in zip(r.issues, r.packages[pkg], strict=True)
        )

    def _happen(
        self,
        c: Scratch,
        src: int,
        index: int,
        ops: tuple[OpFn, ...],
        reactions: tuple[int, ...],
    ) -> None:
        """Apply an item's certain effects, then queue its reveals, branches and reactions."""
        c.spawn = []
        for f in ops:
            f(c)
        follow = c.spawn
        if self.outcome_infos(src, index):
            follow.append((W_OUTCOMES, src, index))
        follow.extend((W_REACT, x) for x in reactions)
        if follow:
            c.queue[0:0] = follow

    def resolve(self, c: Scratch, item: tuple[Any, ...], k: int) -> None:
        """Resolve chancy work item `item` with outcome index `k`."""
        kind = item[0]
        r = self.rules
        if kind == W_FLEX:
            side = item[1]
            hidden = list(c.hidden)
            hidden[side] = k
            c.hidden = tuple(hidden)
        elif kind == W_FIRE:
            src, index = item[1], item[2]
            if k == 0:
                c.queue.insert(0, (W_APPLY, src, index))
        elif kind == W_OUTCOMES:
            src, index = item[1], item[2]
            outcome = self.outcome_infos(src, index)[k]
            base = self.cause_of(src, index)
            c.cause = Cause(
                "outcome", f"{base.id}.{outcome.id}", base.label, base.source, base.side
            )
            if outcome.text and c.trace is not None:
                c.note(outcome.text)
            c.spawn = []
            for f in self.outcome_ops[(src, index)][k]:
                f(c)
            if c.spawn:
                c.queue[0:0] = c.spawn
        elif kind == W_REVEAL:
            receiver, acc = item[2], item[3]
            signals = list(c.signals)
            signals[receiver] = (*signals[receiver], (k, acc))
            c.signals = tuple(signals)
        elif kind == W_RATIFY:
            side = item[1]
            c.cause = self.causes.ratify[side]
            if k == 0:
                c.recorded(0, 1 << side, -1)
                if c.trace is not None:
                    c.note(f"{r.sides[side].name}'s home front ratifies the package.")
            else:
                c.recorded(0, 0, side)
                if c.trace is not None:
                    again = self.values.refused_before(side, c, r.packages[c.table])
                    c.note(
                        f"{r.sides[side].name}'s home front refuses to ratify the package"
                        + (", no better for it than one it refused before." if again else ".")
                    )
                self._refused(c, side)
                c.queue = [q for q in c.queue if q[0] not in (W_RATIFY, W_DEAL)]
                c.queue.insert(0, (W_NEXT,))
                c.table = -1
                c.tabled_by = -1

    def _refused(self, c: Scratch, side: int) -> None:
        """A home front refused the package on the table (R5.5): it remembers the best package
        it refused, counts the refusal, and the backlash applies once for each refusal so far
        when the scenario lets it grow."""
        r = self.rules
        best = c.refused[side]
        pkg = r.packages[c.table]
        if best < 0 or self.utility(side, c, pkg) > self.utility(side, c, r.packages[best]):
            c.refused = (*c.refused[:side], c.table, *c.refused[side + 1 :])
        count = c.refusals[side] + 1
        c.refusals = (*c.refusals[:side], count, *c.refusals[side + 1 :])
        for _ in range(count if r.backlash_grows else 1):
            for f in self.on_failure_ops[side]:
                f(c)

    def run(self, c: Scratch) -> tuple[tuple[int, float], ...] | None:
        """Drain deterministic work until a decision, a chance draw or the end.

        Returns the outcomes of the chance draw it stopped at (None at a decision or the end).
        """
        queue = c.queue
        while queue:
            item = queue[0]
            kind = item[0]
            if kind in CHANCY:
                outs = self.outcomes_of(c, item)
                if len(outs) > 1:
                    c.phase = PH_CHANCE
                    c.actor = -1
                    return outs
                queue.pop(0)
                self.resolve(c, item, outs[0][0] if outs else 0)
                queue = c.queue
                continue
            queue.pop(0)
            if kind == W_START_PART:
                part = item[1]
                first = self.opener(c.turn)
                c.part = part
                c.actor = first if part == 0 else 1 - first
                c.acted = 0
                c.phase = PH_ACT
                return None
            elif kind == W_RESUME:
                c.phase = item[1]
                c.actor = item[2]
                return None
            elif kind == W_NEWS:
                self._news(c, item[1])
            elif kind == W_APPLY:
                self._apply_item(c, item[1], item[2])
            elif kind == W_REACT:
                self._react(c, item[1])
            elif kind == W_NEXT:
                queue.insert(0, (W_START_PART, 1) if c.part == 0 else (W_END_TURN,))
            elif kind == W_TURN_START:
                self._turn_start(c)
            elif kind == W_END_TURN:
                self._end_turn(c)
            elif kind == W_DEAL:
                self._deal(c)
            queue = c.queue
        if c.phase == PH_CHANCE:
            raise RuntimeError("engine queue ran dry at a chance node")  # a bug, not user data
        return None

    def opener(self, turn: int) -> int:
        """Side that acts first in `turn` (R3.2)."""
        opens = self.rules.opens
        if opens >= 0:
            return opens
        return 0 if turn % 2 == 1 else 1

    def _turn_start(self, c: Scratch) -> None:
        r = self.rules
        c.used_turn = 0
        c.tabled_mask = 0
        c.table = -1
        c.tabled_by = -1
        c.cause = self.causes.turn
        label = r.turn_labels[c.turn - 1] if c.turn - 1 < len(r.turn_labels) else ""
        if c.trace is not None:
            c.note(f"Turn {c.turn}: {r.turn_dates[c.turn - 1]}{' — ' + label if label else ''}.")
        for side, info in enumerate(r.sides):
            m = info.capital_meter
            if m >= 0:
                c.cause = self.causes.capital[side]
                carried = min(c.meters[m], info.carry_over)
                income = round_int(self.income_fns[side](c, None))
                set_meter(c, m, carried + income, self.lo[m], self.hi[m])
        c.cause = self.causes.drift
        for i, rate, toward in self.decaying:
            v = c.meters[i]
            if v != toward:
                set_meter(c, i, decay_step(v, rate, toward), self.lo[i], self.hi[i])
        for f in self.every_turn_ops:
            f(c)
        c.queue[0:0] = [(W_NEWS, 0), (W_START_PART, 0)]

    def _news(self, c: Scratch, start: int) -> None:
        r = self.rules
        events = r.events
        for j in range(start, len(events)):
            e = events[j]
            if e.turn and e.turn != c.turn:
                continue
            if not e.repeat and c.fired >> j & 1:
                continue
            when = self.event_when[j]
            if when is not None and not when(c, _pkg(self, c)):
                continue
            if not e.turn and when is None and self.event_chance[j] is None:
                continue
            head: tuple[Any, ...]
            if self.event_chance[j] is not None:
                head = (W_FIRE, SRC_EVENT, j)
            else:
                head = (W_APPLY, SRC_EVENT, j)
            c.queue[0:0] = [head, (W_NEWS, j + 1)]
            return

    def _apply_item(self, c: Scratch, src: int, index: int) -> None:
        r = self.rules
        if src == SRC_EVENT:
            e = r.events[index]
            c.fired |= 1 << index
            c.cause = self.causes.events[index]
            if c.trace is not None:
                c.note(headline(e.title, e.text))
            self._happen(c, src, index, self.event_ops[index], r.reactions_to_event[index])
        else:
            x = r.reactions[index]
            c.cause = self.causes.reactions[index]
            if c.trace is not None:
                c.note(headline(x.title, x.text))
            self._happen(c, src, index, self.reaction_ops[index], ())

    def _react(self, c: Scratch, index: int) -> None:
        when = self.reaction_when[index]
        if when is not None and not when(c, _pkg(self, c)):
            return
        if self.reaction_chance[index] is not None:
            c.queue.insert(0, (W_FIRE, SRC_REACTION, index))
        else:
            c.queue.insert(0, (W_APPLY, SRC_REACTION, index))

    def _deal(self, c: Scratch) -> None:
        r = self.rules
        c.cause = self.causes.deal
        pkg = r.packages[c.table]
        if c.trace is not None:
            c.note(f"Both home fronts ratify: {self.package_text(c.table)}.")
        for k, opt in enumerate(pkg):
            c.cause = self.causes.option[k][opt]
            for f in self.on_deal_ops[k][opt]:
                f(c)
        c.deal = True
        c.deadline = c.turn >= self.last_turn
        self._finish(c, self.pick_ending(c, deal=True, deadline=c.deadline), force=True)

    def _end_turn(self, c: Scratch) -> None:
        deadline = c.turn >= self.last_turn
        c.deal = False
        c.deadline = deadline
        ending = self.pick_ending(c, deal=False, deadline=deadline)
        if ending >= 0 or deadline:
            self._finish(c, ending, force=True)
            return
        c.turn += 1
        c.queue.insert(0, (W_TURN_START,))

    def pick_ending(self, c: Any, deal: bool, deadline: bool) -> int:
        """First ending whose condition holds; the fallback when the game must end (R8.1)."""
        # a pure cache keyed by everything the conditions read (the env's own `deal` and
        # `deadline` marks, which the built-ins read, besides the arguments)
        key = (deal, deadline, getattr(c, "deal", False), getattr(c, "deadline", False),
               c.turn, c.table, self._ending_reads.key(c))  # fmt: skip
        found = self._picked.get(key)
        if found is None:
            found = remember(self._picked, key, self._pick_ending(c, deal, deadline), PICKED_CACHE)
        return found

    def _pick_ending(self, c: Any, deal: bool, deadline: bool) -> int:
        pkg = self.rules.packages[c.table] if deal and c.table >= 0 else None
        fallback = -1
        needs_deal = self.ending_needs_deal
        for i, when in enumerate(self.ending_when):
            if when is None:
                if fallback < 0:
                    fallback = i
            elif (deal or not needs_deal[i]) and when(c, pkg):
                return i
        return fallback if (deal or deadline) else -1

    def _finish(self, c: Scratch, ending: int, force: bool) -> None:
        r = self.rules
        if ending < 0 and force:
            ending = len(r.endings) - 1
        c.ending = ending
        c.phase = PH_TERMINAL
        c.actor = -1
        c.queue = []
        if ending >= 0:
            e = r.endings[ending]
            c.cause = Cause("ending", e.id, e.title, e.source)
            if c.trace is not None:
                c.note(f"Ending: {e.title}.")


def _pkg(m: Machine, c: Any) -> tuple[int, ...] | None:
    t = c.table
    return m.rules.packages[t] if t >= 0 else None


def headline(title: str, text: str | None) -> str:
    """A news item's line: its title, then its text after a dash (a title ends without a full
    stop, so a bare space ran the two together)."""
    return f"{title} — {text}" if text else title


__all__ = [
    "A_ACCEPT",
    "A_END",
    "A_REJECT",
    "MOVE_BASE",
    "SRC_EVENT",
    "SRC_MOVE",
    "SRC_REACTION",
    "W_FIRE",
    "W_FLEX",
    "W_OUTCOMES",
    "W_RATIFY",
    "W_REVEAL",
    "Machine",
    "Scratch",
    "logistic",
]
