"""Computer players over the engine (no scenario import): a protocol and a registry."""

from game.ai.base import Bot
from game.ai.random_bot import RandomBot
from game.ai.registry import BOTS, make_bot
from game.ai.rules_bot import RulesBot

__all__ = ["BOTS", "Bot", "RandomBot", "RulesBot", "make_bot"]
