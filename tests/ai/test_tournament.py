"""The tournament's paired statistics and the exploit lines (small N; the real runs are in the
issue's report and `four-islands tournament`)."""

from __future__ import annotations

import math
import random

import pytest

from game.ai import make_bot
from game.ai.lines import LINES, scripted_line
from game.cli import main
from game.engine import PH_ANSWER, PH_CHANCE, Game
from game.scenario import load_rules
from game.sim.tournament import exploits, interval, scores, strength

RULES = load_rules("tokyo_2018")
GAME = Game(RULES)


def test_interval_is_the_normal_approximation_of_paired_differences():
    iv = interval([1.0, 2.0, 3.0, 4.0])
    half = 1.96 * math.sqrt(5 / 3) / 2
    assert iv.mean == 2.5 and math.isclose(iv.high - iv.mean, half) and iv.verdict == ">"
    assert interval([-1.0, 1.0, -1.0, 1.0]).verdict == "~"
    assert interval([-3.0, -2.0, -4.0]).verdict == "<"


def test_paired_games_replay_and_depend_only_on_the_seed():
    first = scores(RULES, ("line-a", "line-a"), 3, 5, 1)
    assert first == scores(RULES, ("line-a", "line-a"), 3, 5, 1)
    assert len(first) == 3 and first != scores(RULES, ("line-a", "line-a"), 3, 6, 1)


def test_lines_are_legal_and_follow_their_definitions():
    s = GAME.new_initial_state()
    for text in ("chance flexibility.japan=pragmatic", "chance flexibility.russia=moderate",
                 "chance north_korea_escalation=not", "chance china_arctic_push=not"):  # fmt: skip
        s = GAME.apply(s, GAME.parse_action(s, text))
    rng = random.Random(0)
    for key in LINES:
        a = make_bot(f"line-{key}").choose(GAME, s, 0, rng)
        assert a in GAME.legal_actions(s), key
    assert make_bot("line-a").choose(GAME, s, 0, rng) == 0
    stone = make_bot("line-e").choose(GAME, s, 0, rng)
    assert GAME.rules.moves[GAME.move_of(stone)].category in ("security", "military")
    ask = GAME.package_of(make_bot("line-c").choose(GAME, s, 0, rng))
    assert GAME.utilities(s, 1)[ask] >= GAME.observe(s, 0).estimate
    seat, fixed = scripted_line(GAME, "tokyo_2018")
    assert seat == 0 and GAME.move_of(fixed.choose(GAME, s, 0, rng)) >= 0
    assert make_bot("line-fixed").choose(GAME, s, 0, rng) == fixed.choose(GAME, s, 0, rng)
    s2 = GAME.apply(s, GAME.package_action(ask))
    assert s2.phase == PH_ANSWER
    assert make_bot("line-e").choose(GAME, s2, 1, rng) == 2
    assert make_bot("line-f").choose(GAME, s2, 1, rng) == 2


def test_the_farming_line_makes_the_move_that_raises_its_no_deal_score_most():
    s = GAME.new_initial_state()
    for text in ("chance flexibility.japan=pragmatic", "chance flexibility.russia=moderate",
                 "chance north_korea_escalation=not", "chance china_arctic_push=not"):  # fmt: skip
        s = GAME.apply(s, GAME.parse_action(s, text))
    farm = make_bot("line-f").choose(GAME, s, 0, random.Random(0))
    assert GAME.move_of(farm) >= 0  # it farms rather than ending the part
    now = GAME.no_deal_returns(s)[0]

    def expected(state):  # chance by expectation, as the line reads it
        if state.phase != PH_CHANCE:
            return GAME.no_deal_returns(state)[0]
        return sum(p * expected(GAME.apply(state, k)) for k, p in GAME.chance_outcomes(state))

    after = {a: expected(GAME.apply(s, a)) for a in GAME.legal_actions(s) if GAME.move_of(a) >= 0}
    assert after[farm] > now
    assert after[farm] >= max(after.values()) - 1e-9


def test_exploit_and_strength_tables_pair_every_line_and_seat():
    rows = exploits(RULES, games=2, seed=0, workers=1)
    assert {(r.line, r.seat) for r in rows} >= {(f"line-{k}", s) for k in LINES for s in (0, 1)}
    assert all(0.0 <= r.beats <= 1.0 and r.diff.n == 2 for r in rows)
    table, pairs = strength(RULES, ["random", "line-a"], 2, 1, 0, 1)
    assert len(table) == 4 and len(pairs) == 2
    assert all(p[3].n == 4 for p in pairs)  # two opponents x two seeds


def test_tournament_cli_reports_bad_bots_in_one_line(capsys):
    assert main(["tournament", "tokyo_2018", "--bots", "random,chess", "--games", "1"]) == 2
    err = capsys.readouterr().err.strip()
    assert "unknown bot 'chess'" in err and "\n" not in err
    with pytest.raises(ValueError, match="unknown bot"):
        make_bot("line-z")


def test_outside_baseline_cells_play_their_own_smaller_count():
    from game.sim.tournament import _games

    assert _games(("hard", "random"), 100, 40, 20) == 40
    assert _games(("openspiel-ismcts:iters=100", "hard"), 100, 40, 20) == 20
    assert _games(("random", "greedy"), 100, 40, 20) == 100


def test_baseline_pairs_ref_and_baseline_in_each_seat_on_the_same_seeds():
    from game.sim.tournament import baseline

    rows = baseline(RULES, "line-a", "random", ["line-e", "line-b"], 3, 2, 1)
    assert [(r.seat, r.opponent) for r in rows] == [
        (0, "line-e"), (0, "line-b"), (0, None), (1, "line-e"), (1, "line-b"), (1, None),
    ]  # fmt: skip
    ref = scores(RULES, ("line-e", "line-a"), 3, 2, 1)
    base = scores(RULES, ("line-e", "random"), 3, 2, 1)
    want = interval([r[1] - b[1] for r, b in zip(ref, base, strict=True)])
    assert rows[3].diff == want and rows[5].diff.n == 6


def test_tournament_baseline_command_prints_ref_minus_baseline_per_seat(capsys):
    argv = ["tournament", "tokyo_2018", "--baseline", "openspiel-ismcts:iters=2",
            "--baseline-ref", "line-a", "--bots", "line-a", "--baseline-games", "1"]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "line-a - openspiel-ismcts:iters=2 on tokyo_2018" in out
    assert out.count("n=1") == 2 and "japan" in out and "russia" in out


def test_tournament_table_with_an_openspiel_bot_plays_its_cells_on_fewer_seeds(capsys):
    argv = ["tournament", "tokyo_2018", "--bots", "line-a,openspiel-ismcts:iters=2",
            "--games", "2", "--baseline-games", "1"]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    # each seat: line-a's cells on 2 seeds, paired with the baseline's on 1 against each opponent
    assert out.count("n=2") == 2 and "n=4" not in out
