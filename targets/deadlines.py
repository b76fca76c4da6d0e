"""When a quarter's report is due, and which are late: plain date arithmetic, no ORM.

A quarter is due a configurable number of days after it ends (settings.REPORT_DUE_DAYS,
15 by default): the figures of Q1 are due on 15 April.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def quarter_end(year: int, quarter: int) -> datetime.date:
    month, day = QUARTER_END[quarter]
    return datetime.date(year, month, day)


def due_date(year: int, quarter: int, days: int) -> datetime.date:
    return quarter_end(year, quarter) + datetime.timedelta(days=days)


def quarters_due(
    start_year: int, end_year: int, today: datetime.date, days: int
) -> list[tuple[int, int]]:
    """Every quarter of a term whose due date has passed by today, oldest first."""
    return [
        (year, quarter)
        for year in range(start_year, end_year + 1)
        for quarter in range(1, 5)
        if due_date(year, quarter, days) < today
    ]


def quarters_begun(start_year: int, end_year: int, today: datetime.date) -> list[tuple[int, int]]:
    """Every quarter of a term that has begun by today, oldest first."""
    return [
        (year, quarter)
        for year in range(start_year, end_year + 1)
        for quarter in range(1, 5)
        if datetime.date(year, 3 * quarter - 2, 1) <= today
    ]


def overdue(
    start_year: int,
    end_year: int,
    handed_in: Iterable[tuple[int, int]],
    today: datetime.date,
    days: int,
) -> list[tuple[int, int]]:
    """The quarters past their due date that were not handed in (submitted or approved)."""
    done = set(handed_in)
    return [key for key in quarters_due(start_year, end_year, today, days) if key not in done]
