"""Computer players over the engine (no scenario import): a protocol and a registry."""

from game.ai.base import Bot

__all__ = ["Bot"]
