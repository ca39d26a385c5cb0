"""`four-islands new NAME`: a starter scenario that validates and plays, to be edited.

The starter is deliberately small and commented: two towns share a river, one issue with three
options, a few moves, two events, three endings and a historical line. `docs/scenario-authoring.md`
explains every part and how to balance it.
"""

from __future__ import annotations

import re
from pathlib import Path

from game.scenario.catalog import shipped_path

_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")

STARTER = """\
# yaml-language-server: $schema=./schema.json
#
# A starter scenario written by `four-islands new`. Edit it, then check and play it:
#   four-islands validate __ID__
#   four-islands run __ID__ --as north
# The format: format.md. Design and balance: scenario-authoring.md. Both are in __DOCS__.

format_version: 1
id: __ID__
title: "__TITLE__"
summary: >-
  Two towns share a river. North wants to build a weir; South fears for its fields. The
  councils have one season to agree before the spring floods.
start_date: "2030-01-01"
end_date: "2030-06-30"

# Every fact, move and event cites a source; invented things cite `design`.
sources:
  - {id: design, kind: design, note: Invented for the starter scenario.}

sides:
  - id: north
    name: North
    description: North wants a weir for its mills and will pay for it, within reason.
    capital: {meter: north_capital, income: 2, carry_over: 3}
    refs: {capital: north_capital}
    # Utility of a package: the sum of the weights of its options.
    values:
      options:
        weir: {none: 0, shared: 8, north_weir: 12}
        compensation: {none: 0, paid: -4}
    # The least utility North's council ratifies; lower = easier. It reads meters.
    reservation: "4 - 0.1 * (goodwill - 40)"
    # A hidden draw: how far North's council would really go (subtracted from the reservation).
    flexibility:
      label: North council's mood
      levels:
        - {id: stubborn, label: "Stubborn", value: -2, p: 0.4}
        - {id: open, label: "Open", value: 2, p: 0.6}
    source: design
  - id: south
    name: South
    description: South fears for its fields downstream; money helps, goodwill helps more.
    capital: {meter: south_capital, income: 2, carry_over: 3}
    refs: {capital: south_capital}
    values:
      options:
        weir: {none: 0, shared: -3, north_weir: -10}
        compensation: {none: 0, paid: 6}
    reservation: "2 - 0.1 * (goodwill - 40) + 0.1 * (flood_fear - 50)"
    source: design

meters:
  - {id: goodwill, label: Goodwill between the towns, start: 35, source: design}
  - {id: flood_fear, label: Fear of floods in South, start: 50, unit: "%", source: design}
  - {id: north_capital, label: North's capital, min: 0, max: 10, start: 1, source: design}
  - {id: south_capital, label: South's capital, min: 0, max: 10, start: 1, source: design}

flags:
  - {id: survey_done, label: River survey done, source: design}

issues:
  - id: weir
    label: The weir
    options:
      - {id: none, label: No weir, status_quo: true}
      - {id: shared, label: A shared weir run by both towns}
      - {id: north_weir, label: North builds its own weir}
  - id: compensation
    label: Compensation for South
    options:
      - {id: none, label: None, status_quo: true}
      - {id: paid, label: North pays South's farmers}

clock:
  start: "2030-01-01"
  months_per_turn: 1
  turns: 6
  deadline_text: The spring floods.
  turn_labels: {1: Winter talks, 6: Before the floods}

# Drift in each turn's news: goodwill fades unless fed.
every_turn:
  - add: {goodwill: -1}

moves:
  - id: council_visit
    side: any
    label: Council visit
    text: The mayors walk the river bank together.
    category: diplomacy
    cost: 2
    effects:
      - add: {goodwill: 4}
    outcomes:
      - {id: warm, p: 0.6, text: The visit goes well., effects: [{add: {goodwill: 2}}]}
      - {id: cold, p: 0.4, text: Old grudges resurface., effects: [{add: {goodwill: -2}}]}
    source: design
  - id: sound_out
    side: any
    label: Sound out the other council
    category: intelligence
    cost: 1
    effects:
      - reveal: {about: other, accuracy: 0.7}
    source: design
  - id: n_river_survey
    side: north
    label: Pay for a river survey
    text: Engineers measure what a weir would do downstream.
    category: economy
    cost: 2
    once: true
    effects:
      - set: {survey_done: true}
      - add: {flood_fear: -15, goodwill: 2}
    source: design
  - id: s_protest
    side: south
    label: Farmers' protest
    text: Tractors on the bridge. South's council gains room; North is annoyed.
    category: domestic
    cost: 1
    effects:
      - add: {south_capital: 2, goodwill: -3, flood_fear: 3}
    source: design

events:
  - id: winter_storm
    title: A winter storm floods South's fields
    at: {date: "2030-03-01"}
    chance: 0.5
    effects:
      - add: {flood_fear: 10}
    source: design
  - id: market_fair
    title: The towns share a market fair
    when: "goodwill >= 45"
    effects:
      - add: {goodwill: 3}
    source: design

reactions:
  - id: press_on_survey
    actor: local_paper
    title: The local paper praises the survey
    to: {moves: [n_river_survey]}
    effects:
      - add: {goodwill: 1}
    source: design

actors:
  - {id: local_paper, name: The River Gazette, role: Local newspaper, source: design}

# Checked in order after a ratified deal (`deal`) and at the end of every turn; the last one,
# without `when`, is the fallback.
endings:
  - id: shared_weir
    title: A shared weir
    when: 'deal and weir == "shared"'
    epilogue: Both towns run the weir and argue happily over the timetable.
    score: {north: 'utility("north") + 5', south: 'utility("south") + 5'}
    source: design
  - id: north_weir
    title: North's weir
    when: 'deal and weir == "north_weir"'
    epilogue: North builds its weir; South's farmers count the money.
    score: {north: 'utility("north")', south: 'utility("south")'}
    source: design
  # No deal must score below the deal both sides could live with (the shared weir: North 4 + 5,
  # South 3 + 5), or the bots learn to visit each other and never settle: goodwill is capped here.
  - id: no_deal
    title: The floods come first
    epilogue: The season ends without a weir.
    score: {north: "min(goodwill - 35, 10) / 5", south: "min(goodwill - 35, 10) / 5 + 2"}
    source: design

# The game as it "happened": every decision and chance draw. Tests replay it to its ending.
history:
  ending: shared_weir
  steps:
    - "chance flexibility.north=open"  # before turn 1: North's hidden mood is drawn
    # turn 1 (North opens)
    - "north: move council_visit"
    - "chance council_visit=warm"
    - "north: end"
    - "south: end"
    # turn 2 (South opens)
    - "south: move s_protest"
    - "south: end"
    - "north: move n_river_survey"
    - "north: table weir=shared compensation=paid"
    - "south: accept"
    - "chance ratify.north=yes"
    - "chance ratify.south=yes"
"""


GUIDE = "scenario-authoring.md"


def docs_dir() -> Path | None:
    """The folder of the guides (format.md, scenario-authoring.md...), or None if not shipped.

    A wheel carries them as `game/docs/`; a source checkout (and an editable install) has them
    in `docs/` beside `game/`."""
    game_dir = Path(__file__).resolve().parents[1]
    for folder in (game_dir / "docs", game_dir.parent / "docs"):
        if (folder / GUIDE).is_file():
            return folder
    return None


def guide_hint() -> str:
    """Where the authoring guide is, for a message: an absolute path when it is installed."""
    folder = docs_dir()
    return str(folder / GUIDE) if folder else f"docs/{GUIDE} in the Four Islands source"


class StarterError(Exception):
    """The starter cannot be written (bad name, file exists, folder not writable)."""


def starter_text(name: str, title: str | None = None) -> str:
    """The starter scenario with id `name`."""
    if not _ID.match(name):
        raise StarterError(
            f"{name!r} is not a scenario id: use lowercase letters, digits and _, "
            "starting with a letter (at most 64 characters)"
        )
    shown = title if title is not None else name.replace("_", " ").capitalize()
    folder = docs_dir()
    # Into a YAML comment: a path that could break the line (or the terminal) is not written.
    docs = str(folder) if folder and str(folder).isprintable() else "docs/ of the source"
    text = STARTER.replace("__DOCS__", docs)
    return text.replace("__ID__", name).replace("__TITLE__", shown.replace('"', "'"))


def write_starter(name: str, folder: Path, force: bool = False) -> Path:
    """Write `<folder>/<name>.yaml` (and `schema.json` if missing); returns the scenario path.

    A shipped id (or `base_world`) is refused: the shipped file wins when an id is looked up,
    so a same-named file of one's own would never be the one that `run` plays."""
    text = starter_text(name)
    if shipped_path(name) is not None:
        raise StarterError(
            f"{name!r} is the id of a shipped scenario, which would hide yours: choose another name"
        )
    path = folder / f"{name}.yaml"
    if path.exists() and not force:
        raise StarterError(f"{path} already exists (use --force to overwrite it)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        schema = folder / "schema.json"
        if not schema.exists():
            from game.scenario import schema_text

            schema.write_text(schema_text(), encoding="utf-8")
    except OSError as exc:
        raise StarterError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
