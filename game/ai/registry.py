"""The bot registry: names to classes, and specs like `rules:margin=2,budget=20` to bots.

    bot = make_bot("rules:margin=2")      # RulesBot(margin=2)
    bot = make_bot("random")

No reflection and no folder scanning: a bot is known when it is listed in `BOTS`.
"""

from __future__ import annotations

import inspect
from typing import Any

from game.ai.base import Bot
from game.ai.random_bot import RandomBot
from game.ai.rules_bot import RulesBot

BOTS: dict[str, type[Any]] = {"random": RandomBot, "rules": RulesBot}
"""Registry name -> bot class; each class takes its options as keyword arguments."""


def _value(text: str) -> Any:
    low = text.lower()
    if low in ("true", "yes", "on"):
        return True
    if low in ("false", "no", "off"):
        return False
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def make_bot(spec: str) -> Bot:
    """The bot a spec names: `name` or `name:key=value,key=value`.

    Raises ValueError naming the known bots (or the bot's options) when the spec is wrong.
    """
    name, _, opts = spec.strip().partition(":")
    name = name.strip().lower()
    cls = BOTS.get(name)
    if cls is None:
        raise ValueError(f"unknown bot {name!r}; known bots: {', '.join(sorted(BOTS))}")
    params = [p for p in inspect.signature(cls).parameters if p != "self"]
    kwargs: dict[str, Any] = {}
    for part in opts.split(","):
        part = part.strip()
        if not part:
            continue
        key, eq, value = part.partition("=")
        key = key.strip()
        if not eq or not key:
            raise ValueError(f"bot option {part!r} in {spec!r}: expected key=value")
        if key not in params:
            known = ", ".join(params) or "none"
            raise ValueError(f"bot {name!r} has no option {key!r}; its options: {known}")
        kwargs[key] = _value(value.strip())
    try:
        bot: Bot = cls(**kwargs)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"bad options for bot {name!r} in {spec!r}: {exc}") from exc
    return bot
