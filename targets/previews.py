"""Uploaded files waiting for the user to confirm their import (the whole-workbook import and
django-import-export's per-sheet import), kept for IMPORT_PREVIEW_MINUTES and then removed.

They live in one folder of their own under the system's temporary folder, named by a random
key that only the server hands out; a file older than its lifetime is never read again and is
deleted by the next upload, whoever makes it, so that previews nobody confirms do not pile up.
Everything that stores a preview goes through these functions.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
import time
from pathlib import Path

from django.conf import settings
from import_export.tmp_storages import BaseStorage

_KEY = re.compile(r"^[A-Za-z0-9_-]{32}$")


def preview_folder() -> Path:
    folder = Path(tempfile.gettempdir()) / "chitieu-import-previews"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _lifetime() -> float:
    return settings.IMPORT_PREVIEW_MINUTES * 60


def _path(key: str) -> Path | None:
    """The file of a key the server handed out; None for anything else (no other path of
    the temporary folder can be named)."""
    return preview_folder() / key if isinstance(key, str) and _KEY.match(key) else None


def preview_save(data: bytes) -> str:
    """Keep an upload until it is confirmed; its key."""
    previews_clean()
    key = secrets.token_urlsafe(24)
    path = preview_folder() / key
    with open(path, "xb") as file:
        file.write(data)
    return key


def preview_read(key: str) -> bytes | None:
    """The upload kept under this key, or None if there is none or it has expired."""
    path = _path(key)
    try:
        if path is None or time.time() - path.stat().st_mtime > _lifetime():
            return None
        return path.read_bytes()
    except FileNotFoundError:
        return None


def preview_discard(key: str) -> None:
    path = _path(key)
    if path is not None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def previews_clean(now: float | None = None) -> int:
    """Delete the previews older than their lifetime; how many."""
    now = time.time() if now is None else now
    removed = 0
    for entry in os.scandir(preview_folder()):
        with contextlib.suppress(FileNotFoundError):
            if entry.is_file() and now - entry.stat().st_mtime > _lifetime():
                os.unlink(entry.path)
                removed += 1
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
