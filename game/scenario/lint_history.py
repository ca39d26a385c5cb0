"""Checks of a scenario's `history`: the ending it reached and each step (L011).

A step is a text (`move <id>`, `table issue=option ...`, `chance <node>=<outcome>`, ...) or a
mapping with exactly one action; every id it names must exist, chance nodes by the engine's names.
"""

from __future__ import annotations

import re
from typing import Any

from game.scenario.expressions import suggest
from game.scenario.lint_context import LintContext
from game.scenario.symbols import Path

__all__ = ["HistoryChecks"]

_CHANCE_RE = re.compile(r"^([a-z0-9_.:\-]+)=([a-z0-9_.:\-]+)$")
_SIDE_STEP_RE = re.compile(r"^([a-z][a-z0-9_]*):\s*(.+)$")


class HistoryChecks(LintContext):
    """The recorded history of a scenario, step by step."""

    def history(self) -> None:
        h = self.spec.history
        if h is None:
            return
        self.ref(("history", "ending"), h.ending, [e.id for e in self.spec.endings], "ending")
        if h.source is not None:
            self.sources(("history", "source"), h.source)
        for i, step in enumerate(h.steps):
            self.history_step(("history", "steps", i), step)

    def history_step(self, path: Path, step: str | dict[str, Any]) -> None:
        if isinstance(step, str):
            m = _SIDE_STEP_RE.match(step.strip())
            text = step.strip()
            if m and m.group(1) in self.sym.sides:
                text = m.group(2).strip()
            self.action_text(path, text)
            return
        actions = [k for k in ("move", "table", "counter", "answer", "chance", "end") if k in step]
        unknown = [k for k in step if k not in ("side", "note", *actions)]
        for k in unknown:
            self.report(
                "L011",
                (*path, k),
                f"unknown key '{k}' in a history step",
                suggest(k, ["side", "move", "table", "counter", "answer", "chance", "end", "note"]),
                key=True,
            )
        if len(actions) != 1:
            self.report(
                "L011",
                path,
                "a history step has exactly one of move, table, counter, answer, chance, end",
            )
            return
        if "side" in step:
            side = step["side"]
            if not isinstance(side, str):
                self.report("L011", (*path, "side"), "`side` must be a side id")
            else:
                self.ref((*path, "side"), side, self.sym.sides, "side")
        action = actions[0]
        value = step[action]
        vp = (*path, action)
        if action == "move":
            if not isinstance(value, str):
                self.report("L011", vp, "`move` takes a move id")
            else:
                self.ref(vp, value, [m.id for m in self.spec.moves], "move")
        elif action in ("table", "counter"):
            if not isinstance(value, dict):
                self.report("L011", vp, f"`{action}` takes a mapping of issue to option")
            else:
                self.package_mapping(vp, value)
        elif action == "answer":
            if value not in ("accept", "reject"):
                self.report("L011", vp, f"`answer` is accept or reject, not {value!r}")
        elif action == "chance":
            self.chance_step(vp, value)
        elif action == "end" and value is not True:
            self.report("L011", vp, "`end` takes `true`")

    def package_mapping(self, path: Path, value: dict[Any, Any]) -> None:
        for issue, option in value.items():
            ip = (*path, str(issue))
            if not isinstance(issue, str) or not self.ref(
                ip, issue, self.sym.issues, "issue", key=True
            ):
                continue
            options = self.sym.options[self.sym.issues[issue]]
            if not isinstance(option, str):
                self.report("L011", ip, f"issue '{issue}' takes an option id, not {option!r}")
            else:
                self.ref(ip, option, options, f"option of issue '{issue}'")

    def chance_step(self, path: Path, value: Any) -> None:
        """`<node>=<outcome>` with the engine's node names (see `game.engine.actions`)."""
        if isinstance(value, dict) and len(value) == 1:
            ((node, outcome),) = value.items()
            value = f"{node}={outcome}"
        m = _CHANCE_RE.match(value.replace(" ", "")) if isinstance(value, str) else None
        if m is None:
            self.report("L011", path, "a chance step is `<node>=<outcome>`", f"got {value!r}")
            return
        node, outcome = m.group(1), m.group(2)
        outcomes = self.chance_outcomes().get(node)
        if outcomes is None:
            self.report(
                "L011",
                path,
                f"no chance node '{node}'",
                suggest(node, list(self.chance_outcomes())),
            )
        elif outcome not in outcomes:
            self.report(
                "L011",
                path,
                f"chance node '{node}' has no outcome '{outcome}'",
                suggest(outcome, outcomes) or f"outcomes: {', '.join(outcomes)}",
            )

    def chance_outcomes(self) -> dict[str, list[str]]:
        """Chance node name -> outcome names, as the engine names them."""
        out: dict[str, list[str]] = {}
        for side in self.spec.sides:
            levels = [lv.id for lv in side.flexibility.levels] if side.flexibility else ["none"]
            out[f"flexibility.{side.id}"] = levels
            out[f"signal.{side.id}"] = levels
            out[f"ratify.{side.id}"] = ["yes", "no"]
        items: list[Any] = [*self.spec.moves, *self.spec.events, *self.spec.reactions]
        for item in items:
            names = out.setdefault(item.id, [])
            names += [o.id for o in item.outcomes]
            if getattr(item, "chance", None) is not None:
                names += ["happens", "not"]
        return out

    def action_text(self, path: Path, text: str) -> None:
        word, _, rest = text.partition(" ")
        rest = rest.strip()
        if word in ("end", "accept", "reject") and not rest:
            return
        if word == "move" and rest:
            self.ref(path, rest, [m.id for m in self.spec.moves], "move")
            return
        if word == "chance" and rest:
            self.chance_step(path, rest)
            return
        if word in ("table", "counter") and rest:
            mapping: dict[str, str] = {}
            for part in rest.split():
                issue, eq, option = part.partition("=")
                if not eq:
                    self.report("L011", path, f"`{word}` takes issue=option pairs, got '{part}'")
                    return
                mapping[issue] = option
            self.package_mapping(path, mapping)
            return
        self.report(
            "L011",
            path,
            f"unknown history step '{text}'",
            "steps are end, accept, reject, move <id>, chance <node>=<outcome>, or mappings "
            "{side, move|table|counter|answer|chance|end}",
        )
