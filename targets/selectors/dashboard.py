"""What a committee's dashboard asks of its editors: the quarter to enter next, the quarters
returned, and the quarters overdue."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from districts.models import Term
from targets import cycle, deadlines
from targets.models import QuarterlyReport
from targets.selectors.committee import REPORTED


@dataclass(frozen=True)
class EntryPrompt:
    """What a committee's dashboard asks of its editors: the quarters returned to them (oldest
    first, each with the reviewer's comment) and the quarter its main button opens."""

    returned: list[QuarterlyReport]
    next_quarter: tuple[int, int] | None


def entry_prompt(
    term: Term, with_figures: Iterable[tuple[int, int]], today: datetime.date | None = None
) -> EntryPrompt:
    """The quarter to enter next: the oldest returned one; else the oldest quarter of the term
    that has begun, is still open and is not handed in (never one submitted or approved, nor
    imported history: the quarters with figures are given); None when there is none. One
    query: the term's reports."""
    today = today or timezone.localdate()
    reports = {
        (report.year, report.quarter): report
        for report in QuarterlyReport.objects.filter(term=term).select_related("reviewed_by")
    }
    returned = sorted(
        (report for report in reports.values() if report.status == QuarterlyReport.Status.RETURNED),
        key=lambda report: (report.year, report.quarter),
    )
    if returned:
        return EntryPrompt(returned=returned, next_quarter=(returned[0].year, returned[0].quarter))
    done = deadlines.handed_in(
        {key: report.status in REPORTED for key, report in reports.items()}, with_figures
    )
    next_quarter = next(
        (
            key
            for key in deadlines.quarters_begun(
                term.start_year, term.end_year, today, term.start_quarter
            )
            if key not in done and cycle.is_open(reports.get(key))
        ),
        None,
    )
    return EntryPrompt(returned=returned, next_quarter=next_quarter)


def overdue_quarters(
    term: Term,
    with_figures: Iterable[tuple[int, int]],
    up_to: tuple[int, int],
    today: datetime.date | None = None,
) -> list[tuple[int, int]]:
    """The term's quarters up to the moment shown past their due date and not handed in
    (imported history counts as handed in: the quarters with figures are given); one query."""
    reports = {
        (year, quarter): status in REPORTED
        for _term, year, quarter, status in QuarterlyReport.objects.statuses([term.pk])
    }
    return deadlines.term_overdue(
        term,
        deadlines.handed_in(reports, with_figures),
        today or timezone.localdate(),
        settings.REPORT_DUE_DAYS,
        up_to,
    )
