"""Golden diagnostics: one small bad file per kind of error, code and exact line:col."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.scenario import ScenarioError, load_rules, validate
from game.scenario.loader import load_spec
from game.scenario.yamlread import read_yaml

GOLDEN = [
    # file, code, line, col, words in the message
    ("syntax_error.yaml", "Y010", 5, 1, "starts at line 3, column 8"),
    ("wrong_type.yaml", "S003", 6, 11, "expected a whole number, got 'two'"),
    ("missing_key.yaml", "S001", 5, 5, "missing required key 'label'"),
    ("unknown_key.yaml", "S002", 6, 5, "unknown key 'cots'"),
    ("duplicate_key.yaml", "Y031", 5, 1, "duplicate key 'title'"),
    ("tab_indent.yaml", "Y010", 4, 1, "YAML syntax error"),
    ("non_mapping_root.yaml", "Y005", 1, 1, "must be a mapping"),
    ("alias_bomb.yaml", "Y020", 3, 64, "alias"),
    ("deep_nesting.yaml", "Y021", 4, 73, "too deep"),
    ("python_tag.yaml", "Y030", 3, 8, "'!!python/object/apply:os.system'"),
    ("utf16.yaml", "Y004", 0, 0, "the file is UTF-16; save it as UTF-8"),
    ("binary.yaml", "Y003", 3, 1, "binary"),
    ("empty.yaml", "Y002", 0, 0, "empty"),
    ("extends_missing.yaml", "X001", 3, 10, "'./no_such_base.yaml' not found"),
    ("extends_cycle_a.yaml", "X002", 3, 10, "extends cycle"),
    ("remove_unknown.yaml", "X003", 5, 11, "no moves item with id 'warm_word'"),
]


@pytest.mark.parametrize(("name", "code", "line", "col", "words"), GOLDEN)
def test_golden_diagnostic(
    bad_dir: Path, name: str, code: str, line: int, col: int, words: str
) -> None:
    diags = validate(bad_dir / name)
    assert [d.code for d in diags] == [code], [d.render() for d in diags]
    diag = diags[0]
    assert (diag.line, diag.col) == (line, col)
    assert words in diag.message
    assert diag.is_error
    with pytest.raises(ScenarioError) as info:
        load_rules(bad_dir / name)
    assert [d.code for d in info.value.diagnostics] == [code]


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    """A double-quoted text may run on over lines, so a quote left open fails lines later, at
    the next quote: the error points at the opening one."""
    bad = tmp_path / "open_quote.yaml"
    bad.write_text(
        'format_version: 1\ntitle: "Sochi\nsummary: >-\n  text\nstart_date: "2016-05-06"\n'
    )
    diags = validate(bad)
    assert [(d.code, d.line, d.col) for d in diags] == [("Y010", 2, 8)]
    assert "line 5" in diags[0].message and diags[0].hint == "close the quote on line 2"
    fine = tmp_path / "runs_on.yaml"  # a quoted text over two lines, then a real error elsewhere
    fine.write_text('title: "one\n  two"\nlist: [1\n')
    assert [(d.line, d.col) for d in validate(fine)] == [(4, 1)]


def test_hints(bad_dir: Path) -> None:
    assert validate(bad_dir / "unknown_key.yaml")[0].hint == "did you mean 'cost'?"
    assert validate(bad_dir / "tab_indent.yaml")[0].hint == "indent with spaces, not tabs"
    assert validate(bad_dir / "remove_unknown.yaml")[0].hint == "did you mean 'warm_words'?"
    assert "no_such_base.yaml" in (validate(bad_dir / "extends_missing.yaml")[0].hint or "")


def test_diagnostic_names_the_file_of_the_value(bad_dir: Path) -> None:
    diag = validate(bad_dir / "wrong_type.yaml")[0]
    assert diag.file.endswith("wrong_type.yaml")
    assert diag.path == "moves[0].cost"
    assert diag.render().startswith(f"{diag.file}:6:11: error[S003] moves[0].cost:")


def test_cycle_names_the_chain(bad_dir: Path) -> None:
    message = validate(bad_dir / "extends_cycle_a.yaml")[0].message
    assert "extends_cycle_a.yaml -> " in message
    assert "extends_cycle_b.yaml" in message


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_all_shape_errors_in_one_run(tmp_path: Path, tiny_path: Path) -> None:
    shutil.copy(tiny_path, tmp_path / "tiny.yaml")  # a base must be in the scenario's folder tree
    path = _write(
        tmp_path,
        f"""format_version: 1
id: Bad_Id
extends: {"./tiny.yaml"}
start_date: 2020/01/01
meters:
  - id: a_capital
    start: lots
  - {{id: new_meter, label: New, start: 1, colour: red}}
moves:
  - id: warm_words
    effects:
      - bump: {{a_capital: 1}}
      - add: {{a_capital: [1]}}
clock: {{turns: 0}}
""",
    )
    got = {(d.code, d.path, d.line, d.col, d.message) for d in validate(path)}
    assert got == {
        ("S005", "id", 2, 5, "'Bad_Id' is not a valid id"),
        ("S005", "start_date", 4, 13, "expected a date YYYY-MM-DD, got '2020/01/01'"),
        ("S003", "meters[0].start", 7, 12, "expected a whole number, got 'lots'"),
        ("S002", "meters[2].colour", 8, 43, "unknown key 'colour'"),
        ("S007", "moves[0].effects[0]", 12, 9, "an effect is one of add, set, reveal or when"),
        (
            "S003",
            "moves[0].effects[1].add.a_capital",
            13,
            26,
            "expected a number or an expression, got a list",
        ),
        ("S004", "clock.turns", 14, 16, "must be at least 1, got 0"),
    }


def test_missing_key_points_at_parent_mapping(tmp_path: Path) -> None:
    path = _write(tmp_path, "format_version: 1\nclock:\n  start: '2020-01-01'\n")
    got = sorted((d.code, d.path, d.line, d.col) for d in validate(path))
    assert got == [("S001", "clock.turns", 3, 3), ("S001", "id", 1, 1)]


def test_unknown_key_without_close_match_lists_known_keys(tmp_path: Path) -> None:
    path = _write(tmp_path, "format_version: 1\nid: x\nscoring: {zzzzzz: 1}\n")
    (diag,) = [d for d in validate(path) if d.code.startswith("S")]
    assert diag.code == "S002"
    assert (diag.line, diag.col) == (3, 11)
    assert diag.hint == "known keys: min, max"


def test_unknown_key_in_tagged_effect_suggests_effect_keys(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "format_version: 1\nid: x\nevery_turn:\n  - when: 'true'\n    thne: []\n"
    )
    (diag,) = [d for d in validate(path) if d.code.startswith("S")]
    assert (diag.code, diag.path, diag.hint) == (
        "S002",
        "every_turn[0].thne",
        "did you mean 'then'?",
    )


def test_yes_is_not_a_boolean(tmp_path: Path) -> None:
    path = _write(tmp_path, "format_version: 1\nid: x\nflags:\n  - {id: f, label: F, start: yes}\n")
    (diag,) = [d for d in validate(path) if d.code.startswith("S")]
    assert (diag.code, diag.message) == ("S003", "expected true or false, got 'yes'")


def test_int_key_where_text_expected(tmp_path: Path) -> None:
    path = _write(tmp_path, "format_version: 1\nid: x\nui:\n  side_briefings:\n    1: text\n")
    (diag,) = [d for d in validate(path) if d.code.startswith("S")]
    assert (diag.code, diag.line, diag.col) == ("S009", 5, 5)


def test_format_version_literal(tmp_path: Path) -> None:
    (diag,) = validate(_write(tmp_path, "format_version: 2\nid: x\n"))
    assert (diag.code, diag.message) == ("S006", "expected 1, got 2")


def test_abstract_scenario_validates_but_is_not_playable(tmp_path: Path, tiny_path: Path) -> None:
    shutil.copy(tiny_path, tmp_path / "tiny.yaml")
    path = _write(tmp_path, "format_version: 1\nid: base\nabstract: true\nextends: ./tiny.yaml\n")
    assert [d for d in validate(path) if d.is_error] == []
    with pytest.raises(ScenarioError) as info:
        load_rules(path)
    (diag,) = info.value.diagnostics
    assert (diag.code, diag.message, diag.line) == ("X010", "abstract scenario is not playable", 3)


def test_valid_tiny_scenario(tiny_path: Path) -> None:
    loaded = load_spec(tiny_path)
    assert loaded.ok
    assert loaded.spec is not None and loaded.spec.id == "tiny"
    assert len(loaded.digest) == 64
    assert [d for d in validate(tiny_path) if d.is_error] == []


def test_tiny_scenario_compiles(tiny_path: Path) -> None:
    rules = load_rules(tiny_path)
    assert rules.scenario_id == "tiny"
    assert rules.digest == load_spec(tiny_path).digest
    assert len(rules.turn_dates) == 3


def test_positions_of_keys_and_values(tiny_path: Path) -> None:
    _, positions, diags = read_yaml(tiny_path, "tiny.yaml")
    assert diags == []
    assert positions.value_at(("moves", 0, "cost")) == ("tiny.yaml", 44, 11)
    assert positions.key_at(("moves", 0, "cost")) == ("tiny.yaml", 44, 5)
    # falls back to the nearest ancestor that exists
    assert positions.value_at(("moves", 0, "nope", 3)) == ("tiny.yaml", 40, 5)
    assert positions.key_at(("moves", 0, "nope")) == ("tiny.yaml", 40, 5)
    assert positions.value_at(("clock", "turn_labels")) == positions.value_at(("clock",))


def test_int_keys_are_kept(tmp_path: Path) -> None:
    doc, _, diags = read_yaml(b"clock:\n  turn_labels: {1: First, 2: Second}\n", "x.yaml")
    assert diags == []
    assert doc == {"clock": {"turn_labels": {1: "First", 2: "Second"}}}


def test_missing_file_is_a_diagnostic(tmp_path: Path) -> None:
    diags = validate(tmp_path / "absent.yaml")
    assert [d.code for d in diags] == ["X011"]


def test_a_mistyped_scenario_id_gets_the_closest_one() -> None:
    assert [d.hint for d in validate("tokyo2018")] == ["did you mean 'tokyo_2018'?"]
    assert [d.hint for d in validate("zzzz")] == [
        "`four-islands list` shows the shipped scenarios and yours"
    ]


def test_meaning_problems_are_reported_with_shape_problems(tmp_path: Path) -> None:
    """All problems of a file in one run: a shape error does not hide an unknown meter."""
    tiny = (Path(__file__).parents[1] / "data" / "tiny.yaml").read_text(encoding="utf-8")
    broken = tiny.replace("    cost: 1\n", "    cots: 1\n", 1).replace(
        "{b_capital: 1}", "{b_capitl: 1}"
    )
    assert broken.count("cots") == 1 and "b_capitl" in broken
    path = tmp_path / "broken.yaml"
    path.write_text(broken, encoding="utf-8")
    codes = {d.code for d in validate(path)}
    assert {"S002", "L002"} <= codes
