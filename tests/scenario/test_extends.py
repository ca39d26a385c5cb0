"""`extends`: merge by id, override, remove, abstract, cycles, missing bases, digest."""

from __future__ import annotations

from pathlib import Path

from game.scenario import validate
from game.scenario.extends import content_digest, resolve
from game.scenario.loader import load_spec

BASE = """format_version: 1
id: base
abstract: true
title: Base
ui:
  briefing: Base briefing
  labels: {a: A, b: B}
moves:
  - id: one
    side: a
    label: One
    category: signal
    cost: 1
  - id: two
    side: a
    label: Two
    category: signal
    cost: 2
tags: [x, y]
"""


def _files(tmp_path: Path, child: str, base: str = BASE) -> Path:
    (tmp_path / "base.yaml").write_text(base, encoding="utf-8")
    path = tmp_path / "child.yaml"
    path.write_text(child, encoding="utf-8")
    return path


def _merged(path: Path) -> dict:
    doc, _, diags = resolve(path)
    assert [d.render() for d in diags] == []
    assert doc is not None
    return doc


def test_merge_by_id_override_and_append(tmp_path: Path) -> None:
    path = _files(
        tmp_path,
        """format_version: 1
id: child
extends: ./base.yaml
moves:
  - id: two
    cost: 5
  - id: three
    side: b
    label: Three
    category: signal
ui:
  labels: {b: Bee, c: C}
tags: [z]
""",
    )
    doc = _merged(path)
    assert [m["id"] for m in doc["moves"]] == ["one", "two", "three"]
    assert doc["moves"][1] == {
        "id": "two",
        "side": "a",
        "label": "Two",
        "category": "signal",
        "cost": 5,
    }
    assert doc["ui"] == {"briefing": "Base briefing", "labels": {"a": "A", "b": "Bee", "c": "C"}}
    assert doc["tags"] == ["z"]  # other lists are replaced
    assert doc["title"] == "Base" and doc["id"] == "child"


def test_abstract_and_extends_are_not_inherited(tmp_path: Path) -> None:
    doc = _merged(_files(tmp_path, "format_version: 1\nid: child\nextends: base\n"))
    assert "abstract" not in doc
    assert doc["extends"] == "base"
    doc = _merged(_files(tmp_path, "format_version: 1\nid: c\nextends: base\nabstract: true\n"))
    assert doc["abstract"] is True


def test_remove_drops_base_items(tmp_path: Path) -> None:
    path = _files(
        tmp_path,
        "format_version: 1\nid: child\nextends: ./base.yaml\nremove:\n  moves: [one]\n",
    )
    doc = _merged(path)
    assert [m["id"] for m in doc["moves"]] == ["two"]


def test_remove_then_redefine(tmp_path: Path) -> None:
    path = _files(
        tmp_path,
        """format_version: 1
id: child
extends: ./base.yaml
remove: {moves: [one]}
moves:
  - {id: one, side: b, label: New one, category: economy}
""",
    )
    doc = _merged(path)
    assert [m["id"] for m in doc["moves"]] == ["two", "one"]
    assert doc["moves"][1]["label"] == "New one" and "cost" not in doc["moves"][1]


def test_remove_unknown_id_and_section(tmp_path: Path) -> None:
    path = _files(
        tmp_path,
        "format_version: 1\nid: c\nextends: base.yaml\nremove:\n  moves: [onne]\n  events: [e]\n",
    )
    _, _, diags = resolve(path)
    assert [(d.code, d.line, d.col) for d in diags] == [("X003", 5, 11), ("X003", 6, 3)]
    assert diags[0].hint == "did you mean 'one'?"


def test_positions_come_from_each_file(tmp_path: Path) -> None:
    path = _files(
        tmp_path,
        "format_version: 1\nid: child\nextends: ./base.yaml\nmoves:\n  - id: two\n    cost: 5\n",
    )
    doc, positions, _ = resolve(path, "child.yaml")
    assert doc is not None
    # cost of `two` comes from the child, its label from the base
    assert positions.value_at(("moves", 1, "cost")) == ("child.yaml", 6, 11)
    file, line, col = positions.value_at(("moves", 1, "label"))
    assert file.endswith("base.yaml") and (line, col) == (16, 12)
    file, line, _ = positions.value_at(("moves", 0, "id"))
    assert file.endswith("base.yaml") and line == 9
    file, line, _ = positions.value_at(("ui", "briefing"))
    assert file.endswith("base.yaml") and line == 6


def test_positions_follow_removal(tmp_path: Path) -> None:
    path = _files(
        tmp_path, "format_version: 1\nid: child\nextends: base.yaml\nremove: {moves: [one]}\n"
    )
    doc, positions, _ = resolve(path)
    assert doc is not None
    file, line, _ = positions.value_at(("moves", 0, "cost"))
    assert file.endswith("base.yaml") and line == 18  # `two` moved to index 0


def test_shape_error_in_base_item_is_reported_in_base_file(tmp_path: Path) -> None:
    base = BASE.replace("cost: 2", "cost: two")
    path = _files(tmp_path, "format_version: 1\nid: c\nextends: base.yaml\n", base=base)
    diags = [d for d in validate(path) if d.code.startswith("S")]
    assert [d.code for d in diags] == ["S003", "S002"]  # cost: two; `tags` is no key of the format
    assert diags[0].file.endswith("base.yaml") and diags[0].line == 18
    assert diags[1].file.endswith("base.yaml") and diags[1].line == 19


def test_missing_base(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("format_version: 1\nid: c\nextends: nowhere_at_all\n", encoding="utf-8")
    (diag,) = validate(path)
    assert (diag.code, diag.line, diag.col) == ("X001", 3, 10)
    assert "nowhere_at_all" in (diag.hint or "")


def test_cycle_through_three_files(tmp_path: Path) -> None:
    for name, nxt in (("a", "b"), ("b", "c"), ("c", "a")):
        (tmp_path / f"{name}.yaml").write_text(
            f"format_version: 1\nid: {name}\nextends: ./{nxt}.yaml\n", encoding="utf-8"
        )
    (diag,) = validate(tmp_path / "a.yaml")
    assert diag.code == "X002"
    assert diag.message.count("->") == 3


def test_self_extends_is_a_cycle(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("format_version: 1\nid: s\nextends: ./s.yaml\n", encoding="utf-8")
    assert [d.code for d in validate(path)] == ["X002"]


def test_duplicate_id_in_child_list(tmp_path: Path) -> None:
    path = _files(
        tmp_path,
        "format_version: 1\nid: c\nextends: base\nmoves:\n  - {id: one, cost: 3}\n"
        "  - {id: one, cost: 4}\n",
    )
    assert [(d.code, d.line) for d in validate(path)] == [("X006", 6)]


def test_digest_is_stable_and_tracks_content(tmp_path: Path, tiny_path: Path) -> None:
    child = "format_version: 1\nid: c\nextends: ./base.yaml\n"
    first = load_spec(_files(tmp_path, child)).digest
    # same merged content written differently: same digest
    again = load_spec(_files(tmp_path, "# comment\nid: c\nformat_version: 1\nextends: base\n"))
    assert again.digest == first
    # a change in the base changes the digest of the child
    changed = load_spec(_files(tmp_path, child, base=BASE.replace("cost: 2", "cost: 3")))
    assert changed.digest != first
    assert len(first) == 64
    # extends/remove do not count; everything else does
    doc = {"id": "x", "clock": {"turn_labels": {1: "a"}}}
    assert content_digest(doc) == content_digest({**doc, "extends": "y", "remove": {}})
    assert content_digest(doc) != content_digest({**doc, "title": "t"})


def test_extends_shipped_id_or_sibling(tmp_path: Path, tiny_path: Path) -> None:
    (tmp_path / "tiny.yaml").write_text(tiny_path.read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "c.yaml"
    path.write_text("format_version: 1\nid: c\nextends: tiny\ntitle: C\n", encoding="utf-8")
    loaded = load_spec(path)
    assert loaded.ok, [d.render() for d in loaded.diagnostics]
    assert loaded.document is not None and loaded.document["title"] == "C"
    assert [d for d in validate(path) if d.is_error] == []
