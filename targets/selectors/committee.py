"""One committee's term at a moment: every target with its progress (the dashboard, the report,
the API and the `progress` command), its counts alone, the share achieved over the quarters,
and the quarter's report."""

from __future__ import annotations

from dataclasses import dataclass

from districts.models import Committee, Term
from targets import progress as engine
from targets.models import Figure, QuarterlyReport, Target
from targets.progress_cache import TargetFacts, TermResults, engine_figures
from targets.selectors.terms import resolve_moment

# Groups in the order the screens show them (the order of Target.Group).
GROUP_ORDER = {group: index for index, group in enumerate(Target.Group.values)}

# Reports whose quarter counts as handed in (with imported history: deadlines.handed_in).
REPORTED = frozenset({QuarterlyReport.Status.SUBMITTED, QuarterlyReport.Status.APPROVED})


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


def share_trends(
    results: TermResults, term: Term, year: int, quarter: int
) -> tuple[list[engine.TrendPoint], dict[int, dict[tuple[int, int], engine.Summary]]]:
    """The share achieved over the quarters up to the moment (engine.trend_quarters) of all the
    terms together, and each term's counts at those quarters, oldest first (its own trend:
    term_trend, for the terms a page shows). The counts come from the cache (filled by the
    engine from the figures already read)."""
    keys = engine.trend_quarters(term.start_year, year, quarter, start_quarter=term.start_quarter)
    by_term = results.summaries_over(keys)
    together = engine.share_trend(
        (key, engine.combine(summaries[key] for summaries in by_term.values())) for key in keys
    )
    return together, by_term


def term_trend(counts: dict[tuple[int, int], engine.Summary]) -> list[engine.TrendPoint]:
    """One term's share achieved over the quarters of share_trends, from its counts there."""
    return engine.share_trend(counts.items())


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
            (target.pk, m.year, m.quarter, m.value, m.numerator, m.denominator, m.is_estimate)
            for m in figures
        ],
        revisions=[revision.as_engine() for revision in target.revisions.all()],
    )


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
        trend=share_trends(results, term, year, quarter)[0],
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
    trend = share_trends(results, term, year, quarter)[0]
    return CommitteeMoment(committee, term, year, quarter, summary, reported, trend)


def quarterly_report(term: Term, year: int, quarter: int) -> QuarterlyReport | None:
    """The committee's report for the quarter, with who submitted and reviewed it."""
    return QuarterlyReport.objects.of_quarter(term, year, quarter).first()
