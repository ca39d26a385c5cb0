"""The news of the match for one side: what happened, who did it, and why numbers changed.

The engine's narrative notes are public; a chance draw is shown only to a side that may see it
(never the other side's hidden draw or the signals it received), and only in verbose mode, with
every change and its `file:line`.
"""

from __future__ import annotations

from game.engine import Change, Game
from game.view.briefing import source_of
from game.view.log import MatchLog, draw_visible, is_chance
from game.view.models import NewsItem, WhyLine, WhyView

_NOTE_KINDS = {
    "turn": "turn",
    "event": "event",
    "reaction": "reaction",
    "outcome": "event",
    "move": "move",
    "answer": "answer",
    "table": "table",
    "ratification": "answer",
    "deal": "ending",
    "ending": "ending",
}


def change_text(game: Game, ch: Change, names_key: str = "en") -> str:
    """A change in words: `Trust 40 -> 45 (+5): move charm (Charm offensive)`."""
    r = game.rules
    c = ch.cause
    by = f"{c.kind} {c.label or c.id}"
    if ch.kind == "meter":
        m = r.meters[ch.target]
        return f"{m.label} {ch.before} -> {ch.after} ({ch.after - ch.before:+d}): {by}"
    if ch.kind == "flag":
        f = r.flags[ch.target]
        return f"{f.label}: {'now' if ch.after else 'no longer'}: {by}"
    if ch.kind == "status":
        t = r.territories[ch.target]
        return (
            f"{t.name(names_key)}: {r.statuses[ch.before].label} -> "
            f"{r.statuses[ch.after].label}: {by}"
        )
    return ch.text


def news(
    log: MatchLog, viewer: int | None, start: int = 0, verbose: bool = False
) -> tuple[NewsItem, ...]:
    """News items of steps `start`.. for `viewer` (None: everything, as an observer)."""
    game = log.game
    states = log.states
    with_effects = {e.id for e in game.rules.events if e.effects and not e.outcomes}
    out: list[NewsItem] = []
    for i in range(start, len(log.actions)):
        turn = states[i + 1].turn
        text = log.texts[i]
        if is_chance(log.actors[i]) and verbose and draw_visible(log, i, viewer):
            out.append(NewsItem(turn, "draw", f"(draw) {text.removeprefix('chance ')}", -1, ""))
        moved = {
            ch.cause.id for ch in log.trace[i] if ch.cause.kind == "event" and ch.kind != "note"
        }
        for ch in log.trace[i]:
            c = ch.cause
            where = source_of(game, c.source).where
            if ch.kind == "note":
                kind = _NOTE_KINDS.get(ch.cause.kind, "event")
                if ch.cause.kind == "setup":
                    continue
                if c.kind == "event" and c.id in with_effects and c.id not in moved:
                    continue  # it changed nothing (a meter at its limit, an amount that rounds
                    # to 0): "the projects advance" would be false news
                cites: tuple[str, ...] = ()
                if ch.cause.kind in ("event", "reaction", "outcome"):
                    cites = source_of(game, ch.cause.source, _cites(game, c.kind, c.id)).cites
                out.append(
                    NewsItem(turn, kind, ch.text, ch.cause.side, where if verbose else "", cites)
                )
            elif verbose:
                out.append(NewsItem(turn, "change", change_text(game, ch), ch.cause.side, where))
    return tuple(out)


def why_meter(log: MatchLog, meter: int) -> WhyView:
    """Every change of a meter since the start, with its cause and source (all public)."""
    game = log.game
    m = game.rules.meters[meter]
    lines = []
    for step, changes in enumerate(log.trace):
        for ch in changes:
            if ch.kind == "meter" and ch.target == meter:
                c = ch.cause
                lines.append(
                    WhyLine(
                        turn=log.states[step + 1].turn,
                        before=ch.before,
                        after=ch.after,
                        cause=f"{c.kind} {c.id}" + (f" ({c.label})" if c.label else ""),
                        source=source_of(game, c.source, _cites(game, c.kind, c.id)),
                    )
                )
    return WhyView(
        meter=m.id,
        label=m.label,
        start=m.start,
        value=log.states[-1].meters[meter],
        lines=tuple(lines),
        description=m.description,
        source=source_of(game, m.source),
    )


def _cites(game: Game, kind: str, rule_id: str) -> tuple[str, ...]:
    """Source ids of the move, event or reaction a cause names."""
    r = game.rules
    base = rule_id.partition(".")[0]
    pool: tuple[tuple[str, tuple[str, ...]], ...] = ()
    if kind in ("move", "outcome"):
        pool = tuple((m.id, m.sources) for m in r.moves)
    if kind in ("event", "outcome"):
        pool += tuple((e.id, e.sources) for e in r.events)
    if kind in ("reaction", "outcome"):
        pool += tuple((x.id, x.sources) for x in r.reactions)
    for rid, ids in pool:
        if rid == base:
            return ids
    return ()
