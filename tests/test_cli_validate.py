"""The `four-islands` command line: validate, schema, list, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main

DATA = Path(__file__).parent / "data"


def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(DATA / "tiny.yaml")]) == 0
    out = capsys.readouterr().out
    assert out.strip().endswith("tiny.yaml: ok")


def test_validate_invalid(capsys: pytest.CaptureFixture[str]) -> None:
    bad = DATA / "bad" / "wrong_type.yaml"
    assert main(["validate", str(DATA / "tiny.yaml"), str(bad)]) == 1
    out = capsys.readouterr().out
    assert "wrong_type.yaml:6:11: error[S003] moves[0].cost: expected a whole number" in out
    assert "wrong_type.yaml: 1 error\n" in out
    assert "tiny.yaml: ok" in out


def test_validate_every_bad_file_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    # `_tiny_base.yaml` is the (valid) base the bad files extend: bases live in their folder
    files = sorted(str(p) for p in (DATA / "bad").iterdir() if not p.name.startswith("_"))
    assert main(["validate", *files]) == 1
    out = capsys.readouterr().out
    assert "Traceback" not in out
    assert out.count(": 1 error") == len(files)


def test_validate_missing_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "no/such/file.yaml"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_validate_directory_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path)]) == 2
    assert "directory" in capsys.readouterr().err


def test_validate_needs_a_path() -> None:
    with pytest.raises(SystemExit) as info:
        main(["validate"])
    assert info.value.code == 2


def test_unknown_command() -> None:
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "format_version" in schema["properties"]


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert isinstance(rows, list)
    for row in rows:
        assert {"id", "title", "path"} <= set(row)
        assert Path(row["path"]).is_file()


def test_list_leaves_out_abstract_bases(capsys: pytest.CaptureFixture[str]) -> None:
    from game.scenario.catalog import shipped_files
    from game.scenario.yamlread import read_yaml

    abstract = set()
    for path in shipped_files():
        doc, _, _ = read_yaml(path, path.name)
        if isinstance(doc, dict) and doc.get("abstract") is True:
            abstract.add(doc.get("id"))
    assert main(["list", "--json"]) == 0
    ids = {row["id"] for row in json.loads(capsys.readouterr().out)}
    assert not ids & abstract


def test_no_command_opens_the_desktop_game_or_says_there_is_no_display(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert main([]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "no display" in err and "four-islands run <scenario> --as <side>" in err


def _with_history(tmp_path: Path, tiny_path: Path, ending: str, steps: list[str]) -> Path:
    text = tiny_path.read_text()
    text += f"history:\n  ending: {ending}\n  steps:\n"
    text += "".join(f'    - "{s}"\n' for s in steps)
    out = tmp_path / "with_history.yaml"
    out.write_text(text)
    return out


_LINE = [
    "chance flexibility.a=high",
    "a: table handover=yes_deal",
    "b: accept",
    "chance ratify.a=yes",
    "chance ratify.b=yes",
]


def test_validate_plays_the_history_line(
    tmp_path: Path, tiny_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _with_history(tmp_path, tiny_path, "agreement", _LINE)
    assert main(["validate", str(good)]) == 0
    wrong = _with_history(tmp_path, tiny_path, "nothing", _LINE)
    capsys.readouterr()
    assert main(["validate", str(wrong)]) == 1
    out = capsys.readouterr().out
    lines = wrong.read_text().splitlines()
    row = next(i for i, t in enumerate(lines, 1) if t.startswith("  ending: nothing"))
    assert (
        f"{wrong}:{row}:11: error[H003] history.ending: the historical line ends in agreement"
        in out
    )
    illegal = _with_history(tmp_path, tiny_path, "agreement", [*_LINE[:1], "b: move warm_words"])
    assert main(["validate", str(illegal)]) == 1
    out = capsys.readouterr().out
    row = len(illegal.read_text().splitlines())
    assert f"{illegal}:{row}:7: error[H001] history.steps[1]: the historical line cannot be" in out
    assert "step 2 (b: move warm_words)" in out
