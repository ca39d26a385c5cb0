"""Calendar arithmetic of a scenario's clock: adding months to a date, the date of each turn."""

from __future__ import annotations

import datetime

__all__ = ["add_months", "turn_dates"]


def add_months(start: datetime.date, months: int) -> datetime.date:
    """`start` plus `months` calendar months, keeping the day (clamped to the month's length)."""
    total = start.month - 1 + months
    year, month = start.year + total // 12, total % 12 + 1
    if month == 12:
        days = 31
    else:
        days = (datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(start.day, days))


def turn_dates(start: str, months_per_turn: int, turns: int) -> tuple[str, ...]:
    """ISO date of each turn (index 0 is turn 1)."""
    d0 = datetime.date.fromisoformat(start)
    return tuple(add_months(d0, t * months_per_turn).isoformat() for t in range(turns))
