"""The briefing: the situation, your side's brief, the goal and how the game scores it."""

from __future__ import annotations

from game.engine import Game, SourceRef, State
from game.view.models import ActorLine, BriefingView, Source
from game.view.world import score_sign


def cite(game: Game, ids: tuple[str, ...]) -> tuple[str, ...]:
    """One-line citations of the scenario's sources with these ids."""
    table = dict(game.rules.sources)
    return tuple(table[i] for i in ids if i in table)


def source_of(game: Game, ref: SourceRef, ids: tuple[str, ...] = ()) -> Source:
    """A rule's place in the scenario file and the articles it cites."""
    where = str(ref) if ref.line and ref.file and ref.file != "<none>" else ""
    return Source(where, cite(game, ids))


def briefing_view(game: Game, state: State, side: int) -> BriefingView:
    """The briefing for `side` at the start of the game (or at `state`)."""
    r = game.rules
    info = r.sides[side]
    first, last = (r.turn_dates[0], r.turn_dates[-1]) if r.turn_dates else ("", "")
    dates = f"{first} to {last}, {r.num_turns} turns" if first else f"{r.num_turns} turns"
    side_brief = r.side_briefings[side] if side < len(r.side_briefings) else ""
    no_deal = game.no_deal_returns(state)
    other = r.sides[1 - side].name if len(r.sides) == 2 else "the other side"
    goal = (
        f"You play {info.name}. Each turn you spend political capital on moves and may table a "
        f"package (one option per issue). {other} answers: accept, reject or counter. An accepted "
        "package must then be ratified at home on both sides: the wider its margin over a side's "
        "reservation level, the likelier. The game ends with a ratified deal, a breakdown or the "
        "deadline."
    )
    if r.deadline_text:
        goal += f" Deadline: {r.deadline_text.strip()}"
    scoring = (
        f"Scores run from {r.score_min:g} to {r.score_max:g}, set by the ending reached. If the "
        f"talks ended now without a deal, {info.name} would score {no_deal[side]:.1f}: a deal is "
        "worth making only if it beats that."
    )
    counted = [
        (game.rules.meters[i].label, score_sign(game, state, side, i))
        for i in game.scored_meters(side)
        if game.rules.meters[i].show
    ]
    if counted:
        how = {1: "the higher the better", -1: "the lower the better", 0: "only past a level"}
        scoring += (
            f" The meters {info.name}'s score counts (starred where the meters are shown): "
            + "; ".join(f"{label}, {how[sign]}" for label, sign in counted)
            + "."
        )
    names = [s.name for s in r.sides]
    actors = tuple(
        ActorLine(a.name, a.role, names[a.side] if 0 <= a.side < len(names) else "")
        for a in r.actors
    )
    return BriefingView(
        title=r.title,
        summary=r.summary.strip(),
        dates=dates,
        situation=r.briefing.strip(),
        side_name=info.name,
        side_briefing=side_brief.strip() or info.description.strip(),
        goal=goal,
        scoring=scoring,
        actors=actors,
        sources=tuple(text for _, text in r.sources),
    )
