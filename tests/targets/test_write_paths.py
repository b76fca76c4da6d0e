"""Every path that writes a figure obeys the cycle's one rule (targets.cycle), tried as each
role in each state of the quarter: the entry page, the admin's add, change, delete and history
revert, the per-sheet import, the whole-workbook import and the import_workbook command.

Every staff user here holds every model permission, so that only the rule decides. Each path
must let exactly the same cells through (an editor of the committee itself and a superuser, in
an open quarter), and a refused cell must change no row of any table, history included."""

import contextlib
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils.html import escape

from districts.models import Membership
from targets.cycle import NOT_AN_EDITOR, quarter_refusal
from targets.models import Figure, QuarterlyReport
from tests.conftest import FAST_HASHERS
from tests.factories import (
    make_committee,
    make_figure,
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


QUARTER = {"open": 2, "submitted": 3, "approved": 4}


class World:
    """Hà Nội and Tây Hồ below it, built once for the module: Tây Hồ's CT01 has a figure in
    each of 2021 Q2 (open), Q3 (submitted) and Q4 (approved), each 5 then 10 (two versions in
    its history); CT02 has none; one user per role."""

    def __init__(self):
        city = make_committee("HANOI", name="Đảng bộ thành phố Hà Nội")
        tayho = make_committee("TAYHO", parent=city, name="Đảng bộ quận Tây Hồ")
        self.term = make_term(tayho, 2020, 2025)
        self.ct01 = make_target(self.term, code="CT01")
        self.ct02 = make_target(self.term, code="CT02")
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
        self.figures, self.first_versions = {}, {}
        for state, quarter in QUARTER.items():
            figure = make_figure(self.ct01, 2021, quarter, 5)
            figure.value = Decimal(10)
            figure.save()
            self.figures[state] = figure
            self.first_versions[state] = figure.history.order_by("history_id").first()
        self.reports = {
            "open": None,
            "submitted": make_report(self.term, 2021, 3, status="submitted",
                                     submitted_by=self.users["editor"]),
            "approved": make_report(self.term, 2021, 4, status="approved",
                                    reviewed_by=self.users["reviewer"]),
        }  # fmt: skip


@dataclass
class Cell:
    """One quarter of the world, in one state."""

    world: World
    state: str
    tmp_path: object = None

    @property
    def quarter(self) -> int:
        return QUARTER[self.state]

    @property
    def figure(self) -> Figure:
        return self.world.figures[self.state]

    @property
    def report(self) -> QuarterlyReport | None:
        return self.world.reports[self.state]

    def ct01_value(self):
        figure = Figure.objects.filter(pk=self.figure.pk).first()
        return figure.value if figure else None


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world, rolled back after the module; each test runs in its own savepoint."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        yield World()
        transaction.set_rollback(True)


def snapshot() -> dict:
    """Every row of every table of ours (history included) and the admin's log; not the stored
    uploads, the imports' own record of an attempt (kept until they expire), nor the sessions
    of the users logging in."""
    tables = {}
    for model in apps.get_models():
        if model._meta.label in (
            "targets.WorkbookUpload",
            "targets.SheetPreview",
            "districts.Session",
        ):
            continue
        if model._meta.app_label in ("districts", "targets", "admin"):
            tables[model._meta.label] = sorted(map(repr, model.objects.order_by().values_list()))
    return tables


def figure_sheet(quarter: int, value="77") -> bytes:
    return xlsx({"Kết quả quý": [["TAYHO", "2020-2025", "CT01", 2021, quarter, value, None, None]]})


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("figures.xlsx", content, content_type="application/octet-stream")


# Each path: (client, cell, user) -> the text the user was answered; and whether it wrote.


def entry_page(client, cell, user):
    admin = Client()
    admin.force_login(cell.world.users["superuser"])
    page = admin.get(f"/committees/TAYHO/entry/2021/{cell.quarter}/")
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
        if form.initial["target"] == cell.world.ct01.pk:
            data[f"figures-{index}-value"] = "77"
    response = client.post(f"/committees/TAYHO/entry/2021/{cell.quarter}/", data, follow=True)
    return response.content.decode(), cell.ct01_value() == 77


def admin_add(client, cell, user):
    data = {
        "target": cell.world.ct02.pk,
        "year": 2021,
        "quarter": cell.quarter,
        "value": "77",
        "note": "",
    }
    response = client.post("/admin/targets/figure/add/", data)
    written = Figure.objects.filter(target=cell.world.ct02).exists()
    return response.content.decode(), written


def admin_change(client, cell, user):
    data = {
        "target": cell.world.ct01.pk,
        "year": 2021,
        "quarter": cell.quarter,
        "value": "77",
        "note": "",
    }
    response = client.post(f"/admin/targets/figure/{cell.figure.pk}/change/", data)
    return response.content.decode(), cell.ct01_value() == 77


def admin_delete(client, cell, user):
    response = client.post(f"/admin/targets/figure/{cell.figure.pk}/delete/", {"post": "yes"})
    return response.content.decode(), cell.ct01_value() is None


def history_revert(client, cell, user):
    version = cell.world.first_versions[cell.state]
    url = f"/admin/targets/figure/{cell.figure.pk}/history/{version.pk}/"
    data = {"target": cell.world.ct01.pk, "year": 2021, "quarter": cell.quarter, "value": "5"}
    response = client.post(url, {**data, "note": ""})
    return response.content.decode(), cell.ct01_value() == 5


def sheet_import(client, cell, user):
    response = client.post(
        "/admin/targets/figure/import/",
        {"import_file": upload(figure_sheet(cell.quarter)), "format": "0"},
    )
    text = response.content.decode()
    confirm = response.context.get("confirm_form") if response.context else None
    if confirm is not None:
        client.post("/admin/targets/figure/process_import/", {**confirm.initial,
                                                                   "confirm": "1"})  # fmt: skip
    return text, cell.ct01_value() == 77


def workbook_import(client, cell, user):
    response = client.post(
        "/admin/workbook/import/", {"workbook": upload(figure_sheet(cell.quarter))}
    )
    text = response.content.decode()
    token = response.context.get("token") if response.context else None
    if token:
        client.post("/admin/workbook/import/", {"confirm": "1", "token": token})
    return text, cell.ct01_value() == 77


def import_command(client, cell, user):
    path = cell.tmp_path / "figures.xlsx"
    path.write_bytes(figure_sheet(cell.quarter))
    err = io.StringIO()
    with contextlib.suppress(CommandError):
        call_command("import_workbook", str(path), "--user", user.username,
                     stdout=io.StringIO(), stderr=err)  # fmt: skip
    return err.getvalue(), cell.ct01_value() == 77


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
    client, world, db, tmp_path, path, role, state
):
    cell = Cell(world, state, tmp_path)
    user = world.users[role]
    client.force_login(user)
    before = snapshot()
    text, written = PATHS[path](client, cell, user)
    allowed = role in ("editor", "superuser") and state == "open"
    assert written == allowed
    if allowed:
        return
    assert snapshot() == before
    if path not in SAYS_WHY or role not in SEE_TAYHO:
        return
    if role in ("editor", "superuser"):
        expected = quarter_refusal(QuarterlyReport.objects.get(pk=cell.report.pk))
    else:
        expected = str(NOT_AN_EDITOR) % {"committee": "Đảng bộ quận Tây Hồ"}
    if path == "entry page" and role not in ("editor", "superuser"):
        return  # a 403: the page itself tells viewers they may not change the figures
    assert (expected if path == "import_workbook --user" else escape(expected)) in text


class TestHistoryRevert:
    """simple_history's form view saves a POST from anyone who may view the row; here a revert
    takes the change permission and the cycle's rights, and never touches a report."""

    @pytest.mark.parametrize("role", ROLES)
    def test_a_report_is_never_written_through_its_history(self, client, world, db, role):
        report = world.reports["submitted"]
        QuarterlyReport.objects.filter(pk=report.pk).update(status="approved")
        version = report.history.order_by("history_id").first()
        assert version.status == "submitted"
        client.force_login(world.users[role])
        before = snapshot()
        response = client.post(
            f"/admin/targets/quarterlyreport/{report.pk}/history/{version.pk}/",
            {"committee": report.committee_id, "term": report.term_id, "year": 2021,
             "quarter": 3, "status": "draft", "reviewed_by": world.users[role].pk},
        )  # fmt: skip
        assert response.status_code in (403, 404)
        assert snapshot() == before

    def target_form(self, world, name: str) -> dict:
        """The history form of CT01 as the admin shows it, with another name."""
        target = world.ct01
        data = {field.name: field.value_from_object(target) for field in target._meta.fields}
        data = {key: "" if value is None else value for key, value in data.items()}
        data.update(name=name, term=world.term.pk)
        for prefix in ("plans", "revisions"):
            data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
        return data

    def renamed(self, world):
        target = world.ct01
        old_name = target.name
        target.name = "Tên mới"
        target.save()
        return target, old_name, target.history.order_by("history_id").first()

    def test_a_viewer_with_the_view_permission_only_cannot_revert_a_target(self, client, world, db):
        viewer = world.users["viewer"]
        viewer.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
        target, _old, version = self.renamed(world)
        client.force_login(viewer)
        url = f"/admin/targets/target/{target.pk}/history/{version.pk}/"
        assert client.get(url).status_code == 200
        before = snapshot()
        assert client.post(url, self.target_form(world, "Đổi tên")).status_code == 403
        assert snapshot() == before

    def test_an_editor_with_the_change_permission_reverts_a_target_with_a_reason(
        self, client, world, db
    ):
        target, old_name, version = self.renamed(world)
        client.force_login(world.users["editor"])
        url = f"/admin/targets/target/{target.pk}/history/{version.pk}/"
        response = client.post(url, self.target_form(world, old_name))
        assert response.status_code == 302, response.context["adminform"].form.errors
        target.refresh_from_db()
        assert target.name == old_name
        assert target.history.first().history_change_reason.startswith(
            "Khôi phục trong trang quản trị về phiên bản lúc"
        )

    @pytest.mark.parametrize("version", ["²", "999999", "abc"])
    def test_a_garbage_version_is_404(self, client, world, db, version):
        client.force_login(world.users["superuser"])
        url = f"/admin/targets/figure/{world.figures['open'].pk}/history/{version}/"
        assert client.get(url).status_code == 404


def test_each_write_records_its_reason(client, world, db, tmp_path):
    cell = Cell(world, "open", tmp_path)
    editor = world.users["editor"]
    client.force_login(editor)

    def reason():
        history = Figure.history.filter(id=cell.figure.pk).order_by("-history_id")
        return history.values_list("history_change_reason", flat=True).first()

    entry_page(client, cell, editor)
    assert reason() == "Nhập trên trang nhập số liệu"
    admin_change(client, cell, editor)  # 77 again, saved by the admin
    assert reason() == "Sửa trong trang quản trị"
    import_command(client, cell, editor)
    assert reason() == "Sửa trong trang quản trị"  # the same 77: the import changes nothing
    client.post(f"/admin/targets/figure/{cell.figure.pk}/delete/", {"post": "yes"})
    assert reason() == "Xóa trong trang quản trị"
    import_command(client, cell, editor)
    figure = Figure.objects.get(target=world.ct01, year=2021, quarter=2)
    assert figure.history.first().history_change_reason == (
        "Nhập bằng lệnh import_workbook từ tệp figures.xlsx"
    )
    assert figure.history.first().history_user == editor
