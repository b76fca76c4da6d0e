"""Sheets uploaded to the admin's per-sheet import wait for their confirmation in the database
(targets.previews), expire and are deleted; only keys the server handed out are ever read, and
never a file of the server. (The whole-workbook import: test_workbook_uploads.)"""

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from targets.models import Figure, SheetPreview
from targets.previews import preview_discard, preview_read, preview_save, previews_clean
from tests.factories import make_membership, make_target, make_user
from tests.workbooks import xlsx

pytestmark = pytest.mark.django_db


def age(key: str, minutes: float) -> None:
    """Make a preview look `minutes` old."""
    then = timezone.now() - timedelta(minutes=minutes)
    SheetPreview.objects.filter(key=key).update(created_at=then)


def test_a_preview_is_read_back_until_it_expires(settings):
    settings.IMPORT_PREVIEW_MINUTES = 60
    key = preview_save(b"workbook")
    assert preview_read(key) == b"workbook"
    age(key, 61)
    assert preview_read(key) is None


def test_the_next_upload_deletes_expired_previews(settings):
    settings.IMPORT_PREVIEW_MINUTES = 60
    old, recent = preview_save(b"old"), preview_save(b"recent")
    age(old, 120)
    age(recent, 30)
    preview_save(b"new")
    assert not SheetPreview.objects.filter(key=old).exists()
    assert preview_read(recent) == b"recent"


def test_cleaning_counts_what_it_deleted(settings):
    settings.IMPORT_PREVIEW_MINUTES = 60
    previews_clean()
    keys = [preview_save(b"x") for _ in range(3)]
    for key in keys[:2]:
        age(key, 61)
    assert previews_clean() == 2
    preview_discard(keys[2])
    assert preview_read(keys[2]) is None


@pytest.mark.parametrize("name", ["../passwd", "/etc/passwd", "x", "", None, "a" * 33])
def test_only_keys_handed_out_are_read(name):
    kept = preview_save(b"kept")
    assert preview_read(name) is None
    preview_discard(name)  # and nothing else is deleted
    assert preview_read(kept) == b"kept"


class TestInTheAdmin:
    @pytest.fixture
    def editor(self, tayho_term, tayho):
        from django.contrib.auth.models import Permission

        make_target(tayho_term, code="CT01")
        user = make_user("staff_editor", is_staff=True)
        user.user_permissions.set(Permission.objects.filter(content_type__app_label="targets"))
        make_membership(user, tayho, "editor")
        return user

    def sheet(self):
        content = xlsx({"Kết quả quý": [["TAYHO", "2020-2025", "CT01", 2021, 1, "5", None, None]]})
        return SimpleUploadedFile("f.xlsx", content, content_type="application/octet-stream")

    def test_a_sheet_preview_is_confirmed_once_and_its_file_removed(self, client, editor):
        client.force_login(editor)
        response = client.post("/admin/targets/figure/import/",
                               {"import_file": self.sheet(), "format": "0"})  # fmt: skip
        confirm = response.context["confirm_form"].initial
        assert preview_read(confirm["import_file_name"]) is not None
        client.post("/admin/targets/figure/process_import/", {**confirm, "confirm": "1"})
        assert Figure.objects.count() == 1
        assert preview_read(confirm["import_file_name"]) is None
        # Replayed: the preview is gone, and the page says so.
        response = client.post("/admin/targets/figure/process_import/",
                               {**confirm, "confirm": "1"}, follow=True)  # fmt: skip
        assert "Tệp tải lên đã hết hạn" in response.content.decode()

    def test_a_sheet_confirmation_cannot_name_another_temporary_file(
        self, client, editor, tmp_path
    ):
        victim = Path(tempfile.gettempdir()) / "chitieu-test-victim.csv"
        victim.write_text("Mã đảng bộ\n")
        client.force_login(editor)
        response = client.post("/admin/targets/figure/process_import/", {
            "import_file_name": victim.name, "original_file_name": "x.csv", "format": "1",
            "confirm": "1"}, follow=True)  # fmt: skip
        assert "Tệp tải lên đã hết hạn" in response.content.decode()
        assert victim.exists()
        victim.unlink()
