"""Scripts: every kind of step, `--moves` text, optional chance steps, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import Game
from game.match import ScriptError, Session, load_script, make_bot, parse_moves, run_script

EVERY_KIND = """\
# every kind of step, in both forms
- chance flexibility.a=mid
- {chance: {flexibility.b: soft}}
- chance crisis=not
- "a: move charm"            # a reaction's draw follows: left to the world stream
- {side: a, table: {land: give}, note: opening bid}
- {side: b, counter: {money: lots}}
- {side: a, answer: reject}
- {side: b, move: drill}
- {side: b, end: true}
- chance crisis=not
- b: table land=give money=lots
- accept
- chance ratify.a=yes
- {chance: ratify.b=yes}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "line.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_kind_of_step(tmp_path: Path, game: Game) -> None:
    steps = load_script(_write(tmp_path, EVERY_KIND))
    assert [s.text for s in steps][:6] == [
        "chance flexibility.a=mid",
        "chance flexibility.b=soft",
        "chance crisis=not",
        "a: move charm",
        "a: table land=give",
        "b: counter money=lots",
    ]
    assert steps[4].note == "opening bid"
    s = Session(game, 1)
    result = run_script(s, steps)
    assert result.finished and result.used == len(steps)
    mine = [t for t, a in zip(s.texts, s.actors, strict=True) if a >= 0]
    assert mine == [
        "move charm",
        "table land=give money=none",
        "counter land=keep money=lots",
        "reject",
        "move drill",
        "end",
        "table land=give money=lots",
        "accept",
    ]
    assert game.ending(s.state).id == "land_deal"
    assert s.texts[0] == "chance flexibility.a=mid"
    assert "chance ratify.b=yes" in s.texts
    # chance draws the script did not pin were made by the world stream
    assert len(s.texts) > len(steps)


def test_moves_text_commas_and_semicolons(game: Game) -> None:
    steps = parse_moves("move charm, end ;  table land=give money=lots;")
    assert [s.text for s in steps] == ["move charm", "end", "table land=give money=lots"]
    assert [s.number for s in steps] == [1, 2, 3]


def test_bots_play_their_own_sides(game: Game) -> None:
    s = Session(game, 3, {1: make_bot("random")})
    result = run_script(s, parse_moves("end"))
    assert result.used == 1 and not result.finished
    assert s.texts.index("end") < max(i for i, a in enumerate(s.actors) if a == 1)
    # the bot acted after a's part without script steps


def test_bad_step_names_the_step_and_the_legal_actions(game: Game) -> None:
    s = Session(game, 1)
    steps = parse_moves(
        "chance flexibility.a=mid; chance flexibility.b=mid; chance crisis=not;"
        "move charm; move charm"
    )
    with pytest.raises(ScriptError) as info:
        run_script(s, steps)
    msg = str(info.value)
    assert msg.startswith("step 5 (move charm): 'move charm' is not legal now")
    assert "Legal now: end; move spy" in msg


def test_wrong_side_prefix(game: Game) -> None:
    s = Session(game, 1)
    with pytest.raises(ScriptError, match=r"step 2 \(b: end\): it is not b's turn"):
        run_script(s, parse_moves("chance flexibility.a=mid; b: end")[1:])


def test_unknown_outcome_of_the_pending_draw(game: Game) -> None:
    s = Session(game, 1)
    with pytest.raises(
        ScriptError, match=r"step 1 .*unknown outcome 'medium' of flexibility.a. Legal now: chance"
    ):
        run_script(s, parse_moves("chance flexibility.a=medium"))


def test_chance_step_at_a_decision(game: Game) -> None:
    s = Session(game, 1)
    with pytest.raises(ScriptError, match=r"step 1 \(chance ratify.a=yes\): no chance draw"):
        run_script(s, parse_moves("chance ratify.a=yes"))


def test_script_runs_out_while_a_human_must_act(game: Game) -> None:
    s = Session(game, 1, {1: make_bot("random")})
    result = run_script(s, parse_moves("move spy"))  # spy has no precondition
    assert not result.finished
    assert "the script ran out after 1 step while a must act" in result.message
    assert "Legal now: end" in result.message


def test_steps_left_after_the_end(game: Game) -> None:
    s = Session(game, 1, {0: make_bot("random"), 1: make_bot("random")})
    with pytest.raises(ScriptError, match=r"the game ended before step 1 \(end\)"):
        run_script(s, parse_moves("end"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- [1, 2]\n", "step 1: a step is an action string or a mapping"),
        ("- {side: a, move: charm, end: true}\n", "step 1: a step has exactly one of"),
        ("- {side: a, mvoe: charm}\n", "step 1: unknown key 'mvoe'"),
        ("- {answer: maybe}\n", "step 1: `answer` is accept or reject"),
        ("- {table: land}\n", "step 1: `table` takes a mapping"),
        ("- {end: false}\n", "step 1: `end` takes `true`"),
        ("- {chance: 3}\n", "step 1: a chance step is"),
        ("- ''\n", "step 1: empty step"),
        ("just: [a mapping\n", r"line\.yaml:2:1: not valid YAML"),
        ("42\n", "a script is a list of steps"),
        ("- !!python/object/apply:os.system ['true']\n", "not valid YAML"),
    ],
)
def test_malformed_scripts(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ScriptError, match=message):
        load_script(_write(tmp_path, text))


def test_script_mapping_with_steps_and_empty(tmp_path: Path) -> None:
    assert [s.text for s in load_script(_write(tmp_path, "steps: [end, accept]\n"))] == [
        "end",
        "accept",
    ]
    assert load_script(_write(tmp_path, "")) == []


def test_missing_script_file(tmp_path: Path) -> None:
    with pytest.raises(ScriptError, match="cannot read"):
        load_script(tmp_path / "none.yaml")
