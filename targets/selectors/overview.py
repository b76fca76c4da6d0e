"""The overview of the committees directly under one: their counts at the moment, reports,
overdue quarters, trends and the heat map of the targets they contribute.

What covers every committee (the rows' counts, by which they sort, the totals and the trend of
all of them together) comes with `overview`; what a page shows of some rows alone (their own
trends and heat map cells) with `overview_rows`, for those rows only."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from districts.models import Committee, Term
from targets import deadlines
from targets import progress as engine
from targets.models import QuarterlyReport, Target
from targets.progress_cache import TermResults
from targets.selectors.committee import REPORTED, share_trends, term_trend
from targets.selectors.terms import resolve_moment


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
    trend: list[engine.TrendPoint] = ()  # the share achieved over the last quarters (shown rows)

    @property
    def reported(self) -> bool:
        return self.handed_in

    @property
    def imported(self) -> bool:
        """Handed in without a report: the quarter's figures were brought in by import."""
        return self.handed_in and self.report_status is None


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
    trend: list[engine.TrendPoint] = ()  # the share achieved of all of them, quarter by quarter
    data_version: str = ""  # changes whenever the data of any of these terms changes
    # What overview_rows reads for the rows a page shows: the engine's results of every term
    # and each term's counts at the trend's quarters, by term id.
    results: TermResults | None = field(default=None, repr=False, compare=False)
    counts: dict = field(default_factory=dict, repr=False, compare=False)

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
    already read: Term.objects.parallel_under), with its counts by status at the moment, its
    report and overdue quarters, but not its own trend (overview_rows gives it for the rows
    shown): two queries whatever the number of committees or targets (terms, reports), three
    more for the figures of the committees whose results are not cached."""
    if terms is None:
        terms = list(Term.objects.parallel_under(root, term))
    results = TermResults(terms, keep_figures=False)
    handed_in, statuses = _handed_in(terms, results.reported(load_figures=True))
    year, quarter = resolve_moment(term, [handed_in[each.pk] for each in terms], year, quarter)
    # The trend of all of them needs every term's counts at its quarters; its last quarter is
    # the moment, so the rows' counts come with it (computed once).
    trend, counts = share_trends(results, term, year, quarter)
    summaries = results.summaries(year, quarter)
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
        trend=trend,
        data_version=overview_version(term, terms),
        results=results,
        counts=counts,
    )


@dataclass(frozen=True)
class OverviewRows:
    """Some rows of an overview (those a page shows) with what is shown of them alone: their
    own trends and the heat map of the root's targets they contribute to."""

    rows: list[CommitteeSummary]
    heat_columns: list[tuple[str, str]] = ()  # the root's targets these committees contribute to
    heat: dict[int, dict[str, HeatCell]] = field(default_factory=dict)  # by term id, then code


def overview_rows(
    result: Overview, rows: list[CommitteeSummary], heat_map: bool = True
) -> OverviewRows:
    """These rows of the overview (in their order) with their trends and, unless `heat_map` is
    false, their heat map: one query (the targets contributing to the root's), the progress of
    those targets from the cache or the engine. What it costs follows the rows, not the
    committees under the root."""
    rows = [replace(row, trend=term_trend(result.counts[row.term.pk])) for row in rows]
    if not heat_map:
        return OverviewRows(rows=rows)
    terms = [row.term for row in rows]
    heat_columns, heat = _heat_map(
        result.term, terms, result.results.subset(terms), result.year, result.quarter
    )
    return OverviewRows(rows=rows, heat_columns=heat_columns, heat=heat)


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
    at the moment, by term id and root target code; one query, the progress of those targets alone
    from the cache."""
    links = list(Target.objects.contributions_to(term, terms))
    if not links:
        return [], {}
    linked = defaultdict(list)
    for pk, term_id, *_rest in links:
        linked[term_id].append(pk)
    progress = results.progress_of(year, quarter, linked)
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
    for term_id, year, quarter, status in QuarterlyReport.objects.statuses(statuses):
        statuses[term_id][year, quarter] = status
    handed_in = {
        term.pk: deadlines.handed_in(
            {key: status in REPORTED for key, status in statuses[term.pk].items()},
            with_figures.get(term.pk, ()),
        )
        for term in terms
    }
    return handed_in, statuses
