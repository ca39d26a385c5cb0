"""The terminal game on the shared view: briefing first, news above the prompt, draws only when
verbose and never the other side's, `info N`, `status`, `map`, `moves`, preview before tabling."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from itertools import takewhile
from pathlib import Path

import pytest

from game.engine import Game
from game.match import Session, make_bot
from game.scenario import load_rules
from game.terminal.interactive import CLEAR, TerminalGame, wrapped_print
from game.view import table_view


def _play(inputs: list[str], verbose: bool = False) -> list[str]:
    game = Game(load_rules("tokyo_2018"))
    session = Session(game, 4, {0: None, 1: make_bot("rules")})
    lines: list[str] = []
    feed: Iterator[str] = iter(inputs)

    def read(prompt: str) -> str:
        lines.append(prompt)
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    TerminalGame(
        session,
        players_spec={"japan": "human", "russia": "rules"},
        scenario="tokyo_2018",
        verbose=verbose,
        read=read,
        write=lines.append,
    ).run()
    return lines


def test_briefing_then_news_just_above_the_prompt_and_the_commands():
    out = _play(["info 2", "status", "map", "moves", "table small_islands=transfer_now", "n"])
    text = "\n".join(out)
    assert text.index("== Briefing for Japan") < text.index("Your options:")
    assert "You speak for Tokyo" in text and "Scores run from -100 to 100" in text
    first_prompt = out.index("japan> ")
    news_at = max(i for i in range(first_prompt) if out[i] == "News:")
    assert news_at > max(i for i in range(first_prompt) if out[i] == "Your options:")
    assert "Drill on the islands" in "\n".join(out[news_at:first_prompt])
    assert "(draw)" not in text  # draws only with --verbose
    assert ".yaml:" not in "\n".join(out[:first_prompt])  # file:line only with why/--verbose
    assert any(
        line.startswith("Back channel [move j_back_channel]") or "[move " in line for line in out
    )
    assert "Meters:" in text and "The islands:" in text
    assert "not now:" in text  # `moves` says why the others are not available
    assert "Table it? [y/N] " in out and "Not tabled." in out


def test_verbose_shows_your_own_draw_and_never_the_other_sides():
    text = "\n".join(_play([], verbose=True))
    assert "(draw) flexibility.japan=" in text
    assert "flexibility.russia" not in text
    assert ".yaml:" in text


def test_a_forbidden_table_names_the_rule_its_place_and_sources():
    out = _play(["table small_islands=transfer_after_treaty treaty=none"])
    text = "\n".join(out)
    rules = load_rules("tokyo_2018")
    rule = next(f for f in rules.forbidden if f.id == "transfer_needs_treaty")
    where = f"{rule.source.file}:{rule.source.line}"
    line = next(x for x in out if x.startswith("  Not coherent: "))
    assert f"rule transfer_needs_treaty ({where}) forbids it" in line
    assert "needs a treaty in the same package" in line and "allowed with" in line
    draws = next(x for x in out if x.startswith("  The rule draws on: "))
    assert "…" in draws and len(draws) < 320  # named, not recited (a note can be a paragraph)
    assert "Table it? [y/N] " not in out  # nothing to confirm: it cannot be tabled
    assert dict(rules.sources)["nikkei_2018_12"] in text  # the article it draws on


def _menu(out: list[str]) -> list[str]:
    start = out.index("Your options:") + 1
    return out[start : out.index("", start)]


def test_the_menu_groups_moves_under_their_category_and_numbers_still_choose():
    rules = load_rules("tokyo_2018")
    category = {m.id: m.category for m in rules.moves}
    menu = _menu(_play([]))
    headings = [line.strip()[:-1] for line in menu if not line.strip()[0].isdigit()]
    assert {"Security", "Economy", "Package"} <= set(headings)
    assert len(headings) == len(set(headings))  # each category once, its moves together
    numbered = [line.strip() for line in menu if line.strip()[0].isdigit()]
    assert [int(line.split(".")[0]) for line in numbered] == list(range(1, len(numbered) + 1))
    heading, seen = "", 0
    for line in menu:
        text = line.strip()
        if not text[0].isdigit():
            heading = text[:-1]
        elif "[move " in text:
            seen += 1
            move_id = text.split("[move ")[1].split("]")[0]
            assert category[move_id].capitalize() == heading, text
    assert seen >= 10
    # The number shown picks that move, as does its id.
    n = next(line.split(".")[0] for line in numbered if "[move j_culture_year]" in line)
    for choice in (n, "move j_culture_year"):
        out = _play([choice])
        assert "  Japan: Culture-year events." in out, choice


def _term(humans: int, inputs: list[object]) -> tuple[TerminalGame, list[str]]:
    """A terminal game on tokyo_2018 whose input is `inputs` (an exception in it is raised at
    that read, as Ctrl-C raises KeyboardInterrupt)."""
    game = Game(load_rules("tokyo_2018"))
    players = {0: None, 1: None if humans == 2 else make_bot("rules")}
    lines: list[str] = []
    feed: Iterator[object] = iter(inputs)

    def read(prompt: str) -> str:
        lines.append(prompt)
        got = next(feed, EOFError())
        if isinstance(got, BaseException):
            raise got
        return str(got)

    spec = {"japan": "human", "russia": "human" if humans == 2 else "rules"}
    term = TerminalGame(
        Session(game, 4, players), players_spec=spec, scenario="tokyo_2018",
        read=read, write=lines.append,
    )  # fmt: skip
    return term, lines


def test_ctrl_c_offers_to_save_then_leaves_with_130(tmp_path: Path) -> None:
    save = tmp_path / "kept.json"
    term, lines = _term(1, [KeyboardInterrupt(), "y", str(save)])
    assert term.run() == 130
    at = lines.index("Interrupted.")
    assert lines[at + 1] == "Save before quitting? [y/N] " and save.is_file()
    assert lines[-1] == "Goodbye."
    term, lines = _term(1, [KeyboardInterrupt(), KeyboardInterrupt()])  # twice: out at once
    assert term.run() == 130 and lines[-1] == "Goodbye."


def test_hot_seat_hands_the_keyboard_over_before_a_side_sees_its_secrets() -> None:
    term, lines = _term(2, ["", "", "", "end", ""])
    term.clear_screen = True  # as on a terminal
    term.run()
    asks = [i for i, line in enumerate(lines) if line.startswith("Hand the keyboard to")]
    assert [lines[i] for i in asks[:3]] == [
        "Hand the keyboard to Japan, then press Enter. ",
        "Hand the keyboard to Russia, then press Enter. ",
        "Hand the keyboard to Japan, then press Enter. ",
    ]
    briefings = [i for i, line in enumerate(lines) if line.startswith("== Briefing for")]
    assert asks[0] < briefings[0] < asks[1] < briefings[1] < asks[2]
    assert lines[asks[1] - 1] == CLEAR  # Japan's briefing is off the screen before Russia's
    term, lines = _term(1, ["end"])  # one human: nobody to hand over to
    term.run()
    assert not any(line.startswith("Hand the keyboard") for line in lines)


def test_long_lines_wrap_at_spaces_under_their_indent(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(shutil, "get_terminal_size", lambda *a: os.terminal_size((41, 20)))
    wrapped_print("  " + "Russian commentators call a special regime a Trojan horse " * 2)
    wrapped_print("short\n" + "x" * 50)
    wrapped_print("Paragraph " * 7)
    out = capsys.readouterr().out.splitlines()
    paragraph = out[-2:]
    out = out[:-2]
    assert all(line.startswith("Paragraph") for line in paragraph)  # flush left
    assert all(len(line) <= 40 for line in out[:-1]) and out[-1] == "x" * 50
    assert out[0].startswith("  Russian") and out[1].startswith("    ")
    assert " ".join(w for line in out[:-2] for w in line.split()) == " ".join(
        ("Russian commentators call a special regime a Trojan horse " * 2).split()
    )
    assert out[-2] == "short"


def test_the_builder_shows_its_package_as_one_command() -> None:
    """Issue and option ids are what `table issue=option` takes: the builder teaches them."""
    out = _play(["table", "1 3", "cancel"])
    shown = [line for line in out if line.startswith("  As one command: table ")]
    assert len(shown) == 2
    assert "small_islands=russian " in shown[0] and "legal_frame=" in shown[0]
    assert "small_islands=transfer_after_treaty " in shown[1]


def test_a_back_channel_says_what_it_taught() -> None:
    out = _play(["move back_channel", "end", "end"])
    learned = [line for line in out if line.startswith("You learned more of Russia's limits")]
    assert len(learned) == 1 and "(was " in learned[0], learned
    at = out.index(learned[0])
    assert any(line.startswith("-- ") for line in out[at - 3 : at])  # at the next decision


def test_the_builder_says_when_no_package_is_within_reach() -> None:
    """At tokyo_2018's start every package fails a home front nine times in ten or more (as far
    as Japan can tell): the builder says so before the player searches 486 packages."""
    from game.view import NO_DEAL_IN_REACH, best_joint_odds

    game = Game(load_rules("tokyo_2018"))
    session = Session(game, 4, {0: None, 1: make_bot("rules")})
    session.step_bots()
    best = best_joint_odds(game, session.state, 0)
    assert 0.0 <= best < NO_DEAL_IN_REACH
    out = _play(["table", "cancel"])
    notice = [line for line in out if line.startswith("As far as you can tell, no package")]
    assert len(notice) == 1 and f"~{best * 100:.0f}%" in notice[0]


def test_status_marks_the_meters_japan_is_scored_on_first_and_why_finds_them():
    out = _play(["status", "why 1", "why standing at"])
    legend = "(+ / - your score rises / falls with it now; * it counts, not at this level)"
    head = out.index(f"Meters: {legend}")
    rows = list(takewhile(lambda ln: ln.startswith((" +", " -", " *", "  ")), out[head + 1 :]))
    marked = [ln for ln in rows if not ln.startswith("  ")]
    assert marked and rows[: len(marked)] == marked  # the scored meters first
    # tokyo_2018: trust, momentum, Abe's standing, all rising with Japan's score
    assert len(marked) == 3 < len(rows) and all(ln.startswith(" +") for ln in marked)
    assert marked[0].startswith(" +Bilateral trust ")
    assert any(ln.startswith("Why Bilateral trust is ") for ln in out)  # `why 1`: the first row
    assert any(ln.startswith("Why Abe's standing at home is ") for ln in out)  # part of a label


def test_the_builder_names_a_wrong_issue_or_option_and_changes_nothing():
    out = _play(
        [
            "table",
            "treaty=after_territory economy=far_east_projects",  # a bad part: nothing applied
            "bogus=1",
            "9 1",
            "table treaty=without_preconditions",  # the line the builder prints works in it
            "cancel",
            "table economy=large_investment",
            "info 99",
        ]
    )
    text = "\n".join(out)
    assert (
        "Issue `economy` has no option `far_east_projects`; its options are: none, "
        "joint_projects, large_package." in text
    )
    assert "There is no issue `bogus`; the issues are: small_islands, large_islands," in text
    assert "There is no issue 9: the issues are numbered 1 to 6." in text
    commands = [ln for ln in out if ln.startswith("  As one command: ")]
    assert "treaty=none" in commands[1]  # the bad line changed nothing
    assert "treaty=without_preconditions" in commands[-1]
    assert "Not possible: Issue `economy` has no option `large_investment`;" in text
    assert any(ln.startswith("There is no item 99: the menu has items 1 to ") for ln in out)


def test_a_move_that_is_not_open_says_why_and_tabling_warns_it_ends_the_part():
    game = Game(load_rules("tokyo_2018"))
    s = Session(game, 4, {0: None, 1: make_bot("rules")})
    while game.is_chance_node(s.state):
        s.chance_step()
    closed = next(m for m in table_view(s, 0).moves if not m.available)
    out = _play([f"move {closed.id}", "table small_islands=transfer_now", "n"])
    at = next(i for i, ln in enumerate(out) if ln.startswith(f"Not possible: 'move {closed.id}'"))
    assert out[at + 1] == f"  {closed.label}: {closed.why_not}."
    assert out[out.index("Table it? [y/N] ") - 1] == "(That ends your part of the turn.)"


def test_the_briefings_no_deal_figure_is_the_one_the_ending_starts_from():
    """The briefing prices no deal at the first decision (after the opening draws and news),
    the state the ending's "at the start no deal would have given" reads."""
    out = _play([])
    game = Game(load_rules("tokyo_2018"))
    s = Session(game, 4, {0: None, 1: make_bot("rules")})
    while game.is_chance_node(s.state):
        s.chance_step()
    start = game.no_deal_returns(s.state)[0]
    assert game.no_deal_returns(game.new_initial_state())[0] != pytest.approx(start, abs=0.05)
    assert any(f"Japan would score {start:.1f}:" in ln for ln in out)


def test_the_ending_says_what_the_players_score_counted():
    out = _play(["end", "reject"] * 40)  # Japan passes every turn and turns every offer down
    assert any(ln.startswith("== The end: ") for ln in out)
    line = next(ln for ln in out if ln.startswith("What Japan's score counted, from the start: "))
    # tokyo_2018 scores Japan on trust, momentum and Abe's standing, each from its start
    assert line.count(" -> ") == 3 and "Bilateral trust " in line
    nash = [ln for ln in out if ln.startswith("The Nash bargaining point was")]
    assert all("(Japan " in ln and " / Russia " in ln for ln in nash)
