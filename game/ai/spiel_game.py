"""The adapter core: Four Islands as an OpenSpiel game over a compiled engine.

    import pyspiel
    from game.ai.spiel_game import FourIslandsGame

    spiel = FourIslandsGame.of(engine)          # engine: a `game.engine.Game`
    state = spiel.new_initial_state()           # or spiel.state_at(engine_state): a bare start

Needs the optional extra (`pip install 'four-islands[openspiel]'`), so only `game.openspiel` (which
registers `four_islands(scenario=...)` with pyspiel) and the `openspiel-ismcts` bot import it, the
bot lazily. It uses the engine's public face only, so it sits in the ai layer where bots may use
it. The game is sequential with explicit stochastic chance (chance actions are outcome indices in
`[0, max_chance_outcomes)`), imperfect information (each side's flexibility draw and the signals it
receives are private), general-sum, with terminal rewards. Information state and observation
strings come from the engine's `observe` plus each side's view of the history since the state's
start; `resample_from_infostate` (for ISMCTS) draws the other side's private information from the
player's belief and replays that history.

A state starts at the game's initial state or at a bare engine state (a bot's decision, which
carries no history): then resampling draws the other side's level at that start from the
player's belief and blanks the signals only the other side received, as a side that was not told
them must. A state keeps only the engine states, the engine's key and each side's view of the
history (pickled by OpenSpiel to clone); the compiled engine is shared through `_ENGINES`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyspiel

from game.engine import Game, Observation, State, Work

SHORT_NAME = "four_islands"
DEFAULT_SCENARIO = "tokyo_2018"
_RESAMPLE_TRIES = 16

GAME_TYPE = pyspiel.GameType(
    short_name=SHORT_NAME,
    long_name="Four Islands",
    dynamics=pyspiel.GameType.Dynamics.SEQUENTIAL,
    chance_mode=pyspiel.GameType.ChanceMode.EXPLICIT_STOCHASTIC,
    information=pyspiel.GameType.Information.IMPERFECT_INFORMATION,
    utility=pyspiel.GameType.Utility.GENERAL_SUM,
    reward_model=pyspiel.GameType.RewardModel.TERMINAL,
    max_num_players=2,
    min_num_players=2,
    provides_information_state_string=True,
    provides_information_state_tensor=False,
    provides_observation_string=True,
    provides_observation_tensor=False,
    parameter_specification={"scenario": DEFAULT_SCENARIO},
)

_ENGINES: dict[str, Game] = {}
"""Engine key -> compiled engine: states name their engine by key, so cloning copies no rules."""
_GAMES: dict[int, FourIslandsGame] = {}


def engine(key: str) -> Game:
    """The compiled engine a game or state names (KeyError when none is kept under `key`)."""
    return _ENGINES[key]


def keep(key: str, rules_engine: Game) -> Game:
    """Keep `rules_engine` under `key` unless one is kept there already; the one kept."""
    return _ENGINES.setdefault(key, rules_engine)


class FourIslandsGame(pyspiel.Game):  # type: ignore[misc]
    """One compiled scenario as an OpenSpiel game."""

    def __init__(
        self, rules_engine: Game, params: dict[str, Any] | None = None, key: str | None = None
    ) -> None:
        params = dict(params or {})
        self.scenario = str(params.get("scenario", rules_engine.rules.scenario_id))
        params["scenario"] = self.scenario
        self.key = key or f"{self.scenario}@{id(rules_engine):x}"
        info = keep(self.key, rules_engine).info
        super().__init__(
            GAME_TYPE,
            pyspiel.GameInfo(
                num_distinct_actions=info.num_distinct_actions,
                max_chance_outcomes=info.max_chance_outcomes,
                num_players=info.num_players,
                min_utility=float(info.min_utility),
                max_utility=float(info.max_utility),
                max_game_length=info.max_game_length,
            ),
            params,
        )

    @classmethod
    def of(cls, rules_engine: Game) -> FourIslandsGame:
        """The OpenSpiel game of a compiled engine (one per engine object and process)."""
        spiel = _GAMES.get(id(rules_engine))
        if spiel is None:  # the engine stays referenced in _ENGINES, so its id stays its own
            spiel = _GAMES[id(rules_engine)] = cls(rules_engine)
        return spiel

    def new_initial_state(self) -> FourIslandsState:
        """The state before the hidden-limit draws."""
        return FourIslandsState(self)

    def state_at(self, start: State) -> FourIslandsState:
        """A state that starts at a bare engine state (no history before it)."""
        return FourIslandsState(self, start)

    def make_py_observer(
        self, iig_obs_type: Any = None, params: dict[str, Any] | None = None
    ) -> FourIslandsObserver:
        """The observer OpenSpiel asks for observation and information-state strings."""
        return FourIslandsObserver(
            iig_obs_type or pyspiel.IIGObservationType(perfect_recall=False), params
        )


class FourIslandsState(pyspiel.State):  # type: ignore[misc]
    """A position: the engine state, where the history started, and each side's view of the
    history since then."""

    def __init__(self, game: FourIslandsGame, start: State | None = None) -> None:
        super().__init__(game)
        self._key = game.key
        self._start = start
        """None for the game's initial state; else the bare engine state the history starts at."""
        self._s: State = engine(self._key).new_initial_state() if start is None else start
        n = engine(self._key).info.num_players
        self._views: tuple[tuple[str, ...], ...] = tuple(() for _ in range(n))

    @property
    def engine_state(self) -> State:
        """The engine's state (hidden parts included)."""
        return self._s

    def current_player(self) -> int:
        """The side to move, or OpenSpiel's CHANCE / TERMINAL ids (the engine uses the same)."""
        return engine(self._key).current_player(self._s)

    def _legal_actions(self, player: int) -> list[int]:
        g = engine(self._key)
        if player != g.current_player(self._s):
            return []
        return list(g.legal_actions(self._s))

    def chance_outcomes(self) -> list[tuple[int, float]]:
        """(outcome index, probability) pairs of the pending draw."""
        return list(engine(self._key).chance_outcomes(self._s))

    def _apply_action(self, action: int) -> None:
        g = engine(self._key)
        self._views = tuple(
            (*views, _view(g, self._s, action, p)) for p, views in enumerate(self._views)
        )
        self._s = g.apply(self._s, action)

    def _action_to_string(self, player: int, action: int) -> str:
        return engine(self._key).action_to_string(self._s, action)

    def is_terminal(self) -> bool:
        """True when the game is over."""
        return engine(self._key).is_terminal(self._s)

    def returns(self) -> list[float]:
        """Scores at the end (zeros before)."""
        return list(engine(self._key).returns(self._s))

    def resample_from_infostate(
        self, player_id: int, probability_sampler: Callable[[], float]
    ) -> FourIslandsState:
        """A state `player_id` cannot tell from this one, drawn from its belief: the other
        side's flexibility from the player's belief now (its signals included), the signals
        the other side received from their odds in that world (those before a bare start
        blanked); every other action as played. A draw that cannot reproduce what the player
        saw (a vote whose odds became certain) is drawn again; after a few failures this
        state's own world is returned, or, after a bare start (whose true hidden parts must
        never reach a bot), the last world drawn as long as its actions stay legal."""
        g = engine(self._key)
        belief = g.observe(self._s, player_id).belief
        flex = tuple((k, p) for k, p in enumerate(belief) if p > 0.0)
        for _ in range(_RESAMPLE_TRIES):
            out = self._replay(g, player_id, flex, probability_sampler)
            if out is not None:
                return out
        if self._start is not None:
            out = self._replay(g, player_id, flex, probability_sampler, check=False)
            if out is not None:
                return out
        return self._replay(g, player_id, flex, None) or self.clone()

    def _replay(
        self,
        g: Game,
        player: int,
        flex: tuple[tuple[int, float], ...],
        u: Callable[[], float] | None,
        check: bool = True,
    ) -> FourIslandsState | None:
        """This history replayed with the other side's private draws drawn anew by `u` (kept
        when `u` is None); None when an action is not legal there, or (`check`) when the
        player would see a difference."""
        other = 1 - player
        start = self._start
        if start is not None and u is not None and start.hidden[other] >= 0:
            hidden = list(start.hidden)
            hidden[other] = _sample(flex, u())
            signals = list(start.signals)
            signals[other] = ()
            start = start._replace(hidden=tuple(hidden), signals=tuple(signals))
        fresh = FourIslandsState(self.get_game(), start)
        for action in self.history():
            s = fresh._s
            node = g.pending_chance(s)
            a = action
            if u is not None and node is not None and _private_to(node, other):
                a = _sample(flex if node.kind == Work.FLEX else g.chance_outcomes(s), u())
            if a not in g.legal_actions(s):
                return None
            fresh.apply_action(a)
        if not check:
            return fresh
        same = fresh._views[player] == self._views[player]
        if not same or g.observe(fresh._s, player) != g.observe(self._s, player):
            return None
        return fresh

    def __str__(self) -> str:
        g = engine(self._key)
        s = self._s
        return (
            f"turn {s.turn} {g.phase(s).name.lower()} actor {s.actor} table {s.table} "
            f"meters {list(s.meters)} flags {s.flags} statuses {list(s.statuses)} "
            f"hidden {list(s.hidden)} signals {list(s.signals)} ending {s.ending}"
        )


class FourIslandsObserver:
    """Observation (`perfect_recall=False`) and information-state (`True`) strings."""

    def __init__(self, iig_obs_type: Any, params: dict[str, Any] | None) -> None:
        if params:
            raise ValueError(f"observation parameters are not supported: {params}")
        self.perfect_recall = bool(iig_obs_type.perfect_recall)
        self.public = bool(iig_obs_type.public_info)
        self.private = iig_obs_type.private_info
        self.tensor = None
        self.dict: dict[str, Any] = {}

    def set_from(self, state: FourIslandsState, player: int) -> None:
        """No tensors: the game gives strings only."""

    def string_from(self, state: FourIslandsState, player: int) -> str:
        """`state` as side `player` sees it (its history too, with perfect recall)."""
        g = engine(state._key)
        s = state.engine_state
        parts = [f"p{player}"]
        if self.public:
            parts.append(_public_text(g, s))
        if self.private == pyspiel.PrivateInfoType.SINGLE_PLAYER:
            parts.append(_private_text(g.observe(s, player)))
        elif self.private == pyspiel.PrivateInfoType.ALL_PLAYERS:
            parts += [_private_text(g.observe(s, p)) for p in range(len(s.hidden))]
        if self.perfect_recall:
            parts.append(" | ".join(state._views[player]))
        return " ; ".join(parts)


def _private_to(node: Any, side: int) -> bool:
    """True when only `side` sees the outcome of this draw: its own level, its own signals."""
    if node.kind == Work.FLEX:
        return bool(node.side == side)
    return bool(node.kind == Work.REVEAL and node.receiver == side)


def _view(g: Game, s: State, action: int, player: int) -> str:
    """What `player` sees of `action` taken in `s`."""
    node = g.pending_chance(s)
    if node is not None and _private_to(node, 1 - player):
        return f"chance {node.name}=?"
    return g.action_to_string(s, action)


def _public_text(g: Game, s: State) -> str:
    return (
        f"turn {s.turn} {g.phase(s).name.lower()} actor {s.actor} part {s.part} acted {s.acted} "
        f"table {s.table} by {s.tabled_by} mask {s.tabled_mask} used {s.used_turn}/{s.used_game} "
        f"fired {s.fired} meters {list(s.meters)} flags {s.flags} statuses {list(s.statuses)} "
        f"chance {g.chance_node(s)} ending {s.ending}"
    )


def _private_text(obs: Observation) -> str:
    belief = ",".join(f"{b:.6f}" for b in obs.belief)
    signals = ",".join(f"{lv}@{acc:g}" for lv, acc in obs.signals)
    return f"side {obs.player} level {obs.own_level} belief [{belief}] signals [{signals}]"


def _sample(outcomes: tuple[tuple[int, float], ...], u: float) -> int:
    total = 0.0
    for action, p in outcomes:
        total += p
        if u < total:
            return action
    return outcomes[-1][0]
