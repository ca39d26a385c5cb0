"""Four Islands: a turn-based negotiation game."""

__version__ = "0.1.0"
