"""Place names as a player chose: a side's names, both sides', or the neutral ones, each in its
own script where the scenario gives one (`native_names`), or all in Latin letters.

The setting is a string: `auto` (the names of the side you play), a side id, `both` or `en`
(neutral), optionally followed by `/latin` to write every name in Latin letters.
"""

from __future__ import annotations

from game.engine import Rules

AUTO = "auto"
BOTH = "both"
NEUTRAL = "en"
LATIN = "latin"


def name_modes(rules: Rules) -> tuple[tuple[str, str], ...]:
    """(setting, label) pairs a player can choose from."""
    out: list[tuple[str, str]] = []
    for mode, label in (
        (AUTO, "the side you play"),
        *((s.id, f"{s.name}'s") for s in rules.sides),
        (BOTH, "both sides'"),
    ):
        out += [(mode, f"{label}, own script"), (f"{mode}/{LATIN}", f"{label}, Latin letters")]
    out.append((NEUTRAL, "neutral (Latin)"))
    return tuple(out)


def place_name(
    names: tuple[tuple[str, str], ...],
    setting: str,
    viewer_key: str,
    native: tuple[tuple[str, str], ...] = (),
) -> str:
    """The name to show for a place with these (key, name) pairs and (key, name in the key's
    own script) pairs, under `setting`."""
    mode, _, script = setting.partition("/")
    table = dict(names)
    if script != LATIN:
        table.update(native)
    if mode == BOTH:
        seen: list[str] = []
        for key in dict.fromkeys(k for k, _ in (*names, *native)):
            name = table[key]
            if key != NEUTRAL and name not in seen:
                seen.append(name)
        return " / ".join(seen) if seen else table.get(NEUTRAL, "")
    key = viewer_key if mode == AUTO else mode
    if key in table:
        return table[key]
    if NEUTRAL in table:
        return table[NEUTRAL]
    return names[0][1] if names else ""


def territory_name(rules: Rules, index: int, setting: str, viewer: int) -> str:
    """The name of territory `index` for side `viewer` (-1: neutral) under `setting`."""
    key = rules.sides[viewer].id if viewer >= 0 else NEUTRAL
    t = rules.territories[index]
    return place_name(t.names, setting, key, t.native_names) or t.id
