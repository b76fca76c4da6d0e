"""The engine's results are cached per committee term; every write path moves the term's data
version, so the next page shows the write. Each test first opens the pages (filling the cache),
writes through one path as a user would, and opens them again."""

import datetime
import json
import os
import re
import socket
import subprocess
import sys
import uuid
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from districts.models import Term
from targets.models import AnnualPlan, Figure, QuarterlyReport
from targets.templatetags.figures import EMPTY
from tests.factories import (
    make_committee,
    make_figure,
    make_plan,
    make_target,
    make_term,
    make_user,
)
from tests.targets.test_entry_views import form_data
from tests.workbooks import xlsx

pytestmark = pytest.mark.django_db
API = "/api/progress?committee=TAYHO&term=2020-2025&year=2021&quarter=1"


@pytest.fixture
def city_term(city):
    return make_term(city, 2020, 2025)


@pytest.fixture
def target(tayho_term, city_term):
    target = make_target(tayho_term, code="CT01", term_target=Decimal(400))
    make_plan(target, 2021, 100)
    make_figure(target, 2021, 1, 10)
    return target


@pytest.fixture
def admin_client(client, target):
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    return client


def shown(client, url=API) -> dict:
    """CT01 as the progress API shows it (the dashboard's, report's and API's reads)."""
    response = client.get(url)
    assert response.status_code == 200
    return json.loads(response.content, parse_float=Decimal)["targets"][0]


def on_dashboard(client, quarter=1) -> str:
    """CT01's value of the year as the dashboard's (cached) table shows it."""
    html = client.get(f"/committees/TAYHO/?term=2020-2025&year=2021&quarter={quarter}")
    cell = re.search(r'data-field="year_value">([^<]*)<', html.content.decode())
    return cell.group(1).strip()


def overview_row(client):
    response = client.get("/committees/HANOI/overview/?term=2020-2025&year=2021&quarter=1")
    return next(row for row in response.context["rows"] if row.committee.code == "TAYHO")


def version(term) -> int:
    return Term.objects.get(pk=term.pk).data_version


class TestTheNextPageShowsEveryWrite:
    def test_an_entry_save(self, client, target, tayho_editor):
        client.force_login(tayho_editor)
        assert client.get("/committees/TAYHO/").context["quarter"] == 1
        assert on_dashboard(client, quarter=2) == "10"
        url = "/committees/TAYHO/entry/2021/2/"
        client.post(url, {**form_data(client.get(url), **{"0-value": "7"}), "save": ""})
        # The dashboard moves to the new latest quarter and shows its figure.
        page = client.get("/committees/TAYHO/")
        assert (page.context["year"], page.context["quarter"]) == (2021, 2)
        assert shown(client, API.replace("quarter=1", "quarter=2"))["year_value"] == 17
        assert on_dashboard(client, quarter=2) == "17"

    def test_the_review_steps(self, client, target, tayho_editor, city_reviewer):
        report = QuarterlyReport.objects.create(
            committee=target.term.committee, term=target.term, year=2021, quarter=1,
            status=QuarterlyReport.Status.SUBMITTED,
        )  # fmt: skip
        client.force_login(city_reviewer)
        assert overview_row(client).report_status == "submitted"
        before = version(target.term)
        client.post(f"/review/{report.pk}/approve/")
        assert overview_row(client).report_status == "approved"
        assert version(target.term) > before
        admin = make_user("root", is_superuser=True, is_staff=True)
        client.force_login(admin)
        client.post(f"/review/{report.pk}/reopen/", {"reason": "Sai số liệu"})
        assert overview_row(client).report_status == "returned"
        report.status = QuarterlyReport.Status.SUBMITTED
        report.save()
        client.force_login(city_reviewer)
        overview_row(client)
        before = version(target.term)
        client.post(f"/review/{report.pk}/return/", {"comment": "Sửa CT01"})
        assert overview_row(client).report_status == "returned"
        assert version(target.term) > before

    def test_a_workbook_import(self, admin_client):
        assert overview_row(admin_client).summary.annual.no_data == 0
        assert shown(admin_client)["year_value"] == 10
        assert on_dashboard(admin_client) == "10"
        content = xlsx(
            {"Kết quả quý": [["TAYHO", "2020-2025", "CT01", 2021, 1, "120", None, None]]}
        )
        upload = SimpleUploadedFile("g.xlsx", content, content_type="application/octet-stream")
        response = admin_client.post("/admin/workbook/import/", {"workbook": upload})
        admin_client.post(
            "/admin/workbook/import/", {"confirm": "1", "token": response.context["token"]}
        )
        assert shown(admin_client)["year_value"] == 120
        assert on_dashboard(admin_client) == "120"
        assert overview_row(admin_client).summary.annual.exceeded == 1

    def test_a_sheet_import_in_the_admin(self, admin_client):
        assert shown(admin_client)["year_value"] == 10
        assert on_dashboard(admin_client) == "10"
        content = xlsx({"Kết quả quý": [["TAYHO", "2020-2025", "CT01", 2021, 1, "30", None, None]]})
        upload = SimpleUploadedFile("f.xlsx", content, content_type="application/octet-stream")
        response = admin_client.post(
            "/admin/targets/figure/import/", {"import_file": upload, "format": "0"}
        )
        confirm = response.context["confirm_form"]
        admin_client.post(
            "/admin/targets/figure/process_import/", {**confirm.initial, "confirm": "1"}
        )
        assert shown(admin_client)["year_value"] == 30
        assert on_dashboard(admin_client) == "30"

    def test_an_admin_change_of_a_figure_and_a_plan(self, admin_client, target):
        figure = Figure.objects.get(target=target)
        assert shown(admin_client)["year_value"] == 10
        assert on_dashboard(admin_client) == "10"
        admin_client.post(
            f"/admin/targets/figure/{figure.pk}/change/",
            {"target": target.pk, "year": 2021, "quarter": 1, "value": "55", "note": ""},
        )
        assert shown(admin_client)["year_value"] == 55
        assert on_dashboard(admin_client) == "55"
        plan = AnnualPlan.objects.get(target=target)
        admin_client.post(
            f"/admin/targets/annualplan/{plan.pk}/change/",
            {"target": target.pk, "year": 2021, "value": "110"},
        )
        assert shown(admin_client)["annual_plan"] == 110

    def test_an_admin_delete_of_one_figure(self, admin_client, target):
        figure = Figure.objects.get(target=target)
        assert on_dashboard(admin_client) == "10"
        admin_client.post(f"/admin/targets/figure/{figure.pk}/delete/", {"post": "yes"})
        assert not Figure.objects.exists()
        assert shown(admin_client)["year_value"] is None
        assert on_dashboard(admin_client) == EMPTY

    def test_an_admin_delete_of_selected_figures(self, admin_client, target):
        figure = Figure.objects.get(target=target)
        assert shown(admin_client)["year_value"] == 10
        admin_client.post(
            "/admin/targets/figure/",
            {"action": "delete_selected", "_selected_action": [figure.pk], "post": "yes"},
        )
        assert not Figure.objects.exists()
        assert shown(admin_client)["year_value"] is None

    def test_a_target_s_page_and_its_parent_s_children(self, admin_client, target, city_term):
        city_target = make_target(city_term, code="CT01")
        target.parent = city_target
        target.save()
        url = "/committees/HANOI/targets/CT01/?term=2020-2025&year=2021&quarter=1"
        children = admin_client.get(url).context["detail"].children_ranked
        assert children[0].progress.year_value == 10
        figure = Figure.objects.get(target=target)
        admin_client.post(
            f"/admin/targets/figure/{figure.pk}/change/",
            {"target": target.pk, "year": 2021, "quarter": 1, "value": "66", "note": ""},
        )
        children = admin_client.get(url).context["detail"].children_ranked
        assert children[0].progress.year_value == 66


class TestTheKeptDashboardFollowsWhoLooks:
    """The dashboard below the moment picker is kept whole: never shown to a user whose rights
    there differ from those it was kept for, nor for another committee, day or language."""

    BUTTON = 'id="enter-next"'  # the editor's button to the next quarter to enter

    def test_an_editor_s_button_is_never_shown_to_a_viewer(
        self, client, target, tayho_editor, city_viewer
    ):
        client.force_login(tayho_editor)
        assert self.BUTTON in client.get("/committees/TAYHO/").content.decode()
        client.force_login(city_viewer)
        assert self.BUTTON not in client.get("/committees/TAYHO/").content.decode()

    def test_a_viewer_s_page_is_never_shown_to_the_editor(
        self, client, target, tayho_editor, city_viewer
    ):
        client.force_login(city_viewer)
        assert self.BUTTON not in client.get("/committees/TAYHO/").content.decode()
        client.force_login(tayho_editor)
        assert self.BUTTON in client.get("/committees/TAYHO/").content.decode()

    def test_another_committee_s_page_is_its_own(self, admin_client, target, city_term):
        make_target(city_term, code="CT77", name="Chỉ tiêu của thành phố")
        tayho = admin_client.get("/committees/TAYHO/?term=2020-2025").content.decode()
        city = admin_client.get("/committees/HANOI/?term=2020-2025").content.decode()
        assert "CT01" in tayho and "CT77" not in tayho
        assert "CT77" in city and 'data-target="CT01"' not in city

    def test_a_committee_added_below_shows_its_link(self, admin_client, target):
        link = "/committees/TAYHO/overview/"
        assert link not in admin_client.get("/committees/TAYHO/").content.decode()
        make_committee("PHUTHUONG", parent=target.term.committee)
        assert link in admin_client.get("/committees/TAYHO/").content.decode()

    def test_each_language_has_its_own(self, admin_client, target, settings):
        assert "Năm 2021" in admin_client.get("/committees/TAYHO/").content.decode()
        admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        html = admin_client.get("/committees/TAYHO/").content.decode()
        assert "Year 2021" in html and "Năm 2021" not in html

    def test_the_overdue_quarters_follow_the_date(self, client, target, tayho_editor, monkeypatch):
        client.force_login(tayho_editor)
        url = "/committees/TAYHO/?term=2020-2025&year=2021&quarter=4"
        monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2021, 10, 1))
        assert 'id="overdue"' in client.get(url).content.decode()  # 2020's quarters
        early = client.get(url).content.decode()
        monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2022, 6, 1))
        late = client.get(url).content.decode()
        assert early.count("/entry/2021/") < late.count("/entry/2021/")


# The second visit of each page reads the engine's results from the cache: what remains is one
# statement (the session with its user, the committee with its terms, the user's rights there,
# where they stand (the header) and the header's count of quarters waiting for this reviewer),
# and what the page shows besides the numbers.
WARM_QUERIES = {
    # + the terms of the committees below (their data versions): the page is kept whole
    "/committees/HANOI/overview/": 2,
    # + nothing: the page below the moment picker is kept whole (its key: the term's data
    # version, the moment asked for, the date, the language, the user's rights there)
    "/committees/TAYHO/": 1,
    # + the targets below (their data versions): the page is kept whole
    "/committees/TAYHO/targets/CT01/": 2,
    # + targets, the quarter's report
    "/committees/TAYHO/report/": 3,
    # the session with its user, the committee with its terms, targets (no header: not a
    # committee page, the session read on its own)
    "/api/progress?committee=TAYHO": 3,
}


@pytest.mark.parametrize("url", WARM_QUERIES)
def test_a_second_visit_makes_fewer_queries(admin_client, url, django_assert_num_queries):
    assert admin_client.get(url).status_code == 200
    with django_assert_num_queries(WARM_QUERIES[url]):
        assert admin_client.get(url).status_code == 200


def _redis_is_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_is_up(), reason="no Redis at 127.0.0.1:6379")
def test_with_redis_url_two_processes_share_the_cache():
    key = f"test-shared-{uuid.uuid4().hex}"

    def shell(code: str) -> str:
        env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/15"}
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    backend = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    assert shell(backend) == "django.core.cache.backends.redis.RedisCache"
    shell(f"from django.core.cache import cache; cache.set({key!r}, 'shared', 60)")
    assert shell(f"from django.core.cache import cache; print(cache.get({key!r}))") == "shared"


def test_the_code_version_covers_the_engine_s_modules():
    from targets import progress_cache

    sources = {path.relative_to(settings.BASE_DIR).as_posix() for path in progress_cache._SOURCES}
    assert {"targets/progress/__init__.py", "targets/progress_cache.py"} <= sources
    assert "templates/targets/dashboard_body.html" in sources
    # Kept pages hold the layout and the header (who stands where) and name the static files.
    assert {"templates/base.html", "static/targets/app.js", "districts/access.py"} <= sources


def test_a_revision_in_the_admin(admin_client, target):
    """A revised term target shows on the next (kept) dashboard and in the API."""
    url = "/committees/TAYHO/?term=2020-2025&year=2021&quarter=1"
    assert 'data-field="term_target">400' in admin_client.get(url).content.decode()
    admin_client.get(url)  # kept
    response = admin_client.post(
        "/admin/targets/revision/add/",
        {"target": target.pk, "plan_year": "", "value": "500", "from_year": 2021,
         "from_quarter": 1, "basis": "Nghị quyết số 15-NQ/QU ngày 07/4/2021"},
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert shown(admin_client)["term_target"] == 500
    assert 'data-field="term_target">500' in admin_client.get(url).content.decode()
