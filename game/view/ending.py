"""The end of the game: scores on the scenario's scale beside no deal, and the deal-space debrief.

The debrief places every coherent package by both sides' utilities (public: only reservation
levels are hidden) against the Pareto frontier and the Nash bargaining point, with the status quo
as the disagreement point, and marks the packages tabled in the game.
"""

from __future__ import annotations

from game.engine import PH_ANSWER, PH_TERMINAL, Game, State
from game.view.log import MatchLog, first_decision
from game.view.models import DealPoint, DealSpace, EndingView, ScoreLine
from game.view.world import meter_views


def pareto_frontier(points: list[tuple[float, float]]) -> tuple[int, ...]:
    """Indices of the points no other point beats on both coordinates, by the first one."""
    order = sorted(range(len(points)), key=lambda i: (-points[i][0], -points[i][1]))
    out: list[int] = []
    best = float("-inf")
    for i in order:
        if points[i][1] > best:
            out.append(i)
            best = points[i][1]
    return tuple(sorted(out, key=lambda i: points[i][0]))


def nash_point(points: list[tuple[float, float]], d: tuple[float, float]) -> int:
    """Index of the point that maximises the product of gains over `d` (-1 if none gains)."""
    best, arg = 0.0, -1
    for i, (a, b) in enumerate(points):
        if a > d[0] and b > d[1]:
            prod = (a - d[0]) * (b - d[1])
            if prod > best:
                best, arg = prod, i
    return arg


def tabled_packages(log: MatchLog) -> dict[int, int]:
    """Package index -> the side that last tabled it in the match."""
    game = log.game
    out: dict[int, int] = {}
    for a, actor in zip(log.actions, log.actors, strict=True):
        p = game.package_of(a) if actor >= 0 else -1
        if p >= 0:
            out[p] = actor
    return out


def deal_space(game: Game, state: State, tabled: dict[int, int]) -> DealSpace:
    """Every coherent package by both sides' utilities in the world of `state`."""
    u0 = game.utilities(state, 0)
    u1 = game.utilities(state, 1)
    pts = list(zip(u0, u1, strict=True))
    d = (game.status_quo_utility(state, 0), game.status_quo_utility(state, 1))
    points = tuple(
        DealPoint(p, game.package_text(p), pts[p], tabled.get(p, -1)) for p in range(len(pts))
    )
    return DealSpace(
        points=points,
        frontier=pareto_frontier(pts),
        nash=nash_point(pts, d),
        disagreement=d,
        tabled=tuple(sorted(tabled)),
    )


def decision_state(log: MatchLog) -> State:
    """The state to judge the deal space in: the last answer, else the last state before the end."""
    states: list[State] = list(log.states)
    answers = [k for k, st in enumerate(states) if st.phase == PH_ANSWER]
    if answers:
        return states[answers[-1]]
    live = [k for k, st in enumerate(states) if st.phase != PH_TERMINAL]
    return states[live[-1]] if live else states[-1]


def ending_view(log: MatchLog, viewer: int) -> EndingView | None:
    """The ending for `viewer`, or None while the game goes on."""
    game = log.game
    state = log.states[-1]
    ending = game.ending(state)
    if ending is None:
        return None
    r = game.rules
    scores = game.returns(state)
    judge = decision_state(log)
    no_deal = game.no_deal_returns(judge) if state.table >= 0 else scores
    first = first_decision(log)
    start = game.no_deal_returns(first) if state.table < 0 and first is not None else None
    lines = tuple(
        ScoreLine(
            s.name,
            scores[i],
            no_deal[i],
            r.score_min,
            r.score_max,
            None if start is None else start[i],
        )
        for i, s in enumerate(r.sides)
    )
    return EndingView(
        title=ending.title,
        epilogue=ending.epilogue.strip(),
        history_note=ending.history_note.strip(),
        agreement=game.package_text(state.table) if state.table >= 0 else "",
        scores=lines,
        meters=meter_views(log, viewer),
        deal_space=deal_space(game, judge, tabled_packages(log)),
        limits=tuple(
            f"{side.name}: {side.flex_levels[h].label}"
            for side, h in zip(r.sides, state.hidden, strict=True)
            if h >= 0
        ),
    )
