"""Diagnostics: every problem found in a scenario file, as data.

The loader, the linter and the compiler return lists of `Diagnostic`; the CLI renders them and the
game's scenario picker will show them. Codes are stable so tests assert codes, not prose:

- `Y0xx` reading the file (size, encoding, YAML syntax, aliases, depth, tags, duplicate keys);
- `S0xx` shape (types, missing or unknown keys), from the pydantic models;
- `X0xx` `extends` (missing base, cycles);
- `E0xx` expressions;
- `L0xx` meaning (references, bounds, probabilities, duplicate ids).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem, with where it is and how to fix it."""

    code: str
    """Stable code, e.g. `S012`."""
    severity: Severity
    file: str
    line: int
    """1-based line (0 when the problem concerns the whole file)."""
    col: int
    """1-based column."""
    path: str
    """Dotted path inside the document, e.g. `moves[3].cost` (empty for the whole file)."""
    message: str
    hint: str | None = None

    def render(self) -> str:
        """`path:line:col: error[CODE] dotted.path: message`, plus a hint line."""
        where = f"{self.file}:{self.line}:{self.col}"
        path = f" {self.path}:" if self.path else ""
        text = f"{where}: {self.severity}[{self.code}]{path} {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    @property
    def is_error(self) -> bool:
        """True for errors (warnings do not make a scenario invalid)."""
        return self.severity == "error"


class ScenarioError(Exception):
    """The only exception the scenario loader raises: carries every diagnostic of the file."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        first = diagnostics[0].render() if diagnostics else "invalid scenario"
        more = f" (and {len(diagnostics) - 1} more)" if len(diagnostics) > 1 else ""
        super().__init__(first + more)


def format_path(path: tuple[str | int, ...]) -> str:
    """Render a document path: ('moves', 3, 'cost') -> 'moves[3].cost'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out
