"""The whole-workbook screens of the admin: import (upload, dry run with every error, confirm),
the empty template, and the export of one committee's term."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from districts.models import Committee, Term
from targets.tasks import check_workbook_upload, import_workbook_upload
from targets.workbook.contract import SHEETS, CellError
from targets.workbook.exports import template_workbook, term_workbook
from targets.workbook.uploads import (
    stored_result,
    upload_check,
    upload_claim,
    upload_enqueue,
    upload_expired,
    upload_import,
    upload_store,
    upload_summary,
    visible_uploads,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def may_import(user) -> bool:
    # Entering figures is the least a workbook import does; each sheet's rows are further
    # checked against the model permissions and the user's committees by the service.
    return user.is_superuser or user.has_perm("targets.change_figure")


def admin_context(request, **extra) -> dict:
    return {**admin.site.each_context(request), **extra}


def workbook_import_view(request):
    """Upload (checked here, or by the worker for a big workbook), then confirm by the token
    of the stored upload; the result page of a check made here."""
    if not may_import(request.user):
        raise PermissionDenied
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request)
    context = _import_context(request)
    if request.method == "POST":
        file = request.FILES.get("workbook")
        if file is None:
            context["problem"] = _("Choose an .xlsx file to import.")
            return _page(request, context)
        try:
            upload = upload_store(user=request.user, file=file, language=get_language())
        except CellError as error:
            context["problem"] = str(error)
            return _page(request, context)
        if upload.background:
            upload_enqueue(upload=upload, task=check_workbook_upload)
            return redirect("workbook_upload", upload.pk)
        upload_check(upload=upload)
        context.update(result_context(upload))
    return _page(request, context)


def _confirm(request):
    """Import a checked upload: within the request if it is small, else by the worker, followed
    on its progress page."""
    token = request.POST.get("token", "")
    upload = visible_uploads(request.user).filter(token=token).first() if token else None
    if upload is None or not upload_claim(upload=upload):
        messages.error(request, _("The upload has expired; please upload the file again."))
        return redirect("workbook_import")
    if upload.background:
        upload_enqueue(upload=upload, task=import_workbook_upload)
        messages.info(request, _("The import has started; you may leave this page and come back."))
        return redirect("workbook_upload", upload.pk)
    upload_import(upload=upload)
    if upload.state != upload.State.DONE:  # the data changed between the check and now
        return _page(request, _import_context(request, **result_context(upload)))
    messages.success(request, upload_summary(upload))
    return redirect("admin:index")


def _import_context(request, **extra) -> dict:
    return admin_context(
        request,
        title=_("Import a workbook"),
        sheet_names=list(SHEETS),
        background_rows=settings.IMPORT_BACKGROUND_ROWS,
        **extra,
    )


def _page(request, context: dict):
    return TemplateResponse(request, "admin/targets/workbook_import.html", context)


def result_context(upload) -> dict:
    """What the result part of the import pages shows of an upload: its counts and errors, the
    problem of a file that could not be read, the token its confirmation brings back."""
    result = stored_result(upload)
    if upload.state == upload.State.INVALID and not result.present:
        return {"problem": result.error_lines[0] if result.error_lines else ""}
    context = {"result": result, "present": result.present, "file_name": upload.name}
    if upload.state == upload.State.CHECKED and not upload_expired(upload):
        context["token"] = upload.token
    return context


def workbook_template_view(request):
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-lieu-chi-tieu.xlsx"'
    return response


def workbook_export_view(request):
    """A committee's whole term as a workbook; the choice is limited to the user's committees."""
    terms = (
        Term.objects.filter(committee__in=Committee.objects.covered_by(request.user))
        .select_related("committee")
        .order_by("committee__code", "-start_year")
    )
    chosen = request.GET.get("term")
    if chosen:
        valid = chosen.isascii() and chosen.isdigit() and len(chosen) <= 18
        term = terms.filter(pk=int(chosen)).first() if valid else None
        if term is None:
            raise Http404(_("No such term."))
        response = HttpResponse(term_workbook(term.committee, term), content_type=XLSX)
        filename = f"chi-tieu-{term.committee.code}-{term.label}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return TemplateResponse(
        request,
        "admin/targets/workbook_export.html",
        admin_context(request, title=_("Export a committee's term"), terms=list(terms)),
    )
