"""Find the scenarios: those shipped with the game (`scenarios/*.yaml`, a data package) and the
user's own (`*.yaml` in the per-user scenario folder, `game.scenario.user_folder`).

Shipped files are found through `importlib.resources` on the `scenarios` package, so they are
found the same way from a checkout and from an installed wheel. Checks over "every shipped
scenario" and the benchmark use `list_entries()`, which lists shipped scenarios only; the user's
are listed apart by `list_user_entries()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

from game.scenario.user_folder import user_scenarios_dir

Origin = Literal["shipped", "user"]


@dataclass(frozen=True, slots=True)
class ScenarioEntry:
    """One playable scenario, as the scenario list shows it."""

    id: str
    title: str
    path: Path
    summary: str = ""
    valid: bool = True
    """False when the file has errors (`four-islands validate` tells which)."""
    origin: Origin = "shipped"
    """`shipped` with the game, or `user`: from the user's scenario folder."""
    start_date: str = ""
    """The scenario's `start_date` as written, or empty."""


def scenarios_dir() -> Path:
    """The folder of the shipped scenarios."""
    return Path(str(resources.files("scenarios")))


def extra_scenario_roots() -> list[Path]:
    """Folders besides the shipped one whose files any scenario may `extends`: the user's
    scenario folder. A file inside its own folder tree is always allowed."""
    return [user_scenarios_dir()]


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


def user_files() -> list[Path]:
    """Every scenario file in the user's scenario folder, sorted by name (none if it is absent)."""
    folder = user_scenarios_dir()
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in (".yaml", ".yml") and p.is_file() and not _is_test_file(p)
    )


def _find_in(files: list[Path], scenario_id: str) -> Path | None:
    """The file named `<id>.yaml` among `files`, else the one whose `id:` is the id."""
    for path in files:
        if path.stem == scenario_id:
            return path
    from game.scenario.yamlread import read_yaml

    for path in files:
        doc, _, _ = read_yaml(path, path.name)
        if isinstance(doc, dict) and doc.get("id") == scenario_id:
            return path
    return None


def shipped_path(scenario_id: str) -> Path | None:
    """The shipped file of a scenario id: `<id>.yaml`, else the file whose `id:` is it."""
    return _find_in(shipped_files(), scenario_id)


def user_path(scenario_id: str) -> Path | None:
    """The user's scenario file of an id, found as `shipped_path` does, in the user folder."""
    return _find_in(user_files(), scenario_id)


def _entries(paths: list[Path], origin: Origin) -> list[ScenarioEntry]:
    from game.scenario.loader import load_spec, loaded_diagnostics

    entries: list[ScenarioEntry] = []
    for path in paths:
        loaded = load_spec(path)
        doc = loaded.document
        if not isinstance(doc, dict):
            entries.append(ScenarioEntry(path.stem, path.stem, path, "", False, origin))
            continue
        if doc.get("abstract") is True:
            continue
        sid = doc.get("id")
        title = doc.get("title")
        summary = doc.get("summary")
        start = doc.get("start_date")
        entries.append(
            ScenarioEntry(
                id=sid if isinstance(sid, str) else path.stem,
                title=title if isinstance(title, str) else path.stem,
                path=path,
                summary=summary.strip() if isinstance(summary, str) else "",
                # The user's files get every check `validate` makes (names, meters, dates...),
                # not only their shape: the list must not call a file fine that will not load.
                # Shipped files are checked by the test suite.
                valid=loaded.ok
                and (
                    origin == "shipped" or not any(d.is_error for d in loaded_diagnostics(loaded))
                ),
                origin=origin,
                start_date=str(start) if start is not None else "",
            )
        )
    return sorted(entries, key=lambda e: (e.start_date or "9999", e.id))


def list_entries() -> list[ScenarioEntry]:
    """The playable shipped scenarios (abstract bases left out), by start date, then id."""
    return _entries(shipped_files(), "shipped")


def list_user_entries() -> list[ScenarioEntry]:
    """The playable scenarios of the user's folder (abstract bases left out), by date, then id."""
    return _entries(user_files(), "user")
