"""Scenario test files (`*.test.yaml`): read and checked into cases, with positions.

A file is a scenario test only when it carries the marker key `four-islands-test: 1`, so other
projects' YAML is never taken for one:

    four-islands-test: 1
    scenario: tokyo_2018              # a shipped id, or a path relative to this file
    tests:
      - name: the historical line reaches its ending
        history: true
      - name: a scripted opening
        seed: 3                       # or seeds: 0-199 (a range), or a list
        line: ["move summit", "end"]  # the decisions of the sides without a player
        players: {russia: rules}      # a bot spec, or {turns: {1: [actions]}, then: BOT}
        expect:
          ending: status_quo_disappointment     # or a list: one of them
          after_turn: {1: {meters: {trust: {min: 30}}, flags: {talks_suspended: false}}}
          at_end: {territories: {habomai: russian_administration}}
          happens: [move summit]      # moves, events, reactions: `kind id`
          never: [event sanctions_shock]
          share: {breakdown: [0.2, 0.6]}        # over the seeds: the Wilson 95% test

Every problem is a `Diagnostic` at the file's line and column, in the scenario files' style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.files import MAX_SCENARIO_BYTES, read_bytes
from game.scenario import Diagnostic
from game.scenario.expressions import suggest
from game.scenario.yamlread import DocPath, Positions, read_yaml

MARKER = "four-islands-test"
_MARKER_RE = re.compile(rf"^{MARKER}\s*:", re.MULTILINE)
_RANGE_RE = re.compile(r"^\s*(\d+)\s*(?:-|\.\.)\s*(\d+)\s*$")
_KINDS = ("move", "event", "reaction")
_CASE_KEYS = ("name", "seed", "seeds", "players", "line", "history", "expect")
_EXPECT_KEYS = ("ending", "after_turn", "at_end", "happens", "never", "share")
_STATE_KEYS = ("meters", "flags", "territories")
MAX_SEEDS = 100_000

Pos = tuple[str, int, int]


class TestFileError(Exception):
    """A malformed test file: carries every diagnostic."""

    __test__ = False  # not a pytest test class

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.render() for d in diagnostics))


def is_test_file(path: Path) -> bool:
    """True for a `*.test.yaml` file that carries the marker key."""
    if not path.name.endswith((".test.yaml", ".test.yml")):
        return False
    try:
        # Through the safe reader: a FIFO or device named *.test.yaml must not hang the search.
        data = read_bytes(path, max_bytes=MAX_SCENARIO_BYTES)
        head = data[:65536].decode("utf-8", "replace")
    except OSError:
        return False
    return bool(_MARKER_RE.search(head))


@dataclass(frozen=True, slots=True)
class Bound:
    """An expected value: exact, or within [min, max]."""

    pos: Pos
    exact: Any = None
    low: float | None = None
    high: float | None = None

    def holds(self, value: Any) -> bool:
        """True when `value` meets the expectation."""
        if self.exact is not None:
            return bool(value == self.exact)
        if self.low is not None and value < self.low:
            return False
        return not (self.high is not None and value > self.high)

    def describe(self) -> str:
        """`= 40`, `>= 10`, `between 10 and 20`."""
        if self.exact is not None:
            return f"= {self.exact}"
        if self.low is not None and self.high is not None:
            return f"between {self.low:g} and {self.high:g}"
        if self.low is not None:
            return f">= {self.low:g}"
        return f"<= {self.high:g}"


@dataclass(frozen=True, slots=True)
class StateCheck:
    """Meters, flags and territory statuses expected at one moment."""

    meters: dict[str, Bound] = field(default_factory=dict)
    flags: dict[str, Bound] = field(default_factory=dict)
    territories: dict[str, Bound] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PlayerSpec:
    """Who plays a side: a bot spec, or a scripted line per turn with a fallback bot."""

    bot: str | None = None
    turns: dict[int, list[str]] | None = None
    then: str | None = None
    pos: Pos = ("", 0, 0)
    """Where the side's player is written."""


@dataclass(frozen=True, slots=True)
class Expect:
    """The expectations of one case."""

    ending: tuple[tuple[str, ...], Pos] | None = None
    after_turn: dict[int, tuple[StateCheck, Pos]] = field(default_factory=dict)
    at_end: StateCheck | None = None
    happens: list[tuple[str, Pos]] = field(default_factory=list)
    never: list[tuple[str, Pos]] = field(default_factory=list)
    share: dict[str, tuple[float, float, Pos]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Case:
    """One scenario test: a pytest item."""

    name: str
    pos: Pos
    seeds: tuple[int, ...]
    players: dict[str, PlayerSpec]
    line: list[Any] | None
    line_pos: list[Pos]
    history: bool
    expect: Expect


@dataclass(frozen=True, slots=True)
class TestFile:
    """A parsed test file."""

    __test__ = False  # not a pytest test class

    path: Path
    scenario: str
    """The scenario as given (id), or the path it names, resolved against the file."""
    scenario_pos: Pos
    cases: list[Case]


class _Reader:
    def __init__(self, file: str, positions: Positions) -> None:
        self.file = file
        self.positions = positions
        self.diags: list[Diagnostic] = []

    def pos(self, path: DocPath) -> Pos:
        return self.positions.value_at(path)

    def error(
        self, code: str, path: DocPath, message: str, hint: str | None = None, key: bool = False
    ) -> None:
        at = self.positions.key_at if key else self.positions.value_at
        _, line, col = at(path)
        dotted = _dotted(path)
        self.diags.append(Diagnostic(code, "error", self.file, line, col, dotted, message, hint))

    def mapping(self, path: DocPath, value: Any, keys: tuple[str, ...] | None) -> bool:
        if not isinstance(value, dict):
            self.error("T002", path, f"expected a mapping, got {_kind(value)}")
            return False
        if keys is not None:
            for k in value:
                if k not in keys:
                    self.error(
                        "T003",
                        (*path, k),
                        f"unknown key '{k}'",
                        suggest(str(k), keys) or f"keys here: {', '.join(keys)}",
                        key=True,
                    )
        return True

    def number(self, path: DocPath, value: Any) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error("T004", path, f"expected a number, got {_kind(value)}")
            return None
        return float(value)

    def bound(self, path: DocPath, value: Any, kind: str) -> Bound | None:
        pos = self.pos(path)
        if kind == "flag":
            if not isinstance(value, bool):
                self.error("T004", path, f"a flag is true or false, got {_kind(value)}")
                return None
            return Bound(pos, exact=value)
        if kind == "status":
            if not isinstance(value, str):
                self.error("T004", path, f"a status is a status id, got {_kind(value)}")
                return None
            return Bound(pos, exact=value)
        if isinstance(value, dict):
            if not self.mapping(path, value, ("min", "max")) or not value:
                if not value:
                    self.error("T004", path, "give min, max or both")
                return None
            lo = self.number((*path, "min"), value["min"]) if "min" in value else None
            hi = self.number((*path, "max"), value["max"]) if "max" in value else None
            return Bound(pos, low=lo, high=hi)
        if isinstance(value, bool) or not isinstance(value, int):
            self.error("T004", path, f"a meter is an integer or {{min, max}}, got {_kind(value)}")
            return None
        return Bound(pos, exact=value)

    def state_check(self, path: DocPath, value: Any) -> StateCheck | None:
        if not self.mapping(path, value, _STATE_KEYS):
            return None
        out = StateCheck()
        for key, kind in (("meters", "meter"), ("flags", "flag"), ("territories", "status")):
            if key not in value:
                continue
            sub = value[key]
            if not self.mapping((*path, key), sub, None):
                continue
            for name, v in sub.items():
                b = self.bound((*path, key, name), v, kind)
                if b is not None:
                    getattr(out, key)[str(name)] = b
        return out

    def seeds(self, path: DocPath, value: Any) -> tuple[int, ...]:
        if isinstance(value, int) and not isinstance(value, bool):
            return (value,)
        if isinstance(value, str):
            m = _RANGE_RE.match(value)
            if m:
                a, b = int(m.group(1)), int(m.group(2))
                if a <= b and b - a < MAX_SEEDS:
                    return tuple(range(a, b + 1))
        if isinstance(value, dict) and set(value) == {"from", "to"}:
            return self.seeds(path, f"{value['from']}-{value['to']}")
        if isinstance(value, list) and value and all(_is_int(v) for v in value):
            return tuple(value)
        self.error(
            "T005",
            path,
            f"seeds are an integer, a range `A-B` (at most {MAX_SEEDS}), or a list of integers",
        )
        return ()

    def player(self, path: DocPath, value: Any) -> PlayerSpec | None:
        if isinstance(value, str) and value.strip():
            return PlayerSpec(bot=value.strip(), pos=self.pos(path))
        if not self.mapping(path, value, ("turns", "then")):
            return None
        turns: dict[int, list[str]] = {}
        raw = value.get("turns", {})
        if self.mapping((*path, "turns"), raw, None):
            for t, actions in raw.items():
                if not _is_int(t) or t < 1:
                    self.error("T006", (*path, "turns", t), f"a turn is a number from 1, not {t!r}")
                    continue
                if isinstance(actions, str):
                    actions = [actions]
                if not isinstance(actions, list) or not all(isinstance(a, str) for a in actions):
                    self.error("T006", (*path, "turns", t), "a turn's line is a list of actions")
                    continue
                turns[t] = list(actions)
        then = value.get("then")
        if then is not None and not isinstance(then, str):
            self.error("T006", (*path, "then"), "`then` is a bot spec")
            then = None
        return PlayerSpec(turns=turns, then=then, pos=self.pos(path))

    def expect(self, path: DocPath, value: Any) -> Expect:
        if value is None:
            return Expect()
        if not self.mapping(path, value, _EXPECT_KEYS):
            return Expect()
        ending = None
        if "ending" in value:
            e = value["ending"]
            names = [e] if isinstance(e, str) else e
            if isinstance(names, list) and names and all(isinstance(n, str) for n in names):
                ending = (tuple(names), self.pos((*path, "ending")))
            else:
                self.error("T007", (*path, "ending"), "an ending id or a list of ending ids")
        after: dict[int, tuple[StateCheck, Pos]] = {}
        if "after_turn" in value and self.mapping((*path, "after_turn"), value["after_turn"], None):
            for t, check in value["after_turn"].items():
                p = (*path, "after_turn", t)
                if not _is_int(t) or t < 1:
                    self.error("T006", p, f"a turn is a number from 1, not {t!r}")
                    continue
                sc = self.state_check(p, check)
                if sc is not None:
                    after[t] = (sc, self.positions.key_at(p))
        at_end = self.state_check((*path, "at_end"), value["at_end"]) if "at_end" in value else None
        lists: dict[str, list[tuple[str, Pos]]] = {"happens": [], "never": []}
        for key, into in lists.items():
            if key not in value:
                continue
            items = value[key]
            if not isinstance(items, list):
                items = [items]
            for i, item in enumerate(items):
                p = (*path, key, i) if isinstance(value[key], list) else (*path, key)
                words = item.split() if isinstance(item, str) else []
                if len(words) != 2 or words[0] not in _KINDS:
                    self.error(
                        "T008", p, f"expected `KIND id` with KIND one of {', '.join(_KINDS)}"
                    )
                    continue
                into.append((f"{words[0]} {words[1]}", self.pos(p)))
        share: dict[str, tuple[float, float, Pos]] = {}
        if "share" in value and self.mapping((*path, "share"), value["share"], None):
            for name, rng in value["share"].items():
                p = (*path, "share", name)
                lo = hi = None
                if isinstance(rng, list) and len(rng) == 2:
                    lo, hi = self.number((*p, 0), rng[0]), self.number((*p, 1), rng[1])
                elif isinstance(rng, dict) and self.mapping(p, rng, ("min", "max")):
                    lo = self.number((*p, "min"), rng.get("min", 0.0))
                    hi = self.number((*p, "max"), rng.get("max", 1.0))
                else:
                    self.error("T009", p, "a share is [low, high] or {min, max}, from 0 to 1")
                    continue
                if lo is None or hi is None:
                    continue
                if not 0 <= lo <= hi <= 1:
                    self.error(
                        "T009",
                        p,
                        f"a share range lies within 0..1 with low <= high, got {lo:g}..{hi:g}",
                    )
                    continue
                share[str(name)] = (lo, hi, self.positions.key_at(p))
        return Expect(ending, after, at_end, lists["happens"], lists["never"], share)

    def case(self, path: DocPath, value: Any) -> Case | None:
        if not self.mapping(path, value, _CASE_KEYS):
            return None
        name = value.get("name")
        if not isinstance(name, str) or not name.strip():
            self.error("T010", path, "every test has a `name`")
            return None
        if "seed" in value and "seeds" in value:
            self.error("T005", (*path, "seeds"), "give `seed` or `seeds`, not both")
        key = "seeds" if "seeds" in value else "seed"
        seeds = self.seeds((*path, key), value[key]) if key in value else (0,)
        players: dict[str, PlayerSpec] = {}
        raw = value.get("players", {})
        if self.mapping((*path, "players"), raw, None):
            for side, spec in raw.items():
                ps = self.player((*path, "players", side), spec)
                if ps is not None:
                    players[str(side)] = ps
        line = value.get("line")
        line_pos: list[Pos] = []
        if line is not None:
            if not isinstance(line, list):
                self.error("T011", (*path, "line"), "a line is a list of steps")
                line = None
            else:
                line_pos = [self.pos((*path, "line", i)) for i in range(len(line))]
        history = value.get("history", False)
        if not isinstance(history, bool):
            self.error("T011", (*path, "history"), "`history` is true or false")
            history = False
        if history and line is not None:
            self.error("T011", (*path, "line"), "a history test plays the scenario's own line")
        expect = self.expect((*path, "expect"), value.get("expect"))
        if expect.share and len(seeds) < 2:
            self.error(
                "T009", (*path, "expect", "share"), "a share needs `seeds`: a range of games"
            )
        return Case(
            name.strip(),
            self.positions.value_at(path),
            seeds,
            players,
            line,
            line_pos,
            history,
            expect,
        )


def read_test_file(path: Path) -> TestFile:
    """Parse a test file; raises TestFileError with every problem at its line and column."""
    doc, positions, diags = read_yaml(path, str(path))
    if doc is None or any(d.is_error for d in diags):
        raise TestFileError([d for d in diags if d.is_error] or diags)
    r = _Reader(str(path), positions)
    if not r.mapping((), doc, ("four-islands-test", "scenario", "tests")):
        raise TestFileError(r.diags)
    if doc.get(MARKER) != 1:
        r.error("T001", (MARKER,), f"`{MARKER}: 1` marks a scenario test file (format 1)")
    scenario = doc.get("scenario")
    if not isinstance(scenario, str) or not scenario.strip():
        r.error("T012", ("scenario",), "`scenario` names a shipped scenario id or a file")
        scenario = ""
    elif "/" in scenario or scenario.endswith((".yaml", ".yml")):
        scenario = str((path.parent / scenario).resolve())
    cases: list[Case] = []
    tests = doc.get("tests")
    if not isinstance(tests, list) or not tests:
        r.error("T013", ("tests",), "`tests` is a non-empty list of tests")
    else:
        names: set[str] = set()
        for i, raw in enumerate(tests):
            case = r.case(("tests", i), raw)
            if case is None:
                continue
            if case.name in names:
                r.error("T010", ("tests", i, "name"), f"two tests are named {case.name!r}")
            names.add(case.name)
            cases.append(case)
    if r.diags:
        raise TestFileError(r.diags)
    return TestFile(path, scenario, positions.value_at(("scenario",)), cases)


def test_file_diagnostics(path: Path) -> list[Diagnostic]:
    """Every problem of a test file (none when it reads cleanly)."""
    try:
        read_test_file(path)
    except TestFileError as exc:
        return exc.diagnostics
    return []


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _kind(v: Any) -> str:
    if v is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false"}.get(
        type(v), type(v).__name__
    )


def _dotted(path: DocPath) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


__all__ = [
    "MARKER",
    "Bound",
    "Case",
    "Expect",
    "PlayerSpec",
    "StateCheck",
    "TestFile",
    "TestFileError",
    "is_test_file",
    "read_test_file",
    "test_file_diagnostics",
]
