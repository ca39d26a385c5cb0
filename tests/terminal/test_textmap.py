"""The map as text: every island is drawn and named as the viewing side names it."""

from __future__ import annotations

from game.scenario import load_rules
from game.terminal.textmap import TextMap


def _render(side: str, statuses=None):
    rules = load_rules("tokyo_2018")
    text_map = TextMap(rules)
    if statuses is None:
        statuses = tuple(t.status for t in rules.territories)
    return rules, text_map.render(statuses, side)


def test_every_territory_is_drawn_with_its_letter_and_listed_with_its_status():
    rules, lines = _render("japan")
    legend = lines[-len(rules.territories) :]
    drawing = "\n".join(lines[: -len(rules.territories)])
    for territory, line in zip(rules.territories, legend, strict=True):
        letter = line.split()[0]
        assert letter in drawing, f"{territory.id} ({letter}) is not on the map"
        assert territory.name("japan") in line
        assert rules.statuses[territory.status].label in line


def test_names_and_letters_follow_the_viewing_side():
    rules, lines = _render("russia")
    legend = "\n".join(lines[-len(rules.territories) :])
    iturup = next(t for t in rules.territories if t.id == "etorofu")
    assert iturup.name("russia") in legend
    assert f"{iturup.name('russia')[0]}  {iturup.name('russia')}" in legend


def test_a_new_status_shows_in_the_legend():
    rules = load_rules("tokyo_2018")
    transferred = next(i for i, s in enumerate(rules.statuses) if s.id == "transferred_to_japan")
    statuses = tuple(transferred for _ in rules.territories)
    _, lines = _render("japan", statuses)
    assert sum(rules.statuses[transferred].label in line for line in lines) == len(
        rules.territories
    )
