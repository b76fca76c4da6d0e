"""Which term is current and which quarter a page opens on: plain values, no ORM.

Every page, command and the reminders ask these functions, so that two places never disagree
about "now" (DESIGN.md "Screens and addresses").
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Protocol

from targets import deadlines

Quarter = tuple[int, int]
QUARTERS_PER_YEAR = 4


class HasYears(Protocol):
    start_year: int
    end_year: int


def current_term[T: HasYears](terms: Iterable[T], today: datetime.date) -> T | None:
    """The term running today (the one that started last, if two overlap), else the one that
    started last; None without terms."""
    terms = list(terms)
    running = [term for term in terms if term.start_year <= today.year <= term.end_year]
    return max(running or terms, key=lambda term: term.start_year, default=None)


def latest_handed_in(
    quarters_by_committee: Sequence[Iterable[Quarter]],
    start_year: int,
    end_year: int,
    year: int | None = None,
) -> Quarter | None:
    """The latest quarter (of the term, or of `year`) found for at least half of the
    committees, else the latest found for any; None if there is none.

    An overview passes the quarters each committee under it handed in, so a single draft or
    an early report never moves what the leaders see. A committee's own pages pass one
    committee, its quarters with figures: its latest quarter, drafts included.
    """
    counts = Counter(
        key
        for quarters in quarters_by_committee
        for key in set(quarters)
        if start_year <= key[0] <= end_year and (year is None or key[0] == year)
    )
    if not counts:
        return None
    most = [key for key, count in counts.items() if 2 * count >= len(quarters_by_committee)]
    return max(most or counts)


def without_figures(
    start_year: int,
    end_year: int,
    today: datetime.date,
    year: int | None = None,
    start_quarter: int = 1,
) -> Quarter:
    """Where a page opens when nothing was handed in: the year's last quarter if a year was
    asked for, else the last quarter that has ended by today, kept inside the quarters the term
    reports (from its start quarter)."""
    if year is not None:
        return year, QUARTERS_PER_YEAR
    ended = deadlines.last_ended_quarter(today)
    return min(max(ended, (start_year, start_quarter)), (end_year, QUARTERS_PER_YEAR))
