"""`scenarios/schema.json`: in sync with the models, draft-07, and accepting the shipped files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from game.scenario import schema_json, schema_text
from game.scenario.catalog import shipped_files
from game.scenario.loader import load_spec
from game.scenario.yamlread import read_yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "scenarios" / "schema.json"


def test_schema_file_is_in_sync_with_the_models() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "scenarios/schema.json is out of date: run tools/gen_schema.py"
    )


def test_schema_is_valid_draft_07() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)
    text = json.dumps(schema)
    assert "$defs" not in text and "prefixItems" not in text and "discriminator" not in text
    refs: list[str] = []

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref":
                    refs.append(value)
                    assert len(node) == 1, node  # draft-07 ignores siblings of $ref
                collect(value)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    collect(schema)
    assert refs
    for ref in refs:
        assert ref.startswith("#/definitions/") and ref.split("/")[-1] in schema["definitions"]


def _json_ready(value: Any) -> Any:
    return json.loads(json.dumps(value))  # int keys become text, as in a JSON editor


SCENARIOS = [*shipped_files(), ROOT / "tests" / "data" / "tiny.yaml"]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_files_as_written_validate_against_the_schema(path: Path) -> None:
    """What an editor sees: the file itself, partial when it extends a base."""
    document, _, diags = read_yaml(path, path.name)
    assert document is not None, [d.render() for d in diags]
    validator = jsonschema.Draft7Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in validator.iter_errors(_json_ready(document))
    ]
    assert errors == []


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_merged_scenarios_validate_against_the_schema(path: Path) -> None:
    loaded = load_spec(path)
    assert loaded.document is not None, [d.render() for d in loaded.diagnostics]
    validator = jsonschema.Draft7Validator(schema_json())
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in validator.iter_errors(_json_ready(loaded.document))
    ]
    assert errors == []


def test_schema_rejects_what_the_models_reject() -> None:
    validator = jsonschema.Draft7Validator(schema_json())
    assert not validator.is_valid(
        {"format_version": 1, "id": "x", "moves": [{"id": "m", "cots": 1}]}
    )
    assert not validator.is_valid({"format_version": 2, "id": "x"})
    assert validator.is_valid({"format_version": 1, "id": "x"})
