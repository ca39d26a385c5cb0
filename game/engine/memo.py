"""Bounded memo tables: a full table is emptied and filled again, so a hit costs one lookup and
memory stays bounded without bookkeeping (the engine's and its callers' pure caches)."""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


def remember(table: dict[K, V], key: K, value: V, limit: int) -> V:
    """Store `value` under `key` in `table` (emptied first when it holds `limit` entries) and
    return it."""
    if len(table) >= limit:
        table.clear()
    table[key] = value
    return value
