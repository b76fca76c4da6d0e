"""The whole-workbook screens of the admin: import (upload, dry run with every error, confirm),
the empty template, and the export of one committee's term."""

from __future__ import annotations

import io
import secrets

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from districts.models import Committee, Term
from targets.previews import preview_discard, preview_read, preview_save
from targets.workbook import reading
from targets.workbook.contract import SHEETS, CellError
from targets.workbook.exports import template_workbook, term_workbook
from targets.workbook.reading import read_workbook
from targets.workbook.service import workbook_import

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "workbook_import"


def _may_import(user) -> bool:
    # Entering figures is the least a workbook import does; each sheet's rows are further
    # checked against the model permissions and the user's committees by the service.
    return user.is_superuser or user.has_perm("targets.change_figure")


def _context(request, **extra) -> dict:
    return {**admin.site.each_context(request), **extra}


def workbook_import_view(request):
    if not _may_import(request.user):
        raise PermissionDenied
    pending = request.session.get(SESSION_KEY)
    if request.method == "POST" and "confirm" in request.POST:
        if not pending or request.POST.get("token") != pending["token"]:
            messages.error(request, _("The upload has expired; please upload the file again."))
            return redirect("workbook_import")
        data = preview_read(pending["key"])
        _forget(request)
        if data is None:
            messages.error(request, _("The upload has expired; please upload the file again."))
            return redirect("workbook_import")
        sheets = read_workbook(io.BytesIO(data))
        result = workbook_import(
            sheets=sheets,
            user=request.user,
            reason=_("Imported from the workbook %(file)s in the admin")
            % {"file": pending["name"]},
        )
        if result.errors:  # the data changed between the preview and the confirmation
            return TemplateResponse(
                request,
                "admin/targets/workbook_import.html",
                _context(
                    request,
                    title=_("Import a workbook"),
                    result=result,
                    present=[sheet.name for sheet in sheets],
                ),
            )
        messages.success(request, _summary(result, sheets))
        return redirect("admin:index")
    context = _context(request, title=_("Import a workbook"), sheet_names=list(SHEETS))
    if request.method == "POST":
        upload = request.FILES.get("workbook")
        if upload is None:
            context["problem"] = _("Choose an .xlsx file to import.")
        else:
            try:
                reading.check_upload_size(upload.size)
                data = upload.read()
                sheets = read_workbook(io.BytesIO(data))
            except (CellError, reading.FileTooLarge) as error:
                sheets, context["problem"] = [], str(error)
            if sheets:
                result = workbook_import(sheets=sheets, user=request.user, dry_run=True)
                context.update(
                    result=result,
                    present=[sheet.name for sheet in sheets],
                    file_name=upload.name,
                )
                if result.ok:
                    context["token"] = _remember(request, data, upload.name)
            elif "problem" not in context:
                context["problem"] = _("The workbook has none of the sheets %(sheets)s.") % {
                    "sheets": ", ".join(SHEETS)
                }
    return TemplateResponse(request, "admin/targets/workbook_import.html", context)


def _summary(result, sheets) -> str:
    present = {sheet.name for sheet in sheets}
    parts = [
        _("%(sheet)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged")
        % {"sheet": name, **counts.__dict__}
        for name, counts in result.counts.items()
        if name in present
    ]
    return _("Imported. ") + "; ".join(parts)


def _remember(request, data: bytes, name: str) -> str:
    """Keep the uploaded file until it is confirmed (targets.previews; its key in the session)
    and return the token the confirmation must bring back."""
    _forget(request)
    token = secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {"token": token, "key": preview_save(data), "name": name}
    return token


def _forget(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending and "key" in pending:
        preview_discard(pending["key"])


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
        _context(request, title=_("Export a committee's term"), terms=list(terms)),
    )
