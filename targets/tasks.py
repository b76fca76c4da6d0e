"""Work done in the background by the tasks framework (`manage.py db_worker` runs it; the
queue is a table of the database): big workbook imports and reminder e-mails. Each task takes
plain ids and texts, so that it can be stored in the queue, and calls the one service that
does the work."""

from __future__ import annotations

from django.core.mail import send_mail
from django.tasks import task

from targets.upload_models import WorkbookUpload
from targets.workbook.uploads import upload_check, upload_import


@task()
def check_workbook_upload(upload_id: int) -> str:
    """The check (dry run) of a stored workbook; the state it ends in."""
    upload = WorkbookUpload.objects.select_related("user").filter(pk=upload_id).first()
    if upload is None:  # deleted meanwhile (its user was)
        return "gone"
    upload_check(upload=upload)
    return upload.state


@task()
def import_workbook_upload(upload_id: int) -> str:
    """The import of a stored workbook claimed by its confirmation; the state it ends in."""
    upload = WorkbookUpload.objects.select_related("user").filter(pk=upload_id).first()
    if upload is None:
        return "gone"
    upload_import(upload=upload)
    return upload.state


@task()
def send_reminder(subject: str, body: str, recipients: list[str]) -> int:
    """One reminder e-mail to the editors of one committee; how many were sent (0 or 1)."""
    return send_mail(subject, body, None, recipients, fail_silently=False)
