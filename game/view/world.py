"""The world as a side sees it: meters with their last change and history, and the territories."""

from __future__ import annotations

from game.engine import Game, State
from game.view.log import MatchLog, last_decision
from game.view.models import MeterView, TerritoryView
from game.view.names import territory_name


def meter_history(log: MatchLog, index: int) -> tuple[int, ...]:
    """The meter's value at the end of each finished turn, then its value now."""
    states = log.states
    out = [
        states[k - 1].meters[index]
        for k in range(1, len(states))
        if states[k].turn != states[k - 1].turn
    ]
    out.append(states[-1].meters[index])
    return tuple(out)


def meter_views(log: MatchLog, viewer: int, shown_only: bool = True) -> tuple[MeterView, ...]:
    """Every (shown) meter with its change since the viewer's last decision and its history;
    the meters the viewer's side is scored on come first (in the scenario's order, then the
    others), so a short panel shows them."""
    game = log.game
    r = game.rules
    now = log.states[-1]
    k = last_decision(log, viewer) if viewer >= 0 else -1
    before = log.states[k].meters if k >= 0 else None
    scored = set(game.scored_meters(viewer)) if 0 <= viewer < len(r.sides) else set()
    out = []
    for i, m in enumerate(r.meters):
        if shown_only and not m.show:
            continue
        helps = r.sides[m.helps].name if 0 <= m.helps < len(r.sides) else ""
        out.append(
            MeterView(
                index=i,
                id=m.id,
                label=m.label,
                value=now.meters[i],
                lo=m.lo,
                hi=m.hi,
                unit=m.unit,
                group=m.group,
                helps=helps,
                last_change=now.meters[i] - before[i] if before is not None else 0,
                history=meter_history(log, i),
                description=m.description,
                scored=i in scored,
                score_sign=score_sign(game, now, viewer, i) if i in scored else 0,
            )
        )
    return tuple(sorted(out, key=lambda mv: not mv.scored))


SIGN_STEP = 3
"""Points a meter is moved either way to read which way the score goes with it."""


def score_sign(game: Game, state: State, side: int, meter: int) -> int:
    """+1 when `side`'s no-deal score at `state` rises with the meter (moved `SIGN_STEP`
    either way, within its range), -1 when it falls, 0 when it does not move."""
    m = game.rules.meters[meter]
    v = state.meters[meter]

    def at(x: int) -> float:
        meters = (*state.meters[:meter], x, *state.meters[meter + 1 :])
        return game.no_deal_returns(state._replace(meters=meters))[side]

    gain = at(min(m.hi, v + SIGN_STEP)) - at(max(m.lo, v - SIGN_STEP))
    return 1 if gain > 1e-9 else -1 if gain < -1e-9 else 0


def flags_on(game: Game, flags: int) -> tuple[str, ...]:
    """Labels of the flags that are true."""
    return tuple(f.label for i, f in enumerate(game.rules.flags) if flags >> i & 1)


def territory_views(
    game: Game, statuses: tuple[int, ...], viewer: int, names: str
) -> tuple[TerritoryView, ...]:
    """Each territory with its name (per the names setting) and its status."""
    r = game.rules
    return tuple(
        TerritoryView(
            index=i,
            id=t.id,
            name=territory_name(r, i, names, viewer),
            status=r.statuses[st].label,
            status_id=r.statuses[st].id,
            status_index=st,
            area_km2=t.area_km2,
            population=t.population,
            description=t.description,
            outline=t.outline,
            label_at=t.label_at,
        )
        for i, (t, st) in enumerate(zip(r.territories, statuses, strict=True))
    )
