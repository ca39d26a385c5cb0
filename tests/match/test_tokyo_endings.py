"""Every ending of tokyo_2018 is reached by a scripted line (issue 10): deals tabled in February
with both votes pinned, a freeze that lasts to the deadline, and a year of waiting.

The lines go through `game.match.run_script` as a player's `--moves` would; draws that are not
pinned come from the session's seeded world stream.
"""

from __future__ import annotations

import pytest

from game.engine import Game
from game.match import Session, parse_moves, run_script
from game.scenario import load_rules

GAME = Game(load_rules("tokyo_2018"))
LIMITS = "chance flexibility.japan=pragmatic; chance flexibility.russia=hard"
RATIFIED = "russia: accept; chance ratify.japan=yes; chance ratify.russia=yes"


def deal(package: str) -> str:
    """Japan tables `package` in February; Russia accepts; both home fronts ratify."""
    return f"{LIMITS}; japan: table {package}; {RATIFIED}"


LINES = {
    "four_islands": deal("small_islands=transfer_now large_islands=transfer security=no_us_bases"),
    "two_plus_talks": deal(
        "small_islands=transfer_after_treaty large_islands=talks_continue "
        "security=no_us_bases treaty=after_territory"
    ),
    "two_islands_treaty": deal("small_islands=transfer_after_treaty treaty=after_territory"),
    "other_transfer": deal("small_islands=transfer_now"),
    "treaty_without_preconditions": deal("treaty=without_preconditions"),
    "joint_activity_only": deal("small_islands=joint_activity"),
    "economy_without_territory": deal("economy=large_package"),
    "other_settlement": deal("security=no_us_bases"),
    "breakdown": f"{LIMITS}; japan: move j_protest_drill; japan: end; "
    "russia: move r_sovereignty_premise; russia: move r_snap_drill; russia: move suspend_talks; "
    "russia: end" + "; end" * 20,
    "status_quo_disappointment": LIMITS + "; end" * 22,
}


def test_every_ending_has_a_line() -> None:
    assert set(LINES) == {e.id for e in GAME.rules.endings}


@pytest.mark.parametrize("ending", sorted(LINES))
def test_scripted_line_reaches_its_ending(ending: str) -> None:
    session = Session(GAME, 0)  # both sides human: the line makes every decision
    result = run_script(session, parse_moves(LINES[ending]))
    assert result.finished, result.message
    reached = GAME.ending(session.state)
    assert reached is not None and reached.id == ending
