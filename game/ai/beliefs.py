"""What a side may know about the other's hidden limits, from public play only: one inference,
used by the negotiator (`normal`), `hard`, the advisors and the answer model.

    b = public_belief(game, state, viewer)              # signals + the public history of offers
    b = offer_belief(game, state, viewer, obs.belief)   # the same, from a belief given
    levels = level_reservations(game, state, other)     # reservation under each hidden level

The belief is Bayes' rule over the other side's flexibility levels. The observation's belief is
the prior updated by the intelligence signals (`Observation.belief`, R7.2); the public history of
offers (`Observation.offers`) multiplies in one likelihood per thing the other side did, each from
the engine's one ratification formula (`ratification_odds`: the chance `ratify(level)` that the
other side's home front ratifies a package, were its level `level`):

- it **tabled or countered** with a package, or **accepted** one: a side puts forward what its
  home front would likely ratify: `TREMBLE + (1 - TREMBLE) * ratify(level)`;
- it **rejected or countered** one of the viewer's packages: a side turns down a package its home
  front would ratify only while it bargains for more, `1 - ACCEPTS * ratify(level)`;
- its **home front voted** on a package: `ratify(level)` when it ratified, `1 - ratify(level)`
  when it refused (the engine's own draw; a refusal forced by an earlier, better refusal, R5.5,
  says nothing).

Every utility and reservation is judged in the world of the state at hand (the history keeps the
packages, not the meters of the turn they were tabled in): the inference is about the hidden
level, which never changes. Nothing of the other side's private draw or private signals is read.
"""

from __future__ import annotations

from collections.abc import Sequence

from game.engine import Answer, Game, Observation, Offer, State, offer_history, ratification_odds

TREMBLE = 0.05
"""Chance a side puts forward a package regardless of its home front (a mistake, a probe)."""

ACCEPTS = 0.5
"""Chance a side accepts a package its home front would surely ratify: below 1 because a
negotiator turns down acceptable offers while it still hopes for more (so a rejection is weaker
evidence than a failed vote)."""


def level_reservations(game: Game, state: State, side: int) -> tuple[float, ...]:
    """Side's reservation level under each of its hidden flexibility levels (public: the
    reservation expression and the levels are in the scenario; only the draw is hidden)."""
    levels = game.rules.sides[side].flex_levels
    return tuple(r for _, r in game.reservations(state, side, (1.0,) * len(levels)))


def level_odds(game: Game, state: State, side: int, utility: float) -> tuple[float, ...]:
    """Chance that `side`'s home front ratifies a package worth `utility` to it, under each of
    its flexibility levels (the engine's ratification formula, R5.4)."""
    rules = game.rules
    soft, below = rules.softness, rules.softness_below
    return tuple(
        ratification_odds(utility, ((1.0, r),), soft, below)
        for r in level_reservations(game, state, side)
    )


def history_likelihood(
    game: Game, state: State, viewer: int, offers: Sequence[Offer] | None = None
) -> tuple[float, ...]:
    """Likelihood of the public history of offers (default: the state's, `offer_history`)
    under each of the other side's flexibility levels (see the module for the terms)."""
    other = 1 - viewer
    n = len(game.rules.sides[other].flex_levels)
    like = [1.0] * n
    history = offer_history(state) if offers is None else offers
    if not history:
        return tuple(like)
    utils = game.utilities(state, other)
    odds_of: dict[int, tuple[float, ...]] = {}
    best_refused = -float("inf")  # its utility of the best package its home front refused
    retry_fails = game.rules.retry_fails
    for _, side, pkg, _, answer, ratified, refused_by in history:
        u = utils[pkg]
        odds = odds_of.get(pkg)
        if odds is None:
            odds = odds_of[pkg] = level_odds(game, state, other, u)
        if side == other or answer == Answer.ACCEPTED:
            for j in range(n):
                like[j] *= TREMBLE + (1.0 - TREMBLE) * odds[j]
        elif answer in (Answer.REJECTED, Answer.COUNTERED):
            for j in range(n):
                like[j] *= 1.0 - ACCEPTS * odds[j]
        if ratified >> other & 1:
            for j in range(n):
                like[j] *= odds[j]
        elif refused_by == other:
            if not (retry_fails and u <= best_refused):
                for j in range(n):
                    like[j] *= 1.0 - odds[j]
            best_refused = max(best_refused, u)
    top = max(like)
    if top <= 0.0:
        return (1.0,) * n
    return tuple(x / top for x in like)


def offer_belief(
    game: Game, state: State, viewer: int, belief: Sequence[float]
) -> tuple[float, ...]:
    """`belief` about the other side's level (the observation's, from the prior and the
    signals) updated on the public history of offers; `belief` itself when the history says
    nothing or contradicts it entirely."""
    return reweigh(belief, history_likelihood(game, state, viewer))


def public_belief(
    game: Game, state: State, viewer: int, obs: Observation | None = None
) -> tuple[float, ...]:
    """What `viewer` may believe of the other side's level: the prior, updated on the signals it
    received and on the public history of offers."""
    if obs is None:
        obs = game.observe(state, viewer)
    return offer_belief(game, state, viewer, obs.belief)


def history_prior(game: Game, state: State, viewer: int) -> tuple[float, ...]:
    """The scenario's prior over the other side's levels updated on the public history only
    (the signals not yet): for valuations that add the signals of lookahead states themselves."""
    prior = tuple(lv.p for lv in game.rules.sides[1 - viewer].flex_levels)
    return reweigh(prior, history_likelihood(game, state, viewer))


def reweigh(belief: Sequence[float], likelihood: Sequence[float]) -> tuple[float, ...]:
    """Bayes' rule over the levels: `belief` times `likelihood`, normalised; `belief` itself
    when the evidence rules out every level it allows."""
    w = [b * x for b, x in zip(belief, likelihood, strict=True)]
    total = sum(w)
    if total <= 1e-12:
        return tuple(belief)
    return tuple(x / total for x in w)


def accept_chance(
    game: Game, state: State, side: int, belief: Sequence[float], utility: float
) -> float:
    """Chance that `side`'s home front ratifies a package worth `utility` to it, averaged over
    `belief` about its level."""
    rules = game.rules
    return ratification_odds(
        utility, game.reservations(state, side, belief), rules.softness, rules.softness_below
    )
