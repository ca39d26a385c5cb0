"""Compiled rules: the frozen, index-based form of a scenario that the engine runs.

`game.scenario.compile` builds a `Rules` from a validated scenario; the engine never sees YAML.
Ids become dense indices; every rule keeps its `SourceRef` so the why-log can name file:line.
Expressions are `expr.Node` trees (plain data, picklable); `Game` compiles them to closures.
Shared moves (`side: any`) arrive here already instantiated once per side, with `self`/`other`
resolved, so the engine knows no side by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine.expr import Node


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a rule is written: scenario file, 1-based line and column."""

    file: str
    line: int
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


NO_SOURCE = SourceRef("<none>", 0, 0)


# --- effects (ops) --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AddOp:
    """Add `amount` (rounded to an integer) to meter `meter`, clamped to its bounds."""

    meter: int
    amount: Node


@dataclass(frozen=True, slots=True)
class SetMeterOp:
    """Set meter `meter` to `value` (rounded, clamped)."""

    meter: int
    value: Node


@dataclass(frozen=True, slots=True)
class SetFlagOp:
    """Set flag `flag` to `value`."""

    flag: int
    value: bool


@dataclass(frozen=True, slots=True)
class SetStatusOp:
    """Set territory `territory` to status `status`."""

    territory: int
    status: int


@dataclass(frozen=True, slots=True)
class RevealOp:
    """Queue a noisy signal of side `about`'s hidden flexibility for side `receiver`."""

    about: int
    receiver: int
    accuracy: float


@dataclass(frozen=True, slots=True)
class CondOp:
    """Apply `then` if `cond` holds, else `otherwise`."""

    cond: Node
    then: tuple[Op, ...]
    otherwise: tuple[Op, ...]


Op = AddOp | SetMeterOp | SetFlagOp | SetStatusOp | RevealOp | CondOp


# --- world ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeterInfo:
    """A meter: bounds, start value and display hints."""

    id: str
    label: str
    lo: int
    hi: int
    start: int
    helps: int = -1
    """Index of the side a rise helps, or -1."""
    unit: str = ""
    group: str = ""
    show: bool = True
    description: str = ""
    source: SourceRef = NO_SOURCE
    decay_rate: float = 0.0
    """Share of the distance to `decay_toward` the meter moves back each turn (R3.1)."""
    decay_toward: int = 0
    diminishing_above: int | None = None
    """Rises above this value shrink with the room left below the maximum (R4.4)."""


@dataclass(frozen=True, slots=True)
class FlagInfo:
    """A flag: a named boolean."""

    id: str
    label: str
    start: bool
    description: str = ""
    source: SourceRef = NO_SOURCE


@dataclass(frozen=True, slots=True)
class StatusInfo:
    """A territory status."""

    id: str
    label: str
    description: str = ""


def _pick(names: tuple[tuple[str, str], ...], key: str) -> str:
    for k, v in names:
        if k == key:
            return v
    return ""


@dataclass(frozen=True, slots=True)
class IsletInfo:
    """A named islet of a territory (Suisho / Tanfilyev): names and map geometry only."""

    id: str
    names: tuple[tuple[str, str], ...]
    native_names: tuple[tuple[str, str], ...] = ()
    """(side id, name in that side's own script) pairs."""
    area_km2: float | None = None
    outline: tuple[tuple[tuple[float, float], ...], ...] = ()
    label_at: tuple[float, float] | None = None
    description: str = ""
    source: SourceRef = NO_SOURCE

    def name(self, key: str) -> str:
        """The Latin-script name used by side id `key` (or 'en'), else the first name."""
        return _pick(self.names, key) or (self.names[0][1] if self.names else self.id)

    def native_name(self, key: str) -> str:
        """The name in side `key`'s own script, or '' when the scenario gives none."""
        return _pick(self.native_names, key)


@dataclass(frozen=True, slots=True)
class TerritoryInfo:
    """A territory: names per side, facts and map geometry."""

    id: str
    names: tuple[tuple[str, str], ...]
    """(side id or 'en', name) pairs."""
    area_km2: float
    population: int
    status: int
    """Status index at the start."""
    outline: tuple[tuple[tuple[float, float], ...], ...] = ()
    label_at: tuple[float, float] | None = None
    description: str = ""
    source: SourceRef = NO_SOURCE
    native_names: tuple[tuple[str, str], ...] = ()
    """(side id, name in that side's own script) pairs: 択捉島, Итуруп."""
    islets: tuple[IsletInfo, ...] = ()

    def name(self, key: str) -> str:
        """The name used by side id `key` (or 'en'), falling back to the first name."""
        for k, v in self.names:
            if k == key:
                return v
        return self.names[0][1] if self.names else self.id

    def native_name(self, key: str) -> str:
        """The name in side `key`'s own script, or '' when the scenario gives none."""
        return _pick(self.native_names, key)


@dataclass(frozen=True, slots=True)
class ContextShapeInfo:
    """Neighbouring land drawn on the map."""

    id: str
    names: tuple[tuple[str, str], ...]
    outline: tuple[tuple[tuple[float, float], ...], ...]
    native_names: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class MapInfo:
    """The map frame, context land and the coastline credit."""

    bounds: tuple[float, float, float, float]
    context: tuple[ContextShapeInfo, ...] = ()
    attribution: str = ""


# --- negotiation ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OptionInfo:
    """An option of an issue and what ratifying it changes."""

    id: str
    label: str
    description: str = ""
    on_deal: tuple[Op, ...] = ()
    source: SourceRef = NO_SOURCE


@dataclass(frozen=True, slots=True)
class IssueInfo:
    """A negotiation issue."""

    id: str
    label: str
    options: tuple[OptionInfo, ...]
    status_quo: int = 0
    """Index of the option meaning no change."""
    description: str = ""


@dataclass(frozen=True, slots=True)
class ForbiddenRule:
    """A scenario rule that makes packages incoherent: those whose options satisfy `when`."""

    id: str
    text: str
    """Why such a package makes no sense, in the scenario's words."""
    when: Node
    """The condition over a package's options (judged at the scenario's start, like `packages`)."""
    condition: str = ""
    """`when` as written in the scenario file."""
    source: SourceRef = NO_SOURCE
    sources: tuple[str, ...] = ()
    """Ids of the articles it is drawn from (see `Rules.sources`)."""


@dataclass(frozen=True, slots=True)
class TermInfo:
    """A conditional utility term over the package."""

    id: str
    when: Node
    value: Node
    text: str = ""


@dataclass(frozen=True, slots=True)
class ValuesInfo:
    """Additive utility: `weights[issue][option]` plus conditional terms."""

    weights: tuple[tuple[Node, ...], ...]
    terms: tuple[TermInfo, ...] = ()


@dataclass(frozen=True, slots=True)
class FlexLevelInfo:
    """One level of the hidden flexibility prior."""

    id: str
    label: str
    value: float
    p: float


@dataclass(frozen=True, slots=True)
class AdvisorInfo:
    """An advisor and its own values."""

    id: str
    name: str
    values: ValuesInfo
    description: str = ""


@dataclass(frozen=True, slots=True)
class SideInfo:
    """A negotiating side."""

    id: str
    name: str
    capital_meter: int
    """Meter index of political capital, or -1 (moves are then free)."""
    income: Node
    carry_over: int
    max_actions: int
    values: ValuesInfo
    reservation: Node
    flex_label: str = "flexibility"
    flex_levels: tuple[FlexLevelInfo, ...] = (FlexLevelInfo("none", "none", 0.0, 1.0),)
    advisors: tuple[AdvisorInfo, ...] = ()
    leader: str = ""
    description: str = ""
    capital_source: SourceRef = NO_SOURCE
    """Where the side's capital income is written."""
    reservation_drift: float = 0.0
    """Added to the reservation level for every turn after the first (R7.1): time works for
    the side in possession."""
    personality: str = ""
    """`hardliner`, `pragmatist` or '' (none): a character for the bots that play the side; the
    rules never read it."""


@dataclass(frozen=True, slots=True)
class OutcomeInfo:
    """A chance branch."""

    id: str
    p: float
    text: str
    effects: tuple[Op, ...]


@dataclass(frozen=True, slots=True)
class MoveInfo:
    """One move instance: a scenario move for one side (shared moves appear once per side)."""

    id: str
    side: int
    label: str
    category: str
    cost: int
    when: Node | None
    once: bool
    effects: tuple[Op, ...]
    outcomes: tuple[OutcomeInfo, ...] = ()
    text: str = ""
    source: SourceRef = NO_SOURCE
    sources: tuple[str, ...] = ()
    """Ids of the scenario's `sources` entries."""


@dataclass(frozen=True, slots=True)
class EventInfo:
    """News: scheduled (turn > 0), triggered (when) and/or random (chance)."""

    id: str
    title: str
    turn: int
    """Scheduled turn number, or 0."""
    when: Node | None
    chance: Node | None
    repeat: bool
    effects: tuple[Op, ...]
    outcomes: tuple[OutcomeInfo, ...] = ()
    text: str = ""
    actor: str = ""
    source: SourceRef = NO_SOURCE
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReactionInfo:
    """A reaction to moves or events."""

    id: str
    actor: str
    title: str
    when: Node | None
    chance: Node | None
    effects: tuple[Op, ...]
    outcomes: tuple[OutcomeInfo, ...] = ()
    text: str = ""
    source: SourceRef = NO_SOURCE
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EndingInfo:
    """An ending; `when` None marks the fallback."""

    id: str
    title: str
    when: Node | None
    scores: tuple[Node, ...]
    """Score expression per side."""
    epilogue: str = ""
    history_note: str = ""
    source: SourceRef = NO_SOURCE


@dataclass(frozen=True, slots=True)
class ActorInfo:
    """A person or body named in the scenario."""

    id: str
    name: str
    role: str = ""
    side: int = -1


@dataclass(frozen=True, slots=True)
class GameInfo:
    """Sizes and bounds of the game (OpenSpiel's GameInfo)."""

    num_players: int
    num_distinct_actions: int
    max_chance_outcomes: int
    max_game_length: int
    min_utility: float
    max_utility: float


@dataclass(frozen=True, slots=True)
class Rules:
    """Everything the engine needs to play one scenario."""

    scenario_id: str
    title: str
    digest: str
    """sha256 of the merged scenario document."""
    sides: tuple[SideInfo, ...]
    meters: tuple[MeterInfo, ...]
    flags: tuple[FlagInfo, ...]
    statuses: tuple[StatusInfo, ...]
    territories: tuple[TerritoryInfo, ...]
    issues: tuple[IssueInfo, ...]
    packages: tuple[tuple[int, ...], ...]
    """Every coherent package: one option index per issue, in a fixed order."""
    moves: tuple[MoveInfo, ...]
    events: tuple[EventInfo, ...]
    reactions: tuple[ReactionInfo, ...]
    reactions_to_move: tuple[tuple[int, ...], ...]
    """Per move instance: reaction indices that answer it, in file order."""
    reactions_to_event: tuple[tuple[int, ...], ...]
    """Per event: reaction indices that answer it."""
    endings: tuple[EndingInfo, ...]
    turn_dates: tuple[str, ...]
    """ISO date of each turn (index 0 is turn 1); the last turn is the deadline."""
    opens: int
    """Side index that opens every turn, or -1 to alternate (side 0 on odd turns)."""
    every_turn: tuple[Op, ...]
    softness: float
    on_failure: tuple[tuple[Op, ...], ...]
    """Per side: backlash when that side fails to ratify."""
    table_when: Node | None
    score_min: float
    score_max: float
    turn_labels: tuple[str, ...] = ()
    deadline_text: str = ""
    actors: tuple[ActorInfo, ...] = ()
    map: MapInfo | None = None
    forbidden: tuple[ForbiddenRule, ...] = ()
    """The rules that leave some combinations of options out of `packages`, in file order."""
    source_file: str = ""
    every_turn_source: SourceRef = NO_SOURCE
    ratification_source: SourceRef = NO_SOURCE
    sources: tuple[tuple[str, str], ...] = ()
    """(source id, one-line citation) pairs."""
    history: tuple[str, ...] = ()
    """The historical line as action strings, every chance outcome pinned."""
    history_ending: str = ""
    briefing: str = ""
    side_briefings: tuple[str, ...] = ()
    summary: str = ""
    softness_below: float | None = None
    """The curve's softness for margins below zero (R5.4); None: `softness` on both sides."""
    refusal_step: float = 0.0
    """Rise of a side's reservation level for each refusal by its home front (R5.5)."""
    backlash_grows: bool = False
    """The k-th refusal applies the side's `on_failure` backlash k times (R5.5)."""
    retry_fails: bool = False
    """A home front refuses at once a package no better for it than one it refused (R5.5)."""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    """Free-form UI labels."""

    @property
    def num_turns(self) -> int:
        """Number of turns; the last is the deadline."""
        return len(self.turn_dates)
