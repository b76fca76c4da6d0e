"""When a quarter's report is due, and which are late: plain date arithmetic, no ORM.

A quarter is due a configurable number of days after it ends (settings.REPORT_DUE_DAYS,
15 by default): the figures of Q1 are due on 15 April.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

Quarter = tuple[int, int]
QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def quarter_of(day: datetime.date) -> Quarter:
    """The (year, quarter) a date falls in."""
    return day.year, (day.month - 1) // 3 + 1


def last_ended_quarter(today: datetime.date) -> Quarter:
    """The latest quarter that has ended by today (the one before today's)."""
    year, quarter = quarter_of(today)
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def quarter_end(year: int, quarter: int) -> datetime.date:
    month, day = QUARTER_END[quarter]
    return datetime.date(year, month, day)


def due_date(year: int, quarter: int, days: int) -> datetime.date:
    return quarter_end(year, quarter) + datetime.timedelta(days=days)


def quarters_due(
    start_year: int,
    end_year: int,
    today: datetime.date,
    days: int,
    up_to: Quarter | None = None,
) -> list[Quarter]:
    """Every quarter of a term whose due date has passed by today (and, with up_to, that is
    not after that quarter), oldest first."""
    return [
        (year, quarter)
        for year in range(start_year, end_year + 1)
        for quarter in range(1, 5)
        if due_date(year, quarter, days) < today and (up_to is None or (year, quarter) <= up_to)
    ]


def handed_in(reports: Mapping[Quarter, bool], with_figures: Iterable[Quarter]) -> set[Quarter]:
    """The quarters that count as handed in: those whose report was submitted or approved
    (reports maps each quarter that has a report to that), and those with figures but no report
    at all. Figures only get a report through the entry page; figures without one were brought
    in by import (history), which is not chased."""
    return {key for key, done in reports.items() if done} | {
        key for key in with_figures if key not in reports
    }


def overdue(
    start_year: int,
    end_year: int,
    handed_in: Iterable[Quarter],
    today: datetime.date,
    days: int,
    up_to: Quarter | None = None,
) -> list[Quarter]:
    """The quarters past their due date that were not handed in, up to the moment shown
    (up_to) if there is one."""
    done = set(handed_in)
    due = quarters_due(start_year, end_year, today, days, up_to)
    return [key for key in due if key not in done]
