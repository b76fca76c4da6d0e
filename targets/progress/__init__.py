"""The progress engine: every number of DESIGN.md "How progress is computed".

Plain functions over plain values (Decimals, ints, mappings); no ORM, no request. Every screen,
export, command and the API call this package, so a number never differs between two places.
Callers import the package (`from targets import progress as engine`); its modules are:

- `inputs`: what the engine is given about a target (TargetFigures, Counts, Revision, kinds);
- `quarters`: moments of the term, shares elapsed, and the quarters a figure is due in;
- `statuses`: percentages, the Status of a value against its plan, expected values;
- `values`: the year value and term value from the figures, by aggregation;
- `revisions`: the term target and plans in force at a moment;
- `ratios`: counts of a count (26 of 27) and their percentages;
- `target`: one target's Progress at a moment, or at many in one pass (and its statuses alone);
- `timelines`: a target's progress at every quarter of the term so far;
- `summaries`: counts by status over many targets, shares achieved and their trend;
- `rollups`: a parent target seen through its committees' child targets;
- `flags`: what deserves a reviewer's look in a submitted quarter;
- `display`: the precision a value is shown with, by its unit.

Vocabulary:
- a *figure* is one quarter's stored value, keyed by (year, quarter);
- the *year value* and *term value* follow from the figures by the target's aggregation;
- the *moment* (year, quarter) is the point in time a page looks at: figures after it are ignored.
"""

from targets.progress.display import (
    BILLIONS_PLACES,
    RATE_PLACES,
    display_places,
    displayed,
)
from targets.progress.flags import (
    LARGE_CHANGE_PCT,
    ReviewFlags,
    change_pct,
    is_large_change,
    review_flags,
)
from targets.progress.inputs import (
    HUNDRED,
    ONE_DECIMAL,
    QUARTERS_PER_YEAR,
    VALUE_PLACES,
    Aggregation,
    Counts,
    Direction,
    Figures,
    Frequency,
    Revision,
    TargetFigures,
)
from targets.progress.quarters import (
    DUE_QUARTERS,
    frequencies_due,
    is_due,
    last_due_quarter,
    latest_moment,
    previous_quarter,
    term_elapsed_share,
    validate_moment,
    year_elapsed_share,
)
from targets.progress.ratios import (
    add_counts,
    check_counts,
    counts_pct,
    ratio_figures,
    ratio_value,
    stored_ratio_value,
)
from targets.progress.revisions import (
    PlanInForce,
    RevisionChange,
    annual_plan_in_force,
    plan_at,
    plans_at,
    revision_changes,
    term_target_at,
)
from targets.progress.rollups import (
    HOLDING_BACK,
    Contribution,
    Rollup,
    rollup,
)
from targets.progress.statuses import (
    Status,
    classify,
    expected_term_value,
    expected_year_value,
    meets,
    percent,
    round_pct,
)
from targets.progress.summaries import (
    TREND_QUARTERS,
    StatusCounts,
    Summary,
    TrendPoint,
    combine,
    count_statuses,
    own_counts,
    share_achieved,
    share_of,
    share_trend,
    summaries_over,
    summarize,
    trend_quarters,
)
from targets.progress.target import (
    Progress,
    annual_percent,
    bar_share,
    progress,
    progress_over,
    statuses_over,
)
from targets.progress.timelines import (
    TimelinePoint,
    timeline,
)
from targets.progress.values import (
    quarterly_series,
    term_value,
    to_date_plan,
    year_counts,
    year_value,
    year_values,
)

__all__ = [
    "PlanInForce",
    "annual_plan_in_force",
    "HUNDRED",
    "ONE_DECIMAL",
    "QUARTERS_PER_YEAR",
    "VALUE_PLACES",
    "Aggregation",
    "Counts",
    "Direction",
    "Figures",
    "Frequency",
    "Revision",
    "TargetFigures",
    "DUE_QUARTERS",
    "frequencies_due",
    "is_due",
    "last_due_quarter",
    "latest_moment",
    "previous_quarter",
    "term_elapsed_share",
    "validate_moment",
    "year_elapsed_share",
    "Status",
    "classify",
    "expected_term_value",
    "expected_year_value",
    "meets",
    "percent",
    "round_pct",
    "quarterly_series",
    "term_value",
    "to_date_plan",
    "year_counts",
    "year_value",
    "year_values",
    "RevisionChange",
    "plan_at",
    "plans_at",
    "revision_changes",
    "term_target_at",
    "add_counts",
    "check_counts",
    "counts_pct",
    "ratio_figures",
    "ratio_value",
    "stored_ratio_value",
    "Progress",
    "annual_percent",
    "bar_share",
    "progress",
    "progress_over",
    "statuses_over",
    "TimelinePoint",
    "timeline",
    "TREND_QUARTERS",
    "StatusCounts",
    "Summary",
    "TrendPoint",
    "combine",
    "count_statuses",
    "own_counts",
    "share_achieved",
    "share_of",
    "share_trend",
    "summaries_over",
    "summarize",
    "trend_quarters",
    "HOLDING_BACK",
    "Contribution",
    "Rollup",
    "rollup",
    "LARGE_CHANGE_PCT",
    "ReviewFlags",
    "change_pct",
    "is_large_change",
    "review_flags",
    "BILLIONS_PLACES",
    "RATE_PLACES",
    "display_places",
    "displayed",
]
