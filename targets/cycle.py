"""The quarterly cycle's one rule for figures: may this user write this figure of this quarter
now (DESIGN.md "Who may do what").

- Who: an editor whose membership is at the figure's very committee (an editor above it does
  not enter for the committees below), or a superuser.
- When: while the quarter is open, that is with no report yet, a draft or a returned report.
  A submitted quarter waits for its reviewer; an approved one is locked for everyone, admins
  included, until an admin reopens it (`services.report_reopen`, which is recorded).

Every path that writes a figure asks `figure_write_refusal` (or `require_figure_write`, which
raises): the entry page, the admin's add, change, delete and history revert, the per-sheet and
whole-workbook imports and the `import_workbook` command. The messages below are the only ones
any of them gives.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from districts.access import Rights, rights
from districts.models import Term
from targets import deadlines
from targets import progress as engine
from targets.models import QuarterlyReport, Target

OPEN_STATUSES = (QuarterlyReport.Status.DRAFT, QuarterlyReport.Status.RETURNED)

# The refusals, formatted with the quarter, the year and who did what when.
NOT_AN_EDITOR = gettext_lazy(
    "Only an editor of %(committee)s may change its figures; you may see them but not change them."
)
QUARTER_SUBMITTED = gettext_lazy(
    "Quarter %(quarter)s/%(year)s was submitted by %(user)s on %(when)s and is waiting for "
    "review; it can be changed again if the reviewer returns it."
)
QUARTER_APPROVED = gettext_lazy(
    "Quarter %(quarter)s/%(year)s was approved by %(user)s on %(when)s and is locked; "
    "only an administrator can reopen it."
)

# Revisions (điều chỉnh chỉ tiêu) change what a committee is measured against: reviewers and
# administrators enter them, not the committee's own editors.
NOT_A_REVIEWER = gettext_lazy(
    "Only a reviewer or an administrator may enter a revision of the targets of %(committee)s."
)

# A figure for a quarter in which its target is not reported: a yearly target's Q1–Q3, a
# half-yearly one's Q1 and Q3, or a quarter before the term's reporting starts (Term.start_quarter).
NOT_DUE_THIS_QUARTER = gettext_lazy(
    "This target is not reported in quarter %(quarter)s: its figures are due in %(due)s."
)
BEFORE_TERM_REPORTS = gettext_lazy(
    "The term %(term)s reports from quarter %(first_quarter)s/%(first_year)s: quarter "
    "%(quarter)s/%(year)s has no figures."
)

# Passed as `report` when the caller does not have the quarter's report at hand.
LOOK_UP = object()


class CycleError(Exception):
    """A step of the quarterly cycle that cannot be taken; the message says why, in Vietnamese."""


class NotAllowed(CycleError):
    """The user may see the committee but not take this step (a 403)."""


class QuarterClosed(CycleError):
    """The quarter is submitted or approved: its figures cannot change now."""


def is_open(report: QuarterlyReport | None) -> bool:
    """Whether a quarter's figures may change: no report yet, a draft or a returned one."""
    return report is None or report.status in OPEN_STATUSES


def not_due_refusal(target: Target, term: Term, year: int, quarter: int) -> str | None:
    """Why no figure of `target` (a target of `term`) belongs in (year, quarter), or None if one
    is due there: the entry page (which also leaves such targets out of the quarter) and the
    per-sheet and whole-workbook imports ask this."""
    if not deadlines.term_reports(term, year, quarter):
        return str(BEFORE_TERM_REPORTS) % {
            "term": term.label,
            "first_quarter": term.start_quarter,
            "first_year": term.start_year,
            "quarter": quarter,
            "year": year,
        }
    if not target.is_due(quarter):
        due = engine.DUE_QUARTERS[engine.Frequency(target.frequency)]
        return str(NOT_DUE_THIS_QUARTER) % {
            "quarter": quarter,
            "due": ", ".join(f"Q{each}" for each in due),
        }
    return None


def quarter_refusal(report: QuarterlyReport | None) -> str | None:
    """Why nobody may change the quarter's figures now, or None while it is open."""
    if is_open(report):
        return None
    if report.status == QuarterlyReport.Status.APPROVED:
        return str(QUARTER_APPROVED) % {
            "quarter": report.quarter,
            "year": report.year,
            "user": person_label(report.reviewed_by),
            "when": moment_label(report.reviewed_at),
        }
    return str(QUARTER_SUBMITTED) % {
        "quarter": report.quarter,
        "year": report.year,
        "user": person_label(report.submitted_by),
        "when": moment_label(report.submitted_at),
    }


def figure_write_refusal(
    user,
    *,
    term: Term,
    year: int,
    quarter: int,
    report: QuarterlyReport | None | object = LOOK_UP,
    can: Rights | None = None,
) -> str | None:
    """May `user` write (add, change or delete) a figure of `term`'s committee for `quarter` of
    `year` now? None if so; otherwise the message that says why not.

    `report` is the quarter's report if the caller already holds it (None: there is none
    yet); by default it is looked up. `can` is the user's rights at the term's committee if
    the caller already has them (an import without a user passes full rights).
    """
    if can is None:
        can = rights(user, term.committee)
    if not can.enter:
        return str(NOT_AN_EDITOR) % {"committee": term.committee.name}
    if report is LOOK_UP:
        report = (
            QuarterlyReport.objects.filter(term=term, year=year, quarter=quarter)
            .select_related("submitted_by", "reviewed_by")
            .first()
        )
    return quarter_refusal(report)


def revision_write_refusal(user, *, term: Term, can: Rights | None = None) -> str | None:
    """May `user` write (add, change or delete) a revision of a target of `term` now? None if
    so; otherwise the message that says why not. Every path that writes a revision asks this:
    the admin and the workbook's `Điều chỉnh` sheet."""
    if can is None:
        can = rights(user, term.committee)
    if not can.revise:
        return str(NOT_A_REVIEWER) % {"committee": term.committee.name}
    return None


def require_figure_write(user, *, can: Rights | None = None, **quarter) -> None:
    """`figure_write_refusal` that raises: NotAllowed (a 403) for a user who is not an editor
    of the committee, QuarterClosed for a quarter that is not open. `quarter` names the term,
    year, quarter (and the report if at hand) as `figure_write_refusal` takes them."""
    if can is None:
        can = rights(user, quarter["term"].committee)
    refusal = figure_write_refusal(user, can=can, **quarter)
    if refusal is not None:
        raise (QuarterClosed if can.enter else NotAllowed)(refusal)


def person_label(user) -> str:
    """Who did a step, as messages name them."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


def moment_label(moment: datetime.datetime | None) -> str:
    """When a step was done, as messages say it."""
    if moment is None:
        return "—"
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
