"""The meaning checks: one test per diagnostic code, on small in-memory scenarios."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from game.scenario.diagnostics import Diagnostic
from game.scenario.lint import add_months, check, turn_dates
from game.scenario.schema import ScenarioSpec

MINI = """
format_version: 1
id: test_mini
title: Mini
sources:
  - {id: src, kind: design, note: Made up for the tests.}
sides:
  - id: japan
    name: Japan
    capital: {meter: jp_capital, income: 2, carry_over: 3}
    refs: {capital: jp_capital, public: jp_public}
    values:
      options:
        security: {no_us_bases: -5}
        islands: {two: 20, four: "30 + jp_public / 10"}
      terms:
        - {id: pledge, when: "islands != 'none' and security == 'no_terms'", value: 3}
    reservation: "10 - self.public / 10"
    flexibility:
      levels:
        - {id: low, label: Low, value: 0, p: 0.5}
        - {id: high, label: High, value: 5, p: 0.5}
  - id: russia
    name: Russia
    capital: {meter: ru_capital, income: "1 + trust / 50", carry_over: 2}
    refs: {capital: ru_capital, public: ru_public}
    values:
      options:
        islands: {two: -15, four: -40}
        security: {no_us_bases: 6}
    reservation: 0
actors:
  - {id: putin, name: Putin, side: russia}
  - {id: us, name: United States}
meters:
  - {id: jp_capital, label: Japan capital, start: 2, max: 10}
  - {id: ru_capital, label: Russia capital, start: 2, max: 10}
  - {id: jp_public, label: Japanese flexibility, start: 57}
  - {id: ru_public, label: Russian opposition, start: 78}
  - {id: trust, label: Trust, start: 30, helps: japan}
flags:
  - {id: talks_suspended, label: Talks suspended}
territory_statuses:
  - {id: russian, label: Russian administration}
  - {id: joint_activity, label: Joint activity}
territories:
  - id: shikotan
    names: {japan: Shikotan, russia: Shikotan, en: Shikotan}
    area_km2: 250
    status: russian
    outline: [[[146.6, 43.8], [146.9, 43.8], [146.9, 43.9]]]
issues:
  - id: security
    label: Security
    options:
      - {id: no_terms, label: No terms, status_quo: true}
      - {id: no_us_bases, label: No US bases}
  - id: islands
    label: Islands
    options:
      - {id: none, label: None, status_quo: true}
      - {id: two, label: Two}
      - id: four
        label: Four
        on_deal: [{set: {shikotan.status: joint_activity}}]
forbidden_packages:
  - {id: four_needs_pledge, when: "islands == 'four' and security == 'no_terms'", text: No.}
tabling: {when: "not talks_suspended"}
ratification:
  on_failure: [{add: {self.public: -5}}]
clock: {start: "2018-01-31", months_per_turn: 1, turns: 4, turn_labels: {1: February}}
every_turn: [{add: {ru_public: 1}}]
moves:
  - id: invest
    side: japan
    label: Invest
    category: economy
    cost: 1
    when: "trust >= 20 and not talks_suspended"
    effects: [{add: {trust: 5, self.capital: -1}}]
    outcomes:
      - {id: welcomed, p: 0.4, effects: [{add: {ru_public: -3}}]}
      - {id: trojan_horse, p: 0.6, effects: [{add: {ru_public: 3}}]}
  - id: back_channel
    side: any
    label: Back channel
    category: signal
    cost: 0
    when: "self.public > 10"
    effects:
      - add: {other.public: 2}
      - reveal: {about: other, accuracy: 0.7}
      - when: "trust > 50"
        then: [{set: {self.capital: 3}}]
        else: [{add: {trust: 1}}]
events:
  - id: summit
    title: Summit
    at: {date: "2018-03-15"}
    actor: putin
    effects: [{set: {shikotan.status: joint_activity}}]
  - id: sanctions
    title: Sanctions
    when: "trust < 20"
    chance: 0.5
    effects: [{set: {talks_suspended: true}}, {reveal: {about: russia, accuracy: 0.6}}]
reactions:
  - id: us_warns
    actor: us
    title: Washington warns
    to: {categories: [signal], side: japan}
    effects: [{add: {trust: -1}}]
  - id: putin_welcomes
    actor: putin
    title: Putin welcomes it
    to: {moves: [invest], events: [summit]}
    chance: 0.5
    effects: [{add: {trust: 2}}]
endings:
  - id: treaty
    title: Treaty
    when: "deal and islands != 'none'"
    epilogue: A treaty.
    score: {japan: 'utility("japan")', russia: 'utility("russia") - 1'}
  - id: stalemate
    title: Stalemate
    epilogue: Nothing.
    score: {japan: "trust / 10", russia: 0}
history:
  ending: treaty
  steps:
    - move invest
    - chance invest=welcomed
    - {side: japan, table: {islands: two, security: no_us_bases}}
    - {side: russia, answer: accept}
    - "japan: end"
    - {side: russia, counter: {islands: four}}
    - {chance: ratify.japan=yes}
    - {end: true}
"""


class Pos:
    """Positions stub: every path at line 1, column 1 of mini.yaml."""

    def value_at(self, path: tuple[str | int, ...]) -> tuple[str, int, int]:
        return ("mini.yaml", 1, 1)

    def key_at(self, path: tuple[str | int, ...]) -> tuple[str, int, int]:
        return ("mini.yaml", 1, 1)


def mini() -> dict[str, Any]:
    doc = yaml.safe_load(MINI)
    assert isinstance(doc, dict)
    return doc


def lint(doc: dict[str, Any], **kw: Any) -> list[Diagnostic]:
    spec = ScenarioSpec.model_validate(doc)
    diags, _ = check(spec, Pos(), "mini.yaml", **kw)
    return diags


def found(diags: list[Diagnostic]) -> list[tuple[str, str]]:
    return [(d.code, d.path) for d in diags]


def test_mini_is_clean() -> None:
    assert [d.render() for d in lint(mini())] == []


def test_parsed_expressions_are_keyed_by_path() -> None:
    spec = ScenarioSpec.model_validate(mini())
    diags, parsed = check(spec, Pos(), "mini.yaml")
    assert diags == []
    assert ("moves", 0, "when") in parsed.nodes
    assert ("moves", 0, "effects", 0, "add", "trust") in parsed.nodes
    assert ("sides", 0, "values", "options", "islands", "four") in parsed.nodes
    assert ("endings", 0, "score", "russia") in parsed.nodes
    assert ("endings", 1, "score", "russia") in parsed.nodes  # YAML numbers become Const
    assert parsed.packages is not None and len(parsed.packages) == 5


Edit = Callable[[dict[str, Any]], None]


def _set(path: tuple[Any, ...], value: Any) -> Edit:
    def edit(doc: dict[str, Any]) -> None:
        node: Any = doc
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return edit


def _append(path: tuple[Any, ...], value: Any) -> Edit:
    def edit(doc: dict[str, Any]) -> None:
        node: Any = doc
        for part in path:
            node = node[part]
        node.append(copy.deepcopy(value))

    return edit


def _drop(path: tuple[Any, ...]) -> Edit:
    def edit(doc: dict[str, Any]) -> None:
        node: Any = doc
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]

    return edit


FLAG = {"id": "trust", "label": "Clash"}
MOVE = {"id": "invest", "side": "russia", "label": "Dup", "category": "economy"}

CASES: list[tuple[str, Edit, str, str]] = [
    # id, edit, code, path
    ("dup_move", _append(("moves",), MOVE), "L001", "moves[2].id"),
    ("flag_like_meter", _append(("flags",), FLAG), "L001", "flags[1].id"),
    (
        "meter_named_turn",
        _append(("meters",), {"id": "turn", "label": "T", "start": 0}),
        "L001",
        "meters[5].id",
    ),
    (
        "dup_outcome",
        _set(("moves", 0, "outcomes", 1, "id"), "welcomed"),
        "L001",
        "moves[0].outcomes[1].id",
    ),
    (
        "unknown_add_meter",
        _set(("moves", 0, "effects", 0, "add"), {"trsut": 5}),
        "L002",
        "moves[0].effects[0].add.trsut",
    ),
    ("unknown_helps", _set(("meters", 4, "helps"), "china"), "L002", "meters[4].helps"),
    ("unknown_actor", _set(("events", 0, "actor"), "xi"), "L002", "events[0].actor"),
    ("unknown_leader", _set(("sides", 0, "leader"), "abe"), "L002", "sides[0].leader"),
    (
        "unknown_capital",
        _set(("sides", 0, "capital", "meter"), "cap"),
        "L002",
        "sides[0].capital.meter",
    ),
    (
        "unknown_ref_meter",
        _set(("sides", 0, "refs", "public"), "pub"),
        "L002",
        "sides[0].refs.public",
    ),
    ("unknown_status", _set(("territories", 0, "status"), "rus"), "L002", "territories[0].status"),
    (
        "native_name_for_en",
        _set(("territories", 0, "native_names"), {"japan": "色丹島", "en": "Shikotan"}),
        "L002",
        "territories[0].native_names.en",
    ),
    (
        "islet_native_name_for_unknown_side",
        _set(("territories", 0, "islets"), [{"id": "a", "names": {}, "native_names": {"ch": "x"}}]),
        "L002",
        "territories[0].islets[0].native_names.ch",
    ),
    (
        "islet_name_for_unknown_side",
        _set(("territories", 0, "islets"), [{"id": "a", "names": {"jp": "Suisho"}}]),
        "L002",
        "territories[0].islets[0].names.jp",
    ),
    (
        "dup_islet",
        _set(("territories", 0, "islets"), [{"id": "a", "names": {}}, {"id": "a", "names": {}}]),
        "L001",
        "territories[0].islets[1].id",
    ),
    (
        "unknown_islet_source",
        _set(("territories", 0, "islets"), [{"id": "a", "names": {}, "source": "nope"}]),
        "L002",
        "territories[0].islets[0].source",
    ),
    (
        "unknown_status_source",
        _set(("territory_statuses", 0, "source"), "nope"),
        "L002",
        "territory_statuses[0].source",
    ),
    (
        "unknown_rule_source",
        _set(("forbidden_packages", 0, "source"), "nope"),
        "L002",
        "forbidden_packages[0].source",
    ),
    (
        "unknown_set_status",
        _set(("events", 0, "effects", 0, "set"), {"shikotan.status": "joint"}),
        "L002",
        "events[0].effects[0].set.shikotan.status",
    ),
    (
        "unknown_territory",
        _set(("events", 0, "effects", 0, "set"), {"kunashiri.status": "russian"}),
        "L002",
        "events[0].effects[0].set.kunashiri.status",
    ),
    (
        "unknown_set_flag",
        _set(("events", 1, "effects", 0, "set"), {"talks_suspend": True}),
        "L002",
        "events[1].effects[0].set.talks_suspend",
    ),
    (
        "unknown_issue_in_values",
        _set(("sides", 1, "values", "options"), {"island": {"two": 1}}),
        "L002",
        "sides[1].values.options.island",
    ),
    (
        "unknown_option_in_values",
        _set(("sides", 1, "values", "options"), {"islands": {"three": 1}}),
        "L002",
        "sides[1].values.options.islands.three",
    ),
    ("unknown_source", _set(("moves", 0, "source"), "nowhere"), "L002", "moves[0].source"),
    ("unknown_history_ending", _set(("history", "ending"), "treety"), "L002", "history.ending"),
    (
        "unknown_reaction_move",
        _set(("reactions", 1, "to", "moves"), ["invset"]),
        "L002",
        "reactions[1].to.moves[0]",
    ),
    (
        "unknown_reaction_event",
        _set(("reactions", 1, "to", "events"), ["sumit"]),
        "L002",
        "reactions[1].to.events[0]",
    ),
    (
        "unknown_category",
        _set(("reactions", 0, "to", "categories"), ["signals"]),
        "L002",
        "reactions[0].to.categories[0]",
    ),
    (
        "unknown_reaction_side",
        _set(("reactions", 0, "to", "side"), "usa"),
        "L002",
        "reactions[0].to.side",
    ),
    (
        "unknown_reveal_side",
        _set(("events", 1, "effects", 1, "reveal", "about"), "china"),
        "L002",
        "events[1].effects[1].reveal.about",
    ),
    (
        "unknown_score_side",
        _set(("endings", 1, "score", "china"), 0),
        "L002",
        "endings[1].score.china",
    ),
    ("min_above_max", _set(("meters", 4, "min"), 200), "L003", "meters[4].min"),
    ("start_outside", _set(("meters", 4, "start"), 101), "L003", "meters[4].start"),
    (
        "decay_outside",
        _set(("meters", 4, "decay"), {"toward": 120, "rate": 0.1}),
        "L003",
        "meters[4].decay.toward",
    ),
    (
        "pivot_at_max",
        _set(("meters", 4, "diminishing_above"), 100),
        "L003",
        "meters[4].diminishing_above",
    ),
    ("turn_label", _set(("clock", "turn_labels"), {9: "x"}), "L003", "clock.turn_labels[9]"),
    (
        "outcomes_sum",
        _set(("moves", 0, "outcomes", 1, "p"), 0.5),
        "L004",
        "moves[0].outcomes",
    ),
    (
        "flex_sum",
        _set(("sides", 0, "flexibility", "levels", 1, "p"), 0.6),
        "L004",
        "sides[0].flexibility.levels",
    ),
    ("chance_range", _set(("events", 1, "chance"), "2 - 0.5"), "L004", "events[1].chance"),
    ("chance_range_number", _set(("reactions", 1, "chance"), 1.5), "L004", "reactions[1].chance"),
    ("one_side", _set(("sides",), []), "L005", "sides"),
    ("no_clock", _drop(("clock",)), "L005", ""),
    ("no_issues", _set(("issues",), []), "L005", ""),
    ("no_endings", _set(("endings",), []), "L005", ""),
    ("no_fallback", _set(("endings", 1, "when"), "deadline"), "L005", "endings"),
    (
        "fallback_not_last",
        _append(
            ("endings",),
            {
                "id": "late",
                "title": "L",
                "when": "deadline",
                "epilogue": ".",
                "score": {"japan": 0, "russia": 0},
            },
        ),
        "L005",
        "endings[1]",
    ),
    (
        "two_status_quo",
        _set(("issues", 1, "options", 1, "status_quo"), True),
        "L006",
        "issues[1].options[1].status_quo",
    ),
    (
        "any_move_ref_on_one_side",
        _set(("sides", 1, "refs"), {"capital": "ru_capital", "opinion": "ru_public"}),
        "L007",
        "moves[1].when",
    ),
    (
        "set_flag_number",
        _set(("events", 1, "effects", 0, "set"), {"talks_suspended": 1}),
        "L008",
        "events[1].effects[0].set.talks_suspended",
    ),
    (
        "set_meter_bool",
        _set(("events", 1, "effects", 0, "set"), {"trust": True}),
        "L008",
        "events[1].effects[0].set.trust",
    ),
    (
        "set_status_number",
        _set(("events", 0, "effects", 0, "set"), {"shikotan.status": 3}),
        "L008",
        "events[0].effects[0].set.shikotan.status",
    ),
    (
        "add_flag",
        _set(("events", 1, "effects", 0), {"add": {"talks_suspended": 1}}),
        "L008",
        "events[1].effects[0].add.talks_suspended",
    ),
    (
        "event_date_early",
        _set(("events", 0, "at"), {"date": "2017-01-01"}),
        "L009",
        "events[0].at.date",
    ),
    (
        "event_date_late",
        _set(("events", 0, "at"), {"date": "2018-05-31"}),
        "L009",
        "events[0].at.date",
    ),
    (
        "event_at_both",
        _set(("events", 0, "at"), {"date": "2018-03-01", "turn": 2}),
        "L009",
        "events[0].at",
    ),
    ("event_at_neither", _set(("events", 0, "at"), {}), "L009", "events[0].at"),
    (
        "event_never",
        _append(("events",), {"id": "never", "title": "Never"}),
        "L009",
        "events[2]",
    ),
    ("move_side", _set(("moves", 0, "side"), "japn"), "L010", "moves[0].side"),
    ("history_bad_string", _set(("history", "steps", 0), "walk away"), "L011", "history.steps[0]"),
    (
        "history_unknown_move",
        _set(("history", "steps", 0), "move invset"),
        "L002",
        "history.steps[0]",
    ),
    (
        "history_two_actions",
        _set(("history", "steps", 0), {"move": "invest", "end": True}),
        "L011",
        "history.steps[0]",
    ),
    (
        "history_bad_answer",
        _set(("history", "steps", 3), {"side": "russia", "answer": "maybe"}),
        "L011",
        "history.steps[3].answer",
    ),
    (
        "history_bad_option",
        _set(("history", "steps", 2), {"side": "japan", "table": {"islands": "three"}}),
        "L002",
        "history.steps[2].table.islands",
    ),
    (
        "history_bad_side",
        _set(("history", "steps", 2), {"side": "japn", "table": {"islands": "two"}}),
        "L002",
        "history.steps[2].side",
    ),
    (
        "history_bad_chance",
        _set(("history", "steps", 1), "chance invest"),
        "L011",
        "history.steps[1]",
    ),
    (
        "history_no_node",
        _set(("history", "steps", 1), "chance invst=welcomed"),
        "L011",
        "history.steps[1]",
    ),
    (
        "history_no_outcome",
        _set(("history", "steps", 1), "chance invest=yes"),
        "L011",
        "history.steps[1]",
    ),
    (
        "history_flex_level",
        _set(("history", "steps", 1), {"chance": {"flexibility.japan": "medium"}}),
        "L011",
        "history.steps[1].chance",
    ),
    (
        "history_unknown_key",
        _set(("history", "steps", 7), {"end": True, "nte": "x"}),
        "L011",
        "history.steps[7].nte",
    ),
    ("opens", _set(("clock", "opens"), "japn"), "L012", "clock.opens"),
    (
        "forbidden_all",
        _append(("forbidden_packages",), {"id": "all", "when": "islands == islands", "text": "x"}),
        "L014",
        "forbidden_packages",
    ),
    (
        "forbidden_uses_meter",
        _set(("forbidden_packages", 0, "when"), "islands == 'four' and trust > 3"),
        "L015",
        "forbidden_packages[0].when",
    ),
    ("missing_score", _drop(("endings", 1, "score", "russia")), "L016", "endings[1].score"),
    ("reaction_to_nothing", _set(("reactions", 0, "to"), {}), "L018", "reactions[0].to"),
    (
        "unused_meter",
        _append(("meters",), {"id": "idle", "label": "Idle", "start": 0}),
        "L021",
        "meters[5].id",
    ),
    ("unused_flag", _append(("flags",), {"id": "idle", "label": "Idle"}), "L021", "flags[1].id"),
    ("expr_unknown_name", _set(("moves", 0, "when"), "trsut > 3"), "E002", "moves[0].when"),
    ("expr_type", _set(("moves", 0, "when"), "trust"), "E008", "moves[0].when"),
    (
        "self_in_event",
        _set(("events", 1, "effects", 0), {"add": {"self.capital": 1}}),
        "E011",
        "events[1].effects[0].add.self.capital",
    ),
    (
        "self_expr_in_event",
        _set(("events", 1, "when"), "self.capital > 1"),
        "E011",
        "events[1].when",
    ),
    (
        "reveal_self_in_event",
        _set(("events", 1, "effects", 1, "reveal", "about"), "self"),
        "E011",
        "events[1].effects[1].reveal.about",
    ),
    (
        "utility_outside_endings",
        _set(("sides", 1, "reservation"), 'utility("japan")'),
        "E012",
        "sides[1].reservation",
    ),
    (
        "unknown_option_literal",
        _set(("endings", 0, "when"), "islands == 'three'"),
        "E009",
        "endings[0].when",
    ),
]


@pytest.mark.parametrize(("name", "edit", "code", "path"), CASES, ids=[c[0] for c in CASES])
def test_codes(name: str, edit: Edit, code: str, path: str) -> None:
    doc = mini()
    edit(doc)
    diags = lint(doc)
    assert (code, path) in found(diags), [d.render() for d in diags]


def test_warnings_do_not_count_as_errors() -> None:
    doc = mini()
    doc["events"][0]["at"] = {"date": "2017-01-01"}
    (d,) = lint(doc)
    assert d.code == "L009" and d.severity == "warning"


def test_many_problems_in_one_run() -> None:
    doc = mini()
    doc["moves"][0]["when"] = "trsut > 3"
    doc["meters"][4]["start"] = 500
    doc["clock"]["opens"] = "nobody"
    codes = {d.code for d in lint(doc)}
    assert {"E002", "L003", "L012"} <= codes


def test_did_you_mean() -> None:
    doc = mini()
    doc["moves"][0]["effects"][0]["add"] = {"trsut": 5}
    (d,) = [d for d in lint(doc) if d.code == "L002"]
    assert d.hint == "did you mean 'trust'?"


def test_fixed_side_move_checks_its_own_refs() -> None:
    doc = mini()
    doc["sides"][1]["refs"] = {"capital": "ru_capital", "opinion": "ru_public"}
    doc["moves"][0]["when"] = (
        "other.public > 3"  # japan's move: other = russia, who has no 'public'
    )
    assert ("L002", "moves[0].when") in found(lint(doc))


def test_too_many_packages() -> None:
    doc = mini()
    options = [{"id": f"o{i}", "label": "o"} for i in range(12)]
    doc["issues"] += [{"id": f"i{k}", "label": "i", "options": options} for k in range(5)]
    assert ("L013", "issues") in found(lint(doc))


def test_source_warnings_outside_tests() -> None:
    doc = mini()
    assert not [d for d in lint(doc) if d.code == "L020"]
    doc["id"] = "real"
    warned = [d for d in lint(doc) if d.code == "L020"]
    assert warned and all(d.severity == "warning" for d in warned)
    assert ("L020", "moves[0]") in found(warned)
    assert ("L020", "sides[0]") in found(warned)
    doc["moves"][0]["source"] = "src"
    assert ("L020", "moves[0]") not in found(lint(doc))
    assert not [d for d in lint(doc, require_sources=False) if d.code == "L020"]


def test_abstract_scenarios_need_no_structure() -> None:
    doc = {"format_version": 1, "id": "test_base", "abstract": True}
    assert lint(doc) == []


def test_months() -> None:
    import datetime

    d = datetime.date(2018, 1, 31)
    assert add_months(d, 1) == datetime.date(2018, 2, 28)
    assert add_months(d, 13) == datetime.date(2019, 2, 28)
    assert add_months(datetime.date(2019, 11, 30), 2) == datetime.date(2020, 1, 30)
    assert turn_dates("2018-01-31", 1, 3) == ("2018-01-31", "2018-02-28", "2018-03-31")


def test_columns_through_the_loader(tmp_path: Path) -> None:
    """With real positions, an expression error points inside the quoted scalar."""
    from game.scenario.loader import check_spec, load_spec

    text = MINI.replace(
        'when: "trust >= 20 and not talks_suspended"', 'when: "trust >= 20 and trsut"'
    )
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_spec(path)
    assert loaded.ok, [d.render() for d in loaded.diagnostics]
    diags, _ = check_spec(loaded)
    (d,) = diags
    line = text.splitlines()[d.line - 1]
    assert d.code == "E002"
    assert line[d.col - 1 :].startswith("trsut"), (line, d.col)
