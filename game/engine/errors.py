"""Errors the engine raises for bad requests (never for bad scenario data: that is the loader's)."""

from __future__ import annotations


class ActionError(ValueError):
    """An action that is unknown or not legal now; carries the legal alternatives as text."""

    def __init__(self, message: str, legal: tuple[str, ...] = ()) -> None:
        self.legal = legal
        super().__init__(message)
