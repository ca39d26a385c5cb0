"""Place names in the script a player chose: a side's names, both sides', or the neutral ones.

The setting is a string: `auto` (the names of the side you play), a side id, `both`, or `en`.
"""

from __future__ import annotations

from game.engine import Rules

AUTO = "auto"
BOTH = "both"
NEUTRAL = "en"


def name_modes(rules: Rules) -> tuple[tuple[str, str], ...]:
    """(setting, label) pairs a player can choose from."""
    out = [(AUTO, "the side you play")]
    out += [(s.id, f"{s.name} names") for s in rules.sides]
    out += [(BOTH, "both sides' names"), (NEUTRAL, "neutral (Latin)")]
    return tuple(out)


def place_name(names: tuple[tuple[str, str], ...], mode: str, viewer_key: str) -> str:
    """The name to show for a place with these (key, name) pairs."""
    table = dict(names)
    if mode == BOTH:
        seen: list[str] = []
        for key, name in names:
            if key != NEUTRAL and name not in seen:
                seen.append(name)
        return " / ".join(seen) if seen else table.get(NEUTRAL, "")
    key = viewer_key if mode == AUTO else mode
    if key in table:
        return table[key]
    if NEUTRAL in table:
        return table[NEUTRAL]
    return names[0][1] if names else ""


def territory_name(rules: Rules, index: int, mode: str, viewer: int) -> str:
    """The name of territory `index` for side `viewer` (-1: neutral) under `mode`."""
    key = rules.sides[viewer].id if viewer >= 0 else NEUTRAL
    t = rules.territories[index]
    return place_name(t.names, mode, key) or t.id
