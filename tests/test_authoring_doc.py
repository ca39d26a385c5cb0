"""`docs/scenario-authoring.md`: its tutorial's files validate and play, and its field reference
is the one the format's models generate."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from game.cli import main
from game.engine import Game
from game.match import random_sim_check
from game.scenario import load_rules, validate
from game.scenario.reference import BEGIN, END, field_reference, splice
from game.scenario.schema import ScenarioSpec
from game.scenario.user_folder import ENV_VAR

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


STEPS = ("step 2", "step 3", "step 4", "step 5")


def _built(upto: str) -> dict[str, Any]:
    """The file a reader has after a step: step 1, then each step's top-level sections added
    or replacing the ones already there; step 6 changes the two reservations."""
    doc = yaml.safe_load(_tutorial_file("step 1"))
    for step in STEPS:
        doc.update(yaml.safe_load(_tutorial_file(step)))
        if step == upto:
            return dict(doc)
    found = re.findall(r'reservation: "(.*)"', _tutorial_file("step 6"))
    assert len(found) == 2, "step 6 changes both sides' reservations"
    for side, reservation in zip(doc["sides"], found, strict=True):
        side["reservation"] = reservation
    return dict(doc)


@pytest.mark.parametrize("step", STEPS)
def test_each_step_builds_a_file_that_validates(step: str, tmp_path: Path) -> None:
    path = tmp_path / "hans_island.yaml"
    path.write_text(yaml.safe_dump(_built(step), sort_keys=False), encoding="utf-8")
    diags = validate(path)
    assert not diags, "\n".join(d.render() for d in diags)


def test_the_steps_add_up_to_the_whole_file() -> None:
    assert _built("step 6") == yaml.safe_load(_tutorial_file("final"))


MEASURED = {"step 1": "step 1", "step 5": "step 5", "final": "step 6"}


def test_the_measurements_quoted_in_the_tutorial_reproduce(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every `<!-- measured: STEP -->` block: its command, run on the file of that step in a
    scenario folder of its own, prints every line the block quotes."""
    blocks = re.findall(r"<!-- measured: (.*?) -->\n```text\n(.*?)^```", _guide(), re.M | re.S)
    assert len(blocks) >= 4
    folder = tmp_path / "scenarios"
    folder.mkdir()
    monkeypatch.setenv(ENV_VAR, str(folder))
    for state, block in blocks:
        command, *quoted = block.splitlines()
        assert command.startswith("$ four-islands "), command
        built = _built(MEASURED[state]) if state != "step 1" else _tutorial_file("step 1")
        text = built if isinstance(built, str) else yaml.safe_dump(built, sort_keys=False)
        (folder / "hans_island.yaml").write_text(text, encoding="utf-8")
        assert main(shlex.split(command)[2:]) == 0, command
        out = capsys.readouterr().out.splitlines()
        for line in quoted:
            assert line in out, (
                f"{state}: `{command[2:]}` no longer prints {line!r}: re-run it and update the "
                "figures in docs/scenario-authoring.md"
            )
