"""Which committees to remind of which quarters: overdue ones and returned ones."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from districts.models import Committee, Term
from targets import deadlines, moments
from targets.models import Figure, QuarterlyReport
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
    """For each committee's current term (moments.current_term, as the pages choose it) that
    is still chased (deadlines.term_chased: a dissolved district's ended term is not), the
    quarters past their due date not handed in (imported history counts as handed in) and the
    quarters returned to it. Four queries."""
    by_committee = defaultdict(list)
    for term in Term.objects.select_related("committee"):
        by_committee[term.committee_id].append(term)
    days = settings.REPORT_DUE_DAYS
    terms = {
        term.pk: term
        for term in (moments.current_term(each, today) for each in by_committee.values())
        if deadlines.term_chased(term, today, days)
    }
    reports = defaultdict(dict)
    returned = defaultdict(list)
    for report in QuarterlyReport.objects.filter(term_id__in=terms).order_by("year", "quarter"):
        reports[report.term_id][report.year, report.quarter] = report.status in REPORTED
        if report.status == QuarterlyReport.Status.RETURNED:
            returned[report.term_id].append(report)
    with_figures = defaultdict(set)
    for term_id, year, quarter in (
        Figure.objects.filter(target__term_id__in=terms)
        .values_list("target__term_id", "year", "quarter")
        .distinct()
    ):
        with_figures[term_id].add((year, quarter))
    reminders = []
    for term in sorted(terms.values(), key=lambda term: term.committee.code):
        handed_in = deadlines.handed_in(reports[term.pk], with_figures[term.pk])
        overdue = deadlines.term_overdue(term, handed_in, today, days)
        if overdue or returned[term.pk]:
            reminders.append(Reminder(term.committee, term, overdue, returned[term.pk]))
    return reminders
