"""The four scenarios of 2016-2019 (Sochi, Nagato, the EEF 2018, the 1956 track): their figures
come from the articles, they start where the articles say the talks stood, their own endings are
reachable by scripted lines, and random play rarely stumbles into a deal."""

from __future__ import annotations

import itertools
import random

import pytest

from game.engine import Game, State
from game.match import sample_chance
from game.scenario import list_scenarios, load_rules

NEW = ("sochi_2016", "nagato_2016", "eef_2018", "track_1956")
STATUS_QUO = {
    "sochi_2016": "status_quo_disappointment",
    "nagato_2016": "status_quo_disappointment",
    "eef_2018": "status_quo_disappointment",
    "track_1956": "status_quo_disappointment",
}


def _game(scenario_id: str) -> Game:
    return Game(load_rules(scenario_id))


def _meters(game: Game) -> dict[str, int]:
    return {m.id: m.start for m in game.rules.meters}


def _after_draws(game: Game) -> State:
    """The first decision, chance pinned as in the historical line."""
    state = game.new_initial_state()
    for step in game.rules.history:
        if not game.is_chance_node(state):
            break
        state = game.apply(state, game.parse_action(state, step))
    return state


def _play(game: Game, steps: list[str]) -> str:
    """Play `steps`, then let both sides end every part (and reject every offer) and every
    chance draw take its first outcome among `not`, `no` and the rest; returns the ending id."""
    state = game.new_initial_state()
    for step in steps:
        assert not game.is_terminal(state), f"the game ended before {step!r}"
        state = game.apply(state, game.parse_action(state, step))
    while not game.is_terminal(state):
        if game.is_chance_node(state):
            texts = {game.action_to_string(state, a): a for a, _ in game.chance_outcomes(state)}
            pick = next((a for t, a in texts.items() if t.endswith(("=not", "=no"))), None)
            state = game.apply(state, pick if pick is not None else next(iter(texts.values())))
        else:
            legal = {game.action_to_string(state, a): a for a in game.legal_actions(state)}
            state = game.apply(state, legal.get("end", legal.get("reject", 0)))
    ending = game.ending(state)
    assert ending is not None
    return ending.id


def test_the_four_are_shipped_and_listed_by_date() -> None:
    entries = [e for e in list_scenarios() if e.id in NEW]
    assert [e.id for e in entries] == list(NEW)
    assert all(e.valid and e.start_date and e.title for e in entries)


@pytest.mark.parametrize("scenario_id", NEW)
def test_each_extends_the_base_world_and_has_briefings(scenario_id: str) -> None:
    rules = load_rules(scenario_id)
    assert len(rules.sides) == 2 and rules.history
    from game.scenario import find_scenario

    text = find_scenario(scenario_id).read_text(encoding="utf-8")
    assert "\nextends: base_world\n" in text
    assert "briefing:" in text and "side_briefings:" in text
    for side in ("japan", "russia"):
        assert f"\n    {side}: >-" in text, side


def test_the_start_values_carry_the_articles_figures() -> None:
    sochi = _meters(_game("sochi_2016"))
    assert sochi["ru_public_opposition"] == 78  # Levada, 2016
    assert sochi["jp_public_flexibility"] == 57  # Mainichi, 2016
    assert sochi["putin_approval"] > 80
    eef = _meters(_game("eef_2018"))
    assert 58 <= eef["putin_approval"] <= 65  # about 60% after the pension announcement
    track = _game("track_1956")
    area = {t.id: t.area_km2 for t in track.rules.territories}
    assert 0.06 <= (area["shikotan"] + area["habomai"]) / sum(area.values()) <= 0.08  # 7%


def _overlap(game: Game, state: State) -> dict[tuple[str, str], int]:
    """Packages in both win-sets, for each pair of flexibility levels."""
    rules = game.rules

    def reservation(side: int, level: int) -> float:
        return game.base_reservation(state, side) - rules.sides[side].flex_levels[level].value

    out = {}
    for lj, lr in itertools.product(*(range(len(s.flex_levels)) for s in rules.sides)):
        rj, rr = reservation(0, lj), reservation(1, lr)
        key = (rules.sides[0].flex_levels[lj].id, rules.sides[1].flex_levels[lr].id)
        out[key] = sum(
            1
            for p in range(len(rules.packages))
            if game.utility(state, 0, p) >= rj and game.utility(state, 1, p) >= rr
        )
    return out


@pytest.mark.parametrize("scenario_id", ["nagato_2016", "eef_2018", "track_1956"])
def test_from_nagato_on_the_talks_start_in_the_stall(scenario_id: str) -> None:
    game = _game(scenario_id)
    assert max(_overlap(game, _after_draws(game)).values()) == 0


def test_after_sochi_a_narrow_path_needs_a_wide_putin() -> None:
    game = _game("sochi_2016")
    overlap = _overlap(game, _after_draws(game))
    assert all(n == 0 for (_, ru), n in overlap.items() if ru != "wide")
    # Since issue 10's earned deals (stricter base reservations) the path is closed at the first
    # decision even for a wide Putin; it can open only with play.
    assert max(overlap.values()) <= 3


FLEX = ["chance flexibility.japan=pragmatic", "chance flexibility.russia=moderate"]
DEAL = ["russia: accept", "chance ratify.japan=yes", "chance ratify.russia=yes"]

SCRIPTED = [
    # sochi_2016: the visit without the consultations (with them: the historical line)
    ("sochi_2016", [*FLEX], "status_quo_disappointment"),
    # nagato_2016: no projects (five: the historical line), and the counterfactual of Japan
    # returning to the islands
    ("nagato_2016", [*FLEX], "status_quo_disappointment"),
    (
        "nagato_2016",
        [
            *FLEX,
            "chance kurils_in_the_belt=not",
            "chance north_korea_missiles=not",
            "japan: table small_islands=joint_activity legal_frame=special_framework "
            "economy=joint_projects",
            *DEAL,
        ],
        "joint_activity_only",
    ),
    # eef_2018: the offer accepted, refused with nothing after it, or the 1956 track
    ("eef_2018", [*FLEX], "status_quo_disappointment"),
    (
        "eef_2018",
        [*FLEX, "chance korean_summitry=not", "japan: table treaty=without_preconditions", *DEAL],
        "treaty_without_preconditions",
    ),
    (
        "eef_2018",
        [
            *FLEX,
            "chance korean_summitry=not",
            "japan: move summit",
            "chance summit=productive",
            "japan: end",
            "russia: end",
            "chance zakharova_on_aegis=not",
            "chance korean_summitry=not",
            "russia: end",
            "japan: move j_accept_1956_basis",
            "chance putin_narrow_reading=happens",
        ],
        "the_1956_track",
    ),
    # track_1956: the settlements of the track
    (
        "track_1956",
        [
            *FLEX,
            "chance china_arctic_advance=not",
            "japan: table small_islands=transfer_after_treaty treaty=recognising_sovereignty "
            "security=no_us_bases",
            *DEAL,
        ],
        "japan_accepts_sovereignty",
    ),
    (
        "track_1956",
        [
            *FLEX,
            "chance china_arctic_advance=happens",
            "japan: move j_arctic_talks",
            "japan: move j_entente_pitch",
            "chance j_entente_pitch=resonates",
            "japan: table small_islands=transfer_after_treaty treaty=after_territory "
            "security=no_us_bases",
            *DEAL,
        ],
        "strategic_entente",
    ),
    (
        "track_1956",
        [
            *FLEX,
            "chance china_arctic_advance=not",
            "japan: table small_islands=transfer_after_treaty treaty=after_territory "
            "security=no_us_bases",
            *DEAL,
        ],
        "two_islands_treaty",
    ),
    (
        "track_1956",
        [
            *FLEX,
            "chance china_arctic_advance=not",
            "japan: table small_islands=transfer_now",
            *DEAL,
        ],
        "other_transfer",
    ),
    ("track_1956", [*FLEX], "status_quo_disappointment"),
]


@pytest.mark.parametrize(
    ("scenario_id", "steps", "ending"), SCRIPTED, ids=[f"{s}-{e}" for s, _, e in SCRIPTED]
)
def test_a_scripted_line_reaches_each_ending_of_the_year(
    scenario_id: str, steps: list[str], ending: str
) -> None:
    assert _play(_game(scenario_id), steps) == ending


@pytest.mark.parametrize("scenario_id", NEW)
def test_random_play_rarely_reaches_a_deal(scenario_id: str) -> None:
    game = _game(scenario_id)
    rng = random.Random(2016)
    games, deals = 60, 0
    for _ in range(games):
        state = game.new_initial_state()
        while not game.is_terminal(state):
            if game.is_chance_node(state):
                action = sample_chance(game.chance_outcomes(state), rng.random())
            else:
                legal = game.legal_actions(state)
                action = legal[int(rng.random() * len(legal))]
            state = game.apply(state, action)
        deals += state.table >= 0
    assert deals / games < 0.15, f"{deals} deals in {games} random games"
