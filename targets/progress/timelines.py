"""A target's history: its progress at the end of every quarter of the term so far."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from targets.progress.inputs import Aggregation, Counts, TargetFigures
from targets.progress.quarters import is_due
from targets.progress.statuses import round_pct
from targets.progress.target import Progress, progress
from targets.progress.values import quarterly_series


@dataclass(frozen=True)
class TimelinePoint:
    """One quarter of a target's history: its own figure and its progress at that moment."""

    year: int
    quarter: int
    figure: Decimal | None
    estimate: bool
    progress: Progress
    counts: Counts | None = None  # a ratio figure's counts
    due: bool = True  # whether a figure was due in this quarter


def timeline(
    target: TargetFigures, year: int, quarter: int, start_quarter: int = 1
) -> list[TimelinePoint]:
    """The progress at the end of every quarter the term reports up to the moment (from its
    start quarter): the data of the target detail chart (figures, year values, plans, expected
    lines)."""
    return [
        TimelinePoint(
            year=each_year,
            quarter=each_quarter,
            figure=_shown_figure(target, figure),
            estimate=(each_year, each_quarter) in target.estimates,
            progress=progress(target, each_year, each_quarter),
            counts=target.counts.get((each_year, each_quarter)),
            due=is_due(target.frequency, each_quarter),
        )
        for each_year, each_quarter, figure in quarterly_series(target, year, quarter)
        if (each_year, each_quarter) >= (target.start_year, start_quarter)
    ]


def _shown_figure(target: TargetFigures, figure: Decimal | None) -> Decimal | None:
    if figure is not None and target.aggregation == Aggregation.RATIO:
        return round_pct(figure)
    return figure
