"""A workbook big enough to go to the background, in a real browser, in Vietnamese and in
English: uploaded, followed on its progress page (which asks the app for the progress and moves
its bars), confirmed, imported, and found again in the list of the person's imports.

The tasks are kept in a queue that nothing runs (the dummy backend); the test plays the worker
by running each task itself, while the page waits."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from targets.models import Figure, WorkbookUpload
from targets.tasks import check_workbook_upload, import_workbook_upload
from tests.workbooks import xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = [["TAYHO", "2020-2025", code, 2023, quarter, f"{quarter}0,5", None, None]
        for code in ("CT01", "CT02", "CT03") for quarter in (1, 2, 3, 4)]  # fmt: skip


def say(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


@pytest.fixture
def background(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    settings.IMPORT_BACKGROUND_ROWS = 5


def play_the_worker(task, upload) -> None:
    """What the worker does with the task the page queued (the dummy backend keeps it in the
    live server's thread, out of this one's reach)."""
    task.call(upload.pk)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_big_workbook_is_followed_confirmed_and_imported(visit, background, tmp_path, language):
    admin = visit(f"upload-{language}")
    admin.log_in_speaking("admin", language)
    admin.goto("/admin/")
    admin.page.get_by_role("link", name=say(language, "Import a workbook")).click()
    path = tmp_path / "lon.xlsx"
    path.write_bytes(xlsx({"Kết quả quý": ROWS}))
    admin.page.get_by_label(say(language, "Workbook (.xlsx)")).set_input_files(str(path))
    admin.page.get_by_role("button", name=say(language, "Check the workbook (dry run)")).click()
    admin.page.wait_for_load_state("networkidle")

    # The progress page: queued, then half checked (as the worker reports it), then checked.
    upload = WorkbookUpload.objects.get()
    expect(admin.page).to_have_url(re.compile(f"/admin/workbook/uploads/{upload.pk}/$"))
    expect(admin.page.locator("#upload-state")).to_have_text(say(language, "being checked"))
    waiting = admin.page.locator("#upload-waiting")
    expect(waiting).to_be_visible()  # nothing has taken the task from the queue yet
    WorkbookUpload.objects.filter(pk=upload.pk).update(rows_checked=6)
    expect(admin.page.locator("#rows-checked-text")).to_have_text("6 / 12")
    expect(admin.page.locator("#rows-checked")).to_have_attribute("value", "6")
    admin.shoot("progress-checking")
    WorkbookUpload.objects.filter(pk=upload.pk).update(task_id="")  # as if a worker took it
    expect(waiting).to_be_hidden()
    play_the_worker(check_workbook_upload, upload)
    confirm = admin.page.get_by_role("button", name=say(language, "Confirm the import"))
    expect(confirm).to_be_visible()  # the page reloaded itself once the check ended
    expect(admin.page.locator("#rows-checked-text")).to_have_text("12 / 12")
    admin.shoot("progress-checked")

    confirm.click()
    admin.page.wait_for_load_state("networkidle")
    expect(admin.page.locator("#upload-state")).to_have_text(say(language, "being imported"))
    started = say(language, "The import has started; you may leave this page and come back.")
    expect(admin.page.get_by_text(started)).to_be_visible()
    assert not Figure.objects.filter(year=2023).exists()
    play_the_worker(import_workbook_upload, upload)
    heading = admin.page.locator("h2", has_text=say(language, "The workbook was imported"))
    expect(heading).to_be_visible()
    expect(admin.page.locator("#rows-written-text")).to_have_text("12 / 12")
    assert Figure.objects.filter(year=2023, target__term__committee__code="TAYHO").count() == 12
    admin.shoot("progress-imported")

    # Left and come back: the list of the person's imports leads to it.
    admin.page.get_by_role("link", name=say(language, "Your recent workbook imports")).click()
    admin.page.wait_for_load_state("networkidle")
    row = admin.page.locator("#workbook-uploads tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td").last).to_have_text(
        say(language, "imported") if language == "en" else "đã nhập xong"
    )
    admin.shoot("uploads-list")
    phone = visit(f"upload-{language}-390", width=390)
    phone.context.add_cookies(admin.context.cookies())
    phone.goto(f"/admin/workbook/uploads/{upload.pk}/")
    expect(phone.page.locator("#rows-written")).to_be_visible()
    phone.shoot("progress-phone")
