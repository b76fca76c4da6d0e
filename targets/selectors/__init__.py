"""Reads that feed the progress engine and assemble the screens: each screen's selector loads
from the database in a fixed number of queries (through the QuerySet methods of
targets/querysets.py and districts/models.py), turns rows into the engine's plain values, and
hands back what the screen shows. One module per screen:

- `terms`: which term and moment a page looks at
- `committee`: one committee's targets with their progress (dashboard, report, API, command)
- `overview`: the committees directly under one
- `detail`: one target's page
- `dashboard`: what the dashboard asks of editors (the quarter to enter, overdue quarters)
- `entry`: the quarterly entry and review page
- `review`: the reviewer's inbox

Callers use the package (`selectors.committee_progress(...)`).
"""

from targets.selectors.committee import (
    GROUP_ORDER,
    REPORTED,
    CommitteeMoment,
    CommitteeProgress,
    TargetRow,
    committee_moment,
    committee_progress,
    quarterly_report,
    share_trends,
    target_facts,
    target_figures,
    term_trend,
)
from targets.selectors.dashboard import EntryPrompt, entry_prompt, overdue_quarters
from targets.selectors.detail import ChildRow, QuarterRow, TargetDetail, children_of, target_detail
from targets.selectors.entry import EntryRow, LastChange, QuarterPage, quarter_page
from targets.selectors.overview import (
    CommitteeSummary,
    HeatCell,
    Overview,
    OverviewRows,
    natural_key,
    overview,
    overview_rows,
    overview_version,
)
from targets.selectors.review import (
    remember_waiting,
    reports_to_review,
    request_waiting,
    review_flags,
    waiting_for_review,
    waiting_sql,
)
from targets.selectors.terms import MomentError, current_term, pick_term, resolve_moment

__all__ = [
    "MomentError",
    "current_term",
    "pick_term",
    "resolve_moment",
    "GROUP_ORDER",
    "REPORTED",
    "CommitteeMoment",
    "CommitteeProgress",
    "TargetRow",
    "committee_moment",
    "committee_progress",
    "quarterly_report",
    "share_trends",
    "term_trend",
    "target_facts",
    "target_figures",
    "CommitteeSummary",
    "HeatCell",
    "Overview",
    "OverviewRows",
    "natural_key",
    "overview",
    "overview_rows",
    "overview_version",
    "ChildRow",
    "QuarterRow",
    "TargetDetail",
    "children_of",
    "target_detail",
    "EntryPrompt",
    "entry_prompt",
    "overdue_quarters",
    "EntryRow",
    "LastChange",
    "QuarterPage",
    "quarter_page",
    "reports_to_review",
    "review_flags",
    "waiting_for_review",
    "waiting_sql",
    "request_waiting",
    "remember_waiting",
]
