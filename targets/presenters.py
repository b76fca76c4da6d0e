"""What the templates show, arranged: rows grouped and sorted, chart data, trend lines.

No progress arithmetic here (that is targets.progress); only arrangement and geometry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from targets import progress as engine
from targets.models import Programme, QuarterlyReport, Target
from targets.rendering import STATUS_LABELS
from targets.selectors import CommitteeSummary, Overview, TargetRow, natural_key

# Statuses in the order charts stack them, best first; the colours are the Okabe–Ito palette,
# which stays distinguishable with the common colour-vision deficiencies (and every status is
# also written in words next to its colour).
STATUS_ORDER = [
    engine.Status.EXCEEDED,
    engine.Status.ACHIEVED,
    engine.Status.ON_TRACK,
    engine.Status.BEHIND,
    engine.Status.NO_DATA,
    engine.Status.NO_PLAN,
    engine.Status.NOT_DUE,
]
STATUS_COLOURS = {
    engine.Status.EXCEEDED: "#006d4f",
    engine.Status.ACHIEVED: "#009e73",
    engine.Status.ON_TRACK: "#56b4e9",
    engine.Status.BEHIND: "#e69f00",
    engine.Status.NO_DATA: "#999999",
    engine.Status.NO_PLAN: "#cc79a7",
    engine.Status.NOT_DUE: "#d9d9d9",
}

REPORT_LABELS = {
    None: gettext_lazy("not started"),
    **dict(QuarterlyReport.Status.choices),
}


def moment_query(term_label: str, year: int, quarter: int, **extra) -> str:
    """The query string every page keeps so that links stay at the chosen moment."""
    return urlencode({"term": term_label, "year": year, "quarter": quarter, **extra})


def summary_sentence(label: str, counts: engine.StatusCounts, total: int) -> str:
    """ "Năm 2020: 15/15 chỉ tiêu đạt, trong đó 7 vượt", as the reports write it."""
    return _(
        "%(label)s: %(achieved)s/%(total)s targets achieved, of which %(exceeded)s exceeded"
    ) % {
        "label": label,
        "achieved": _grouped(counts.achieved),
        "total": _grouped(total),
        "exceeded": _grouped(counts.exceeded),
    }


def _grouped(count: int) -> str:
    """A count with the thousands separator of the page's language: 1.584."""
    return number_format(count, force_grouping=True)


# --- overview -------------------------------------------------------------------------------


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
    return lambda row: engine.own_counts(getattr(row.summary, part))[status]


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
        OverviewLine(
            row,
            [
                (
                    column,
                    share_sparkline(row.trend) if column.kind == "trend" else column.value(row),
                )
                for column in columns[1:]
            ],
        )
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
        f"{SPARK_HEIGHT - 1 - share / HUNDRED * (SPARK_HEIGHT - 2):.1f}"
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
                "data": [_number(point.annual_share) for point in points],
            },
            {
                "key": "term",
                "label": _("Term: share achieved"),
                "data": [_number(point.term_share) for point in points],
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


HUNDRED = Decimal(100)

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
        for status in STATUS_ORDER:
            counts = [engine.own_counts(getattr(row.summary, part))[status] for row in rows]
            shares = [
                engine.share_of(count, row.summary.targets)
                for count, row in zip(counts, rows, strict=True)
            ]
            sets.append(
                {
                    "label": str(STATUS_LABELS[status]),
                    "data": [_number(share) for share in shares],
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


def heat_rows(result: Overview, rows: list[CommitteeSummary]) -> list[HeatRow]:
    """The heat map in the table's order: each committee with its cell under each of the
    root's targets."""
    heat = result.heat or {}
    return [
        HeatRow(row, [heat.get(row.term.pk, {}).get(code) for code, _name in result.heat_columns])
        for row in rows
    ]


# --- committee dashboard --------------------------------------------------------------------


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
    """Targets by group (in the order of Target.Group), then by programme (in the order the
    rows come, which is programme number, then code)."""
    blocks = []
    for group, label in Target.Group.choices:
        in_group = [row for row in rows if row.target.group == group]
        if not in_group:
            continue
        programmes: list[ProgrammeBlock] = []
        for row in in_group:
            shown = DashboardRow(
                row=row,
                bar=engine.bar_share(row.progress),
                trend=sparkline(
                    [value for _y, _q, value in engine.quarterly_series(row.figures, year, quarter)]
                ),
            )
            if programmes and programmes[-1].programme == row.target.programme:
                programmes[-1].rows.append(shown)
            else:
                programmes.append(ProgrammeBlock(programme=row.target.programme, rows=[shown]))
        blocks.append(GroupBlock(group=group, label=str(label), programmes=programmes))
    return blocks


SPARK_WIDTH = 80
SPARK_HEIGHT = 20


def sparkline(values: list[Decimal | None]) -> str:
    """Points of a small trend line through the quarters that have figures, scaled into a
    SPARK_WIDTH × SPARK_HEIGHT box (y grows downwards in SVG)."""
    points = [(index, value) for index, value in enumerate(values) if value is not None]
    if len(points) < 2:
        return ""
    low = min(value for _index, value in points)
    high = max(value for _index, value in points)
    span = high - low or Decimal(1)
    last = max(len(values) - 1, 1)
    coordinates = []
    for index, value in points:
        x = Decimal(index * SPARK_WIDTH) / last
        y = SPARK_HEIGHT - (value - low) / span * (SPARK_HEIGHT - 2) - 1
        coordinates.append(f"{x:.1f},{y:.1f}")
    return " ".join(coordinates)


# --- target detail --------------------------------------------------------------------------


def _number(value: Decimal | None) -> float | None:
    # Chart.js draws floats; the exact figures are in the table beside the chart.
    return None if value is None else float(value)


def quarter_label(year: int, quarter: int) -> str:
    """A quarter as every screen writes it: "quý 1/2020"."""
    return _("quarter %(quarter)s/%(year)s") % {"quarter": quarter, "year": year}


def target_chart(timeline: list[engine.TimelinePoint], unit: str = "") -> dict:
    """Chart.js data for a target: the quarterly figures, the year's value so far against the
    annual plan and the year's expected line; and the term's value against its expected line."""
    labels = [quarter_label(point.year, point.quarter) for point in timeline]
    return {
        "labels": labels,
        "unit": unit,  # the y axis's title
        "quarters": _("Quarter"),  # the x axis's title
        "year": [
            {
                "key": "figure",
                "label": _("Quarterly figure"),
                "type": "bar",
                "data": [_number(point.figure) for point in timeline],
            },
            {
                "key": "year_value",
                "label": _("Year value so far"),
                "data": [_number(point.progress.year_value) for point in timeline],
            },
            {
                "key": "plan",
                "label": _("Annual plan"),
                "stepped": True,
                "data": [_number(point.progress.annual_plan) for point in timeline],
            },
            {
                "key": "expected",
                "label": _("Expected by now (year)"),
                "dashed": True,
                "data": [_number(point.progress.expected_year_value) for point in timeline],
            },
        ],
        "term": [
            {
                "key": "term_value",
                "label": _("Term value so far"),
                "data": [_number(point.progress.term_value) for point in timeline],
            },
            {
                "key": "expected",
                "label": _("Expected by now (term)"),
                "dashed": True,
                "data": [_number(point.progress.expected_term_value) for point in timeline],
            },
            {
                "key": "target",
                "label": _("Term target"),
                "stepped": True,
                "data": [_number(point.progress.term_target) for point in timeline],
            },
        ],
    }


# --- mid-term / year-end report -------------------------------------------------------------


@dataclass(frozen=True)
class ReviewYear:
    year: int
    value: Decimal | None
    plan: Decimal | None
    pct: Decimal | None
    counts: engine.Counts | None = None  # a ratio target's counts behind the value


@dataclass(frozen=True)
class ReviewRow:
    row: TargetRow
    years: list[ReviewYear]


@dataclass(frozen=True)
class Review:
    years: list[int]
    groups: list[tuple[str, list[ReviewRow]]]
    behind: list[TargetRow]
    # Every revision of the term's targets, by target, with the value it replaced.
    revisions: list[tuple[Target, engine.RevisionChange]] = ()

    @property
    def columns(self) -> int:
        """Code, name and unit; value, plan and % for each year; five for the term."""
        return 3 + 3 * len(self.years) + 5


def review_rows(result) -> Review:
    """The review table: each target's value and plan for every year of the term so far (the
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
                ReviewRow(
                    row=row,
                    years=[
                        ReviewYear(
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
    return Review(years=years, groups=groups, behind=behind, revisions=revisions)


def previous_quarter_label(year: int, quarter: int) -> str:
    previous_year, previous = engine.previous_quarter(year, quarter)
    return f"{previous}/{previous_year}"
