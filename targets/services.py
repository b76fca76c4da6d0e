"""Writes of the quarterly cycle: entering a quarter's figures, submitting, approving, returning
and reopening it. Typed, keyword-only, validated, atomic; views and the admin call these and
never repeat their rules.

Every change is recorded by django-simple-history: figures with who changed them and from
what, reports with each step (submitted, approved, returned, reopened) and its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from districts.access import rights
from districts.models import Committee, Term
from targets import progress as engine
from targets.counts import COUNTS_NOT_ALLOWED, counts_errors
from targets.cycle import (  # noqa: F401 (the cycle's errors are raised from here too)
    NOT_AN_EDITOR,
    NOT_DUE_THIS_QUARTER,
    CycleError,
    NotAllowed,
    QuarterClosed,
    moment_label,
    not_due_refusal,
    person_label,
    require_figure_write,
)
from targets.models import Figure, QuarterlyReport, Target
from targets.numbers import decimal_text, grouped
from targets.progress_cache import data_changed

# The history reason of figures written by the entry page.
ENTRY_PAGE_REASON = gettext_lazy("Entered on the entry page")


@dataclass(frozen=True)
class FigureInput:
    """One row of the entry form: what the user typed, and what the figure was when the form
    was opened (to refuse overwriting someone else's newer value)."""

    target_id: int
    value: Decimal | None
    is_estimate: bool
    note: str
    seen_stamp: str = ""  # the figure's updated_at when the form was opened, "" if none
    seen_value: Decimal | None = None  # and what the form showed then
    seen_is_estimate: bool = False
    seen_note: str = ""
    # A ratio target's figure is its two counts (the value follows from them).
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    seen_numerator: Decimal | None = None
    seen_denominator: Decimal | None = None

    @property
    def touched(self) -> bool:
        typed = (self.value, self.numerator, self.denominator, self.is_estimate, self.note.strip())
        shown = (
            self.seen_value,
            self.seen_numerator,
            self.seen_denominator,
            self.seen_is_estimate,
            self.seen_note.strip(),
        )
        return typed != shown

    @property
    def empty(self) -> bool:
        """Nothing typed: the figure is to be left out (or removed)."""
        return self.value is None and self.numerator is None and self.denominator is None


# What the entry page says when a submit finds targets without a figure; the tests reuse these.
MISSING_FIGURES = gettext_lazy(
    "The quarter cannot be submitted: these targets have no figure yet: %(list)s."
)
MISSING_FIGURES_DRAFT_SAVED = gettext_lazy(
    "Saved as a draft, not submitted: these targets have no figure yet: %(list)s."
)


class MissingFigures(CycleError):
    """A submit refused because some targets of the quarter have no figure; names them."""

    def __init__(self, targets: list[Target]):
        self.targets = targets
        super().__init__(MISSING_FIGURES % {"list": self.listing()})

    def listing(self) -> str:
        return "; ".join(f"{target.code} {target.name}" for target in self.targets)


# An entry form whose targets are no longer the quarter's (one was added or removed since it
# was opened).
TARGETS_CHANGED = gettext_lazy(
    "The targets of this quarter changed after you opened the page (one was added or "
    "removed); nothing was saved. The page now shows them as they are: enter your figures "
    "again."
)


# A return without a comment, a reopening without a reason (the review forms say the same).
RETURN_NEEDS_COMMENT = gettext_lazy(
    "Say what needs correcting: a returned quarter needs a comment."
)
REOPEN_NEEDS_REASON = gettext_lazy("Give the reason for reopening the quarter.")


class TargetsChanged(CycleError):
    """The entry form was made for targets that are no longer the quarter's."""


# What the entry page says when any typed figure is refused (the tests reuse it).
FIGURES_REFUSED = gettext_lazy("Nothing was saved: correct the figures marked below.")


class FiguresRefused(CycleError):
    def __init__(self, errors: dict[int, str]):
        super().__init__(str(FIGURES_REFUSED))
        self.errors = errors


def stamp(figure: Figure | None) -> str:
    """A figure's version as the entry form carries it."""
    return figure.updated_at.isoformat() if figure is not None else ""


def seen(figure: Figure | None) -> dict:
    """What the entry form remembers of a figure as it showed it: its version and values."""
    if figure is None:
        return {
            "stamp": "",
            "value": None,
            "numerator": None,
            "denominator": None,
            "is_estimate": False,
            "note": "",
        }
    counts = figure.counts
    return {
        "stamp": stamp(figure),
        # A ratio's value follows from its counts: the form shows and sends only the counts.
        "value": None if counts else decimal_text(figure.value),
        "numerator": decimal_text(counts.numerator) if counts else None,
        "denominator": decimal_text(counts.denominator) if counts else None,
        "is_estimate": figure.is_estimate,
        "note": figure.note,
    }


def initial_figure(figure: Figure | None) -> dict:
    """What the entry form's boxes show of a figure: its value, or a ratio's two counts."""
    counts = figure.counts if figure is not None else None
    if counts is not None:
        return {"value": None, "numerator": counts.numerator, "denominator": counts.denominator}
    return {
        "value": figure.value if figure is not None else None,
        "numerator": None,
        "denominator": None,
    }


def _report_for_update(term: Term, year: int, quarter: int) -> QuarterlyReport | None:
    """The quarter's report, its committee's writes serialised: the term's row is locked
    first, so that two first saves of a quarter cannot both create its report (or the same
    figure) and a save cannot slip between a check and a write."""
    list(Term.objects.select_for_update().filter(pk=term.pk).values_list("pk", flat=True))
    return (
        QuarterlyReport.objects.select_for_update(of=("self",))
        .filter(term=term, year=year, quarter=quarter)
        .select_related("submitted_by", "reviewed_by")
        .first()
    )


# The history's reason is a short text (simple_history's CharField): a long comment or reason,
# kept whole on the report, is shortened there.
REASON_LENGTH = 100


def _save_report(report: QuarterlyReport, reason: str) -> None:
    reason = str(reason)
    if len(reason) > REASON_LENGTH:
        reason = reason[: REASON_LENGTH - 1].rstrip() + "…"
    report._change_reason = reason
    report.full_clean()
    report.save()
    data_changed([report.term_id])


def figures_save(
    *,
    committee: Committee,
    term: Term,
    year: int,
    quarter: int,
    rows: list[FigureInput],
    user,
    assessment: str | None = None,
) -> int:
    """Save a quarter's figures as a draft: all of them or, if any is refused, none.

    A row the user left as it was is not written (so that a figure someone else changed since
    the form was opened is not overwritten with the old value); a row the user changed is
    refused if the figure changed since. The quarter's assessment, when given, is kept with the
    draft. Returns the number of figures written.
    """
    can = rights(user, committee)
    if not can.enter:
        raise NotAllowed(str(NOT_AN_EDITOR) % {"committee": committee.name})
    if not term.contains_year(year) or term.committee_id != committee.pk:
        raise CycleError(_("The year %(year)s is outside the term.") % {"year": year})
    with transaction.atomic():
        report = _report_for_update(term, year, quarter)
        require_figure_write(user, term=term, year=year, quarter=quarter, report=report, can=can)
        targets = {target.pk: target for target in Target.objects.filter(term=term)}
        current = {
            figure.target_id: figure
            for figure in Figure.objects.select_for_update(of=("self",))
            .filter(target__term=term, year=year, quarter=quarter)
            .select_related("updated_by")
        }
        writes = _figure_writes(rows, targets, current, term, year, quarter)
        if report is None:
            report = QuarterlyReport(committee=committee, term=term, year=year, quarter=quarter)
            _keep_assessment(report, assessment or "", user, _("Draft started"))
        elif assessment is not None and assessment.strip() != report.assessment:
            _keep_assessment(report, assessment, user, _("Assessment edited"))
        for figure, row in writes:
            if figure is None:
                figure = Figure(target=targets[row.target_id], year=year, quarter=quarter)
            _write_figure(figure, row, user)
        data_changed([term.pk])
        return len(writes)


def _figure_writes(
    rows: list[FigureInput],
    targets: dict[int, Target],
    current: dict[int, Figure],
    term: Term,
    year: int,
    quarter: int,
) -> list[tuple[Figure | None, FigureInput]]:
    """The figures to write (None: a new one) with their rows, once every row is checked:
    FiguresRefused, with every row's message, if any is refused."""
    errors: dict[int, str] = {}
    writes = []
    for row in rows:
        if row.target_id not in targets:
            raise TargetsChanged(str(TARGETS_CHANGED))
        figure = current.get(row.target_id)
        if not row.touched:
            continue
        refusal = _figure_refusal(targets[row.target_id], row, term, year, quarter)
        if not refusal and figure is None and row.seen_stamp and not row.empty:
            refusal = _deleted_message()
        elif not refusal and figure is not None and row.seen_stamp != stamp(figure):
            refusal = _stale_message(figure)
        if refusal:
            errors[row.target_id] = refusal
        elif figure is not None or not row.empty:
            writes.append((figure, row))
    if errors:
        raise FiguresRefused(errors)
    return writes


def _keep_assessment(report: QuarterlyReport, assessment: str, user, reason: str) -> None:
    report.assessment = assessment.strip()
    report._history_user = user
    _save_report(report, reason)


def _write_figure(figure: Figure, row: FigureInput, user) -> None:
    """Write one typed row to its figure (an empty row deletes it), with its history."""
    figure._history_user = user
    figure._change_reason = str(ENTRY_PAGE_REASON)
    if row.empty:
        figure.delete()
        return
    if figure.target.is_ratio:
        figure.set_counts(row.numerator, row.denominator)
    else:
        figure.value = row.value
    figure.is_estimate = row.is_estimate
    figure.note = row.note.strip()
    figure.updated_by = user
    figure.full_clean()
    figure.save()


def quarter_save(
    *,
    user,
    committee: Committee,
    term: Term,
    year: int,
    quarter: int,
    rows: list[FigureInput],
    assessment: str,
    submit: bool,
) -> int:
    """What the entry page's save and submit buttons do: save the figures and the assessment
    as a draft and, with `submit`, submit the quarter. The draft is saved first, in its own
    transaction: a submit refused (MissingFigures names the targets) then loses nothing that
    was typed. Returns the number of figures written."""
    quarter_of = {"committee": committee, "term": term, "year": year, "quarter": quarter}
    saved = figures_save(**quarter_of, rows=rows, user=user, assessment=assessment)
    if submit:
        report_submit(**quarter_of, assessment=assessment, user=user)
    return saved


def _stale_message(figure: Figure) -> str:
    return _(
        "%(user)s changed this figure to %(value)s at %(when)s, after you opened the page. "
        "Check it and enter yours again if it is still right."
    ) % {
        "user": person_label(figure.updated_by),
        "value": grouped(figure.value),
        "when": moment_label(figure.updated_at),
    }


def _deleted_message() -> str:
    return _("Someone deleted this figure after you opened the page; check it and save again.")


def _figure_refusal(target: Target, row: FigureInput, term: Term, year: int, quarter: int) -> str:
    """Why a typed figure cannot be written for its target ("" if it can): a target not due in
    the quarter, or counts that do not fit the target (targets.counts)."""
    if row.empty:
        return ""
    refusal = not_due_refusal(target, term, year, quarter)
    if refusal:
        return refusal
    if target.is_ratio:
        errors = counts_errors(target, row.numerator, row.denominator)
        return " ".join(str(message) for message in dict.fromkeys(errors.values()))
    if row.numerator is not None or row.denominator is not None:
        return str(COUNTS_NOT_ALLOWED)
    return ""


def missing_figures(term: Term, year: int, quarter: int) -> list[Target]:
    """The targets of the term due in the quarter (by their reporting frequency) without a
    figure for it."""
    return list(
        Target.objects.filter(term=term, frequency__in=engine.frequencies_due(quarter))
        .exclude(figures__year=year, figures__quarter=quarter)
        .order_by("code")
    )


def report_submit(
    *, committee: Committee, term: Term, year: int, quarter: int, assessment: str, user
) -> QuarterlyReport:
    """Submit the quarter for review: every target needs its figure."""
    can = rights(user, committee)
    if not can.enter:
        raise NotAllowed(str(NOT_AN_EDITOR) % {"committee": committee.name})
    with transaction.atomic():
        report = _report_for_update(term, year, quarter)
        require_figure_write(user, term=term, year=year, quarter=quarter, report=report, can=can)
        missing = missing_figures(term, year, quarter)
        if missing:
            raise MissingFigures(missing)
        if report is None:
            report = QuarterlyReport(committee=committee, term=term, year=year, quarter=quarter)
        report.status = QuarterlyReport.Status.SUBMITTED
        report.assessment = assessment.strip()
        report.submitted_by = user
        report.submitted_at = timezone.now()
        report._history_user = user
        _save_report(report, _("Submitted for review"))
        return report


def _reviewable(report: QuarterlyReport, user) -> QuarterlyReport:
    if not rights(user, report.committee).review:
        raise NotAllowed(_("Only a reviewer of a committee above may review this quarter."))
    locked = _report_for_update(report.term, report.year, report.quarter)
    if locked.status != QuarterlyReport.Status.SUBMITTED:
        raise CycleError(
            _("Quarter %(quarter)s/%(year)s of %(committee)s is not waiting for review.")
            % {"quarter": report.quarter, "year": report.year, "committee": report.committee}
        )
    return locked


def report_approve(*, report: QuarterlyReport, user) -> QuarterlyReport:
    """Approve a submitted quarter, which locks it."""
    with transaction.atomic():
        report = _reviewable(report, user)
        report.status = QuarterlyReport.Status.APPROVED
        report.reviewed_by = user
        report.reviewed_at = timezone.now()
        report.review_comment = ""
        report._history_user = user
        _save_report(report, _("Approved"))
        return report


def report_return(*, report: QuarterlyReport, user, comment: str) -> QuarterlyReport:
    """Return a submitted quarter to its committee with a comment; it becomes editable."""
    if not comment.strip():
        raise CycleError(str(RETURN_NEEDS_COMMENT))
    with transaction.atomic():
        report = _reviewable(report, user)
        report.status = QuarterlyReport.Status.RETURNED
        report.reviewed_by = user
        report.reviewed_at = timezone.now()
        report.review_comment = comment.strip()
        report._history_user = user
        _save_report(report, _("Returned: %(comment)s") % {"comment": comment.strip()})
        return report


def report_reopen(*, report: QuarterlyReport, user, reason: str) -> QuarterlyReport:
    """An administrator reopens an approved quarter, with a reason that is recorded."""
    if not rights(user, report.committee).reopen:
        raise NotAllowed(_("Only an administrator may reopen an approved quarter."))
    if not reason.strip():
        raise CycleError(str(REOPEN_NEEDS_REASON))
    with transaction.atomic():
        report = _report_for_update(report.term, report.year, report.quarter)
        if report.status != QuarterlyReport.Status.APPROVED:
            raise CycleError(_("Only an approved quarter can be reopened."))
        report.status = QuarterlyReport.Status.RETURNED
        report.reviewed_by = user
        report.reviewed_at = timezone.now()
        report.review_comment = _("Reopened: %(reason)s") % {"reason": reason.strip()}
        report._history_user = user
        _save_report(report, _("Reopened: %(reason)s") % {"reason": reason.strip()})
        return report
