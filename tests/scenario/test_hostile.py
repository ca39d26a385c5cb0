"""Hostile inputs: every one gives a diagnostic; load_rules raises only ScenarioError."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from game.scenario import ScenarioError, load_rules, validate
from game.scenario.yamlread import MAX_BYTES, read_yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from hostile_inputs import hostile_inputs

INPUTS = hostile_inputs()


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_hostile_input(tmp_path: Path, name: str) -> None:
    data, code = INPUTS[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(data)
    diags = validate(path)
    assert diags, name
    assert diags[0].code == code, [d.render() for d in diags]
    with pytest.raises(ScenarioError) as info:
        load_rules(path)
    assert info.value.diagnostics[0].code == code


def test_python_tag_executes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "pwned.txt"
    path = tmp_path / "evil.yaml"
    path.write_text(
        "format_version: 1\nid: evil\n"
        f'title: !!python/object/apply:os.system ["echo pwned > {marker}"]\n'
        f'summary: !!python/object/new:subprocess.Popen [["touch", "{marker}"]]\n',
        encoding="utf-8",
    )
    diags = validate(path)
    assert [d.code for d in diags] == ["Y030", "Y030"]
    with pytest.raises(ScenarioError):
        load_rules(path)
    assert not marker.exists()


def test_huge_file_rejected_by_size_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:  # 50 MB, sparse where the file system allows
        fh.truncate(50 * 1024 * 1024)
    opened: list[object] = []
    real_open = Path.open

    def spy(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(self)
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", spy)
    diags = validate(path)
    assert [d.code for d in diags] == ["Y001"]
    assert path not in opened
    with pytest.raises(ScenarioError):
        load_rules(path)


def test_size_limit_on_bytes() -> None:
    _, _, diags = read_yaml(b"a: 1\n" + b"#" * MAX_BYTES, "big.yaml")
    assert [d.code for d in diags] == ["Y001"]


def test_yaml_1_2_scalars_stay_text() -> None:
    doc, _, diags = read_yaml(
        b"a: no\nb: on\nc: yes\nd: off\ne: y\nf: n\ng: 1:30\nh: True\ni: FALSE\nj: ~\nk:\n"
        b"l: 0x10\nm: 0o17\nn: 1.5\no: .inf\np: .nan\nq: 012\nr: '12'\ns: !!str 12\n",
        "s.yaml",
    )
    assert diags == []
    assert doc == {
        "a": "no",
        "b": "on",
        "c": "yes",
        "d": "off",
        "e": "y",
        "f": "n",
        "g": "1:30",
        "h": True,
        "i": False,
        "j": None,
        "k": None,
        "l": 16,
        "m": 15,
        "n": 1.5,
        "o": ".inf",
        "p": ".nan",
        "q": 12,
        "r": "12",
        "s": "12",
    }


def test_key_must_be_scalar() -> None:
    _, _, diags = read_yaml(b"? [a, b]\n: 1\nc: 2\n", "k.yaml")
    assert [(d.code, d.line, d.col) for d in diags] == [("Y032", 1, 3)]


def test_recursive_anchor_is_rejected() -> None:
    _, _, diags = read_yaml(b"a: &a [*a]\n", "r.yaml")
    assert [d.code for d in diags] == ["Y021"]


def test_small_alias_use_is_fine() -> None:
    doc, _, diags = read_yaml(b"a: &x {k: 1}\nb: *x\n", "a.yaml")
    assert diags == [] and doc == {"a": {"k": 1}, "b": {"k": 1}}


def test_unreadable_path_is_a_diagnostic(tmp_path: Path) -> None:
    assert [d.code for d in validate(tmp_path)] == ["Y000"]  # a directory
    if os.name == "posix" and os.geteuid() != 0:
        path = tmp_path / "locked.yaml"
        path.write_text("a: 1\n", encoding="utf-8")
        path.chmod(0)
        assert [d.code for d in validate(path)] == ["Y000"]
