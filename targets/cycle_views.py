"""The quarterly cycle's screens: entry (save a draft, submit) and review (approve, return,
reopen). Each reads: the committee the user may see (404), what they may do there (403 for a
POST they may not make), one service call, redirect; errors come back beside their fields."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from districts.access import require, rights
from districts.models import Committee
from targets import cycle, deadlines, presenters, selectors, services
from targets import progress as engine
from targets.forms import FigureFormSet, ReopenForm, ReturnForm, SubmitForm
from targets.models import QuarterlyReport
from targets.views import read_committee


@login_required
@require_http_methods(["GET", "POST"])
def entry(request, code: str, year: int, quarter: int):
    read = read_committee(request, code)
    committee, can = read.committee, read.rights
    term = next((term for term in read.terms if deadlines.term_reports(term, year, quarter)), None)
    if term is None:
        raise Http404(_("The committee has no term with this quarter."))
    moment = {"committee": committee, "term": term, "year": year, "quarter": quarter}
    formset = submit_form = None
    if request.method == "POST":
        require(can.enter)
        formset = FigureFormSet(request.POST, prefix="figures")
        submit_form = SubmitForm(request.POST)
        if formset.is_valid() and submit_form.is_valid():
            assessment = submit_form.cleaned_data["assessment"]
            if saved := _save_quarter(request, formset, assessment, moment):
                return saved
        else:
            messages.error(request, str(services.FIGURES_REFUSED))
    page = selectors.quarter_page(committee, term, year, quarter)
    if formset is not None and _form_targets(formset) != [row.target.pk for row in page.rows]:
        # A target was added or removed while the page was open: the typed rows no longer
        # line up with the quarter's, so the page is shown afresh, saying what happened.
        messages.error(request, str(services.TARGETS_CHANGED))
        return redirect(request.path)
    if formset is None:
        formset = FigureFormSet.for_rows(page.rows)
        submit_form = SubmitForm(initial={"assessment": getattr(page.report, "assessment", "")})
    context = _entry_context(request, page, formset, submit_form, can, moment)
    return render(request, "targets/entry.html", context)


def _save_quarter(request, formset, assessment: str, moment: dict) -> HttpResponse | None:
    """Save (and with the submit button, submit) what was typed: a redirect to the page once
    done or refused as a whole, None to show the form again with its errors."""
    submitting = "submit" in request.POST
    try:
        saved = services.quarter_save(
            user=request.user, rows=formset.figure_rows(), assessment=assessment,
            submit=submitting, **moment,
        )  # fmt: skip
    except services.NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    except services.TargetsChanged as error:
        messages.error(request, str(error))
    except services.FiguresRefused as refused:
        formset.mark_refused(refused.errors)
        messages.error(request, str(refused))
        return None
    except services.MissingFigures as missing:
        listing = missing.listing()
        messages.error(request, services.MISSING_FIGURES_DRAFT_SAVED % {"list": listing})
    except services.CycleError as error:
        messages.error(request, str(error))
        return None
    else:
        if submitting:
            messages.success(request, _("The quarter was submitted for review."))
        else:
            done = _("Draft saved: %(count)s figures written.") % {"count": saved}
            messages.success(request, done)
    return redirect(request.path)


def _entry_context(request, page, formset, submit_form, can, moment: dict) -> dict:
    term, year, quarter = moment["term"], moment["year"], moment["quarter"]
    refusal = cycle.figure_write_refusal(
        request.user, term=term, year=year, quarter=quarter, report=page.report, can=can
    )
    return {
        **moment,
        "moment_query": presenters.moment_query(term.label, year, quarter),
        "page": page,
        "groups": presenters.entry_groups(page.rows, formset.forms, year, quarter),
        "decimal_mark": get_format("DECIMAL_SEPARATOR"),
        "formset": formset,
        "submit_form": submit_form,
        "editable": refusal is None,
        "can": can,
        "locked_message": cycle.quarter_refusal(page.report) or "",
        "previous": presenters.previous_quarter_label(term, year, quarter),
    }


def _is_id(raw: str) -> bool:
    """An id as a form sends it: ASCII digits only (int() also takes "²" or "٣")."""
    return raw.isascii() and raw.isdigit() and len(raw) <= 18


def _form_targets(formset) -> list[int | None]:
    """The target of each row of a submitted entry form, as it was sent."""
    sent = [str(form["target"].value() or "") for form in formset.forms]
    return [int(raw) if _is_id(raw) else None for raw in sent]


@login_required
@require_http_methods(["GET", "POST"])
def review_list(request):
    reports = selectors.reports_to_review(request.user)
    if request.method == "POST":
        chosen = {int(pk) for pk in request.POST.getlist("report") if _is_id(pk)}
        picked = [report for report in reports if report.pk in chosen]
        if not picked:
            messages.error(request, _("Choose the quarters to approve."))
        else:
            try:
                with transaction.atomic():
                    for report in picked:
                        services.report_approve(report=report, user=request.user)
            except services.NotAllowed as error:
                raise PermissionDenied(str(error)) from None
            except services.CycleError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, _("%(count)s quarters approved.") % {"count": len(picked)}
                )
        return redirect("targets:review")
    flags = selectors.review_flags(reports)
    rows = [(report, flags[report.pk]) for report in reports]
    return render(
        request,
        "targets/review_list.html",
        {"reports": reports, "rows": rows, "large_change": engine.LARGE_CHANGE_PCT},
    )


def _visible_report(request, pk: int) -> QuarterlyReport:
    report = get_object_or_404(
        QuarterlyReport.objects.select_related("committee", "term", "submitted_by", "reviewed_by"),
        pk=pk,
        committee__in=Committee.objects.covered_by(request.user),
    )
    return report


@login_required
@require_http_methods(["GET"])
def review_detail(request, pk: int):
    report = _visible_report(request, pk)
    can = rights(request.user, report.committee)
    page = selectors.quarter_page(report.committee, report.term, report.year, report.quarter)
    return render(
        request,
        "targets/review_detail.html",
        {
            "report": report,
            "page": page,
            "can": can,
            "committee": report.committee,
            "return_form": ReturnForm(),
            "reopen_form": ReopenForm(),
            "previous": presenters.previous_quarter_label(report.term, report.year, report.quarter),
            "moment_query": presenters.moment_query(report.term.label, report.year, report.quarter),
        },
    )


def _review_step(request, report: QuarterlyReport, step, done: str) -> HttpResponse:
    """One step of the review by its service: refused for the user's rights, a 403; for the
    quarter's state, a message; then back to the quarter."""
    try:
        step(report=report, user=request.user)
    except services.NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    except services.CycleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("targets:review_detail", pk=report.pk)


def _form_refused(request, report: QuarterlyReport, form) -> HttpResponse:
    """A review form without what it needs: its messages, nothing written."""
    for message in dict.fromkeys(m for errors in form.errors.values() for m in errors):
        messages.error(request, message)
    return redirect("targets:review_detail", pk=report.pk)


@login_required
@require_POST
def review_approve(request, pk: int):
    report = _visible_report(request, pk)
    done = _("The quarter was approved and is now locked.")
    return _review_step(request, report, services.report_approve, done)


@login_required
@require_POST
def review_return(request, pk: int):
    done = _("The quarter was returned to the committee.")
    return _review_with_form(request, pk, ReturnForm, services.report_return, done)


@login_required
@require_POST
def review_reopen(request, pk: int):
    done = _("The quarter was reopened.")
    return _review_with_form(request, pk, ReopenForm, services.report_reopen, done)


def _review_with_form(request, pk: int, form_class, service, done: str) -> HttpResponse:
    """A step that needs what its form asks (a comment, a reason): refused without it."""
    report = _visible_report(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _form_refused(request, report, form)
    return _review_step(request, report, partial(service, **form.cleaned_data), done)
