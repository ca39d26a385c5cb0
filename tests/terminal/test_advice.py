"""R7.3 in the package builder: each advisor judges a package by its own values."""

from __future__ import annotations

from game.engine import Game
from game.match import Session
from game.scenario import load_rules
from game.terminal.interactive import TerminalGame
from game.view import advisor_verdicts


def _terminal() -> TerminalGame:
    game = Game(load_rules("tokyo_2018"))
    session = Session(game, 1, {0: None, 1: None})
    session.resolve_chance()
    return TerminalGame(session, players_spec={}, scenario="tokyo_2018", write=lambda _: None)


def test_every_advisor_gives_a_verdict_on_a_package():
    term = _terminal()
    game = term.game
    package = game.package_index(
        tuple(
            next(j for j, o in enumerate(issue.options) if o.id == want)
            for issue, want in zip(
                game.rules.issues,
                [
                    "transfer_after_treaty",
                    "talks_continue",
                    "no_us_bases",
                    "after_territory",
                    "large_package",
                    "russian_law",
                ],
                strict=True,
            )
        )
    )
    assert package >= 0
    advice = [
        f"{v.name} {v.verdict} ({v.gain:+.1f})"
        for v in advisor_verdicts(game, term.session.state, 0, package)
    ]
    advisors = game.rules.sides[0].advisors
    assert len(advice) == len(advisors)
    for adv, line in zip(advisors, advice, strict=True):
        assert line.startswith(adv.name)
        assert any(word in line for word in ("for", "against", "indifferent"))
    # The advisors disagree, as the articles' ministries and defence circles do.
    assert len({line.split()[-2] for line in advice}) > 1


def test_the_status_quo_leaves_every_advisor_indifferent():
    term = _terminal()
    status_quo = term.game.status_quo
    verdicts = advisor_verdicts(term.game, term.session.state, 0, status_quo)
    assert verdicts
    assert all(v.verdict == "indifferent" and v.gain == 0 for v in verdicts)


def test_the_advice_command_shows_each_advisors_recommendation():
    out: list[str] = []
    game = Game(load_rules("tokyo_2018"))
    session = Session(game, 1, {0: None, 1: None})
    session.resolve_chance()
    term = TerminalGame(session, players_spec={}, scenario="tokyo_2018", write=out.append)
    assert term.command(0, "advice") is False  # advice is no action
    assert [line.split(" would: ")[0].strip() for line in out] == [
        a.name for a in game.rules.sides[0].advisors
    ]
    legal = {game.action_to_string(session.state, a) for a in game.legal_actions(session.state)}
    for line in out:  # a move by its label and the id that acts it, else the action's words
        advice = line.split(" would: ")[1]
        assert advice in legal or advice.rsplit(" [", 1)[1].rstrip("]") in legal
