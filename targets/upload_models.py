"""A workbook uploaded to the whole-workbook import, kept in the database until it is imported,
so that any app server (and the background worker) can check it, show its progress and import
it. Its services are in `targets.workbook.uploads`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WorkbookUpload(models.Model):
    class State(models.TextChoices):
        CHECKING = "checking", _("being checked")
        CHECKED = "checked", _("checked, waiting for your confirmation")
        INVALID = "invalid", _("has errors, nothing imported")
        IMPORTING = "importing", _("being imported")
        DONE = "done", pgettext_lazy("upload state", "imported")
        FAILED = "failed", _("failed, nothing imported")
        EXPIRED = "expired", _("expired, not imported")

    # States in which the worker (or a request) is still at work.
    RUNNING = (State.CHECKING, State.IMPORTING)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
        related_name="workbook_uploads",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    name = models.CharField(_("file name"), max_length=255)
    # The committees and terms the workbook's rows name ("TAYHO 2020-2025, …").
    scope = models.CharField(_("committees and terms"), max_length=500, blank=True)
    # The uploader's language: errors and results are written in it, whoever runs the task.
    language = models.CharField(max_length=10)
    # The file itself, until it is imported or expires (then emptied).
    data = models.BinaryField(editable=False)
    # The secret the confirmation brings back (never the id alone).
    token = models.CharField(max_length=32, unique=True)
    background = models.BooleanField(_("in the background"), default=False)
    # The task of the step under way, when it runs in the background (its queue says whether a
    # worker has taken it yet).
    task_id = models.CharField(max_length=64, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State, default=State.CHECKING)
    # When the step under way last showed a sign of life (it started, or checked or wrote
    # rows): a running upload silent for IMPORT_STALLED_MINUTES has lost its worker.
    progress_at = models.DateTimeField(_("last progress"), default=timezone.now)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # Every error line as the import gave it ("Kết quả quý, dòng 7, cột Quý: …").
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # {"present": [sheet names], "counts": {sheet: {created, updated, unchanged}}}
    result = models.JSONField(_("result"), default=dict, blank=True)

    class Meta:
        verbose_name = _("uploaded workbook")
        verbose_name_plural = _("uploaded workbooks")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_checked__lte=models.F("rows_total")) | Q(rows_total=0),
                name="workbook_upload_checked_within_total",
            ),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="workbook_upload_recent")]

    def __str__(self) -> str:
        return self.name

    @property
    def running(self) -> bool:
        return self.state in self.RUNNING


class SheetPreview(models.Model):
    """A sheet uploaded to the admin's per-sheet import (django-import-export), waiting for its
    confirmation: in the database, so that the confirmation may land on any app server. Its
    functions are in `targets.previews`."""

    key = models.CharField(max_length=32, unique=True)
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("sheet waiting for confirmation")
        verbose_name_plural = _("sheets waiting for confirmation")

    def __str__(self) -> str:
        return self.key
