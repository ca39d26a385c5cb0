"""`game.files.loads`: JSON with depth and number limits, errors with line and column."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.files import JsonLimitError, loads


@pytest.mark.parametrize(
    ("text", "message", "line", "col"),
    [
        ("[" * 5000 + "]" * 5000, "nesting is too deep", 1, 65),
        ('{"a": ' * 100 + "1" + "}" * 100, "nesting is too deep", 1, 385),
        ('{\n "seed": ' + "9" * 5000 + "}", "more than 40 digits", 2, 10),
        ('{"x": 1e999}', "too large to represent", 1, 7),
        ('{"x": NaN}', "NaN is not a JSON number", 1, 7),
        ("[-Infinity]", "-Infinity is not a JSON number", 1, 2),
        ('{"x": [1, 2', "Expecting", 1, 12),
    ],
)
def test_limits(text: str, message: str, line: int, col: int) -> None:
    with pytest.raises(JsonLimitError, match=message) as info:
        loads(text)
    assert (info.value.line, info.value.col) == (line, col)


def test_brackets_inside_strings_do_not_count() -> None:
    text = json.dumps({"note": "[" * 500, "deep": [[[1]]]})
    assert loads(text)["deep"] == [[[1]]]


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_round_trips_what_json_writes(value: object) -> None:
    assert loads(json.dumps(value)) == value


@given(st.text(max_size=200))
def test_any_text_is_a_value_or_a_json_limit_error(text: str) -> None:
    try:
        loads(text)
    except JsonLimitError as exc:
        assert exc.line >= 0 and exc.col >= 0
