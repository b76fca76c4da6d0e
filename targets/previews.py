"""Sheets uploaded to the admin's per-sheet import (django-import-export) waiting for the user to
confirm their import, kept for IMPORT_PREVIEW_MINUTES and then removed. (The whole-workbook
import keeps its uploads in the database too: targets.workbook.uploads.)

They live in the database (`SheetPreview`), so that the confirmation may land on any app
server, under a random key that only the server hands out; one older than its lifetime is never
read again and is deleted by the next upload, whoever makes it, so that previews nobody confirms
do not pile up. Everything that stores a preview goes through these functions.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from import_export.tmp_storages import BaseStorage

from targets.upload_models import SheetPreview

_KEY = re.compile(r"^[A-Za-z0-9_-]{32}$")


def _oldest_alive(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(minutes=settings.IMPORT_PREVIEW_MINUTES)


def _alive(key) -> SheetPreview | None:
    """The preview of a key the server handed out, still alive; None for anything else."""
    if not isinstance(key, str) or not _KEY.match(key):
        return None
    return SheetPreview.objects.filter(key=key, created_at__gt=_oldest_alive()).first()


def preview_save(data: bytes) -> str:
    """Keep an upload until it is confirmed; its key."""
    previews_clean()
    key = secrets.token_urlsafe(24)
    SheetPreview.objects.create(key=key, data=data)
    return key


def preview_read(key: str) -> bytes | None:
    """The upload kept under this key, or None if there is none or it has expired."""
    preview = _alive(key)
    return bytes(preview.data) if preview is not None else None


def preview_discard(key: str) -> None:
    if isinstance(key, str) and _KEY.match(key):
        SheetPreview.objects.filter(key=key).delete()


def previews_clean(now: datetime | None = None) -> int:
    """Delete the previews older than their lifetime; how many."""
    removed, _by_model = SheetPreview.objects.filter(created_at__lte=_oldest_alive(now)).delete()
    return removed


class PreviewStorage(BaseStorage):
    """django-import-export's temporary storage (IMPORT_EXPORT_TMP_STORAGE_CLASS) on the
    functions above: its confirmation form names the file, and only a key handed out here
    (still alive) is read, never another file of the temporary folder."""

    def save(self, data) -> None:
        self.name = preview_save(data if isinstance(data, bytes) else data.encode())

    def read(self):
        data = preview_read(self.name)
        if data is None:
            raise PreviewExpired
        if "b" in self.read_mode:
            return data
        return data.decode(self.encoding or "utf-8")

    def remove(self) -> None:
        preview_discard(self.name)


class PreviewExpired(Exception):
    """The preview to confirm is gone (expired, already imported, or never handed out)."""
