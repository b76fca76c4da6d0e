"""Every path that writes a figure obeys the cycle's one rule (targets.cycle), tried as each
role in each state of the quarter: the entry page, the admin's add, change, delete and history
revert, the per-sheet import, the whole-workbook import and the import_workbook command.

Every staff user here holds every model permission, so that only the rule decides. Each path
must let exactly the same cells through (an editor of the committee itself and a superuser, in
an open quarter), and a refused cell must change no row of any table, history included."""

import contextlib
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils.html import escape

from districts.models import Membership
from targets.cycle import NOT_AN_EDITOR, quarter_refusal
from targets.models import Measurement, QuarterlyReport
from tests.factories import (
    make_committee,
    make_measurement,
    make_membership,
    make_report,
    make_target,
    make_term,
    make_user,
)
from tests.workbooks import xlsx

pytestmark = pytest.mark.django_db

ROLES = ["viewer", "editor", "editor_above", "reviewer", "staff_without_membership", "superuser"]
STATES = ["open", "submitted", "approved"]
# The roles that see Tây Hồ: a refusal they meet names the rule's reason.
SEE_TAYHO = {"viewer", "editor", "editor_above", "reviewer", "superuser"}


class World:
    """Hà Nội and Tây Hồ below it; Tây Hồ's CT01 has a figure for 2021 Q2 (5, then 10: two
    versions in its history), CT02 has none yet; one user per role."""

    def __init__(self, state: str):
        city = make_committee("HANOI", name="Đảng bộ thành phố Hà Nội")
        tayho = make_committee("TAYHO", parent=city, name="Đảng bộ quận Tây Hồ")
        self.term = make_term(tayho, 2020, 2025)
        self.ct01 = make_target(self.term, code="CT01")
        self.ct02 = make_target(self.term, code="CT02")
        self.figure = make_measurement(self.ct01, 2021, 2, 5)
        self.figure.value = Decimal(10)
        self.figure.save()
        self.first_version = self.figure.history.order_by("history_id").first()
        permissions = list(
            Permission.objects.filter(content_type__app_label__in=["districts", "targets"])
        )
        self.users = {}
        memberships = {
            "viewer": (city, Membership.Role.VIEWER),
            "editor": (tayho, Membership.Role.EDITOR),
            "editor_above": (city, Membership.Role.EDITOR),
            "reviewer": (city, Membership.Role.REVIEWER),
        }
        for role in ROLES:
            user = make_user(role, is_staff=True, is_superuser=role == "superuser")
            user.user_permissions.set(permissions)
            if role in memberships:
                make_membership(user, *memberships[role])
            self.users[role] = user
        self.report = None
        if state == "submitted":
            self.report = make_report(self.term, 2021, 2, status="submitted",
                                      submitted_by=self.users["editor"])  # fmt: skip
        elif state == "approved":
            self.report = make_report(self.term, 2021, 2, status="approved",
                                      reviewed_by=self.users["reviewer"])  # fmt: skip

    def ct01_value(self):
        figure = Measurement.objects.filter(pk=self.figure.pk).first()
        return figure.value if figure else None


def snapshot() -> dict:
    """Every row of every table of ours (history included) and the admin's log."""
    tables = {}
    for model in apps.get_models():
        if model._meta.app_label in ("districts", "targets", "admin"):
            tables[model._meta.label] = sorted(map(repr, model.objects.order_by().values_list()))
    return tables


def figure_sheet(value="77") -> bytes:
    return xlsx({"Kết quả quý": [["TAYHO", "2020-2025", "CT01", 2021, 2, value, None, None]]})


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("figures.xlsx", content, content_type="application/octet-stream")


# Each path: (client, world, user) -> the text the user was answered; and whether it wrote.


def entry_page(client, world, user):
    admin = Client()
    admin.force_login(world.users["superuser"])
    page = admin.get("/committees/TAYHO/entry/2021/2/")
    formset = page.context["formset"]
    data = {
        "figures-TOTAL_FORMS": str(formset.total_form_count()),
        "figures-INITIAL_FORMS": str(formset.initial_form_count()),
        "assessment": "",
    }
    for index, form in enumerate(formset.forms):
        data[f"figures-{index}-target"] = form.initial["target"]
        data[f"figures-{index}-seen"] = form.initial["seen"]
        value = form.initial["value"]
        data[f"figures-{index}-value"] = "" if value is None else str(value).replace(".", ",")
        data[f"figures-{index}-note"] = form.initial["note"]
        if form.initial["target"] == world.ct01.pk:
            data[f"figures-{index}-value"] = "77"
    response = client.post("/committees/TAYHO/entry/2021/2/", data, follow=True)
    return response.content.decode(), world.ct01_value() == 77


def admin_add(client, world, user):
    data = {"target": world.ct02.pk, "year": 2021, "quarter": 2, "value": "77", "note": ""}
    response = client.post("/admin/targets/measurement/add/", data)
    written = Measurement.objects.filter(target=world.ct02).exists()
    return response.content.decode(), written


def admin_change(client, world, user):
    data = {"target": world.ct01.pk, "year": 2021, "quarter": 2, "value": "77", "note": ""}
    response = client.post(f"/admin/targets/measurement/{world.figure.pk}/change/", data)
    return response.content.decode(), world.ct01_value() == 77


def admin_delete(client, world, user):
    response = client.post(f"/admin/targets/measurement/{world.figure.pk}/delete/", {"post": "yes"})
    return response.content.decode(), world.ct01_value() is None


def history_revert(client, world, user):
    url = f"/admin/targets/measurement/{world.figure.pk}/history/{world.first_version.pk}/"
    response = client.post(url, {
        "target": world.ct01.pk, "year": 2021, "quarter": 2, "value": "5", "note": ""})  # fmt: skip
    return response.content.decode(), world.ct01_value() == 5


def sheet_import(client, world, user):
    response = client.post(
        "/admin/targets/measurement/import/",
        {"import_file": upload(figure_sheet()), "format": "0"},
    )
    text = response.content.decode()
    confirm = response.context.get("confirm_form") if response.context else None
    if confirm is not None:
        client.post("/admin/targets/measurement/process_import/", {**confirm.initial,
                                                                   "confirm": "1"})  # fmt: skip
    return text, world.ct01_value() == 77


def workbook_import(client, world, user):
    response = client.post("/admin/workbook/import/", {"workbook": upload(figure_sheet())})
    text = response.content.decode()
    token = response.context.get("token") if response.context else None
    if token:
        client.post("/admin/workbook/import/", {"confirm": "1", "token": token})
    return text, world.ct01_value() == 77


def import_command(client, world, user):
    path = world.tmp_path / "figures.xlsx"
    path.write_bytes(figure_sheet())
    err = io.StringIO()
    with contextlib.suppress(CommandError):
        call_command("import_workbook", str(path), "--user", user.username,
                     stdout=io.StringIO(), stderr=err)  # fmt: skip
    return err.getvalue(), world.ct01_value() == 77


PATHS = {
    "entry page": entry_page,
    "admin add": admin_add,
    "admin change": admin_change,
    "admin delete": admin_delete,
    "admin history revert": history_revert,
    "admin sheet import": sheet_import,
    "workbook import": workbook_import,
    "import_workbook --user": import_command,
}
# Paths that answer with the reason (the others answer 403 or 404 to a refused user).
SAYS_WHY = {"entry page", "admin add", "admin sheet import", "workbook import",
            "import_workbook --user"}  # fmt: skip


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", list(PATHS))
def test_each_path_refuses_the_same_cells_and_writes_nothing_when_it_does(
    client, tmp_path, path, role, state
):
    world = World(state)
    world.tmp_path = tmp_path
    user = world.users[role]
    client.force_login(user)
    before = snapshot()
    text, written = PATHS[path](client, world, user)
    allowed = role in ("editor", "superuser") and state == "open"
    assert written == allowed
    if allowed:
        return
    assert snapshot() == before
    if path not in SAYS_WHY or role not in SEE_TAYHO:
        return
    if role in ("editor", "superuser"):
        expected = quarter_refusal(QuarterlyReport.objects.get(pk=world.report.pk))
    else:
        expected = str(NOT_AN_EDITOR) % {"committee": "Đảng bộ quận Tây Hồ"}
    if path == "entry page" and role not in ("editor", "superuser"):
        return  # a 403: the page itself tells viewers they may not change the figures
    assert (expected if path == "import_workbook --user" else escape(expected)) in text


class TestHistoryRevert:
    """simple_history's form view saves a POST from anyone who may view the row; here a revert
    takes the change permission and the cycle's rights, and never touches a report."""

    @pytest.mark.parametrize("role", ROLES)
    def test_a_report_is_never_written_through_its_history(self, client, role):
        world = World("submitted")
        report = world.report
        report.status = "approved"
        report.save()
        version = report.history.order_by("history_id").first()
        assert version.status == "submitted"
        client.force_login(world.users[role])
        before = snapshot()
        response = client.post(
            f"/admin/targets/quarterlyreport/{report.pk}/history/{version.pk}/",
            {"committee": report.committee_id, "term": report.term_id, "year": 2021,
             "quarter": 2, "status": "draft", "reviewed_by": world.users[role].pk},
        )  # fmt: skip
        assert response.status_code in (403, 404)
        assert snapshot() == before

    def test_a_viewer_with_the_view_permission_only_cannot_revert_a_target(self, client):
        world = World("open")
        viewer = world.users["viewer"]
        viewer.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
        target = world.ct01
        target.name = "Tên mới"
        target.save()
        version = target.history.order_by("history_id").first()
        client.force_login(viewer)
        url = f"/admin/targets/target/{target.pk}/history/{version.pk}/"
        assert client.get(url).status_code == 200
        before = snapshot()
        data = {"term": world.term.pk, "code": "CT01", "name": "Đổi tên", "group": "other",
                "aggregation": "sum", "direction": "up", "unit": "",
                "plans-TOTAL_FORMS": "0", "plans-INITIAL_FORMS": "0"}  # fmt: skip
        assert client.post(url, data).status_code == 403
        assert snapshot() == before

    def test_an_editor_with_the_change_permission_reverts_a_target_with_a_reason(self, client):
        world = World("open")
        target = world.ct01
        old_name = target.name
        target.name = "Tên mới"
        target.save()
        version = target.history.order_by("history_id").first()
        client.force_login(world.users["editor"])
        data = {"term": world.term.pk, "code": "CT01", "name": old_name, "group": "other",
                "aggregation": "sum", "direction": "up", "unit": "",
                "plans-TOTAL_FORMS": "0", "plans-INITIAL_FORMS": "0"}  # fmt: skip
        response = client.post(f"/admin/targets/target/{target.pk}/history/{version.pk}/", data)
        assert response.status_code == 302, response.content.decode()[:3000]
        target.refresh_from_db()
        assert target.name == old_name
        assert target.history.first().history_change_reason.startswith(
            "Khôi phục trong trang quản trị về phiên bản lúc"
        )

    @pytest.mark.parametrize("version", ["²", "999999", "abc"])
    def test_a_garbage_version_is_404(self, client, version):
        world = World("open")
        client.force_login(world.users["superuser"])
        url = f"/admin/targets/measurement/{world.figure.pk}/history/{version}/"
        assert client.get(url).status_code == 404


def test_each_write_records_its_reason(client, tmp_path):
    world = World("open")
    world.tmp_path = tmp_path
    editor = world.users["editor"]
    client.force_login(editor)

    def reason():
        history = Measurement.history.filter(id=world.figure.pk).order_by("-history_id")
        return history.values_list("history_change_reason", flat=True).first()

    entry_page(client, world, editor)
    assert reason() == "Nhập trên trang nhập số liệu"
    admin_change(client, world, editor)  # 77 again, saved by the admin
    assert reason() == "Sửa trong trang quản trị"
    world.figure.refresh_from_db()
    import_command(client, world, editor)
    assert reason() == "Sửa trong trang quản trị"  # the same 77: the import changes nothing
    client.post(f"/admin/targets/measurement/{world.figure.pk}/delete/", {"post": "yes"})
    assert reason() == "Xóa trong trang quản trị"
    import_command(client, world, editor)
    figure = Measurement.objects.get(target=world.ct01, year=2021, quarter=2)
    assert figure.history.first().history_change_reason == (
        "Nhập bằng lệnh import_workbook từ tệp figures.xlsx"
    )
    assert figure.history.first().history_user == editor
