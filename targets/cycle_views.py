"""The quarterly cycle's screens: entry (save a draft, submit) and review (approve, return,
reopen). Each reads: the committee the user may see (404), what they may do there (403 for a
POST they may not make), one service call, redirect; errors come back beside their fields."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from districts.access import require, rights, visible_committee
from districts.models import Committee
from targets import cycle, deadlines, presenters, selectors, services
from targets import progress as engine
from targets.forms import FigureFormSet, ReopenForm, ReturnForm, SubmitForm
from targets.models import QuarterlyReport


@login_required
@require_http_methods(["GET", "POST"])
def entry(request, code: str, year: int, quarter: int):
    committee = visible_committee(request.user, code)
    can = rights(request.user, committee)
    term = next(
        (term for term in committee.terms.all() if deadlines.term_reports(term, year, quarter)),
        None,
    )
    if term is None:
        raise Http404(_("The committee has no term with this quarter."))
    formset = submit_form = None
    if request.method == "POST":
        require(can.enter)
        formset = FigureFormSet(request.POST, prefix="figures")
        submit_form = SubmitForm(request.POST)
        if formset.is_valid() and submit_form.is_valid():
            rows = [
                services.FigureInput(
                    target_id=form.cleaned_data["target"],
                    value=form.cleaned_data["value"],
                    is_estimate=form.cleaned_data["is_estimate"],
                    note=form.cleaned_data["note"],
                    seen_stamp=form.cleaned_data["seen"]["stamp"],
                    seen_value=form.cleaned_data["seen"]["value"],
                    seen_is_estimate=form.cleaned_data["seen"]["is_estimate"],
                    seen_note=form.cleaned_data["seen"]["note"],
                    numerator=form.cleaned_data["numerator"],
                    denominator=form.cleaned_data["denominator"],
                    seen_numerator=form.cleaned_data["seen"]["numerator"],
                    seen_denominator=form.cleaned_data["seen"]["denominator"],
                )
                for form in formset
            ]
            submitting = "submit" in request.POST
            assessment = submit_form.cleaned_data["assessment"]
            try:
                # The draft (figures and assessment) is saved first, on its own: a submit
                # refused for missing figures then loses nothing that was typed.
                saved = services.figures_save(
                    committee=committee, term=term, year=year, quarter=quarter,
                    rows=rows, user=request.user, assessment=assessment,
                )  # fmt: skip
                if submitting:
                    services.report_submit(
                        committee=committee, term=term, year=year, quarter=quarter,
                        assessment=assessment, user=request.user,
                    )  # fmt: skip
            except services.NotAllowed as error:
                raise PermissionDenied(str(error)) from None
            except services.TargetsChanged as error:
                messages.error(request, str(error))
                return redirect(request.path)
            except services.FiguresRefused as refused:
                for form in formset:
                    message = refused.errors.get(form.cleaned_data["target"])
                    if message:
                        form.add_error("value", message)
                messages.error(request, str(refused))
            except services.MissingFigures as missing:
                messages.error(
                    request, services.MISSING_FIGURES_DRAFT_SAVED % {"list": missing.listing()}
                )
                return redirect(request.path)
            except services.CycleError as error:
                messages.error(request, str(error))
            else:
                if submitting:
                    messages.success(request, _("The quarter was submitted for review."))
                else:
                    messages.success(
                        request, _("Draft saved: %(count)s figures written.") % {"count": saved}
                    )
                return redirect(request.path)
        else:
            messages.error(request, _("Nothing was saved: correct the figures marked below."))
    page = selectors.quarter_page(committee, term, year, quarter)
    if formset is not None and _form_targets(formset) != [row.target.pk for row in page.rows]:
        # A target was added or removed while the page was open: the typed rows no longer
        # line up with the quarter's, so the page is shown afresh, saying what happened.
        messages.error(request, str(services.TARGETS_CHANGED))
        return redirect(request.path)
    if formset is None:
        formset = FigureFormSet(
            prefix="figures",
            initial=[
                {
                    "target": row.target.pk,
                    "seen": json.dumps(services.seen(row.figure)),
                    **services.initial_figure(row.figure),
                    "is_estimate": row.figure.is_estimate if row.figure else False,
                    "note": row.figure.note if row.figure else "",
                }
                for row in page.rows
            ],
        )
        submit_form = SubmitForm(
            initial={"assessment": page.report.assessment if page.report else ""}
        )
    refusal = cycle.figure_write_refusal(
        request.user, term=term, year=year, quarter=quarter, report=page.report, can=can
    )
    context = {
        "committee": committee,
        "term": term,
        "year": year,
        "quarter": quarter,
        "moment_query": presenters.moment_query(term.label, year, quarter),
        "page": page,
        "groups": presenters.entry_groups(page.rows, formset.forms, year, quarter),
        "decimal_mark": get_format("DECIMAL_SEPARATOR"),
        "formset": formset,
        "submit_form": submit_form,
        "editable": refusal is None,
        "can": can,
        "locked_message": cycle.quarter_refusal(page.report) or "",
        "previous": presenters.previous_quarter_label(year, quarter),
    }
    return render(request, "targets/entry.html", context)


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
            "previous": presenters.previous_quarter_label(report.year, report.quarter),
            "moment_query": presenters.moment_query(report.term.label, report.year, report.quarter),
        },
    )


@login_required
@require_POST
def review_action(request, pk: int, action: str):
    report = _visible_report(request, pk)
    try:
        if action == "approve":
            services.report_approve(report=report, user=request.user)
            messages.success(request, _("The quarter was approved and is now locked."))
        elif action == "return":
            form = ReturnForm(request.POST)
            comment = form.data.get("comment", "")
            services.report_return(report=report, user=request.user, comment=comment)
            messages.success(request, _("The quarter was returned to the committee."))
        elif action == "reopen":
            reason = ReopenForm(request.POST).data.get("reason", "")
            services.report_reopen(report=report, user=request.user, reason=reason)
            messages.success(request, _("The quarter was reopened."))
        else:
            raise Http404
    except services.NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    except services.CycleError as error:
        messages.error(request, str(error))
    return redirect("targets:review_detail", pk=report.pk)
