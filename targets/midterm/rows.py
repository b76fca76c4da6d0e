"""The mid-term / year-end report's table: each target's value, plan and % for every year of
the term so far, grouped like the dashboard; the targets behind; the revisions."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from targets import progress as engine
from targets.models import Target
from targets.selectors import TargetRow


@dataclass(frozen=True)
class MidtermYear:
    year: int
    value: Decimal | None
    plan: Decimal | None
    pct: Decimal | None
    counts: engine.Counts | None = None  # a ratio target's counts behind the value


@dataclass(frozen=True)
class MidtermRow:
    row: TargetRow
    years: list[MidtermYear]


@dataclass(frozen=True)
class Midterm:
    years: list[int]
    groups: list[tuple[str, list[MidtermRow]]]
    behind: list[TargetRow]
    # Every revision of the term's targets, by target, with the value it replaced.
    revisions: list[tuple[Target, engine.RevisionChange]] = ()

    @property
    def columns(self) -> int:
        """Code, name and unit; value, plan and % for each year; five for the term."""
        return 3 + 3 * len(self.years) + 5


def midterm_rows(result) -> Midterm:
    """The mid-term table: each target's value and plan for every year of the term so far (the
    moment's year up to its quarter), grouped like the dashboard; and the targets behind."""
    years = list(range(result.term.start_year, result.year + 1))
    groups = []
    for group, label in Target.Group.choices:
        rows = []
        for row in result.rows:
            if row.target.group != group:
                continue
            moment = (result.year, result.quarter)
            values = engine.year_values(row.figures, *moment)
            counts = engine.year_counts(row.figures, *moment)
            plans = engine.plans_at(row.figures, *moment)
            rows.append(
                MidtermRow(
                    row=row,
                    years=[
                        MidtermYear(
                            year=year,
                            value=values.get(year),
                            plan=plans.get(year),
                            pct=engine.annual_percent(row.figures, values.get(year), year, moment),
                            counts=counts.get(year),
                        )
                        for year in years
                    ],
                )
            )
        if rows:
            groups.append((str(label), rows))
    behind = [
        row
        for row in result.rows
        if engine.Status.BEHIND in (row.progress.annual_status, row.progress.term_status)
    ]
    revisions = [
        (row.target, change)
        for row in result.rows
        for change in engine.revision_changes(row.figures)
    ]
    return Midterm(years=years, groups=groups, behind=behind, revisions=revisions)
