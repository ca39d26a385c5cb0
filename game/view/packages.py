"""Package figures for the side that builds or answers one: margins, odds, advisors, the answer.

Nothing here reads the other side's hidden draw: its limits come from the viewer's observation
(the belief). The other side's likely answer comes from an answer model when one is given (a
function of the game, the viewer's observation and the package), else from the limits alone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from game.engine import PH_ACT, PH_ANSWER, Game, Observation, State
from game.view.briefing import source_of
from game.view.models import (
    AdvisorVerdict,
    AnswerPrediction,
    BuilderView,
    IssueChoice,
    PackageRuleView,
    PackageView,
)

AnswerModel = Callable[[Game, State, Observation, int], float]
"""(game, state, viewer's observation, package) -> probability the other side accepts; it may
raise ValueError when it has no answer (the view then falls back to the limits alone)."""

LIMITS_ONLY = "from its limits alone"
ANSWER_MODEL = "the computer's answer model"


def advisor_verdicts(
    game: Game, state: State, side: int, package: int
) -> tuple[AdvisorVerdict, ...]:
    """Each advisor's view of a package against the status quo, by its own values (R7.3)."""
    out = []
    status_quo = game.status_quo
    for i, adv in enumerate(game.rules.sides[side].advisors):
        gain = game.advisor_utility(state, side, i, package)
        if status_quo >= 0:
            gain -= game.advisor_utility(state, side, i, status_quo)
        verdict = "for" if gain > 1 else "against" if gain < -1 else "indifferent"
        out.append(AdvisorVerdict(adv.name, verdict, gain))
    return tuple(out)


def if_ratified(game: Game, state: State, package: int) -> str:
    """The ending and scores a deal on `package` would reach if both home fronts ratified it now,
    beside what no deal gives ('' when it cannot be worked out at this point of the game)."""
    if state.phase not in (PH_ACT, PH_ANSWER):
        return ""
    if package == game.status_quo:
        return "no change (the status quo on every issue: no deal)"
    out = game.deal_outcome(state, package)
    if out is None:
        return "a home front could not ratify it at all"
    r = game.rules
    ending = r.endings[out.ending].title
    no_deal = game.no_deal_returns(state)
    scores = ", ".join(
        f"{s.name} {out.returns[i]:.1f} (no deal {no_deal[i]:.1f})" for i, s in enumerate(r.sides)
    )
    return f"{ending}: {scores}"


UNLIKELY = 0.35
"""Below this chance a home front is said to refuse (the advisors' `likely` threshold)."""


def answer_reason(
    game: Game, state: State, viewer: int, package: int, within: float, my_ratify: float
) -> str:
    """Why the other side would likely not accept `package`, in plain words, from figures the
    viewer may know; the checks follow the order in which the `normal` bot declines."""
    r = game.rules
    other = 1 - viewer
    them = r.sides[other].name
    if package == game.status_quo:
        return "it changes nothing, so there is no deal to accept"
    if within < UNLIKELY:
        return f"as far as you can tell it is outside {them}'s limits (its reservation level)"
    if my_ratify < UNLIKELY:
        return (
            f"your own home front would likely refuse it (~{round(my_ratify * 100)}%), and "
            f"{them} will not accept a deal whose failed vote would only bring a backlash"
        )
    deal = game.deal_outcome(state, package)
    if deal is None:
        return "a home front could not ratify it at all"
    no_deal = game.no_deal_returns(state)[other]
    if deal.returns[other] <= no_deal:
        return (
            f"the ending it would reach scores {them} {deal.returns[other]:.1f}, no better than "
            f"no deal ({no_deal:.1f})"
        )
    if state.turn * 2 <= r.num_turns:
        return f"it is early in the talks: {them} still hopes for a better package"
    return f"{them} hopes for a package it likes better, or to gain more by waiting"


def analyse_package(
    game: Game,
    state: State,
    viewer: int,
    package: int,
    answer_model: AnswerModel | None = None,
) -> PackageView:
    """The viewer's figures for a package: no hidden value of the other side is read."""
    r = game.rules
    obs = game.observe(state, viewer)
    other = 1 - viewer
    mine = game.utility(state, viewer, package)
    margin = mine - obs.own_reservation
    theirs = game.utility(state, other, package)
    within = sum(p for p, res in game.reservations(state, other, obs.belief) if theirs >= res)
    my_ratify = game.ratify_odds(state, viewer, package, game.levels_belief(obs, viewer))
    their_ratify = game.ratify_odds(state, other, package, obs.belief)
    theirs_on_table = state.phase == PH_ANSWER and state.actor == viewer and state.table == package
    p_accept, model = within, LIMITS_ONLY
    if answer_model is not None and not theirs_on_table:
        # The model answers only for a package the viewer can table now.
        with contextlib.suppress(ValueError):
            p_accept, model = answer_model(game, state, obs, package), ANSWER_MODEL
    answering = state.phase == PH_ANSWER and state.actor == other
    likely = "accept" if p_accept >= 0.5 else ("counter" if answering else "reject")
    reason = ""
    if likely != "accept" and not theirs_on_table:
        reason = answer_reason(game, state, viewer, package, within, my_ratify)
    return PackageView(
        package=package,
        text=game.package_text(package),
        my_utility=mine,
        my_reservation=obs.own_reservation,
        margin=margin,
        my_ratify=my_ratify,
        if_ratified=if_ratified(game, state, package),
        theirs_on_table=theirs_on_table,
        their_name=r.sides[other].name,
        their_utility=theirs,
        their_estimate=obs.estimate,
        their_spread=obs.spread,
        within_limits=within,
        their_ratify=their_ratify,
        answer=AnswerPrediction(p_accept, likely, model, reason),
        advisors=advisor_verdicts(game, state, viewer, package),
    )


NO_DEAL_IN_REACH = 0.1
"""Below this chance that both home fronts ratify, as far as the viewer can tell, no package is
within reach (`best_joint_odds`)."""


def best_joint_odds(game: Game, state: State, viewer: int) -> float:
    """The best chance, over every package, that both home fronts ratify it now, as far as
    `viewer` can tell (its own level for certain, its belief of the other's): when it is low,
    no package is within reach yet, whatever the viewer builds."""
    obs = game.observe(state, viewer)
    mine = game.levels_belief(obs, viewer)
    best = 0.0
    for package in range(len(game.rules.packages)):
        mine_odds = game.ratify_odds(state, viewer, package, mine)
        if mine_odds > best:
            best = max(best, mine_odds * game.ratify_odds(state, 1 - viewer, package, obs.belief))
    return best


def reach_notice(best: float) -> str:
    """What the builder tells the player when `best` (`best_joint_odds`) is below the bar, or ''."""
    if best >= NO_DEAL_IN_REACH:
        return ""
    return (
        "As far as you can tell, no package now passes both home fronts even one time in ten "
        f"(the best: ~{best * 100:.0f}%): trust, momentum and the meters the reservation levels "
        "read must move first."
    )


def start_choice(game: Game, state: State) -> list[int]:
    """The builder's first choice: the package on the table, else the status quo."""
    r = game.rules
    if state.table >= 0:
        return list(r.packages[state.table])
    return [i.status_quo for i in r.issues]


def nearest_allowed(game: Game, choice: tuple[int, ...]) -> list[str]:
    """Single-option changes that make a forbidden combination coherent."""
    r = game.rules
    out = []
    for k, issue in enumerate(r.issues):
        for j, opt in enumerate(issue.options):
            if j == choice[k]:
                continue
            trial = (*choice[:k], j, *choice[k + 1 :])
            if game.package_index(trial) >= 0:
                out.append(f"{issue.label}: {opt.label}")
    return out


def forbidding_rule(game: Game, choice: tuple[int, ...]) -> PackageRuleView | None:
    """The scenario rule that forbids this combination, with its file:line and articles."""
    rule = game.forbidding_rule(choice)
    if rule is None:
        return None
    return PackageRuleView(
        rule.id, rule.text, rule.condition, source_of(game, rule.source, rule.sources)
    )


def builder_view(
    game: Game,
    state: State,
    viewer: int,
    choice: tuple[int, ...],
    answer_model: AnswerModel | None = None,
) -> BuilderView:
    """The package builder for `choice` (one option index per issue)."""
    r = game.rules
    verb = "counter" if state.phase == PH_ANSWER else "table"
    issues = tuple(
        IssueChoice(k, i.id, i.label, tuple(o.label for o in i.options), choice[k])
        for k, i in enumerate(r.issues)
    )
    pkg = game.package_index(choice)
    if pkg < 0:
        fixes = nearest_allowed(game, choice)
        rule = forbidding_rule(game, choice)
        if rule is None:
            reason = "the scenario forbids this combination of options"
        else:
            where = f" ({rule.source.where})" if rule.source.where else ""
            reason = f"the scenario's rule {rule.id}{where} forbids it: {rule.text.rstrip('.')}"
        if fixes:
            reason += "; it would be allowed with " + " or ".join(fixes[:4])
        return BuilderView(verb, issues, -1, None, reason, -1, rule, tuple(fixes))
    legal = game.legal_actions(state)
    action = game.package_action(pkg)
    forbidden = ""
    if action not in legal:
        action = -1
        if state.phase == PH_ANSWER and state.table == pkg:
            forbidden = "this is the package on the table: accept it instead"
        elif state.actor != viewer or game.is_terminal(state):
            forbidden = "not your turn"
        else:
            forbidden = "no package can be tabled now (one a turn per side, one counter a turn)"
    return BuilderView(
        verb,
        issues,
        pkg,
        analyse_package(game, state, viewer, pkg, answer_model),
        forbidden,
        action,
    )
