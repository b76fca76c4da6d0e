"""The committee dashboard: its targets by group and programme, each with its bar and trend."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from targets import progress as engine
from targets.models import Programme
from targets.presenters.common import by_group_and_programme, sparkline
from targets.selectors import TargetRow


@dataclass(frozen=True)
class DashboardRow:
    row: TargetRow
    bar: Decimal | None
    trend: str  # SVG polyline points, empty when fewer than two figures


@dataclass(frozen=True)
class ProgrammeBlock:
    programme: Programme | None
    rows: list[DashboardRow]


@dataclass(frozen=True)
class GroupBlock:
    group: str
    label: str
    programmes: list[ProgrammeBlock]


def dashboard_groups(rows: list[TargetRow], year: int, quarter: int) -> list[GroupBlock]:
    """Targets by group, then by programme, each with its bar and trend."""
    shown = [
        DashboardRow(
            row=row,
            bar=engine.bar_share(row.progress),
            trend=sparkline(
                [value for _y, _q, value in engine.quarterly_series(row.figures, year, quarter)]
            ),
        )
        for row in rows
    ]
    return [
        GroupBlock(
            group=group,
            label=label,
            programmes=[ProgrammeBlock(programme=p, rows=items) for p, items in programmes],
        )
        for group, label, programmes in by_group_and_programme(shown, lambda item: item.row.target)
    ]
