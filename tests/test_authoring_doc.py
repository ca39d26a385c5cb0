"""`docs/scenario-authoring.md`: its tutorial's files validate and play, and its field reference
is the one the format's models generate."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.engine import Game
from game.match import random_sim_check
from game.scenario import load_rules, validate
from game.scenario.reference import BEGIN, END, field_reference, splice
from game.scenario.schema import ScenarioSpec

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "scenario-authoring.md"


def _guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def _tutorial_file(marker: str) -> str:
    """The YAML block right after `<!-- tutorial: MARKER -->`."""
    found = re.search(
        rf"<!-- tutorial: {marker} -->\n```yaml\n(.*?)^```", _guide(), re.MULTILINE | re.DOTALL
    )
    assert found, f"no tutorial block marked {marker!r}"
    return found.group(1)


@pytest.fixture(params=["step 1", "final"])
def tutorial(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / "hans_island.yaml"
    path.write_text(_tutorial_file(request.param), encoding="utf-8")
    return path


def test_each_tutorial_file_validates_cleanly_and_plays(tutorial: Path) -> None:
    diags = validate(tutorial)
    assert not diags, "\n".join(d.render() for d in diags)
    assert random_sim_check(Game(load_rules(tutorial)), 30, seed=2) > 0


def test_the_tutorial_history_replays_to_its_ending(tmp_path: Path) -> None:
    path = tmp_path / "hans_island.yaml"
    path.write_text(_tutorial_file("final"), encoding="utf-8")
    rules = load_rules(path)
    game = Game(rules)
    state = game.new_initial_state()
    for step in rules.history:
        assert not game.is_terminal(state), step
        state = game.apply(state, game.parse_action(state, step))
    ending = game.ending(state)
    assert ending is not None and ending.id == rules.history_ending == "split_island"


def test_the_field_reference_is_current() -> None:
    current = _guide()
    assert BEGIN in current and END in current
    assert splice(current, field_reference()) == current, (
        "the field reference is out of date: run tools/gen_field_reference.py"
    )


def test_the_field_reference_covers_every_top_level_key_and_model() -> None:
    reference = field_reference()
    for name, field in ScenarioSpec.model_fields.items():
        assert f"| `{field.alias or name}` |" in reference, name
    for model in ("Move", "Event", "Side", "Values", "Flexibility", "Ratification", "AddEffect"):
        assert f"### {model}" in reference, model


def test_splice_replaces_only_the_marked_part() -> None:
    doc = f"before\n{BEGIN}\nold\n{END}\nafter\n"
    assert splice(doc, "new\n") == f"before\n{BEGIN}\n\nnew\n\n{END}\nafter\n"
