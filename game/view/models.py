"""The view models: frozen values that both front ends show (no pygame, no printing).

Every value here is built from what one side may see: the public world, its own private figures
and its belief about the other side. Front ends render them; they never compute game figures.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Source:
    """Where a number or a rule comes from: the scenario file and line, and the cited articles."""

    where: str
    """`scenarios/tokyo_2018.yaml:120`, or '' when the rule has no place in a file."""
    cites: tuple[str, ...] = ()
    """One-line citations of the articles the rule is drawn from."""


@dataclass(frozen=True, slots=True)
class ActorLine:
    """A person or body in the briefing."""

    name: str
    role: str
    side: str
    """The side's name, or '' for third parties."""


@dataclass(frozen=True, slots=True)
class BriefingView:
    """What a player reads before the first turn."""

    title: str
    summary: str
    dates: str
    """`2018-02-06 to 2018-12-31, 11 turns`."""
    situation: str
    side_name: str
    side_briefing: str
    goal: str
    """What you want and how the game scores it, in words."""
    scoring: str
    """The score scale and what no deal gives."""
    actors: tuple[ActorLine, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MeterView:
    """One meter with its last change and its history."""

    index: int
    id: str
    label: str
    value: int
    lo: int
    hi: int
    unit: str
    group: str
    helps: str
    """Name of the side a rise helps, or ''."""
    last_change: int
    """Change since the viewer's last decision (0 when none)."""
    history: tuple[int, ...]
    """Value at the end of each turn so far, then the value now."""
    description: str
    scored: bool = False
    """Whether the viewer's side is scored on it (some ending's score reads it)."""
    score_sign: int = 0
    """For a scored meter: +1 when the viewer's no-deal score rises with it now, -1 when it
    falls, 0 when a small move either way changes nothing (it counts past a level, or only in
    a deal)."""


@dataclass(frozen=True, slots=True)
class MoveView:
    """One move of the viewer's side: available or not, and why."""

    action: int
    """The action id, or -1 when the move is not available now."""
    move: int
    """Move instance index."""
    id: str
    label: str
    category: str
    cost: int
    once: bool
    available: bool
    why_not: str
    """Why it is not available ('' when it is)."""
    description: str
    preview: str
    """The engine's expected effects in one line ('' when not available)."""
    source: Source


@dataclass(frozen=True, slots=True)
class AdvisorVerdict:
    """One advisor's view of a package against the status quo, by its own values."""

    name: str
    verdict: str
    """'for', 'against' or 'indifferent'."""
    gain: float


@dataclass(frozen=True, slots=True)
class AnswerPrediction:
    """The other side's likely answer to a package, under the viewer's belief."""

    p_accept: float
    likely: str
    """'accept', 'reject' or 'counter'."""
    model: str
    """Which model predicted it (the AI's answer model, or the limits-only fallback)."""
    reason: str = ""
    """Why it would not accept, in plain words ('' when it likely accepts)."""


@dataclass(frozen=True, slots=True)
class PackageView:
    """The figures of one package for the viewer (no hidden value of the other side)."""

    package: int
    text: str
    my_utility: float
    my_reservation: float
    margin: float
    my_ratify: float
    their_name: str
    their_utility: float
    their_estimate: float
    their_spread: float
    within_limits: float
    """Probability, under the viewer's belief, that it clears the other side's limits."""
    their_ratify: float
    answer: AnswerPrediction
    advisors: tuple[AdvisorVerdict, ...]
    if_ratified: str = ""
    """The ending and scores if both home fronts ratified it now, beside no deal."""
    theirs_on_table: bool = False
    """True when it is the other side's proposal that the viewer answers (no answer to predict)."""

    def their_text(self) -> str:
        """The other side's figures in words (its limits as the viewer estimates them)."""
        text = (
            f"{self.their_name}'s utility {self.their_utility:.1f} against its reservation "
            f"~{self.their_estimate:.1f} ± {self.their_spread:.1f}: within its limits "
            f"~{round(self.within_limits * 100)}%, its home front ratifies "
            f"~{round(self.their_ratify * 100)}%"
        )
        if self.their_ratify > self.within_limits + 0.05:  # reads as a contradiction otherwise
            text += " (a vote can pass below the reservation level, less often the further)"
        return text

    def lines(self) -> list[str]:
        """The figures in words, one line each."""
        out = [
            f"your utility {self.my_utility:.1f} (reservation {self.my_reservation:.1f}, margin "
            f"{self.margin:+.1f}): your home front ratifies ~{round(self.my_ratify * 100)}%",
            self.their_text(),
        ]
        if not self.theirs_on_table:
            out.append(
                f"likely answer: {self.answer.likely} (accept ~{round(self.answer.p_accept * 100)}%"
                f", {self.answer.model})"
            )
            if self.answer.reason:
                out.append(f"  why: {self.answer.reason}")
        if self.if_ratified:
            out.append(f"if ratified now: {self.if_ratified}")
        if self.advisors:
            out.append(
                "your advisors: "
                + "; ".join(f"{a.name} {a.verdict} ({a.gain:+.1f})" for a in self.advisors)
            )
        return out


@dataclass(frozen=True, slots=True)
class IssueChoice:
    """One issue in the package builder with the option chosen."""

    index: int
    id: str
    label: str
    options: tuple[str, ...]
    chosen: int


@dataclass(frozen=True, slots=True)
class PackageRuleView:
    """The scenario rule that forbids a combination of options, and where it comes from."""

    id: str
    text: str
    """Why such a package makes no sense, in the scenario's words."""
    condition: str
    """The rule's condition as written (`treaty == "none" and ...`)."""
    source: Source

    def line(self) -> str:
        """`rule transfer_needs_treaty (scenarios/base_world.yaml:914): A handover ...`"""
        where = f" ({self.source.where})" if self.source.where else ""
        return f"rule {self.id}{where}: {self.text}"


@dataclass(frozen=True, slots=True)
class BuilderView:
    """The package builder: one option per issue, and the figures or why it is forbidden."""

    verb: str
    """'table' or 'counter'."""
    issues: tuple[IssueChoice, ...]
    package: int
    """Package index, or -1 when the combination is forbidden."""
    analysis: PackageView | None
    forbidden: str
    """Why the combination cannot be tabled ('' when it can)."""
    action: int
    """The action that tables it, or -1 when it cannot be tabled now."""
    rule: PackageRuleView | None = None
    """The scenario rule that forbids the combination (None when it is a coherent package)."""
    fixes: tuple[str, ...] = ()
    """Single-option changes that would make a forbidden combination coherent."""


@dataclass(frozen=True, slots=True)
class NewsItem:
    """One line of news: what happened, who did it, and (verbose) the rule behind it."""

    turn: int
    kind: str
    """'turn', 'event', 'reaction', 'move', 'answer', 'table', 'draw', 'change', 'ending'."""
    text: str
    side: int
    """Side whose action it was, or -1."""
    source: str
    """`file:line` of the rule, or '' (shown in verbose mode)."""
    cites: tuple[str, ...] = ()
    """The articles the event or reaction is drawn from."""


@dataclass(frozen=True, slots=True)
class WhyLine:
    """One change of a number, with its cause and source."""

    turn: int
    before: int
    after: int
    cause: str
    source: Source


@dataclass(frozen=True, slots=True)
class WhyView:
    """Why a meter has its value: every change since the start."""

    meter: str
    label: str
    start: int
    value: int
    lines: tuple[WhyLine, ...]
    description: str
    source: Source


@dataclass(frozen=True, slots=True)
class TerritoryView:
    """A territory with its name in the chosen script and its status."""

    index: int
    id: str
    name: str
    status: str
    status_id: str
    status_index: int
    area_km2: float
    population: int
    description: str
    outline: tuple[tuple[tuple[float, float], ...], ...]
    label_at: tuple[float, float] | None


@dataclass(frozen=True, slots=True)
class ScoreLine:
    """A side's score beside what no deal would have given, on the scenario's scale."""

    side: str
    score: float
    no_deal: float
    lo: float
    hi: float

    at_start: float | None = None
    """When the game ended without a deal: what no deal would have given at the first decision,
    so the score shows what the play changed (beside no deal it is always +0.0)."""

    def text(self) -> str:
        """`Japan 9.2 on a scale of -100 to 100 (no deal would give 4.0; +5.2)`, or without a
        deal `Japan -5.7 ... (at the start no deal would have given -9.5; +3.8 since)`."""
        scale = f"{self.side} {self.score:.1f} on a scale of {self.lo:g} to {self.hi:g}"
        if self.at_start is not None:
            since = self.score - self.at_start
            return (
                f"{scale} (at the start no deal would have given {self.at_start:.1f}; "
                f"{since:+.1f} since)"
            )
        diff = self.score - self.no_deal
        return f"{scale} (no deal would give {self.no_deal:.1f}; {diff:+.1f})"


@dataclass(frozen=True, slots=True)
class DealPoint:
    """A package in the deal space: both sides' utilities."""

    package: int
    text: str
    u: tuple[float, float]
    tabled_by: int
    """Side that tabled it in this game, or -1."""


@dataclass(frozen=True, slots=True)
class DealSpace:
    """Every coherent package against the Pareto frontier and the Nash bargaining point."""

    points: tuple[DealPoint, ...]
    frontier: tuple[int, ...]
    """Indices into `points` on the Pareto frontier, by the first side's utility."""
    nash: int
    """Index into `points` of the Nash bargaining point (-1 when no package beats no deal)."""
    disagreement: tuple[float, float]
    """Each side's utility of the status quo (the disagreement point)."""
    tabled: tuple[int, ...]
    """Indices into `points` of the packages tabled in this game."""


@dataclass(frozen=True, slots=True)
class EndingView:
    """The end of the game: what happened, the scores against no deal, charts and the debrief."""

    title: str
    epilogue: str
    history_note: str
    agreement: str
    scores: tuple[ScoreLine, ...]
    meters: tuple[MeterView, ...]
    deal_space: DealSpace
    limits: tuple[str, ...] = ()
    """Each side's hidden limit, revealed now that the game is over."""
