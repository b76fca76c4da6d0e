"""Reads that feed the progress engine: load from the database in a fixed number of queries,
turn rows into the engine's plain values, and hand back what screens and commands show."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from districts.models import Committee, Term
from targets import progress as engine
from targets.models import Target


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


def target_figures(target: Target, term: Term) -> engine.TargetFigures:
    """The engine's view of a target whose plans and measurements are prefetched."""
    measurements = list(target.measurements.all())
    return engine.TargetFigures(
        aggregation=engine.Aggregation(target.aggregation),
        direction=engine.Direction(target.direction),
        start_year=term.start_year,
        end_year=term.end_year,
        baseline=target.baseline,
        term_target=target.term_target,
        plans={plan.year: plan.value for plan in target.plans.all()},
        figures={(m.year, m.quarter): m.value for m in measurements},
        estimates=frozenset((m.year, m.quarter) for m in measurements if m.is_estimate),
    )


def current_term(committee: Committee, label: str | None = None, today=None) -> Term:
    """The committee's term with this label, or without one the term running today (else the
    most recent one). Raises MomentError if there is none."""
    terms = committee.terms.all()
    if label:
        term = terms.for_label(label).first()
        if term is None:
            raise MomentError(f"{committee.code} has no term {label}")
        return term
    year = (today or timezone.localdate()).year
    term = terms.filter(start_year__lte=year, end_year__gte=year).order_by("-start_year").first()
    term = term or terms.order_by("-start_year").first()
    if term is None:
        raise MomentError(f"{committee.code} has no term")
    return term


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
        raise MomentError("a quarter needs a year")
    if year is not None:
        if not term.contains_year(year):
            raise MomentError(f"year {year} is outside the term {term.label}")
        if quarter is None:
            in_year = [key for key in reported if key[0] == year]
            quarter = max(in_year)[1] if in_year else engine.QUARTERS_PER_YEAR
        if not 1 <= quarter <= engine.QUARTERS_PER_YEAR:
            raise MomentError(f"quarter {quarter} is not between 1 and 4")
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
    """Every target of a committee's term with its progress, in three queries."""
    targets = list(Target.objects.for_progress(term))
    figures = [target_figures(target, term) for target in targets]
    reported = [key for item in figures for key in item.figures]
    year, quarter = resolve_moment(term, reported, year, quarter)
    rows = [
        TargetRow(target=target, figures=item, progress=engine.progress(item, year, quarter))
        for target, item in zip(targets, figures, strict=True)
    ]
    return CommitteeProgress(
        committee=committee,
        term=term,
        year=year,
        quarter=quarter,
        rows=rows,
        summary=engine.summarize([row.progress for row in rows]),
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
    }
