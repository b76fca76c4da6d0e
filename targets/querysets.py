"""The reads of the screens as QuerySet methods (STYLE.md: `Target.objects.for_display(term)`),
built with select_related/annotate so that a screen's queries stay few and flat; the selectors
assemble the screens from them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import OuterRef, Q, Subquery

from districts.models import Committee, Term
from targets import progress as engine


class TargetQuerySet(models.QuerySet):
    def for_display(self, term: Term) -> TargetQuerySet:
        """Every target of a term in the order the pages show them, with its programme (one
        query); their figures and progress come from targets.progress_cache."""
        return (
            self.filter(term=term)
            .select_related("programme")
            .order_by(models.F("programme__number").asc(nulls_last=True), "code")
        )

    def due_in(self, quarter: int) -> TargetQuerySet:
        """The targets with a figure due in the quarter (by their reporting frequency)."""
        return self.filter(frequency__in=engine.frequencies_due(quarter))

    def with_year_plan(self, year: int) -> TargetQuerySet:
        """Each target with its original plan for the year as `year_plan` (None if none)."""
        from targets.models import AnnualPlan  # the models import this module

        plans = AnnualPlan.objects.filter(target=OuterRef("pk"), year=year).values("value")
        return self.annotate(year_plan=Subquery(plans[:1]))

    def for_detail(self, term: Term, code: str) -> TargetQuerySet:
        """The target of a term with this code, with its programme and parent target."""
        return self.filter(term=term, code=code).select_related("programme", "parent")

    def children_of(self, term: Term, code: str) -> TargetQuerySet:
        """The targets of the committees below that contribute to the target `code` of `term`,
        with their terms and committees, by committee code."""
        return (
            self.filter(parent__term=term, parent__code=code)
            .select_related("term__committee")
            .order_by("term__committee__code", "code")
        )

    def contributions_to(self, root_term: Term, terms: Iterable[Term]) -> TargetQuerySet:
        """(pk, term id, code, parent's code, parent's name) of the targets of `terms` that
        contribute to a target of `root_term`."""
        return (
            self.filter(term_id__in=[each.pk for each in terms], parent__term=root_term)
            .order_by()
            .values_list("pk", "term_id", "code", "parent__code", "parent__name")
        )


class FigureQuerySet(models.QuerySet):
    def in_order(self) -> FigureQuerySet:
        """Quarter by quarter, with who last changed each."""
        return self.select_related("updated_by").order_by("year", "quarter")

    def at_and_before(self, term: Term, year: int, quarter: int) -> FigureQuerySet:
        """The figures of a term's quarter and of the quarter before, with who changed them."""
        previous_year, previous = engine.previous_quarter(year, quarter)
        return (
            self.filter(target__term=term)
            .filter(Q(year=year, quarter=quarter) | Q(year=previous_year, quarter=previous))
            .select_related("updated_by")
        )

    def of_reports(self, reports: Iterable) -> FigureQuerySet:
        """(target id, term id, year, quarter, value, estimate) of the figures of the reports'
        quarters and of the quarters before them."""
        wanted = Q()
        for report in reports:
            previous_year, previous = engine.previous_quarter(report.year, report.quarter)
            wanted |= Q(target__term_id=report.term_id, year=report.year, quarter=report.quarter)
            wanted |= Q(target__term_id=report.term_id, year=previous_year, quarter=previous)
        return (
            self.filter(wanted)
            .order_by()
            .values_list("target_id", "target__term_id", "year", "quarter", "value", "is_estimate")
        )


class QuarterlyReportQuerySet(models.QuerySet):
    def of_quarter(self, term: Term, year: int, quarter: int) -> QuarterlyReportQuerySet:
        """A term's report of the quarter, with who submitted and reviewed it."""
        return self.filter(term=term, year=year, quarter=quarter).select_related(
            "submitted_by", "reviewed_by"
        )

    def statuses(self, term_ids: Iterable[int]) -> QuarterlyReportQuerySet:
        """(term id, year, quarter, status) of the terms' reports."""
        return self.filter(term_id__in=list(term_ids)).values_list(
            "term_id", "year", "quarter", "status"
        )

    def waiting_for(self, user) -> QuarterlyReportQuerySet:
        """The submitted quarters of the committees the user reviews."""
        return self.filter(
            status=self.model.Status.SUBMITTED,
            committee__in=Committee.objects.reviewed_by(user),
        )

    def for_inbox(self) -> QuarterlyReportQuerySet:
        """Oldest first, with the committee, term and who submitted each."""
        return self.select_related("committee", "term", "submitted_by").order_by(
            "submitted_at", "committee__code"
        )
