"""The per-user scenario folder, `four-islands new`, and the test suite's isolation from the
machine's own folders."""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs
import pytest

from game.cli import main
from game.engine import Game
from game.match import random_sim_check
from game.scenario import find_scenario, list_scenarios, list_user_scenarios, load_rules, validate
from game.scenario.starter import StarterError, starter_text, write_starter
from game.scenario.user_folder import ENV_VAR, user_scenarios_dir
from tests.conftest import USER_ROOT


@pytest.fixture
def own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty user scenario folder for one test."""
    folder = tmp_path / "my scenarios"
    monkeypatch.setenv(ENV_VAR, str(folder))
    return folder


def test_the_suite_points_every_user_folder_at_a_temporary_one() -> None:
    assert user_scenarios_dir().is_relative_to(USER_ROOT)
    for kind in ("data", "config", "state"):
        path = Path(getattr(platformdirs, f"user_{kind}_dir")("four-islands"))
        assert path.is_relative_to(USER_ROOT), (kind, path)
        assert Path(getattr(platformdirs, f"user_{kind}_path")("four-islands")) == path
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", ENV_VAR):
        assert Path(os.environ[var]).is_relative_to(USER_ROOT), var


def test_without_the_variable_the_folder_is_in_the_user_data_dir(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    expected = platformdirs.user_data_path("four-islands", appauthor=False) / "scenarios"
    assert user_scenarios_dir() == expected


def test_the_variable_overrides_the_folder(own: Path) -> None:
    assert user_scenarios_dir() == own


def test_new_writes_a_starter_that_validates_replays_and_plays(
    own: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "river_talks"]) == 0
    path = own / "river_talks.yaml"
    out = capsys.readouterr().out
    assert str(path) in out
    guide = Path(out.split("guide:", 1)[1].split()[0])  # absolute, wherever one runs it from
    assert guide.is_absolute() and guide.name == "scenario-authoring.md" and guide.is_file()
    assert (own / "schema.json").is_file()
    assert validate(path) == []
    rules = load_rules("river_talks")  # found by id in the user folder
    assert rules.scenario_id == "river_talks"
    game = Game(rules)
    state = game.new_initial_state()
    for step in rules.history:
        state = game.apply(state, game.parse_action(state, step))
    ending = game.ending(state)
    assert ending is not None and ending.id == rules.history_ending
    assert random_sim_check(game, 40, seed=5) > 0


def test_new_refuses_a_bad_name_and_an_existing_file(
    own: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "River-Talks"]) == 2
    assert "not a scenario id" in capsys.readouterr().err
    assert main(["new", "talks"]) == 0
    (own / "talks.yaml").write_text("# mine\n", encoding="utf-8")
    assert main(["new", "talks"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (own / "talks.yaml").read_text(encoding="utf-8") == "# mine\n"
    assert main(["new", "talks", "--force"]) == 0
    assert "id: talks" in (own / "talks.yaml").read_text(encoding="utf-8")


def test_new_into_another_folder(tmp_path: Path, own: Path) -> None:
    target = tmp_path / "elsewhere"
    assert main(["new", "quay", "--dir", str(target)]) == 0
    assert (target / "quay.yaml").is_file()
    assert not own.exists()


def test_write_starter_reports_an_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(StarterError, match="cannot write"):
        write_starter("quay", blocker)


def test_starter_title_comes_from_the_name() -> None:
    assert 'title: "River talks"' in starter_text("river_talks")


def test_list_shows_own_scenarios_apart_from_shipped_ones(
    own: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list"]) == 0
    assert "none yet" in capsys.readouterr().out
    write_starter("zz_mine", own)
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    shipped, _, yours = out.partition("Your scenarios")
    assert "tokyo_2018" in shipped and "zz_mine" not in shipped
    assert "zz_mine" in yours and "tokyo_2018" not in yours and str(own) in yours
    assert main(["list", "--json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["zz_mine"]["origin"] == "user"
    assert rows["tokyo_2018"]["origin"] == "shipped"
    assert rows["tokyo_2018"]["start_date"] == "2018-02-06"


def test_checks_over_shipped_scenarios_do_not_see_own_ones(own: Path) -> None:
    write_starter("zz_mine", own)
    (own / "zz_mine.test.yaml").write_text("# a scenario test, not a scenario\n", encoding="utf-8")
    assert "zz_mine" not in {e.id for e in list_scenarios()}
    assert [e.id for e in list_user_scenarios()] == ["zz_mine"]


def test_a_shipped_id_wins_over_an_own_scenario_of_the_same_id(own: Path) -> None:
    own.mkdir(parents=True)
    (own / "tokyo_2018.yaml").write_text(starter_text("tokyo_2018"), encoding="utf-8")
    assert find_scenario("tokyo_2018").resolve() != (own / "tokyo_2018.yaml").resolve()


def test_run_plays_an_own_scenario_and_says_whose_it_is(
    own: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_starter("river_talks", own)
    code = main(
        ["run", "river_talks", "--player", "north=rules", "--player", "south=random", "--seed", "3"]
    )
    assert code == 0
    captured = capsys.readouterr()
    assert "your scenario" in captured.err
    assert "== The end:" in captured.out


def test_extends_resolves_an_id_in_the_user_folder(tmp_path: Path, own: Path) -> None:
    write_starter("river_base", own)
    child = tmp_path / "work" / "variant.yaml"
    child.parent.mkdir()
    child.write_text(
        "format_version: 1\n"
        "id: river_variant\n"
        "extends: river_base\n"
        "clock: {turns: 8}\n"
        "meters:\n"
        "  - {id: goodwill, start: 20}\n",
        encoding="utf-8",
    )
    assert validate(child) == []
    rules = load_rules(child)
    assert {m.id: m.start for m in rules.meters}["goodwill"] == 20
    assert rules.num_turns == 8


def test_an_unknown_base_names_the_user_folder_among_the_places_tried(tmp_path: Path) -> None:
    child = tmp_path / "variant.yaml"
    child.write_text("format_version: 1\nid: v\nextends: nowhere_base\n", encoding="utf-8")
    (diag,) = [d for d in validate(child) if d.code == "X001"]
    assert diag.hint is not None and "your scenario 'nowhere_base'" in diag.hint


@pytest.mark.parametrize("name", ["tokyo_2018", "base_world"])
def test_new_refuses_a_shipped_id_in_one_line(
    name: str, own: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", name]) == 2
    err = capsys.readouterr().err
    assert "shipped scenario" in err and name in err and err.count("\n") == 1
    assert not (own / f"{name}.yaml").exists()


def test_list_marks_an_own_scenario_hidden_by_a_shipped_one(
    own: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own.mkdir(parents=True)
    (own / "mine.yaml").write_text(starter_text("tokyo_2018"), encoding="utf-8")
    assert main(["list"]) == 0
    _, _, yours = capsys.readouterr().out.partition("Your scenarios")
    assert "tokyo_2018" in yours and "hidden by the shipped one" in yours


def test_list_marks_an_own_scenario_that_will_not_load(
    own: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not only a file of the wrong shape: an unknown name in a condition, which only the full
    check finds, marks the file too, and the list says how to see what is wrong."""
    write_starter("zz_fine", own)
    text = starter_text("zz_typo")
    assert 'when: "goodwill >= 45"' in text
    typo = text.replace('when: "goodwill >= 45"', 'when: "godwill >= 45"')
    (own / "zz_typo.yaml").write_text(typo, encoding="utf-8")
    assert main(["list"]) == 0
    _, _, yours = capsys.readouterr().out.partition("Your scenarios")
    rows = {line.split()[0]: line for line in yours.splitlines()[1:] if line.startswith("  ")}
    assert "(has errors)" in rows["zz_typo"] and "(has errors)" not in rows["zz_fine"]
    assert f"four-islands validate {own / 'zz_typo.yaml'}" in yours
    assert main(["list", "--json"]) == 0
    valid = {r["id"]: r["valid"] for r in json.loads(capsys.readouterr().out)}
    assert valid["zz_typo"] is False and valid["zz_fine"] is True


def test_the_starter_teaches_a_working_balance(own: Path) -> None:
    """A deal beats no deal for both sides, and `normal` bots reach it, but not on turn 1."""
    from game.match import make_bot, play_game

    game = Game(load_rules(write_starter("river_talks", own)))
    deals: list[tuple[float, ...]] = []
    no_deals: list[tuple[float, ...]] = []
    deal_turns = []
    for seed in range(12):
        state = play_game(game, seed, {0: make_bot("normal"), 1: make_bot("normal")})
        ending = game.ending(state)
        assert ending is not None
        if ending.id == "no_deal":
            no_deals.append(game.returns(state))
        else:
            deals.append(game.returns(state))
            deal_turns.append(state.turn)
    assert deals and no_deals, (len(deals), len(no_deals))
    assert min(deal_turns) >= 3, deal_turns  # earned over the season, no turn-1 lottery
    for side in (0, 1):
        assert min(d[side] for d in deals) > max(n[side] for n in no_deals), side
