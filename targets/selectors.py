"""Reads that feed the progress engine: load from the database in a fixed number of queries,
turn rows into the engine's plain values, and hand back what screens and commands show."""

from __future__ import annotations

import datetime
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from districts.models import Committee, Term, parse_term_label, reviewed_ids
from targets import cycle, deadlines, moments
from targets import progress as engine
from targets.history import HistoryEntry, target_history
from targets.models import AnnualPlan, Figure, QuarterlyReport, Revision, Target
from targets.progress_cache import TargetFacts, TermResults, engine_figures

# Groups in the order the screens show them (the order of Target.Group).
GROUP_ORDER = {group: index for index, group in enumerate(Target.Group.values)}


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
    trend: list[engine.TrendPoint] = ()  # the share achieved over the last quarters


def _trend(
    results: TermResults, term: Term, year: int, quarter: int
) -> tuple[list[engine.TrendPoint], dict[int, list[engine.TrendPoint]]]:
    """The share achieved over the quarters up to the moment (engine.trend_quarters): of all
    the terms together, and of each term. The counts at those quarters come from the cache
    (filled by the engine from the figures already read)."""
    keys = engine.trend_quarters(term.start_year, year, quarter, start_quarter=term.start_quarter)
    by_term = results.summaries_over(keys)
    together = engine.share_trend(
        (key, engine.combine(summaries[key] for summaries in by_term.values())) for key in keys
    )
    each = {
        pk: engine.share_trend((key, summaries[key]) for key in keys)
        for pk, summaries in by_term.items()
    }
    return together, each


def target_figures(
    target: Target, term: Term, figures: list[Figure] | None = None
) -> engine.TargetFigures:
    """The engine's view of a target whose plans and revisions (and, unless given,
    figures) are prefetched."""
    if figures is None:
        figures = list(target.figures.all())
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
            (m.year, m.quarter, m.value, m.numerator, m.denominator, m.is_estimate) for m in figures
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
    term = moments.current_term(terms, today or timezone.localdate())
    if term is None:
        raise MomentError(_("%(committee)s has no term") % {"committee": committee.code})
    return term


def _normalised_label(label: str) -> str:
    try:
        start_year, end_year = parse_term_label(label)
    except ValueError:
        return label
    return f"{start_year}-{end_year}"


def resolve_moment(
    term: Term,
    reported: Sequence[Iterable[tuple[int, int]]],
    year: int | None,
    quarter: int | None,
    today: datetime.date | None = None,
) -> tuple[int, int]:
    """The moment a page looks at: the one asked for, else the latest quarter found for at
    least half of `reported` (one set of quarters per committee: for an overview, what each
    committee under it handed in; for a committee's page, its one set of quarters with figures),
    else the latest found for any; without any, the last quarter ended by today (within the term).

    A year alone takes that year's quarter chosen the same way, else its fourth. A quarter
    before the term's start quarter (Term.start_quarter: a ward created in 2025 reports from
    2025 Q4) is its start quarter: the term has nothing to show before it.
    """
    if quarter is not None and year is None:
        raise MomentError(_("A quarter needs a year."))
    if year is not None and not term.contains_year(year):
        raise MomentError(
            _("Year %(year)s is outside the term %(term)s.") % {"year": year, "term": term.label}
        )
    if quarter is None:
        latest = moments.latest_handed_in(reported, term.start_year, term.end_year, year)
        if latest is None:
            latest = moments.without_figures(
                term.start_year,
                term.end_year,
                today or timezone.localdate(),
                year,
                start_quarter=term.start_quarter,
            )
        year, quarter = latest
    if not 1 <= quarter <= engine.QUARTERS_PER_YEAR:
        raise MomentError(_("Quarter %(quarter)s is not between 1 and 4.") % {"quarter": quarter})
    return max((year, quarter), (term.start_year, term.start_quarter))


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
    year, quarter = resolve_moment(term, [results.reported()[term.pk]], year, quarter)
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
        trend=_trend(results, term, year, quarter)[0],
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
    trend: list[engine.TrendPoint] = ()  # the share achieved over the last quarters


def committee_moment(
    committee: Committee, term: Term, year: int | None = None, quarter: int | None = None
) -> CommitteeMoment:
    """The moment a committee's page looks at and its counts, from the cache: no query when
    cached (the same moment and counts as committee_progress)."""
    results = TermResults([term])
    reported = results.reported(load_figures=True)[term.pk]
    year, quarter = resolve_moment(term, [reported], year, quarter)
    summary = results.summaries(year, quarter)[term.pk]
    trend = _trend(results, term, year, quarter)[0]
    return CommitteeMoment(committee, term, year, quarter, summary, reported, trend)


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
    handed_in: bool  # the moment's quarter counts as handed in (deadlines.handed_in)
    overdue: list[tuple[int, int]] = ()  # quarters up to the moment past their due date
    trend: list[engine.TrendPoint] = ()  # the share achieved over the last quarters

    @property
    def reported(self) -> bool:
        return self.handed_in

    @property
    def imported(self) -> bool:
        """Handed in without a report: the quarter's figures were brought in by import."""
        return self.handed_in and self.report_status is None


REPORTED = frozenset({QuarterlyReport.Status.SUBMITTED, QuarterlyReport.Status.APPROVED})


@dataclass(frozen=True)
class HeatCell:
    """A committee's target that contributes to one of the root's, and its progress."""

    code: str
    progress: engine.Progress


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
    heat_columns: list[tuple[str, str]] = ()  # the root's targets the committees contribute to
    heat: dict[int, dict[str, HeatCell]] = None  # by term id, then the root target's code
    trend: list[engine.TrendPoint] = ()  # the share achieved of all of them, quarter by quarter
    data_version: str = ""  # changes whenever the data of any of these terms changes

    @property
    def not_reported(self) -> list[CommitteeSummary]:
        return [row for row in self.rows if not row.reported]

    @property
    def not_reported_by_status(self) -> list[tuple[str | None, int]]:
        """How many committees have not handed the quarter in, by their report's state (not
        started, draft, returned), in that order; states nobody is in are left out."""
        order = [None, QuarterlyReport.Status.DRAFT, QuarterlyReport.Status.RETURNED]
        counts = dict.fromkeys(order, 0)
        for row in self.not_reported:
            counts[row.report_status] += 1
        return [(status, counts[status]) for status in order if counts[status]]

    @property
    def overdue_count(self) -> int:
        return sum(len(row.overdue) for row in self.rows)

    @property
    def overdue_committees(self) -> int:
        return sum(1 for row in self.rows if row.overdue)


def overview(
    root: Committee,
    term: Term,
    year: int | None = None,
    quarter: int | None = None,
    terms: list[Term] | None = None,
) -> Overview:
    """Every committee directly under `root` that has a term with the same years (`terms`, if
    already read: Term.objects.parallel_under), with its counts by status at the moment: two
    queries whatever the number of committees or targets (terms, reports), three more for the
    figures of the committees whose results are not cached."""
    if terms is None:
        terms = list(Term.objects.parallel_under(root, term))
    results = TermResults(terms, keep_figures=False)
    handed_in, statuses = _handed_in(terms, results.reported(load_figures=True))
    year, quarter = resolve_moment(term, [handed_in[each.pk] for each in terms], year, quarter)
    summaries = results.summaries(year, quarter)
    heat_columns, heat = _heat_map(term, terms, results, year, quarter)
    trend, trends = _trend(results, term, year, quarter)
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
                report_status=statuses[each.pk].get((year, quarter)),
                has_children=each.has_children,
                handed_in=(year, quarter) in handed_in[each.pk],
                trend=trends[each.pk],
                overdue=deadlines.term_overdue(
                    each, handed_in[each.pk], today, days, (year, quarter)
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
        heat_columns=heat_columns,
        heat=heat,
        trend=trend,
        data_version=overview_version(term, terms),
    )


def overview_version(term: Term, terms: list[Term]) -> str:
    """One key for the data versions of an overview's term and of the terms under it
    (Term.objects.parallel_under: progress_cache.data_changed moves a term's version forward
    with every write to its targets, plans, figures or reports) and whether each committee has
    committees below (the rows link to their overview then): it changes whenever anything the
    overview shows changes, but the date."""
    text = ",".join(
        [f"{term.pk}:{term.data_version}"]
        + [f"{each.pk}:{each.data_version}:{each.has_children:d}" for each in terms]
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _heat_map(
    term: Term, terms: list[Term], results: TermResults, year: int, quarter: int
) -> tuple[list[tuple[str, str]], dict[int, dict[str, HeatCell]]]:
    """The root's targets that the committees' targets contribute to (Target.parent), as
    (code, name) in natural order, and each committee's contributing target with its progress
    at the moment, by term id and root target code; one query, the progress from the cache."""
    links = list(
        Target.objects.filter(term_id__in=[each.pk for each in terms], parent__term=term)
        .order_by()
        .values_list("pk", "term_id", "code", "parent__code", "parent__name")
    )
    if not links:
        return [], {}
    progress = results.progress(year, quarter)
    heat: dict[int, dict[str, HeatCell]] = defaultdict(dict)
    columns = {}
    for pk, term_id, code, parent_code, parent_name in links:
        columns[parent_code] = parent_name
        item = progress.get(term_id, {}).get(pk)
        if item is not None:
            heat[term_id][parent_code] = HeatCell(code, item)
    ordered = sorted(columns.items(), key=lambda pair: natural_key(pair[0]))
    return ordered, dict(heat)


def natural_key(text: str) -> tuple:
    """Names and codes as people sort them: "Thử 2" before "Thử 10", case left aside."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in re.split(r"(\d+)", text)
        if part
    )


def _handed_in(
    terms: list[Term], with_figures: dict[int, Iterable[tuple[int, int]]]
) -> tuple[dict[int, set[tuple[int, int]]], dict[int, dict[tuple[int, int], str]]]:
    """For each term, the quarters handed in (deadlines.handed_in: reports submitted or
    approved, and imported history) and each report's status by quarter; one query."""
    statuses = {term.pk: {} for term in terms}
    for term_id, year, quarter, status in QuarterlyReport.objects.filter(
        term_id__in=list(statuses)
    ).values_list("term_id", "year", "quarter", "status"):
        statuses[term_id][year, quarter] = status
    handed_in = {
        term.pk: deadlines.handed_in(
            {key: status in REPORTED for key, status in statuses[term.pk].items()},
            with_figures.get(term.pk, ()),
        )
        for term in terms
    }
    return handed_in, statuses


# --- one target ------------------------------------------------------------------------------


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
    figure: Figure | None


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
    children: list[Target] | None = None,
) -> TargetDetail:
    """A target with its figures, its progress over the term, its history and (for a parent
    target) the children that contribute to it (children_of(), if already read). Raises
    Target.DoesNotExist."""
    target = Target.objects.filter(term=term, code=code).select_related("programme", "parent").get()
    stored = list(target.figures.select_related("updated_by").order_by("year", "quarter"))
    # The engine's figures of the term, cached: this target's, and the moment of the
    # committee's dashboard (the term's latest quarter with a figure).
    results = TermResults([term])
    figures = results.figures()[term.pk].get(target.pk)
    if figures is None:  # added since the term was read: from its own rows this once
        figures = target_figures(target, term, stored)
    year, quarter = resolve_moment(term, [results.reported()[term.pk]], year, quarter)
    timeline = engine.timeline(figures, year, quarter, start_quarter=term.start_quarter)
    by_quarter = {(m.year, m.quarter): m for m in stored}
    if children is None:
        children = children_of(term, code)
    children = _children(children, year, quarter)
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
    revisions = engine.revision_changes(figures)
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
            QuarterRow(point=point, figure=by_quarter.get((point.year, point.quarter)))
            for point in timeline
        ],
        history=target_history(target, revisions),
        children_ranked=ranked,
        rollup=rollup,
        revisions=revisions,
    )


def children_of(term: Term, code: str) -> list[Target]:
    """The targets of the committees below that contribute to the target `code` of `term`,
    with their terms and committees (the target page's key holds their data versions)."""
    return list(
        Target.objects.filter(parent__term=term, parent__code=code)
        .select_related("term__committee")
        .order_by("term__committee__code", "code")
    )


def _children(children: list[Target], year: int, quarter: int) -> list[ChildRow]:
    """The children's progress at the same moment (children whose term does not contain the
    year are left out), from their committees' cached results."""
    children = [child for child in children if child.term.contains_year(year)]
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
        for year, quarter, status in QuarterlyReport.objects.filter(term=term).values_list(
            "year", "quarter", "status"
        )
    }
    return deadlines.term_overdue(
        term,
        deadlines.handed_in(reports, with_figures),
        today or timezone.localdate(),
        settings.REPORT_DUE_DAYS,
        up_to,
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
    previous_key = engine.previous_quarter(year, quarter)
    targets = list(
        Target.objects.filter(term=term, frequency__in=engine.frequencies_due(quarter))
        .select_related("programme")
        .annotate(
            year_plan=Subquery(
                AnnualPlan.objects.filter(target=OuterRef("pk"), year=year).values("value")[:1]
            )
        )
        .order_by(F("programme__number").asc(nulls_last=True), "code")
    )
    # In the dashboard's order: by group, then programme, then code (the sort is stable).
    targets.sort(key=lambda target: GROUP_ORDER.get(target.group, len(GROUP_ORDER)))
    revisions = _plan_revisions(term, year)
    figures, previous = {}, {}
    for figure in (
        Figure.objects.filter(target__term=term)
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


def review_flags(reports: list[QuarterlyReport]) -> dict[int, engine.ReviewFlags]:
    """The engine's review flags of each report's quarter, by report id: two queries whatever
    the number of reports (their terms' targets, and the figures of their quarters and the
    quarters before)."""
    if not reports:
        return {}
    term_ids = {report.term_id for report in reports}
    targets = defaultdict(list)
    for pk, term_id, frequency in Target.objects.filter(term_id__in=term_ids).values_list(
        "pk", "term_id", "frequency"
    ):
        targets[term_id].append((pk, frequency))
    wanted = Q()
    for report in reports:
        previous = engine.previous_quarter(report.year, report.quarter)
        wanted |= Q(target__term_id=report.term_id, year=report.year, quarter=report.quarter)
        wanted |= Q(target__term_id=report.term_id, year=previous[0], quarter=previous[1])
    figures = defaultdict(dict)
    for target_id, term_id, year, quarter, value, is_estimate in (
        Figure.objects.filter(wanted)
        .order_by()
        .values_list("target_id", "target__term_id", "year", "quarter", "value", "is_estimate")
    ):
        figures[term_id, year, quarter][target_id] = (value, is_estimate)
    flags = {}
    for report in reports:
        previous = engine.previous_quarter(report.year, report.quarter)
        before = figures.get((report.term_id, *previous), {})
        # A quarter asks only for the targets due in it, as its entry page does.
        due = [
            pk
            for pk, frequency in targets[report.term_id]
            if engine.is_due(frequency, report.quarter)
        ]
        flags[report.pk] = engine.review_flags(
            due,
            figures.get((report.term_id, report.year, report.quarter), {}),
            {target_id: value for target_id, (value, _estimate) in before.items()},
        )
    return flags


def waiting_for_review(user) -> int:
    """How many submitted quarters wait for this reviewer: the header's count on every page a
    reviewer opens, so one query written in SQL (the ORM took a millisecond to build it)."""
    if not user.is_authenticated:
        return 0
    sql = f"SELECT COUNT(*) FROM {QuarterlyReport._meta.db_table} WHERE status = %s"
    params = [QuarterlyReport.Status.SUBMITTED]
    if not user.is_superuser:
        reviewed, extra = reviewed_ids(user)
        sql += f" AND committee_id IN ({reviewed})"
        params += extra
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]
