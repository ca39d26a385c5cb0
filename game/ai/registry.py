"""The bot registry: names to classes, difficulties to specs, and specs to bots.

    bot = make_bot("negotiator:boulware=0.3")   # NegotiatorBot(boulware=0.3)
    bot = make_bot("ismcts:iters=2000,c=1.4")   # every searching bot counts its budget in `iters`
    bot = make_bot("hard")                      # a difficulty: a documented spec (DIFFICULTIES)
    bot = make_bot("hard:iters=3000")           # a difficulty with an option changed

No reflection and no folder scanning: a bot is known when it is listed in `BOTS`. Every error is
one line naming what is wrong: an unknown bot (with the known ones), an unknown option (with the
bot's options), a value that is not a number where one is expected, infinite, NaN, or out of the
bot's range.
"""

from __future__ import annotations

import inspect
import math
from typing import Any

from game.ai.base import Bot
from game.ai.greedy import GreedyBot
from game.ai.ismcts import IsmctsBot
from game.ai.lines import LINES, FixedLine
from game.ai.negotiator import NegotiatorBot
from game.ai.openspiel_bot import OpenSpielIsmctsBot
from game.ai.random_bot import RandomBot
from game.ai.rules_bot import RulesBot

BOTS: dict[str, type[Any]] = {
    "random": RandomBot,
    "rules": RulesBot,
    "greedy": GreedyBot,
    "negotiator": NegotiatorBot,
    "ismcts": IsmctsBot,
    "openspiel-ismcts": OpenSpielIsmctsBot,  # needs the openspiel extra (an outside baseline)
}
"""Registry name -> bot class; each class takes its options as keyword arguments."""

PROBES: dict[str, type[Any]] = {f"line-{k}": cls for k, cls in LINES.items()}
PROBES["line-fixed"] = FixedLine
"""The exploit lines (`game.ai.lines`): fixed lines of play, specs like bots, for measuring."""

DIFFICULTIES: dict[str, str] = {
    "easy": "greedy:margin=0,hope=0.3,iters=4",
    "normal": "negotiator",
    "hard": "ismcts:iters=1500,c=0.1,edge=0,z=1,verify=8,tail=4,leaf=1,keep=2,stakes=24,sound=1",
}
"""Difficulty -> the spec it stands for. None hands its bot a bonus or a peek at hidden limits:
`easy` is the one-ply greedy bot that settles for anything it can ratify and barely looks at its
moves; `normal` is the negotiator (concession curve, inference from public play; cheap);
`hard` searches 1,500 iterations (information-set MCTS over the negotiator's candidate packages,
the other side modelled by the negotiator's rule in each determinization; a larger tree costs
less an iteration and spreads the playouts' cost, docs/bots.md) and keeps the negotiator's choice
unless one of the tree's two best rivals beats it over 8 paired playouts by a standard error
(`verify`: the tree alone ties `normal`), playouts that play moves for 4 turns and the
negotiator's rule without moves after that to the end (`tail`); its leaves valued by normal's
`move_value` (`leaf`), a move that sets a flag or status left unsearched (`keep`), accepting an
offer verified over 24 playouts (`stakes`)."""

DEFAULT_OPPONENT = "normal"
"""The bot that plays the other sides when a person plays one (`run --as`)."""


def known_names() -> list[str]:
    """Every name a spec may start with: bots, then difficulties."""
    return sorted(BOTS) + list(DIFFICULTIES)


def _value(key: str, text: str, default: Any, where: str) -> Any:
    """The option's value, of its default's type; a one-line ValueError when it is not."""
    low = text.lower()
    if isinstance(default, bool):
        if low in ("true", "yes", "on", "1"):
            return True
        if low in ("false", "no", "off", "0"):
            return False
        raise ValueError(f"{where}: option {key!r} takes true or false, got {text!r}")
    if isinstance(default, int | float):
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"{where}: option {key!r} takes a number, got {text!r}") from None
        if math.isnan(number) or math.isinf(number):
            raise ValueError(f"{where}: option {key!r} must be a finite number, got {text!r}")
        if isinstance(default, int):
            if number != int(number):
                raise ValueError(f"{where}: option {key!r} takes a whole number, got {text!r}")
            return int(number)
        return number
    return text


def make_bot(spec: str) -> Bot:
    """The bot a spec names: `name`, `name:key=value,key=value`, or a difficulty (`normal`,
    `hard:iters=3000`).

    Raises ValueError (one line) naming the known bots or the bot's options when the spec is
    wrong, or the value and its allowed range when a value is bad.
    """
    text = spec.strip()
    name, _, opts = text.partition(":")
    name = name.strip().lower()
    label = name
    if name in DIFFICULTIES:
        base, _, base_opts = DIFFICULTIES[name].partition(":")
        name = base
        opts = ",".join(x for x in (base_opts, opts) if x.strip())
    cls = BOTS.get(name) or PROBES.get(name)
    if cls is None:
        raise ValueError(f"unknown bot {name!r}; known bots: {', '.join(known_names())}")
    where = f"bot {text!r}"
    params = {k: p.default for k, p in inspect.signature(cls).parameters.items() if k != "self"}
    kwargs: dict[str, Any] = {}
    for part in opts.split(","):
        part = part.strip()
        if not part:
            continue
        key, eq, value = part.partition("=")
        key = key.strip()
        if not eq or not key or not value.strip():
            raise ValueError(f"{where}: option {part!r}: expected key=value")
        if key not in params:
            known = ", ".join(params) or "none"
            raise ValueError(f"{where}: {name!r} has no option {key!r}; its options: {known}")
        kwargs[key] = _value(key, value.strip(), params[key], where)
    try:
        bot: Bot = cls(**kwargs)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: bad options: {exc}") from None
    except ImportError as exc:  # an optional extra the bot needs is missing
        raise ValueError(f"{where}: {exc}") from None
    if label != name:
        bot.name = label  # the difficulty's name, for transcripts and tables
    return bot
