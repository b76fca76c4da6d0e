"""What the templates show, arranged: rows grouped and sorted, chart data, trend lines; one
module per screen (`overview`, `dashboard`, `entry`, `detail`) and what they share (`common`).
The mid-term report's rows are `targets.midterm.rows`; words for people are `targets.labels`.

No progress arithmetic here (that is targets.progress); only arrangement and geometry.
"""

from targets.presenters.common import (
    SPARK_HEIGHT,
    SPARK_WIDTH,
    STATUS_COLOURS,
    STATUS_ORDER,
    by_group_and_programme,
    chart_number,
    moment_query,
    previous_quarter_label,
    sparkline,
)
from targets.presenters.dashboard import (
    DashboardRow,
    GroupBlock,
    ProgrammeBlock,
    dashboard_groups,
)
from targets.presenters.detail import target_chart
from targets.presenters.entry import FIGURE_HINTS, EntryItem, entry_groups, figure_hint
from targets.presenters.overview import (
    SHARE_BANDS,
    Column,
    HeatRow,
    OverviewLine,
    TablePage,
    heat_rows,
    overview_chart,
    overview_columns,
    overview_lines,
    share_band,
    share_sparkline,
    sort_overview,
    table_page,
    totals_cells,
    trend_chart,
)

__all__ = [
    "SPARK_HEIGHT",
    "SPARK_WIDTH",
    "STATUS_COLOURS",
    "STATUS_ORDER",
    "by_group_and_programme",
    "chart_number",
    "moment_query",
    "previous_quarter_label",
    "sparkline",
    "DashboardRow",
    "GroupBlock",
    "ProgrammeBlock",
    "dashboard_groups",
    "target_chart",
    "FIGURE_HINTS",
    "EntryItem",
    "entry_groups",
    "figure_hint",
    "SHARE_BANDS",
    "Column",
    "HeatRow",
    "OverviewLine",
    "TablePage",
    "heat_rows",
    "overview_chart",
    "overview_columns",
    "overview_lines",
    "share_band",
    "share_sparkline",
    "sort_overview",
    "table_page",
    "totals_cells",
    "trend_chart",
]
