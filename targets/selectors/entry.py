"""The quarterly entry and review page: every target due in the quarter with its figure, the
quarter before, the year's plan and its last change; the report and its steps."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from districts.models import Committee, Term
from targets import progress as engine
from targets.models import Figure, QuarterlyReport, Revision, Target
from targets.selectors.committee import GROUP_ORDER, quarterly_report


@dataclass(frozen=True)
class LastChange:
    when: datetime.datetime
    user: str
    old_value: Decimal | None


@dataclass(frozen=True)
class EntryRow:
    """One target of the entry or review page: its figure for the quarter and what to compare
    it with."""

    target: Target
    figure: Figure | None
    previous: Decimal | None
    plan: engine.PlanInForce  # the year's plan in force at the quarter (revisions included)
    last_change: LastChange | None
    change_pct: Decimal | None
    large_change: bool
    previous_counts: engine.Counts | None = None  # a ratio's previous figure, as counts
    counts_pct: Decimal | None = None  # a ratio's figure of the quarter, as the engine's %


@dataclass(frozen=True)
class QuarterPage:
    committee: Committee
    term: Term
    year: int
    quarter: int
    rows: list[EntryRow]
    report: QuarterlyReport | None
    steps: list  # the report's history, newest first

    @property
    def missing(self) -> list[Target]:
        return [row.target for row in self.rows if row.figure is None]


def quarter_page(committee: Committee, term: Term, year: int, quarter: int) -> QuarterPage:
    """Every target due in the quarter (by its reporting frequency) with its figure, the previous
    quarter's, the year's plan in force (the engine's, revisions included) and its last change;
    the report and its steps. Six queries whatever the number of targets."""
    targets = list(Target.objects.for_display(term).due_in(quarter).with_year_plan(year))
    # In the dashboard's order: by group, then programme, then code (the sort is stable).
    targets.sort(key=lambda target: GROUP_ORDER.get(target.group, len(GROUP_ORDER)))
    revisions = _plan_revisions(term, year)
    figures, previous = {}, {}
    for figure in Figure.objects.at_and_before(term, year, quarter):
        if (figure.year, figure.quarter) == (year, quarter):
            figures[figure.target_id] = figure
        else:
            previous[figure.target_id] = figure
    previous_counts = {pk: figure.counts for pk, figure in previous.items()}
    # A ratio's figure is compared by its percentage, which the engine computes from its counts.
    previous = {
        pk: engine.counts_pct(figure.counts) if figure.counts else figure.value
        for pk, figure in previous.items()
    }
    changes = _last_changes(term, year, quarter)
    rows = [
        EntryRow(
            target=target,
            figure=figures.get(target.pk),
            previous=previous.get(target.pk),
            previous_counts=previous_counts.get(target.pk),
            counts_pct=engine.counts_pct(getattr(figures.get(target.pk), "counts", None)),
            plan=engine.annual_plan_in_force(target.year_plan, revisions[target.pk], year, quarter),
            last_change=changes.get(target.pk),
            change_pct=engine.change_pct(
                previous.get(target.pk), getattr(figures.get(target.pk), "value", None)
            ),
            large_change=engine.is_large_change(
                previous.get(target.pk), getattr(figures.get(target.pk), "value", None)
            ),
        )
        for target in targets
    ]
    report = quarterly_report(term, year, quarter)
    steps = list(
        QuarterlyReport.history.filter(term_id=term.pk, year=year, quarter=quarter)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    return QuarterPage(committee, term, year, quarter, rows, report, steps)


def _plan_revisions(term: Term, year: int) -> dict[int, list[engine.Revision]]:
    """The revisions of the term's plans of `year`, by target id, for the engine; one query."""
    revisions = defaultdict(list)
    for revision in Revision.objects.filter(target__term=term, plan_year=year):
        revisions[revision.target_id].append(revision.as_engine())
    return revisions


def _last_changes(term: Term, year: int, quarter: int) -> dict[int, LastChange]:
    """For each figure of the quarter, its latest change: who, when, and the value before."""
    changes: dict[int, LastChange] = {}
    last: dict[int, Decimal | None] = {}
    versions = (
        Figure.history.filter(target__term=term, year=year, quarter=quarter)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    for version in versions:
        before = last.get(version.target_id)
        value = None if version.history_type == "-" else version.value
        changes[version.target_id] = LastChange(
            when=version.history_date,
            user=version.history_user.get_username() if version.history_user else "",
            old_value=before,
        )
        last[version.target_id] = value
    return changes
