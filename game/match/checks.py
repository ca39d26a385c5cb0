"""Conformance checks any compiled scenario must pass (OpenSpiel's random_sim_test, a seed test).

random_sim_check(game, num_sims=100, seed=0)   # AssertionError with a clear message
determinism_check(game, seed=0)                # the record hash both runs agree on
"""

from __future__ import annotations

import math

from game.ai.random_bot import RandomBot
from game.engine import CHANCE, ActionError, Game, State
from game.match.runner import Runner, stream_seed
from game.match.session import Session, make_bot


def _where(game: Game, sim: int, step: int, state: State) -> str:
    return f"sim {sim}, step {step}, turn {state.turn}, phase {state.phase}"


def _check_state(game: Game, state: State, where: str) -> None:
    for i, m in enumerate(game.rules.meters):
        v = state.meters[i]
        assert m.lo <= v <= m.hi, f"{where}: meter {m.id} = {v} is outside [{m.lo}, {m.hi}]"


def _check_round_trip(game: Game, state: State, action: int, where: str) -> None:
    text = game.action_to_string(state, action)
    try:
        back = game.parse_action(state, text)
    except ActionError as exc:
        raise AssertionError(f"{where}: parse_action({text!r}) failed: {exc}") from None
    assert back == action, f"{where}: {text!r} parses to #{back}, not #{action}"


class _StepCheck:
    """The per-step checks of one random simulation (a runner's `on_step` hook)."""

    def __init__(self, game: Game, sim: int, full_check_at: int) -> None:
        self.game = game
        self.sim = sim
        self.full_check_at = full_check_at
        self.step = 0

    def __call__(self, before: State, action: int, actor: int, after: State, _: object) -> None:
        game, sim, step = self.game, self.sim, self.step
        n = len(game.rules.sides)
        where = _where(game, sim, step, before)
        _check_state(game, before, where)
        ret = game.returns(before)
        assert ret == (0.0,) * n, f"{where}: returns {ret} before the end"
        legal = game.legal_actions(before)
        assert legal, f"{where}: no legal action but the game is not over"
        assert list(legal) == sorted(set(legal)), f"{where}: legal actions not sorted/unique"
        assert action in legal, f"{where}: #{action} is not legal"
        if actor == CHANCE:
            outcomes = game.chance_outcomes(before)
            probs = [p for _, p in outcomes]
            assert all(p >= 0 for p in probs), f"{where}: negative chance probability"
            assert math.isclose(sum(probs), 1.0, abs_tol=1e-6), (
                f"{where}: chance probabilities of {game.chance_node(before)} sum to {sum(probs)}"
            )
            assert tuple(a for a, _ in outcomes) == tuple(legal), (
                f"{where}: chance outcomes differ from legal actions"
            )
            info = game.info
            assert all(0 <= a < info.max_chance_outcomes for a, _ in outcomes), (
                f"{where}: chance actions {[a for a, _ in outcomes]} outside "
                f"[0, max_chance_outcomes={info.max_chance_outcomes})"
            )
        else:
            assert all(0 <= a < game.info.num_distinct_actions for a in legal), (
                f"{where}: an action outside [0, num_distinct_actions)"
            )
        for a in legal if step == self.full_check_at else (action,):
            _check_round_trip(game, before, a, where)
        self.step = step + 1
        assert self.step <= game.info.max_game_length, (
            f"sim {sim}: the game is still going after {self.step} steps "
            f"(max_game_length is {game.info.max_game_length})"
        )


def random_sim_check(game: Game, num_sims: int, seed: int) -> int:
    """Play `num_sims` games with uniform random actions and check the engine's invariants.

    Checks: legal actions exist until the end; chance actions lie in `[0, max_chance_outcomes)`
    and player actions in `[0, num_distinct_actions)`; chance probabilities sum to 1; meters
    stay within bounds; action text round-trips through parse_action; games end within
    `info.max_game_length` steps; returns lie within the GameInfo bounds (zeros before the end).
    Returns the total number of steps played; raises AssertionError naming the sim and step.
    """
    info = game.info
    n = len(game.rules.sides)
    total = 0
    for sim in range(num_sims):
        sim_seed = stream_seed(seed, f"sim.{sim}")
        check = _StepCheck(game, sim, sim_seed % 8)
        bots = [RandomBot() for _ in range(n)]
        state = Runner(game, sim_seed, bots, on_step=check).play()
        step = check.step
        _check_state(game, state, _where(game, sim, step, state))
        assert game.legal_actions(state) == (), f"sim {sim}: legal actions after the end"
        ret = game.returns(state)
        assert len(ret) == n, f"sim {sim}: {len(ret)} returns for {n} sides"
        for side, v in zip(game.rules.sides, ret, strict=True):
            assert info.min_utility <= v <= info.max_utility, (
                f"sim {sim}: return {v} of {side.id} is outside "
                f"[{info.min_utility}, {info.max_utility}]"
            )
        total += step
    return total


def determinism_check(game: Game, seed: int) -> str:
    """Play the same seeded bot-vs-bot game twice; returns the record hash both runs agree on."""
    from game.match.record import make_record

    hashes = []
    for _ in range(2):
        players = {i: make_bot("random") for i in range(len(game.rules.sides))}
        session = Session(game, seed, players)
        session.step_bots()
        hashes.append(make_record(session).hash())
    assert hashes[0] == hashes[1], (
        f"seed {seed}: two runs gave different records ({hashes[0][:12]} vs {hashes[1][:12]})"
    )
    return hashes[0]
