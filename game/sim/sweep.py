"""Assumption sweeps: the same batch at each setting of some starting values.

    settings = grid(rules, vary=["trust=20:60:10"], fixed=["talks_suspended=false"])
    for label, values in settings:
        result = run_batch(with_starts(rules, values), players, games, seed)

Each setting overrides the scenario's starting values of meters (`--vary` ranges, `--set`
single values) and flags (`--set` only) in the compiled rules; every setting plays the same
seeds, so differences between settings are the assumptions', not the dice's.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

from game.engine import Rules
from game.scenario.expressions import suggest

Value = int | bool


class SweepError(ValueError):
    """A bad --vary or --set option (the message says which and why)."""


def _meter(rules: Rules, name: str, option: str) -> tuple[int, int]:
    for m in rules.meters:
        if m.id == name:
            return m.lo, m.hi
    hint = suggest(name, [m.id for m in rules.meters])
    flag = any(f.id == name for f in rules.flags)
    why = " (a flag: use --set NAME=true|false)" if flag else (f"; {hint}" if hint else "")
    raise SweepError(f"{option}: no meter {name!r}{why}")


def _int(text: str, option: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise SweepError(f"{option}: {text!r} is not an integer") from None


def parse_vary(rules: Rules, text: str) -> tuple[str, list[int]]:
    """`METER=FROM:TO:STEP` (TO included) -> the meter and its values."""
    option = f"--vary {text}"
    name, eq, spec = text.partition("=")
    parts = spec.split(":")
    if not eq or len(parts) not in (2, 3):
        raise SweepError(f"{option}: expected METER=FROM:TO:STEP, e.g. trust=20:60:10")
    lo, hi = _meter(rules, name.strip(), option)
    start, stop = _int(parts[0], option), _int(parts[1], option)
    step = _int(parts[2], option) if len(parts) == 3 else 1
    if step <= 0 or stop < start:
        raise SweepError(f"{option}: FROM must not exceed TO and STEP must be positive")
    values = list(range(start, stop + 1, step))
    if values[0] < lo or values[-1] > hi:
        raise SweepError(f"{option}: {name.strip()} runs from {lo} to {hi}")
    if len(values) > 200:
        raise SweepError(f"{option}: {len(values)} settings; at most 200")
    return name.strip(), values


def parse_set(rules: Rules, text: str) -> tuple[str, Value]:
    """`NAME=VALUE`: a meter and an integer, or a flag and true/false."""
    option = f"--set {text}"
    name, eq, raw = text.partition("=")
    name, raw = name.strip(), raw.strip()
    if not eq or not name or not raw:
        raise SweepError(f"{option}: expected NAME=VALUE")
    if any(f.id == name for f in rules.flags):
        low = raw.lower()
        if low not in ("true", "false"):
            raise SweepError(f"{option}: flag {name} is true or false")
        return name, low == "true"
    lo, hi = _meter(rules, name, option)
    value = _int(raw, option)
    if not lo <= value <= hi:
        raise SweepError(f"{option}: {name} runs from {lo} to {hi}")
    return name, value


def grid(rules: Rules, vary: list[str], fixed: list[str]) -> list[tuple[str, dict[str, Value]]]:
    """Every setting (the product of the --vary ranges), each with the --set values."""
    if not vary:
        raise SweepError("give at least one --vary METER=FROM:TO:STEP")
    axes = [parse_vary(rules, v) for v in vary]
    names = [n for n, _ in axes]
    if len(set(names)) != len(names):
        raise SweepError("each meter is varied by one --vary only")
    base = dict(parse_set(rules, s) for s in fixed)
    both = sorted(set(base) & set(names))
    if both:
        raise SweepError(f"{both[0]} is both varied and set")
    out = []
    for combo in itertools.product(*(values for _, values in axes)):
        values: dict[str, Value] = dict(base)
        values.update(zip(names, combo, strict=True))
        label = ", ".join(f"{n}={v}" for n, v in zip(names, combo, strict=True))
        out.append((label, values))
    if len(out) > 400:
        raise SweepError(f"{len(out)} settings; at most 400")
    return out


def with_starts(rules: Rules, values: dict[str, Value]) -> Rules:
    """The rules with these starting values of meters and flags."""
    meters = tuple(
        dataclasses.replace(m, start=int(values[m.id])) if m.id in values else m
        for m in rules.meters
    )
    flags = tuple(
        dataclasses.replace(f, start=bool(values[f.id])) if f.id in values else f
        for f in rules.flags
    )
    return dataclasses.replace(rules, meters=meters, flags=flags)


def sweep_point(label: str, values: dict[str, Value], summary: dict[str, Any]) -> dict[str, Any]:
    """One setting's row of a sweep report."""
    return {"label": label, "values": values, **summary}


__all__ = ["SweepError", "grid", "parse_set", "parse_vary", "sweep_point", "with_starts"]
