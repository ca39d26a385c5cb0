"""The scenario file format: pydantic v2 models for one merged scenario document.

Pydantic checks shape only (types, unknown keys, required keys); meaning (references between
ids, expressions, probabilities, bounds) is checked by `lint.py`, which reports every problem as a
`Diagnostic` with a position. The usage pattern:

    spec = ScenarioSpec.model_validate(merged_mapping)   # raises ValidationError on bad shape

Every field carries a description: `four-islands schema` publishes them as a JSON Schema so that
editors with yaml-language-server complete and check scenario files. A file that `extends` a base is
partial, so every top-level section is optional here and `lint.py` demands the sections a playable
scenario needs.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag

FORMAT_VERSION = 1

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64),
    Field(description="An id: lowercase letters, digits and underscores, starting with a letter."),
]
Expr = Annotated[
    str,
    Field(
        description=(
            "An expression: numbers, meters, flags, `turn`, `date`, issue options, "
            "`<territory>.status`, `self.<ref>`/`other.<ref>`, comparisons, and/or/not, "
            "+ - * /, min/max/abs/clamp."
        ),
        max_length=2000,
    ),
]
NumOrExpr = Annotated[
    int | float | str,
    Field(description="A number, or an expression string that evaluates to a number."),
]
IsoDate = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"),
    Field(description="A calendar date, YYYY-MM-DD."),
]
SourceRefs = Annotated[
    str | list[str],
    Field(description="Id (or ids) of entries in `sources` that this item is drawn from."),
]


class Model(BaseModel):
    """Base of every format model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --- metadata -------------------------------------------------------------------------------


class Source(Model):
    """Where a fact, move or event comes from."""

    id: Id
    kind: Literal["article", "external", "design"] = Field(
        description="`article`: one of the seed articles; `external`: well-established outside "
        "fact; `design`: a game-design choice."
    )
    title: str | None = Field(None, description="Title of the article, as printed.")
    publication: str | None = Field(None, description="Outlet or publisher, as far as known.")
    author: str | None = Field(None, description="Author, as far as known.")
    date: str | None = Field(None, description="Publication date, as far as known (free text).")
    file: str | None = Field(None, description="File name of the seed article, if any.")
    note: str | None = Field(None, description="What this source supports, in a sentence.")


# --- world ----------------------------------------------------------------------------------


class Decay(Model):
    """A meter's pull back towards a resting value each turn: goodwill fades unless fed."""

    toward: int = Field(description="The value the meter returns to.")
    rate: float = Field(
        ge=0,
        le=1,
        description="Share of the distance to `toward` covered each turn (rounded to an integer).",
    )


class Meter(Model):
    """A named integer with bounds: trust, momentum, public opinion..."""

    id: Id
    label: str = Field(description="Short name shown to players.")
    description: str | None = Field(None, description="One or two sentences for the briefing.")
    min: int = Field(0, description="Lowest value; changes are clamped to it.")
    max: int = Field(100, description="Highest value; changes are clamped to it.")
    start: int = Field(description="Value at the start of the scenario.")
    unit: str | None = Field(None, description="Display unit, e.g. `%`.")
    helps: Id | None = Field(None, description="Side that a rise of this meter helps, if any.")
    group: str | None = Field(None, description="Display group, e.g. `russia_home`.")
    show: bool = Field(True, description="Whether the meter is shown on the main screen.")
    decay: Decay | None = Field(
        None, description="Each turn the meter moves back part of the way towards a value (R3.1)."
    )
    diminishing_above: int | None = Field(
        None,
        description="Diminishing returns (R4.4): a rise that starts above this value is scaled by "
        "(max - value) / (max - diminishing_above).",
    )
    source: SourceRefs | None = None


class Flag(Model):
    """A named true/false fact about the world (talks suspended, Aegis deployed...)."""

    id: Id
    label: str = Field(description="Short name shown to players.")
    description: str | None = Field(None, description="One sentence for the briefing.")
    start: bool = Field(False, description="Value at the start of the scenario.")
    source: SourceRefs | None = None


class StatusSpec(Model):
    """A status a territory can have (Russian administration, joint activity...)."""

    id: Id
    label: str = Field(description="Short name shown to players.")
    description: str | None = Field(None, description="What this status means.")
    source: SourceRefs | None = None


Point = Annotated[
    list[float],
    Field(min_length=2, max_length=2, description="[longitude, latitude] in degrees."),
]


NativeNames = Annotated[
    dict[str, str],
    Field(
        description="Name per side id in that side's own script (`japan: 択捉島`, "
        "`russia: Итуруп`); `names` holds the Latin-script forms."
    ),
]


class Islet(Model):
    """A named islet of a territory: drawn with the territory's status, named on its own."""

    id: Id
    names: dict[str, str] = Field(description="Name per side id (and optionally `en`).")
    native_names: NativeNames = Field(default_factory=dict)
    area_km2: float | None = Field(None, ge=0, description="Area in square kilometres.")
    description: str | None = Field(None, description="One or two sentences for the briefing.")
    outline: list[list[Point]] = Field(
        default_factory=list,
        description="Polygons, each a list of [lon, lat] points (also part of the territory's).",
    )
    label_at: Point | None = Field(None, description="Where the map draws the name.")
    source: SourceRefs | None = None


class Territory(Model):
    """An island or island group, with names per side and map geometry."""

    id: Id
    names: dict[str, str] = Field(
        description="Name per side id (and optionally `en`): names are diplomacy."
    )
    native_names: NativeNames = Field(default_factory=dict)
    area_km2: float = Field(ge=0, description="Area in square kilometres.")
    population: int = Field(0, ge=0, description="Population, approximate.")
    status: Id = Field(description="Status at the start: an id from `territory_statuses`.")
    description: str | None = Field(None, description="One or two sentences for the briefing.")
    outline: list[list[Point]] = Field(
        default_factory=list,
        description="Map geometry: polygons, each a list of [lon, lat] points.",
    )
    label_at: Point | None = Field(None, description="Where the map draws the name.")
    islets: list[Islet] = Field(
        default_factory=list, description="Named islets of the territory (e.g. Suisho)."
    )
    source: SourceRefs | None = None


class MapSpec(Model):
    """Map frame and context coastlines (land that is not a territory)."""

    bounds: list[float] = Field(
        min_length=4, max_length=4, description="[min_lon, min_lat, max_lon, max_lat]."
    )
    context: list[ContextShape] = Field(
        default_factory=list, description="Neighbouring land drawn for orientation."
    )
    attribution: str | None = Field(None, description="Credit line for the coastline data.")


class ContextShape(Model):
    """A piece of neighbouring land drawn on the map."""

    id: Id
    names: dict[str, str] = Field(default_factory=dict, description="Name per side id.")
    native_names: NativeNames = Field(default_factory=dict)
    outline: list[list[Point]] = Field(description="Polygons, each a list of [lon, lat] points.")


# --- effects --------------------------------------------------------------------------------


class AddEffect(Model):
    """Add to meters: `add: {trust: 5, self.capital: -1}`."""

    add: dict[str, NumOrExpr] = Field(
        description="Meter (or `self.<ref>`/`other.<ref>`) to the amount added; clamped."
    )


class SetEffect(Model):
    """Set meters, flags or territory statuses: `set: {talks_suspended: true}`."""

    set: dict[str, int | float | bool | str] = Field(
        description="Meter to a number or expression, flag to true/false, or "
        "`<territory>.status` to a status id."
    )


class RevealSpec(Model):
    """An intelligence signal about a side's hidden flexibility."""

    about: str = Field("other", description="`other`, `self` or a side id.")
    accuracy: float = Field(ge=0, le=1, description="Chance that the signal names the true level.")


class RevealEffect(Model):
    """Draw a noisy signal of a side's hidden flexibility (a chance node)."""

    reveal: RevealSpec


class WhenEffect(Model):
    """Conditional effects: `{when: "trust > 40", then: [...], else: [...]}`."""

    when: Expr
    then: list[Effect] = Field(default_factory=list, description="Effects when true.")
    else_: list[Effect] = Field(
        default_factory=list, alias="else", description="Effects when false."
    )


def _effect_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("when", "add", "set", "reveal"):
            if key in value:
                return key
        return None
    if isinstance(value, BaseModel):
        return {
            AddEffect: "add",
            SetEffect: "set",
            RevealEffect: "reveal",
            WhenEffect: "when",
        }.get(type(value))
    return None


Effect = Annotated[
    Annotated[AddEffect, Tag("add")]
    | Annotated[SetEffect, Tag("set")]
    | Annotated[RevealEffect, Tag("reveal")]
    | Annotated[WhenEffect, Tag("when")],
    Discriminator(
        _effect_kind,
        custom_error_type="effect_kind",
        custom_error_message="an effect is one of add, set, reveal or when",
    ),
]


class Outcome(Model):
    """One branch of a chancy move, event or reaction."""

    id: Id
    p: float = Field(ge=0, le=1, description="Probability; the branches of one item sum to 1.")
    text: str | None = Field(None, description="What happened, shown in the news and log.")
    effects: list[Effect] = Field(default_factory=list, description="What this branch changes.")


# --- sides, values and hidden limits --------------------------------------------------------


class Capital(Model):
    """A side's political capital: a meter, an income each turn and a carry-over cap."""

    meter: Id = Field(description="The meter that holds the side's capital.")
    income: NumOrExpr = Field(description="Added at the start of every turn (an expression).")
    carry_over: int = Field(
        ge=0, description="At most this much unspent capital carries into the next turn."
    )


class Term(Model):
    """A conditional utility term over combinations of options."""

    id: Id
    when: Expr = Field(description="Condition over the package (and meters).")
    value: NumOrExpr = Field(description="Added to the utility when the condition holds.")
    text: str | None = Field(None, description="Why this combination matters.")


class Values(Model):
    """Multi-issue additive utility: a weight per option plus conditional terms."""

    options: dict[str, dict[str, NumOrExpr]] = Field(
        default_factory=dict,
        description="Issue id to option id to weight (a number or an expression over meters). "
        "Options left out weigh 0.",
    )
    terms: list[Term] = Field(default_factory=list, description="Combination terms.")


class FlexLevel(Model):
    """One possible value of a side's hidden flexibility."""

    id: Id
    label: str = Field(description="Shown when a side reasons about this level.")
    value: float = Field(description="Subtracted from the reservation level (more = flexible).")
    p: float = Field(ge=0, le=1, description="Prior probability; the levels sum to 1.")


class Flexibility(Model):
    """The hidden part of a side's win-set: drawn at the start, learnt through signals."""

    label: str = Field("flexibility", description="What the hidden quantity is called.")
    levels: list[FlexLevel] = Field(min_length=1, description="The discrete prior.")


class Advisor(Model):
    """A faction or ministry that advises a side by its own values."""

    id: Id
    name: str = Field(description="Display name, e.g. `MOFA`.")
    description: str | None = Field(None, description="Whose interests it speaks for.")
    values: Values = Field(default_factory=Values, description="The advisor's own weights.")
    source: SourceRefs | None = None


class Side(Model):
    """A negotiating party: its capital, values, domestic win-set and hidden limits."""

    id: Id
    name: str = Field(description="Display name, e.g. `Japan`.")
    leader: Id | None = Field(None, description="Actor id of the side's leader.")
    capital: Capital | None = Field(None, description="Political capital.")
    max_actions_per_turn: int = Field(
        3, ge=1, le=20, description="Bound on moves this side makes in one turn."
    )
    refs: dict[str, Id] = Field(
        default_factory=dict,
        description="Names that shared moves use as `self.<name>`/`other.<name>`, to meter ids.",
    )
    values: Values = Field(default_factory=Values, description="How the side values packages.")
    reservation: NumOrExpr = Field(
        0, description="Least utility the home front ratifies: an expression over meters."
    )
    reservation_drift: float = Field(
        0.0,
        ge=-20,
        le=20,
        description="Added to the reservation level for every turn after the first (R7.1): "
        "positive for the side time works for, the side in possession.",
    )
    flexibility: Flexibility | None = Field(None, description="Hidden flexibility prior.")
    personality: Literal["hardliner", "pragmatist"] | None = Field(
        None,
        description="Character of the side's negotiators, for the bots that play it: "
        "`hardliner` asks more and concedes late, `pragmatist` settles near its limit and "
        "concedes early; none: the bot's own default. A bot spec's `personality=` wins.",
    )
    advisors: list[Advisor] = Field(default_factory=list, description="Advisors and factions.")
    description: str | None = Field(None, description="One paragraph for the side's briefing.")
    source: SourceRefs | None = None


class Actor(Model):
    """A person or body named in the scenario (leaders, ministers, third parties)."""

    id: Id
    name: str = Field(description="Display name.")
    role: str | None = Field(None, description="Title or role, e.g. `Foreign Minister`.")
    side: Id | None = Field(None, description="Side id, or none for a third party.")
    description: str | None = None
    source: SourceRefs | None = None


# --- the negotiation ------------------------------------------------------------------------


class OptionSpec(Model):
    """One option of a negotiation issue."""

    id: Id
    label: str = Field(description="Short name shown in the package builder.")
    description: str | None = None
    status_quo: bool = Field(False, description="The option that means no change (one per issue).")
    on_deal: list[Effect] = Field(
        default_factory=list, description="Effects when a package with this option is ratified."
    )
    source: SourceRefs | None = None


class Issue(Model):
    """A negotiation issue: a package picks exactly one of its options."""

    id: Id
    label: str = Field(description="Short name shown to players.")
    description: str | None = None
    options: list[OptionSpec] = Field(min_length=1, description="The options, at least one.")
    source: SourceRefs | None = None


class PackageRule(Model):
    """Packages for which `when` holds are not coherent and cannot be tabled."""

    id: Id
    when: Expr = Field(description="Condition over the package's options.")
    text: str = Field(description="Why such a package makes no sense.")
    source: SourceRefs | None = None


class Tabling(Model):
    """When a package may be tabled (R5.1)."""

    when: Expr = Field(description="Condition for tabling any package.")


class Ratification(Model):
    """How an accepted package is carried at home."""

    softness: float = Field(
        4.0, gt=0, description="Width of the logistic curve: chance = 1/(1+exp(-margin/softness))."
    )
    softness_below: float | None = Field(
        None,
        gt=0,
        description="The curve's width for margins below zero, so that the odds fall steeply "
        "below the reservation level (default: half of `softness`).",
    )
    refusal_step: float = Field(
        1.0,
        ge=0,
        le=100,
        description="Rise of a side's reservation level for each package its home front refused "
        "(R5.5).",
    )
    backlash: Literal["grows", "once"] = Field(
        "grows",
        description="`grows`: a side's k-th refusal applies its `on_failure` backlash k times; "
        "`once`: once each time (R5.5).",
    )
    retry: Literal["fails", "allowed"] = Field(
        "fails",
        description="`fails`: a home front refuses at once a package no better for it than one "
        "it already refused; `allowed`: it votes again (R5.5).",
    )
    on_failure: list[Effect] = Field(
        default_factory=list,
        description="Backlash when a side's home front fails to ratify (`self` = that side).",
    )
    text: str | None = None


class Clock(Model):
    """Turns with calendar dates and a deadline."""

    start: IsoDate
    months_per_turn: int = Field(1, ge=1, le=24, description="Calendar months per turn.")
    turns: int = Field(ge=1, le=200, description="Number of turns; the last one is the deadline.")
    opens: str = Field(
        "alternate",
        description="Side id that acts first each turn, or `alternate` (first side on odd turns).",
    )
    deadline_text: str | None = Field(None, description="What the deadline is (a term, a summit).")
    turn_labels: dict[int, str] = Field(
        default_factory=dict, description="Optional label per turn number (1-based)."
    )


class Move(Model):
    """A unilateral move a side may make on its part of a turn."""

    id: Id
    side: str = Field(description="Side id, or `any` for a move either side may make.")
    label: str = Field(description="Short name shown in the move list.")
    text: str | None = Field(None, description="What the move is, in a sentence or two.")
    category: Id = Field(description="Kind of move: economy, security, signal, domestic...")
    cost: int = Field(1, ge=0, le=100, description="Political capital the move costs.")
    when: Expr | None = Field(None, description="Precondition.")
    once: bool = Field(False, description="Whether the move can be made only once a game.")
    effects: list[Effect] = Field(default_factory=list, description="Certain effects.")
    outcomes: list[Outcome] = Field(default_factory=list, description="Chancy branches.")
    source: SourceRefs | None = None


class At(Model):
    """When a scheduled event happens: a turn number or a calendar date."""

    turn: int | None = Field(None, ge=1, description="Turn number, 1-based.")
    date: IsoDate | None = Field(None, description="Date; fires in the turn covering it.")


class Event(Model):
    """News: scheduled by date or turn, triggered by a condition, or random."""

    id: Id
    title: str = Field(description="Headline shown in the news.")
    text: str | None = Field(None, description="The story, in our own words.")
    actor: Id | None = Field(None, description="Actor id of who acts, if anyone.")
    at: At | None = Field(None, description="Scheduled turn or date.")
    when: Expr | None = Field(None, description="Condition checked in the news phase.")
    chance: NumOrExpr | None = Field(None, description="Probability it happens when eligible.")
    repeat: bool = Field(False, description="Whether it can happen more than once.")
    effects: list[Effect] = Field(default_factory=list, description="Certain effects.")
    outcomes: list[Outcome] = Field(default_factory=list, description="Chancy branches.")
    source: SourceRefs | None = None


class ReactionTrigger(Model):
    """What a reaction answers."""

    moves: list[Id] = Field(default_factory=list, description="Move ids.")
    categories: list[Id] = Field(default_factory=list, description="Move categories.")
    events: list[Id] = Field(default_factory=list, description="Event ids.")
    side: Id | None = Field(None, description="Only moves made by this side.")


class Reaction(Model):
    """A third party or a side answering a kind of move or event."""

    id: Id
    actor: Id = Field(description="Actor id of who reacts.")
    title: str = Field(description="Headline shown in the log.")
    text: str | None = None
    to: ReactionTrigger
    when: Expr | None = None
    chance: NumOrExpr | None = None
    effects: list[Effect] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)
    source: SourceRefs | None = None


class Ending(Model):
    """An ending: the first whose condition holds at a check wins; one fallback closes the list."""

    id: Id
    title: str = Field(description="Shown on the ending screen.")
    when: Expr | None = Field(
        None,
        description="Checked after a ratified deal (`deal` true) and at each turn's end "
        "(`deadline` true on the last). Omit for the fallback, which must come last.",
    )
    epilogue: str = Field(description="What follows, in our own words.")
    history_note: str | None = Field(None, description="What actually happened.")
    score: dict[str, NumOrExpr] = Field(description="Score per side id (expressions).")
    source: SourceRefs | None = None


class Scoring(Model):
    """Bounds of the scores every ending gives (returns are clamped to them)."""

    min: float = Field(-100, description="Lowest score.")
    max: float = Field(100, description="Highest score.")


HistoryStep = Annotated[
    str | dict[str, Any],
    Field(
        description="One action: `end`, `accept`, `reject`, `move <id>`, `chance <node>=<outcome>`,"
        " or a mapping {side, move|table|counter|answer|chance|end, note}."
    ),
]


class HistoricalLine(Model):
    """The moves and events as they happened, every chance outcome pinned."""

    description: str | None = None
    steps: list[HistoryStep] = Field(description="Every action in order.")
    ending: Id = Field(description="The ending the line must reach.")
    source: SourceRefs | None = None


class UiText(Model):
    """Text the front ends show."""

    briefing: str | None = Field(None, description="The opening briefing.")
    side_briefings: dict[str, str] = Field(default_factory=dict, description="Per side id.")
    labels: dict[str, str] = Field(default_factory=dict, description="Other labels by key.")


class Remove(Model):
    """Items of the base to drop, by section and id (only with `extends`)."""

    model_config = ConfigDict(extra="allow", frozen=True)


class ScenarioSpec(Model):
    """One scenario file (after `extends` is merged)."""

    format_version: Literal[1] = Field(description="Version of this format; currently 1.")
    id: Id
    extends: str | None = Field(
        None,
        description="A base scenario: a path relative to this file, a shipped id, or the id of "
        "a scenario in your scenario folder.",
    )
    abstract: bool = Field(False, description="A base that is not playable or listed.")
    remove: dict[str, list[Id]] = Field(
        default_factory=dict, description="Section to ids of base items to drop."
    )
    title: str | None = Field(None, description="Title shown in the scenario list.")
    summary: str | None = Field(None, description="One paragraph for the scenario list.")
    start_date: IsoDate | None = Field(None, description="When the scenario begins.")
    end_date: IsoDate | None = Field(None, description="When it ends at the latest.")
    sources: list[Source] = Field(default_factory=list, description="Articles and facts used.")
    sides: list[Side] = Field(default_factory=list, description="The two negotiating sides.")
    actors: list[Actor] = Field(default_factory=list, description="People and bodies.")
    meters: list[Meter] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    territory_statuses: list[StatusSpec] = Field(default_factory=list)
    territories: list[Territory] = Field(default_factory=list)
    map: MapSpec | None = None
    issues: list[Issue] = Field(default_factory=list)
    forbidden_packages: list[PackageRule] = Field(default_factory=list)
    tabling: Tabling | None = Field(
        None, description="When packages may be tabled at all (e.g. not while talks are frozen)."
    )
    ratification: Ratification = Field(default_factory=Ratification)
    clock: Clock | None = None
    every_turn: list[Effect] = Field(
        default_factory=list,
        description="Drift applied in each turn's news (time and the status quo).",
    )
    moves: list[Move] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    reactions: list[Reaction] = Field(default_factory=list)
    endings: list[Ending] = Field(default_factory=list)
    scoring: Scoring = Field(default_factory=Scoring)
    history: HistoricalLine | None = None
    ui: UiText = Field(default_factory=UiText)


WhenEffect.model_rebuild()
MapSpec.model_rebuild()
