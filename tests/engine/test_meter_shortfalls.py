"""`Game.meter_shortfalls`: each false part of a move's condition as the change of one meter
that meets it, or (-1, 0) when no change of one meter does."""

from __future__ import annotations

from game.engine import Game
from game.scenario import load_rules


def _move(game: Game, move_id: str, side: int) -> int:
    return next(i for i, m in enumerate(game.rules.moves) if m.id == move_id and m.side == side)


def test_shortfalls_name_the_meter_changes_a_condition_still_needs():
    game = Game(load_rules("nagato_2016"))
    s = game.new_initial_state()
    meter = {m.id: i for i, m in enumerate(game.rules.meters)}
    trust, momentum = s.meters[meter["trust"]], s.meters[meter["momentum"]]
    assert trust < 45 and momentum < 45 and trust > 25
    basis = _move(game, "j_accept_1956_basis", 0)  # trust >= 45 and momentum >= 45 and ...
    assert game.meter_shortfalls(s, basis) == (
        (meter["trust"], 45 - trust),
        (meter["momentum"], 45 - momentum),
    )
    assert len(game.unmet_conditions(s, basis)) == 2  # the same parts, in words
    suspend = _move(game, "suspend_talks", 0)  # trust <= 25: trust must fall
    assert game.meter_shortfalls(s, suspend) == ((meter["trust"], 25 - trust),)
    assurance = _move(game, "j_no_bases_assurance", 0)  # flags only
    assert game.meter_shortfalls(s, assurance) == ((-1, 0),)
    talks = _move(game, "ministerial_talks", 0)  # its condition holds
    assert game.meter_shortfalls(s, talks) == ()
    # met exactly, the part is no longer short
    met = list(s.meters)
    met[meter["trust"]] = 45
    assert game.meter_shortfalls(s._replace(meters=tuple(met)), basis) == (
        (meter["momentum"], 45 - momentum),
    )
