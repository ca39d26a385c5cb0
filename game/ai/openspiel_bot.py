"""OpenSpiel's own ISMCTS as a bot: an outside baseline (`openspiel-ismcts:iters=100`).

    bot = make_bot("openspiel-ismcts:iters=100,c=2,rollouts=1,policy=visits")

Each decision builds OpenSpiel's `open_spiel.python.algorithms.ismcts.ISMCTSBot` afresh with a
random-rollout evaluator (`mcts.RandomRolloutEvaluator`), on the adapter core
(`game.ai.spiel_game`) started at the bare decision state, and returns the action it picks:
nothing is kept between decisions. OpenSpiel's generator (a numpy `RandomState`) is seeded from
the injected `rng`, and so is the resampler the search calls for each world (OpenSpiel's default
one draws from an unseeded sampler).

**Blindness.** A bot gets no history, so each world is determinized from the bare state: the
other side's level drawn from the player's belief (`observe(...).belief`), the signals only the
other side received blanked, everything else public (`FourIslandsState.resample_from_infostate`
on a state with a bare start). The true hidden level and those signals never reach the search.

Needs the optional extra (`pip install 'four-islands[openspiel]'`); without it, the spec is a
one-line error saying so.
"""

from __future__ import annotations

import random
from typing import Any

from game.engine import Game, State

POLICIES = {"visits": "MAX_VISIT_COUNT", "value": "MAX_VALUE", "mixed": "NORMALIZED_VISITED_COUNT"}
"""`policy` option -> OpenSpiel's final policy: the most visited action, the best mean, or an
action drawn in proportion to visits."""
SELECTIONS = ("uct", "puct")
INSTALL = "OpenSpiel is not installed: pip install 'four-islands[openspiel]'"


class OpenSpielIsmctsBot:
    """OpenSpiel's ISMCTS with random rollouts, `iters` simulations a decision."""

    name = "openspiel-ismcts"

    def __init__(
        self,
        iters: int = 100,
        c: float = 2.0,
        rollouts: int = 1,
        policy: str = "visits",
        selection: str = "uct",
        worlds: int = 0,
    ) -> None:
        if not 1 <= iters <= 1_000_000:
            raise ValueError(f"iters={iters} is out of range 1..1000000")
        if not 0.0 <= c <= 100.0:
            raise ValueError(f"c={c} is out of range 0..100")
        if not 1 <= rollouts <= 1000:
            raise ValueError(f"rollouts={rollouts} is out of range 1..1000")
        if policy not in POLICIES:
            raise ValueError(f"policy={policy!r} is not one of {', '.join(POLICIES)}")
        if selection not in SELECTIONS:
            raise ValueError(f"selection={selection!r} is not one of {', '.join(SELECTIONS)}")
        if not 0 <= worlds <= 1_000_000:
            raise ValueError(f"worlds={worlds} is out of range 0..1000000 (0: a new one each)")
        try:
            import pyspiel  # noqa: F401
        except ImportError:
            raise ImportError(INSTALL) from None
        self.iters, self.c, self.rollouts = iters, c, rollouts
        self.policy, self.selection, self.worlds = policy, selection, worlds

    def __repr__(self) -> str:
        return (
            f"OpenSpielIsmctsBot(iters={self.iters}, c={self.c}, rollouts={self.rollouts}, "
            f"policy={self.policy!r}, selection={self.selection!r}, worlds={self.worlds})"
        )

    def choose(self, game: Game, state: State, player: int, rng: random.Random) -> int:
        """The action OpenSpiel's ISMCTS picks for `player` at `state`."""
        legal = game.legal_actions(state)
        if len(legal) == 1:
            return legal[0]
        import numpy as np
        from open_spiel.python.algorithms import ismcts, mcts

        from game.ai.spiel_game import FourIslandsGame

        spiel = FourIslandsGame.of(game)
        root = spiel.state_at(state)
        gen = np.random.RandomState(rng.getrandbits(32))
        bot = ismcts.ISMCTSBot(
            spiel,
            mcts.RandomRolloutEvaluator(self.rollouts, gen),
            self.c,
            self.iters,
            max_world_samples=self.worlds or ismcts.UNLIMITED_NUM_WORLD_SAMPLES,
            random_state=gen,
            final_policy_type=ismcts.ISMCTSFinalPolicyType[POLICIES[self.policy]],
            # a world's legal moves may differ from another's below the root (its meters do)
            allow_inconsistent_action_sets=True,
            child_selection_policy=ismcts.ChildSelectionPolicy[self.selection.upper()],
        )
        bot.set_resampler(lambda s, p: _resample(s, p, gen))
        return int(bot.step(root))


def _resample(state: Any, player: int, gen: Any) -> Any:
    """A world `player` cannot tell from `state`, drawn with the seeded generator."""
    return state.resample_from_infostate(player, gen.uniform)
