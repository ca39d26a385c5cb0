"""A generated scenario for measuring cost against scenario size: `scale_10_issues`.

`scale_scenario_text()` is the YAML of tokyo_2018 with four more negotiation issues (3, 3, 3 and
4 options), so 486 × 108 = 52,488 coherent packages: what a big author-written scenario could
reach. It is generated, never shipped (`list` does not show it): the benchmark writes it to a
temporary folder and loads it like any scenario file.
"""

from __future__ import annotations

SCALE_ID = "scale_10_issues"
EXTRA_OPTIONS = (3, 3, 3, 4)
"""Options of each added issue (the first is the status quo)."""


def scale_scenario_text() -> str:
    """The YAML text of the `scale_10_issues` scenario (it extends the shipped tokyo_2018)."""
    lines = [
        "format_version: 1",
        f"id: {SCALE_ID}",
        "extends: tokyo_2018",
        'title: "Scale test: tokyo_2018 with ten negotiation issues"',
        "issues:",
    ]
    for k, n in enumerate(EXTRA_OPTIONS):
        lines += [
            f"  - id: extra_{k}",
            f"    label: Extra issue {k + 1}",
            "    options:",
            "      - {id: o0, label: No change, status_quo: true}",
        ]
        lines += [f"      - {{id: o{j}, label: Option {j}}}" for j in range(1, n)]
    lines.append("sides:")
    for side, sign in (("japan", 1), ("russia", -1)):
        lines += [f"  - id: {side}", "    values:", "      options:"]
        for k, n in enumerate(EXTRA_OPTIONS):
            # the status quo (o0) is worth 0; the others a little, opposite for the two sides
            weights = ", ".join(
                f"o{j}: {sign * (j * (k + 1) % 5 - 2) if j else 0}" for j in range(n)
            )
            lines.append(f"        extra_{k}: {{{weights}}}")
    return "\n".join(lines) + "\n"
