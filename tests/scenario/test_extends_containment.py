"""`extends` stays inside the allowed folders and never opens (or shows) any other file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.scenario import catalog, validate, yamlread

SECRET = "root:$6$SECRET-HASH-LINE:19000:0:99999:7:::\n"


@pytest.fixture
def layout(tmp_path: Path, tiny_path: Path) -> dict[str, Path]:
    mods = tmp_path / "mods"
    (mods / "sub").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "shadow").write_text(SECRET)
    shutil.copy(tiny_path, outside / "tiny.yaml")
    shutil.copy(tiny_path, mods / "sub" / "tiny.yaml")
    return {"mods": mods, "outside": outside}


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path the scenario reader opens."""
    seen: list[str] = []
    real = yamlread.read_bytes

    def spy(path: object, *, max_bytes: int) -> bytes:
        seen.append(str(path))
        return real(path, max_bytes=max_bytes)  # type: ignore[arg-type]

    monkeypatch.setattr(yamlread, "read_bytes", spy)
    return seen


def _scenario(folder: Path, extends: str) -> Path:
    path = folder / "mod.yaml"
    path.write_text(f"format_version: 1\nid: mod\nextends: {extends}\n", encoding="utf-8")
    return path


def _only_x007(path: Path, opened: list[str]) -> None:
    diags = validate(path)
    assert [(d.code, d.line, d.col) for d in diags] == [("X007", 3, 10)]
    text = "\n".join(d.render() for d in diags)
    assert "SECRET" not in text
    # the base was never opened (looking a name up among the shipped scenarios reads those)
    shipped = str(catalog.scenarios_dir())
    assert [p for p in opened if not p.startswith(shipped)] == [str(path)]


def test_absolute_path_outside_is_refused_unopened(
    layout: dict[str, Path], opened: list[str]
) -> None:
    _only_x007(_scenario(layout["mods"], str(layout["outside"] / "shadow")), opened)


def test_dot_dot_outside_is_refused_unopened(layout: dict[str, Path], opened: list[str]) -> None:
    _only_x007(_scenario(layout["mods"], "../outside/shadow"), opened)


def test_symlink_leading_out_is_refused_unopened(
    layout: dict[str, Path], opened: list[str]
) -> None:
    (layout["mods"] / "base.yaml").symlink_to(layout["outside"] / "tiny.yaml")
    _only_x007(_scenario(layout["mods"], "./base.yaml"), opened)


def test_id_naming_a_symlink_leading_out_is_refused(
    layout: dict[str, Path], opened: list[str]
) -> None:
    (layout["mods"] / "shadow.yaml").symlink_to(layout["outside"] / "shadow")
    _only_x007(_scenario(layout["mods"], "shadow"), opened)


def test_file_below_the_folder_and_a_symlink_inside_are_allowed(layout: dict[str, Path]) -> None:
    mods = layout["mods"]
    assert [d for d in validate(_scenario(mods, "./sub/tiny.yaml")) if d.is_error] == []
    (mods / "link.yaml").symlink_to(mods / "sub" / "tiny.yaml")
    assert [d for d in validate(_scenario(mods, "./link.yaml")) if d.is_error] == []


def test_user_scenario_folder_hook(
    layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _scenario(layout["mods"], str(layout["outside"] / "tiny.yaml"))
    assert [d.code for d in validate(path)] == ["X007"]
    monkeypatch.setattr(catalog, "extra_scenario_roots", lambda: [layout["outside"]])
    assert [d for d in validate(path) if d.is_error] == []


def test_shipped_id_still_works(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "format_version: 1\nid: mine\nextends: tokyo_2018\ntitle: Mine\n", encoding="utf-8"
    )
    assert [d for d in validate(path) if d.is_error] == []
