"""Actions as text: one canonical string per action, and the parser that reads it back.

The grammar (the same in scripts, `--moves`, records and the historical lines of scenarios):

    end | accept | reject | move <move_id>
    table <issue>=<option> ...      (issues left out take their status-quo option)
    counter <issue>=<option> ...    (while answering; `table` is read the same way there)
    chance <node>=<outcome>         (flexibility.<side>, <event|move|reaction id>,
                                     signal.<side>, ratify.<side>)

Any action may carry a side prefix, `japan: move j_protest`, which must name the side to move.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from game.engine import transitions as t
from game.engine import work as w
from game.engine.errors import ActionError
from game.engine.state import PH_ANSWER, PH_CHANCE, State
from game.engine.transitions import Machine

_FIRE_NAMES = ("happens", "not")
_RATIFY_NAMES = ("yes", "no")


def chance_node_name(m: Machine, item: tuple[Any, ...]) -> str:
    """Name of a chance work item: `flexibility.japan`, `e_drill`, `ratify.russia`..."""
    r = m.rules
    kind = item[0]
    if kind == w.W_FLEX:
        return f"flexibility.{r.sides[item[1]].id}"
    if kind in (w.W_FIRE, w.W_OUTCOMES):
        return m.cause_of(item[1], item[2]).id
    if kind == w.W_REVEAL:
        return f"signal.{r.sides[item[1]].id}"
    if kind == w.W_RATIFY:
        return f"ratify.{r.sides[item[1]].id}"
    return "?"


def outcome_names(m: Machine, item: tuple[Any, ...]) -> tuple[str, ...]:
    """Names of the outcomes of a chance work item, by outcome index."""
    r = m.rules
    kind = item[0]
    if kind == w.W_FLEX:
        return tuple(lv.id for lv in r.sides[item[1]].flex_levels)
    if kind == w.W_FIRE:
        return _FIRE_NAMES
    if kind == w.W_OUTCOMES:
        return tuple(o.id for o in m.outcome_infos(item[1], item[2]))
    if kind == w.W_REVEAL:
        return tuple(lv.id for lv in r.sides[item[1]].flex_levels)
    if kind == w.W_RATIFY:
        return _RATIFY_NAMES
    return ()


def action_to_string(m: Machine, s: State, action: int) -> str:
    """Canonical text of `action` in state `s`."""
    r = m.rules
    if s.phase == PH_CHANCE:
        item = s.queue[0]
        names = outcome_names(m, item)
        k = action
        outcome = names[k] if 0 <= k < len(names) else str(k)
        return f"chance {chance_node_name(m, item)}={outcome}"
    if action == t.A_END:
        return "end"
    if action == t.A_ACCEPT:
        return "accept"
    if action == t.A_REJECT:
        return "reject"
    if action < m.pkg_base:
        return f"move {r.moves[action - t.MOVE_BASE].id}"
    verb = "counter" if s.phase == PH_ANSWER else "table"
    pkg = r.packages[action - m.pkg_base]
    opts = " ".join(
        f"{issue.id}={issue.options[o].id}" for issue, o in zip(r.issues, pkg, strict=True)
    )
    return f"{verb} {opts}"


def parse_action(m: Machine, s: State, text: str, legal: Sequence[int]) -> int:
    """The legal action that `text` names in state `s`; ActionError otherwise (listing the legal
    actions as text, written out only then: a big scenario has tens of thousands)."""
    try:
        return _parse_action(m, s, text, legal)
    except ActionError as exc:
        listed = tuple(action_to_string(m, s, a) for a in legal)
        raise ActionError(str(exc), listed) from None


def _parse_action(m: Machine, s: State, text: str, legal: Sequence[int]) -> int:
    r = m.rules
    raw = " ".join(text.strip().split())
    if ":" in raw.split(" ", 1)[0]:
        prefix, raw = raw.split(":", 1)
        raw = raw.strip()
        side_ids = [x.id for x in r.sides]
        if prefix not in side_ids:
            raise ActionError(f"unknown side {prefix!r}; sides are {', '.join(side_ids)}")
        want = side_ids.index(prefix)
        if s.phase == PH_CHANCE or s.actor != want:
            raise ActionError(f"it is not {prefix}'s turn to act")
    if not raw:
        raise ActionError("empty action")
    verb, _, rest = raw.partition(" ")
    verb = verb.lower()
    if s.phase == PH_CHANCE and verb != "chance":
        # chance outcome indices overlap player action ids: only `chance ...` names one here
        raise ActionError(
            f"a chance draw is pending ({chance_node_name(m, s.queue[0])}): "
            "say chance <node>=<outcome>"
        )
    action: int | None = None
    if verb in ("end", "accept", "reject") and not rest:
        action = {"end": t.A_END, "accept": t.A_ACCEPT, "reject": t.A_REJECT}[verb]
    elif verb == "move":
        matches = [
            i
            for i, mv in enumerate(r.moves)
            if mv.id == rest and (s.actor < 0 or mv.side == s.actor)
        ]
        if not matches:
            known = sorted({mv.id for mv in r.moves})
            raise ActionError(f"unknown move {rest!r}{_suggest(rest, known)}")
        action = t.MOVE_BASE + matches[0]
    elif verb in ("table", "counter"):
        action = m.pkg_base + _parse_package(m, rest)
    elif verb == "chance":
        action = _parse_chance(m, s, rest)
    else:
        raise ActionError(
            f"unknown action {raw!r}: say end, accept, reject, move <id>, table <issue>=<option>"
            ", counter <issue>=<option> or chance <node>=<outcome>"
        )
    if action not in legal:
        raise ActionError(f"{raw!r} is not legal now")
    return action


def _parse_package(m: Machine, text: str) -> int:
    r = m.rules
    options = list(m.status_quo)
    issue_ids = [i.id for i in r.issues]
    for part in text.replace(",", " ").split():
        key, eq, value = part.partition("=")
        if not eq:
            raise ActionError(f"expected <issue>=<option>, got {part!r}")
        if key not in issue_ids:
            raise ActionError(f"unknown issue {key!r}{_suggest(key, issue_ids)}")
        k = issue_ids.index(key)
        option_ids = [o.id for o in r.issues[k].options]
        if value not in option_ids:
            raise ActionError(f"unknown option {value!r} for {key}{_suggest(value, option_ids)}")
        options[k] = option_ids.index(value)
    pkg = m.package_lookup.get(tuple(options), -1)
    if pkg < 0:
        raise ActionError("that package is not coherent (a forbidden combination)")
    return pkg


def _parse_chance(m: Machine, s: State, text: str) -> int:
    if s.phase != PH_CHANCE:
        raise ActionError("no chance draw is pending")
    item = s.queue[0]
    node, eq, outcome = text.partition("=")
    name = chance_node_name(m, item)
    if not eq or node.strip() != name:
        raise ActionError(f"the pending chance draw is {name!r}, not {node.strip()!r}")
    names = outcome_names(m, item)
    outcome = outcome.strip()
    if outcome not in names:
        raise ActionError(f"unknown outcome {outcome!r} of {name}{_suggest(outcome, list(names))}")
    return names.index(outcome)


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
