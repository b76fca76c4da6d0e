"""When a quarter's report is due, and which are late: plain date arithmetic, no ORM.

A quarter is due a configurable number of days after it ends (settings.REPORT_DUE_DAYS,
15 by default): the figures of Q1 are due on 15 April.

A term reports from the quarter of its start year given by its `start_quarter` (1 by default;
the wards and communes created by the 2025 reform report from 2025 Q4) to the end of its end
year: the quarters before are neither asked for nor overdue (`reports_in`, `term_quarters`).
Reminders chase a term until its last quarter's due date (`term_chased`): after that it is
history (a district dissolved by the 2025 reform keeps its 2020–2025 term), whose pages still
count its overdue quarters but whose editors are no longer e-mailed about them.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Mapping
from typing import Protocol

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


def reports_in(
    start_year: int, end_year: int, year: int, quarter: int, start_quarter: int = 1
) -> bool:
    """Whether a term reports the quarter: from its start quarter to the end of its end year."""
    return 1 <= quarter <= 4 and (start_year, start_quarter) <= (year, quarter) <= (end_year, 4)


class HasReportingSpan(Protocol):
    start_year: int
    end_year: int
    start_quarter: int


def term_reports(term: HasReportingSpan, year: int, quarter: int) -> bool:
    """Whether a term (districts.models.Term) reports the quarter: reports_in for its years
    and start quarter."""
    return reports_in(term.start_year, term.end_year, year, quarter, term.start_quarter)


def term_quarters(start_year: int, end_year: int, start_quarter: int = 1) -> list[Quarter]:
    """Every quarter a term reports, oldest first."""
    return [
        (year, quarter)
        for year in range(start_year, end_year + 1)
        for quarter in range(1, 5)
        if reports_in(start_year, end_year, year, quarter, start_quarter)
    ]


def quarters_due(
    start_year: int,
    end_year: int,
    today: datetime.date,
    days: int,
    up_to: Quarter | None = None,
    start_quarter: int = 1,
) -> list[Quarter]:
    """Every quarter a term reports whose due date has passed by today (and, with up_to, that
    is not after that quarter), oldest first."""
    return list(_quarters_due(start_year, end_year, today, days, up_to, start_quarter))


@functools.lru_cache(maxsize=256)
def _quarters_due(
    start_year: int,
    end_year: int,
    today: datetime.date,
    days: int,
    up_to: Quarter | None,
    start_quarter: int,
) -> tuple[Quarter, ...]:
    # An overview asks this for thousands of committees whose terms share their years.
    return tuple(
        key
        for key in term_quarters(start_year, end_year, start_quarter)
        if due_date(*key, days) < today and (up_to is None or key <= up_to)
    )


def quarters_begun(
    start_year: int, end_year: int, today: datetime.date, start_quarter: int = 1
) -> list[Quarter]:
    """Every quarter a term reports that has begun by today, oldest first."""
    return [
        (year, quarter)
        for year, quarter in term_quarters(start_year, end_year, start_quarter)
        if datetime.date(year, 3 * quarter - 2, 1) <= today
    ]


def term_chased(term: HasReportingSpan, today: datetime.date, days: int) -> bool:
    """Whether reminders still chase a term today: until the due date of its last quarter."""
    return today <= due_date(term.end_year, 4, days)


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
    start_quarter: int = 1,
) -> list[Quarter]:
    """The quarters past their due date that were not handed in, up to the moment shown
    (up_to) if there is one; none before the term's start quarter."""
    done = set(handed_in)
    due = quarters_due(start_year, end_year, today, days, up_to, start_quarter)
    return [key for key in due if key not in done]


def term_overdue(
    term: HasReportingSpan,
    handed_in: Iterable[Quarter],
    today: datetime.date,
    days: int,
    up_to: Quarter | None = None,
) -> list[Quarter]:
    """overdue() for a term (districts.models.Term): its years and its start quarter."""
    return overdue(
        term.start_year, term.end_year, handed_in, today, days, up_to, term.start_quarter
    )
