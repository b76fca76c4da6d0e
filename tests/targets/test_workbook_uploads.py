"""The whole-workbook import through a stored upload: small workbooks are checked and imported
within the request, big ones (over IMPORT_BACKGROUND_ROWS) by tasks (here the immediate
backend) and followed on a progress page; only the uploader (or a superuser) sees an upload."""

import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from districts.models import Membership
from targets.models import Figure, QuarterlyReport, WorkbookUpload
from targets.tasks import check_workbook_upload
from targets.workbook.reading import read_workbook
from targets.workbook.service import workbook_import
from targets.workbook.uploads import uploads_clean
from tests.factories import make_membership, make_report, make_target, make_user
from tests.workbooks import xlsx

pytestmark = pytest.mark.django_db
State = WorkbookUpload.State
IMPORT = "/admin/workbook/import/"
EXPIRED = "Tệp tải lên đã hết hạn"


def staff(username: str, committee, role=Membership.Role.EDITOR, perms=True):
    user = make_user(username, is_staff=True)
    if perms:
        user.user_permissions.set(Permission.objects.filter(content_type__app_label="targets"))
    make_membership(user, committee, role)
    return user


@pytest.fixture
def world(tayho_term, tayho):
    make_target(tayho_term, code="CT01")
    return tayho_term


@pytest.fixture
def editor(world, tayho):
    return staff("staff_editor", tayho)


def figures(*quarters, year=2021, value="5") -> bytes:
    row = ["TAYHO", "2020-2025", "CT01", year]
    return xlsx({"Kết quả quý": [[*row, quarter, value, None, None] for quarter in quarters]})


def file(content: bytes, name="chi-tieu.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def confirm(client, token: str, **kwargs):
    return client.post(IMPORT, {"confirm": "1", "token": token}, **kwargs)


class TestWithinTheRequest:
    def test_it_checks_then_imports_through_the_stored_upload(self, client, editor, monkeypatch):
        def no_preview(data):
            raise AssertionError("the workbook import keeps its upload as a WorkbookUpload")

        monkeypatch.setattr("targets.previews.preview_save", no_preview)
        client.force_login(editor)
        response = client.post(IMPORT, {"workbook": file(figures(1, 2))})
        upload = WorkbookUpload.objects.get()
        assert (upload.state, upload.background, upload.rows_checked) == (State.CHECKED, False, 2)
        assert response.context["token"] == upload.token
        assert upload.scope == "TAYHO 2020-2025"
        assert not Figure.objects.exists()
        response = confirm(client, upload.token)
        assert response.status_code == 302
        assert Figure.objects.count() == 2
        upload.refresh_from_db()
        assert (upload.state, upload.rows_written, bytes(upload.data)) == (State.DONE, 2, b"")

    def test_the_confirmation_is_taken_once(self, client, editor):
        client.force_login(editor)
        token = client.post(IMPORT, {"workbook": file(figures(1))}).context["token"]
        confirm(client, token)
        response = confirm(client, token, follow=True)
        assert EXPIRED in response.content.decode()
        assert Figure.objects.count() == 1

    def test_an_upload_not_confirmed_in_time_expires(self, client, editor, settings):
        settings.IMPORT_PREVIEW_MINUTES = 60
        client.force_login(editor)
        token = client.post(IMPORT, {"workbook": file(figures(1))}).context["token"]
        late = timezone.now() - datetime.timedelta(minutes=61)
        WorkbookUpload.objects.update(checked_at=late)
        response = confirm(client, token, follow=True)
        assert EXPIRED in response.content.decode()
        assert not Figure.objects.exists()

    def test_the_next_upload_forgets_the_files_of_expired_ones(self, client, editor, settings):
        settings.IMPORT_PREVIEW_MINUTES = 60
        client.force_login(editor)
        client.post(IMPORT, {"workbook": file(figures(1))})
        old = WorkbookUpload.objects.get()
        WorkbookUpload.objects.update(checked_at=timezone.now() - datetime.timedelta(hours=2))
        client.post(IMPORT, {"workbook": file(figures(2))})
        old.refresh_from_db()
        assert (old.state, bytes(old.data)) == (State.EXPIRED, b"")
        WorkbookUpload.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
        assert uploads_clean() == 2
        assert not WorkbookUpload.objects.exists()

    def test_someone_else_s_token_confirms_nothing(self, client, editor, tayho):
        other = staff("other_editor", tayho)
        client.force_login(editor)
        token = client.post(IMPORT, {"workbook": file(figures(1))}).context["token"]
        client.force_login(other)
        response = confirm(client, token, follow=True)
        assert EXPIRED in response.content.decode()
        assert not Figure.objects.exists()
        assert WorkbookUpload.objects.get().state == State.CHECKED

    def test_a_file_that_is_no_workbook_is_refused_in_vietnamese(self, client, editor):
        client.force_login(editor)
        response = client.post(IMPORT, {"workbook": file(b"Ma,Ten\n1,2\n", "a.xlsx")})
        assert "Tệp không phải tệp .xlsx" in response.content.decode()
        assert not WorkbookUpload.objects.exists()
        assert not Figure.objects.exists()


@pytest.fixture
def background(settings):
    settings.IMPORT_BACKGROUND_ROWS = 2


class TestInTheBackground:
    def test_a_big_workbook_is_checked_followed_and_confirmed(self, client, editor, background):
        client.force_login(editor)
        response = client.post(IMPORT, {"workbook": file(figures(1, 2, 3))})
        upload = WorkbookUpload.objects.get()
        assert response.url == f"/admin/workbook/uploads/{upload.pk}/"
        progress = client.get(f"/admin/workbook/uploads/{upload.pk}/progress.json").json()
        assert progress == {
            "state": "checked", "state_label": "đã kiểm tra, chờ bạn xác nhận", "running": False,
            "waiting": False,
            "rows_total": 3, "rows_checked": 3, "rows_written": 0, "rows_to_write": 3,
            "error_count": 0,
        }  # fmt: skip
        page = client.get(response.url)
        assert page.context["token"] == upload.token
        assert "Chạy thử: bảng tính hợp lệ" in page.content.decode()
        response = confirm(client, upload.token)
        assert response.url == f"/admin/workbook/uploads/{upload.pk}/"
        assert Figure.objects.count() == 3
        progress = client.get(f"/admin/workbook/uploads/{upload.pk}/progress.json").json()
        assert (progress["state"], progress["rows_written"]) == ("done", 3)
        page = client.get(response.url).content.decode()
        assert "Đã nhập bảng tính" in page and "Quá trình nhập đã bắt đầu" in page

    def test_a_running_upload_s_page_polls_its_progress(self, client, editor, background):
        upload = WorkbookUpload.objects.create(
            user=editor, name="x.xlsx", language="vi", data=b"x", token="a" * 32,
            background=True, rows_total=3000, rows_checked=1500,
        )  # fmt: skip
        client.force_login(editor)
        html = client.get(f"/admin/workbook/uploads/{upload.pk}/").content.decode()
        assert "upload-progress.js" in html
        assert '<progress id="rows-checked" max="3000" value="1500">' in html
        assert "1.500 / 3.000" in html
        assert 'name="confirm"' not in html

    def test_another_user_s_upload_is_404(self, client, editor, tayho, background):
        client.force_login(editor)
        client.post(IMPORT, {"workbook": file(figures(1, 2, 3))})
        pk = WorkbookUpload.objects.get().pk
        client.force_login(staff("other_editor", tayho))
        assert client.get(f"/admin/workbook/uploads/{pk}/progress.json").status_code == 404
        assert client.get(f"/admin/workbook/uploads/{pk}/").status_code == 404
        assert client.get("/admin/workbook/uploads/").context["uploads"] == []
        client.force_login(make_user("root", is_staff=True, is_superuser=True))
        assert client.get(f"/admin/workbook/uploads/{pk}/progress.json").status_code == 200
        assert len(client.get("/admin/workbook/uploads/").context["uploads"]) == 1

    def test_a_viewer_s_post_is_403(self, client, world, tayho, background):
        viewer = staff("staff_viewer", tayho, Membership.Role.VIEWER, perms=False)
        client.force_login(viewer)
        assert client.post(IMPORT, {"workbook": file(figures(1, 2, 3))}).status_code == 403
        assert client.get("/admin/workbook/uploads/").status_code == 403
        assert not WorkbookUpload.objects.exists()

    def test_a_bad_workbook_gives_its_errors_in_vietnamese(self, client, editor, background):
        client.force_login(editor)
        response = client.post(IMPORT, {"workbook": file(figures(1, 5, 2))}, follow=True)
        html = response.content.decode()
        assert "Kết quả quý, dòng 3, cột Quý: “5” không phải quý hợp lệ (1–4)." in html
        assert "1 lỗi: sẽ không nhập gì" in html and 'name="confirm"' not in html
        assert WorkbookUpload.objects.get().state == State.INVALID
        assert not Figure.objects.exists()

    def test_the_check_gives_exactly_the_import_s_errors(self, client, editor, world, background):
        content = xlsx({"Kết quả quý": [
            ["TAYHO", "2020-2025", "CT01", 2021, 1, "abc", None, None],
            ["TAYHO", "2020-2025", "CT09", 2021, 2, "5", None, None],
            ["NOWHERE", "2020-2025", "CT01", 2021, 3, "5", None, None],
            ["TAYHO", "2020-2025", "CT01", 2019, 4, "5", None, None],
        ]})  # fmt: skip
        client.force_login(editor)
        client.post(IMPORT, {"workbook": file(content)})
        checked = WorkbookUpload.objects.get()
        imported = workbook_import(sheets=read_workbook(io.BytesIO(content)), user=editor)
        assert not imported.written
        assert checked.errors == imported.error_lines and len(checked.errors) == 4
        assert checked.error_count == imported.error_count

    def test_the_confirmation_checks_the_cycle_again(self, client, editor, world, background):
        client.force_login(editor)
        client.post(IMPORT, {"workbook": file(figures(1, 2, 3))})
        upload = WorkbookUpload.objects.get()
        assert upload.state == State.CHECKED
        # Meanwhile the quarter is submitted: the editor may no longer write its figures.
        make_report(world, 2021, 2, status=QuarterlyReport.Status.SUBMITTED)
        confirm(client, upload.token)
        upload.refresh_from_db()
        assert upload.state == State.INVALID
        assert not Figure.objects.exists()
        again = workbook_import(sheets=read_workbook(io.BytesIO(figures(1, 2, 3))), user=editor)
        assert upload.errors == again.error_lines and len(upload.errors) == 1

    def test_a_task_that_breaks_leaves_the_upload_failed(
        self, client, editor, background, monkeypatch
    ):
        def broken(**kwargs):
            raise RuntimeError("the database went away")

        monkeypatch.setattr("targets.workbook.uploads.workbook_import", broken)
        client.force_login(editor)
        response = client.post(IMPORT, {"workbook": file(figures(1, 2, 3))}, follow=True)
        upload = WorkbookUpload.objects.get()
        assert (upload.state, upload.errors) == (State.FAILED, ["the database went away"])
        assert "thất bại" in response.content.decode()


class TestTheQueue:
    def test_the_page_says_when_no_worker_has_taken_the_work(
        self, client, editor, background, settings
    ):
        # A queue that nothing runs, as when no db_worker is started.
        settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
        client.force_login(editor)
        page = client.post(IMPORT, {"workbook": file(figures(1, 2, 3))}).url
        upload = WorkbookUpload.objects.get()
        assert upload.task_id and upload.state == State.CHECKING
        progress = client.get(page + "progress.json").json()
        assert (progress["running"], progress["waiting"]) == (True, True)
        html = client.get(page).content.decode()
        assert '<p id="upload-waiting">Đang chờ trong hàng đợi' in html
        # Taken by a worker (here: run by the test), it waits no more.
        check_workbook_upload.call(upload.pk)
        progress = client.get(page + "progress.json").json()
        assert (progress["state"], progress["waiting"]) == ("checked", False)


class TestQueries:
    def make(self, user, count: int):
        for number in range(count):
            WorkbookUpload.objects.create(
                user=user, name=f"{number}.xlsx", language="vi", data=b"x",
                token=f"{count:02d}{number:030d}", background=True, rows_total=10,
            )  # fmt: skip

    def test_the_progress_json_polled_every_second_costs_five_queries(
        self, client, editor, django_assert_num_queries
    ):
        self.make(editor, 1)
        pk = WorkbookUpload.objects.get().pk
        client.force_login(editor)
        # The session with its user, the user's and their groups' permissions (may they
        # import?), the upload without its file.
        with django_assert_num_queries(4) as captured:
            assert client.get(f"/admin/workbook/uploads/{pk}/progress.json").status_code == 200
        assert '"data"' not in captured.captured_queries[-1]["sql"]

    def test_the_list_of_uploads_costs_the_same_for_two_or_twenty(
        self, client, editor, django_assert_num_queries
    ):
        client.force_login(editor)
        self.make(editor, 2)
        # The session with its user, the user's and their groups' permissions, the uploads
        # with their user.
        with django_assert_num_queries(4):
            assert len(client.get("/admin/workbook/uploads/").context["uploads"]) == 2
        self.make(editor, 18)
        with django_assert_num_queries(4):
            assert len(client.get("/admin/workbook/uploads/").context["uploads"]) == 20


class TestALostWorker:
    """A worker stopped or killed mid-task leaves its task running in the queue forever (the
    import's transaction rolled back): after IMPORT_STALLED_MINUTES without progress the upload
    is failed, with a message in the uploader's language, and can be uploaded again."""

    STOPPED = "Quá trình nhập dừng lại trước khi xong"

    def taken(self, user, minutes_silent: int, settings, queued: bool = False) -> WorkbookUpload:
        # The dummy backend keeps tasks READY (waiting in the queue) unless told they ran.
        settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
        upload = WorkbookUpload.objects.create(
            user=user, name="lon.xlsx", language="vi", data=b"x", token="s" * 32,
            background=True, rows_total=9000, rows_checked=4000, state=State.IMPORTING,
            progress_at=timezone.now() - datetime.timedelta(minutes=minutes_silent),
        )  # fmt: skip
        if queued:
            from targets.tasks import import_workbook_upload
            from targets.workbook.uploads import upload_enqueue

            upload_enqueue(upload=upload, task=import_workbook_upload)
        return upload

    def test_a_silent_import_is_failed_and_says_to_upload_again(self, client, editor, settings):
        upload = self.taken(editor, 16, settings)
        client.force_login(editor)
        progress = client.get(f"/admin/workbook/uploads/{upload.pk}/progress.json").json()
        assert (progress["state"], progress["running"]) == ("failed", False)
        html = client.get(f"/admin/workbook/uploads/{upload.pk}/").content.decode()
        assert self.STOPPED in html and "tải bảng tính lên lại" in html
        upload.refresh_from_db()
        assert (upload.state, bytes(upload.data), upload.error_count) == (State.FAILED, b"", 1)
        assert not Figure.objects.exists()

    def test_the_list_shows_it_failed_too(self, client, editor, settings):
        upload = self.taken(editor, 60, settings)
        client.force_login(editor)
        client.get("/admin/workbook/uploads/")
        upload.refresh_from_db()
        assert upload.state == State.FAILED

    def test_an_import_that_progressed_lately_is_left_running(self, client, editor, settings):
        upload = self.taken(editor, 14, settings)
        client.force_login(editor)
        progress = client.get(f"/admin/workbook/uploads/{upload.pk}/progress.json").json()
        assert (progress["state"], progress["running"]) == ("importing", True)

    def test_one_still_waiting_in_the_queue_is_not_stalled(self, client, editor, settings):
        upload = self.taken(editor, 120, settings, queued=True)
        client.force_login(editor)
        progress = client.get(f"/admin/workbook/uploads/{upload.pk}/progress.json").json()
        assert (progress["state"], progress["waiting"]) == ("importing", True)

    def test_every_sign_of_progress_moves_its_clock(self, editor, settings):
        from targets.workbook.uploads import UploadProgress

        upload = self.taken(editor, 30, settings)
        UploadProgress(upload).rows_written(10)
        upload.refresh_from_db()
        assert timezone.now() - upload.progress_at < datetime.timedelta(minutes=1)
