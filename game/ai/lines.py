"""Fixed lines of play that probe a bot for exploitable habits (issue 9, `tournament --exploit`).

Each line is a bot of the protocol, named by a spec like any bot, and defined from public
queries only so it applies to any scenario (its own reservation from its observation, the other
side's estimated reservation, public utilities, move costs and categories):

- `line-a`: end every part and reject everything.
- `line-b`: pass, and accept any offer inside its own win-set.
- `line-c`: every turn table the package best for itself among those its estimate says the other
  side would ratify; accept offers (counters) inside its win-set.
- `line-d`: make the cheapest legal moves, then table the package best for the other side inside
  its own win-set; accept offers inside its win-set.
- `line-e`: a stonewall: reject everything and make only its side's pressure moves (categories
  `security` and `military`).
- `line-f`: a farmer: never tables, rejects everything, and each part makes the moves that raise
  its own expected no-deal score most (one ply, chance by expectation; at most `FARM_MOVES`),
  the line a player finds after a few games where deals are rare (found by a red team).
- `line-fixed`: the scenario's own historical line (`FIXED_LINES`; for tokyo_2018, as Japan: 1956
  basis, the no-bases pledge and summits, then "two islands plus talks" tabled every turn and
  every counter accepted); in a scenario without one, or in the other seat, it ends and rejects.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from game.engine import A_ACCEPT, A_END, A_REJECT, PH_ANSWER, PH_CHANCE, Game, State

PRESSURE = frozenset({"security", "military"})
FARM_MOVES = 3
"""Moves a part the farming line makes at most."""


def _in_winset(game: Game, state: State, player: int, package: int) -> bool:
    return game.utilities(state, player)[package] >= game.observe(state, player).own_reservation


def _answer_by_winset(game: Game, state: State, player: int) -> int:
    return A_ACCEPT if _in_winset(game, state, player, state.table) else A_REJECT


def _can_table(game: Game, legal: Sequence[int]) -> bool:
    return game.package_of(legal[-1]) >= 0


class EndLine:
    """(a) End every part, reject everything."""

    name = "line-a"

    def choose(self, game: Game, state: State, player: int, rng: random.Random) -> int:
        return A_REJECT if state.phase == PH_ANSWER else A_END


class AcceptLine:
    """(b) Pass; accept any offer inside its own win-set."""

    name = "line-b"

    def choose(self, game: Game, state: State, player: int, rng: random.Random) -> int:
        if state.phase == PH_ANSWER:
            return _answer_by_winset(game, state, player)
        return A_END


def _best_package(game: Game, keep: Sequence[float], at_least: float, rank: Sequence[float]) -> int:
    """Table the package highest in `rank` among those whose `keep` utility reaches `at_least`
    (ties to the lower index); end the part when there is none."""
    ok = [p for p in range(len(keep)) if keep[p] >= at_least]
    if not ok:
        return A_END
    return game.package_action(max(ok, key=lambda p: (rank[p], -p)))


class AskLine:
    """(c) Table the package best for itself that the other side would ratify by its estimate;
    accept offers inside its win-set."""

    name = "line-c"

    def choose(self, game: Game, state: State, player: int, rng: random.Random) -> int:
        if state.phase == PH_ANSWER:
            return _answer_by_winset(game, state, player)
        legal = game.legal_actions(state)
        if not _can_table(game, legal):
            return A_END
        estimate = game.observe(state, player).estimate
        own = game.utilities(state, player)
        other = game.utilities(state, 1 - player)
        return _best_package(game, keep=other, at_least=estimate, rank=own)


class GiveLine:
    """(d) The cheapest legal moves, then the package best for the other side inside its own
    win-set; accept offers inside its win-set."""

    name = "line-d"

    def choose(self, game: Game, state: State, player: int, rng: random.Random) -> int:
        if state.phase == PH_ANSWER:
            return _answer_by_winset(game, state, player)
        legal = game.legal_actions(state)
        moves = [a for a in legal if game.move_of(a) >= 0]
        if moves:
            return min(moves, key=lambda a: (game.rules.moves[game.move_of(a)].cost, a))
        if not _can_table(game, legal):
            return A_END
        res = game.observe(state, player).own_reservation
        own = game.utilities(state, player)
        other = game.utilities(state, 1 - player)
        return _best_package(game, keep=own, at_least=res, rank=other)


class StonewallLine:
    """(e) Reject everything; make only its side's pressure moves (security, military)."""

    name = "line-e"

    def choose(self, game: Game, state: State, player: int, rng: random.Random) -> int:
        if state.phase == PH_ANSWER:
            return A_REJECT
        for a in game.legal_actions(state):
            i = game.move_of(a)
            if i >= 0 and game.rules.moves[i].category in PRESSURE:
                return a
        return A_END


def _expected_no_deal(game: Game, state: State, player: int, depth: int = 0) -> float:
    """`player`'s no-deal score after the chance draws pending in `state`, by expectation."""
    if state.phase == PH_CHANCE and depth < 6:
        return sum(
            p * _expected_no_deal(game, game.apply(state, k), player, depth + 1)
            for k, p in game.chance_outcomes(state)
        )
    return game.no_deal_returns(state)[player]


class FarmLine:
    """(f) Never table, reject everything; each part the moves that raise its own expected
    no-deal score most."""

    name = "line-f"

    def choose(self, game: Game, state: State, player: int, rng: random.Random) -> int:
        if state.phase == PH_ANSWER:
            return A_REJECT
        if state.acted >= FARM_MOVES:
            return A_END
        best, best_value = A_END, game.no_deal_returns(state)[player] + 1e-9
        for a in game.legal_actions(state):
            if game.package_of(a) >= 0:
                break  # ascending: end, answers, moves, then the packages
            if game.move_of(a) < 0:
                continue
            value = _expected_no_deal(game, game.apply(state, a), player)
            if value > best_value:
                best, best_value = a, value
        return best


class ScriptedLine:
    """A scenario's own fixed line: its moves whenever legal (in the order given), then one
    package tabled every turn; every offer accepted."""

    def __init__(self, name: str, moves: tuple[int, ...], package: int) -> None:
        self.name = name
        self.moves = moves
        self.package = package

    def choose(self, game: Game, state: State, player: int, rng: random.Random) -> int:
        if state.phase == PH_ANSWER:
            return A_ACCEPT
        legal = game.legal_actions(state)
        for a in self.moves:
            if a in legal:
                return a
        action = game.package_action(self.package)
        return action if action in legal else A_END


class FixedLine:
    """`line-fixed`: the scenario's historical line (`FIXED_LINES`), found by its id."""

    name = "line-fixed"

    def __init__(self) -> None:
        self._lines: dict[int, tuple[Game, tuple[int, ScriptedLine] | None]] = {}

    def choose(self, game: Game, state: State, player: int, rng: random.Random) -> int:
        known = self._lines.get(id(game))
        if known is None or known[0] is not game:
            known = self._lines[id(game)] = (game, scripted_line(game, game.rules.scenario_id))
        fixed = known[1]
        if fixed is None or fixed[0] != player:
            return A_REJECT if state.phase == PH_ANSWER else A_END
        return fixed[1].choose(game, state, player, rng)


LINES: dict[str, type] = {
    "a": EndLine,
    "b": AcceptLine,
    "c": AskLine,
    "d": GiveLine,
    "e": StonewallLine,
    "f": FarmLine,
}
"""The issue's five exploit lines, by letter, and the farming line a red team found."""

FIXED_LINES: dict[str, tuple[int, tuple[str, ...], str]] = {
    "tokyo_2018": (
        0,
        ("j_accept_1956_basis", "j_no_bases_assurance", "summit"),
        "small_islands=transfer_after_treaty large_islands=talks_continue security=no_us_bases "
        "treaty=after_territory economy=joint_projects legal_frame=russian_law",
    ),
}
"""Scenario id -> (seat, move ids, package) of its historical fixed line."""


def scripted_line(game: Game, scenario_id: str) -> tuple[int, ScriptedLine] | None:
    """The scenario's fixed line and its seat, or None when it has none (or it does not fit)."""
    spec = FIXED_LINES.get(scenario_id)
    if spec is None:
        return None
    seat, move_ids, text = spec
    ids = {m.id: i for i, m in enumerate(game.rules.moves) if m.side == seat}
    moves = tuple(game.move_action(ids[m]) for m in move_ids if m in ids)
    opts = dict(part.split("=", 1) for part in text.split())
    issues = game.rules.issues
    try:
        index = tuple([o.id for o in issue.options].index(opts[issue.id]) for issue in issues)
    except (KeyError, ValueError):
        return None
    package = game.package_index(index)
    if package < 0:
        return None
    return seat, ScriptedLine("line-fixed", moves, package)
