"""A real worker (`manage.py db_worker`, another process) checks and imports a big workbook
queued through the admin, on PostgreSQL: the queue, the upload and the progress are all in the
database, so the process that runs the work need share nothing else with the one that queued it."""

import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django_tasks_db.models import DBTaskResult

from bench.server import _database_url
from districts.models import Membership
from targets.models import Figure, WorkbookUpload
from tests.factories import make_membership, make_target, make_user
from tests.workbooks import xlsx

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the worker is another process: it needs the test database to be a server's "
        "(SQLite's test database lives in this process's memory)",
    ),
]
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker() -> str:
    """One worker process that runs every queued task, then exits."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1",
           "DATABASE_URL": _database_url()}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload",
         "--no-startup-delay", "--interval", "0"],
        cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def test_a_worker_process_checks_and_imports_every_row(client, settings, tayho_term, tayho):
    settings.TASKS = DATABASE
    settings.IMPORT_BACKGROUND_ROWS = 10
    codes = [f"CT{number:02d}" for number in range(1, 6)]
    for code in codes:
        make_target(tayho_term, code=code)
    editor = make_user("staff_editor", is_staff=True)
    editor.user_permissions.set(Permission.objects.filter(content_type__app_label="targets"))
    make_membership(editor, tayho, Membership.Role.EDITOR)
    rows = [["TAYHO", "2020-2025", code, year, quarter, f"{year}{quarter},5", None, None]
            for code in codes for year in range(2020, 2026) for quarter in range(1, 5)]  # fmt: skip
    content = xlsx({"Kết quả quý": rows})
    client.force_login(editor)

    response = client.post("/admin/workbook/import/", {"workbook": SimpleUploadedFile(
        "lon.xlsx", content, content_type="application/octet-stream")})  # fmt: skip
    upload = WorkbookUpload.objects.get()
    assert response.url == f"/admin/workbook/uploads/{upload.pk}/"
    assert upload.state == WorkbookUpload.State.CHECKING  # queued, not run by this process
    assert client.get(response.url + "progress.json").json()["waiting"] is True
    run_worker()
    upload.refresh_from_db()
    assert (upload.state, upload.rows_checked, upload.error_count) == ("checked", 120, 0)

    client.post("/admin/workbook/import/", {"confirm": "1", "token": upload.token})
    assert not Figure.objects.exists()
    run_worker()
    upload.refresh_from_db()
    assert (upload.state, upload.rows_written) == ("done", 120)
    assert Figure.objects.filter(target__term=tayho_term).count() == 120
    assert Figure.objects.get(target__code="CT03", year=2024, quarter=2).value == Decimal("20242.5")
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
