"""The overview of the committees under one: its sortable columns and rows, totals, share
bands, stacked-bar and trend charts, and the heat map."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from targets import progress as engine
from targets.labels import STATUS_LABELS, quarter_label
from targets.models import QuarterlyReport
from targets.presenters.common import (
    SPARK_HEIGHT,
    SPARK_WIDTH,
    STATUS_COLOURS,
    STATUS_ORDER,
    chart_number,
)
from targets.selectors import CommitteeSummary, Overview, OverviewRows, natural_key


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[CommitteeSummary], object]
    group: str = ""
    kind: str = "count"  # how a cell shows: name, count, share, report or overdue
    starts_group: bool = False

    @property
    def numeric(self) -> bool:
        return self.kind in ("count", "share", "overdue")


def _count(part: str, status: engine.Status) -> Callable[[CommitteeSummary], int]:
    return lambda row: _own_counts(getattr(row.summary, part))[status]


@functools.lru_cache(maxsize=4096)
def _own_counts(counts: engine.StatusCounts) -> dict[engine.Status, int]:
    # Seven columns read each row's counts, and rows are sorted by them: found once each.
    return engine.own_counts(counts)


def _share(part: str) -> Callable[[CommitteeSummary], Decimal | None]:
    return lambda row: row.annual_share if part == "annual" else row.term_share


def overview_columns() -> list[Column]:
    """The sortable columns of the overview, in the order they are shown: for the year and the
    term, one column per status (each target in exactly one), then the share achieved."""
    columns = [
        Column("name", _("Committee"), lambda row: natural_key(row.committee.name), kind="name"),
        Column("targets", _("Targets"), lambda row: row.summary.targets),
    ]
    for part, group in (("annual", _("Year")), ("term", _("Term"))):
        for index, status in enumerate(STATUS_ORDER):
            columns.append(
                Column(
                    f"{part}_{status}",
                    str(STATUS_LABELS[status]),
                    _count(part, status),
                    group,
                    starts_group=index == 0,
                )
            )
        columns.append(
            Column(
                f"{part}_share",
                _("%% achieved (incl. exceeded)") % {},
                _share(part),
                group,
                kind="share",
            )
        )
    columns.append(
        Column("trend", _("Trend of the term's share achieved"), lambda row: None, kind="trend")
    )
    columns.append(
        Column(
            "report",
            _("Quarterly report"),
            lambda row: _report_rank(row),
            kind="report",
            starts_group=True,
        )
    )
    columns.append(
        Column("overdue", _("Overdue quarters"), lambda row: len(row.overdue), kind="overdue")
    )
    return columns


def _report_rank(row: CommitteeSummary) -> int:
    order = [None, *QuarterlyReport.Status.values]
    return len(order) if row.imported else order.index(row.report_status)


def sort_overview(rows: list[CommitteeSummary], sort: str) -> tuple[list[CommitteeSummary], str]:
    """Rows sorted by a column key ("-" first for descending); empty values last either way,
    ties by name. An unknown key sorts by name. Returns the rows and the key actually used."""
    columns = {column.key: column for column in overview_columns()}
    descending = sort.startswith("-")
    column = columns.get(sort.lstrip("-"))
    if column is None:
        column, descending = columns["name"], False
    by_name = sorted(rows, key=lambda row: (natural_key(row.committee.name), row.committee.code))
    present = [row for row in by_name if column.value(row) is not None]
    missing = [row for row in by_name if column.value(row) is None]
    present.sort(key=column.value, reverse=descending)  # stable: ties stay in name order
    return present + missing, ("-" if descending else "") + column.key


@dataclass(frozen=True)
class OverviewLine:
    """One row of the overview table: the committee's row and its cells, column by column."""

    row: CommitteeSummary
    cells: list[tuple[Column, object]]


def overview_lines(rows: list[CommitteeSummary]) -> list[OverviewLine]:
    columns = overview_columns()
    return [
        OverviewLine(row, [(column, _cell_value(column, row)) for column in columns[1:]])
        for row in rows
    ]


def _cell_value(column: Column, row: CommitteeSummary) -> object:
    return share_sparkline(row.trend) if column.kind == "trend" else column.value(row)


def share_sparkline(points: list[engine.TrendPoint]) -> str:
    """Points of a small line of the term's share achieved over the quarters, on a fixed scale
    from 0 to 100 % (so that two committees' lines compare), in a SPARK_WIDTH × SPARK_HEIGHT
    box; empty with fewer than two shares."""
    shares = [(index, point.term_share) for index, point in enumerate(points)]
    shares = [(index, share) for index, share in shares if share is not None]
    if len(shares) < 2:
        return ""
    last = max(len(points) - 1, 1)
    return " ".join(
        f"{Decimal(index * SPARK_WIDTH) / last:.1f},"
        f"{SPARK_HEIGHT - 1 - share / engine.HUNDRED * (SPARK_HEIGHT - 2):.1f}"
        for index, share in shares
    )


def trend_chart(points: list[engine.TrendPoint]) -> dict:
    """Chart.js data of the share achieved quarter by quarter, for the year and the term."""
    return {
        "labels": [quarter_label(point.year, point.quarter) for point in points],
        "unit": _("Share of targets achieved, in percent"),
        "quarters": _("Quarter"),
        "series": [
            {
                "key": "annual",
                "label": _("Year: share achieved"),
                "data": [chart_number(point.annual_share) for point in points],
            },
            {
                "key": "term",
                "label": _("Term: share achieved"),
                "data": [chart_number(point.term_share) for point in points],
            },
        ],
    }


def totals_cells(result: Overview) -> list[tuple[Column, object]]:
    """The totals row, in the columns of the others (the name column left out)."""
    cells = []
    for column in overview_columns()[1:]:
        if column.key == "targets":
            value = result.totals.targets
        elif column.kind == "count":
            part, status = column.key.split("_", 1)
            value = engine.own_counts(getattr(result.totals, part))[engine.Status(status)]
        elif column.kind == "share":
            value = result.annual_share if column.key == "annual_share" else result.term_share
        elif column.kind == "overdue":
            value = result.overdue_count
        elif column.kind == "trend":
            value = share_sparkline(result.trend)
        else:
            value = len(result.not_reported)
        cells.append((column, value))
    return cells


# Bands of the share achieved, best first: the colour of "% achieved" and its legend.
SHARE_BANDS = [
    (Decimal(80), "high", gettext_lazy("80 or more")),
    (Decimal(50), "mid", gettext_lazy("50 to under 80")),
    (Decimal(0), "low", gettext_lazy("under 50")),
]


def share_band(share: Decimal | None) -> str:
    """The band a share achieved falls in ("high", "mid", "low"), "" for none."""
    if share is None:
        return ""
    return next(name for floor, name, _label in SHARE_BANDS if share >= floor)


def overview_chart(rows: list[CommitteeSummary]) -> dict:
    """Chart.js data: for the year and for the term, one stacked bar per committee in the
    table's order, each status as a share of the committee's targets (the counts go in the
    tooltips); each target counted once, so a bar reaches 100 %."""

    def datasets(part: str) -> list[dict]:
        sets = []
        own = [engine.own_counts(getattr(row.summary, part)) for row in rows]
        for status in STATUS_ORDER:
            counts = [each[status] for each in own]
            shares = [
                engine.share_of(count, row.summary.targets)
                for count, row in zip(counts, rows, strict=True)
            ]
            sets.append(
                {
                    "label": str(STATUS_LABELS[status]),
                    "data": [chart_number(share) for share in shares],
                    "counts": counts,
                    "backgroundColor": STATUS_COLOURS[status],
                }
            )
        return sets

    return {
        "labels": [row.committee.name for row in rows],
        "targets": [row.summary.targets for row in rows],
        "annual": datasets("annual"),
        "term": datasets("term"),
    }


@dataclass(frozen=True)
class HeatRow:
    row: CommitteeSummary
    cells: list  # one per column: a selectors.HeatCell, or None where nothing contributes


def heat_rows(shown: OverviewRows) -> list[HeatRow]:
    """The heat map of the rows shown, in the table's order: each committee with its cell
    under each of the root's targets."""
    heat = shown.heat
    return [
        HeatRow(row, [heat.get(row.term.pk, {}).get(code) for code, _name in shown.heat_columns])
        for row in shown.rows
    ]


@dataclass(frozen=True)
class TablePage:
    """One page of the overview's rows in the table's order: its number, where it starts and
    ends among all of them (from 1), and the pages to link to (None for a gap)."""

    rows: list[CommitteeSummary]
    number: int
    pages: int
    first: int
    last: int
    total: int
    links: list[int | None]

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def table_page(rows: list[CommitteeSummary], number: int, size: int) -> TablePage:
    """The `number`th page of `size` rows (the first or last page for a number out of range);
    one page holds them all when there are no more than `size`."""
    paginator = Paginator(rows, size, allow_empty_first_page=True)
    page = paginator.page(min(max(number, 1), paginator.num_pages))
    links = [
        None if each == Paginator.ELLIPSIS else each
        for each in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    return TablePage(
        rows=list(page.object_list),
        number=page.number,
        pages=paginator.num_pages,
        first=page.start_index(),
        last=page.end_index(),
        total=paginator.count,
        links=links,
    )
