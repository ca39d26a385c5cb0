"""JSON with limits: nesting depth and number sizes checked, errors with line and column."""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_JSON_DEPTH = 64
MAX_INT_DIGITS = 40
"""2**128 has 39 digits: room for every integer a save holds, far from Python's 4,300 cap."""
MAX_NUMBER_CHARS = 100

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class JsonLimitError(ValueError):
    """Text that is not JSON or breaks a limit; `line`/`col` are 1-based (0 when unknown)."""

    def __init__(self, message: str, line: int = 0, col: int = 0) -> None:
        super().__init__(f"line {line}, column {col}: {message}" if line else message)
        self.message = message
        self.line = line
        self.col = col


def _masked(text: str) -> str:
    """The text with every string's content blanked out (same length, same offsets)."""
    return _STRING.sub(lambda m: '"' + "_" * (len(m.group()) - 2) + '"', text)


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _too_deep(masked: str, max_depth: int) -> int | None:
    depth = 0
    for match in _BRACKET.finditer(masked):
        if match.group() in "[{":
            depth += 1
            if depth > max_depth:
                return match.start()
        else:
            depth -= 1
    return None


class _NumberError(Exception):
    def __init__(self, text: str, message: str) -> None:
        self.text = text
        self.message = message


def loads(
    text: str,
    *,
    max_depth: int = MAX_JSON_DEPTH,
    max_int_digits: int = MAX_INT_DIGITS,
) -> Any:
    """Parse JSON text; `JsonLimitError` (with line and column) for bad JSON or a broken limit.

    Refused: nesting deeper than `max_depth`, an integer longer than `max_int_digits` digits, a
    number longer than `MAX_NUMBER_CHARS` characters, a float that overflows to infinity, and
    the non-standard constants `NaN`, `Infinity` and `-Infinity`.
    """
    masked: str | None = None
    if text.count("[") + text.count("{") > max_depth:
        masked = _masked(text)
        deep = _too_deep(masked, max_depth)
        if deep is not None:
            line, col = _line_col(text, deep)
            raise JsonLimitError(f"nesting is too deep (more than {max_depth} levels)", line, col)

    def parse_int(s: str) -> int:
        if len(s.lstrip("-")) > max_int_digits:
            raise _NumberError(s, f"a number with more than {max_int_digits} digits")
        return int(s)

    def parse_float(s: str) -> float:
        if len(s) > MAX_NUMBER_CHARS:
            raise _NumberError(s, f"a number longer than {MAX_NUMBER_CHARS} characters")
        value = float(s)
        if not math.isfinite(value):
            raise _NumberError(s, "a number too large to represent")
        return value

    def parse_constant(s: str) -> Any:
        raise _NumberError(s, f"{s} is not a JSON number")

    try:
        return json.loads(
            text, parse_int=parse_int, parse_float=parse_float, parse_constant=parse_constant
        )
    except json.JSONDecodeError as exc:
        raise JsonLimitError(exc.msg, exc.lineno, exc.colno) from None
    except _NumberError as exc:
        where = (masked if masked is not None else _masked(text)).find(exc.text)
        line, col = _line_col(text, where) if where >= 0 else (0, 0)
        raise JsonLimitError(exc.message, line, col) from None
    except RecursionError:  # pragma: no cover - the depth scan comes first
        raise JsonLimitError(f"nesting is too deep (more than {max_depth} levels)") from None
