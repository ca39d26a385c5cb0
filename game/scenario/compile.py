"""Compile a checked scenario into the engine's `Rules`: ids become indices, effects become ops.

`build_rules` assumes `lint.check` reported no error for the same spec and reuses its parsed
expressions (`ParsedExprs`). Shared moves (`side: any`) become one `MoveInfo` per side with
`self`/`other` resolved; the ratification backlash is compiled once per side.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Sequence
from typing import Any

from game.engine.expr import Const, Node, resolve_sides
from game.engine.rules import (
    ActorInfo,
    AddOp,
    AdvisorInfo,
    CondOp,
    ContextShapeInfo,
    EndingInfo,
    EventInfo,
    FlagInfo,
    FlexLevelInfo,
    ForbiddenRule,
    IsletInfo,
    IssueInfo,
    MapInfo,
    MeterInfo,
    MoveInfo,
    Op,
    OptionInfo,
    OutcomeInfo,
    ReactionInfo,
    RevealOp,
    Rules,
    SetFlagOp,
    SetMeterOp,
    SetStatusOp,
    SideInfo,
    SourceRef,
    StatusInfo,
    TermInfo,
    TerritoryInfo,
    ValuesInfo,
)
from game.scenario.lint import add_months, turn_dates
from game.scenario.schema import (
    AddEffect,
    Effect,
    Outcome,
    RevealEffect,
    ScenarioSpec,
    SetEffect,
    Source,
    Values,
    WhenEffect,
)
from game.scenario.symbols import (
    ParsedExprs,
    Path,
    PositionLookup,
    SymbolTable,
    coherent_packages,
    start_env,
)

__all__ = ["build_rules", "citation", "date_to_turn", "history_action"]


def citation(source: Source) -> str:
    """A one-line citation: "title — publication, date", or the note, or the id."""
    if source.title:
        text = source.title
        if source.publication:
            text += f" — {source.publication}"
        if source.date:
            text += f", {source.date}"
        return text
    return source.note or source.id


def date_to_turn(date: str, dates: Sequence[str], end: str) -> int:
    """The turn whose date range holds `date` (1 if earlier than the first; len+1 if from `end`)."""
    if date >= end:
        return len(dates) + 1
    return max(1, bisect.bisect_right(list(dates), date))


def _package_text(mapping: dict[str, Any], spec: ScenarioSpec, sym: SymbolTable) -> str:
    parts = []
    for k, issue in enumerate(spec.issues):
        option = mapping.get(issue.id)
        if option is None:
            option = issue.options[_status_quo(spec, k)].id
        parts.append(f"{issue.id}={option}")
    return " ".join(parts)


def _status_quo(spec: ScenarioSpec, k: int) -> int:
    options = spec.issues[k].options
    return next((j for j, o in enumerate(options) if o.status_quo), 0)


def _parse_pairs(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in text.split():
        issue, _, option = part.partition("=")
        out[issue] = option
    return out


def history_action(step: str | dict[str, Any], spec: ScenarioSpec, sym: SymbolTable) -> str:
    """A history step as a canonical action string, e.g. `japan: table a=x b=y` or `accept`."""
    side = ""
    if isinstance(step, str):
        text = " ".join(step.split())
        head, colon, rest = text.partition(":")
        if colon and head in sym.sides:
            side, text = head, rest.strip()
        word, _, rest = text.partition(" ")
        if word in ("table", "counter"):
            text = f"{word} {_package_text(_parse_pairs(rest), spec, sym)}"
        elif word == "chance":
            text = f"chance {rest.replace(' ', '')}"
    else:
        side = str(step.get("side", "") or "")
        if "move" in step:
            text = f"move {step['move']}"
        elif "table" in step or "counter" in step:
            word = "table" if "table" in step else "counter"
            text = f"{word} {_package_text(dict(step[word]), spec, sym)}"
        elif "answer" in step:
            text = str(step["answer"])
        elif "chance" in step:
            value = step["chance"]
            if isinstance(value, dict):
                ((node, outcome),) = value.items()
                value = f"{node}={outcome}"
            text = f"chance {str(value).replace(' ', '')}"
        else:
            text = "end"
    return f"{side}: {text}" if side else text


class _Compiler:
    def __init__(
        self,
        spec: ScenarioSpec,
        positions: PositionLookup,
        parsed: ParsedExprs,
        source_file: str,
    ) -> None:
        self.spec = spec
        self.positions = positions
        self.parsed = parsed
        self.sym = parsed.symbols
        self.source_file = source_file
        self.refs: list[dict[str, int]] = [
            {r: self.sym.meters[m] for r, m in side.refs.items() if m in self.sym.meters}
            for side in spec.sides
        ]

    # --- helpers ---------------------------------------------------------------------------

    def src(self, path: Path) -> SourceRef:
        try:
            file, line, col = self.positions.value_at(path)
        except Exception:
            return SourceRef(self.source_file, 0, 0)
        return SourceRef(file, line, col)

    def node(self, path: Path, value: int | float | str | None, side: int | None) -> Node:
        found = self.parsed.get(path)
        if found is None:
            if isinstance(value, int | float):
                found = Const(value)
            else:
                raise ValueError(f"no parsed expression at {path!r} (run lint.check first)")
        return resolve_sides(found, self.refs, side) if side is not None else found

    def opt_node(
        self, path: Path, value: int | float | str | None, side: int | None
    ) -> Node | None:
        return None if value is None else self.node(path, value, side)

    def meter(self, key: str, side: int | None) -> int:
        which, _, ref = key.partition(".")
        if which in ("self", "other") and ref and side is not None:
            target = side if which == "self" else 1 - side
            return self.refs[target][ref]
        return self.sym.meters[key]

    def ops(self, path: Path, effects: Sequence[Effect], side: int | None) -> tuple[Op, ...]:
        out: list[Op] = []
        for k, eff in enumerate(effects):
            p = (*path, k)
            if isinstance(eff, AddEffect):
                for key, amount in eff.add.items():
                    node = self.node((*p, "add", key), amount, side)
                    out.append(AddOp(self.meter(key, side), node))
            elif isinstance(eff, SetEffect):
                for key, value in eff.set.items():
                    if key.endswith(".status") and key[:-7] in self.sym.territories:
                        assert isinstance(value, str)
                        out.append(
                            SetStatusOp(self.sym.territories[key[:-7]], self.sym.statuses[value])
                        )
                    elif key in self.sym.flags:
                        out.append(SetFlagOp(self.sym.flags[key], bool(value)))
                    else:
                        assert not isinstance(value, bool)
                        node = self.node((*p, "set", key), value, side)
                        out.append(SetMeterOp(self.meter(key, side), node))
            elif isinstance(eff, RevealEffect):
                about_id = eff.reveal.about
                if about_id in ("self", "other"):
                    assert side is not None
                    about = side if about_id == "self" else 1 - side
                else:
                    about = self.sym.sides[about_id]
                out.append(RevealOp(about, 1 - about, eff.reveal.accuracy))
            elif isinstance(eff, WhenEffect):
                out.append(
                    CondOp(
                        self.node((*p, "when"), eff.when, side),
                        self.ops((*p, "then"), eff.then, side),
                        self.ops((*p, "else"), eff.else_, side),
                    )
                )
        return tuple(out)

    def outcomes(
        self, path: Path, outcomes: Sequence[Outcome], side: int | None
    ) -> tuple[OutcomeInfo, ...]:
        return tuple(
            OutcomeInfo(o.id, o.p, o.text or "", self.ops((*path, j, "effects"), o.effects, side))
            for j, o in enumerate(outcomes)
        )

    def values(self, path: Path, values: Values, side: int) -> ValuesInfo:
        weights: list[tuple[Node, ...]] = []
        for issue in self.spec.issues:
            given = values.options.get(issue.id, {})
            row: list[Node] = []
            for option in issue.options:
                if option.id in given:
                    p = (*path, "options", issue.id, option.id)
                    row.append(self.node(p, given[option.id], side))
                else:
                    row.append(Const(0))
            weights.append(tuple(row))
        terms = tuple(
            TermInfo(
                t.id,
                self.node((*path, "terms", j, "when"), t.when, side),
                self.node((*path, "terms", j, "value"), t.value, side),
                t.text or "",
            )
            for j, t in enumerate(values.terms)
        )
        return ValuesInfo(tuple(weights), terms)

    # --- sections --------------------------------------------------------------------------

    def sides(self) -> tuple[SideInfo, ...]:
        out = []
        for i, s in enumerate(self.spec.sides):
            p: Path = ("sides", i)
            cap = s.capital
            flex = s.flexibility
            kwargs: dict[str, Any] = {}
            if flex is not None:
                kwargs["flex_label"] = flex.label
                kwargs["flex_levels"] = tuple(
                    FlexLevelInfo(lv.id, lv.label, lv.value, lv.p) for lv in flex.levels
                )
            out.append(
                SideInfo(
                    id=s.id,
                    name=s.name,
                    capital_meter=self.sym.meters[cap.meter] if cap else -1,
                    income=self.node((*p, "capital", "income"), cap.income, i) if cap else Const(0),
                    carry_over=cap.carry_over if cap else 0,
                    max_actions=s.max_actions_per_turn,
                    values=self.values((*p, "values"), s.values, i),
                    reservation=self.node((*p, "reservation"), s.reservation, i),
                    advisors=tuple(
                        AdvisorInfo(
                            a.id,
                            a.name,
                            self.values((*p, "advisors", j, "values"), a.values, i),
                            a.description or "",
                        )
                        for j, a in enumerate(s.advisors)
                    ),
                    leader=s.leader or "",
                    description=s.description or "",
                    capital_source=self.src((*p, "capital", "income")),
                    reservation_drift=s.reservation_drift,
                    personality=s.personality or "",
                    **kwargs,
                )
            )
        return tuple(out)

    def moves(self) -> tuple[MoveInfo, ...]:
        out: list[MoveInfo] = []
        for i, m in enumerate(self.spec.moves):
            p: Path = ("moves", i)
            sides = range(len(self.spec.sides)) if m.side == "any" else [self.sym.sides[m.side]]
            out.extend(
                MoveInfo(
                    id=m.id,
                    side=side,
                    label=m.label,
                    category=m.category,
                    cost=m.cost,
                    when=self.opt_node((*p, "when"), m.when, side),
                    once=m.once,
                    effects=self.ops((*p, "effects"), m.effects, side),
                    outcomes=self.outcomes((*p, "outcomes"), m.outcomes, side),
                    text=m.text or "",
                    source=self.src(p),
                    sources=tuple(_ids(m.source)),
                )
                for side in sides
            )
        return tuple(out)

    def events(self, dates: tuple[str, ...], end: str) -> tuple[EventInfo, ...]:
        out = []
        for i, e in enumerate(self.spec.events):
            p: Path = ("events", i)
            turn = 0
            if e.at is not None:
                if e.at.turn is not None:
                    turn = e.at.turn
                elif e.at.date is not None:
                    turn = date_to_turn(e.at.date, dates, end)
            out.append(
                EventInfo(
                    id=e.id,
                    title=e.title,
                    turn=turn,
                    when=self.opt_node((*p, "when"), e.when, None),
                    chance=self.opt_node((*p, "chance"), e.chance, None),
                    repeat=e.repeat,
                    effects=self.ops((*p, "effects"), e.effects, None),
                    outcomes=self.outcomes((*p, "outcomes"), e.outcomes, None),
                    text=e.text or "",
                    actor=e.actor or "",
                    source=self.src(p),
                    sources=tuple(_ids(e.source)),
                )
            )
        return tuple(out)

    def reactions(self) -> tuple[ReactionInfo, ...]:
        out = []
        for i, r in enumerate(self.spec.reactions):
            p: Path = ("reactions", i)
            out.append(
                ReactionInfo(
                    id=r.id,
                    actor=r.actor,
                    title=r.title,
                    when=self.opt_node((*p, "when"), r.when, None),
                    chance=self.opt_node((*p, "chance"), r.chance, None),
                    effects=self.ops((*p, "effects"), r.effects, None),
                    outcomes=self.outcomes((*p, "outcomes"), r.outcomes, None),
                    text=r.text or "",
                    source=self.src(p),
                    sources=tuple(_ids(r.source)),
                )
            )
        return tuple(out)

    def reaction_index(
        self, moves: tuple[MoveInfo, ...]
    ) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]]:
        reactions = self.spec.reactions
        to_move = []
        for m in moves:
            side_id = self.spec.sides[m.side].id
            to_move.append(
                tuple(
                    j
                    for j, r in enumerate(reactions)
                    if (m.id in r.to.moves or m.category in r.to.categories)
                    and (r.to.side is None or r.to.side == side_id)
                )
            )
        to_event = [
            tuple(j for j, r in enumerate(reactions) if e.id in r.to.events)
            for e in self.spec.events
        ]
        return tuple(to_move), tuple(to_event)

    def endings(self) -> tuple[EndingInfo, ...]:
        out = []
        for i, e in enumerate(self.spec.endings):
            p: Path = ("endings", i)
            scores = tuple(
                self.node((*p, "score", s.id), e.score[s.id], None) for s in self.spec.sides
            )
            out.append(
                EndingInfo(
                    id=e.id,
                    title=e.title,
                    when=self.opt_node((*p, "when"), e.when, None),
                    scores=scores,
                    epilogue=e.epilogue,
                    history_note=e.history_note or "",
                    source=self.src(p),
                )
            )
        return tuple(out)

    def issues(self) -> tuple[IssueInfo, ...]:
        out = []
        for k, issue in enumerate(self.spec.issues):
            p: Path = ("issues", k)
            options = tuple(
                OptionInfo(
                    o.id,
                    o.label,
                    o.description or "",
                    self.ops((*p, "options", j, "on_deal"), o.on_deal, None),
                    self.src((*p, "options", j)),
                )
                for j, o in enumerate(issue.options)
            )
            out.append(
                IssueInfo(
                    issue.id,
                    issue.label,
                    options,
                    _status_quo(self.spec, k),
                    issue.description or "",
                )
            )
        return tuple(out)

    def packages(self) -> tuple[tuple[int, ...], ...]:
        if self.parsed.packages is not None:
            return self.parsed.packages
        rules = [
            self.node(("forbidden_packages", i, "when"), r.when, None)
            for i, r in enumerate(self.spec.forbidden_packages)
        ]
        counts = [len(i.options) for i in self.spec.issues]
        return coherent_packages(counts, rules, start_env(self.spec, self.sym))

    def forbidden(self) -> tuple[ForbiddenRule, ...]:
        return tuple(
            ForbiddenRule(
                r.id,
                r.text,
                self.node(("forbidden_packages", i, "when"), r.when, None),
                " ".join(r.when.split()),
                self.src(("forbidden_packages", i)),
                tuple(_ids(r.source)),
            )
            for i, r in enumerate(self.spec.forbidden_packages)
        )

    def map(self) -> MapInfo | None:
        m = self.spec.map
        if m is None:
            return None
        b = m.bounds
        return MapInfo(
            bounds=(b[0], b[1], b[2], b[3]),
            context=tuple(
                ContextShapeInfo(
                    c.id, tuple(c.names.items()), _outline(c.outline), tuple(c.native_names.items())
                )
                for c in m.context
            ),
            attribution=m.attribution or "",
        )

    def build(self, digest: str) -> Rules:
        spec = self.spec
        sym = self.sym
        clock = spec.clock
        assert clock is not None, "lint.check requires a clock (L005)"
        dates = turn_dates(clock.start, clock.months_per_turn, clock.turns)
        end = add_months(
            datetime.date.fromisoformat(clock.start), clock.months_per_turn * clock.turns
        ).isoformat()
        moves = self.moves()
        to_move, to_event = self.reaction_index(moves)
        labels: tuple[str, ...] = ()
        if clock.turn_labels:
            labels = tuple(clock.turn_labels.get(t, "") for t in range(1, clock.turns + 1))
        return Rules(
            scenario_id=spec.id,
            title=spec.title or spec.id,
            digest=digest,
            sides=self.sides(),
            meters=tuple(
                MeterInfo(
                    id=m.id,
                    label=m.label,
                    lo=m.min,
                    hi=m.max,
                    start=m.start,
                    helps=sym.sides[m.helps] if m.helps else -1,
                    unit=m.unit or "",
                    group=m.group or "",
                    show=m.show,
                    description=m.description or "",
                    source=self.src(("meters", i)),
                    decay_rate=m.decay.rate if m.decay else 0.0,
                    decay_toward=m.decay.toward if m.decay else 0,
                    diminishing_above=m.diminishing_above,
                )
                for i, m in enumerate(spec.meters)
            ),
            flags=tuple(
                FlagInfo(f.id, f.label, f.start, f.description or "", self.src(("flags", i)))
                for i, f in enumerate(spec.flags)
            ),
            statuses=tuple(
                StatusInfo(s.id, s.label, s.description or "") for s in spec.territory_statuses
            ),
            territories=tuple(
                TerritoryInfo(
                    id=t.id,
                    names=tuple(t.names.items()),
                    area_km2=t.area_km2,
                    population=t.population,
                    status=sym.statuses[t.status],
                    outline=_outline(t.outline),
                    label_at=(t.label_at[0], t.label_at[1]) if t.label_at else None,
                    description=t.description or "",
                    source=self.src(("territories", i)),
                    native_names=tuple(t.native_names.items()),
                    islets=tuple(
                        IsletInfo(
                            id=a.id,
                            names=tuple(a.names.items()),
                            native_names=tuple(a.native_names.items()),
                            area_km2=a.area_km2,
                            outline=_outline(a.outline),
                            label_at=(a.label_at[0], a.label_at[1]) if a.label_at else None,
                            description=a.description or "",
                            source=self.src(("territories", i, "islets", j)),
                        )
                        for j, a in enumerate(t.islets)
                    ),
                )
                for i, t in enumerate(spec.territories)
            ),
            issues=self.issues(),
            packages=self.packages(),
            moves=moves,
            events=self.events(dates, end),
            reactions=self.reactions(),
            reactions_to_move=to_move,
            reactions_to_event=to_event,
            endings=self.endings(),
            turn_dates=dates,
            opens=sym.sides.get(clock.opens, -1),
            every_turn=self.ops(("every_turn",), spec.every_turn, None),
            softness=spec.ratification.softness,
            softness_below=spec.ratification.softness_below or spec.ratification.softness / 2,
            refusal_step=spec.ratification.refusal_step,
            backlash_grows=spec.ratification.backlash == "grows",
            retry_fails=spec.ratification.retry == "fails",
            on_failure=tuple(
                self.ops(("ratification", "on_failure"), spec.ratification.on_failure, i)
                for i in range(len(spec.sides))
            ),
            table_when=self.opt_node(
                ("tabling", "when"), spec.tabling.when if spec.tabling else None, None
            ),
            score_min=spec.scoring.min,
            score_max=spec.scoring.max,
            turn_labels=labels,
            deadline_text=clock.deadline_text or "",
            actors=tuple(
                ActorInfo(a.id, a.name, a.role or "", sym.sides[a.side] if a.side else -1)
                for a in spec.actors
            ),
            map=self.map(),
            forbidden=self.forbidden(),
            source_file=self.source_file,
            every_turn_source=self.src(("every_turn",)),
            ratification_source=self.src(("ratification",)),
            sources=tuple((s.id, citation(s)) for s in spec.sources),
            history=tuple(history_action(st, spec, sym) for st in spec.history.steps)
            if spec.history
            else (),
            history_ending=spec.history.ending if spec.history else "",
            briefing=spec.ui.briefing or "",
            side_briefings=tuple(spec.ui.side_briefings.get(s.id, "") for s in spec.sides),
            summary=spec.summary or "",
            extra=dict(spec.ui.labels),
        )


def _ids(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _outline(
    polygons: Sequence[Sequence[Sequence[float]]],
) -> tuple[tuple[tuple[float, float], ...], ...]:
    return tuple(tuple((pt[0], pt[1]) for pt in poly) for poly in polygons)


def build_rules(
    spec: ScenarioSpec,
    positions: PositionLookup,
    parsed: ParsedExprs,
    digest: str,
    source_file: str,
) -> Rules:
    """Compile a scenario that `lint.check` passed without errors into the engine's `Rules`."""
    return _Compiler(spec, positions, parsed, source_file).build(digest)
