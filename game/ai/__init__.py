"""Computer players over the engine (no scenario import): a protocol, bots and a registry.

Bots: `random`, `greedy` (one ply; `rules` is the same player with memos, kept for old records),
`negotiator` and `ismcts`; difficulties `easy`, `normal`, `hard` (`registry.DIFFICULTIES`).
Front ends: `advisors.advisor_verdicts` and `advisors.answer_probability`.
"""

from game.ai.base import Bot
from game.ai.greedy import GreedyBot
from game.ai.ismcts import IsmctsBot
from game.ai.negotiator import NegotiatorBot
from game.ai.random_bot import RandomBot
from game.ai.registry import BOTS, DEFAULT_OPPONENT, DIFFICULTIES, make_bot
from game.ai.rules_bot import RulesBot

__all__ = [
    "BOTS",
    "DEFAULT_OPPONENT",
    "DIFFICULTIES",
    "Bot",
    "GreedyBot",
    "IsmctsBot",
    "NegotiatorBot",
    "RandomBot",
    "RulesBot",
    "make_bot",
]
