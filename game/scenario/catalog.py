"""Find the scenarios shipped with the game: `scenarios/*.yaml`, a data package.

Shipped files are found through `importlib.resources` on the `scenarios` package, so they are
found the same way from a checkout and from an installed wheel.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ScenarioEntry:
    """One playable shipped scenario, as the scenario list shows it."""

    id: str
    title: str
    path: Path
    summary: str = ""
    valid: bool = True
    """False when the file has errors (`four-islands validate` tells which)."""


def scenarios_dir() -> Path:
    """The folder of the shipped scenarios."""
    return Path(str(resources.files("scenarios")))


def extra_scenario_roots() -> list[Path]:
    """Folders besides the shipped one whose files any scenario may `extends` (the hook for
    the user's scenario folder; none yet). A file inside its own folder tree is always allowed."""
    return []


def shipped_files() -> list[Path]:
    """Every shipped scenario file, sorted by name."""
    folder = scenarios_dir()
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in (".yaml", ".yml") and p.is_file() and not _is_test_file(p)
    )


def _is_test_file(path: Path) -> bool:
    # Scenario tests (`*.test.yaml`) ship beside the scenarios but are not scenarios.
    return path.name.endswith((".test.yaml", ".test.yml"))


def shipped_path(scenario_id: str) -> Path | None:
    """The shipped file of a scenario id: `<id>.yaml`, else the file whose `id:` is it."""
    for path in shipped_files():
        if path.stem == scenario_id:
            return path
    from game.scenario.yamlread import read_yaml

    for path in shipped_files():
        doc, _, _ = read_yaml(path, path.name)
        if isinstance(doc, dict) and doc.get("id") == scenario_id:
            return path
    return None


def list_entries() -> list[ScenarioEntry]:
    """The playable shipped scenarios (abstract bases left out), sorted by id."""
    from game.scenario.loader import load_spec

    entries: list[ScenarioEntry] = []
    for path in shipped_files():
        loaded = load_spec(path)
        doc = loaded.document
        if not isinstance(doc, dict):
            entries.append(ScenarioEntry(path.stem, path.stem, path, "", False))
            continue
        if doc.get("abstract") is True:
            continue
        sid = doc.get("id")
        title = doc.get("title")
        summary = doc.get("summary")
        entries.append(
            ScenarioEntry(
                id=sid if isinstance(sid, str) else path.stem,
                title=title if isinstance(title, str) else path.stem,
                path=path,
                summary=summary.strip() if isinstance(summary, str) else "",
                valid=loaded.ok,
            )
        )
    return sorted(entries, key=lambda e: e.id)
