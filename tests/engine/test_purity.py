"""The engine is a pure kernel (ARCHITECTURE §3.3, rules R9.1): standard library only, no I/O,
no randomness, no clock, no dynamic code."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[2] / "game" / "engine"
FILES = sorted(ENGINE.glob("*.py"))
BANNED_MODULES = {"random", "time", "os", "io", "sys", "subprocess", "socket", "pathlib", "secrets"}
BANNED_CALLS = {"print", "eval", "exec", "compile", "open", "input", "__import__", "breakpoint"}


def _imports(tree: ast.AST) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                found.append(("game.engine." + (node.module or ""), node.lineno))
            else:
                found.append((node.module or "", node.lineno))
    return found


def _parse(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_engine_files_exist():
    names = {p.name for p in FILES}
    assert {"game.py", "state.py", "transitions.py"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_engine_imports_only_stdlib_and_itself(path):
    bad = []
    for module, line in _imports(_parse(path)):
        top = module.split(".")[0]
        if module == "game.engine" or module.startswith("game.engine."):
            continue
        if top not in sys.stdlib_module_names:
            bad.append(f"{path.name}:{line}: {module} is not in the standard library")
        elif top in BANNED_MODULES:
            bad.append(f"{path.name}:{line}: {module} (randomness, clock or I/O) in the engine")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_engine_makes_no_io_or_dynamic_calls(path):
    bad = []
    for node in ast.walk(_parse(path)):
        if isinstance(node, ast.Call):
            fn = node.func
            name = (
                fn.id
                if isinstance(fn, ast.Name)
                else fn.attr
                if isinstance(fn, ast.Attribute)
                else ""
            )
            if isinstance(fn, ast.Name) and name in BANNED_CALLS:
                bad.append(f"{path.name}:{node.lineno}: {name}(")
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in BANNED_MODULES
        ):
            bad.append(f"{path.name}:{node.lineno}: {node.value.id}.{node.attr}")
    assert not bad, "\n".join(bad)


def test_the_checker_catches_a_violation(tmp_path):
    """The walk is not vacuous: a file with each banned thing is flagged."""
    tree = ast.parse("import random\nfrom os import path\nimport yaml\nprint(eval('1'))\n")
    modules = [m for m, _ in _imports(tree)]
    assert modules == ["random", "os", "yaml"]
    calls = {
        n.func.id
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
    }
    assert {"print", "eval"} <= calls & BANNED_CALLS
    assert "yaml" not in sys.stdlib_module_names
