"""The shipped scenarios as content: they validate cleanly, cite their sources, name every place
for both sides, reproduce the articles' stall, and replay their historical line to its ending."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest
import yaml

from game.match import sample_chance
from game.scenario import load_rules, validate

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
FILES = sorted(p for p in SCENARIOS.glob("*.yaml") if not p.name.endswith(".test.yaml"))
PLAYABLE = [p for p in FILES if not yaml.safe_load(p.read_text(encoding="utf-8")).get("abstract")]
SEEDS = ROOT.parent / "shared" / "seeds"

SOURCED_SECTIONS = ("moves", "events", "reactions", "endings", "meters", "territories", "issues")


def _doc(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _merged_sources(path: Path) -> dict[str, dict]:
    """Source entries of a file and of the bases it extends."""
    doc = _doc(path)
    out: dict[str, dict] = {}
    base = doc.get("extends")
    if base:
        base_path = SCENARIOS / (base if base.endswith(".yaml") else f"{base}.yaml")
        out.update(_merged_sources(base_path))
    out.update({s["id"]: s for s in doc.get("sources", [])})
    return out


def _ids(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def test_there_are_shipped_scenarios():
    names = {p.name for p in FILES}
    assert {"base_world.yaml", "tokyo_2018.yaml"} <= names
    assert PLAYABLE


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_scenario_validates_without_errors_or_warnings(path: Path):
    diags = validate(path)
    assert not diags, "\n".join(d.render() for d in diags)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_scenario_file_starts_with_the_schema_header(path: Path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./schema.json"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_item_names_a_known_source(path: Path):
    doc = _doc(path)
    sources = _merged_sources(path)
    missing, unknown = [], []
    for section in SOURCED_SECTIONS:
        for item in doc.get(section) or []:
            ids = _ids(item.get("source"))
            if not ids:
                missing.append(f"{section}.{item['id']}")
            unknown += [f"{section}.{item['id']}: {s}" for s in ids if s not in sources]
    assert not missing, f"items without a source: {missing}"
    assert not unknown, f"unknown source ids: {unknown}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_article_sources_point_at_seed_files(path: Path):
    for source in _doc(path).get("sources", []):
        if source["kind"] == "article":
            assert source.get("file"), source["id"]
            assert source.get("date"), source["id"]
            if SEEDS.is_dir():
                assert (SEEDS / source["file"]).is_file(), source["file"]


@pytest.mark.parametrize("path", PLAYABLE, ids=lambda p: p.name)
def test_every_move_event_reaction_and_ending_is_sourced_after_merge(path: Path):
    rules = load_rules(path)
    known = {sid for sid, _ in rules.sources}
    for kind, items in (
        ("move", rules.moves),
        ("event", rules.events),
        ("reaction", rules.reactions),
    ):
        for item in items:
            assert item.sources, f"{kind} {item.id} has no source"
            assert set(item.sources) <= known, f"{kind} {item.id}: {item.sources}"
    base = _merged_sources(path)
    doc_endings = {e["id"]: e for e in _doc(SCENARIOS / "base_world.yaml").get("endings", [])}
    doc_endings.update({e["id"]: e for e in _doc(path).get("endings", [])})
    for ending in rules.endings:
        ids = _ids(doc_endings[ending.id].get("source"))
        assert ids and set(ids) <= set(base), f"ending {ending.id}: {ids}"


@pytest.mark.parametrize("path", PLAYABLE, ids=lambda p: p.name)
def test_every_place_has_a_name_for_each_side(path: Path):
    rules = load_rules(path)
    sides = [s.id for s in rules.sides]
    for territory in rules.territories:
        names = dict(territory.names)
        for side in [*sides, "en"]:
            assert names.get(side), f"{territory.id} has no {side} name"
        assert territory.outline, f"{territory.id} has no outline"
        assert territory.area_km2 > 0
    assert rules.map is not None and rules.map.attribution
    assert "GSHHG" in rules.map.attribution
    for shape in rules.map.context:
        names = dict(shape.names)
        assert names.get("en"), shape.id


def test_the_islands_carry_the_fact_sheet_figures():
    rules = load_rules(SCENARIOS / "tokyo_2018.yaml")
    area = {t.id: t.area_km2 for t in rules.territories}
    assert set(area) == {"etorofu", "kunashiri", "shikotan", "habomai"}
    total = sum(area.values())
    assert 4900 <= total <= 5100  # ~5,000 km2 in all
    assert 0.06 <= (area["shikotan"] + area["habomai"]) / total <= 0.08  # the 7% of 003
    start = {m.id: m.start for m in rules.meters}
    assert start["ru_public_opposition"] == 78  # Levada 2016
    assert start["jp_public_flexibility"] == 57  # Mainichi 2016
    assert start["putin_approval"] > 80  # above 80% in March 2018


def _first_decision(game):
    """The state after the flexibility draws and turn 1's news, chance pinned as in history."""
    rules = game.rules
    state = game.new_initial_state()
    for step in rules.history:
        if not game.is_chance_node(state):
            break
        state = game.apply(state, game.parse_action(state, step))
    return state


def _overlap(game, state) -> int:
    """Packages in both win-sets: (most, least) over every pair of flexibility draws."""
    rules = game.rules
    counts = []
    levels = [range(len(s.flex_levels)) for s in rules.sides]

    def reservation(side, level):
        return game.base_reservation(state, side) - rules.sides[side].flex_levels[level].value

    for lj, lr in itertools.product(*levels):
        rj, rr = reservation(0, lj), reservation(1, lr)
        n = sum(
            1
            for p in range(len(rules.packages))
            if game.utility(state, 0, p) >= rj and game.utility(state, 1, p) >= rr
        )
        counts.append(n)
    return max(counts), min(counts)


def test_tokyo_2018_starts_in_the_stall_but_a_narrow_path_exists():
    from game.engine import Game

    game = Game(load_rules(SCENARIOS / "tokyo_2018.yaml"))
    state = _first_decision(game)
    most, _ = _overlap(game, state)
    assert most == 0, "with the articles' figures no package is in both win-sets"
    ids = [m.id for m in game.rules.meters]
    meters = list(state.meters)
    meters[ids.index("ru_public_opposition")] = 55
    meters[ids.index("ru_economic_need")] = 80
    meters[ids.index("china_threat")] = 70
    most, least = _overlap(game, state._replace(meters=tuple(meters)))
    assert least > 0, "less opposition, more need and China fear open a path"


@pytest.mark.parametrize("path", PLAYABLE, ids=lambda p: p.name)
def test_historical_line_replays_to_its_declared_ending(path: Path):
    from game.engine import Game

    rules = load_rules(path)
    assert rules.history, "a shipped scenario carries its historical line"
    game = Game(rules)
    state = game.new_initial_state()
    for i, step in enumerate(rules.history):
        assert not game.is_terminal(state), f"the game ended before step {i}: {step}"
        action = game.parse_action(state, step)
        state = game.apply(state, action)
    assert game.is_terminal(state), "the historical line stops before the game ends"
    ending = game.ending(state)
    assert ending is not None and ending.id == rules.history_ending


def test_random_play_rarely_reaches_a_settlement():
    from game.engine import Game

    game = Game(load_rules(SCENARIOS / "tokyo_2018.yaml"))
    rng = random.Random(20180206)
    deals = 0
    games = 150
    for _ in range(games):
        state = game.new_initial_state()
        while not game.is_terminal(state):
            if game.is_chance_node(state):
                action = sample_chance(game.chance_outcomes(state), rng.random())
            else:
                legal = game.legal_actions(state)
                action = legal[int(rng.random() * len(legal))]
            state = game.apply(state, action)
        ending = game.ending(state)
        assert ending is not None
        deals += ending.id not in ("status_quo_disappointment", "breakdown")
    assert deals / games < 0.1


# --- the base world for every year (issue 10) -----------------------------------------------

NATIVE = {
    "etorofu": ("択捉島", "Итуруп"),
    "kunashiri": ("国後島", "Кунашир"),
    "shikotan": ("色丹島", "Шикотан"),
    "habomai": ("歯舞群島", "Хабомаи"),
}
REPERTOIRE = (
    "r_snap_drill",  # drills
    "j_protest_drill",
    "r_rearm_kurils",  # rearmament
    "j_grave_visits",  # grave visits
    "r_send_trutnev",  # the Trutnev-Seko channel
    "j_back_sanctions",  # G7 sanctions
    "j_accept_1956_basis",  # the 1956 basis
    "j_no_bases_assurance",  # the no-bases pledge
    "r_demand_no_bases",  # and demand
    "r_treaty_offer",  # the treaty offer
    "r_vostok_with_china",  # Vostok with China
)


@pytest.mark.parametrize("path", PLAYABLE, ids=lambda p: p.name)
def test_the_islands_carry_names_in_both_sides_own_scripts(path: Path):
    rules = load_rules(path)
    got = {t.id: (t.native_name("japan"), t.native_name("russia")) for t in rules.territories}
    for tid, names in NATIVE.items():
        assert got[tid] == names, tid
    for territory in rules.territories:
        assert territory.native_name("en") == "", "native names are per side, not per language"
    assert rules.map is not None
    named = [c for c in rules.map.context if c.id != "other_islets"]
    assert named and all({k for k, _ in c.native_names} == {"japan", "russia"} for c in named)


def test_tanfilyev_is_a_named_islet_of_the_habomai_group():
    rules = load_rules(SCENARIOS / "tokyo_2018.yaml")
    habomai = next(t for t in rules.territories if t.id == "habomai")
    (islet,) = habomai.islets
    assert (islet.name("japan"), islet.name("russia")) == ("Suisho", "Tanfilyev")
    assert islet.native_name("japan") == "水晶島"
    assert islet.label_at is not None
    lon, lat = islet.label_at
    assert abs(lon - 145.92) < 0.05 and abs(lat - 43.43) < 0.05  # the fact sheet's point
    assert len(islet.outline) == 1 and islet.outline[0] in habomai.outline
    assert islet.area_km2 is not None and islet.area_km2 < habomai.area_km2


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_status_option_and_package_rule_names_a_known_source(path: Path):
    doc = _doc(path)
    sources = _merged_sources(path)
    items = [(f"territory_statuses.{s['id']}", s) for s in doc.get("territory_statuses") or []]
    items += [(f"forbidden_packages.{r['id']}", r) for r in doc.get("forbidden_packages") or []]
    for issue in doc.get("issues") or []:
        items += [(f"issues.{issue['id']}.{o['id']}", o) for o in issue.get("options") or []]
    missing = [name for name, item in items if not _ids(item.get("source"))]
    unknown = [name for name, item in items for s in _ids(item.get("source")) if s not in sources]
    assert not missing, f"without a source: {missing}"
    assert not unknown, f"unknown source ids: {unknown}"


def test_the_base_world_belongs_to_no_one_year():
    base = _doc(SCENARIOS / "base_world.yaml")
    assert base.get("abstract") is True
    for key in ("clock", "events", "reactions", "history", "start_date", "end_date"):
        assert key not in base, f"{key} is a scenario's, not the base's"
    assert all("leader" not in side for side in base["sides"]), "leaders are office-holders"
    bodies = {"russian_media"}  # commentators, not an office
    office_holders = [
        a["id"] for a in base["actors"] if a.get("side") and a.get("role") and a["id"] not in bodies
    ]
    assert not office_holders, f"roles are set per scenario: {office_holders}"
    flags = {f["id"]: f for f in base["flags"]}
    for flag in ("two_plus_two_active", "aegis_ashore_planned"):
        assert not flags[flag].get("start", False), f"{flag} is set per scenario"
    moves = {m["id"]: m for m in base["moves"]}
    assert set(REPERTOIRE) <= set(moves)
    assert all("turn" not in (m.get("when") or "") for m in moves.values()), "no turn gates"


@pytest.mark.parametrize("path", PLAYABLE, ids=lambda p: p.name)
def test_each_scenario_names_its_office_holders(path: Path):
    rules = load_rules(path)
    assert all(side.leader for side in rules.sides), "every side has a leader"


def test_eef_2018_putin_would_ratify_his_own_offer():
    """No event can table a package, so the offer is news and a package either side may table;
    the Kremlin must stand by it (even at its hardest), and Tokyo's home front must not."""
    from game.engine import Game

    rules = load_rules(SCENARIOS / "eef_2018.yaml")
    game = Game(rules)
    state = game.new_initial_state()
    steps = iter(rules.history)
    while not (step := next(steps)).startswith("russia: table"):
        state = game.apply(state, game.parse_action(state, step))
    assert "chance flexibility.russia=hard" in rules.history
    offer = game.package_of(game.parse_action(state, step))
    assert "without preconditions" in game.package_text(offer).lower()
    japan, russia = 0, 1
    assert game.utility(state, russia, offer) > game.reservation(state, russia)
    assert game.ratify_probability(state, russia, offer) > 0.5
    assert game.ratify_probability(state, japan, offer) < 0.05
