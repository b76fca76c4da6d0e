"""The whole-workbook import through a stored upload (`WorkbookUpload`): the file is kept in the
database, so that the check, the progress page and the confirmation may each reach another app
server, and a big workbook can be checked and imported by the background worker.

Both steps call the one import service, `workbook_import`: the check is its dry run, the
confirmation a real import that validates every row again (the cycle's rule included, at the
moment of writing), so the check gives exactly the errors the import would. Small workbooks
(IMPORT_BACKGROUND_ROWS rows or fewer) go through the same functions within the request.
"""

from __future__ import annotations

import datetime
import io
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.tasks import TaskResultStatus, default_task_backend
from django.tasks.exceptions import TaskResultDoesNotExist
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from targets.upload_models import WorkbookUpload
from targets.workbook import contract as book
from targets.workbook.contract import CellError
from targets.workbook.reading import (
    FileTooLarge,
    check_upload_size,
    read_workbook,
    workbook_rows,
)
from targets.workbook.rows import ImportResult
from targets.workbook.service import workbook_import

State = WorkbookUpload.State
# Finished uploads (their results, without the file) are listed this long, then deleted.
UPLOAD_KEPT_DAYS = 7
# The progress is written at most this often (rows), and at least every 2 % of a workbook.
PROGRESS_STEP = 500
SCOPE_SHOWN = 6


def visible_uploads(user) -> QuerySet[WorkbookUpload]:
    """The uploads a user may see: their own; every one for a superuser."""
    uploads = WorkbookUpload.objects.select_related("user")
    return uploads if user.is_superuser else uploads.filter(user=user)


def upload_store(*, user, file, language: str) -> WorkbookUpload:
    """Keep an uploaded workbook, once its size and its extent are within the import's limits
    (CellError otherwise, as the import reports it); expired uploads are cleaned up first."""
    try:
        check_upload_size(file.size)
    except FileTooLarge as error:
        raise CellError(str(error)) from None
    data = file.read()
    rows = workbook_rows(io.BytesIO(data))
    uploads_clean()
    return WorkbookUpload.objects.create(
        user=user,
        name=(file.name or "")[:255],
        language=language,
        data=data,
        token=secrets.token_hex(16),
        rows_total=rows,
        background=rows > settings.IMPORT_BACKGROUND_ROWS,
    )


def upload_check(*, upload: WorkbookUpload) -> None:
    """The dry run of the stored workbook: every error, or the counts it would write."""
    _save(upload, progress_at=timezone.now())
    with _recorded(upload), translation.override(upload.language):
        try:
            sheets = _sheets(upload)
        except CellError as error:
            _finish(upload, State.INVALID, errors=[str(error)], error_count=1)
            return
        _save(upload, rows_total=sum(len(sheet.rows) for sheet in sheets), scope=_scope(sheets))
        progress = UploadProgress(upload)
        result = workbook_import(sheets=sheets, user=upload.user, dry_run=True, progress=progress)
        upload.checked_at = timezone.now()
        state = State.CHECKED if result.ok else State.INVALID
        _finish(upload, state, rows_checked=progress.done(), **_outcome(result, sheets))


def upload_claim(*, upload: WorkbookUpload) -> bool:
    """Take a checked upload for its import, once: False if it is not (or no longer) waiting
    for its confirmation (expired, or confirmed already, perhaps through another server)."""
    if upload_expired(upload):
        return False
    now = timezone.now()
    claimed = WorkbookUpload.objects.filter(pk=upload.pk, state=State.CHECKED).update(
        state=State.IMPORTING, rows_checked=0, rows_written=0, progress_at=now
    )
    if claimed:
        upload.state, upload.rows_checked, upload.rows_written = State.IMPORTING, 0, 0
        upload.progress_at = now
    return bool(claimed)


def upload_import(*, upload: WorkbookUpload) -> None:
    """Import a claimed upload: every row validated again, then written in one transaction
    (nothing at all if the data changed since the check so that a row is now refused)."""
    if upload.state != State.IMPORTING:
        return
    _save(upload, progress_at=timezone.now())
    with _recorded(upload), translation.override(upload.language):
        sheets = _sheets(upload)
        progress = UploadProgress(upload)
        result = workbook_import(
            sheets=sheets,
            user=upload.user,
            reason=_("Imported from the workbook %(file)s in the admin") % {"file": upload.name},
            progress=progress,
        )
        state = State.DONE if result.written else State.INVALID
        _finish(upload, state, rows_checked=progress.done(), **_outcome(result, sheets))


def upload_enqueue(*, upload: WorkbookUpload, task) -> None:
    """Queue a step of a background upload (check or import) for the worker, remembering its
    task."""
    result = task.enqueue(upload.pk)
    WorkbookUpload.objects.filter(pk=upload.pk).update(task_id=str(result.id))


def upload_waits_for_worker(upload: WorkbookUpload) -> bool:
    """Whether the step under way is still in the queue, no worker having taken it yet."""
    if not (upload.running and upload.task_id):
        return False
    try:
        status = default_task_backend.get_result(upload.task_id).status
    except (NotImplementedError, TaskResultDoesNotExist):  # a backend that keeps no results
        return False
    return status == TaskResultStatus.READY


def upload_stalled(upload: WorkbookUpload) -> bool:
    """Whether the step under way has lost its worker: taken (not waiting in the queue), yet
    silent for IMPORT_STALLED_MINUTES (a step shows progress at least every 2 % of its rows)."""
    silent = timezone.now() - datetime.timedelta(minutes=settings.IMPORT_STALLED_MINUTES)
    return upload.running and upload.progress_at < silent and not upload_waits_for_worker(upload)


def upload_give_up_if_stalled(upload: WorkbookUpload) -> None:
    """Mark a stalled upload failed (upload_stalled), so that its page and list stop showing
    it under way: its import's transaction died with its worker, so nothing was written."""
    if not upload_stalled(upload):
        return
    with translation.override(upload.language):  # the uploader's, whoever looks
        message = _(
            "The import stopped before it finished: the worker running it was stopped. "
            "Nothing was imported; upload the workbook again."
        )
    gave_up = WorkbookUpload.objects.filter(
        pk=upload.pk, state=upload.state, progress_at=upload.progress_at
    ).update(state=State.FAILED, errors=[message], error_count=1, data=b"",
             finished_at=timezone.now())  # fmt: skip
    if gave_up:
        upload.state, upload.errors, upload.error_count = State.FAILED, [message], 1


def upload_expired(upload: WorkbookUpload) -> bool:
    return upload.state == State.EXPIRED or (
        upload.state == State.CHECKED and upload.checked_at < _cutoff()
    )


def uploads_clean() -> int:
    """Forget the files of uploads not confirmed within IMPORT_PREVIEW_MINUTES, and delete
    finished uploads after UPLOAD_KEPT_DAYS; how many were deleted."""
    WorkbookUpload.objects.filter(state=State.CHECKED, checked_at__lt=_cutoff()).update(
        state=State.EXPIRED, data=b"", finished_at=timezone.now()
    )
    old = timezone.now() - datetime.timedelta(days=UPLOAD_KEPT_DAYS)
    stale = WorkbookUpload.objects.filter(created_at__lt=old)
    return stale.exclude(state__in=WorkbookUpload.RUNNING).delete()[0]


@dataclass(frozen=True)
class StoredResult:
    """An upload's result as the import page shows an ImportResult."""

    ok: bool
    imported: bool
    error_count: int
    error_lines: list[str]
    counts: dict[str, dict]
    present: list[str]

    @property
    def errors(self) -> bool:
        return bool(self.error_lines)

    @property
    def rows_to_write(self) -> int:
        return sum(counts["created"] + counts["updated"] for counts in self.counts.values())


def stored_result(upload: WorkbookUpload) -> StoredResult:
    return StoredResult(
        ok=upload.state in (State.CHECKED, State.IMPORTING, State.DONE),
        imported=upload.state == State.DONE,
        error_count=upload.error_count,
        error_lines=list(upload.errors),
        counts=upload.result.get("counts", {}),
        present=upload.result.get("present", []),
    )


def upload_summary(upload: WorkbookUpload) -> str:
    """What a finished import wrote, sheet by sheet."""
    counts = stored_result(upload).counts
    parts = [
        _("%(sheet)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged")
        % {"sheet": name, **counts[name]}
        for name in book.SHEETS
        if name in counts and name in upload.result.get("present", [])
    ]
    return _("Imported. ") + "; ".join(parts)


class UploadProgress:
    """Rows checked and written, kept on the upload as the import goes. On PostgreSQL they go
    through a connection of their own ("progress"), so that other servers see them while the
    import's transaction is still open; otherwise they are seen when it ends."""

    def __init__(self, upload: WorkbookUpload):
        self.pk = upload.pk
        self.total = upload.rows_total
        self.step = max(PROGRESS_STEP, self.total // 50)
        self.alias = "progress" if "progress" in settings.DATABASES else "default"
        self.checked = self.written = self.reported = 0

    def row_checked(self) -> None:
        self.checked += 1
        if self.checked - self.reported >= self.step:
            self.reported = self.checked
            self._save(rows_checked=min(self.checked, self.total))

    def rows_written(self, count: int) -> None:
        if count:
            self.written += count
            self._save(rows_checked=min(self.checked, self.total), rows_written=self.written)

    def done(self) -> int:
        """The rows checked in all, to keep with the result."""
        return min(self.checked, self.total)

    def _save(self, **values) -> None:
        WorkbookUpload.objects.using(self.alias).filter(pk=self.pk).update(
            progress_at=timezone.now(), **values
        )


def _cutoff() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=settings.IMPORT_PREVIEW_MINUTES)


def _sheets(upload: WorkbookUpload) -> list[book.SheetRows]:
    sheets = read_workbook(io.BytesIO(bytes(upload.data)))
    if not sheets:
        names = ", ".join(book.SHEETS)
        raise CellError(_("The workbook has none of the sheets %(sheets)s.") % {"sheets": names})
    return sheets


def _scope(sheets: list[book.SheetRows]) -> str:
    """The committees and terms the rows name, the first few of them."""
    seen: dict[str, None] = {}
    for sheet in sheets:
        for _number, record in book.records(sheet):
            committee = book.cell_text(record.get("committee", record.get("code")))
            term = book.cell_text(record.get("term")) if "term" in record else ""
            seen.setdefault(f"{committee} {term}".strip(), None)
            if len(seen) > SCOPE_SHOWN:
                return ", ".join(list(seen)[:SCOPE_SHOWN]) + ", …"
    return ", ".join(key for key in seen if key)[:500]


def _outcome(result: ImportResult, sheets: list[book.SheetRows]) -> dict:
    present = [sheet.name for sheet in sheets]
    counts = {name: dict(counts.__dict__) for name, counts in result.counts.items()
              if name in present}  # fmt: skip
    return {
        "errors": result.error_lines,
        "error_count": result.error_count,
        "result": {"present": present, "counts": counts},
    }


def _save(upload: WorkbookUpload, **values) -> None:
    for name, value in values.items():
        setattr(upload, name, value)
    WorkbookUpload.objects.filter(pk=upload.pk).update(**values)


def _finish(upload: WorkbookUpload, state: str, **values) -> None:
    """The upload's final state of this step; the file is kept only while a confirmation may
    still need it."""
    values = {"state": state, "checked_at": upload.checked_at, **values}
    if state != State.CHECKED:
        values.update(data=b"", finished_at=timezone.now())
    if state == State.DONE:
        counts = values["result"]["counts"].values()
        values["rows_written"] = sum(each["created"] + each["updated"] for each in counts)
    _save(upload, **values)


class _recorded:
    """A step that fails unexpectedly leaves the upload failed, not forever running."""

    def __init__(self, upload: WorkbookUpload):
        self.upload = upload

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback) -> bool:
        if error is not None:
            _finish(self.upload, State.FAILED, errors=[str(error)[:1000]], error_count=1)
        return False
