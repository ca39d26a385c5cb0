"""The negotiation table for one side: everything a front end shows at a decision.

    view = table_view(session, viewer=0, news_from=k)   # k: first step not yet shown

It is pure: the same match and viewer give an equal view, and two matches that differ only in the
other side's hidden draw and the signals it received give equal views (tests check this).
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine import PH_ACT, PH_ANSWER, Game, State
from game.view.ending import ending_view
from game.view.log import MatchLog
from game.view.models import (
    EndingView,
    MeterView,
    MoveView,
    NewsItem,
    PackageView,
    TerritoryView,
)
from game.view.moves import move_views
from game.view.news import news
from game.view.packages import AnswerModel, analyse_package
from game.view.world import flags_on, meter_views, territory_views


@dataclass(frozen=True, slots=True)
class LimitsView:
    """What the viewer knows of both sides' limits."""

    own_label: str
    own_level: str
    own_reservation: float
    other_name: str
    estimate: float
    spread: float
    low: float
    high: float

    def lines(self) -> list[str]:
        """The limits in words."""
        out = []
        if self.own_level:
            out.append(
                f"{self.own_label[:1].upper()}{self.own_label[1:]} (only you know it): "
                f"{self.own_level}; your reservation level {self.own_reservation:.1f}"
            )
        out.append(
            f"{self.other_name}'s reservation level: about {self.estimate:.1f} ± "
            f"{self.spread:.1f} ({self.low:.1f}..{self.high:.1f})"
        )
        return out


@dataclass(frozen=True, slots=True)
class TableView:
    """One side's view of the negotiation table."""

    viewer: int
    side_name: str
    other_name: str
    date: str
    turn: int
    num_turns: int
    turn_label: str
    turns_left: int
    role: str
    """'act', 'answer', 'wait' (the other side or chance is to move) or 'over'."""
    to_move: str
    capital: int
    """Political capital now (-1 when moves are free)."""
    moves_left: int
    meters: tuple[MeterView, ...]
    flags: tuple[str, ...]
    territories: tuple[TerritoryView, ...]
    moves: tuple[MoveView, ...]
    can_table: bool
    on_table: PackageView | None
    tabled_by: str
    limits: LimitsView
    news: tuple[NewsItem, ...]
    ending: EndingView | None


def _role(game: Game, state: State, viewer: int) -> str:
    if game.is_terminal(state):
        return "over"
    if state.actor != viewer or state.phase not in (PH_ACT, PH_ANSWER):
        return "wait"
    return "answer" if state.phase == PH_ANSWER else "act"


def table_view(
    log: MatchLog,
    viewer: int,
    news_from: int = 0,
    *,
    names: str = "auto",
    verbose: bool = False,
    previews: bool = True,
    answer_model: AnswerModel | None = None,
) -> TableView:
    """The table as side `viewer` sees it after the last step of `log`."""
    game = log.game
    r = game.rules
    state = log.states[-1]
    obs = game.observe(state, viewer)
    info = r.sides[viewer]
    other = 1 - viewer
    role = _role(game, state, viewer)
    turn = state.turn
    label = r.turn_labels[turn - 1] if 0 < turn <= len(r.turn_labels) else ""
    legal = game.legal_actions(state) if role in ("act", "answer") else ()
    can_table = any(game.package_of(a) >= 0 for a in legal)
    on_table = None
    tabled_by = ""
    if state.table >= 0 and not game.is_terminal(state):
        on_table = analyse_package(game, state, viewer, state.table, answer_model)
        tabled_by = r.sides[state.tabled_by].name if state.tabled_by >= 0 else ""
    level = ""
    if obs.own_level >= 0:
        level = info.flex_levels[obs.own_level].label
    to_move = r.sides[state.actor].name if 0 <= state.actor < len(r.sides) else ""
    return TableView(
        viewer=viewer,
        side_name=info.name,
        other_name=r.sides[other].name,
        date=obs.date,
        turn=turn,
        num_turns=r.num_turns,
        turn_label=label,
        turns_left=max(0, r.num_turns - turn),
        role=role,
        to_move=to_move,
        capital=state.meters[info.capital_meter] if info.capital_meter >= 0 else -1,
        moves_left=max(0, info.max_actions - state.acted) if role == "act" else 0,
        meters=meter_views(log, viewer),
        flags=flags_on(game, state.flags),
        territories=territory_views(game, state.statuses, viewer, names),
        moves=move_views(game, state, viewer, names, previews and role == "act"),
        can_table=can_table,
        on_table=on_table,
        tabled_by=tabled_by,
        limits=LimitsView(
            info.flex_label,
            level,
            obs.own_reservation,
            r.sides[other].name,
            obs.estimate,
            obs.spread,
            obs.low,
            obs.high,
        ),
        news=news(log, viewer, news_from, verbose),
        ending=ending_view(log, viewer),
    )
