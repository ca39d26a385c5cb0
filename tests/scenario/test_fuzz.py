"""Property tests: no input makes the loader raise anything but ScenarioError."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.scenario import INTERNAL_ERROR, ScenarioError, load_rules, validate
from game.scenario.yamlread import read_yaml

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny.yaml"
TINY_DOC, _, _ = read_yaml(TINY, "tiny.yaml")

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

YAML_ALPHABET = st.sampled_from(
    [*"abcxyz019 :-[]{},'\"#&*!|>?%@`\t\n", "\n  ", ": ", "- ", "&a ", "*a", "!!str ", "~"]
)


def _check(path: Path) -> None:
    diags = validate(path)
    assert all(d.code != INTERNAL_ERROR for d in diags), [d.render() for d in diags]
    try:
        load_rules(path)
    except ScenarioError as exc:
        assert exc.diagnostics


@SETTINGS
@given(data=st.binary(max_size=400))
def test_random_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(data)
    _check(path)


@SETTINGS
@given(text=st.lists(YAML_ALPHABET, max_size=120).map("".join))
def test_random_yaml_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    _check(path)


JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.extend(_paths(v, (*prefix, i)))
    return out


ALL_PATHS = [p for p in _paths(TINY_DOC) if p]


@st.composite
def mutated_documents(draw: st.DrawFn) -> Any:
    doc = copy.deepcopy(TINY_DOC)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent: Any = doc
        try:
            for part in path[:-1]:
                parent = parent[part]
            last = path[-1]
            action = draw(st.sampled_from(["drop", "junk", "insert"]))
            if action == "drop":
                del parent[last]
            elif action == "junk":
                parent[last] = draw(JUNK)
            elif isinstance(parent, dict):
                parent[draw(st.text(min_size=1, max_size=6))] = draw(JUNK)
            else:
                parent.insert(last, draw(JUNK))
        except (KeyError, IndexError, TypeError, AttributeError):
            continue
    return doc


@SETTINGS
@given(doc=mutated_documents())
def test_mutated_scenario(tmp_path: Path, doc: Any) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    _check(path)
