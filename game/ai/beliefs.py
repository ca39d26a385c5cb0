"""What a side may know about the other's hidden limits, from public play only.

    levels = level_reservations(game, state, other)     # reservation under each hidden level
    b = offer_belief(game, state, viewer, prior_belief) # the belief after the offer on the table

The observation already holds the belief the signals give (`Observation.belief`). Offers add to
it: a side tables what its own home front would likely ratify, so a package the other side put on
the table says its reservation is probably below its utility of that package. Each level's weight
is multiplied by the chance that level's home front ratifies the offer (the engine's logistic).
"""

from __future__ import annotations

from game.engine import Game, State, logistic, ratification_odds


def level_reservations(game: Game, state: State, side: int) -> tuple[float, ...]:
    """Side's reservation level under each of its hidden flexibility levels (public: the
    reservation expression and the levels are in the scenario; only the draw is hidden)."""
    levels = game.rules.sides[side].flex_levels
    return tuple(r for _, r in game.reservations(state, side, (1.0,) * len(levels)))


def offer_belief(
    game: Game, state: State, viewer: int, belief: tuple[float, ...]
) -> tuple[float, ...]:
    """`belief` about the other side's level, updated on the package it has on the table now
    (unchanged when there is none, or the viewer tabled it)."""
    other = 1 - viewer
    if state.table < 0 or state.tabled_by != other:
        return belief
    u = game.utilities(state, other)[state.table]
    soft = game.rules.softness
    levels = level_reservations(game, state, other)
    w = [b * logistic(u - r, soft) for b, r in zip(belief, levels, strict=True)]
    total = sum(w)
    if total <= 1e-12:
        return belief
    return tuple(x / total for x in w)


def accept_chance(
    game: Game, state: State, side: int, belief: tuple[float, ...], utility: float
) -> float:
    """Chance that `side`'s home front ratifies a package worth `utility` to it, averaged over
    `belief` about its level."""
    rules = game.rules
    return ratification_odds(
        utility, game.reservations(state, side, belief), rules.softness, rules.softness_below
    )
