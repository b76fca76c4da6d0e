"""Which committees to remind of which quarters: overdue ones and returned ones."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from districts.models import Committee, Term
from targets import deadlines
from targets.models import QuarterlyReport
from targets.selectors import REPORTED


@dataclass(frozen=True)
class Reminder:
    committee: Committee
    term: Term
    overdue: list[tuple[int, int]]
    returned: list[QuarterlyReport]

    @property
    def subject(self) -> str:
        return _("Chỉ tiêu: %(count)s quarters of %(committee)s need your figures") % {
            "count": len(self.overdue) + len(self.returned),
            "committee": self.committee.name,
        }


def committee_reminders(today: datetime.date) -> list[Reminder]:
    """For each committee's current term (the one running today, else its latest), the quarters
    past their due date not handed in and the quarters returned to it. Three queries."""
    current: dict[int, Term] = {}
    for term in Term.objects.select_related("committee").order_by("start_year"):
        held = current.get(term.committee_id)
        if held is None or not held.contains_year(today.year):
            current[term.committee_id] = term
    terms = {term.pk: term for term in current.values()}
    handed_in = defaultdict(list)
    returned = defaultdict(list)
    for report in QuarterlyReport.objects.filter(term_id__in=terms).order_by("year", "quarter"):
        if report.status in REPORTED:
            handed_in[report.term_id].append((report.year, report.quarter))
        elif report.status == QuarterlyReport.Status.RETURNED:
            returned[report.term_id].append(report)
    reminders = []
    for term in sorted(terms.values(), key=lambda term: term.committee.code):
        overdue = deadlines.overdue(
            term.start_year, term.end_year, handed_in[term.pk], today, settings.REPORT_DUE_DAYS
        )
        if overdue or returned[term.pk]:
            reminders.append(Reminder(term.committee, term, overdue, returned[term.pk]))
    return reminders
