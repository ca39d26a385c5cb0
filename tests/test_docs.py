"""`docs/format.md` stays in step with the format: keys, diagnostic codes and full examples."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.scenario import validate
from game.scenario.schema import ScenarioSpec

ROOT = Path(__file__).resolve().parents[1]
FORMAT_MD = ROOT / "docs" / "format.md"
SCENARIO_CODE = ROOT / "game" / "scenario"

CODE_RE = re.compile(r'"([YSXELZ][0-9]{3})"')
TABLE_CODE_RE = re.compile(r"^\|\s*`([YSXELZ][0-9]{3})`\s*\|", re.MULTILINE)
YAML_BLOCK_RE = re.compile(r"^```yaml\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _doc() -> str:
    return FORMAT_MD.read_text(encoding="utf-8")


def _emitted_codes() -> set[str]:
    """Every diagnostic code written as a string literal in the scenario package."""
    codes: set[str] = set()
    for path in sorted(SCENARIO_CODE.rglob("*.py")):
        codes.update(CODE_RE.findall(path.read_text(encoding="utf-8")))
    return codes


def _documented_codes() -> set[str]:
    """Codes that start a row of a table in docs/format.md."""
    return set(TABLE_CODE_RE.findall(_doc()))


def _heading_and_table_keys() -> set[str]:
    """Backticked names in headings and in the first cell of table rows."""
    names: set[str] = set()
    for line in _doc().splitlines():
        if line.startswith("#"):
            names.update(re.findall(r"`([^`]+)`", line))
        elif line.startswith("|"):
            first = line.strip("|").split("|", 1)[0]
            names.update(re.findall(r"`([^`]+)`", first))
    return names


def _full_examples() -> list[str]:
    """YAML blocks whose first line that is not blank or a comment is `format_version:`."""
    out = []
    for block in YAML_BLOCK_RE.findall(_doc()):
        lines = [ln for ln in block.splitlines() if ln.strip() and not ln.startswith("#")]
        if lines and lines[0].startswith("format_version:"):
            out.append(block)
    return out


def test_the_grep_finds_the_codes() -> None:
    codes = _emitted_codes()
    for prefix in "YSXELZ":
        assert any(c.startswith(prefix) for c in codes), prefix


@pytest.mark.parametrize(
    "field", sorted(f.alias or n for n, f in ScenarioSpec.model_fields.items())
)
def test_every_top_level_key_is_documented(field: str) -> None:
    assert field in _heading_and_table_keys(), f"docs/format.md has no heading or row for {field}"


def test_every_emitted_code_is_in_the_code_table() -> None:
    missing = sorted(_emitted_codes() - _documented_codes())
    assert not missing, f"codes missing from the table in docs/format.md: {missing}"


def test_the_code_table_lists_no_unknown_code() -> None:
    stale = sorted(_documented_codes() - _emitted_codes())
    assert not stale, f"docs/format.md lists codes nothing emits: {stale}"


def test_there_are_full_examples() -> None:
    assert len(_full_examples()) >= 2


@pytest.mark.parametrize("index", range(len(_full_examples())))
def test_full_examples_validate(index: int, tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(_full_examples()[index], encoding="utf-8")
    errors = [d.render() for d in validate(path) if d.is_error]
    assert not errors, "\n".join(errors)
