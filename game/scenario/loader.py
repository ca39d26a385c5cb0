"""The pipeline from a scenario file to the engine's `Rules`.

    read (yamlread) -> merge with its base (extends) -> shape (pydantic, `S0xx`)
        -> meaning (lint.check) -> compile (compile.build_rules) -> Rules

Every stage reports `Diagnostic`s with positions; `load_rules` raises only `ScenarioError`.
Pydantic errors are mapped to plain author's words (`_MESSAGES`, keyed by pydantic error type):

- S001 missing required key (at the mapping that lacks it);
- S002 unknown key (at the key, with a "did you mean" hint);
- S003 wrong type of value ("expected a whole number, got 'two'");
- S004 value out of range, or a list/text of the wrong length;
- S005 badly formed text (an id, a date);
- S006 not one of the allowed values;
- S007 not an effect (an effect is one of add, set, reveal or when);
- S009 a key of the wrong type (e.g. a number where a side id is expected);
- S099 any other shape problem (pydantic's own message).

Shape is checked in pydantic's strict mode: `"3"` is not a number and `"yes"` is not a boolean,
matching the YAML 1.2 reading of the file.
"""

from __future__ import annotations

import copy
import types
import typing
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from game.engine.rules import Rules
from game.scenario.diagnostics import Diagnostic, ScenarioError, format_path
from game.scenario.extends import content_digest, display_name, resolve
from game.scenario.schema import ScenarioSpec
from game.scenario.yamlread import DocPath, Positions


@dataclass(frozen=True)
class LoadedSpec:
    """A scenario file read, merged with its base and shape-checked."""

    path: Path
    source_file: str
    """The file name used in diagnostics and source references."""
    document: dict[str, Any] | None
    """The merged document (None when the file could not be read or merged)."""
    positions: Positions
    spec: ScenarioSpec | None
    """The validated model (None when there are errors)."""
    digest: str
    """sha256 of the canonical JSON of the merged document ('' when unreadable)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    partial: ScenarioSpec | None = None
    """When the shape check failed: the document with the broken parts cut out, validated, so
    that the meaning checks can still report the rest of the file's problems in the same run."""
    cut_ids: frozenset[str] = frozenset()
    """Ids of the items cut out to make `partial`."""

    @property
    def ok(self) -> bool:
        """True when reading, merging and the shape check found no error."""
        return self.spec is not None and not any(d.is_error for d in self.diagnostics)


def load_spec(path: str | Path, filename: str | None = None) -> LoadedSpec:
    """Read, merge and shape-check a scenario file. Never raises on bad input."""
    path = Path(path)
    name = filename if filename is not None else display_name(path)
    document, positions, diags = resolve(path, name)
    if document is None or any(d.is_error for d in diags):
        return LoadedSpec(path, name, document, positions, None, "", diags)
    digest = content_digest(document)
    try:
        spec = ScenarioSpec.model_validate(document, strict=True)
    except ValidationError as exc:
        diags.extend(shape_diagnostics(exc, document, positions))
        partial, cut = _cut_broken_parts(document, exc)
        return LoadedSpec(path, name, document, positions, None, digest, diags, partial, cut)
    return LoadedSpec(path, name, document, positions, spec, digest, diags)


# --- going on after shape errors ------------------------------------------------------------

_MAX_CUTS = 4


def _cut_broken_parts(
    document: dict[str, Any], exc: ValidationError
) -> tuple[ScenarioSpec | None, frozenset[str]]:
    """Cut what failed the shape check out of a copy of the document and validate the rest.

    Unknown keys and bad values are dropped; an item that then lacks a required key is dropped
    from its list. Returns the validated remainder (None if it cannot be made valid) and the
    ids of the dropped items, whose references the meaning checks must not report again.
    """
    doc = copy.deepcopy(document)
    cut: set[str] = set()
    for _ in range(_MAX_CUTS):
        targets: set[DocPath] = set()
        for err in exc.errors(include_url=False):
            path, missing, _ = _doc_path(tuple(err["loc"]), doc)
            if missing is not None:
                items = [i for i, part in enumerate(path) if isinstance(part, int)]
                if not items:
                    return None, frozenset(cut)
                path = path[: items[-1] + 1]
            if not path:
                return None, frozenset(cut)
            targets.add(path)
        for path in sorted(targets, key=_deepest_last_index_first):
            _delete(doc, path, cut)
        try:
            return ScenarioSpec.model_validate(doc, strict=True), frozenset(cut)
        except ValidationError as again:
            exc = again
    return None, frozenset(cut)


def _deepest_last_index_first(path: DocPath) -> tuple[int, list[tuple[int, Any]]]:
    return (-len(path), [(0, -p) if isinstance(p, int) else (1, p) for p in path])


def _delete(doc: Any, path: DocPath, cut: set[str]) -> None:
    parent = doc
    for part in path[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return
    last = path[-1]
    if isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        item = parent.pop(last)
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            cut.add(item["id"])
    elif isinstance(parent, dict) and last in parent:
        del parent[last]


def _after_shape_errors(loaded: LoadedSpec, lint_diags: list[Diagnostic]) -> list[Diagnostic]:
    """Meaning problems of the cut document that the shape errors do not already explain."""
    shape_paths = [d.path for d in loaded.diagnostics]
    out = []
    for d in lint_diags:
        if any(d.path == p or d.path.startswith((p + ".", p + "[")) for p in shape_paths if p):
            continue
        if d.code in ("L002", "E002") and any(f"'{i}'" in d.message for i in loaded.cut_ids):
            continue
        out.append(d)
    return out


def check_spec(loaded: LoadedSpec) -> tuple[list[Diagnostic], Any]:
    """Run the linter on a shape-valid scenario: (diagnostics, parsed expressions)."""
    from game.scenario.lint import check

    spec = loaded.spec if loaded.spec is not None else loaded.partial
    assert spec is not None
    diags, parsed = check(spec, loaded.positions, loaded.source_file)
    if loaded.spec is None:
        return _after_shape_errors(loaded, list(diags)), parsed
    return list(diags), parsed


def validate(path: str | Path) -> list[Diagnostic]:
    """Every diagnostic (errors and warnings) of a scenario file. Never raises."""
    return loaded_diagnostics(load_spec(path))


def loaded_diagnostics(loaded: LoadedSpec) -> list[Diagnostic]:
    """Every diagnostic of a scenario file already read (`validate` without reading it again)."""
    diags = list(loaded.diagnostics)
    if loaded.spec is None and loaded.partial is None:
        return diags
    lint_diags, parsed = check_spec(loaded)
    diags = diags + lint_diags
    spec = loaded.spec
    if spec is not None and loaded.ok and not spec.abstract and not any(d.is_error for d in diags):
        from game.scenario.compile import build_rules

        rules = build_rules(spec, loaded.positions, parsed, loaded.digest, loaded.source_file)
        diags += _length_diagnostics(rules, loaded)
    return _sorted(diags)


MAX_GAME_STEPS = 100_000
"""The longest game a playable scenario may allow (L023), in engine steps (`max_game_length`):
390x the bound of tokyo_2018 (256). Past it, one game could take hours and gigabytes."""


def step_bound(rules: Rules) -> int:
    """The most steps one game of `rules` can take: the engine's one bound, `max_game_length`."""
    from game.engine import max_game_length

    return max_game_length(rules)


def _length_diagnostics(rules: Rules, loaded: LoadedSpec) -> list[Diagnostic]:
    bound = step_bound(rules)
    if bound <= MAX_GAME_STEPS:
        return []
    file, line, col = loaded.positions.value_at(("clock", "turns"))
    return [
        Diagnostic(
            "L023",
            "error",
            file,
            line,
            col,
            "clock.turns",
            f"a game can last up to {bound:,} steps (the limit is {MAX_GAME_STEPS:,})",
            "fewer turns, fewer moves per turn (max_actions_per_turn), fewer events or reactions",
        )
    ]


def _sorted(diags: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(diags, key=lambda d: (d.file, d.line, d.col, d.code))


def load_rules(path: str | Path) -> Rules:
    """Load a scenario file into `Rules`; raises `ScenarioError` with every diagnostic found."""
    loaded = load_spec(path)
    if not loaded.ok:
        errors = [d for d in loaded.diagnostics if d.is_error] or loaded.diagnostics
        if loaded.partial is not None:
            errors += [d for d in check_spec(loaded)[0] if d.is_error]
        raise ScenarioError(_sorted(errors))
    assert loaded.spec is not None
    if loaded.spec.abstract:
        file, line, col = loaded.positions.value_at(("abstract",))
        raise ScenarioError(
            [
                Diagnostic(
                    "X010",
                    "error",
                    file,
                    line,
                    col,
                    "abstract",
                    "abstract scenario is not playable",
                    "play a scenario that extends it",
                )
            ]
        )
    lint_diags, parsed = check_spec(loaded)
    errors = [d for d in lint_diags if d.is_error]
    if errors:
        raise ScenarioError(errors)
    from game.scenario.compile import build_rules

    rules = build_rules(loaded.spec, loaded.positions, parsed, loaded.digest, loaded.source_file)
    too_long = _length_diagnostics(rules, loaded)
    if too_long:
        raise ScenarioError(too_long)
    return rules


# --- pydantic errors -> diagnostics ---------------------------------------------------------

# type -> (code, message template). Templates see: key, got, and the error's ctx values.
_MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("S001", "missing required key '{key}'"),
    "extra_forbidden": ("S002", "unknown key '{key}'"),
    "int_type": ("S003", "expected a whole number, got {got}"),
    "int_parsing": ("S003", "expected a whole number, got {got}"),
    "int_from_float": ("S003", "expected a whole number, got {got}"),
    "float_type": ("S003", "expected a number, got {got}"),
    "float_parsing": ("S003", "expected a number, got {got}"),
    "finite_number": ("S003", "expected a finite number, got {got}"),
    "string_type": ("S003", "expected text, got {got}"),
    "bool_type": ("S003", "expected true or false, got {got}"),
    "bool_parsing": ("S003", "expected true or false, got {got}"),
    "list_type": ("S003", "expected a list, got {got}"),
    "dict_type": ("S003", "expected a mapping (key: value lines), got {got}"),
    "model_type": ("S003", "expected a mapping (key: value lines), got {got}"),
    "model_attributes_type": ("S003", "expected a mapping (key: value lines), got {got}"),
    "none_required": ("S003", "expected nothing here, got {got}"),
    "greater_than_equal": ("S004", "must be at least {ge}, got {got}"),
    "greater_than": ("S004", "must be more than {gt}, got {got}"),
    "less_than_equal": ("S004", "must be at most {le}, got {got}"),
    "less_than": ("S004", "must be less than {lt}, got {got}"),
    "too_short": ("S004", "needs at least {min_length} item(s), has {actual_length}"),
    "too_long": ("S004", "allows at most {max_length} item(s), has {actual_length}"),
    "string_too_long": ("S004", "is too long (at most {max_length} characters)"),
    "string_too_short": ("S004", "is too short (at least {min_length} characters)"),
    "string_pattern_mismatch": ("S005", "{got} is not well formed"),
    "literal_error": ("S006", "expected {expected}, got {got}"),
    "enum": ("S006", "expected {expected}, got {got}"),
    "effect_kind": ("S007", "an effect is one of add, set, reveal or when"),
    "union_tag_invalid": ("S007", "an effect is one of add, set, reveal or when"),
    "union_tag_not_found": ("S007", "an effect is one of add, set, reveal or when"),
}

# What a type error expects, for merging the errors of a union (`int | float | str`).
_EXPECTS: dict[str, str] = {
    "int_type": "a whole number",
    "float_type": "a number",
    "string_type": "text",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "none_required": "nothing",
}

_PATTERN_MESSAGES = {
    r"^[a-z][a-z0-9_]*$": (
        "{got} is not a valid id",
        "an id uses lowercase letters, digits and underscores, starting with a letter",
    ),
    r"^\d{4}-\d{2}-\d{2}$": ("expected a date YYYY-MM-DD, got {got}", None),
}


def describe(value: Any) -> str:
    """A value as an author would name it in a message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return repr(shown)
    return repr(value)


def _doc_path(loc: tuple[int | str, ...], document: Any) -> tuple[DocPath, int | str | None, bool]:
    """Map a pydantic loc onto the document: (path found, missing last part, is-a-key error).

    Union labels in the loc (`int`, `str`, effect tags) are skipped; a last part that is not in
    the document is a missing key.
    """
    labels, _ = _walk_types(loc)
    path: list[str | int] = []
    cur = document
    missing: int | str | None = None
    key_error = False
    for i, part in enumerate(loc):
        if part == "[key]":
            key_error = True
            continue
        if i in labels:
            continue
        in_dict = isinstance(cur, dict) and part in cur
        in_list = isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur)
        if in_dict or in_list:
            path.append(part)
            cur = cur[part]
        elif i == len(loc) - 1:
            missing = part
    return tuple(path), missing, key_error


def _unwrap(tp: Any) -> list[Any]:
    """The alternatives of a type: Annotated and Optional/Union removed, Tag labels kept."""
    out: list[Any] = []
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        args = typing.get_args(tp)
        inner = _unwrap(args[0])
        tags = [getattr(m, "tag", None) for m in args[1:]]
        tag = next((t for t in tags if isinstance(t, str)), None)
        if tag is not None:
            return [(tag, t) for t in inner]
        return inner
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            out.extend(_unwrap(arg))
        return out
    return [tp]


def _strip(alt: Any) -> Any:
    return alt[1] if isinstance(alt, tuple) else alt


def _field_names(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


_LABELS = {"int", "float", "str", "bool", "list", "dict", "none"}


def _walk_types(loc: tuple[int | str, ...]) -> tuple[set[int], type[BaseModel] | None]:
    """Follow pydantic `loc` through the format models: (indices of union labels, last model)."""
    labels: set[int] = set()
    alts: list[Any] = [ScenarioSpec]
    for i, part in enumerate(loc):
        tagged = [a for a in alts if isinstance(a, tuple) and a[0] == part]
        if tagged:
            labels.add(i)
            alts = [a[1] for a in tagged]
            continue
        nxt: list[Any] = []
        for alt in map(_strip, alts):
            origin = typing.get_origin(alt)
            if isinstance(alt, type) and issubclass(alt, BaseModel):
                for name, info in alt.model_fields.items():
                    if part in (name, info.alias):
                        nxt.extend(_unwrap(info.annotation))
            elif origin is list and isinstance(part, int):
                nxt.extend(_unwrap(typing.get_args(alt)[0]))
            elif origin is dict and part != "[key]":
                nxt.extend(_unwrap(typing.get_args(alt)[1]))
        if not nxt:
            if part in _LABELS or part == "[key]":
                labels.add(i)
                continue
            return labels, None
        alts = nxt
    models = [a for a in map(_strip, alts) if isinstance(a, type) and issubclass(a, BaseModel)]
    return labels, (models[0] if models else None)


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The format model whose mapping is at pydantic `loc` (labels included), if any."""
    return _walk_types(loc)[1]


def _render(template: str, values: dict[str, Any]) -> str:
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def shape_diagnostics(
    exc: ValidationError, document: dict[str, Any], positions: Positions
) -> list[Diagnostic]:
    """Turn pydantic's errors into one diagnostic per problem, at the right position."""
    grouped: dict[tuple[DocPath, int | str | None, bool], list[ErrorDetails]] = {}
    for err in exc.errors(include_url=False):
        key = _doc_path(tuple(err["loc"]), document)
        grouped.setdefault(key, []).append(err)
    out: list[Diagnostic] = []
    for (path, missing, key_error), errs in grouped.items():
        out.append(_one(path, missing, key_error, errs, positions))
    out.sort(key=lambda d: (d.file, d.line, d.col))
    return out


def _one(
    path: DocPath,
    missing: int | str | None,
    key_error: bool,
    errs: list[ErrorDetails],
    positions: Positions,
) -> Diagnostic:
    err = errs[0]
    etype = err["type"]
    got = err.get("input")
    hint: str | None = None
    if key_error:
        got_key = path[-1] if path else got
        code, message = "S009", f"key {describe(got_key)} should be text"
        if etype == "int_type":
            message = f"key {describe(got_key)} should be a whole number"
        pos = positions.key_at(path)
        return _make(code, pos, path, message, None)
    if etype == "missing" and missing is not None:
        full = (*path, missing)
        code, message = "S001", f"missing required key '{missing}'"
        return _make(code, positions.value_at(path), full, message, None)
    values: dict[str, Any] = {"got": describe(got), "key": path[-1] if path else ""}
    values.update(err.get("ctx") or {})
    if etype == "extra_forbidden":
        model = _model_at(tuple(err["loc"])[:-1])
        key = path[-1] if path else ""
        if model is not None and isinstance(key, str):
            close = get_close_matches(key, _field_names(model), n=1, cutoff=0.6)
            if close:
                hint = f"did you mean '{close[0]}'?"
            else:
                hint = "known keys: " + ", ".join(_field_names(model))
        return _make("S002", positions.key_at(path), path, f"unknown key '{key}'", hint)
    types_here = [e["type"] for e in errs]
    if len(errs) > 1 and all(t in _EXPECTS for t in types_here):
        wanted: list[str] = []
        for t in types_here:
            if _EXPECTS[t] not in wanted:
                wanted.append(_EXPECTS[t])
        if wanted == ["a whole number", "a number", "text"]:
            wanted = ["a number", "an expression"]
        message = "expected " + " or ".join(wanted) + f", got {describe(got)}"
        return _make("S003", positions.value_at(path), path, message, None)
    if etype == "literal_error" and "expected" in values:
        values["expected"] = str(values["expected"])
    if etype == "string_pattern_mismatch":
        pattern = values.get("pattern", "")
        template, hint = _PATTERN_MESSAGES.get(pattern, ("{got} is not well formed", None))
        if hint is None and pattern not in _PATTERN_MESSAGES:
            hint = f"expected text matching {pattern}"
        return _make("S005", positions.value_at(path), path, _render(template, values), hint)
    if etype in _MESSAGES:
        code, template = _MESSAGES[etype]
        return _make(code, positions.value_at(path), path, _render(template, values), hint)
    return _make("S099", positions.value_at(path), path, err["msg"], None)


def _make(
    code: str, pos: tuple[str, int, int], path: DocPath, message: str, hint: str | None
) -> Diagnostic:
    file, line, col = pos
    return Diagnostic(code, "error", file, line, col, format_path(path), message, hint)
