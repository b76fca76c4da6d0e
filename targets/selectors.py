"""Reads that feed the progress engine: load from the database in a fixed number of queries,
turn rows into the engine's plain values, and hand back what screens and commands show."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from districts.models import Committee, Term, parse_term_label
from targets import deadlines
from targets import progress as engine
from targets.models import AnnualPlan, Measurement, QuarterlyReport, Target
from targets.progress_cache import TargetFacts, TermResults, engine_figures


class MomentError(ValueError):
    """A term, year or quarter that does not exist for the committee."""


@dataclass(frozen=True)
class TargetRow:
    target: Target
    figures: engine.TargetFigures
    progress: engine.Progress


@dataclass(frozen=True)
class CommitteeProgress:
    committee: Committee
    term: Term
    year: int
    quarter: int
    rows: list[TargetRow]
    summary: engine.Summary


def target_figures(
    target: Target, term: Term, measurements: list[Measurement] | None = None
) -> engine.TargetFigures:
    """The engine's view of a target whose plans and revisions (and, unless given,
    measurements) are prefetched."""
    if measurements is None:
        measurements = list(target.measurements.all())
    return engine_figures(
        aggregation=target.aggregation,
        direction=target.direction,
        frequency=target.frequency,
        start_year=term.start_year,
        end_year=term.end_year,
        baseline=target.baseline,
        term_target=target.term_target,
        plans={plan.year: plan.value for plan in target.plans.all()},
        figures=[
            (m.year, m.quarter, m.value, m.numerator, m.denominator, m.is_estimate)
            for m in measurements
        ],
        revisions=[revision.as_engine() for revision in target.revisions.all()],
    )


def current_term(committee: Committee, label: str | None = None, today=None) -> Term:
    """The committee's term with this label, or without one the term running today (else the
    most recent one). Raises MomentError if there is none."""
    return pick_term(committee, list(committee.terms.all()), label, today)


def pick_term(
    committee: Committee, terms: list[Term], label: str | None = None, today=None
) -> Term:
    """current_term() over terms already loaded (the term picker shows the same list)."""
    if label:
        for term in terms:
            if term.label == _normalised_label(label):
                return term
        raise MomentError(
            _("%(committee)s has no term %(term)s") % {"committee": committee.code, "term": label}
        )
    year = (today or timezone.localdate()).year
    running = [term for term in terms if term.contains_year(year)]
    candidates = running or terms
    if not candidates:
        raise MomentError(_("%(committee)s has no term") % {"committee": committee.code})
    return max(candidates, key=lambda term: term.start_year)


def _normalised_label(label: str) -> str:
    try:
        start_year, end_year = parse_term_label(label)
    except ValueError:
        return label
    return f"{start_year}-{end_year}"


def resolve_moment(
    term: Term,
    reported: list[tuple[int, int]],
    year: int | None,
    quarter: int | None,
    today: datetime.date | None = None,
) -> tuple[int, int]:
    """The moment a page looks at: the one asked for, or the latest quarter with figures.

    Without figures, the last quarter of the term that has ended by today (within the term).
    """
    if quarter is not None and year is None:
        raise MomentError(_("A quarter needs a year."))
    if year is not None:
        if not term.contains_year(year):
            raise MomentError(
                _("Year %(year)s is outside the term %(term)s.")
                % {"year": year, "term": term.label}
            )
        if quarter is None:
            in_year = [key for key in reported if key[0] == year]
            quarter = max(in_year)[1] if in_year else engine.QUARTERS_PER_YEAR
        if not 1 <= quarter <= engine.QUARTERS_PER_YEAR:
            raise MomentError(
                _("Quarter %(quarter)s is not between 1 and 4.") % {"quarter": quarter}
            )
        return year, quarter
    latest = engine.latest_moment(key for key in reported if term.contains_year(key[0]))
    if latest is not None:
        return latest
    today = today or timezone.localdate()
    year, quarter = today.year, (today.month - 1) // 3  # the last quarter that has ended
    if quarter == 0:
        year, quarter = year - 1, engine.QUARTERS_PER_YEAR
    if year < term.start_year:
        return term.start_year, 1
    if year > term.end_year:
        return term.end_year, engine.QUARTERS_PER_YEAR
    return year, quarter


def committee_progress(
    committee: Committee,
    term: Term,
    year: int | None = None,
    quarter: int | None = None,
) -> CommitteeProgress:
    """Every target of a committee's term with its progress: one query for the targets, the
    engine's figures and results from the cache (two more queries when they are not cached)."""
    targets = list(Target.objects.for_display(term))
    results = TermResults([term], [target_facts(target) for target in targets])
    figures = results.figures()[term.pk]
    year, quarter = resolve_moment(term, list(results.reported()[term.pk]), year, quarter)
    progress = results.progress(year, quarter)[term.pk]
    # A target added since the term was read has no cached figures yet: the next page has it.
    rows = [
        TargetRow(target=target, figures=figures[target.pk], progress=progress[target.pk])
        for target in targets
        if target.pk in figures
    ]
    return CommitteeProgress(
        committee=committee,
        term=term,
        year=year,
        quarter=quarter,
        rows=rows,
        summary=engine.summarize([row.progress for row in rows]),
    )


@dataclass(frozen=True)
class CommitteeMoment:
    """A committee's moment and its counts by status, without its targets."""

    committee: Committee
    term: Term
    year: int
    quarter: int
    summary: engine.Summary
    reported: frozenset[tuple[int, int]]  # the quarters with figures


def committee_moment(
    committee: Committee, term: Term, year: int | None = None, quarter: int | None = None
) -> CommitteeMoment:
    """The moment a committee's page looks at and its counts, from the cache: no query when
    cached (the same moment and counts as committee_progress)."""
    results = TermResults([term])
    reported = results.reported(load_figures=True)[term.pk]
    year, quarter = resolve_moment(term, list(reported), year, quarter)
    summary = results.summaries(year, quarter)[term.pk]
    return CommitteeMoment(committee, term, year, quarter, summary, reported)


def target_facts(target: Target) -> TargetFacts:
    """What the engine needs of a loaded target, as the cache's loader reads it."""
    return (
        target.pk,
        target.term_id,
        target.aggregation,
        target.direction,
        target.frequency,
        target.baseline,
        target.term_target,
    )


def progress_document(result: CommitteeProgress) -> dict:
    """The progress JSON of DESIGN.md as a dict (numbers still Decimals)."""
    return {
        "committee": result.committee.code,
        "term": result.term.label,
        "year": result.year,
        "quarter": result.quarter,
        "summary": result.summary.as_dict(),
        "targets": [_target_document(row) for row in result.rows],
    }


def _target_document(row: TargetRow) -> dict:
    target, item = row.target, row.progress
    return {
        "code": target.code,
        "name": target.name,
        "group": target.group,
        "programme": target.programme.number if target.programme else None,
        "unit": target.unit,
        "aggregation": target.aggregation,
        "direction": target.direction,
        "year_value": item.year_value,
        "annual_plan": item.annual_plan,
        "annual_pct": item.annual_pct,
        "annual_status": str(item.annual_status),
        "term_value": item.term_value,
        "term_target": item.term_target,
        "term_pct": item.term_pct,
        "term_status": str(item.term_status),
        "to_date_plan": item.to_date_plan,
        "to_date_pct": item.to_date_pct,
        "estimate": item.estimate,
        "frequency": target.frequency,
        "numerator": item.term_counts.numerator if item.term_counts else None,
        "denominator": item.term_counts.denominator if item.term_counts else None,
        "revised": item.revised,
        "original_term_target": item.original_term_target,
        "revision_basis": item.revision_basis,
    }


# --- overview of the committees under one ----------------------------------------------------


@dataclass(frozen=True)
class CommitteeSummary:
    """One row of an overview: a committee's counts at the moment and its report's state."""

    committee: Committee
    term: Term
    summary: engine.Summary
    annual_share: Decimal | None
    term_share: Decimal | None
    report_status: str | None  # a QuarterlyReport.Status value, None if nothing was started
    has_children: bool
    overdue: list[tuple[int, int]] = ()  # quarters past their due date, not handed in

    @property
    def reported(self) -> bool:
        """Submitted or approved: the quarter's figures have been handed in."""
        return self.report_status in REPORTED


REPORTED = frozenset({QuarterlyReport.Status.SUBMITTED, QuarterlyReport.Status.APPROVED})


@dataclass(frozen=True)
class Overview:
    root: Committee
    term: Term
    year: int
    quarter: int
    rows: list[CommitteeSummary]
    totals: engine.Summary
    annual_share: Decimal | None
    term_share: Decimal | None

    @property
    def not_reported(self) -> list[CommitteeSummary]:
        return [row for row in self.rows if not row.reported]

    @property
    def overdue_count(self) -> int:
        return sum(len(row.overdue) for row in self.rows)


def overview(
    root: Committee, term: Term, year: int | None = None, quarter: int | None = None
) -> Overview:
    """Every committee directly under `root` that has a term with the same years, with its
    counts by status at the moment: two queries whatever the number of committees or targets
    (terms, reports), three more for the figures of the committees whose results are not
    cached."""
    terms = list(
        Term.objects.filter(
            committee__parent=root, start_year=term.start_year, end_year=term.end_year
        )
        .select_related("committee")
        .annotate(has_children=Exists(Committee.objects.filter(parent=OuterRef("committee_id"))))
        .order_by("committee__name", "committee__code")
    )
    results = TermResults(terms, keep_figures=False)
    reported = [key for keys in results.reported(load_figures=True).values() for key in keys]
    year, quarter = resolve_moment(term, reported, year, quarter)
    summaries = results.summaries(year, quarter)
    # Every report of these terms: the moment's status, and which quarters were handed in.
    statuses, handed_in = {}, defaultdict(list)
    for term_id, report_year, report_quarter, status in QuarterlyReport.objects.filter(
        term_id__in=[each.pk for each in terms]
    ).values_list("term_id", "year", "quarter", "status"):
        if (report_year, report_quarter) == (year, quarter):
            statuses[term_id] = status
        if status in REPORTED:
            handed_in[term_id].append((report_year, report_quarter))
    today, days = timezone.localdate(), settings.REPORT_DUE_DAYS
    rows = []
    for each in terms:
        summary = summaries[each.pk]
        rows.append(
            CommitteeSummary(
                committee=each.committee,
                term=each,
                summary=summary,
                annual_share=engine.share_achieved(summary.annual, summary.targets),
                term_share=engine.share_achieved(summary.term, summary.targets),
                report_status=statuses.get(each.pk),
                has_children=each.has_children,
                overdue=deadlines.overdue(
                    each.start_year, each.end_year, handed_in[each.pk], today, days
                ),
            )
        )
    totals = engine.combine(row.summary for row in rows)
    return Overview(
        root=root,
        term=term,
        year=year,
        quarter=quarter,
        rows=rows,
        totals=totals,
        annual_share=engine.share_achieved(totals.annual, totals.targets),
        term_share=engine.share_achieved(totals.term, totals.targets),
    )


# --- one target ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    """One change of a figure or a plan: who, when, from which value to which."""

    when: datetime.datetime
    user: str
    subject: str  # "Q2/2021" or the plan's year
    kind: str  # "figure" or "plan"
    change: str  # "+" created, "~" changed, "-" deleted (simple_history's history_type)
    old_value: Decimal | None
    new_value: Decimal | None
    note: str


@dataclass(frozen=True)
class ChildRow:
    target: Target
    committee: Committee
    progress: engine.Progress
    holding_back: bool = False


@dataclass(frozen=True)
class QuarterRow:
    """A quarter of the target detail's table: its point of the timeline and its stored figure
    (for the note), if any."""

    point: engine.TimelinePoint
    measurement: Measurement | None


@dataclass(frozen=True)
class TargetDetail:
    committee: Committee
    term: Term
    target: Target
    year: int
    quarter: int
    figures: engine.TargetFigures
    progress: engine.Progress
    timeline: list[engine.TimelinePoint]
    quarters: list[QuarterRow]
    history: list[HistoryEntry]
    children_ranked: list[ChildRow]
    rollup: engine.Rollup | None
    revisions: list[engine.RevisionChange] = ()


def target_detail(
    committee: Committee,
    term: Term,
    code: str,
    year: int | None = None,
    quarter: int | None = None,
) -> TargetDetail:
    """A target with its figures, its progress over the term, its history and (for a parent
    target) the children that contribute to it. Raises Target.DoesNotExist."""
    target = Target.objects.filter(term=term, code=code).select_related("programme", "parent").get()
    measurements = list(
        target.measurements.select_related("updated_by").order_by("year", "quarter")
    )
    # The engine's figures of the term, cached: this target's, and the moment of the
    # committee's dashboard (the term's latest quarter with a figure).
    results = TermResults([term])
    figures = results.figures()[term.pk].get(target.pk)
    if figures is None:  # added since the term was read: from its own rows this once
        figures = target_figures(target, term, measurements)
    year, quarter = resolve_moment(term, list(results.reported()[term.pk]), year, quarter)
    timeline = engine.timeline(figures, year, quarter)
    by_quarter = {(m.year, m.quarter): m for m in measurements}
    children = _children(target, year, quarter)
    rollup = None
    ranked = []
    if children:
        rollup = engine.rollup(
            figures.aggregation,
            figures.direction,
            [engine.Contribution(child.committee.code, child.progress) for child in children],
        )
        by_code = {child.committee.code: child for child in children}
        ranked = [
            ChildRow(
                target=by_code[item.committee].target,
                committee=by_code[item.committee].committee,
                progress=item.progress,
                holding_back=item.committee in rollup.holding_back,
            )
            for item in rollup.contributions
        ]
    return TargetDetail(
        committee=committee,
        term=term,
        target=target,
        year=year,
        quarter=quarter,
        figures=figures,
        progress=engine.progress(figures, year, quarter),
        timeline=timeline,
        quarters=[
            QuarterRow(point=point, measurement=by_quarter.get((point.year, point.quarter)))
            for point in timeline
        ],
        history=_history(target),
        children_ranked=ranked,
        rollup=rollup,
        revisions=engine.revision_changes(figures),
    )


def _children(target: Target, year: int, quarter: int) -> list[ChildRow]:
    """The targets of the committees below that contribute to this one, at the same moment
    (children whose term does not contain the year are left out); their progress comes from
    their committees' cached results."""
    children = list(
        Target.objects.filter(parent=target, term__start_year__lte=year, term__end_year__gte=year)
        .select_related("term__committee")
        .order_by("term__committee__code", "code")
    )
    terms = list({child.term_id: child.term for child in children}.values())
    progress = TermResults(terms).progress(year, quarter)
    return [
        ChildRow(
            target=child,
            committee=child.term.committee,
            progress=progress[child.term_id][child.pk],
        )
        for child in children
        if child.pk in progress[child.term_id]
    ]


def _history(target: Target) -> list[HistoryEntry]:
    """Every change of the target's figures and plans, newest first, each with the value it
    replaced: two queries, the previous value found by walking each record's versions."""
    entries = []
    figure_versions = (
        Measurement.history.filter(target_id=target.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    plan_versions = (
        AnnualPlan.history.filter(target_id=target.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    for kind, versions in (("figure", figure_versions), ("plan", plan_versions)):
        previous = None
        for version in versions:
            old = previous.value if previous is not None and previous.id == version.id else None
            is_figure = kind == "figure"
            subject = f"{version.quarter}/{version.year}" if is_figure else str(version.year)
            entries.append(
                HistoryEntry(
                    when=version.history_date,
                    user=version.history_user.get_username() if version.history_user else "",
                    subject=subject,
                    kind=kind,
                    change=version.history_type,
                    old_value=old,
                    new_value=None if version.history_type == "-" else version.value,
                    note=getattr(version, "note", ""),
                )
            )
            previous = version
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def overdue_quarters(term: Term, today: datetime.date | None = None) -> list[tuple[int, int]]:
    """The term's quarters past their due date that were not handed in (one query)."""
    handed_in = QuarterlyReport.objects.filter(term=term, status__in=REPORTED).values_list(
        "year", "quarter"
    )
    return deadlines.overdue(
        term.start_year,
        term.end_year,
        list(handed_in),
        today or timezone.localdate(),
        settings.REPORT_DUE_DAYS,
    )


def quarterly_report(term: Term, year: int, quarter: int) -> QuarterlyReport | None:
    """The committee's report for the quarter, with who submitted and reviewed it."""
    return (
        QuarterlyReport.objects.filter(term=term, year=year, quarter=quarter)
        .select_related("submitted_by", "reviewed_by")
        .first()
    )


# --- quarterly entry and review ----------------------------------------------------------------


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
    figure: Measurement | None
    previous: Decimal | None
    plan: Decimal | None
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
    """Every target of the term with the quarter's figure, the previous quarter's, the year's
    plan and the figure's last change; the report and its steps. Six queries whatever the
    number of targets."""
    previous_key = engine.previous_quarter(year, quarter)
    # A quarter asks only for the targets due in it (by their reporting frequency).
    targets = list(
        Target.objects.filter(term=term, frequency__in=engine.frequencies_due(quarter))
        .select_related("programme")
        .order_by(F("programme__number").asc(nulls_last=True), "code")
    )
    plans = dict(
        AnnualPlan.objects.filter(target__term=term, year=year).values_list("target_id", "value")
    )
    figures, previous = {}, {}
    for figure in (
        Measurement.objects.filter(target__term=term)
        .filter(Q(year=year, quarter=quarter) | Q(year=previous_key[0], quarter=previous_key[1]))
        .select_related("updated_by")
    ):
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
            plan=plans.get(target.pk),
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


def _last_changes(term: Term, year: int, quarter: int) -> dict[int, LastChange]:
    """For each figure of the quarter, its latest change: who, when, and the value before."""
    changes: dict[int, LastChange] = {}
    last: dict[int, Decimal | None] = {}
    versions = (
        Measurement.history.filter(target__term=term, year=year, quarter=quarter)
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


def reports_to_review(user) -> list[QuarterlyReport]:
    """The submitted quarters of the committees the user reviews, oldest first."""
    return list(
        QuarterlyReport.objects.filter(
            status=QuarterlyReport.Status.SUBMITTED,
            committee__in=Committee.objects.reviewed_by(user),
        )
        .select_related("committee", "term", "submitted_by")
        .order_by("submitted_at", "committee__code")
    )
