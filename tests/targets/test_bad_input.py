"""Bad input never answers 500: digits of other scripts, out-of-range numbers and garbage ids
get a 400 or a 404 with a Vietnamese message, and forms that changed while they were open say
what happened. Each case here was once a server error."""

import pytest

from targets.models import Figure, QuarterlyReport
from targets.services import TARGETS_CHANGED
from tests.factories import make_figure, make_plan, make_report, make_target

pytestmark = pytest.mark.django_db

PAGES = [
    "/committees/TAYHO/",
    "/committees/HANOI/overview/",
    "/committees/TAYHO/report/",
    "/committees/TAYHO/report/?format=xlsx&",
    "/committees/TAYHO/targets/CT01/",
]
BAD_MOMENTS = [
    "year=²",
    "quarter=²",
    "year=٢٠٢١",  # Arabic-Indic digits: int() takes them, we do not
    "year=2021&quarter=٣",
    "year=99999",
    "year=1",
    "year=" + "9" * 5000,
    "year=2021&quarter=9",
    "year=2021&quarter=0",
    "year=-1",
    "term=²²²²-2025",
    "term=٢٠٢٠-٢٠٢٥",
    "term=garbage",
]


@pytest.fixture
def tayho_figures(tayho_term):
    target = make_target(tayho_term, code="CT01")
    make_plan(target, 2021, 100)
    make_figure(target, 2021, 1, 20)
    return target


# Every bad moment on the dashboard, the two of the issue on every page: they share one parser.
CASES = [("/committees/TAYHO/", moment) for moment in BAD_MOMENTS] + [
    (page, moment) for page in PAGES[1:] for moment in ("year=²", "quarter=²")
]


@pytest.mark.parametrize(("page", "moment"), CASES)
def test_a_bad_moment_is_a_400_with_a_message(client, tayho_figures, city_viewer, page, moment):
    client.force_login(city_viewer)
    separator = "" if page.endswith("&") else "?"
    response = client.get(page + separator + moment)
    assert response.status_code == 400
    assert "Không hiển thị được trang này" in response.content.decode()


@pytest.mark.parametrize("moment", BAD_MOMENTS)
def test_the_api_answers_a_bad_moment_with_a_400_in_vietnamese(
    client, tayho_figures, city_viewer, moment
):
    client.force_login(city_viewer)
    response = client.get(f"/api/progress?committee=TAYHO&{moment}")
    assert response.status_code == 400
    assert response.json()["error"]


def test_a_bad_moment_message_names_the_parameter(client, tayho_figures, city_viewer):
    client.force_login(city_viewer)
    response = client.get("/api/progress?committee=TAYHO&year=²")
    assert response.json() == {"error": "year phải là số nguyên, không phải “²”."}


@pytest.mark.parametrize("code", ["²", "NOWHERE", "%00"])
def test_a_garbage_committee_is_a_404_in_vietnamese(client, city_viewer, code):
    client.force_login(city_viewer)
    response = client.get(f"/committees/{code}/")
    assert response.status_code == 404
    assert "Không có đảng bộ này." in response.content.decode()


@pytest.mark.parametrize("code", ["²", "%00", "NOWHERE"])
def test_a_garbage_target_is_a_404_in_vietnamese(client, tayho_figures, city_viewer, code):
    client.force_login(city_viewer)
    response = client.get(f"/committees/TAYHO/targets/{code}/")
    assert response.status_code == 404
    assert "Không có chỉ tiêu này." in response.content.decode()


@pytest.mark.parametrize("code", ["%00", "²"])
def test_the_api_answers_a_garbage_committee_with_a_404(client, city_viewer, code):
    client.force_login(city_viewer)
    response = client.get(f"/api/progress?committee={code}")
    assert response.status_code == 404
    assert response.json() == {"error": "Không có đảng bộ này."}


@pytest.mark.parametrize("term", ["²", "٣", "abc", "99999999999999999999999", "0"])
def test_the_workbook_export_answers_a_garbage_term_with_a_404(client, admin_user, term):
    client.force_login(admin_user)
    response = client.get(f"/admin/workbook/export/?term={term}")
    assert response.status_code == 404
    assert "Không có nhiệm kỳ này." in response.content.decode()


@pytest.mark.parametrize("garbage", ["²", "٣", "x", "", "9" * 40])
def test_bulk_approval_with_a_garbage_report_says_so(client, tayho_figures, city_reviewer, garbage):
    report = make_report(tayho_figures.term, 2021, 1, status="submitted")
    client.force_login(city_reviewer)
    response = client.post("/review/", {"report": garbage}, follow=True)
    assert response.status_code == 200
    assert "Hãy chọn các quý cần duyệt." in response.content.decode()
    report.refresh_from_db()
    assert report.status == "submitted"


class TestFormsThatChangedWhileOpen:
    URL = "/committees/TAYHO/entry/2021/2/"

    def form(self, client, value="30"):
        page = client.get(self.URL)
        formset = page.context["formset"]
        data = {
            "figures-TOTAL_FORMS": str(formset.total_form_count()),
            "figures-INITIAL_FORMS": str(formset.initial_form_count()),
        }
        for index, form in enumerate(formset.forms):
            data[f"figures-{index}-target"] = form.initial["target"]
            data[f"figures-{index}-seen"] = form.initial["seen"]
            data[f"figures-{index}-value"] = value
            data[f"figures-{index}-note"] = ""
        return data

    def test_a_target_added_while_the_page_was_open(self, client, tayho_figures, tayho_editor):
        client.force_login(tayho_editor)
        data = self.form(client, value="abc")  # a bad number: the page is shown again
        make_target(tayho_figures.term, code="CT02")
        response = client.post(self.URL, data, follow=True)
        html = response.content.decode()
        assert str(TARGETS_CHANGED) in html.replace("&#x27;", "'")
        assert 'data-target="CT02"' in html
        assert not Figure.objects.filter(year=2021, quarter=2).exists()

    def test_a_target_removed_while_the_page_was_open(self, client, tayho_figures, tayho_editor):
        extra = make_target(tayho_figures.term, code="CT02")
        client.force_login(tayho_editor)
        data = self.form(client)
        extra.delete()
        response = client.post(self.URL, data, follow=True)
        assert str(TARGETS_CHANGED) in response.content.decode().replace("&#x27;", "'")
        assert not Figure.objects.filter(year=2021, quarter=2).exists()

    def test_a_quarter_submitted_while_the_page_was_open(self, client, tayho_figures, tayho_editor):
        client.force_login(tayho_editor)
        data = self.form(client)
        make_report(tayho_figures.term, 2021, 2, status="submitted", submitted_by=tayho_editor)
        response = client.post(self.URL, data, follow=True)
        assert "đang chờ duyệt" in response.content.decode()
        assert not Figure.objects.filter(year=2021, quarter=2).exists()

    def test_a_report_returned_while_its_review_page_was_open(
        self, client, tayho_figures, city_reviewer
    ):
        report = make_report(tayho_figures.term, 2021, 1, status="submitted")
        client.force_login(city_reviewer)
        assert client.get(f"/review/{report.pk}/").status_code == 200
        QuarterlyReport.objects.filter(pk=report.pk).update(status="returned")
        response = client.post(f"/review/{report.pk}/approve/", follow=True)
        assert "không ở trạng thái chờ duyệt" in response.content.decode()
        report.refresh_from_db()
        assert report.status == "returned"
