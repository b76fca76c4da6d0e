"""The pages of stored uploads: one upload's progress and result (a page and its JSON, which any
app server answers from the database), and the user's recent uploads. Only the uploader (or a
superuser) sees an upload; anyone else gets 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from targets.workbook.uploads import (
    stored_result,
    upload_give_up_if_stalled,
    upload_waits_for_worker,
    visible_uploads,
)
from targets.workbook.views import admin_context, may_import, result_context

RECENT = 20


def _upload(request, pk: int):
    if not may_import(request.user):
        raise PermissionDenied
    # The file itself stays in the database: a poll every second reads only the counts.
    upload = get_object_or_404(visible_uploads(request.user).defer("data"), pk=pk)
    upload_give_up_if_stalled(upload)
    return upload


def workbook_upload_view(request, pk: int):
    upload = _upload(request, pk)
    context = admin_context(request, title=_("Importing %(file)s") % {"file": upload.name})
    context.update(
        upload=upload,
        rows_to_write=stored_result(upload).rows_to_write,
        waiting=upload_waits_for_worker(upload),
    )
    if not upload.running:
        context.update(result_context(upload))
    return TemplateResponse(request, "admin/targets/workbook_upload.html", context)


def workbook_upload_progress_view(request, pk: int):
    """The upload's progress as JSON (numbers as numbers; the page formats them)."""
    upload = _upload(request, pk)
    return JsonResponse(
        {
            "state": upload.state,
            "state_label": upload.get_state_display(),
            "running": upload.running,
            "waiting": upload_waits_for_worker(upload),
            "rows_total": upload.rows_total,
            "rows_checked": upload.rows_checked,
            "rows_written": upload.rows_written,
            "rows_to_write": stored_result(upload).rows_to_write,
            "error_count": upload.error_count,
        }
    )


def workbook_uploads_view(request):
    if not may_import(request.user):
        raise PermissionDenied
    uploads = list(visible_uploads(request.user).defer("data", "errors")[:RECENT])
    for upload in uploads:
        upload_give_up_if_stalled(upload)
    context = admin_context(request, title=_("Your recent workbook imports"), uploads=uploads)
    return TemplateResponse(request, "admin/targets/workbook_uploads.html", context)
