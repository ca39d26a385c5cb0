"""Moves with the engine's preview, their description, and why one is not available now."""

from __future__ import annotations

from collections.abc import Sequence

from game.engine import PH_ACT, Game, State
from game.view.briefing import source_of
from game.view.models import MoveView
from game.view.names import territory_name


def preview_text(game: Game, state: State, action: int, viewer: int, names: str = "auto") -> str:
    """The engine's expected effects of a legal action, in one line."""
    r = game.rules
    p = game.preview(state, action)
    out = []
    for ln in p.lines:
        if ln.kind == "meter":
            if ln.certain:
                out.append(f"{ln.label} {ln.high - ln.before:+d}")
            else:
                out.append(
                    f"{ln.label} {ln.expected - ln.before:+.1f} "
                    f"({ln.low - ln.before:+d}..{ln.high - ln.before:+d})"
                )
        elif ln.kind == "flag":
            now = "on" if ln.before == 0 else "off"
            chance = "" if ln.certain else f" ({round(ln.p_change * 100)}%)"
            out.append(f"{ln.label}: {now}{chance}")
        else:
            name = territory_name(r, ln.target, names, viewer)
            chance = "" if ln.certain else f" ({round(ln.p_change * 100)}%)"
            out.append(f"{name}: {r.statuses[ln.high].label}{chance}")
    for side, p_signal in enumerate(p.p_signal):
        if p_signal > 0:
            pct = "" if p_signal >= 0.999 else f" ({round(p_signal * 100)}%)"
            out.append(f"{r.sides[side].name} learns about the other side's limits{pct}")
    if p.p_end > 0:
        out.append(f"ends the game {round(p.p_end * 100)}%")
    return "; ".join(out) if out else "no visible effect"


def why_not(game: Game, state: State, viewer: int, move: int) -> str:
    """Why move instance `move` is not legal for `viewer` now ('' when it is)."""
    r = game.rules
    m = r.moves[move]
    info = r.sides[viewer]
    if game.is_terminal(state):
        return "the game is over"
    if state.phase != PH_ACT or state.actor != viewer:
        return "only on your part of the turn" if state.phase != PH_ACT else "not your turn"
    if state.acted >= info.max_actions:
        return f"you have made {info.max_actions} moves this turn, the most allowed"
    bit = 1 << move
    if state.used_game & bit:
        return "once a game, and already made"
    if state.used_turn & bit:
        return "already made this turn"
    if info.capital_meter >= 0:
        have = state.meters[info.capital_meter]
        if m.cost > have:
            return f"costs {m.cost}, you have {have}"
    unmet = game.unmet_conditions(state, move)
    return "needs " + "; ".join(unmet) if unmet else "its condition does not hold now"


def move_views(
    game: Game, state: State, viewer: int, names: str = "auto", with_preview: bool = True
) -> tuple[MoveView, ...]:
    """Every move of `viewer`'s side, legal ones with the engine's preview."""
    r = game.rules
    legal = {game.move_of(a): a for a in game.legal_actions(state) if game.move_of(a) >= 0}
    out = []
    for i, m in enumerate(r.moves):
        if m.side != viewer:
            continue
        action = legal.get(i, -1)
        ok = action >= 0
        out.append(
            MoveView(
                action=action,
                move=i,
                id=m.id,
                label=m.label,
                category=m.category,
                cost=m.cost,
                once=m.once,
                available=ok,
                why_not="" if ok else why_not(game, state, viewer, i),
                description=m.text.strip(),
                preview=preview_text(game, state, action, viewer, names)
                if ok and with_preview
                else "",
                source=source_of(game, m.source, m.sources),
            )
        )
    return tuple(out)


def by_category(moves: Sequence[MoveView]) -> dict[str, list[MoveView]]:
    """Moves under their category headings ("other" when a move has none), the categories in
    the order the moves first use them: the grouping both front ends show."""
    groups: dict[str, list[MoveView]] = {}
    for mv in moves:
        groups.setdefault(mv.category or "other", []).append(mv)
    return groups
