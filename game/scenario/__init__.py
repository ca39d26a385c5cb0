"""Scenario files: reading, merging, checking and compiling them into the engine's `Rules`.

Public API:

- `load_rules(path_or_id)` -> `Rules` (raises `ScenarioError` carrying every diagnostic);
- `validate(path)` -> every `Diagnostic` of a file, warnings included (never raises);
- `list_scenarios()` -> the playable shipped scenarios; `list_user_scenarios()` -> those of the
  user's scenario folder; `find_scenario(id_or_path)` -> a path (shipped ids before the user's);
- `schema_json()` -> the JSON Schema (draft-07) of the format, for editors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from game.engine.rules import Rules
from game.scenario.catalog import (
    ScenarioEntry,
    list_entries,
    list_user_entries,
    shipped_files,
    shipped_path,
    user_files,
    user_path,
)
from game.scenario.diagnostics import Diagnostic, ScenarioError
from game.scenario.schema import ScenarioSpec

__all__ = [
    "Diagnostic",
    "ScenarioEntry",
    "ScenarioError",
    "find_scenario",
    "list_scenarios",
    "list_user_scenarios",
    "load_rules",
    "schema_json",
    "schema_text",
    "validate",
]

INTERNAL_ERROR = "Z001"


def find_scenario(id_or_path: str | Path) -> Path:
    """The file of a scenario given as a path, a shipped scenario id or an id in the user's
    scenario folder (a shipped id wins)."""
    path = Path(id_or_path)
    if path.exists():  # a directory or unreadable file is reported when read
        return path
    text = str(id_or_path)
    if "/" not in text and "\\" not in text and not text.endswith((".yaml", ".yml")):
        shipped = shipped_path(text)
        if shipped is not None:
            return shipped
        own = user_path(text)
        if own is not None:
            return own
    raise ScenarioError(
        [
            Diagnostic(
                "X011",
                "error",
                text,
                0,
                0,
                "",
                f"no scenario file or shipped scenario named '{text}', nor one of yours",
                _closest_id(text) or "`four-islands list` shows the shipped scenarios and yours",
            )
        ]
    )


def _closest_id(text: str) -> str | None:
    """`did you mean 'tokyo_2018'?` for a scenario id mistyped (`tokyo2018`), or None."""
    import difflib

    names = [p.stem for p in shipped_files() + user_files()]  # a file is found by its stem
    near = difflib.get_close_matches(text, names, n=1, cutoff=0.7)
    return f"did you mean '{near[0]}'?" if near else None


def load_rules(path_or_id: str | Path) -> Rules:
    """Load a scenario (a path or a shipped id) into `Rules`; raises `ScenarioError`."""
    from game.scenario import loader

    return loader.load_rules(find_scenario(path_or_id))


def validate(path: str | Path) -> list[Diagnostic]:
    """Every diagnostic of a scenario file (errors and warnings). Never raises."""
    from game.scenario import loader

    try:
        return loader.validate(find_scenario(path))
    except ScenarioError as exc:
        return list(exc.diagnostics)
    except Exception as exc:  # a bug in a checker must not crash the caller
        return [
            Diagnostic(
                INTERNAL_ERROR,
                "error",
                str(path),
                0,
                0,
                "",
                f"internal error while checking the file: {type(exc).__name__}: {exc}",
                "please report this with the file",
            )
        ]


def list_scenarios() -> list[ScenarioEntry]:
    """The playable shipped scenarios (abstract bases excluded), sorted by id."""
    return list_entries()


def list_user_scenarios() -> list[ScenarioEntry]:
    """The playable scenarios of the user's scenario folder, sorted by id."""
    return list_user_entries()


# --- JSON Schema ----------------------------------------------------------------------------

_DRAFT07 = "http://json-schema.org/draft-07/schema#"
_NOT_IN_DRAFT07 = {
    "discriminator",
    "deprecated",
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentRequired",
    "dependentSchemas",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "contentSchema",
    "minContains",
    "maxContains",
}


def _to_draft07(node: Any) -> Any:
    if isinstance(node, list):
        return [_to_draft07(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _NOT_IN_DRAFT07:
            continue
        if key == "$ref" and isinstance(value, str):
            out[key] = value.replace("#/$defs/", "#/definitions/")
        elif key == "$defs":
            out["definitions"] = {name: _to_draft07(sub) for name, sub in value.items()}
        elif key == "prefixItems":
            out["items"] = _to_draft07(value)
        elif key in ("properties", "definitions", "patternProperties"):
            out[key] = {name: _to_draft07(sub) for name, sub in value.items()}
        else:
            out[key] = _to_draft07(value)
    if "prefixItems" in node and "items" in node:
        out["additionalItems"] = _to_draft07(node["items"])
    if "$ref" in out and len(out) > 1:  # draft-07 ignores the siblings of $ref
        ref = out.pop("$ref")
        out = {"allOf": [{"$ref": ref}], **out}
    return out


def schema_json() -> dict[str, Any]:
    """The JSON Schema of a scenario file, draft-07 (what yaml-language-server understands)."""
    raw = ScenarioSpec.model_json_schema(by_alias=True)
    converted: dict[str, Any] = _to_draft07(raw)
    # A file that `extends` a base may give only the keys it changes (`- id: trust` with a new
    # `start`), so inside items nothing is required for the editor; `four-islands validate`
    # checks required keys on the merged document.
    for definition in converted.get("definitions", {}).values():
        definition.pop("required", None)
    return {
        "$schema": _DRAFT07,
        **{k: v for k, v in converted.items() if k != "$schema"},
    }


def schema_text() -> str:
    """`schema_json()` as the text of `scenarios/schema.json` (2-space indent, final newline)."""
    import json

    return json.dumps(schema_json(), indent=2, ensure_ascii=False) + "\n"
